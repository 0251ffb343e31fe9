//! Code actions end to end over stdio: every quick fix of `tests/fixes/` applied through the
//! protocol, suppressions, hiding a concept in the project, "Explain", and project config files.

use std::path::Path;

use serde_json::{json, Value};

use crate::harness::{file_uri, repo_root, Answer, Client};

/// Applies LSP text edits (UTF-16 positions) to a text.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |pos: &Value| -> usize {
        let line = pos["line"].as_u64().unwrap() as usize;
        let col = pos["character"].as_u64().unwrap() as usize;
        let mut start = 0;
        for _ in 0..line {
            start += text[start..].find('\n').map_or(text.len() - start, |i| i + 1);
        }
        let mut units = 0;
        let mut at = start;
        for ch in text[start..].chars() {
            if units >= col || ch == '\n' || ch == '\r' {
                break;
            }
            units += ch.len_utf16();
            at += ch.len_utf8();
        }
        at
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| (offset(&e["range"]["start"]), offset(&e["range"]["end"]), e["newText"].as_str().unwrap().to_string()))
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

fn actions_at(c: &mut Client, uri: &str, diag: &Value) -> Vec<Value> {
    let r = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": diag["range"], "context": {"diagnostics": [diag]}}),
        )
        .unwrap();
    r.as_array().cloned().unwrap_or_default()
}

#[test]
fn every_quick_fix_applies_through_the_protocol() {
    let dir = repo_root().join("tests/fixes");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| !p.to_string_lossy().contains(".fixed.") && p.extension().is_some())
        .collect();
    cases.sort();
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    for (i, case) in cases.iter().enumerate() {
        let text = std::fs::read_to_string(case).unwrap();
        let concept = text.lines().next().unwrap().trim_start_matches("# fix: ").trim().to_string();
        let ext = case.extension().unwrap().to_string_lossy().into_owned();
        // The name keeps what the case's name says about its language (`compose.*.yml`).
        let stem = case.file_stem().unwrap().to_string_lossy().into_owned();
        let name = if ext == "py" { format!("lsp-{i}.py") } else { format!("{stem}.lsp-{i}.{ext}") };
        let uri = file_uri(&case.with_file_name(name));
        let language_id = if ext == "py" { "python" } else { "yaml" };
        c.open_as(&uri, language_id, &text);
        let diags = c.diagnostics(&uri, 1);
        let diag = diags
            .iter()
            .find(|d| d["code"] == concept.as_str())
            .unwrap_or_else(|| panic!("{}: no {concept}", case.display()));
        let actions = actions_at(&mut c, &uri, diag);
        let fix = actions
            .iter()
            .find(|a| a["isPreferred"] == true)
            .unwrap_or_else(|| panic!("{}: no preferred fix in {actions:#?}", case.display()));
        assert_eq!(fix["kind"], "quickfix");
        assert_eq!(fix["diagnostics"][0]["code"], concept.as_str(), "the fix names the diagnostic it fixes");
        let edits = fix["edit"]["changes"][&uri].as_array().unwrap();
        let fixed = apply_edits(&text, edits);
        let expected = std::fs::read_to_string(case.with_extension(format!("fixed.{ext}"))).unwrap();
        assert_eq!(fixed, expected, "{}", case.display());
        // The client applies it; the pitfall's diagnostic goes away.
        c.change(&uri, 2, json!([{"text": fixed}]));
        let after = c.diagnostics(&uri, 2);
        let before_count = diags.iter().filter(|d| d["code"] == concept.as_str()).count();
        assert_eq!(
            after.iter().filter(|d| d["code"] == concept.as_str()).count(),
            before_count - 1,
            "{}",
            case.display()
        );
        // Every finding also offers Explain, Quiz me and the suppressions.
        let titles: Vec<&str> = actions.iter().map(|a| a["title"].as_str().unwrap()).collect();
        assert!(titles.iter().any(|t| t.starts_with("Explain: ")), "{titles:?}");
        assert!(titles.iter().any(|t| t.starts_with("Quiz me on ")), "{titles:?}");
        assert!(titles.contains(&format!("Ignore {concept} here").as_str()), "{titles:?}");
        assert!(titles.contains(&format!("Ignore {concept} in this file").as_str()), "{titles:?}");
    }
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn ignore_here_silences_the_line_and_the_comment_explains_itself() {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let uri = file_uri(&repo_root().join("target/ignore-here.py"));
    let text = "def tag(order, tags=[]):\n    return tags\n";
    c.open(&uri, text);
    let diags = c.diagnostics(&uri, 1);
    let diag = diags.iter().find(|d| d["code"] == "mutable-default-argument").unwrap().clone();
    let actions = actions_at(&mut c, &uri, &diag);
    let ignore = actions.iter().find(|a| a["title"] == "Ignore mutable-default-argument here").unwrap();
    let new_text = apply_edits(text, ignore["edit"]["changes"][&uri].as_array().unwrap());
    assert_eq!(
        new_text,
        "def tag(order, tags=[]):  # interview-prep: ignore[mutable-default-argument]\n    return tags\n"
    );
    c.change(&uri, 2, json!([{"text": new_text}]));
    let after = c.diagnostics(&uri, 2);
    assert!(after.iter().all(|d| d["code"] != "mutable-default-argument"), "{after:#?}");
    let col = new_text.find("interview-prep:").unwrap() as u32;
    let hover = c
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": col}}))
        .unwrap();
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("silences on this line") && md.contains("Mutable default argument"), "{md}");
    // Ignoring a second concept on the same line extends the same comment.
    let lambda_text = "key = lambda t: t  # interview-prep: ignore[mutable-default-argument]\n";
    c.change(&uri, 3, json!([{"text": lambda_text}]));
    let diags = c.diagnostics(&uri, 3);
    let diag = diags.iter().find(|d| d["code"] == "lambda").unwrap().clone();
    let actions = actions_at(&mut c, &uri, &diag);
    let ignore = actions.iter().find(|a| a["title"] == "Ignore lambda here").unwrap();
    let new_text = apply_edits(lambda_text, ignore["edit"]["changes"][&uri].as_array().unwrap());
    assert_eq!(new_text, "key = lambda t: t  # interview-prep: ignore[mutable-default-argument, lambda]\n");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn hide_in_project_writes_the_config_and_the_server_reloads_it() {
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    std::fs::write(root.join("pyproject.toml"), "[project]\nname = \"shop\"  # our shop\n").unwrap();
    let file = root.join("app.py");
    let text = "square = lambda x: x * x\n";
    std::fs::write(&file, text).unwrap();
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": file_uri(root), "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}},
               "workspaceFolders": [{"uri": file_uri(root), "name": "shop"}]}),
    )
    .unwrap();
    c.notify("initialized", json!({}));
    let registration = c.wait_for_server_request("client/registerCapability", 1);
    let globs: Vec<&str> = registration["registrations"][0]["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    assert_eq!(globs, ["**/pyproject.toml", "**/.interview-prep.toml"]);
    let uri = file_uri(&file);
    c.open(&uri, text);
    let diags = c.diagnostics(&uri, 1);
    // "Hide" is a command: the server applies the edit, says what it wrote, offers Undo.
    let hide_via_action = |c: &mut Client, code: &str, answer: Answer| -> Value {
        let diag = c.diagnostics(&uri, 1).into_iter().find(|d| d["code"] == code).unwrap();
        let actions = actions_at(c, &uri, &diag);
        let hide = actions.iter().find(|a| a["kind"] == "quickfix.interview-prep.hide").expect("hide action").clone();
        assert!(hide.get("edit").is_none(), "a command, not a whole-file edit: {hide}");
        let command = &hide["command"];
        assert_eq!(command["arguments"][0], json!({"concept": code, "uri": uri}));
        let edits_before = c.server_requests.iter().filter(|r| r["method"] == "workspace/applyEdit").count();
        c.answers.push_back(answer);
        c.execute(command["command"].as_str().unwrap(), command["arguments"][0].clone()).unwrap();
        c.wait_for_server_request("workspace/applyEdit", edits_before + 1)
    };
    assert!(diags.iter().any(|d| d["code"] == "lambda"));
    let edit = hide_via_action(&mut c, "lambda", Answer::Dismiss);
    let ops = edit["edit"]["documentChanges"].as_array().unwrap();
    // pyproject.toml exists and has no table yet: one edit, comments kept.
    assert_eq!(ops.len(), 1, "{ops:#?}");
    let pyproject_uri = file_uri(&root.join("pyproject.toml"));
    assert_eq!(ops[0]["textDocument"]["uri"], pyproject_uri.as_str());
    let old = std::fs::read_to_string(root.join("pyproject.toml")).unwrap();
    let new = apply_edits(&old, ops[0]["edits"].as_array().unwrap());
    assert_eq!(new, "[project]\nname = \"shop\"  # our shop\n\n[tool.interview-prep]\nignore = [\"lambda\"]\n");
    let said = c.wait_for_server_request("window/showMessageRequest", 1);
    assert!(said["message"].as_str().unwrap().contains("`lambda` added to `ignore` in pyproject.toml"), "{said}");
    let titles: Vec<&str> = said["actions"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Undo", "Open file"]);
    std::fs::write(root.join("pyproject.toml"), &new).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": pyproject_uri, "type": 2}]}));
    let republished = c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str() && p["diagnostics"].as_array().is_some_and(|d| d.iter().all(|d| d["code"] != "lambda"))
    });
    assert!(republished["diagnostics"].as_array().unwrap().is_empty());
    // Undo: the server applies the reverse edit.
    let mut c2 = Client::spawn();
    c2.initialize_in(root, json!({}), json!({}));
    let generator = "def numbers():\n    yield 1\n";
    let guri = file_uri(&root.join("gen.py"));
    c2.open(&guri, generator);
    let diag = c2.diagnostics(&guri, 1).into_iter().find(|d| d["code"] == "generator-function").unwrap();
    let actions = actions_at(&mut c2, &guri, &diag);
    let hide = actions.iter().find(|a| a["kind"] == "quickfix.interview-prep.hide").unwrap();
    c2.answers.push_back(Answer::Title("Undo".into()));
    c2.execute("interview-prep.hideInProject", hide["command"]["arguments"][0].clone()).unwrap();
    let done = c2.wait_for_server_request("workspace/applyEdit", 1);
    let hidden = apply_edits(&new, done["edit"]["documentChanges"][0]["edits"].as_array().unwrap());
    assert!(hidden.contains("ignore = [\"lambda\", \"generator-function\"]"), "{hidden}");
    let undone = c2.wait_for_server_request("workspace/applyEdit", 2);
    let back = apply_edits(&hidden, undone["edit"]["documentChanges"][0]["edits"].as_array().unwrap());
    assert_eq!(back, new, "undo restores the file");
    assert_eq!(c2.shutdown_and_exit(), Some(0));
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn an_invalid_config_file_gets_diagnostics_and_defaults_apply() {
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    std::fs::write(root.join(".interview-prep.toml"), "ignore = \"lambda\"\nselect = [\"nope\"]\n").unwrap();
    let file = root.join("app.py");
    let text = "square = lambda x: x * x\n";
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let uri = file_uri(&file);
    c.open(&uri, text);
    let diags = c.diagnostics(&uri, 1);
    assert!(diags.iter().any(|d| d["code"] == "lambda"), "defaults apply while the config is invalid: {diags:#?}");
    let config_uri = file_uri(&root.join(".interview-prep.toml"));
    let problems = c.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == config_uri.as_str());
    let problems = problems["diagnostics"].as_array().unwrap();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(problems[0]["severity"], 1);
    assert_eq!(problems[0]["range"]["start"], json!({"line": 0, "character": 9}));
    assert!(problems[0]["message"].as_str().unwrap().contains("must be a list"));
    assert_eq!(problems[1]["severity"], 2);
    assert!(problems[1]["message"].as_str().unwrap().contains("`nope`"));
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn explain_opens_the_entry_in_the_editor() {
    let mut c = Client::spawn();
    c.initialize(json!({"window": {"showDocument": {"support": true}}}), json!({}));
    let result = c.request(
        "workspace/executeCommand",
        json!({"command": "interview-prep.explain", "arguments": [{"concept": "n-plus-one"}]}),
    );
    assert_eq!(result, Ok(Value::Null));
    let shown = c.wait_for_server_request("window/showDocument", 1);
    let target = shown["uri"].as_str().unwrap();
    assert!(target.ends_with(".md"), "{target}");
    let line = shown["selection"]["start"]["line"].as_u64().unwrap() as usize;
    let text = std::fs::read_to_string(Path::new(target.trim_start_matches("file://"))).unwrap();
    let heading = text.lines().nth(line).unwrap();
    assert!(heading.starts_with("## ") && heading.contains("N+1"), "{heading}");
    let err = c.request(
        "workspace/executeCommand",
        json!({"command": "interview-prep.explain", "arguments": [{"concept": "no-such"}]}),
    );
    assert_eq!(err.unwrap_err()["code"], -32602);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}
