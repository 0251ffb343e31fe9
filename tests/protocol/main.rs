//! Malformed and hostile protocol input against the real binary on stdio: each case gets the
//! JSON-RPC 2.0 / LSP 3.17 answer (or is ignored where the specifications say so), and a valid
//! request sent after it is still answered.

#[path = "../support/client.rs"]
mod client;
mod hostile;
mod security;

use client::{file_uri, repo_root, Client};
use serde_json::{json, Value};

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn hover_body(id: i64) -> String {
    json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
           "params": {"textDocument": {"uri": "file:///nowhere/a.py"}, "position": {"line": 0, "character": 0}}})
    .to_string()
}

/// Position of the first `needle` in `text`, in UTF-16 code units.
fn line_col(text: &str, needle: &str) -> (u32, u32) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in text"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (text[..at].matches('\n').count() as u32, text[line_start..at].encode_utf16().count() as u32)
}

fn error_code(reply: &Value) -> i64 {
    reply["error"]["code"].as_i64().unwrap_or_else(|| panic!("not an error: {reply}"))
}

/// Sends `bad`, then a valid request; the valid request is answered, and the bad bytes got
/// `errors` replies with a `null` id and this code.
fn after_bad_bytes(c: &mut Client, bad: &[u8], errors: usize, code: i64) {
    let before = c.null_id_errors().len();
    c.send_raw(bad);
    let id = c.id();
    c.send_raw(&frame(&hover_body(id)));
    let reply = c.response_message(id);
    assert_eq!(reply["result"], Value::Null, "{reply}");
    // Replies to the bad bytes are sent before the valid request is read.
    let new: Vec<Value> = c.null_id_errors()[before..].to_vec();
    assert_eq!(new.len(), errors, "after {:?}: {new:#?}", String::from_utf8_lossy(&bad[..bad.len().min(200)]));
    for e in &new {
        assert_eq!(error_code(e), code, "{e}");
    }
}

#[test]
fn bad_framing_gets_a_parse_error_and_the_next_request_is_answered() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let body = hover_body(500);
    // No header at all: the JSON alone.
    after_bad_bytes(&mut c, format!("{body}\r\n").as_bytes(), 1, -32700);
    // Content-Length is not a number, negative, or missing (another header only).
    after_bad_bytes(&mut c, format!("Content-Length: twelve\r\n\r\n{body}").as_bytes(), 1, -32700);
    after_bad_bytes(&mut c, format!("Content-Length: -5\r\n\r\n{body}").as_bytes(), 1, -32700);
    after_bad_bytes(&mut c, format!("Content-Type: application/vscode-jsonrpc\r\n\r\n{body}").as_bytes(), 1, -32700);
    // A header line without a colon; plain binary garbage with NUL bytes.
    after_bad_bytes(&mut c, b"Content-Length 10\r\n\r\n0123456789", 1, -32700);
    after_bad_bytes(&mut c, b"\x00\x01\x02garbage\xff\xfe\x00\r\n\r\n", 1, -32700);
    // Too short: the body is cut, and its rest runs into the next header (also garbage).
    after_bad_bytes(&mut c, format!("Content-Length: 20\r\n\r\n{body}").as_bytes(), 2, -32700);
    // Unknown and extra headers, in any case and order, are fine: the request is answered.
    let extra = format!(
        "X-Trace: 1\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: {}\r\nX-Other: b\r\n\r\n{}",
        hover_body(600).len(),
        hover_body(600)
    );
    after_bad_bytes(&mut c, extra.as_bytes(), 0, 0);
    assert_eq!(c.response_message(600)["result"], Value::Null);
    // Too long: the body swallows the start of the next message, which is lost; the one after
    // that is answered.
    let sacrificed = frame(&hover_body(700));
    let mut bytes = format!("Content-Length: {}\r\n\r\n{body}", body.len() + 30).into_bytes();
    bytes.extend_from_slice(&sacrificed);
    after_bad_bytes(&mut c, &bytes, 2, -32700);
    assert!(!c.seen.iter().any(|m| m["id"] == 700), "the swallowed request cannot be answered");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn bodies_that_are_not_json_rpc_get_the_spec_errors() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    // Invalid JSON: -32700 Parse error, id null.
    after_bad_bytes(&mut c, &frame("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": "), 1, -32700);
    after_bad_bytes(&mut c, &frame("\u{1F600} not json"), 1, -32700);
    after_bad_bytes(&mut c, b"Content-Length: 4\r\n\r\n\xff\xfe\xfd\xfc", 1, -32700);
    // Valid JSON that is no JSON-RPC request: -32600 Invalid Request, id null.
    after_bad_bytes(&mut c, &frame("[]"), 1, -32600);
    after_bad_bytes(&mut c, &frame("42"), 1, -32600);
    after_bad_bytes(&mut c, &frame(r#"{"jsonrpc":"2.0","id":null,"method":7}"#), 1, -32600);
    after_bad_bytes(&mut c, &frame(r#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#), 1, -32600);
    // A usable id is echoed.
    c.send_raw(&frame(r#"{"jsonrpc":"1.0","id":900,"method":"textDocument/hover"}"#));
    assert_eq!(error_code(&c.response_message(900)), -32600);
    c.send_raw(&frame(r#"{"jsonrpc":"2.0","id":901}"#));
    assert_eq!(error_code(&c.response_message(901)), -32600);
    // A repeated key: JSON parsers disagree on it, and tower-lsp-server's decoder rejects it.
    c.send_raw(&frame(r#"{"jsonrpc":"2.0","id":902,"method":"textDocument/hover","method":"x"}"#));
    assert_eq!(error_code(&c.response_message(902)), -32600);
    c.probe();
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn wrong_params_unknown_methods_and_unknown_notifications() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    // Wrong parameter types: -32602 Invalid params.
    for params in [
        json!({"textDocument": 5, "position": {"line": 0, "character": 0}}),
        json!({"textDocument": {"uri": "file:///a.py"}, "position": {"line": "zero", "character": 0}}),
        json!({"textDocument": {"uri": "file:///a.py"}, "position": {"line": -1, "character": 0}}),
        json!([1, 2, 3]),
        Value::Null,
    ] {
        let reply = c.request_message("textDocument/hover", params.clone());
        assert_eq!(error_code(&reply), -32602, "{params}: {reply}");
    }
    let reply = c.request_message("workspace/executeCommand", json!({"command": 12, "arguments": "x"}));
    assert_eq!(error_code(&reply), -32602, "{reply}");
    // Unknown requests, `$/` ones included: -32601 Method not found.
    for method in ["interview-prep/nothing", "textDocument/nonsense", "$/unknownRequest"] {
        let reply = c.request_message(method, json!({}));
        assert_eq!(error_code(&reply), -32601, "{method}: {reply}");
    }
    // Unknown notifications, with or without `$/`, and notifications with wrong params: ignored.
    let before = c.seen.len();
    c.notify("custom/somethingHappened", json!({"x": 1}));
    c.notify("$/unknownNotification", json!({}));
    c.notify("$/cancelRequest", json!({"id": 12345}));
    c.notify("textDocument/didOpen", json!({"textDocument": "not an object"}));
    c.notify("textDocument/didChange", json!(17));
    c.probe();
    c.drain(std::time::Duration::from_millis(300));
    let replies: Vec<&Value> =
        c.seen[before..].iter().filter(|m| m.get("method").is_none() && m.get("error").is_some()).collect();
    assert!(replies.is_empty(), "notifications must not be answered: {replies:#?}");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn positions_past_the_end_answer_without_error() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let uri = file_uri(&repo_root().join("target/past-the-end.py"));
    let text = "def read(rows, seen=[]):\n    for r in rows:\n        yield r  # \u{1F600}\u{0301}\r\n\n";
    c.open(&uri, text);
    c.diagnostics(&uri, 1);
    let positions = [
        (0, 9999),
        (2, 17),      // inside the surrogate pair of the emoji
        (2, 500),     // past the end of a line
        (4, 0),       // the empty last line
        (5, 0),       // one past the last line
        (9999, 9999), // far past the end
        (u32::MAX, u32::MAX),
    ];
    for (line, character) in positions {
        let pos = json!({"line": line, "character": character});
        for (method, params) in [
            ("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": pos})),
            ("textDocument/definition", json!({"textDocument": {"uri": uri}, "position": pos})),
            (
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": pos},
                       "context": {"diagnostics": []}}),
            ),
            (
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": {"start": pos, "end": pos}, "context": {"diagnostics": []}}),
            ),
        ] {
            let reply = c.request_message(method, params);
            assert!(reply.get("error").is_none() && reply.get("result").is_some(), "{method} at {pos}: {reply}");
        }
    }
    let lens = c.request_message("textDocument/codeLens", json!({"textDocument": {"uri": uri}}));
    assert!(lens["result"].is_array(), "{lens}");
    // A change whose range is past the end is clamped or ignored, never fatal.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 90, "character": 3}, "end": {"line": 99, "character": 0}},
                                   "text": "x = 1\n"}]}),
    );
    c.probe();
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn fifty_megabyte_messages_are_served_and_larger_ones_refused() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let big = 50_000_000;
    // A didOpen with a 50 MB text: read and stored. Files over the analysis limit
    // (document::MAX_ANALYSED_BYTES) are kept in sync but not analysed, so a hover answers
    // with no result; once an edit brings the file under the limit, it is analysed again.
    let uri = file_uri(&repo_root().join("target/fifty-megabytes.py"));
    let mut text = String::with_capacity(big + 64);
    text.push_str("# ");
    text.extend(std::iter::repeat_n('a', big));
    text.push_str("\ndef gen():\n    yield 1\n");
    c.open(&uri, &text);
    let reply = c.request_message(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 5}}),
    );
    assert!(reply.get("error").is_none() && reply["result"].is_null(), "hover on a 50 MB file: {reply}");
    drop(text);
    // Delete the long comment line: the edit lands in the stored 50 MB text.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}},
                                   "text": ""}]}),
    );
    let reply = c.request_message(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 5}}),
    );
    assert!(reply["result"]["contents"]["value"].as_str().is_some_and(|h| !h.is_empty()), "no hover on yield: {reply}");
    // A request with a 50 MB string parameter.
    let long_uri = format!("file:///{}.py", "b".repeat(big));
    let reply = c.request_message(
        "textDocument/hover",
        json!({"textDocument": {"uri": long_uri}, "position": {"line": 0, "character": 0}}),
    );
    assert!(reply.get("result").is_some() || reply.get("error").is_some(), "{reply}");
    // Over the 64 MiB limit: refused with an error, its bytes dropped, and the server serves on.
    let over = 70 << 20;
    let mut bytes = format!("Content-Length: {over}\r\n\r\n").into_bytes();
    bytes.resize(bytes.len() + over, b' ');
    after_bad_bytes(&mut c, &bytes, 1, -32600);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn lifecycle_before_initialize_and_after_shutdown() {
    let mut c = Client::spawn();
    // Requests before initialize: -32002 ServerNotInitialized; notifications are dropped.
    let reply = c.request_message(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///a.py"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(error_code(&reply), -32002, "{reply}");
    let reply =
        c.request_message("workspace/executeCommand", json!({"command": "interview-prep.quizFile", "arguments": []}));
    assert_eq!(error_code(&reply), -32002, "{reply}");
    let early = file_uri(&repo_root().join("target/early.py"));
    c.open(&early, "def g():\n    yield 1\n");
    c.initialize(json!({}), json!({}));
    let uri = file_uri(&repo_root().join("target/after-init.py"));
    c.open(&uri, "def g():\n    yield 1\n");
    assert!(!c.diagnostics(&uri, 1).is_empty());
    assert!(
        !c.seen.iter().any(|m| m["params"]["uri"] == early),
        "a didOpen before initialize must be dropped, not analysed"
    );
    // A second initialize is an error too (LSP: initialize is sent once).
    let again = c.request_message("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
    assert!(again.get("error").is_some(), "{again}");
    // After shutdown: requests get -32600 Invalid Request; `exit` then ends with 0.
    let reply = c.request_message("shutdown", Value::Null);
    assert_eq!(reply["result"], Value::Null, "{reply}");
    let reply = c.request_message(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 5}}),
    );
    assert_eq!(error_code(&reply), -32600, "{reply}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), Some(0));
}

#[test]
fn exit_without_shutdown_ends_with_one() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), Some(1));
}

#[test]
fn a_panic_in_a_request_or_notification_handler_does_not_stop_the_server() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    // A request handler: an InternalError response, then the next request is served.
    for _ in 0..3 {
        let reply = c.request_message("workspace/executeCommand", json!({"command": "interview-prep.debugPanic"}));
        assert_eq!(error_code(&reply), -32603, "{reply}");
        c.probe();
    }
    // didOpen and didChange handlers (test hook: a marker in the text makes them panic).
    let opened = file_uri(&repo_root().join("target/panic-open.py"));
    c.open(&opened, "# INTERVIEW_PREP_DEBUG_PANIC\ndef g():\n    yield 1\n");
    c.probe();
    let uri = file_uri(&repo_root().join("target/panic-change.py"));
    c.open(&uri, "def g():\n    yield 1\n");
    assert!(!c.diagnostics(&uri, 1).is_empty());
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"text": "# INTERVIEW_PREP_DEBUG_PANIC\n"}]}),
    );
    c.probe();
    // The document still takes edits and is analysed.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3},
               "contentChanges": [{"text": "def h(x=[]):\n    yield x\n"}]}),
    );
    let diags = c.diagnostics(&uri, 3);
    assert!(diags.iter().any(|d| d["code"] == "mutable-default-argument"), "{diags:#?}");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}
