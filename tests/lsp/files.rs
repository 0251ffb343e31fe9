//! Broken files around the code, met by the real server: a project config file it cannot use
//! and a user deck with malformed entries. Each is reported with its file and line, defaults
//! (or the entries that still load) are used, and the server keeps answering.

use serde_json::{json, Value};

use super::harness::{file_uri, pos16, Client};

const CODE: &str = "def numbers(limit):\n    for n in range(limit):\n        yield n\n";

fn hover_at(c: &mut Client, uri: &str, needle: &str) -> String {
    let (line, character) = pos16(CODE, needle);
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
        .unwrap();
    hover["contents"]["value"].as_str().unwrap_or_default().to_string()
}

#[test]
fn a_broken_project_config_is_a_diagnostic_on_its_line_and_defaults_apply() {
    let project = tempfile::tempdir().unwrap();
    let p = project.path();
    // Line 3 breaks the TOML: the whole file is unusable, so nothing it says applies.
    std::fs::write(p.join(".interview-prep.toml"), "ignore = [\"generator-function\"]\n\nseverity = {lambda = \n")
        .unwrap();
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let uri = file_uri(&p.join("app.py"));
    c.open(&uri, CODE);
    let diags = c.diagnostics(&uri, 1);
    assert!(diags.iter().any(|d| d["code"] == "generator-function"), "defaults apply: {diags:#?}");
    let config_uri = file_uri(&p.join(".interview-prep.toml"));
    let on_config = c.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == config_uri);
    let problems = on_config["diagnostics"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["range"]["start"]["line"], 2, "{problems:#?}");
    assert_eq!(problems[0]["severity"], 1);
    let message = problems[0]["message"].as_str().unwrap();
    assert!(message.starts_with("invalid TOML") && message.contains("defaults apply until it is fixed"), "{message}");
    assert!(hover_at(&mut c, &uri, "yield").contains("enerator"), "the server still answers hover");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn wrong_types_and_unknown_keys_in_pyproject_are_reported_on_their_lines() {
    let project = tempfile::tempdir().unwrap();
    let p = project.path();
    std::fs::write(
        p.join("pyproject.toml"),
        "[project]\nname = \"shop\"\n\n[tool.interview-prep]\nignore = \"lambda\"\ncolour = \"blue\"\n",
    )
    .unwrap();
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let uri = file_uri(&p.join("app.py"));
    c.open(&uri, CODE);
    let diags = c.diagnostics(&uri, 1);
    assert!(diags.iter().any(|d| d["code"] == "generator-function"), "{diags:#?}");
    let config_uri = file_uri(&p.join("pyproject.toml"));
    let on_config = c.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == config_uri);
    let mut found: Vec<(u64, String)> = on_config["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d: &Value| (d["range"]["start"]["line"].as_u64().unwrap(), d["message"].as_str().unwrap().to_string()))
        .collect();
    found.sort();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].0, 4);
    assert!(found[0].1.contains("`ignore` must be a list"), "{found:#?}");
    assert_eq!(found[1].0, 5);
    assert!(found[1].1.contains("unknown key `colour`"), "{found:#?}");
    assert!(hover_at(&mut c, &uri, "yield").contains("enerator"));
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn a_broken_user_deck_is_named_by_file_and_line_and_the_rest_of_it_is_used() {
    let decks = tempfile::tempdir().unwrap();
    let deck = decks.path().join("mine.md");
    std::fs::write(
        &deck,
        "# Mine\n\n## My own generator question?\n\n`id: python-generators` · `level: basic` · `concepts: generator-function`\n\n\
### Short answer\nMY OWN SHORT ANSWER.\n\n### Answer\nLong.\n\n## Broken entry without metadata\n\nNothing here.\n\n\
## Bad level?\n\n`id: bad-level` · `level: wizard`\n\n### Short answer\nS.\n",
    )
    .unwrap();
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({"deckPaths": [decks.path()]}));
    let told = c.wait_for("window/showMessage", |p| p["type"] == 2);
    let text = told["message"].as_str().unwrap();
    assert!(text.contains(&format!("{}:3: entry `python-generators` has no `### Example`", deck.display())), "{text}");
    let logged: Vec<String> = c
        .notifications
        .iter()
        .filter(|n| n["method"] == "window/logMessage")
        .filter_map(|n| n["params"]["message"].as_str().map(str::to_string))
        .filter(|m| m.starts_with("deck: "))
        .collect();
    let broken = format!("deck: {}:13: entry `Broken entry without metadata` has no `id: ...`", deck.display());
    assert!(logged.iter().any(|m| m.starts_with(&broken)), "every problem is logged: {logged:#?}");
    let uri = file_uri(&decks.path().join("code.py"));
    c.open(&uri, CODE);
    c.diagnostics(&uri, 1);
    assert!(hover_at(&mut c, &uri, "yield").contains("MY OWN SHORT ANSWER."), "the good entry is used");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

/// Config problems land on exact columns in the encoding the session negotiated, with
/// non-ASCII text before them on their line (Neovim negotiates UTF-8, VS Code keeps UTF-16).
#[test]
fn config_problems_have_exact_columns_in_utf8_and_utf16_sessions() {
    let project = tempfile::tempdir().unwrap();
    let p = project.path();
    let line = "ignore = [\"🐍é\", \"nope\"]";
    std::fs::write(p.join(".interview-prep.toml"), format!("# ünïcode notes\n{line}\n")).unwrap();
    let config_uri = file_uri(&p.join(".interview-prep.toml"));
    let start = line.find("\"nope\"").unwrap();
    let end = start + "\"nope\"".len();
    for (capabilities, unit) in
        [(json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}), "utf-8"), (json!({}), "utf-16")]
    {
        let mut c = Client::spawn();
        let init = c.initialize_in(p, capabilities, json!({}));
        assert_eq!(init["capabilities"]["positionEncoding"], unit);
        let col = |byte: usize| if unit == "utf-8" { byte } else { line[..byte].encode_utf16().count() };
        c.open(&file_uri(&p.join("app.py")), CODE);
        let on_config = c.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == config_uri);
        let problems = on_config["diagnostics"].as_array().unwrap();
        let nope = problems.iter().find(|d| d["message"].as_str().unwrap().contains("`nope`")).expect("nope");
        assert_eq!(
            nope["range"],
            json!({"start": {"line": 1, "character": col(start)}, "end": {"line": 1, "character": col(end)}}),
            "{unit}"
        );
        assert_eq!(c.shutdown_and_exit(), Some(0));
    }
}

/// The workspace's model modules, indexed in the background after `initialized`, tell a view
/// which attributes are relations; the N+1 diagnostic points at its loop; an edit to the model
/// that is open in the editor changes the view's diagnostics without touching the view.
#[test]
fn the_model_index_finds_n_plus_one_across_files_and_follows_model_edits() {
    let project = tempfile::tempdir().unwrap();
    let p = project.path();
    std::fs::create_dir(p.join("shop")).unwrap();
    let models = "from django.db import models\n\n\nclass Coupon(models.Model):\n    code = models.CharField(max_length=9)\n\n\nclass Order(models.Model):\n    coupon = models.ForeignKey(Coupon, on_delete=models.CASCADE)\n";
    std::fs::write(p.join("shop/models.py"), models).unwrap();
    let view =
        "from shop.models import Order\n\n\ndef coupons():\n    return [o.coupon for o in Order.objects.all()]\n";
    let mut c = Client::spawn();
    c.initialize_in(p, json!({}), json!({}));
    let uri = file_uri(&p.join("shop/views.py"));
    c.open(&uri, view);
    // The index lands after the first publish, or before it: either way, a publish of version 1
    // carries the finding once it is in.
    let published = c.wait_for("textDocument/publishDiagnostics", |m| {
        m["uri"] == uri && m["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["code"] == "n-plus-one"))
    });
    let diag = published["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "n-plus-one").unwrap().clone();
    let (line, character) = pos16(view, "o.coupon");
    assert_eq!(diag["range"]["start"], json!({"line": line, "character": character}), "{diag:#}");
    let related = &diag["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri, "{diag:#}");
    let (line, character) = pos16(view, "for o in");
    assert_eq!(related["location"]["range"]["start"], json!({"line": line, "character": character}), "{diag:#}");

    // Open the models and turn the relation into a column: the view is published again, clean.
    let models_uri = file_uri(&p.join("shop/models.py"));
    c.open(&models_uri, models);
    let fk = "models.ForeignKey(Coupon, on_delete=models.CASCADE)";
    let (line, character) = pos16(models, fk);
    let end = character + fk.encode_utf16().count() as u32;
    c.change(
        &models_uri,
        2,
        json!([{"range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": end}},
                "text": "models.CharField(max_length=9)"}]),
    );
    c.wait_for("textDocument/publishDiagnostics", |m| {
        m["uri"] == uri && m["diagnostics"].as_array().is_some_and(|d| !d.iter().any(|d| d["code"] == "n-plus-one"))
    });
    assert_eq!(c.shutdown_and_exit(), Some(0));
}
