//! Quizzes over LSP end to end: the real binary on stdio, answers scripted through
//! `window/showMessageRequest`, and the progress store read back with the library, as another
//! process would. Time is fixed with `INTERVIEW_PREP_NOW` wherever "later" matters.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

use interview_prep::deck::Deck;
use interview_prep::progress::store::{create_at_version, FILE_NAME, MIGRATIONS};
use interview_prep::progress::{Mode, NewReview, Rating, Scheduler, Store};
use serde_json::{json, Value};

use super::harness::{file_uri, pos16, repo_root, Answer, Client};

const DAY: i64 = 86_400;

/// A real file of the repository with many concepts: what a user's module looks like.
/// A fixture opened as if it were a project's source file (under `tests/` it would be a test
/// file, whose marks are for testing concepts only).
fn example() -> (PathBuf, String, String) {
    let text = std::fs::read_to_string(repo_root().join("tests/concepts/functions.py")).unwrap();
    let path = repo_root().join("target/example/functions.py");
    (path.clone(), file_uri(&path), text)
}

fn server(data: &Path, extra: &[(&str, &Path)]) -> Client {
    let mut env: Vec<(&str, &Path)> = vec![("INTERVIEW_PREP_DATA", data)];
    env.extend_from_slice(extra);
    Client::spawn_with_env(&env)
}

fn open_example(c: &mut Client) -> String {
    let (_, uri, text) = example();
    c.open(&uri, &text);
    c.diagnostics(&uri, 1);
    uri
}

fn titles(prompt: &Value) -> Vec<String> {
    prompt["actions"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap().to_string()).collect()
}

fn message(prompt: &Value) -> &str {
    prompt["message"].as_str().unwrap()
}

fn store(data: &Path) -> Store {
    Store::open_file(&data.join(FILE_NAME)).expect("the store exists and is healthy")
}

fn file_lens_title(c: &mut Client, uri: &str) -> String {
    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).unwrap();
    let file =
        lenses.as_array().unwrap().iter().find(|l| l["command"]["command"] == "interview-prep.quizFile").cloned();
    file.expect("a file lens")["command"]["title"].as_str().unwrap().to_string()
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn flashcard(c: &mut Client, ratings: &[&str]) {
    for r in ratings {
        c.answers.push_back(Answer::Title("Show answer".into()));
        c.answers.push_back(Answer::Title(r.to_string()));
    }
}

#[test]
fn quiz_file_saves_fsrs_reviews_and_a_second_server_sees_them_due() {
    let data = tempfile::tempdir().unwrap();
    let mut c = server(data.path(), &[]);
    c.initialize(json!({}), json!({}));
    let uri = open_example(&mut c);
    assert!(file_lens_title(&mut c, &uri).ends_with(" concepts · Quiz"), "nothing due yet");
    flashcard(&mut c, &["Recalled", "Forgot", "Easy"]);
    c.answers.push_back(Answer::Dismiss);
    let before = now();
    let publishes =
        |c: &Client| c.notifications.iter().filter(|n| n["method"] == "textDocument/publishDiagnostics").count();
    let published_before = publishes(&c);
    assert_eq!(c.execute("interview-prep.quizFile", json!({"uri": uri})), Ok(Value::Null));
    c.wait_quiz_ended(1);
    let prompts = c.prompts();
    assert_eq!(prompts.len(), 7, "three questions of two prompts, then the dismissed fourth");
    assert!(message(&prompts[0]).starts_with("Question 1 of "), "{}", message(&prompts[0]));
    assert!(
        message(&prompts[0]).contains("Your code, target/example/functions.py:"),
        "the line that prompted it: {}",
        message(&prompts[0])
    );
    assert_eq!(titles(&prompts[0]), ["Show answer", "Skip"]);
    assert_eq!(titles(&prompts[1]), ["Forgot", "Struggled", "Recalled", "Easy"]);
    assert!(message(&prompts[2]).starts_with("Saved · next review "), "{}", message(&prompts[2]));
    assert!(prompts.iter().all(|p| p["type"] == 3), "prompts are INFO");
    let end = c.wait_for("window/showMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("Quiz finished")));
    assert!(end["message"].as_str().unwrap().contains("3 answered, 2 recalled"), "{end}");
    // Diagnostics were republished after the quiz, before its closing message.
    assert!(publishes(&c) > published_before, "diagnostics republished");

    // The store, read as another process would.
    let s = store(data.path());
    let reviews = s.reviews().unwrap();
    assert_eq!(reviews.iter().map(|r| r.rating).collect::<Vec<_>>(), [Rating::Good, Rating::Again, Rating::Easy]);
    let (path, _, _) = example();
    for r in &reviews {
        assert!(r.at >= before);
        assert_eq!(r.mode, "flashcard");
        assert_eq!(r.file.as_deref(), Some(path.to_str().unwrap()));
        assert!(r.concept.is_some());
        let card = s.card(&r.entry).unwrap().expect("a card per reviewed entry");
        assert!(card.stability > 0.0 && card.difficulty >= 1.0, "FSRS state: {card:?}");
        assert_eq!(card.reps, 1);
    }
    let easy = s.card(&reviews[2].entry).unwrap().unwrap();
    let good = s.card(&reviews[0].entry).unwrap().unwrap();
    assert!(easy.due > good.due, "Easy waits longer than Recalled");
    // Forgotten at first sight: back later today (a lapse only counts once a card was learnt).
    let forgot = s.card(&reviews[1].entry).unwrap().unwrap();
    assert_eq!((forgot.last_rating, forgot.lapses), (Rating::Again, 0));
    assert!(forgot.due < good.due && forgot.due - forgot.last_review < DAY);
    // The concepts of the opened file are recorded as seen in the user's code.
    assert!(s.seen().unwrap().iter().any(|x| x.concept == "generator-function"));

    // A second server, a month later, shares the store: all three cards are due in its lens.
    let later = (now() + 30 * DAY).to_string();
    let mut other = server(data.path(), &[("INTERVIEW_PREP_NOW", Path::new(&later))]);
    other.initialize(json!({}), json!({}));
    let uri2 = open_example(&mut other);
    let title = file_lens_title(&mut other, &uri2);
    assert!(title.ends_with(" · 3 due · Quiz"), "{title}");
    let summary = other.execute("interview-prep.progressSummary", json!({})).unwrap();
    assert_eq!((summary["due"].as_u64(), summary["cards"].as_u64()), (Some(3), Some(3)));
    assert_eq!(c.shutdown_and_exit(), Some(0));
    assert_eq!(other.shutdown_and_exit(), Some(0));
}

#[test]
fn quiz_range_asks_only_about_the_function_its_lens_is_on() {
    let data = tempfile::tempdir().unwrap();
    let mut c = server(data.path(), &[]);
    c.initialize(json!({}), json!({}));
    let uri = open_example(&mut c);
    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).unwrap();
    let lens = lenses
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["command"]["command"] == "interview-prep.quizRange")
        .cloned()
        .expect("a def lens");
    let args = lens["command"]["arguments"][0].clone();
    let (first, last) =
        (args["range"]["start"]["line"].as_u64().unwrap(), args["range"]["end"]["line"].as_u64().unwrap());
    let concepts: Vec<String> =
        args["concepts"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
    for _ in 0..concepts.len() {
        c.answers.push_back(Answer::Title("Skip".into()));
    }
    c.execute("interview-prep.quizRange", args).unwrap();
    c.wait_quiz_ended(1);
    let prompts = c.prompts();
    assert!(!prompts.is_empty());
    for p in &prompts {
        // "Your code, target/example/functions.py:LINE: ..." (the workspace-relative path) with
        // LINE 1-based inside the def.
        let m = message(p);
        let at = m.split("Your code, target/example/functions.py:").nth(1).unwrap_or_else(|| panic!("{m}"));
        let line: u64 = at.split(':').next().unwrap().parse().unwrap();
        assert!(line > first && line <= last + 1, "line {line} outside {first}..{last}: {m}");
    }
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn multiple_choice_grades_by_correctness_and_one_quiz_runs_at_a_time() {
    let data = tempfile::tempdir().unwrap();
    let mut c = server(data.path(), &[]);
    c.initialize(json!({}), json!({"quizMode": "choice"}));
    let deck = Deck::builtin();
    let entry = deck.primary("generator-function").unwrap();
    let right = entry.choices.iter().find(|x| x.correct).unwrap().text.clone();
    let wrong = entry.choices.iter().find(|x| !x.correct).unwrap().text.clone();
    c.answers.push_back(Answer::Containing(right.clone()));
    c.answers.push_back(Answer::Title("Stop".into()));
    // A bare concept id is accepted, as the contract says.
    assert_eq!(c.execute("interview-prep.quizConcept", json!("generator-function")), Ok(Value::Null));
    // A second quiz while the first runs is refused politely.
    assert_eq!(c.execute("interview-prep.quizDue", json!({})), Ok(Value::Null));
    c.wait_for("window/showMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("already running")));
    c.wait_quiz_ended(1);
    let prompts = c.prompts();
    assert!(message(&prompts[0]).contains(&entry.question));
    let letters: Vec<String> = titles(&prompts[0]).iter().map(|t| t[..3].to_string()).collect();
    assert_eq!(letters, ["A) ", "B) ", "C) ", "D) "]);
    assert!(message(&prompts[1]).starts_with("✓ Right."), "{}", message(&prompts[1]));
    assert!(message(&prompts[1]).contains(&entry.short));
    assert_eq!(titles(&prompts[1]), ["Next", "Stop"]);

    // The same card again, answered wrong this time (it comes first: nothing else is reviewed).
    c.answers.push_back(Answer::Containing(wrong));
    c.answers.push_back(Answer::Dismiss);
    c.execute("interview-prep.quizConcept", json!({"concept": "generator-function"})).unwrap();
    c.wait_quiz_ended(2);
    let prompts = c.prompts();
    assert!(message(&prompts[3]).starts_with("✗ Wrong. The true statement is "), "{}", message(&prompts[3]));
    assert!(message(&prompts[3]).contains(&right));

    let reviews = store(data.path()).reviews().unwrap();
    assert_eq!(reviews.len(), 2);
    assert!(reviews.iter().all(|r| r.mode == "choice" && r.entry == entry.id));
    assert!(reviews[0].rating >= Rating::Good, "right and quick: {:?}", reviews[0].rating);
    assert_eq!(reviews[1].rating, Rating::Again);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn mock_interview_asks_for_a_topic_and_covers_topics_no_code_shows() {
    let data = tempfile::tempdir().unwrap();
    let mut c = server(data.path(), &[]);
    c.initialize(json!({}), json!({}));
    let deck = Deck::builtin();
    c.answers.push_back(Answer::Title("Behavioural".into()));
    flashcard(&mut c, &["Recalled"]);
    c.answers.push_back(Answer::Dismiss);
    assert_eq!(c.execute("interview-prep.mockInterview", json!({})), Ok(Value::Null));
    c.wait_quiz_ended(1);
    let prompts = c.prompts();
    assert_eq!(message(&prompts[0]), "Mock interview: which topic?");
    assert!(titles(&prompts[0]).iter().any(|t| t == "System design"));
    let asked = message(&prompts[1]);
    assert!(
        deck.entries().iter().any(|e| e.topic == "behavioural" && asked.contains(&e.question)),
        "a behavioural question: {asked}"
    );
    // With a topic and a count: exactly that many questions, no repeats.
    flashcard(&mut c, &["Recalled", "Struggled", "Easy"]);
    c.execute("interview-prep.mockInterview", json!({"topic": "docker", "count": 3})).unwrap();
    c.wait_quiz_ended(2);
    let reviews = store(data.path()).reviews().unwrap();
    assert_eq!(reviews.len(), 4);
    let docker: Vec<&str> = reviews[1..].iter().map(|r| r.entry.as_str()).collect();
    assert!(docker.iter().all(|id| deck.get(id).unwrap().topic == "docker-and-kubernetes"), "{docker:?}");
    let distinct: std::collections::HashSet<&&str> = docker.iter().collect();
    assert_eq!(distinct.len(), 3);
    let err = c.execute("interview-prep.mockInterview", json!({"topic": "quantum knitting"})).unwrap_err();
    assert_eq!(err["code"], -32602);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

/// Seeds a store as an earlier session would have: `(entry, rating, days ago)`.
fn seed(data: &Path, answers: &[(&str, Rating, i64)]) {
    let opened = Store::open(data);
    assert!(opened.notices.is_empty());
    for (entry, rating, days_ago) in answers {
        let r = NewReview {
            entry: entry.to_string(),
            rating: *rating,
            at: now() - days_ago * DAY,
            mode: Mode::Flashcard,
            file: None,
            concept: None,
            duration_ms: None,
            answer: None,
        };
        opened.store.record(&r, &Scheduler::default_params()).unwrap();
    }
}

#[test]
fn progress_summary_has_the_contract_shape_and_quiz_due_asks_due_cards_first() {
    let data = tempfile::tempdir().unwrap();
    let deck = Deck::builtin();
    let due_entry = deck.primary("n-plus-one").unwrap();
    let fresh_entry = deck.primary("lambda").unwrap();
    seed(data.path(), &[(&due_entry.id, Rating::Again, 20), (&fresh_entry.id, Rating::Easy, 0)]);
    let mut c = server(data.path(), &[]);
    let date = interview_prep::progress::clock::format_day(now() / DAY + 14);
    c.initialize(json!({}), json!({"interviewDate": date}));
    let uri = open_example(&mut c);
    let _ = uri;
    let s = c.execute("interview-prep.progressSummary", json!({})).unwrap();
    let mut keys: Vec<&String> = s.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["cards", "due", "forecast", "readyBy", "reviewedToday", "streak", "topics"]);
    assert_eq!((s["due"].as_u64(), s["cards"].as_u64(), s["reviewedToday"].as_u64()), (Some(1), Some(2), Some(1)));
    assert_eq!(s["streak"], 1);
    let topic = s["topics"].as_array().unwrap().iter().find(|t| t["topic"] == due_entry.topic.as_str()).unwrap();
    let mut tkeys: Vec<&String> = topic.as_object().unwrap().keys().collect();
    tkeys.sort();
    assert_eq!(tkeys, ["due", "entries", "mastery", "reviewed", "title", "topic"]);
    assert_eq!(topic["due"], 1);
    assert_eq!(s["readyBy"]["date"], date.as_str());
    // The opened file's concepts are the ones to be ready on; lambda is recalled.
    assert!(s["readyBy"]["total"].as_u64().unwrap() >= 5, "{s}");
    assert_eq!(s["readyBy"]["recalled"], 1);

    c.answers.push_back(Answer::Title("Show answer".into()));
    c.answers.push_back(Answer::Title("Recalled".into()));
    c.answers.push_back(Answer::Dismiss);
    c.execute("interview-prep.quizDue", json!({})).unwrap();
    c.wait_quiz_ended(1);
    let prompts = c.prompts();
    assert!(message(&prompts[0]).contains(&due_entry.question), "{}", message(&prompts[0]));
    // Interview mode: after the due card come never-reviewed concepts of the user's code.
    assert!(message(&prompts[2]).contains("Question 2 of "), "{}", message(&prompts[2]));
    let s = c.execute("interview-prep.progressSummary", json!({})).unwrap();
    assert_eq!(s["due"], 0);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn adaptive_severity_quiets_recalled_concepts_and_the_hover_marks_due_ones() {
    let data = tempfile::tempdir().unwrap();
    let deck = Deck::builtin();
    seed(
        data.path(),
        &[
            (&deck.primary("lambda").unwrap().id, Rating::Easy, 0),
            (&deck.primary("generator-function").unwrap().id, Rating::Again, 9),
        ],
    );
    let mut c = server(data.path(), &[]);
    c.initialize(json!({}), json!({}));
    let (_, uri, text) = example();
    c.open(&uri, &text);
    // Progress is read off the request path: the first publish may come before it, and the
    // server publishes again once it knows (at the same version).
    let published = c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str()
            && p["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["data"]["status"] == "due"))
    });
    let diags = published["diagnostics"].as_array().unwrap().clone();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(!codes.contains(&"lambda"), "a recalled concept's hint is dropped: {codes:?}");
    let gen = diags.iter().find(|d| d["code"] == "generator-function").unwrap();
    assert_eq!(gen["severity"], 4);
    assert_eq!(gen["data"]["status"], "due");
    let start = &gen["range"]["start"];
    let hover = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": start})).unwrap();
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("**Due for review**"), "{md}");
    // The lens counts the due card.
    assert!(file_lens_title(&mut c, &uri).contains("1 due"));
    // With adaptive off, everything is shown as configured.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"interviewPrep": {"adaptive": false}}}));
    c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str() && p["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["code"] == "lambda"))
    });
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

// ---- reliability of progress ----

#[test]
fn two_servers_answering_at_the_same_time_lose_no_review() {
    let data = tempfile::tempdir().unwrap();
    let start = Arc::new(Barrier::new(2));
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let dir = data.path().to_path_buf();
            let start = start.clone();
            std::thread::spawn(move || {
                let mut c = server(&dir, &[]);
                c.initialize(json!({}), json!({}));
                let uri = open_example(&mut c);
                flashcard(&mut c, &["Recalled", "Struggled", "Easy", "Forgot", "Recalled", "Recalled"]);
                start.wait();
                c.execute("interview-prep.quizFile", json!({"uri": uri, "count": 6})).unwrap();
                c.wait_quiz_ended(1);
                assert_eq!(c.shutdown_and_exit(), Some(0));
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let s = store(data.path());
    assert_eq!(s.review_count().unwrap(), 12, "every answer of both servers is in the log");
    // Each card counts every answer given to it (no lost update). Which cards each server picks
    // depends on timing (a card the other server just answered is no longer "never reviewed"),
    // so count answers, not cards.
    let cards = s.cards().unwrap();
    let reps: u32 = cards.values().map(|c| c.reps).sum();
    assert_eq!(reps, 12, "{cards:#?}");
}

#[test]
fn a_server_killed_mid_quiz_keeps_every_answer_given_before() {
    let data = tempfile::tempdir().unwrap();
    let mut c = server(data.path(), &[]);
    c.initialize(json!({}), json!({}));
    let uri = open_example(&mut c);
    flashcard(&mut c, &["Recalled", "Easy"]);
    c.answers.push_back(Answer::Title("Show answer".into()));
    c.answers.push_back(Answer::Hold);
    c.execute("interview-prep.quizFile", json!({"uri": uri})).unwrap();
    // The sixth prompt (rate the third answer) is up and never answered.
    c.wait_for_server_request("window/showMessageRequest", 6);
    c.kill();
    let s = store(data.path());
    let reviews = s.reviews().unwrap();
    assert_eq!(reviews.iter().map(|r| r.rating).collect::<Vec<_>>(), [Rating::Good, Rating::Easy]);
    assert_eq!(s.cards().unwrap().len(), 2);
    // The next server starts cleanly on the same store.
    let mut next = server(data.path(), &[]);
    next.initialize(json!({}), json!({}));
    let summary = next.execute("interview-prep.progressSummary", json!({})).unwrap();
    assert_eq!(summary["cards"], 2);
    assert_eq!(next.shutdown_and_exit(), Some(0));
}

#[test]
fn a_corrupt_database_is_moved_aside_and_the_user_told_once() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join(FILE_NAME), vec![0x5a; 8192]).unwrap();
    let mut c = server(data.path(), &[]);
    c.initialize(json!({}), json!({}));
    let uri = open_example(&mut c);
    let told = c.wait_for("window/showMessage", |p| p["type"] == 2);
    let text = told["message"].as_str().unwrap();
    assert!(text.contains("corrupt") && text.contains("progress.db.corrupt-"), "{text}");
    flashcard(&mut c, &["Recalled"]);
    c.answers.push_back(Answer::Dismiss);
    c.execute("interview-prep.quizFile", json!({"uri": uri})).unwrap();
    c.wait_quiz_ended(1);
    file_lens_title(&mut c, &uri);
    c.pump(std::time::Duration::from_millis(200));
    let warnings =
        c.notifications.iter().filter(|n| n["method"] == "window/showMessage" && n["params"]["type"] == 2).count();
    assert_eq!(warnings, 1, "{:#?}", c.notifications);
    assert_eq!(store(data.path()).review_count().unwrap(), 1, "the new database keeps the new answer");
    let aside: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("progress.db.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(std::fs::read(aside[0].path()).unwrap(), vec![0x5a; 8192], "the old file is kept as it was");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { geteuid() == 0 }
}

extern "C" {
    fn geteuid() -> u32;
}

#[test]
fn a_read_only_data_directory_still_quizzes_and_says_once_that_progress_is_not_saved() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().unwrap();
    let deck = Deck::builtin();
    // Earlier progress, written while the directory was writable, is still shown.
    seed(data.path(), &[(&deck.primary("n-plus-one").unwrap().id, Rating::Again, 10)]);
    std::fs::set_permissions(data.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    for f in std::fs::read_dir(data.path()).unwrap() {
        std::fs::set_permissions(f.unwrap().path(), std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    // Root writes anywhere, so as root the server runs as `nobody`, for whom 0555 means read-only.
    let user = if is_root() { Some((65534, 65534)) } else { None };
    let mut c = Client::spawn_as(&[("INTERVIEW_PREP_DATA", data.path())], user);
    c.initialize(json!({}), json!({}));
    let uri = open_example(&mut c);
    flashcard(&mut c, &["Recalled", "Easy"]);
    c.answers.push_back(Answer::Dismiss);
    c.execute("interview-prep.quizFile", json!({"uri": uri})).unwrap();
    c.wait_quiz_ended(1);
    let prompts = c.prompts();
    assert_eq!(prompts.len(), 5, "the quiz ran");
    assert!(message(&prompts[2]).starts_with("Not saved · next review"), "{}", message(&prompts[2]));
    let summary = c.execute("interview-prep.progressSummary", json!({})).unwrap();
    assert!(summary["cards"].as_u64().unwrap() >= 1, "earlier progress is still read: {summary}");
    c.pump(std::time::Duration::from_millis(200));
    let warnings: Vec<&Value> =
        c.notifications.iter().filter(|n| n["method"] == "window/showMessage" && n["params"]["type"] == 2).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0]["params"]["message"].as_str().unwrap().contains("not saved"), "{warnings:#?}");
    assert_eq!(c.shutdown_and_exit(), Some(0));
    std::fs::set_permissions(data.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(store(data.path()).review_count().unwrap(), 1, "nothing was written");
}

#[test]
fn answers_kept_while_the_data_directory_was_read_only_are_written_once_it_is_writable() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().unwrap();
    let deck = Deck::builtin();
    seed(data.path(), &[(&deck.primary("n-plus-one").unwrap().id, Rating::Again, 10)]);
    let mode = |m: u32| {
        std::fs::set_permissions(data.path(), std::fs::Permissions::from_mode(m | 0o111)).unwrap();
        for f in std::fs::read_dir(data.path()).unwrap() {
            std::fs::set_permissions(f.unwrap().path(), std::fs::Permissions::from_mode(m)).unwrap();
        }
    };
    mode(0o444);
    // Root writes anywhere: as root the server runs as `nobody`, for whom 0444 is read-only.
    let user = if is_root() { Some((65534, 65534)) } else { None };
    let mut c = Client::spawn_as(&[("INTERVIEW_PREP_DATA", data.path())], user);
    c.initialize(json!({}), json!({}));
    let uri = open_example(&mut c);
    flashcard(&mut c, &["Recalled", "Easy"]);
    c.answers.push_back(Answer::Dismiss);
    c.execute("interview-prep.quizFile", json!({"uri": uri})).unwrap();
    c.wait_quiz_ended(1);
    assert!(message(&c.prompts()[2]).starts_with("Not saved · next review"), "{}", message(&c.prompts()[2]));
    // The directory becomes writable (the disk was remounted, the owner fixed the mode).
    mode(0o666);
    flashcard(&mut c, &["Struggled"]);
    c.answers.push_back(Answer::Dismiss);
    c.execute("interview-prep.quizFile", json!({"uri": uri})).unwrap();
    c.wait_quiz_ended(2);
    let told = c.wait_for("window/showMessage", |p| {
        p["type"] == 3 && p["message"].as_str().is_some_and(|m| m.contains("saved again"))
    });
    let text = told["message"].as_str().unwrap();
    assert!(text.contains("progress is saved again: 2 answers kept in memory were written to"), "{text}");
    let saved = c.prompts().iter().filter(|p| message(p).starts_with("Saved · next review")).count();
    assert_eq!(saved, 1, "the answer given once the store took writes again shows as saved");
    assert_eq!(c.shutdown_and_exit(), Some(0));
    mode(0o644);
    let ratings: Vec<Rating> = store(data.path()).reviews().unwrap().iter().map(|r| r.rating).collect();
    assert_eq!(ratings, [Rating::Again, Rating::Good, Rating::Easy, Rating::Hard], "the seed, then all three answers");
}

/// A disk that refuses writes mid-quiz (the store's test hook: no file system is filled here,
/// `tests/quiz` does that with a real tmpfs where it can).
#[cfg(feature = "test-hooks")]
#[test]
fn answers_a_failing_disk_refuses_are_kept_and_the_server_keeps_serving() {
    let data = tempfile::tempdir().unwrap();
    let flag = data.path().join("fail-writes");
    let mut c = server(data.path(), &[("INTERVIEW_PREP_TEST_FAIL_WRITES", &flag)]);
    c.initialize(json!({}), json!({}));
    let uri = open_example(&mut c);
    flashcard(&mut c, &["Recalled"]);
    c.answers.push_back(Answer::Title("Show answer".into()));
    c.answers.push_back(Answer::Hold);
    c.execute("interview-prep.quizFile", json!({"uri": uri})).unwrap();
    // The first answer is saved; the disk fails before the second is given.
    c.wait_for_server_request("window/showMessageRequest", 4);
    std::fs::write(&flag, "").unwrap();
    c.answers.clear();
    let held = c.server_requests.iter().rfind(|r| r["method"] == "window/showMessageRequest").unwrap().clone();
    c.send(&json!({"jsonrpc": "2.0", "id": held["id"], "result": {"title": "Easy"}}));
    flashcard(&mut c, &["Forgot"]);
    c.answers.push_back(Answer::Title("Show answer".into()));
    c.answers.push_back(Answer::Hold);
    c.wait_for_server_request("window/showMessageRequest", 8);
    let warned = c.wait_for("window/showMessage", |p| p["type"] == 2);
    let text = warned["message"].as_str().unwrap();
    assert!(text.contains("injected write failure") && text.contains("kept in memory"), "{text}");
    assert!(message(&c.prompts()[4]).starts_with("Not saved yet (kept in memory)"), "{}", message(&c.prompts()[4]));
    // Still serving while answers wait.
    let lens = file_lens_title(&mut c, &uri);
    assert!(!lens.is_empty());
    std::fs::remove_file(&flag).unwrap();
    c.answers.clear();
    let held = c.server_requests.iter().rfind(|r| r["method"] == "window/showMessageRequest").unwrap().clone();
    c.send(&json!({"jsonrpc": "2.0", "id": held["id"], "result": {"title": "Struggled"}}));
    let told = c.wait_for("window/showMessage", |p| {
        p["type"] == 3 && p["message"].as_str().is_some_and(|m| m.contains("saved again"))
    });
    assert!(told["message"].as_str().unwrap().contains("2 answers kept in memory were written"), "{told}");
    c.wait_for_server_request("window/showMessageRequest", 9);
    let ratings: Vec<Rating> = store(data.path()).reviews().unwrap().iter().map(|r| r.rating).collect();
    assert_eq!(ratings, [Rating::Good, Rating::Easy, Rating::Again, Rating::Hard], "all four, in order");
    c.kill();
}

/// A quiz that ends while the disk still refuses writes: the answers stay in memory (written
/// with the next answer the disk takes) and also go to a review log for `progress import`.
#[cfg(feature = "test-hooks")]
#[test]
fn answers_still_refused_when_a_quiz_ends_are_also_written_aside_for_import() {
    use interview_prep::progress::exchange::read_reviews_csv;
    let data = tempfile::tempdir().unwrap();
    let flag = data.path().join("fail-writes");
    std::fs::write(&flag, "").unwrap();
    let mut c = server(data.path(), &[("INTERVIEW_PREP_TEST_FAIL_WRITES", &flag)]);
    c.initialize(json!({}), json!({}));
    let uri = open_example(&mut c);
    flashcard(&mut c, &["Recalled", "Easy"]);
    c.answers.push_back(Answer::Dismiss);
    c.execute("interview-prep.quizFile", json!({"uri": uri})).unwrap();
    let end = c.wait_for("window/showMessage", |p| {
        p["type"] == 3 && p["message"].as_str().is_some_and(|m| m.contains("Quiz finished"))
    });
    let text = end["message"].as_str().unwrap();
    assert!(text.contains("2 answers not saved yet are kept in memory and in "), "{text}");
    let file = text.rsplit("progress import ").next().unwrap().split('`').next().unwrap();
    let aside = read_reviews_csv(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(aside.iter().map(|r| r.rating).collect::<Vec<_>>(), [Rating::Good, Rating::Easy]);
    assert_eq!(store(data.path()).review_count().unwrap(), 0);
    // The disk recovers while the server runs: the next answer brings the kept ones in.
    std::fs::remove_file(&flag).unwrap();
    flashcard(&mut c, &["Forgot"]);
    c.answers.push_back(Answer::Dismiss);
    c.execute("interview-prep.quizFile", json!({"uri": uri})).unwrap();
    c.wait_for("window/showMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("saved again")));
    assert_eq!(c.shutdown_and_exit(), Some(0));
    let s = store(data.path());
    assert_eq!(
        s.reviews().unwrap().iter().map(|r| r.rating).collect::<Vec<_>>(),
        [Rating::Good, Rating::Easy, Rating::Again]
    );
    // Importing the log afterwards adds nothing twice.
    assert_eq!(s.import(&aside, &Scheduler::default_params()).unwrap(), 0);
}

/// A server killed mid-quiz while the disk refuses writes: the answers it kept in memory are
/// already in the review log, written after each one, so `progress import` brings them back.
#[cfg(feature = "test-hooks")]
#[test]
fn a_server_killed_while_the_disk_fails_leaves_its_kept_answers_in_the_log() {
    use interview_prep::progress::exchange::read_reviews_csv;
    let data = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let flag = data.path().join("fail-writes");
    std::fs::write(&flag, "").unwrap();
    let mut c =
        server(data.path(), &[("INTERVIEW_PREP_TEST_FAIL_WRITES", &flag), ("INTERVIEW_PREP_CACHE", cache.path())]);
    c.initialize(json!({}), json!({}));
    let uri = open_example(&mut c);
    flashcard(&mut c, &["Recalled", "Easy"]);
    c.answers.push_back(Answer::Title("Show answer".into()));
    c.answers.push_back(Answer::Hold);
    c.execute("interview-prep.quizFile", json!({"uri": uri})).unwrap();
    // The sixth prompt (rate the third answer) is up and never answered.
    c.wait_for_server_request("window/showMessageRequest", 6);
    c.kill();
    assert_eq!(store(data.path()).review_count().unwrap(), 0, "the disk took nothing");
    let logs: Vec<_> = std::fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("unsaved-answers-"))
        .collect();
    assert_eq!(logs.len(), 1, "{logs:?}");
    let kept = read_reviews_csv(&std::fs::read_to_string(&logs[0]).unwrap()).unwrap();
    assert_eq!(kept.iter().map(|r| r.rating).collect::<Vec<_>>(), [Rating::Good, Rating::Easy]);
    // Once the disk works, importing the log restores both answers.
    std::fs::remove_file(&flag).unwrap();
    let s = store(data.path());
    assert_eq!(s.import(&kept, &Scheduler::default_params()).unwrap(), 2);
    assert_eq!(s.review_count().unwrap(), 2);
}

#[test]
fn a_database_from_an_older_schema_migrates() {
    let data = tempfile::tempdir().unwrap();
    let generators = Deck::builtin().primary("generator-function").unwrap().id.clone();
    let old = create_at_version(&data.path().join(FILE_NAME), 1).unwrap();
    let t = now() - 5 * DAY;
    old.execute(
        "INSERT INTO cards VALUES (?1, 2.3, 5.0, ?2, 1, 0, ?3, 3)",
        rusqlite::params![generators, t + 2 * DAY, t],
    )
    .unwrap();
    old.execute(
        "INSERT INTO reviews (entry_id, reviewed_at, rating, elapsed_days, scheduled_days, mode) VALUES (?1, ?2, 3, 0, 2, 'flashcard')",
        rusqlite::params![generators, t],
    )
    .unwrap();
    drop(old);
    let mut c = server(data.path(), &[]);
    c.initialize(json!({}), json!({}));
    let summary = c.execute("interview-prep.progressSummary", json!({})).unwrap();
    assert_eq!((summary["cards"].as_u64(), summary["due"].as_u64()), (Some(1), Some(1)));
    c.answers.push_back(Answer::Title("Show answer".into()));
    c.answers.push_back(Answer::Title("Recalled".into()));
    c.execute("interview-prep.quizDue", json!({})).unwrap();
    c.wait_quiz_ended(1);
    assert_eq!(c.shutdown_and_exit(), Some(0));
    let s = store(data.path());
    let reviews = s.reviews().unwrap();
    assert_eq!(reviews.len(), 2);
    assert_eq!(reviews[0].duration_ms, None, "an old review has no value in the new columns");
    assert!(reviews[1].duration_ms.is_some(), "new columns are filled from now on");
    assert_eq!(s.card(&generators).unwrap().unwrap().reps, 2);
    let version: i64 = rusqlite_version(&data.path().join(FILE_NAME));
    assert_eq!(version, MIGRATIONS.len() as i64);
}

fn rusqlite_version(path: &Path) -> i64 {
    rusqlite::Connection::open(path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap()
}

/// Another process holding the database's write lock at start-up (a CLI quiz, a second editor)
/// does not hold up the editor: the store opens off the request path, and requests answer with
/// what is loaded while it waits.
#[test]
fn a_database_locked_by_another_writer_does_not_hold_up_requests() {
    let data = tempfile::tempdir().unwrap();
    drop(store(data.path()));
    let locker = rusqlite::Connection::open(data.path().join(FILE_NAME)).unwrap();
    locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let mut c = server(data.path(), &[]);
    c.initialize(json!({}), json!({}));
    let (_, uri, text) = example();
    c.open(&uri, &text);
    c.diagnostics(&uri, 1);
    let (line, character) = pos16(&text, "yield");
    let asked = std::time::Instant::now();
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
        .unwrap();
    // The store's own wait for the lock is 15 s; a request that shared it would take that long.
    assert!(asked.elapsed() < std::time::Duration::from_secs(5), "the hover waited {:?}", asked.elapsed());
    assert!(hover["contents"]["value"].as_str().is_some_and(|v| v.contains("enerator")), "{hover}");
    locker.execute_batch("COMMIT").unwrap();
    drop(locker);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}
