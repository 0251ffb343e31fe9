//! Documents other than Python through the protocol: a Dockerfile and a GitHub Actions workflow
//! get diagnostics, hover, lenses and definition like a Python module; suppression comments use
//! their comment syntax; a YAML file becomes a Kubernetes manifest when an edit makes it one;
//! SQL inside a Python string is SQL.

use serde_json::{json, Value};

use super::harness::{file_uri, pos16, Client};

const DOCKERFILE: &str = "\
FROM python:latest
RUN pip install -r requirements.txt
# interview-prep: ignore[package-cache-in-layer]
RUN pip install gunicorn
COPY . /app
CMD [\"gunicorn\", \"shop.wsgi\"]
";

const WORKFLOW: &str = "\
on: pull_request_target
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - uses: pypa/gh-action-pypi-publish@release/v1
      - run: pytest
";

/// A server initialised with defaults, and the URI of `name` in a fresh directory (kept alive
/// by the returned guard).
fn server_and_file(name: &str) -> (tempfile::TempDir, Client, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    let uri = file_uri(&dir.path().join(name));
    (dir, c, uri)
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap_or_default()).collect()
}

fn at<'a>(diags: &'a [Value], code: &str, text: &str, needle: &str) -> &'a Value {
    let (line, character) = pos16(text, needle);
    diags
        .iter()
        .find(|d| d["code"] == code && d["range"]["start"] == json!({"line": line, "character": character}))
        .unwrap_or_else(|| panic!("no {code} at {needle:?} in {diags:#?}"))
}

#[test]
fn a_dockerfile_gets_diagnostics_hover_lenses_and_definition() {
    let (_dir, mut c, uri) = server_and_file("Dockerfile");
    c.open_as(&uri, "dockerfile", DOCKERFILE);
    let diags = c.diagnostics(&uri, 1);
    // Pitfalls are warnings, where the user should look.
    let image = at(&diags, "unpinned-image", DOCKERFILE, "python:latest");
    assert_eq!(image["severity"], 2);
    assert_eq!(image["range"]["end"]["character"], 18);
    at(&diags, "runs-as-root", DOCKERFILE, "FROM");
    at(&diags, "package-cache-in-layer", DOCKERFILE, "pip install -r");
    // The comment above the second RUN silences it, and only it.
    assert_eq!(codes(&diags).iter().filter(|c| **c == "package-cache-in-layer").count(), 1, "{diags:#?}");
    assert!(codes(&diags).contains(&"docker-cmd-entrypoint"), "{diags:#?}");

    let (line, character) = pos16(DOCKERFILE, "latest");
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
        .unwrap();
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("Image without a fixed tag"), "{text}");
    assert!(text.contains("**Q: "), "{text}");

    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).unwrap();
    let file = lenses.as_array().unwrap().iter().find(|l| l["command"]["command"] == "interview-prep.quizFile");
    assert!(file.is_some(), "{lenses:#?}");

    let loc = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
        .unwrap();
    let target = loc["uri"].as_str().unwrap();
    assert!(target.ends_with("docker-and-kubernetes.md"), "{target}");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn a_workflow_gets_its_pitfalls_and_a_hover() {
    let dir = tempfile::tempdir().unwrap();
    let workflows = dir.path().join(".github/workflows");
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    // VS Code's GitHub Actions extension says `github-actions-workflow`; the path says it too.
    let uri = file_uri(&workflows.join("ci.yml"));
    c.open_as(&uri, "github-actions-workflow", WORKFLOW);
    let diags = c.diagnostics(&uri, 1);
    at(&diags, "ci-pr-target-checkout", WORKFLOW, "${{ github.event.pull_request.head.sha }}");
    at(&diags, "ci-unpinned-action", WORKFLOW, "pypa/gh-action-pypi-publish");
    let (line, character) = pos16(WORKFLOW, "pypa/");
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
        .unwrap();
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("Third-party action on a moving tag"), "{text}");

    // The same text as plain YAML elsewhere is not a workflow: nothing to say.
    let other = file_uri(&dir.path().join("notes.yml"));
    c.open_as(&other, "yaml", WORKFLOW);
    assert_eq!(c.diagnostics(&other, 1), Vec::<Value>::new());
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

const RAW_SQL: &str = "\
from django.db import connection


def purge():
    with connection.cursor() as cursor:
        cursor.execute(\"\"\"
            DELETE FROM django_session\"\"\")
";

#[test]
fn sql_in_a_python_string_gets_a_pitfall_and_a_hover_that_follow_edits() {
    let (_dir, mut c, uri) = server_and_file("maintenance.py");
    c.open_as(&uri, "python", RAW_SQL);
    let diags = c.diagnostics(&uri, 1);
    let pitfall = at(&diags, "sql-write-without-where", RAW_SQL, "DELETE");
    assert_eq!(pitfall["severity"], 2);
    let (line, character) = pos16(RAW_SQL, "ELETE");
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
        .unwrap();
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("UPDATE or DELETE without WHERE"), "{text}");
    // Typing the WHERE inside the string removes the pitfall.
    let (line, character) = pos16(RAW_SQL, "\"\"\")\n");
    let at_end = json!({"line": line, "character": character});
    c.change(&uri, 2, json!([{"range": {"start": at_end, "end": at_end}, "text": " WHERE expire_date < now()"}]));
    let diags = c.diagnostics(&uri, 2);
    assert!(!codes(&diags).contains(&"sql-write-without-where"), "{diags:#?}");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

/// A manifest longer than the YAML parser can read (past 32,768 line breaks) is kept in sync,
/// has no diagnostics, and the user is told why; cut below the limit, it is analysed again.
#[test]
fn a_manifest_past_the_yaml_line_limit_says_so_and_is_analysed_once_shorter() {
    let (_dir, mut c, uri) = server_and_file("generated.yaml");
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx\n";
    let padding = 33_000;
    let text = format!("{}{manifest}", "# generated\n".repeat(padding));
    c.open_as(&uri, "yaml", &text);
    let notice = c.wait_for("window/showMessage", |p| p["type"] == 2);
    let message = notice["message"].as_str().unwrap();
    assert!(message.contains("generated.yaml has 33008 lines") && message.contains("32,768"), "{message}");
    assert_eq!(c.diagnostics(&uri, 1), Vec::<Value>::new());
    let cut = json!({"start": {"line": 0, "character": 0}, "end": {"line": padding, "character": 0}});
    c.change(&uri, 2, json!([{"range": cut, "text": ""}]));
    let diags = c.diagnostics(&uri, 2);
    assert!(codes(&diags).contains(&"unpinned-image"), "{diags:#?}");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn yaml_becomes_a_kubernetes_manifest_when_an_edit_makes_it_one() {
    let (_dir, mut c, uri) = server_and_file("web.yaml");
    let body = "metadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx\n";
    c.open_as(&uri, "yaml", body);
    assert_eq!(c.diagnostics(&uri, 1), Vec::<Value>::new());
    c.change(&uri, 2, json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "apiVersion: apps/v1\nkind: Deployment\n"}]));
    let diags = c.diagnostics(&uri, 2);
    for code in ["k8s-workload", "unpinned-image", "k8s-missing-probes", "k8s-missing-resources"] {
        assert!(codes(&diags).contains(&code), "no {code} in {diags:#?}");
    }
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn ignore_here_in_a_dockerfile_writes_the_comment_on_the_line_above() {
    let (_dir, mut c, uri) = server_and_file("Dockerfile");
    let text = "FROM python:3.12-slim\nUSER app\n  RUN pip install flask\n";
    c.open_as(&uri, "dockerfile", text);
    let diags = c.diagnostics(&uri, 1);
    let diag = at(&diags, "package-cache-in-layer", text, "pip install");
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": diag["range"], "context": {"diagnostics": [diag]}}),
        )
        .unwrap();
    let ignore = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Ignore package-cache-in-layer here")
        .unwrap_or_else(|| panic!("{actions:#?}"));
    let edit = &ignore["edit"]["changes"][uri.as_str()][0];
    assert_eq!(edit["range"]["start"], json!({"line": 2, "character": 0}), "{edit}");
    assert_eq!(edit["newText"], "  # interview-prep: ignore[package-cache-in-layer]\n");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}
