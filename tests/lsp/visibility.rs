//! One rule decides which findings are visible, for every surface: a concept the project hides
//! (`.interview-prep.toml` with `ignore = ["args-kwargs"]`, what "Hide in this project" writes)
//! shows in no diagnostic, hover, lens, definition or code action, and no quiz asks about it —
//! file, range, concept, due or mock. Each surface is checked against the real binary on stdio
//! and against the same server in-process. (The CLI's check, scan and quiz: `tests/cli`.)

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::harness::{file_uri, pos16, Answer, Client};
use interview_prep::deck::Deck;
use interview_prep::progress::store::FILE_NAME;
use interview_prep::progress::{Mode, NewReview, Rating, Scheduler, Store};

const HIDDEN: &str = "args-kwargs";

const CODE: &str = "\
# 🐍 helpers
def log_all(*args, **kwargs):
    for a in args:
        print(a)


def numbers(limit):
    for n in range(limit):
        yield n
";

/// A workspace whose project configuration hides `args-kwargs`, and a progress store in which
/// its question and the generators question are both due.
struct Workspace {
    dir: tempfile::TempDir,
    data: PathBuf,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".interview-prep.toml"), format!("ignore = [\"{HIDDEN}\"]\n")).unwrap();
        std::fs::write(dir.path().join("helpers.py"), CODE).unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        let store = Store::open_file(&data.join(FILE_NAME)).unwrap();
        let deck = Deck::builtin();
        let long_ago =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64 - 30 * 86_400;
        for concept in [HIDDEN, "generator-function"] {
            let review = NewReview {
                entry: deck.primary(concept).unwrap().id.clone(),
                rating: Rating::Again,
                at: long_ago,
                mode: Mode::Flashcard,
                file: None,
                concept: None,
                duration_ms: None,
                answer: None,
            };
            store.record(&review, &Scheduler::default_params()).unwrap();
        }
        Workspace { dir, data }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn uri(&self) -> String {
        file_uri(&self.root().join("helpers.py"))
    }

    /// A session on this workspace, the file open and its diagnostics published.
    fn session(&self, mut c: Client) -> (Client, Vec<Value>) {
        c.initialize_in(self.root(), json!({}), json!({"dataDir": self.data}));
        c.open(&self.uri(), CODE);
        let diags = c.diagnostics(&self.uri(), 1);
        (c, diags)
    }
}

/// Questions of entries about the hidden concept (listing it first): none may be asked.
fn hidden_questions() -> Vec<String> {
    let deck = Deck::builtin();
    let hidden: Vec<String> = deck
        .entries()
        .iter()
        .filter(|e| e.concepts.first().map(String::as_str) == Some(HIDDEN))
        .map(|e| e.question.clone())
        .collect();
    assert!(!hidden.is_empty());
    hidden
}

fn assert_never_asked(c: &Client) {
    let hidden = hidden_questions();
    let prompts = c.prompts();
    assert!(!prompts.is_empty(), "the quiz asked something");
    for p in &prompts {
        let m = p["message"].as_str().unwrap();
        for q in &hidden {
            assert!(!m.contains(q.as_str()), "asked about the hidden concept: {m}");
        }
        assert!(!m.contains("*args and **kwargs"), "{m}");
    }
}

/// Skips through a whole quiz, and waits for its end.
fn skip_all(c: &mut Client, ended: usize) {
    c.answers.extend(std::iter::repeat_n(Answer::Title("Skip".into()), 400));
    c.wait_quiz_ended(ended);
    c.answers.clear();
}

fn each_server(check: impl Fn(Client)) {
    check(Client::spawn());
    check(Client::in_process());
}

#[test]
fn hidden_in_diagnostics_hover_lenses_definition_and_actions() {
    let w = Workspace::new();
    each_server(|c| {
        let (mut c, diags) = w.session(c);
        let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
        assert!(codes.contains(&"generator-function"), "{codes:?}");
        assert!(!codes.contains(&HIDDEN), "diagnostics: {codes:?}");

        let (line, character) = pos16(CODE, "args, **");
        let at = json!({"textDocument": {"uri": w.uri()}, "position": {"line": line, "character": character}});
        let hover = c.request("textDocument/hover", at.clone()).unwrap();
        assert_eq!(hover, Value::Null, "hover on a hidden concept");
        let definition = c.request("textDocument/definition", at).unwrap();
        assert_eq!(definition, Value::Null, "definition of a hidden concept");

        let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": w.uri()}})).unwrap();
        let lenses = lenses.as_array().unwrap();
        assert!(!lenses.is_empty());
        for l in lenses {
            let title = l["command"]["title"].as_str().unwrap();
            assert!(!title.contains("*args"), "lens: {title}");
            assert!(!l["command"]["arguments"][0]["concepts"].to_string().contains(HIDDEN), "{l}");
        }
        assert!(
            lenses.iter().all(|l| l["range"]["start"]["line"] != 1),
            "no lens on a def whose only concept is hidden: {lenses:#?}"
        );

        let range =
            json!({"start": {"line": line, "character": character}, "end": {"line": line, "character": character}});
        let actions = c
            .request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": w.uri()}, "range": range, "context": {"diagnostics": []}}),
            )
            .unwrap();
        let text = actions.to_string();
        assert!(!text.contains(HIDDEN), "code actions: {text}");
        c.shutdown_and_exit();
    });
}

#[test]
fn hidden_in_file_range_and_concept_quizzes() {
    let w = Workspace::new();
    each_server(|c| {
        let (mut c, _) = w.session(c);
        c.execute("interview-prep.quizFile", json!({"uri": w.uri(), "count": 200})).unwrap();
        skip_all(&mut c, 1);
        assert_never_asked(&c);

        // The lens of `log_all` would carry these arguments if it existed.
        let (line, _) = pos16(CODE, "def log_all");
        let range = json!({"start": {"line": line, "character": 0}, "end": {"line": line + 3, "character": 0}});
        let err = c
            .execute(
                "interview-prep.quizRange",
                json!({"uri": w.uri(), "version": 1, "range": range, "concepts": [HIDDEN]}),
            )
            .unwrap_err();
        assert_eq!(err["code"], -32602, "nothing visible to quiz on in that range: {err}");

        let err = c.execute("interview-prep.quizConcept", json!({"concept": HIDDEN, "uri": w.uri()})).unwrap_err();
        assert_eq!(err["code"], -32602);
        assert!(err["message"].as_str().unwrap().contains("hidden"), "{err}");
        c.shutdown_and_exit();
    });
}

#[test]
fn hidden_in_due_and_mock_quizzes() {
    let w = Workspace::new();
    each_server(|c| {
        let (mut c, _) = w.session(c);
        c.execute("interview-prep.quizDue", json!({"count": 200})).unwrap();
        skip_all(&mut c, 1);
        assert_never_asked(&c);
        let generators = Deck::builtin().primary("generator-function").unwrap().question.clone();
        assert!(
            c.prompts().iter().any(|p| p["message"].as_str().unwrap().contains(&generators)),
            "the other due card is asked"
        );

        c.execute("interview-prep.mockInterview", json!({"topic": "python", "count": 200})).unwrap();
        skip_all(&mut c, 2);
        assert_never_asked(&c);
        c.shutdown_and_exit();
    });
}
