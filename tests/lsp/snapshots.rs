//! Feature tests as data: each `cases/*.py` names a request on its first line and marks the
//! cursor with `$0`, with an emoji before it on its line (so a column counted in the wrong unit
//! shows); the response, rendered as text, must equal `cases/*.snap` (expect-test:
//! `UPDATE_EXPECT=1 cargo test --test lsp snapshots` rewrites them; review the diff).

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::harness::{file_uri, repo_root, Client};

fn cursor(text: &str) -> (String, Option<(u32, u32)>) {
    let Some(at) = text.find("$0") else { return (text.to_string(), None) };
    let before = &text[..at];
    let line = before.matches('\n').count() as u32;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..].encode_utf16().count() as u32;
    (text.replacen("$0", "", 1), Some((line, col)))
}

/// Makes machine-specific paths stable: the cache directory and the deck's content hash.
fn normalise(text: &str, client: &Client) -> String {
    let home = client.home.path().to_string_lossy().into_owned();
    let mut out = text.replace(&home, "<home>");
    while let Some(i) = out.find("/deck-") {
        let end = out[i + 1..].find('/').map_or(out.len(), |j| i + 1 + j);
        out.replace_range(i..end, "/deck");
    }
    out
}

fn render(c: &mut Client, request: &str, uri: &str, pos: Option<(u32, u32)>) -> String {
    let at = |pos: Option<(u32, u32)>| {
        let (line, character) = pos.expect("case needs a $0 cursor");
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
    };
    match request {
        "hover" => {
            let r = c.request("textDocument/hover", at(pos)).unwrap();
            let range = &r["range"];
            format!(
                "range {}:{}-{}:{}\n\n{}\n",
                range["start"]["line"],
                range["start"]["character"],
                range["end"]["line"],
                range["end"]["character"],
                r["contents"]["value"].as_str().unwrap_or("<no hover>")
            )
        }
        "lens" => {
            let r = c.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).unwrap();
            let mut out = String::new();
            for l in r.as_array().unwrap() {
                let arg = &l["command"]["arguments"][0];
                out.push_str(&format!(
                    "{}: {} [{}] concepts={}\n",
                    l["range"]["start"]["line"],
                    l["command"]["title"].as_str().unwrap(),
                    l["command"]["command"].as_str().unwrap(),
                    arg["concepts"]
                ));
            }
            out
        }
        "definition" => {
            let r = c.request("textDocument/definition", at(pos)).unwrap();
            let path = r["uri"].as_str().unwrap().trim_start_matches("file://").to_string();
            let line = r["range"]["start"]["line"].as_u64().unwrap() as usize;
            let heading = std::fs::read_to_string(&path).unwrap().lines().nth(line).unwrap_or("").to_string();
            format!("{}:{}: {heading}\n", Path::new(&path).file_name().unwrap().to_string_lossy(), line + 1)
        }
        "diagnostics" => {
            let diags = c.diagnostics(uri, 1);
            let mut out = String::new();
            for d in &diags {
                let r = &d["range"];
                out.push_str(&format!(
                    "{}:{}-{}:{} severity={} {} {}\n",
                    r["start"]["line"],
                    r["start"]["character"],
                    r["end"]["line"],
                    r["end"]["character"],
                    d["severity"],
                    d["code"].as_str().unwrap(),
                    d["message"].as_str().unwrap()
                ));
            }
            out
        }
        other => panic!("unknown request {other}"),
    }
}

#[test]
fn feature_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/lsp/cases");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    // Hovers show where the user stands once progress has been read (off the request path).
    c.wait_for("interview-prep/progressChanged", |p| p["reason"] == "store");
    for case in &cases {
        let raw = std::fs::read_to_string(case).unwrap();
        let request = raw
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# request: "))
            .expect("first line: # request: ...")
            .trim()
            .to_string();
        let (text, pos) = cursor(&raw);
        if let Some((line, _)) = pos {
            let target_line = raw.lines().nth(line as usize).unwrap_or("");
            let before = &target_line[..target_line.find("$0").unwrap()];
            assert!(
                before.chars().any(|c| c.len_utf16() > 1),
                "{}: put an emoji before $0 on its line",
                case.display()
            );
        }
        // Opened as if it lived in a project's source tree: under `tests/` it would be a test
        // file, which gets marks for testing concepts only.
        let uri = file_uri(&repo_root().join("target/lsp-cases").join(case.file_name().unwrap()));
        c.open(&uri, &text);
        c.diagnostics(&uri, 1);
        let got = normalise(&render(&mut c, &request, &uri, pos), &c);
        expect_test::expect_file![case.with_extension("snap")].assert_eq(&got);
    }
    assert_eq!(c.shutdown_and_exit(), Some(0));
}
