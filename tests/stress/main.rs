//! Stress through the real binary over stdio: long edit sessions, many open files, huge and
//! deeply nested files, NUL bytes, and notifications a well-behaved client would not send. After
//! each case the server must still answer a hover on a probe document.

#[path = "../support/client.rs"]
mod harness;

use harness::{file_uri, pos16, repo_root, Client};
use serde_json::{json, Value};

const PROBE: &str = "def gen(rows):\n    for r in rows:\n        yield r\n";

fn uri(name: &str) -> String {
    file_uri(&repo_root().join("target").join("stress").join(name))
}

/// A started server with the probe document open and analysed.
fn server() -> Client {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    c.open(&uri("probe.py"), PROBE);
    assert!(!c.diagnostics(&uri("probe.py"), 1).is_empty());
    c
}

/// The server still serves: a hover on the probe's generator answers with its question.
fn assert_alive(c: &mut Client) {
    let (line, character) = pos16(PROBE, "yield");
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri("probe.py")}, "position": {"line": line, "character": character}}),
        )
        .expect("hover answers");
    assert!(hover["contents"]["value"].as_str().is_some_and(|v| !v.is_empty()), "empty hover: {hover}");
}

/// The server still serves, and shuts down cleanly.
fn finish(mut c: Client) {
    assert_alive(&mut c);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

/// A deterministic generator (xorshift64*), so a failure replays exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// LSP position (UTF-16 columns) of a byte offset; `text` breaks lines at `\n` only.
fn position(text: &str, byte: usize) -> Value {
    let before = &text[..byte];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": before.matches('\n').count(), "character": text[line_start..byte].encode_utf16().count()})
}

const PIECES: &[&str] = &[
    "😀",
    "🐍",
    "𝔘𝔫",
    "中文",
    "e\u{301}",
    "x",
    " ",
    "\n",
    "\n\n",
    "(",
    ")",
    "[]",
    "\"",
    "# 🎉\n",
    "yield v\n",
    "def f(a=[]):\n    ",
    "lambda: 0",
    "class K:\n    @property\n    def p(self):\n        return 1\n",
    "import requests\nrequests.get(u)\n",
    "    ",
];

#[test]
fn ten_thousand_astral_edits_end_as_a_fresh_open() {
    let mut c = server();
    let edited = uri("edited.py");
    let mut text = String::from("def start():\n    return '😀'\n");
    c.open(&edited, &text);
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut version = 1;
    let mut batch = Vec::new();
    for i in 0..10_000 {
        let bounds: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let a = bounds[rng.below(bounds.len())];
        // Deletions grow when the text does, so it stays a few kilobytes.
        let span = if rng.below(4_000) < text.len() { rng.below(24) } else { rng.below(3) };
        let b = bounds.iter().copied().find(|&x| x >= a + span).unwrap_or(text.len());
        let insert = if rng.below(3) == 0 { "" } else { PIECES[rng.below(PIECES.len())] };
        batch.push(json!({"range": {"start": position(&text, a), "end": position(&text, b)}, "text": insert}));
        text.replace_range(a..b, insert);
        if batch.len() == 10 || i == 9_999 {
            version += 1;
            c.change(&edited, version, Value::Array(std::mem::take(&mut batch)));
        }
    }
    let after_edits = c.diagnostics(&edited, version);
    let fresh = uri("fresh.py");
    c.open(&fresh, &text);
    let reopened = c.diagnostics(&fresh, 1);
    assert!(!reopened.is_empty(), "the final text should have findings:\n{text}");
    assert_eq!(after_edits, reopened, "final text:\n{text}");
    finish(c);
}

#[test]
fn two_hundred_files_open_at_once() {
    let mut c = server();
    let uris: Vec<String> = (0..200).map(|i| uri(&format!("many_{i}.py"))).collect();
    for (i, u) in uris.iter().enumerate() {
        c.open(u, &format!("def gen_{i}(rows):\n    yield from rows\n\n\nf{i} = lambda: {i}\n"));
    }
    for u in &uris {
        let diags = c.diagnostics(u, 1);
        let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
        assert!(codes.contains(&"generator-function") && codes.contains(&"lambda"), "{u}: {codes:?}");
    }
    finish(c);
}

/// Over the size limit (2 MB) a document is kept in sync but not analysed, and the user is told
/// why it has no diagnostics; cut back below the limit, it is analysed again.
#[test]
fn a_five_megabyte_file_is_synced_but_not_analysed() {
    let mut c = server();
    let block = "def gen(rows):\n    for r in rows:\n        yield r  # 😀\n\n\n";
    let mut text = block.repeat(5 * 1024 * 1024 / block.len() + 1);
    let big = uri("big.py");
    c.open(&big, &text);
    assert_eq!(c.diagnostics(&big, 1), Vec::<Value>::new());
    let note = c.wait_for("window/showMessage", |p| {
        p["message"].as_str().is_some_and(|m| m.contains("big.py is 5.0 MB") && m.contains("not analysed"))
    });
    assert_eq!(note["type"], 2, "a warning: {note}");
    // An edit at the very end, then everything but the last lines cut.
    let tail = "f = lambda: 0\n";
    let end = position(&text, text.len());
    c.change(&big, 2, json!([{"range": {"start": end, "end": end}, "text": tail}]));
    text.push_str(tail);
    assert_eq!(c.diagnostics(&big, 2), Vec::<Value>::new());
    let cut = text.len() - 2 * block.len() - tail.len();
    c.change(&big, 3, json!([{"range": {"start": position(&text, 0), "end": position(&text, cut)}, "text": ""}]));
    text.replace_range(..cut, "");
    let after = c.diagnostics(&big, 3);
    let fresh = uri("big_fresh.py");
    c.open(&fresh, &text);
    assert!(!after.is_empty());
    assert_eq!(after, c.diagnostics(&fresh, 1));
    finish(c);
}

#[test]
fn ten_thousand_deep_nesting_is_served() {
    let mut c = server();
    let depth = 10_000;
    let cases = [
        ("parens.py", format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth))),
        ("lists.py", format!("x = {}1{}\n", "[".repeat(depth), "]".repeat(depth))),
        ("calls.py", format!("x = {}1{}\n", "f(".repeat(depth), ")".repeat(depth))),
        ("lambdas.py", format!("x = {}0\n", "lambda: ".repeat(depth))),
        ("unclosed.py", format!("def g():\n    yield {}\n", "[(".repeat(depth))),
    ];
    for (name, text) in &cases {
        let u = uri(name);
        c.open(&u, text);
        c.diagnostics(&u, 1);
        assert_alive(&mut c);
    }
    // Deep nesting edited incrementally: the closing half removed and typed back.
    let u = uri("parens.py");
    let text = &cases[0].1;
    let from = position(text, 4 + depth + 1);
    let to = position(text, text.len() - 1);
    c.change(&u, 2, json!([{"range": {"start": from, "end": to}, "text": ""}]));
    c.diagnostics(&u, 2);
    c.change(&u, 3, json!([{"range": {"start": from, "end": from}, "text": ")".repeat(depth)}]));
    c.diagnostics(&u, 3);
    finish(c);
}

/// NUL bytes (which Python rejects) are text like any other: the server neither crashes nor
/// loses sync, and an edited document equals a fresh open.
#[test]
fn nul_bytes_are_text_like_any_other() {
    let mut c = server();
    let mut text = String::from("def gen():\n    yield '\0'\n\0\0\nf = lambda: 0\0\n");
    let u = uri("nul.py");
    c.open(&u, &text);
    c.diagnostics(&u, 1);
    let at = text.find("\0\0").unwrap();
    let insert = "\0yield\0\ng = lambda: 1\n";
    c.change(&u, 2, json!([{"range": {"start": position(&text, at), "end": position(&text, at)}, "text": insert}]));
    text.insert_str(at, insert);
    let edited = c.diagnostics(&u, 2);
    let fresh = uri("nul_fresh.py");
    c.open(&fresh, &text);
    assert_eq!(edited, c.diagnostics(&fresh, 1));
    finish(c);
}

#[test]
fn a_change_to_a_document_never_opened_is_ignored() {
    let mut c = server();
    let ghost = uri("never_opened.py");
    c.change(
        &ghost,
        2,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                                 "text": "def g():\n    yield 1\n"}]),
    );
    c.change(&ghost, 3, json!([{"text": "x = lambda: 0\n"}]));
    assert_alive(&mut c);
    // The hover answered after both notifications were handled: none published anything.
    assert!(
        !c.notifications.iter().any(|n| n["params"]["uri"] == ghost),
        "a document never opened got diagnostics: {:#?}",
        c.notifications
    );
    // And it is not open now: a hover on it finds nothing.
    let hover = c
        .request("textDocument/hover", json!({"textDocument": {"uri": ghost}, "position": {"line": 0, "character": 0}}))
        .expect("hover answers");
    assert_eq!(hover, Value::Null);
    finish(c);
}

#[test]
fn a_version_going_backwards_leaves_the_document_unchanged() {
    let mut c = server();
    let u = uri("versions.py");
    c.open(&u, "x = 1\n");
    c.diagnostics(&u, 1);
    c.change(&u, 5, json!([{"text": "def gen():\n    yield 1\n"}]));
    let at_five = c.diagnostics(&u, 5);
    // Older and equal versions: refused, whatever they say.
    c.change(&u, 3, json!([{"text": "f = lambda: 0\n"}]));
    c.change(
        &u,
        5,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                             "text": "import pickle\n"}]),
    );
    // A newer change positioned against version 5's text shows that text was kept.
    c.change(
        &u,
        6,
        json!([{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}},
                             "text": "g = lambda: 1\n"}]),
    );
    let at_six = c.diagnostics(&u, 6);
    let fresh = uri("versions_fresh.py");
    c.open(&fresh, "def gen():\n    yield 1\ng = lambda: 1\n");
    assert_eq!(at_six, c.diagnostics(&fresh, 1));
    assert_eq!(at_six.len(), at_five.len() + 1);
    // Nothing was published for the refused versions.
    let published: Vec<&Value> = c
        .notifications
        .iter()
        .filter(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == u)
        .map(|n| &n["params"]["version"])
        .collect();
    assert_eq!(published, [&json!(1), &json!(5), &json!(6)]);
    finish(c);
}
