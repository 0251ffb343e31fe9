//! The command line, run as a user would: exit codes, output shapes, and bad input.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_interview-prep"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CACHE_HOME", dir.join(".cache"))
        .output()
        .expect("run interview-prep")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const FOUR: &str = "\
import threading


def numbers(limit, seen=[]):
    for n in range(limit):
        yield n


class Account:
    @property
    def balance(self):
        with threading.Lock():
            return 0
";

#[test]
fn check_json_reports_the_four_concepts_with_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("four.py"), FOUR).unwrap();
    let out = run(&["check", "--format", "json", "four.py"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let findings: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let concepts: Vec<&str> = findings.iter().map(|f| f["concept"].as_str().unwrap()).collect();
    for want in ["generator-function", "mutable-default-argument", "property", "context-manager"] {
        assert!(concepts.contains(&want), "{want} missing from {concepts:?}");
    }
    let default = findings.iter().find(|f| f["concept"] == "mutable-default-argument").unwrap();
    assert_eq!(default["path"], "four.py");
    assert_eq!(default["kind"], "pitfall");
    assert_eq!((default["line"].as_u64(), default["column"].as_u64()), (Some(4), Some(25)));
    assert_eq!((default["end_line"].as_u64(), default["end_column"].as_u64()), (Some(4), Some(27)));
    assert!(default["message"].as_str().unwrap().starts_with("Mutable default argument: "));
    assert!(!default["entries"].as_array().unwrap().is_empty());
    let keys: Vec<&String> = default.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 9, "{keys:?}");
}

#[test]
fn check_text_lines_and_character_columns() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("emoji.py"), "s = '😀'; f = lambda: 0\n").unwrap();
    let out = run(&["check", "emoji.py"], dir.path());
    assert_eq!(stdout(&out), "emoji.py:1:14: lambda Lambda functions\n");
}

#[test]
fn directories_respect_gitignore_and_skip_binary_and_non_utf8_files_with_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("app")).unwrap();
    std::fs::create_dir_all(p.join("build")).unwrap();
    std::fs::write(p.join(".gitignore"), "build/\n").unwrap();
    std::fs::write(p.join("app/gen.py"), "def g():\n    yield 1\n").unwrap();
    std::fs::write(p.join("build/gen.py"), "def g():\n    yield 1\n").unwrap();
    std::fs::write(p.join("app/latin1.py"), b"name = '\xe9t\xe9'\n").unwrap();
    std::fs::write(p.join("app/blob.py"), b"\x00\x01\x02binary").unwrap();
    std::fs::write(p.join("app/notes.txt"), "def g():\n    yield 1\n").unwrap();
    let out = run(&["check", "."], p);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("app/gen.py:1:5: generator-function"), "{text}");
    assert!(!text.contains("build/"), "{text}");
    assert!(!text.contains("notes.txt"), "{text}");
    let err = stderr(&out);
    assert_eq!(err.matches("warning: skipping").count(), 2, "{err}");
    assert!(err.contains("latin1.py: not valid UTF-8") && err.contains("blob.py: binary file"), "{err}");
}

#[test]
fn missing_paths_and_bad_usage_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["check", "nope.py"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).trim(), "interview-prep: nope.py: no such file or directory");
    let out = run(&["check", "--format", "yaml", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).trim().lines().count(), 1, "{}", stderr(&out));
    let out = run(&["frobnicate"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).trim().lines().count(), 1);
}

#[test]
fn builtin_deck_lints_clean_and_exports_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["deck", "lint"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    // Clean still says what was checked.
    assert!(stderr(&out).contains(" entries, 0 problems · "), "{}", stderr(&out));
    let out = run(&["deck", "export", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let export: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let entries = export["entries"].as_array().unwrap();
    assert!(entries.len() > 100);
    for key in
        ["id", "topic", "question", "asked", "concepts", "level", "short", "answer", "examples", "followups", "choices"]
    {
        assert!(entries.iter().all(|e| e.get(key).is_some()), "missing {key}");
    }
}

#[test]
fn deck_lint_names_file_and_line_of_each_problem() {
    let dir = tempfile::tempdir().unwrap();
    let deck = "# Mine\n\n## Without metadata?\n\nText.\n\n## Good?\n\n`id: good` · `level: basic` · `concepts: lambda`\n\n\
### Short answer\nShort.\n\n### Answer\nLong.\n\n### Example\n```python\nx = [1 for\n```\n\n### Follow-ups\n- Next?\n\n### Common mistakes\n- Oops.\n";
    std::fs::write(dir.path().join("mine.md"), deck).unwrap();
    let out = run(&["deck", "lint", "mine.md"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("mine.md:3: entry `Without metadata?` has no `id: ...`"), "{text}");
    assert!(text.contains("mine.md:19: Python example of `good` does not parse"), "{text}");
}

#[test]
fn explain_and_concepts() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["explain", "generator-function"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("Generators (concept, python)"), "{text}");
    assert!(text.contains("In 30 seconds:"), "{text}");
    let out = run(&["explain", "no-such-thing"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["concepts"], dir.path());
    let table = stdout(&out);
    assert!(table.lines().count() > 99);
    assert!(table.contains("n-plus-one") && table.contains("pitfall"));
}

#[test]
fn check_honours_suppression_comments_and_the_project_config() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("app")).unwrap();
    std::fs::write(
        p.join("pyproject.toml"),
        "[tool.interview-prep]\nignore = [\"generator-function\"]\n\n[tool.interview-prep.severity]\nlambda = \"off\"\nbogus-id = \"error\"\n",
    )
    .unwrap();
    std::fs::write(
        p.join("app/code.py"),
        "def tags(x, seen=[]):  # interview-prep: ignore[mutable-default-argument]\n    yield lambda: x\n\n\ndef other(y={}):\n    return y is 1\n",
    )
    .unwrap();
    let out = run(&["check", "app"], p);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(!text.contains("generator-function"), "ignored by the project: {text}");
    assert!(!text.contains("lambda"), "severity off: {text}");
    assert!(!text.contains("code.py:1:"), "suppressed on its line: {text}");
    assert!(text.contains("app/code.py:5:13: mutable-default-argument"), "{text}");
    assert!(text.contains("is-literal-comparison"), "{text}");
    let err = stderr(&out);
    assert!(err.contains("pyproject.toml:6:12: `bogus-id` is neither a concept id nor a topic"), "{err}");
}

/// Runs the binary with a deadline, so a hang (a FIFO opened for reading, a walk that never
/// ends) fails the test instead of blocking CI. `wrap` runs it under another program (setpriv).
fn run_bounded(wrap: &[&str], args: &[&str], dir: &Path) -> Output {
    use std::io::Read as _;
    use std::process::Stdio;
    let bin = env!("CARGO_BIN_EXE_interview-prep");
    let mut cmd = match wrap.split_first() {
        Some((program, rest)) => {
            let mut c = Command::new(program);
            c.args(rest).arg(bin);
            c
        }
        None => Command::new(bin),
    };
    let mut child = cmd
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CACHE_HOME", dir.join(".cache"))
        .env_remove("INTERVIEW_PREP_DATA")
        .env_remove("XDG_DATA_HOME")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run interview-prep");
    // Drained on threads: a full pipe must not look like a hang.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        out.read_to_end(&mut v).map(|_| v)
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        err.read_to_end(&mut v).map(|_| v)
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("interview-prep {args:?} did not finish within 120 s: it hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Output { status, stdout: out.join().unwrap().unwrap(), stderr: err.join().unwrap().unwrap() }
}

/// A file no process of ours may read. Root reads mode-000 files, so when this process can
/// still read it, the binary is run with the two capabilities that bypass file permissions
/// removed from its bounding set (`setpriv` from util-linux): it stays root, and really gets
/// EACCES. Returns the wrapper to run the binary under.
fn make_unreadable(path: &Path) -> Vec<&'static str> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(path).is_err() {
        return Vec::new();
    }
    let wrap = vec!["setpriv", "--bounding-set", "-dac_override,-dac_read_search"];
    let probe = Command::new(wrap[0]).args(&wrap[1..]).arg("cat").arg(path).output();
    match probe {
        // `cat` itself must be refused: a `setpriv` that fails to drop the capabilities fails too.
        Ok(o) if String::from_utf8_lossy(&o.stderr).contains("Permission denied") => wrap,
        Ok(o) => panic!(
            "cannot make a file unreadable to a privileged process here (setpriv: {}): cannot test EACCES",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => panic!("running as a privileged user and `setpriv` (util-linux) is not available: {e}"),
    }
}

/// A tree with one file of each kind that cannot be checked, beside one that can.
fn hostile_tree(p: &Path) -> Vec<&'static str> {
    use std::os::unix::fs::symlink;
    std::fs::write(p.join("good.py"), "f = lambda: 0\n").unwrap();
    std::fs::write(p.join("latin1.py"), b"name = '\xe9t\xe9'\n").unwrap();
    symlink("loop_b.py", p.join("loop_a.py")).unwrap();
    symlink("loop_a.py", p.join("loop_b.py")).unwrap();
    symlink(".", p.join("here")).unwrap();
    std::fs::create_dir(p.join("pkg")).unwrap();
    std::fs::write(p.join("pkg/inner.py"), "def g():\n    yield 1\n").unwrap();
    symlink("..", p.join("pkg/up")).unwrap();
    // Not problems: a linked file is checked under its own name; a linked directory that is no
    // loop is not walked (its files are checked where they are).
    symlink("good.py", p.join("link.py")).unwrap();
    symlink("pkg", p.join("alias")).unwrap();
    std::fs::File::create(p.join("huge.py")).unwrap().set_len(2 << 30).unwrap();
    let fifo = Command::new("mkfifo").arg(p.join("fifo.py")).status().expect("mkfifo");
    assert!(fifo.success());
    std::fs::write(p.join("secret.py"), "def g():\n    yield 1\n").unwrap();
    let manifest = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: nginx\n";
    std::fs::write(p.join("generated.yaml"), format!("{manifest}{}", "# generated\n".repeat(33_000))).unwrap();
    make_unreadable(&p.join("secret.py"))
}

/// The one stderr line naming each path, with its reason.
const HOSTILE_WARNINGS: &[(&str, &str)] = &[
    ("latin1.py", "not valid UTF-8"),
    ("loop_a.py", "Too many levels of symbolic links"),
    ("loop_b.py", "Too many levels of symbolic links"),
    ("pkg/up", "symbolic link loop"),
    ("here", "symbolic link loop"),
    ("huge.py", "larger than 10 MB"),
    ("fifo.py", "not a regular file"),
    ("secret.py", "Permission denied"),
    ("generated.yaml", "YAML longer than 32,768 lines"),
];

fn assert_one_warning_each(err: &str) {
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning: skipping")).collect();
    assert_eq!(warnings.len(), HOSTILE_WARNINGS.len(), "{err}");
    for (file, reason) in HOSTILE_WARNINGS {
        let named: Vec<&&str> = warnings.iter().filter(|w| w.contains(&format!("./{file}:"))).collect();
        assert_eq!(named.len(), 1, "{file}: {err}");
        assert!(named[0].contains(reason), "{file} should be skipped as `{reason}`: {err}");
    }
}

#[test]
fn check_skips_each_unusable_file_with_one_warning_and_reports_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let wrap = hostile_tree(p);
    let out = run_bounded(&wrap, &["check", "."], p);
    let err = stderr(&out);
    // Exit 0: the check ran; skipped files are warnings, not errors.
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(
        stdout(&out),
        "./good.py:1:5: lambda Lambda functions\n./link.py:1:5: lambda Lambda functions\n\
         ./pkg/inner.py:1:5: generator-function Generators\n./pkg/inner.py:2:5: generator-function Generators\n"
    );
    assert_one_warning_each(&err);
    assert!(err.contains("4 findings of 2 concepts in 3 files"), "{err}");

    // Named on the command line, the same files are skipped the same way.
    let out = run_bounded(&wrap, &["check", "fifo.py", "loop_a.py", "huge.py", "secret.py", "good.py"], p);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(stdout(&out), "good.py:1:5: lambda Lambda functions\n");
    assert_eq!(err.lines().filter(|l| l.starts_with("warning: skipping")).count(), 4, "{err}");
}

#[test]
fn scan_skips_each_unusable_file_with_one_warning_and_plans_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let wrap = hostile_tree(p);
    let data = p.join("data");
    let out = run_bounded(&wrap, &["scan", ".", "--format", "json", "--data-dir", data.to_str().unwrap()], p);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let plan: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(plan["files"], 3, "{plan}");
    let concepts: Vec<&str> =
        plan["concepts"].as_array().unwrap().iter().map(|c| c["concept"].as_str().unwrap()).collect();
    assert_eq!(concepts.len(), 2, "{concepts:?}");
    assert!(concepts.contains(&"lambda") && concepts.contains(&"generator-function"), "{concepts:?}");
    assert_one_warning_each(&err);
}

#[test]
fn a_broken_project_config_is_reported_with_file_line_and_column_and_defaults_apply() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("code.py"), "f = lambda: 0\n").unwrap();
    // An unclosed list: the file is not TOML, so its `ignore` must not apply.
    std::fs::write(p.join("pyproject.toml"), "[tool.interview-prep]\nignore = [\"lambda\"\nselect = 3\n").unwrap();
    let out = run(&["check", "code.py"], p);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "code.py:1:5: lambda Lambda functions\n", "defaults apply");
    let err = stderr(&out);
    assert!(err.contains("warning: pyproject.toml:3:1: invalid TOML: missing comma"), "{err}");
    assert!(err.contains("(defaults apply until it is fixed)"), "{err}");

    // Valid TOML, wrong types and an unknown key: one line each, at the value or key.
    std::fs::write(
        p.join("pyproject.toml"),
        "[tool.interview-prep]\nignore = \"lambda\"\ncolour = 1\nconcept-severity = \"loud\"\n",
    )
    .unwrap();
    let out = run(&["check", "code.py"], p);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "code.py:1:5: lambda Lambda functions\n");
    let err = stderr(&out);
    let problems: Vec<&str> = err.lines().filter(|l| l.contains("pyproject.toml:")).collect();
    assert_eq!(problems.len(), 3, "{err}");
    assert!(problems[0].contains("pyproject.toml:2:10: `ignore` must be a list"), "{err}");
    assert!(problems[1].contains("pyproject.toml:3:10: unknown key `colour`"), "{err}");
    assert!(problems[2].contains("pyproject.toml:4:20: `concept-severity` must be one of"), "{err}");
}

#[test]
fn deck_lint_reports_broken_files_by_file_and_line_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("untitled.md"), "No title here\n\n## Q?\n\n`id: q1` · `level: wizard`\n").unwrap();
    std::fs::write(p.join("latin1.md"), b"# Caf\xe9\n").unwrap();
    std::fs::write(p.join("empty.md"), "").unwrap();
    assert!(Command::new("mkfifo").arg(p.join("fifo.md")).status().unwrap().success());
    std::fs::File::create(p.join("huge.md")).unwrap().set_len(2 << 30).unwrap();
    let out = run_bounded(&[], &["deck", "lint", "untitled.md", "latin1.md", "empty.md", "fifo.md", "huge.md"], p);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("untitled.md:1: a deck file starts with a `# Title` heading"), "{text}");
    assert!(text.contains("untitled.md:5: level `wizard` must be basic, intermediate or advanced"), "{text}");
    assert!(text.contains("latin1.md:1: cannot read deck file: not valid UTF-8"), "{text}");
    assert!(text.contains("empty.md:1: a deck file starts with a `# Title` heading"), "{text}");
    assert!(text.contains("fifo.md:1: cannot read deck file: not a regular file"), "{text}");
    assert!(text.contains("huge.md:1: cannot read deck file: larger than 10 MB"), "{text}");
    assert!(
        text.lines().all(|l| l.split(':').nth(1).is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n >= 1))),
        "{text}"
    );
}

/// The project's `ignore` hides a concept from `check`, `scan` and every `quiz` of the CLI, as it
/// does from the editor surfaces (tests/lsp/visibility.rs): one rule, `session::visible_findings`.
#[test]
fn a_hidden_concept_is_hidden_from_check_scan_and_every_cli_quiz() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join(".interview-prep.toml"), "ignore = [\"args-kwargs\"]\n").unwrap();
    std::fs::write(
        p.join("helpers.py"),
        "def log_all(*args, **kwargs):\n    return args\n\n\ndef numbers(n):\n    yield n\n",
    )
    .unwrap();
    let data = p.join("data");
    let data_arg = data.to_str().unwrap();
    let deck = interview_prep::deck::Deck::builtin();
    let hidden: Vec<String> = deck
        .entries()
        .iter()
        .filter(|e| e.concepts.first().map(String::as_str) == Some("args-kwargs"))
        .map(|e| e.question.clone())
        .collect();
    let never_asked = |text: &str| {
        for q in &hidden {
            assert!(!text.contains(q.as_str()), "asked about the hidden concept: {text}");
        }
    };

    let out = run(&["check", "--format", "json", "."], p);
    let findings: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<&str> = findings.as_array().unwrap().iter().map(|f| f["concept"].as_str().unwrap()).collect();
    assert!(ids.contains(&"generator-function") && !ids.contains(&"args-kwargs"), "check: {ids:?}");

    let out = run(&["scan", ".", "--format", "json", "--data-dir", data_arg], p);
    let plan = stdout(&out);
    assert!(plan.contains("generator-function") && !plan.contains("args-kwargs"), "scan: {plan}");

    // Every quiz, answered from a pipe: `2` skips each question.
    let skip_all = "2\n".repeat(300);
    let quiz = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_interview-prep"))
            .args(args)
            .args(["--data-dir", data_arg])
            .current_dir(p)
            .env("HOME", p)
            .env("XDG_CACHE_HOME", p.join(".cache"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(skip_all.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    let text = quiz(&["quiz", ".", "--count", "200"]);
    assert!(text.contains("Question 1 of"), "{text}");
    never_asked(&text);
    never_asked(&quiz(&["quiz", "--topic", "python", "--count", "200"]));
    // A due card about the hidden concept: `--due` asks the other one only.
    let store = interview_prep::progress::Store::open_file(&data.join("progress.db")).unwrap();
    let long_ago =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64 - 30 * 86_400;
    for concept in ["args-kwargs", "generator-function"] {
        let review = interview_prep::progress::NewReview {
            entry: deck.primary(concept).unwrap().id.clone(),
            rating: interview_prep::progress::Rating::Again,
            at: long_ago,
            mode: interview_prep::progress::Mode::Flashcard,
            file: None,
            concept: None,
            duration_ms: None,
            answer: None,
        };
        store.record(&review, &interview_prep::progress::Scheduler::default_params()).unwrap();
    }
    drop(store);
    let text = quiz(&["quiz", "--due"]);
    assert!(text.contains(&deck.primary("generator-function").unwrap().question), "{text}");
    never_asked(&text);
}

/// Escape sequences in file names, source lines and deck text never reach the terminal: an OSC 52
/// sequence would write the clipboard, `ESC[2J` clear the screen. Every command shows them as
/// visible escapes instead.
#[test]
fn control_characters_from_files_and_decks_are_shown_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let osc = "\u{1b}]52;c;aGVsbG8=\u{7}";
    let name = format!("evil{osc}.py");
    std::fs::write(p.join(&name), "x = \"\u{1b}[2J\"; f = lambda: 0\n").unwrap();
    let deck = p.join(format!("deck{osc}.md"));
    std::fs::write(
        &deck,
        "# Evil\n\n## What is \u{1b}[2Jthis?\n\n`id: evil-entry` · `level: basic`\n\n### Short answer\nIt \u{1b}]0;pwned\u{7}is.\n\n\
         ### Answer\nA.\n\n### Key points\n- Only one.\n  Listen for: one\n\n### Example\n```python\nx = 1\n```\n\n\
         ### Follow-ups\n- F?\n\n### Common mistakes\n- M.\n",
    )
    .unwrap();
    let data = p.join("data");
    let deck_arg = deck.to_str().unwrap();
    let quiet = |out: &Output, what: &str| {
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(!bytes.iter().any(|&b| b == 0x1b || b == 0x07), "{what}: raw control bytes on {stream}");
        }
        format!("{}{}", stdout(out), stderr(out))
    };
    let text = quiet(&run(&["check", "."], p), "check");
    assert!(text.contains("evil\\x1b]52;c;aGVsbG8=\\x07.py:1:"), "{text}");
    let text = quiet(&run(&["scan", ".", "--data-dir", data.to_str().unwrap()], p), "scan");
    assert!(text.contains("evil\\x1b]52"), "{text}");
    let text = quiet(&run(&["deck", "lint", deck_arg], p), "deck lint");
    assert!(text.contains("deck\\x1b]52"), "{text}");
    let text = quiet(&run(&["explain", "evil-entry", "--deck", deck_arg], p), "explain");
    assert!(text.contains("What is \\x1b[2Jthis?") && text.contains("It \\x1b]0;pwned\\x07is."), "{text}");
    // The quiz quotes the source line, escapes and all, as text.
    let mut child = Command::new(env!("CARGO_BIN_EXE_interview-prep"))
        .args(["quiz", ".", "--count", "1", "--data-dir", data.to_str().unwrap()])
        .current_dir(p)
        .env("HOME", p)
        .env("XDG_CACHE_HOME", p.join(".cache"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write as _;
        child.stdin.take().unwrap().write_all(b"q\n").unwrap();
    }
    let text = quiet(&child.wait_with_output().unwrap(), "quiz");
    assert!(text.contains("x = \"\\x1b[2J\"; f = lambda: 0"), "{text}");
}

/// `debug grade SET` as a user runs it: its figures line, parsed.
fn grade_figures(set: &str) -> (String, f64, f64) {
    let set = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/answers").join(set);
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["debug", "grade", set.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "every line of the set is usable");
    let text = stdout(&out);
    let figure = |name: &str| -> f64 {
        let at = text.find(&format!("{name} ")).unwrap_or_else(|| panic!("no {name} in {text}"));
        text[at + name.len() + 1..].split_whitespace().next().unwrap().parse().unwrap()
    };
    let (precision, recall) = (figure("precision"), figure("recall"));
    (text, precision, recall)
}

/// The grader on the labelled answer set (tests/answers/): its targets, precision 0.90 and
/// recall 0.80 (docs/answer-mode.md).
#[test]
fn grader_meets_its_targets_on_the_labelled_answer_set() {
    let (text, precision, recall) = grade_figures("answers.tsv");
    assert!(text.starts_with("255 answers to 51 entries · 1420 key-point labels"), "{text}");
    assert!(precision >= 0.90, "{text}");
    assert!(recall >= 0.80, "{text}");
}

/// The trap sets the deck's misconceptions were written from: a phrase edit that lets their
/// traps through again, or stops hearing their good answers, fails here.
#[test]
fn grader_rejects_the_traps_the_misconceptions_were_written_for() {
    for set in ["traps-a.tsv", "traps-b.tsv"] {
        let (text, precision, recall) = grade_figures(set);
        assert!(precision >= 0.99 && recall >= 0.99, "{set}: {text}");
    }
}
