//! A raw LSP client for these suites: it writes any bytes to the real binary's stdin and keeps
//! every message the server sends, so that a reply with a `null` id, or the absence of a reply,
//! can be checked. Server-to-client requests are answered: `window/showMessageRequest` from a
//! script of action titles, anything else with `null`.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Raw {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    /// Every message received, in order.
    pub seen: Vec<Value>,
    /// Titles to pick, in order, when the server asks with `window/showMessageRequest`.
    pub answers: VecDeque<String>,
    next_id: i64,
    /// The private home: cache, data and config live under it.
    pub home: tempfile::TempDir,
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().unwrap()
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Raw {
    /// `interview-prep serve` with a private home, data and cache directory.
    pub fn spawn() -> Raw {
        Raw::spawn_under(&[], &[])
    }

    /// The binary run by `wrapper` (e.g. `strace -f -o log`), with extra environment.
    pub fn spawn_under(wrapper: &[OsString], env: &[(&str, &Path)]) -> Raw {
        let home = tempfile::tempdir().unwrap();
        let bin = env!("CARGO_BIN_EXE_interview-prep");
        let mut cmd = match wrapper.split_first() {
            Some((program, args)) => {
                let mut cmd = Command::new(program);
                cmd.args(args).arg(bin);
                cmd
            }
            None => Command::new(bin),
        };
        cmd.arg("serve")
            .env("HOME", home.path())
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env_remove("INTERVIEW_PREP_CACHE")
            .env_remove("INTERVIEW_PREP_DATA")
            .env_remove("INTERVIEW_PREP_NOW")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start interview-prep serve");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("[server] {line}");
            }
        });
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Raw { child, stdin, rx, seen: Vec::new(), answers: VecDeque::new(), next_id: 1, home }
    }

    /// Writes bytes as they are. A write error means the server has gone, which the next wait
    /// reports.
    pub fn raw(&mut self, bytes: &[u8]) {
        let _ = self.stdin.write_all(bytes).and_then(|()| self.stdin.flush());
    }

    pub fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        self.raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// A fresh request id.
    pub fn id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// Sends a request and returns its whole response message.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.id();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response(id)
    }

    pub fn response(&mut self, id: i64) -> Value {
        self.wait(&format!("the response to request {id}"), |m| m.get("method").is_none() && m["id"] == json!(id))
    }

    /// The next message (already seen or not) matching `pred`.
    pub fn wait(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let mut from = 0;
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(m) = self.seen[from..].iter().find(|m| pred(m)) {
                return m.clone();
            }
            from = self.seen.len();
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(msg) => self.receive(msg),
                Err(_) => panic!("no {what}; the server {}", self.status()),
            }
        }
    }

    fn receive(&mut self, msg: Value) {
        if let (Some(id), Some(method)) = (msg.get("id"), msg["method"].as_str()) {
            let result = if method == "window/showMessageRequest" {
                let pick = self.answers.pop_front();
                msg["params"]["actions"]
                    .as_array()
                    .and_then(|actions| {
                        actions.iter().find(|a| Some(&a["title"]) == pick.as_ref().map(|p| json!(p)).as_ref())
                    })
                    .cloned()
                    .unwrap_or(Value::Null)
            } else {
                Value::Null
            };
            self.send(&json!({"jsonrpc": "2.0", "id": id.clone(), "result": result}));
        }
        self.seen.push(msg);
    }

    /// Replies to messages whose id could not be known (framing and parse errors).
    pub fn null_id_errors(&self) -> Vec<Value> {
        self.seen.iter().filter(|m| m.get("id") == Some(&Value::Null) && m.get("error").is_some()).cloned().collect()
    }

    /// Reads whatever has arrived, without waiting long.
    pub fn drain(&mut self, quiet: Duration) {
        while let Ok(msg) = self.rx.recv_timeout(quiet) {
            self.receive(msg);
        }
    }

    pub fn initialize(&mut self, options: Value) -> Value {
        let root = repo_root();
        let init = self.request(
            "initialize",
            json!({"processId": null, "rootUri": file_uri(&root), "capabilities": {},
                   "initializationOptions": options,
                   "workspaceFolders": [{"uri": file_uri(&root), "name": "repo"}]}),
        );
        assert!(init.get("result").is_some(), "initialize failed: {init}");
        self.notify("initialized", json!({}));
        init
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}),
        );
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let what = format!("diagnostics for {uri} v{version}");
        let msg = self.wait(&what, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == json!(version)
        });
        msg["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// A request every healthy server answers with a result: proves it still serves.
    pub fn probe(&mut self) {
        let reply = self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///nowhere/probe.py"},
                                                               "position": {"line": 0, "character": 0}}),
        );
        assert!(reply.get("result").is_some(), "the probe failed: {reply}");
    }

    fn status(&mut self) -> String {
        match self.child.try_wait() {
            Ok(Some(status)) => format!("has exited ({status})"),
            _ => "is still running".into(),
        }
    }

    /// `shutdown` then `exit`; the exit code.
    pub fn shutdown_and_exit(mut self) -> Option<i32> {
        let reply = self.request("shutdown", Value::Null);
        assert!(reply.get("result").is_some(), "shutdown failed: {reply}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    pub fn wait_exit(mut self) -> Option<i32> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the server did not exit within 10 s");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One framed message from the server (whose framing we trust).
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
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
    serde_json::from_slice(&body).ok()
}
