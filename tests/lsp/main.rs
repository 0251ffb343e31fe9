//! End-to-end tests of `interview-prep serve` over real JSON-RPC framing.

mod actions;
mod files;
#[path = "../support/client.rs"]
mod harness;
mod languages;
mod quiz;
mod snapshots;
mod study;
mod visibility;

use harness::{file_uri, pos16, repo_root, Answer, Client};
use serde_json::{json, Value};

const SAMPLE: &str = "\
import contextlib


def read_batches(rows, size=100, seen=[]):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []


class Cart:
    @property
    def total(self):
        with contextlib.suppress(ValueError):
            return 1
";

fn sample_uri(name: &str) -> String {
    file_uri(&repo_root().join("target").join(name))
}

fn find<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn diagnostics_carry_codes_severities_source_and_links() {
    let mut c = Client::spawn();
    let init = c.initialize(json!({}), json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    let commands = init["capabilities"]["executeCommandProvider"]["commands"].as_array().unwrap();
    assert!(commands.contains(&json!("interview-prep.quizFile")));
    let uri = sample_uri("diag.py");
    c.open(&uri, SAMPLE);
    let diags = c.diagnostics(&uri, 1);
    for code in ["generator-function", "mutable-default-argument", "property", "context-manager"] {
        assert!(!find(&diags, code).is_empty(), "no {code} in {diags:#?}");
    }
    for d in &diags {
        assert_eq!(d["source"], "interview-prep");
        assert!(!d["message"].as_str().unwrap().is_empty());
        let href = d["codeDescription"]["href"].as_str().unwrap_or_else(|| panic!("no link: {d}"));
        assert!(href.starts_with("file://") && href.contains(".md#L"), "{href}");
    }
    // Concepts are hints, pitfalls warnings.
    assert_eq!(find(&diags, "generator-function")[0]["severity"], 4);
    let pitfall = find(&diags, "mutable-default-argument")[0];
    assert_eq!(pitfall["severity"], 2);
    let (line, col) = pos16(SAMPLE, "[]):");
    assert_eq!(
        pitfall["range"],
        json!({"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 2}})
    );
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn hover_on_yield_answers_the_generator_question() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let uri = sample_uri("hover.py");
    c.open(&uri, SAMPLE);
    c.diagnostics(&uri, 1);
    let (line, col) = pos16(SAMPLE, "yield batch");
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col + 2}}),
        )
        .unwrap();
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**Generators**"), "{text}");
    assert!(text.to_lowercase().contains("generator"), "{text}");
    assert!(text.contains("**Q: "), "{text}");
    assert!(text.contains("Pitfall"), "{text}");
    assert!(text.contains("Follow-ups"), "{text}");
    assert_eq!(hover["range"]["start"], json!({"line": line, "character": col}));
    // Nothing to say away from findings; a position past the end is clamped, not an error.
    let empty =
        c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}));
    assert_eq!(empty, Ok(Value::Null));
    let past = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 9999, "character": 9999}}),
    );
    assert_eq!(past, Ok(Value::Null));
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn code_lens_offers_quiz_on_file_and_on_each_definition() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let uri = sample_uri("lens.py");
    c.open(&uri, SAMPLE);
    c.diagnostics(&uri, 1);
    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).unwrap();
    let lenses = lenses.as_array().unwrap();
    let file = lenses.iter().find(|l| l["command"]["command"] == "interview-prep.quizFile").expect("file lens");
    let title = file["command"]["title"].as_str().unwrap();
    // Short titles ("6 concepts · Quiz"; "K due" once some are); what they are in `details`.
    assert!(title.ends_with(" concepts · Quiz") && !title.contains("due"), "{title}");
    assert!(file["data"]["details"].as_str().unwrap().starts_with("⚠ Mutable default argument · "), "{file}");
    assert_eq!(file["command"]["arguments"][0]["uri"], uri.as_str());
    let ranges: Vec<&Value> = lenses.iter().filter(|l| l["command"]["command"] == "interview-prep.quizRange").collect();
    assert_eq!(ranges.len(), 2, "one per top-level def/class with findings: {lenses:#?}");
    assert!(ranges[0]["data"]["details"].as_str().unwrap().contains("Generators"));
    assert!(ranges[1]["data"]["details"].as_str().unwrap().contains("@property"));
    assert!(ranges[1]["command"]["arguments"][0]["range"]["start"]["line"].is_number());
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn definition_jumps_to_the_entry_heading_in_a_deck_file() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let uri = sample_uri("def.py");
    c.open(&uri, SAMPLE);
    c.diagnostics(&uri, 1);
    let (line, col) = pos16(SAMPLE, "yield batch");
    let loc = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col}}),
        )
        .unwrap();
    let target = loc["uri"].as_str().unwrap();
    assert!(target.ends_with(".md"), "{target}");
    let path = target.strip_prefix("file://").unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let heading = text.lines().nth(loc["range"]["start"]["line"].as_u64().unwrap() as usize).unwrap();
    assert!(heading.starts_with("## "), "{heading}");
    // The cached deck lives in the server's private cache directory.
    assert!(path.starts_with(c.home.path().to_str().unwrap()), "{path}");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn incremental_edits_with_emoji_cjk_and_crlf_keep_ranges_exact() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let uri = sample_uri("edits.py");
    // A pitfall: marked on every occurrence, so its mark shows where each one is.
    let text = "def gen(xs):\r\n    for x in xs:\r\n        yield x is 1\r\n";
    c.open(&uri, text);
    c.diagnostics(&uri, 1);
    // Put an emoji and CJK text before it on its own line (UTF-16: the emoji is 2 units).
    c.change(&uri, 2, json!([{"range": {"start": {"line": 2, "character": 8}, "end": {"line": 2, "character": 8}}, "text": "s = '😀中文'; "}]));
    let diags = c.diagnostics(&uri, 2);
    let expected = "def gen(xs):\r\n    for x in xs:\r\n        s = '😀中文'; yield x is 1\r\n";
    let (line, col) = pos16(expected, "x is 1");
    let y = find(&diags, "is-literal-comparison")
        .into_iter()
        .find(|d| d["range"]["start"]["line"] == line)
        .expect("the pitfall");
    assert_eq!(
        y["range"],
        json!({"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 6}})
    );
    // Insert a new first line with an emoji; every finding moves down one line.
    c.change(&uri, 3, json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "# 🎉 batches\r\n"}]));
    let diags = c.diagnostics(&uri, 3);
    let y = find(&diags, "is-literal-comparison")
        .into_iter()
        .find(|d| d["range"]["start"]["line"] == line + 1)
        .expect("moved");
    assert_eq!(y["range"]["start"]["character"], col);
    // Delete the def line's name and retype it (two edits in one notification).
    c.change(
        &uri,
        4,
        json!([
            {"range": {"start": {"line": 1, "character": 4}, "end": {"line": 1, "character": 7}}, "text": ""},
            {"range": {"start": {"line": 1, "character": 4}, "end": {"line": 1, "character": 4}}, "text": "生成"}
        ]),
    );
    let diags = c.diagnostics(&uri, 4);
    let name =
        find(&diags, "generator-function").into_iter().find(|d| d["range"]["start"]["line"] == 1).expect("def name");
    assert_eq!(name["range"], json!({"start": {"line": 1, "character": 4}, "end": {"line": 1, "character": 6}}));
    // A whole-text replacement.
    c.change(&uri, 5, json!([{"text": "x = 1\n"}]));
    assert!(c.diagnostics(&uri, 5).is_empty());
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn utf8_is_negotiated_when_offered() {
    let mut c = Client::spawn();
    let init = c.initialize(json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}), json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let uri = sample_uri("utf8.py");
    let text = "s = '😀'; t = lambda: 0\n";
    c.open(&uri, text);
    let diags = c.diagnostics(&uri, 1);
    let lambda = find(&diags, "lambda")[0];
    assert_eq!(lambda["range"]["start"], json!({"line": 0, "character": text.find("lambda").unwrap()}));
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn quiz_file_asks_through_show_message_request_and_shows_the_answer() {
    let mut c = Client::spawn();
    c.initialize(json!({"workspace": {"codeLens": {"refreshSupport": true}}}), json!({}));
    let uri = sample_uri("quiz.py");
    c.open(&uri, SAMPLE);
    c.diagnostics(&uri, 1);
    c.answers.push_back(Answer::Title("Show answer".into()));
    c.answers.push_back(Answer::Dismiss);
    let result = c.request(
        "workspace/executeCommand",
        json!({"command": "interview-prep.quizFile", "arguments": [{"uri": uri}]}),
    );
    assert_eq!(result, Ok(Value::Null), "the command returns at once");
    let asked = c.wait_for_server_request("window/showMessageRequest", 1);
    assert!(asked["message"].as_str().unwrap().contains("?"), "{asked}");
    let titles: Vec<&str> = asked["actions"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Show answer", "Skip"]);
    let answer = c.wait_for_server_request("window/showMessageRequest", 2);
    assert!(answer["message"].as_str().unwrap().contains("Answer: "), "{answer}");
    // Dismissing ends the quiz; the server says so and, as this client supports it, asks for
    // the lenses again.
    let ended = c.wait_quiz_ended(1);
    assert!(ended["summary"]["due"].is_number(), "{ended}");
    c.wait_for_server_request("workspace/codeLens/refresh", 1);
    // Bad arguments are InvalidParams, not a crash.
    let err = c
        .request("workspace/executeCommand", json!({"command": "interview-prep.quizFile", "arguments": [{"uri": 5}]}))
        .unwrap_err();
    assert_eq!(err["code"], -32602);
    assert!(err["message"].as_str().unwrap().contains("bad argument `uri`"), "{err}");
    let err = c.execute("interview-prep.quizRange", json!({"uri": uri, "range": {"start": 3}})).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("`range.start`"), "{err}");
    let err = c.execute("interview-prep.noSuchCommand", json!({})).unwrap_err();
    assert_eq!(err["code"], -32602);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn bad_settings_warn_once_naming_the_key_and_severities_apply() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({"conceptSeverity": "loud", "pitfallSeverity": "information"}));
    let warning = c.wait_for("window/showMessage", |p| p["type"] == 2);
    assert!(warning["message"].as_str().unwrap().contains("conceptSeverity"), "{warning}");
    let uri = sample_uri("settings.py");
    c.open(&uri, SAMPLE);
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(find(&diags, "mutable-default-argument")[0]["severity"], 3);
    assert_eq!(find(&diags, "generator-function")[0]["severity"], 4, "bad value falls back to hint");
    // Turning concepts off leaves only pitfalls.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"interviewPrep": {"conceptSeverity": "off"}}}));
    let params = c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str()
            && p["diagnostics"].as_array().is_some_and(|d| d.iter().all(|d| d["code"] == "mutable-default-argument"))
    });
    assert_eq!(params["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn exit_without_shutdown_is_exit_code_1_and_changes_to_unknown_documents_are_ignored() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let uri = sample_uri("never-opened.py");
    c.change(&uri, 2, json!([{"text": "x = 1\n"}]));
    // A stale version is refused: the text stays as it was.
    let open = sample_uri("stale.py");
    c.open(&open, "def f(x=[]):\n    pass\n");
    c.diagnostics(&open, 1);
    c.change(&open, 1, json!([{"text": "y = 2\n"}]));
    let lens = c.request("textDocument/codeLens", json!({"textDocument": {"uri": open}})).unwrap();
    let def = lens.as_array().unwrap().iter().find(|l| l["command"]["command"] == "interview-prep.quizRange").unwrap();
    assert_eq!(def["command"]["arguments"][0]["version"], 1);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), Some(1));
}

#[test]
fn in_process_server_speaks_the_same_protocol() {
    let mut c = Client::in_process();
    c.initialize(json!({}), json!({}));
    let uri = sample_uri("inproc.py");
    c.open(&uri, SAMPLE);
    let diags = c.diagnostics(&uri, 1);
    assert!(!find(&diags, "generator-function").is_empty());
    assert_eq!(c.shutdown_and_exit(), None, "no process to exit in-process");
}

#[cfg(feature = "test-hooks")]
#[test]
fn a_panic_in_a_handler_is_an_error_response_and_the_server_keeps_serving() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let err = c.request("workspace/executeCommand", json!({"command": "interview-prep.debugPanic"})).unwrap_err();
    assert_eq!(err["code"], -32603, "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("panicked") || err["message"].as_str().unwrap().contains("failed")
    );
    let uri = sample_uri("after-panic.py");
    c.open(&uri, SAMPLE);
    assert!(!c.diagnostics(&uri, 1).is_empty());
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn user_decks_extend_and_override_and_a_malformed_one_does_not_stop_the_server() {
    let decks = tempfile::tempdir().unwrap();
    std::fs::write(
        decks.path().join("mine.md"),
        "# Mine\n\n## My own generator question?\n\n`id: python-generators` · `level: basic` · `concepts: generator-function`\n\n\
### Short answer\nMY OWN SHORT ANSWER.\n\n### Answer\nLong.\n\n### Example\n```python\ndef g():\n    yield 1\n```\n\n\
### Follow-ups\n- Next?\n\n### Common mistakes\n- Oops.\n\n## Broken entry without metadata\n\nNothing here.\n",
    )
    .unwrap();
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({"deckPaths": [decks.path()]}));
    let uri = sample_uri("userdeck.py");
    c.open(&uri, SAMPLE);
    c.diagnostics(&uri, 1);
    let (line, col) = pos16(SAMPLE, "yield batch");
    // User decks load in the background after `initialized`; until then hovers use the
    // built-in deck.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let text = loop {
        let hover = c
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col}}),
            )
            .unwrap();
        let text = hover["contents"]["value"].as_str().unwrap().to_string();
        if text.contains("MY OWN SHORT ANSWER.") || std::time::Instant::now() > deadline {
            break text;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(text.contains("MY OWN SHORT ANSWER."), "{text}");
    let loc = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col}}),
        )
        .unwrap();
    assert!(loc["uri"].as_str().unwrap().ends_with("/mine.md"), "{loc}");
    assert_eq!(loc["range"]["start"]["line"], 2);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

/// Error recovery after an incremental reparse can differ from a fresh parse's. The first
/// publish after a keystroke comes from the incremental tree; once typing pauses, the server
/// parses the text from scratch and, when that changes the findings, publishes again for the
/// same version: the diagnostics end up those of a fresh open. The edits were found by random
/// editing: after the last one, the incremental analysis still reports the SQL of the inserted
/// `cursor.execute(...)`, which a fresh parse puts inside the string opened above it.
#[test]
fn after_a_pause_in_typing_the_diagnostics_are_those_of_a_fresh_parse() {
    let sql = "cursor.execute(\"SELECT * FROM t JOIN u ON u.id = t.id\")\n";
    type At = (usize, usize);
    let edits: [(At, At, &str); 6] = [
        ((115, 7), (115, 8), "# interview-prep: ignore\n"),
        ((38, 54), (38, 70), sql),
        ((57, 70), (57, 95), "\n"),
        ((3, 15), (6, 4), "'"),
        ((37, 49), (40, 5), "\"\"\""),
        ((94, 0), (94, 14), sql),
    ];
    // The text is ASCII: a column is a byte.
    let mut text = include_str!("../concepts/django_orm.py").to_string();
    let offset =
        |t: &str, (line, col): (usize, usize)| t.split_inclusive('\n').take(line).map(str::len).sum::<usize>() + col;
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let uri = sample_uri("pause.py");
    c.open(&uri, &text);
    c.diagnostics(&uri, 1);
    let at = |(line, character): (usize, usize)| json!({"line": line, "character": character});
    // Typed without a pause: each change is sent before the server has answered the one before.
    for (version, (start, end, new)) in edits.into_iter().enumerate() {
        c.change(&uri, version as i64 + 2, json!([{"range": {"start": at(start), "end": at(end)}, "text": new}]));
        text.replace_range(offset(&text, start)..offset(&text, end), new);
    }
    let first = c.diagnostics(&uri, 7);
    let fresh_uri = sample_uri("pause-fresh.py");
    c.open(&fresh_uri, &text);
    let fresh = c.diagnostics(&fresh_uri, 1);
    let codes = |d: &[Value]| d.iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect::<Vec<_>>();
    assert_ne!(codes(&first), codes(&fresh), "the edits no longer make error recovery differ");
    let settled = c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str() && p["version"] == 7 && p["diagnostics"].as_array().map(Vec::len) != Some(first.len())
    });
    let settled = settled["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_eq!(codes(&settled), codes(&fresh));
    assert_eq!(c.shutdown_and_exit(), Some(0));
}
