//! The study experience, as the server gives it: marks that are signal (one per concept per def,
//! every pitfall, nothing but the migration in a migration, testing concepts in tests), adaptive
//! severities that never quiet a pitfall, quizzes in the client's own panel, the concept
//! navigator's data, and the progress report for a webview.

use std::path::Path;

use interview_prep::deck::Deck;
use interview_prep::progress::store::FILE_NAME;
use interview_prep::progress::{Mode, NewReview, Rating, Scheduler, Store};
use serde_json::{json, Value};

use crate::harness::{file_uri, repo_root, Client};

const VIEWS: &str = "\
from myapp.models import Order


def report(limit=[]):
    orders = Order.objects.filter(paid=True)
    for order in orders:
        print(order.customer.name)
    again = Order.objects.filter(paid=False)
    for order in again:
        print(order.customer.name)
    key = lambda o: o.id
    return sorted([o for o in orders] + [o for o in again], key=key)


def other():
    key = lambda o: o.pk
    return sorted(Order.objects.all(), key=key)
";

fn uri(rel: &str) -> String {
    file_uri(&repo_root().join("target/study").join(rel))
}

fn codes(diags: &[Value]) -> Vec<(String, u64)> {
    diags
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["range"]["start"]["line"].as_u64().unwrap()))
        .collect()
}

#[test]
fn marks_are_one_per_concept_per_def_and_every_pitfall() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let views = uri("shop/views.py");
    c.open(&views, VIEWS);
    let marks = codes(&c.diagnostics(&views, 1));
    let count = |code: &str| marks.iter().filter(|(c, _)| c == code).count();
    assert_eq!(count("n-plus-one"), 2, "both N+1 loops: {marks:?}");
    assert_eq!(count("queryset"), 2, "what interviewers make most of: once in each def: {marks:?}");
    assert_eq!(count("lambda"), 1, "the others: once per file: {marks:?}");
    assert_eq!(count("comprehension"), 0, "boilerplate: none: {marks:?}");
    assert_eq!(count("mutable-default-argument"), 1);
    // Every finding still answers a hover, marked or not: the second queryset.
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": views}, "position": {"line": 7, "character": 20}}),
        )
        .unwrap();
    assert!(hover["contents"]["value"].as_str().unwrap().contains("QuerySet"), "{hover}");
    // A migration: its one mark; a test module: testing concepts and pitfalls only.
    let migration = uri("shop/migrations/0002_order_paid.py");
    c.open(
        &migration,
        "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [(\"shop\", \"0001_initial\")]\n    operations = [migrations.AddField(\"order\", \"paid\", models.BooleanField(default=False))]\n",
    );
    assert_eq!(
        codes(&c.diagnostics(&migration, 1)).iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(),
        ["django-migration"]
    );
    let tests = uri("shop/tests/test_views.py");
    c.open(
        &tests,
        "import unittest\n\n\nclass ViewTests(unittest.TestCase):\n    def test_report(self, seen=[]):\n        key = lambda x: x\n        self.assertEqual(sorted([1, 0], key=key), [0, 1])\n",
    );
    let test_marks: Vec<String> = codes(&c.diagnostics(&tests, 1)).into_iter().map(|(c, _)| c).collect();
    assert!(test_marks.contains(&"unit-testing".to_string()), "{test_marks:?}");
    assert!(test_marks.contains(&"mutable-default-argument".to_string()), "pitfalls stay: {test_marks:?}");
    assert!(!test_marks.contains(&"lambda".to_string()), "{test_marks:?}");
    // `conceptsInTests` brings the rest back.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"interviewPrep": {"conceptsInTests": true}}}));
    c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == tests.as_str()
            && p["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["code"] == "lambda"))
    });
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

fn seed(data: &Path, recalled: &[&str]) {
    let store = Store::open_file(&data.join(FILE_NAME)).unwrap();
    let deck = Deck::builtin();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    for concept in recalled {
        let review = NewReview {
            entry: deck.primary(concept).unwrap().id.clone(),
            rating: Rating::Easy,
            at: now - 60,
            mode: Mode::Flashcard,
            file: None,
            concept: None,
            duration_ms: None,
            answer: None,
        };
        store.record(&review, &Scheduler::default_params()).unwrap();
    }
}

#[test]
fn adaptive_mode_quiets_recalled_concepts_but_never_a_pitfall() {
    let data = tempfile::tempdir().unwrap();
    seed(data.path(), &["n-plus-one", "queryset"]);
    let mut c = Client::spawn_with_env(&[("INTERVIEW_PREP_DATA", data.path())]);
    c.initialize(json!({}), json!({}));
    let views = uri("adaptive/views.py");
    c.open(&views, VIEWS);
    // Once progress is read (off the request path), the recalled concept's hint is gone.
    let published = c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == views.as_str()
            && p["diagnostics"].as_array().is_some_and(|d| d.iter().all(|d| d["code"] != "queryset"))
    });
    let n1: Vec<&Value> =
        published["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "n-plus-one").collect();
    assert_eq!(n1.len(), 2);
    for d in n1 {
        assert_eq!(d["severity"], 2, "a recalled pitfall is still a warning: {d}");
        assert_eq!(d["data"]["status"], "recalled");
    }
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn a_quiz_in_the_client_s_panel_is_driven_by_replies() {
    let data = tempfile::tempdir().unwrap();
    let mut c = Client::spawn_with_env(&[("INTERVIEW_PREP_DATA", data.path())]);
    c.initialize(json!({"experimental": {"interviewPrep": {"quizPanel": true}}}), json!({"quizMode": "choice"}));
    let views = uri("panel/views.py");
    c.open(&views, VIEWS);
    c.diagnostics(&views, 1);
    assert_eq!(c.execute("interview-prep.quizFile", json!({"uri": views, "count": 2})), Ok(Value::Null));
    let first = c.wait_for("interview-prep/quiz", |_| true);
    assert!(c.prompts().is_empty(), "no showMessageRequest for a panel client");
    assert_eq!(
        (first["index"].as_u64(), first["total"].as_u64(), first["stage"].as_str()),
        (Some(0), Some(2), Some("ask"))
    );
    assert_eq!(first["about"], "Mutable default argument", "the file's pitfalls first, in order: {first}");
    let code = &first["code"];
    assert_eq!(code["path"], "target/study/panel/views.py");
    assert!(code["uri"].as_str().unwrap().ends_with("/target/study/panel/views.py"));
    let choices = first["choices"].as_array().unwrap();
    assert_eq!(choices.len(), 4);
    assert!(choices.iter().all(|c| c.as_str().unwrap().len() > 20), "full statements: {choices:?}");
    let session = first["session"].clone();
    let reply = |c: &mut Client, action: &str, value: Value| {
        c.request("interview-prep/quizReply", json!({"session": session, "action": action, "value": value})).unwrap()
    };
    let result = reply(&mut c, "choose", json!(0));
    assert_eq!(result["stage"], "result");
    assert_eq!(result["picked"], 0);
    assert!(result["right"].is_number() && result["answer"].is_string(), "{result}");
    assert!(result["notice"].as_str().unwrap().starts_with("Saved"), "saved before the reply: {result}");
    // A reply that does not fit the stage changes nothing.
    assert_eq!(reply(&mut c, "rate", json!(3))["stage"], "result");
    let second = reply(&mut c, "next", Value::Null);
    assert_eq!((second["index"].as_u64(), second["stage"].as_str()), (Some(1), Some("ask")));
    let done = reply(&mut c, "stop", Value::Null);
    assert_eq!(done["stage"], "done");
    assert!(done["summary"].as_str().unwrap().contains("1 answered"), "{done}");
    c.wait_quiz_ended(1);
    let store = Store::open_file(&data.path().join(FILE_NAME)).unwrap();
    assert_eq!(store.review_count().unwrap(), 1);
    let err = c.request("interview-prep/quizReply", json!({"session": session, "action": "next"})).unwrap_err();
    assert_eq!(err["code"], -32602, "the session is over: {err}");
    let err = c.request("interview-prep/quizReply", json!({"session": 1, "action": "dance"})).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("`action`"), "{err}");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn the_navigator_lists_a_file_s_concepts_and_the_progress_report_fits_a_webview() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let views = uri("nav/views.py");
    c.open(&views, VIEWS);
    c.diagnostics(&views, 1);
    let listed = c.request("interview-prep/concepts", json!({"scope": "file", "uri": views})).unwrap();
    let groups = listed["concepts"].as_array().unwrap();
    assert_eq!(groups[0]["kind"], "pitfall", "pitfalls first: {listed}");
    let qs = groups.iter().find(|g| g["concept"] == "queryset").unwrap();
    assert_eq!(qs["count"], 3, "every occurrence, marked or not");
    assert_eq!(qs["topicTitle"], "Django");
    assert_eq!(qs["occurrences"][1]["range"]["start"]["line"], 7);
    assert!(groups.iter().any(|g| g["concept"] == "comprehension"), "unmarked concepts are listed too");
    assert_eq!(qs["status"], "new");
    let report = c.request("interview-prep/progressReport", json!({"nonce": "abc123"})).unwrap();
    let html = report["html"].as_str().unwrap();
    assert!(html.contains("script-src 'nonce-abc123'") && html.contains("<script nonce=\"abc123\">"));
    let err = c.request("interview-prep/progressReport", json!({"nonce": "\"><script>"})).unwrap_err();
    assert_eq!(err["code"], -32602);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn answer_mode_in_a_panel_that_takes_written_answers_and_flashcards_elsewhere() {
    let data = tempfile::tempdir().unwrap();
    let mut c = Client::spawn_with_env(&[("INTERVIEW_PREP_DATA", data.path())]);
    c.initialize(
        json!({"experimental": {"interviewPrep": {"quizPanel": true, "quizAnswers": true}}}),
        json!({"quizMode": "answer"}),
    );
    let views = uri("answers/views.py");
    c.open(&views, VIEWS);
    c.diagnostics(&views, 1);
    assert_eq!(c.execute("interview-prep.quizFile", json!({"uri": views, "count": 2})), Ok(Value::Null));
    let first = c.wait_for("interview-prep/quiz", |_| true);
    assert_eq!((first["mode"].as_str(), first["stage"].as_str()), (Some("answer"), Some("ask")), "{first}");
    let entry = Deck::builtin().get(first["entry"].as_str().unwrap()).unwrap().clone();
    let session = first["session"].clone();
    let reply = |c: &mut Client, params: Value| {
        let mut p = json!({"session": session});
        p.as_object_mut().unwrap().extend(params.as_object().unwrap().clone());
        c.request("interview-prep/quizReply", p).unwrap()
    };
    let written = entry.key_points[0].listen_for()[0].join(" ");
    let graded = reply(&mut c, json!({"action": "answer", "text": written}));
    assert_eq!(graded["stage"], "graded", "{graded}");
    assert_eq!(graded["written"], written.as_str());
    let points = graded["points"].as_array().unwrap();
    assert_eq!(points.len(), entry.key_points.len());
    assert_eq!(points[0], json!({"text": entry.key_points[0].text, "hit": true}));
    assert_eq!(graded["proposed"], 2, "some points: Struggled");
    assert!(graded["answer"].is_string(), "the short answer is shown with the grade");
    let next = reply(&mut c, json!({"action": "accept"}));
    assert!(next["notice"].as_str().is_some_and(|n| n.starts_with("Saved")), "{next}");
    assert_eq!(next["index"], 1);
    // An empty answer proposes nothing; `rate` 1 confirms Forgot.
    let empty = reply(&mut c, json!({"action": "answer", "text": ""}));
    assert_eq!((empty["stage"].as_str(), empty["proposed"].is_null()), (Some("graded"), true), "{empty}");
    assert_eq!(reply(&mut c, json!({"action": "accept"}))["stage"], "graded", "nothing to accept");
    let done = reply(&mut c, json!({"action": "rate", "value": 1}));
    assert_eq!(done["stage"], "done", "{done}");
    c.wait_quiz_ended(1);
    let store = Store::open_file(&data.path().join(FILE_NAME)).unwrap();
    let reviews = store.reviews().unwrap();
    assert_eq!(
        reviews.iter().map(|r| (r.rating, r.mode.as_str())).collect::<Vec<_>>(),
        [(Rating::Hard, "answer"), (Rating::Again, "answer")]
    );
    assert_eq!(store.answers().unwrap()[0].2, written);
    assert_eq!(c.shutdown_and_exit(), Some(0));

    // A panel that cannot take text, and a prompt-only client: flashcards.
    for caps in [json!({"experimental": {"interviewPrep": {"quizPanel": true}}}), json!({})] {
        let mut c = Client::spawn_with_env(&[("INTERVIEW_PREP_DATA", data.path())]);
        c.initialize(caps.clone(), json!({"quizMode": "answer"}));
        c.open(&views, VIEWS);
        c.diagnostics(&views, 1);
        c.answers.push_back(crate::harness::Answer::Dismiss);
        assert_eq!(c.execute("interview-prep.quizFile", json!({"uri": views, "count": 1})), Ok(Value::Null));
        if caps == json!({}) {
            let prompt = c.wait_for_server_request("window/showMessageRequest", 1);
            let titles: Vec<&str> =
                prompt["actions"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
            assert_eq!(titles, ["Show answer", "Skip"], "{prompt}");
        } else {
            let first = c.wait_for("interview-prep/quiz", |_| true);
            assert_eq!(first["mode"], "flashcard", "{first}");
            let stop =
                c.request("interview-prep/quizReply", json!({"session": first["session"], "action": "stop"})).unwrap();
            assert_eq!(stop["stage"], "done");
        }
        c.wait_quiz_ended(1);
        assert_eq!(c.shutdown_and_exit(), Some(0));
    }
}

#[test]
fn a_mock_interview_on_the_workspace_asks_about_its_code_and_keeps_a_report() {
    let data = tempfile::tempdir().unwrap();
    let shop = repo_root().join("examples/django_shop");
    let mut c = Client::spawn_with_env(&[("INTERVIEW_PREP_DATA", data.path())]);
    c.initialize_in(
        &shop,
        json!({"experimental": {"interviewPrep": {"quizPanel": true, "quizAnswers": true}}}),
        json!({}),
    );
    // Flashcards are the default `quizMode`, but a mock interview is answered in writing.
    assert_eq!(c.execute("interview-prep.mockInterview", json!({"workspace": true, "minutes": 5})), Ok(Value::Null));
    let first = c.wait_for("interview-prep/quiz", |_| true);
    assert_eq!(first["mode"], "answer", "{first}");
    assert_eq!(first["total"], 3, "a warm-up and two questions in five minutes: {first}");
    assert!(first["lead"].as_str().unwrap().starts_with("Warm-up. This project uses Django"), "{first}");
    let session = first["session"].clone();
    let mut state = first;
    let mut code_paths = Vec::new();
    while state["stage"] != "done" {
        if let Some(p) = state["code"]["path"].as_str() {
            code_paths.push(p.to_string());
        }
        let params = match state["stage"].as_str().unwrap() {
            "ask" => json!({"session": session, "action": "answer", "text": "It depends on the load."}),
            "graded" => json!({"session": session, "action": "accept"}),
            "followup" => json!({"session": session, "action": "answer", "text": "I would measure first."}),
            other => panic!("stage {other}: {state}"),
        };
        state = c.request("interview-prep/quizReply", params).unwrap();
    }
    assert!(code_paths.iter().all(|p| p.starts_with("shop/")), "shown relative to the workspace: {code_paths:?}");
    assert!(!code_paths.is_empty());
    let report = state["report"].as_str().expect("the report at the end");
    assert!(report.starts_with("Mock interview report · django_shop"), "{report}");
    assert!(report.contains("Study next:"), "{report}");
    c.wait_quiz_ended(1);
    let store = Store::open_file(&data.path().join(FILE_NAME)).unwrap();
    let mocks = store.mocks(5).unwrap();
    assert_eq!(mocks.len(), 1);
    assert!(mocks[0].contains("I would measure first."));
    // Without `workspace`, the topic prompt offers the workspace first.
    c.answers.push_back(crate::harness::Answer::Dismiss);
    assert_eq!(c.execute("interview-prep.mockInterview", json!({})), Ok(Value::Null));
    let prompt = c.wait_for_server_request("window/showMessageRequest", 1);
    assert_eq!(prompt["actions"][0]["title"], "This workspace", "{prompt}");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}
