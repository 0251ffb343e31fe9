//! A benchmark client for language servers over stdio: measures what an editor would feel (time
//! from sending a request or an edit to receiving its answer or its diagnostics) and the server's
//! memory (RSS from /proc), with the same edits for any server, so interview-prep and
//! `ruff server` can be compared side by side.
//!
//! Usage:
//!   lsp-bench --server-cmd "interview-prep serve" --big FILE [--open FILE...] [--edits N]
//!             [--requests N] [--name NAME] [--first-open FILE] [--first-open-runs N]
//!             [--language-id ID]
//! `--language-id` opens the big file as another language (`yaml`, `sql`, `dockerfile`): then the
//! edits type a letter at the end of the word that ends a line (a YAML value, a SQL identifier),
//! and the Python-only edits (def names, an unterminated string) are not made.
//! Prints one JSON object with the measurements (milliseconds).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<(Instant, Value)>,
    next_id: i64,
    backlog: Vec<(Instant, Value)>,
}

impl Server {
    fn start(cmd: &str) -> Server {
        let mut parts = cmd.split_whitespace();
        let program = parts.next().expect("a server command");
        let mut child = Command::new(program)
            .args(parts)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd}: {e}"));
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(body) = read_body(&mut reader) {
                // Timestamped when the bytes have arrived, before parsing: our own JSON parsing
                // is not the server's latency.
                let at = Instant::now();
                let Ok(msg) = serde_json::from_slice(&body) else { continue };
                if tx.send((at, msg)).is_err() {
                    break;
                }
            }
        });
        Server { child, stdin, rx, next_id: 1, backlog: Vec::new() }
    }

    fn send(&mut self, msg: &Value) -> Instant {
        let body = serde_json::to_string(msg).unwrap();
        let at = Instant::now();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
        at
    }

    fn notify(&mut self, method: &str, params: Value) -> Instant {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    /// Sends a request, answers server requests meanwhile, returns (latency, result).
    fn request(&mut self, method: &str, params: Value) -> (Duration, Value) {
        let id = self.next_id;
        self.next_id += 1;
        let sent = self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let (at, msg) = self.wait(|m| m.get("method").is_none() && m["id"] == json!(id));
        (at - sent, msg["result"].clone())
    }

    /// The next message matching `pred` (others are kept for later waits).
    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> (Instant, Value) {
        if let Some(i) = self.backlog.iter().position(|(_, m)| pred(m)) {
            return self.backlog.remove(i);
        }
        loop {
            let (at, msg) = self.rx.recv_timeout(Duration::from_secs(60)).expect("server answered within 60 s");
            if let (Some(id), Some(_)) = (msg.get("id"), msg.get("method")) {
                // A server request (workDoneProgress/create, registerCapability...): answer null.
                let id = id.clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                continue;
            }
            if pred(&msg) {
                return (at, msg);
            }
            self.backlog.push((at, msg));
            if self.backlog.len() > 10_000 {
                self.backlog.drain(..5_000);
            }
        }
    }

    fn diagnostics(&mut self, uri: &str, version: i64) -> Instant {
        let (at, _) = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && (m["params"]["version"].is_null() || m["params"]["version"] == json!(version))
        });
        at
    }

    /// Types `text` at each of `n` sites (cycling) and deletes it again, one `didChange` each,
    /// and returns the time from each change to its diagnostics.
    fn type_and_delete(
        &mut self,
        uri: &str,
        sites: &[(u32, u32)],
        n: usize,
        text: &str,
        version: &mut i64,
    ) -> Vec<Duration> {
        let mut times = Vec::new();
        for (line, col) in sites.iter().cycle().take(n) {
            for (range_end, text) in [(*col, text), (*col + 1, "")] {
                *version += 1;
                let change = json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": range_end}}, "text": text});
                let sent = self.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": *version}, "contentChanges": [change]}),
                );
                times.push(self.diagnostics(uri, *version) - sent);
            }
        }
        times
    }

    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if self.child.try_wait().ok().flatten().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
    }
}

fn read_body(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(body)
}

fn uri(path: &str) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    format!("file://{}", abs.display())
}

/// p50 and p99 (and max) of durations, in milliseconds.
fn summary(mut xs: Vec<Duration>) -> Value {
    xs.sort();
    let pick = |q: f64| xs.get(((xs.len() as f64 - 1.0) * q).round() as usize).map_or(0.0, |d| d.as_secs_f64() * 1e3);
    json!({"n": xs.len(), "p50": pick(0.5), "p99": pick(0.99), "max": pick(1.0)})
}

const KEYWORDS: &[&str] = &[
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
    "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
    "return", "try", "while", "with", "yield", "match", "case", "print",
];

fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Places for edits: the end of the first word on lines that sit inside a def body
/// (indented by 8 spaces), spread over the file, deterministic.
fn edit_sites(text: &str, n: usize) -> Vec<(u32, u32)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut sites: Vec<(u32, u32)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("        ") && l.trim_start().starts_with(|c: char| c.is_ascii_lowercase()))
        .filter(|(_, l)| {
            l.is_ascii()
                && !is_keyword(
                    l.trim_start().split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next().unwrap_or(""),
                )
        })
        .map(|(i, l)| {
            let col = l.len() - l.trim_start().len();
            let word = l[col..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(1).max(1);
            (i as u32, (col + word) as u32)
        })
        .collect();
    let step = (sites.len() / n.max(1)).max(1);
    sites = sites.into_iter().step_by(step).collect();
    sites.truncate(n);
    sites
}

/// Places for edits in a file that is not Python: the end of lines that end in a word (a YAML
/// value such as `image: shop/web`, a SQL identifier such as `FROM orders o`), outside comments,
/// spread over the file, deterministic.
fn line_end_sites(text: &str, n: usize) -> Vec<(u32, u32)> {
    let mut sites: Vec<(u32, u32)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.is_ascii() && l.ends_with(|c: char| c.is_ascii_alphanumeric()))
        .filter(|(_, l)| !["#", "--"].iter().any(|c| l.trim_start().starts_with(c)))
        .map(|(i, l)| (i as u32, l.len() as u32))
        .collect();
    let step = (sites.len() / n.max(1)).max(1);
    sites = sites.into_iter().step_by(step).collect();
    sites.truncate(n);
    sites
}

/// Places for def-name edits: the end of each def's name (top-level defs and methods), spread
/// over the file, deterministic.
fn def_name_sites(text: &str, n: usize) -> Vec<(u32, u32)> {
    let mut sites: Vec<(u32, u32)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.is_ascii())
        .filter_map(|(i, l)| {
            let def = l.trim_start().strip_prefix("def ")?;
            let name = def.find('(')?;
            Some((i as u32, (l.len() - def.len() + name) as u32))
        })
        .collect();
    let step = (sites.len() / n.max(1)).max(1);
    sites = sites.into_iter().step_by(step).collect();
    sites.truncate(n);
    sites
}

struct Args {
    server: String,
    name: String,
    big: String,
    open: Vec<String>,
    edits: usize,
    requests: usize,
    /// A module to open first in fresh servers: `didOpen` → first diagnostics.
    first_open: Option<String>,
    first_open_runs: usize,
    /// The languageId the big file is opened with.
    language_id: String,
}

fn args() -> Args {
    let mut a = Args {
        server: String::new(),
        name: String::new(),
        big: String::new(),
        open: Vec::new(),
        edits: 1000,
        requests: 200,
        first_open: None,
        first_open_runs: 10,
        language_id: "python".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--server-cmd" => a.server = value(),
            "--name" => a.name = value(),
            "--big" => a.big = value(),
            "--open" => a.open.push(value()),
            "--edits" => a.edits = value().parse().expect("--edits N"),
            "--requests" => a.requests = value().parse().expect("--requests N"),
            "--first-open" => a.first_open = Some(value()),
            "--first-open-runs" => a.first_open_runs = value().parse().expect("--first-open-runs N"),
            "--language-id" => a.language_id = value(),
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(!a.server.is_empty() && !a.big.is_empty(), "usage: lsp-bench --server-cmd CMD --big FILE [--open FILE...]");
    if a.name.is_empty() {
        a.name = a.server.clone();
    }
    a
}

/// Starts a server and initializes it as an editor does.
fn initialized(cmd: &str) -> Server {
    let mut s = Server::start(cmd);
    let root = format!("file://{}", std::env::current_dir().unwrap().display());
    s.request(
        "initialize",
        json!({"processId": std::process::id(), "rootUri": root, "capabilities": {
            "textDocument": {"publishDiagnostics": {"versionSupport": true}},
            "general": {"positionEncodings": ["utf-16"]}}}),
    );
    s.notify("initialized", json!({}));
    s
}

/// `didOpen` → first diagnostics of `path` in fresh servers: `cold` opens it right after
/// `initialized`, as an editor that was started by opening the file does; `warm` waits a second
/// first, the time the server has to get ready while the user looks at the file tree.
fn first_open(cmd: &str, path: &str, runs: usize) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let u = uri(path);
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for i in 0..runs * 2 {
        let mut s = initialized(cmd);
        if i % 2 == 1 {
            std::thread::sleep(Duration::from_secs(1));
        }
        let sent = s.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": "python", "version": 1, "text": text}}),
        );
        let took = s.diagnostics(&u, 1) - sent;
        if i % 2 == 1 {
            warm.push(took)
        } else {
            cold.push(took)
        }
        s.shutdown();
    }
    json!({"lines": text.lines().count(), "cold": summary(cold), "warm": summary(warm)})
}

fn main() {
    let a = args();
    let first = a.first_open.as_ref().map(|path| first_open(&a.server, path, a.first_open_runs));
    let started = Instant::now();
    let mut s = Server::start(&a.server);
    let root = format!("file://{}", std::env::current_dir().unwrap().display());
    let (init, _) = s.request(
        "initialize",
        json!({"processId": std::process::id(), "rootUri": root, "capabilities": {
            "textDocument": {"publishDiagnostics": {"versionSupport": true}, "hover": {"contentFormat": ["markdown"]}},
            "general": {"positionEncodings": ["utf-16"]}}}),
    );
    s.notify("initialized", json!({}));
    let spawn_to_ready = started.elapsed();

    // Open the other files and wait for each file's diagnostics.
    let mut opened = 0;
    for path in &a.open {
        let text = std::fs::read_to_string(path).unwrap();
        let u = uri(path);
        s.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": "python", "version": 1, "text": text}}),
        );
        s.diagnostics(&u, 1);
        opened += 1;
    }
    let rss_open = s.rss_kib();

    let big_text = std::fs::read_to_string(&a.big).unwrap();
    let big = uri(&a.big);
    let sent = s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": big, "languageId": a.language_id, "version": 1, "text": big_text}}),
    );
    let open_big = s.diagnostics(&big, 1) - sent;
    let python = a.language_id == "python";
    let rss_all_open = s.rss_kib();

    // First requests right after didOpen, then steady state.
    let sites = if python { edit_sites(&big_text, a.edits.max(2)) } else { line_end_sites(&big_text, a.edits.max(2)) };
    let mut hover = Vec::new();
    let mut lens = Vec::new();
    for (i, (line, col)) in sites.iter().cycle().take(a.requests).enumerate() {
        let (t, _) = s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": big}, "position": {"line": line, "character": col.saturating_sub(1)}}),
        );
        hover.push(t);
        if i % 2 == 0 {
            let (t, _) = s.request("textDocument/codeLens", json!({"textDocument": {"uri": big}}));
            lens.push(t);
        }
    }

    // Identifier edits: type a letter into an identifier, then delete it.
    let mut version = 1;
    let ident = s.type_and_delete(&big, &sites, a.edits, "q", &mut version);
    // Def-name edits: type a letter at the end of a def's name, then delete it (the name binds
    // in the module or the class, so what mentions it may mean something else).
    // Syntax-breaking edits: an unterminated string, then its removal. Both only in Python.
    let (def_name, string) = if python {
        let def_sites = def_name_sites(&big_text, a.edits.max(2));
        let def_name = s.type_and_delete(&big, &def_sites, a.edits, "q", &mut version);
        (Some(def_name), Some(s.type_and_delete(&big, &sites, (a.edits / 10).max(2), "'", &mut version)))
    } else {
        (None, None)
    };
    let rss_after = s.rss_kib();
    let out = json!({
        "name": a.name,
        "initialize_ms": init.as_secs_f64() * 1e3,
        "spawn_to_initialized_ms": spawn_to_ready.as_secs_f64() * 1e3,
        "files_open": opened + 1,
        "rss_kib_before_big_file": rss_open,
        "rss_kib_files_open": rss_all_open,
        "open_big_ms": open_big.as_secs_f64() * 1e3,
        "big_lines": big_text.lines().count(),
        "hover": summary(hover),
        "code_lens": summary(lens),
        "identifier_edit": summary(ident),
        "language_id": a.language_id,
        "def_name_edit": def_name.map(summary),
        "unterminated_string_edit": string.map(summary),
        "rss_kib_after_edits": rss_after,
        "first_open": first,
    });
    s.shutdown();
    println!("{}", serde_json::to_string_pretty(&out).unwrap());
}
