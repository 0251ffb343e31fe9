//! A repository built to hurt whoever opens it: a 2 MB deck of thousands of broken entries, a
//! 50 MB `pyproject.toml`, a `.interview-prep.toml` that is a link to an endless file, and a
//! 500 KB module of pathological Python. Opened in the editor, the server still answers hovers,
//! stays small, and shuts down cleanly; `check` on the same tree ends in seconds.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;

use super::client::{file_uri, Client};

const CODE: &str = "def numbers(limit):\n    for n in range(limit):\n        yield n\n";

fn hostile_workspace(root: &Path) {
    let deck_dir = root.join(".interview-prep/deck");
    std::fs::create_dir_all(&deck_dir).unwrap();
    let mut deck = String::from("# Hostile\n\n");
    let mut i = 0;
    while deck.len() < 2 * 1024 * 1024 {
        deck.push_str(&format!("## Q{i}?\n\n`id: q{}` · `level: nope`\n\n### Weird\nx\n\n", i % 100));
        i += 1;
    }
    std::fs::write(deck_dir.join("hostile.md"), deck).unwrap();
    std::fs::create_dir_all(root.join("app")).unwrap();
    let mut pyproject = std::fs::File::create(root.join("app/pyproject.toml")).unwrap();
    {
        use std::io::Write as _;
        let line = "# padding padding padding padding padding padding padding padding padding\n";
        for _ in 0..(50 * 1024 * 1024 / line.len()) {
            pyproject.write_all(line.as_bytes()).unwrap();
        }
        pyproject.write_all(b"[tool.interview-prep]\nignore = [\"lambda\"]\n").unwrap();
    }
    let module = format!("x = {}\n", (0..70_000).map(|i| format!("a{i}")).collect::<Vec<_>>().join("+"));
    std::fs::write(root.join("app/patho.py"), module).unwrap();
    std::fs::create_dir_all(root.join("lib")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", root.join("lib/.interview-prep.toml")).unwrap();
    std::fs::write(root.join("lib/code.py"), CODE).unwrap();
}

#[test]
fn a_hostile_repository_is_served_small_and_answers_hovers() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    hostile_workspace(root);
    let mut c = Client::spawn();
    c.initialize_in(root, json!({}), json!({}));
    let patho = file_uri(&root.join("app/patho.py"));
    c.open(&patho, &std::fs::read_to_string(root.join("app/patho.py")).unwrap());
    let code = file_uri(&root.join("lib/code.py"));
    c.open(&code, CODE);
    c.diagnostics(&patho, 1);
    c.diagnostics(&code, 1);
    // The deck load finishes in the background; its problems are counted, not each logged.
    c.wait_for("window/showMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("deck problem")));
    let logged = c
        .notifications
        .iter()
        .filter(|n| {
            n["method"] == "window/logMessage"
                && n["params"]["message"].as_str().is_some_and(|m| m.starts_with("deck:"))
        })
        .count();
    assert!(logged <= 60, "{logged} deck log messages");
    let started = Instant::now();
    for _ in 0..20 {
        let hover = c
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": code}, "position": {"line": 2, "character": 9}}),
            )
            .unwrap();
        assert!(hover["contents"]["value"].as_str().is_some_and(|v| v.contains("enerator")), "{hover}");
    }
    eprintln!("20 hovers in {:?}", started.elapsed());
    // Both config files are reported on themselves, unread.
    let problems = |c: &mut Client, file: &str| {
        let uri = file_uri(&root.join(file));
        c.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri.as_str())["diagnostics"].to_string()
    };
    assert!(problems(&mut c, "app/pyproject.toml").contains("larger than 1 MB"));
    assert!(problems(&mut c, "lib/.interview-prep.toml").contains("not a regular file"));
    let peak = c.peak_rss_kib().unwrap();
    eprintln!("peak RSS {peak} KiB");
    assert!(peak < 100 * 1024, "peak RSS {peak} KiB");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn check_on_a_hostile_repository_ends() {
    let dir = tempfile::tempdir().unwrap();
    hostile_workspace(dir.path());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_interview-prep"))
        .args(["check", "."])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("XDG_CACHE_HOME", dir.path().join(".cache"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Generous: the point is that it ends, not how fast.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success());
            break;
        }
        assert!(Instant::now() < deadline, "check did not end within a minute");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(err.contains("pyproject.toml:1:1: cannot read: larger than 1 MB"), "{err}");
    assert!(err.contains(".interview-prep.toml:1:1: cannot read: not a regular file"), "{err}");
}
