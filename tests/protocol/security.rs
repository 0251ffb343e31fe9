//! Security: the server never runs the user's code, opens no network socket, writes only under
//! its data and cache directories (files 0600, directories 0700), and renders deck Markdown so
//! that no link can run an editor command.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;
use serde_json::json;

use super::client::{file_uri, Answer, Client};

/// Python whose import or execution would leave a marker file: the proof that it never ran.
fn booby_trapped_project(markers: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let touch = |name: &str| format!("open({:?}, 'w').write('ran')\n", markers.join(name).display().to_string());
    let files = [
        ("__init__.py", touch("init")),
        ("conftest.py", touch("conftest")),
        ("setup.py", format!("{}import os\nos.system('touch {}')\n", touch("setup"), markers.join("shell").display())),
        ("sitecustomize.py", touch("sitecustomize")),
        (
            "shop.py",
            format!(
                "{}import sitecustomize\nfrom . import conftest\n\n\ndef batches(rows, size=100, seen=[]):\n    for row in rows:\n        yield row\n\n\n__import__('os').system('touch {}')\n",
                touch("shop"),
                markers.join("system").display()
            ),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    std::fs::write(dir.path().join("pyproject.toml"), "[tool.interview-prep]\nignore = []\n").unwrap();
    dir
}

fn assert_no_markers(markers: &Path) {
    let ran: Vec<_> = std::fs::read_dir(markers).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(ran.is_empty(), "user code ran: {ran:?}");
}

/// Whether strace can trace here; `None` with the reason when it cannot.
fn strace_missing() -> Option<String> {
    let probe = Command::new("strace").args(["-f", "-qq", "-o", "/dev/null", "true"]).output();
    let why = match probe {
        Err(e) => format!("strace is not installed ({e})"),
        Ok(out) if !out.status.success() => {
            format!("strace cannot trace here: {}", String::from_utf8_lossy(&out.stderr).trim())
        }
        Ok(_) => return None,
    };
    assert!(
        std::env::var_os("INTERVIEW_PREP_REQUIRE_STRACE").is_none_or(|v| v != "1"),
        "INTERVIEW_PREP_REQUIRE_STRACE=1 but {why} (install it: apt-get install strace)"
    );
    Some(why)
}

/// One traced system call: its name and the paths it names (resolved against directory fds).
#[derive(Debug)]
struct Call {
    line: String,
    name: String,
    paths: Vec<PathBuf>,
    writes: bool,
}

/// Parses `strace -f -y` output: `PID name(args) = result` (or the `<unfinished ...>` half).
fn parse_trace(text: &str, cwd: &Path) -> Vec<Call> {
    let call = Regex::new(r"^\d+ +([a-z0-9_]+)\((.*)$").unwrap();
    // `-y` shows what a directory fd (AT_FDCWD too) stands for: `3</some/dir>`.
    let path = Regex::new(r#"(?:(?:AT_FDCWD|\d+)(?:<([^>]*)>)?, )?"((?:[^"\\]|\\.)*)""#).unwrap();
    let mut calls = Vec::new();
    for line in text.lines() {
        let Some(c) = call.captures(line) else { continue };
        let (name, args) = (c[1].to_string(), &c[2]);
        let mut paths = Vec::new();
        let mut after_first_path = "";
        for p in path.captures_iter(args) {
            let raw = PathBuf::from(&p[2]);
            let base = p.get(1).map_or(cwd.to_path_buf(), |d| PathBuf::from(d.as_str()));
            paths.push(if raw.is_absolute() { raw } else { base.join(raw) });
            if after_first_path.is_empty() {
                after_first_path = &args[p.get(0).unwrap().end()..];
            }
        }
        let flags = after_first_path.split(&[',', ')'][..]).nth(1).unwrap_or("");
        let writes = match name.as_str() {
            "open" | "openat" | "openat2" => {
                ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND"].iter().any(|f| flags.contains(f))
            }
            "execve" | "socket" | "socketpair" | "connect" | "bind" | "listen" => false,
            _ => true,
        };
        calls.push(Call { line: line.to_string(), name, paths, writes });
    }
    calls
}

fn modes_under(root: &Path, out: &mut Vec<(PathBuf, u32, bool)>) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(entries) = std::fs::read_dir(root) else { return };
    for e in entries {
        let path = e.unwrap().path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        out.push((path.clone(), meta.permissions().mode() & 0o777, meta.is_dir()));
        if meta.is_dir() {
            modes_under(&path, out);
        }
    }
}

/// A whole editing session: open, hover, lens, definition, actions, one quiz answer, progress.
fn session(c: &mut Client, project: &Path) {
    c.request_message(
        "initialize",
        json!({"processId": null, "rootUri": file_uri(project), "capabilities": {},
               "workspaceFolders": [{"uri": file_uri(project), "name": "p"}]}),
    );
    c.notify("initialized", json!({}));
    let path = project.join("shop.py");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    c.open(&uri, &text);
    let diags = c.diagnostics(&uri, 1);
    assert!(diags.iter().any(|d| d["code"] == "generator-function"), "{diags:#?}");
    let (line, col) = super::line_col(&text, "yield row");
    let at = json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col}});
    let hover = c.request_message("textDocument/hover", at.clone());
    assert!(hover["result"]["contents"]["value"].is_string(), "{hover}");
    let def = c.request_message("textDocument/definition", at);
    assert!(def["result"]["uri"].is_string(), "the deck entry is written to the cache: {def}");
    let lenses = c.request_message("textDocument/codeLens", json!({"textDocument": {"uri": uri}}));
    assert!(lenses["result"].is_array(), "{lenses}");
    let actions = c.request_message(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": diags}}),
    );
    assert!(actions.get("result").is_some(), "{actions}");
    c.answers.extend([Answer::Title("Show answer".into()), Answer::Title("Recalled".into())]);
    let quiz = c.request_message(
        "workspace/executeCommand",
        json!({"command": "interview-prep.quizFile", "arguments": [{"uri": uri, "version": 1}]}),
    );
    assert!(quiz.get("result").is_some(), "{quiz}");
    c.wait("the end of the quiz", |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"].as_str().is_some_and(|s| s.contains("Quiz finished"))
    });
    let summary = c.request_message(
        "workspace/executeCommand",
        json!({"command": "interview-prep.progressSummary", "arguments": [{}]}),
    );
    assert_eq!(summary["result"]["cards"], 1, "{summary}");
}

/// The system calls that matter here: running programs, sockets, and anything that writes.
const TRACED: &str = "execve,execveat,fork,vfork,socket,socketpair,connect,bind,listen,accept,accept4,sendto,\
                      sendmsg,open,openat,openat2,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,\
                      rmdir,link,linkat,symlink,symlinkat,truncate,chmod,fchmodat,mknod,mknodat";

/// `sh -c 'umask 022; exec strace ...'`, to be followed by the program: a usual umask, so that a
/// file created without an explicit mode shows as 0644.
fn traced_by_strace(trace: &Path) -> Vec<OsString> {
    ["sh", "-c", "umask 022; exec \"$@\"", "sh", "strace", "-f", "-qq", "-y", "-o"]
        .iter()
        .map(OsString::from)
        .chain([trace.as_os_str().to_owned(), "-e".into(), format!("trace={TRACED}").into()])
        .collect()
}

/// Asserts on a trace: one execve (the binary itself) and no fork, no network socket, and every
/// write under one of `allowed` (or creating its parents). Returns the writes.
fn assert_contained(trace: &Path, allowed: &[PathBuf]) -> Vec<Call> {
    let text = std::fs::read_to_string(trace).unwrap();
    let calls = parse_trace(&text, &std::env::current_dir().unwrap());
    assert!(calls.iter().any(|c| c.name == "openat"), "strace recorded nothing:\n{text}");

    let execs: Vec<&Call> = calls.iter().filter(|c| c.name.starts_with("exec") || c.name.contains("fork")).collect();
    assert_eq!(execs.len(), 1, "{execs:#?}");
    assert!(execs[0].line.contains("interview-prep"), "{execs:#?}");

    // No socket other than AF_UNIX (none appears today), no connect, bind or listen.
    let net: Vec<&Call> = calls
        .iter()
        .filter(|c| {
            matches!(
                c.name.as_str(),
                "socket" | "socketpair" | "connect" | "bind" | "listen" | "accept" | "accept4" | "sendto" | "sendmsg"
            )
        })
        .collect();
    assert!(net.iter().all(|c| c.name == "socket" || c.name == "socketpair"), "{net:#?}");
    assert!(net.iter().all(|c| c.line.contains("AF_UNIX")), "a network socket: {net:#?}");

    let writes: Vec<Call> = calls.into_iter().filter(|c| c.writes).collect();
    for w in &writes {
        for p in &w.paths {
            let inside = allowed.iter().any(|a| p.starts_with(a));
            let parent = w.name.starts_with("mkdir") && allowed.iter().any(|a| a.starts_with(p));
            assert!(inside || parent, "a write outside {allowed:?}: {}", w.line);
        }
    }
    writes
}

#[test]
fn a_traced_session_opens_no_socket_runs_nothing_and_writes_only_private_files_in_its_directories() {
    if let Some(why) = strace_missing() {
        eprintln!("SKIPPED: {why}");
        return;
    }
    let markers = tempfile::tempdir().unwrap();
    let project = booby_trapped_project(markers.path());
    let log = tempfile::tempdir().unwrap();
    let trace = log.path().join("trace");
    let mut c = Client::spawn_under(&traced_by_strace(&trace), &[]);
    // Kept past the server's end, to look at what it left there.
    let home_dir = std::mem::replace(&mut c.home, tempfile::tempdir().unwrap());
    let home = home_dir.path().to_path_buf();
    session(&mut c, project.path());
    // While the database is open, with its -wal and -shm files, and after the server ends.
    let while_open = private_modes(&home);
    assert!(while_open.iter().any(|p| p.to_string_lossy().ends_with("progress.db-wal")), "{while_open:#?}");
    assert_eq!(c.shutdown_and_exit(), Some(0));
    private_modes(&home);
    assert_no_markers(markers.path());
    let writes = assert_contained(&trace, &[home.join("data/interview-prep"), home.join("cache/interview-prep")]);
    assert!(
        writes.iter().any(|c| c.paths.iter().any(|p| p.ends_with("progress.db"))),
        "the answer was not saved: {writes:#?}"
    );
}

#[test]
fn traced_cli_check_and_scan_open_no_socket_run_nothing_and_write_only_their_data() {
    if let Some(why) = strace_missing() {
        eprintln!("SKIPPED: {why}");
        return;
    }
    let markers = tempfile::tempdir().unwrap();
    let project = booby_trapped_project(markers.path());
    let home = tempfile::tempdir().unwrap();
    let log = tempfile::tempdir().unwrap();
    for command in ["check", "scan"] {
        let trace = log.path().join(command);
        let wrapper = traced_by_strace(&trace);
        let out = Command::new(&wrapper[0])
            .args(&wrapper[1..])
            .arg(env!("CARGO_BIN_EXE_interview-prep"))
            .args([command, "."])
            .current_dir(project.path())
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env_remove("INTERVIEW_PREP_DATA")
            .env_remove("INTERVIEW_PREP_CACHE")
            .output()
            .unwrap();
        assert!(!out.stdout.is_empty(), "{command} printed nothing: {}", String::from_utf8_lossy(&out.stderr));
        assert_contained(&trace, &[home.path().join("data/interview-prep"), home.path().join("cache/interview-prep")]);
    }
    assert_no_markers(markers.path());
}

/// Checks that every file under the data and cache homes is 0600 and every directory 0700;
/// returns the paths.
fn private_modes(home: &Path) -> Vec<PathBuf> {
    let mut seen = Vec::new();
    for root in [home.join("data"), home.join("cache")] {
        modes_under(&root, &mut seen);
    }
    assert!(seen.iter().any(|(p, _, _)| p.ends_with("progress.db")), "{seen:#?}");
    assert!(seen.iter().any(|(p, _, _)| p.to_string_lossy().ends_with(".md")), "{seen:#?}");
    let loose: Vec<String> = seen
        .iter()
        .filter(|(_, mode, dir)| *mode != if *dir { 0o700 } else { 0o600 })
        .map(|(p, m, _)| format!("{} {m:o}", p.display()))
        .collect();
    assert!(loose.is_empty(), "not private: {loose:#?}");
    seen.into_iter().map(|(p, _, _)| p).collect()
}

#[test]
fn user_code_is_never_imported_or_run_by_the_server_or_the_cli() {
    let markers = tempfile::tempdir().unwrap();
    let project = booby_trapped_project(markers.path());
    let mut c = Client::spawn();
    session(&mut c, project.path());
    for name in ["setup.py", "conftest.py", "__init__.py", "sitecustomize.py"] {
        let path = project.path().join(name);
        c.open(&file_uri(&path), &std::fs::read_to_string(&path).unwrap());
        c.diagnostics(&file_uri(&path), 1);
    }
    assert_eq!(c.shutdown_and_exit(), Some(0));
    let data = tempfile::tempdir().unwrap();
    for args in [&["check"][..], &["scan"][..]] {
        let out = Command::new(env!("CARGO_BIN_EXE_interview-prep"))
            .args(args)
            .arg(project.path())
            .env("INTERVIEW_PREP_DATA", data.path())
            .env("INTERVIEW_PREP_CACHE", data.path().join("cache"))
            .current_dir(project.path())
            .output()
            .unwrap();
        assert!(!out.stdout.is_empty(), "{args:?} printed nothing: {}", String::from_utf8_lossy(&out.stderr));
    }
    assert_no_markers(markers.path());
}

/// A user deck that tries to smuggle an editor command and HTML into a hover.
const HOSTILE_DECK: &str = "# Mine\n\n## Generators, really? [click](command:workbench.action.terminal.new)\n\n\
`id: python-generators` · `level: basic` · `concepts: generator-function`\n\n\
### Short answer\nSHORT [run it](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D) \
<a href=\"command:workbench.action.reloadWindow\">reload</a> <img src=x onerror=alert(1)> <command:evil.autolink> \
[ref link][r] [site](https://example.com/ok)\n\n[r]: command:workbench.action.quit\n\n\
<div onclick=\"x\">\n<script>alert(1)</script>\n</div>\n\n\
### Answer\nLong.\n\n### Follow-ups\n- Next? [x](command:a.b)\n\n### Common mistakes\n- Oops <b>bold</b> `a <b> in code` [y](COMMAND:a.b)\n";

#[test]
fn deck_markdown_cannot_smuggle_command_links_or_html_into_a_hover() {
    let decks = tempfile::tempdir().unwrap();
    std::fs::write(decks.path().join("mine.md"), HOSTILE_DECK).unwrap();
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({"deckPaths": [decks.path()]}));
    let uri = file_uri(&super::client::repo_root().join("target/hostile-deck.py"));
    let text = "def g():\n    yield 1\n";
    c.open(&uri, text);
    c.diagnostics(&uri, 1);
    // User decks load in the background after `initialized`; until then hovers use the
    // built-in deck.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let md = loop {
        let hover = c.request_message(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 5}}),
        );
        let md = hover["result"]["contents"]["value"].as_str().unwrap_or_else(|| panic!("{hover}")).to_string();
        if md.contains("SHORT") || std::time::Instant::now() > deadline {
            break md;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(md.contains("SHORT"), "the user deck is used: {md}");
    assert!(md.contains("https://example.com/ok"), "ordinary links stay: {md}");
    assert!(md.contains("`a <b> in code`"), "code spans are left alone: {md}");
    for (kind, href) in links_and_html(&md) {
        assert!(!href.to_ascii_lowercase().starts_with("command:"), "a {kind} to run a command in: {md}");
        assert!(kind != "html", "raw HTML {href:?} in: {md}");
    }
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

/// Every link destination and raw HTML fragment a CommonMark renderer would see in `md`.
fn links_and_html(md: &str) -> Vec<(&'static str, String)> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(md)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => Some(("link", dest_url.to_string())),
            Event::Start(Tag::Image { dest_url, .. }) => Some(("image", dest_url.to_string())),
            Event::Html(h) | Event::InlineHtml(h) => Some(("html", h.to_string())),
            _ => None,
        })
        .collect()
}

#[test]
fn the_html_report_and_exports_are_written_0600_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let html = dir.path().join("report.html");
    let csv = dir.path().join("reviews.csv");
    let html_arg = format!("--html={}", html.display());
    let csv_arg = format!("--output={}", csv.display());
    for args in [vec!["progress", html_arg.as_str()], vec!["progress", "export", "--format", "csv", csv_arg.as_str()]] {
        let out = Command::new("sh")
            .args(["-c", "umask 022; exec \"$@\"", "sh", env!("CARGO_BIN_EXE_interview-prep")])
            .args(&args)
            .env("INTERVIEW_PREP_DATA", &data)
            .env("INTERVIEW_PREP_CACHE", dir.path().join("cache"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    for path in [&html, &csv, &data.join("progress.db")] {
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
    assert_eq!(std::fs::metadata(&data).unwrap().permissions().mode() & 0o777, 0o700);
}
