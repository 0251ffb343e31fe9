//! The one LSP client of the test suites (`tests/lsp`, `tests/stress`, `tests/protocol`): real
//! JSON-RPC framing to the real binary on stdio (optionally run under a wrapper such as strace),
//! or to the same server in-process over a socket pair. It keeps every message the server sends,
//! answers server-to-client requests (`window/showMessageRequest` from a script, anything else
//! with `null`), and can write any bytes, so malformed input and replies with a `null` id can be
//! tested too.
//!
//! A client must end the way the test means it to: `shutdown_and_exit`, `wait_exit` after an
//! `exit`, or `kill`. Dropping one otherwise fails the test, and so does dropping one while a
//! request it sent is still unanswered: a test cannot pass by leaving the server wedged.

#![allow(dead_code)]

use std::collections::{HashSet, VecDeque};
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Once;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(60);

/// How the test answers a `window/showMessageRequest`.
#[derive(Clone, Debug)]
pub enum Answer {
    /// Pick the action with this title.
    Title(String),
    /// Pick the action whose title contains this text.
    Containing(String),
    /// Dismiss the prompt (respond `null`).
    Dismiss,
    /// Never answer: the prompt stays up (as when the user walks away), e.g. to kill the server
    /// in the middle of a quiz.
    Hold,
}

pub struct Client {
    writer: Box<dyn Write + Send>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Every message received, in order.
    pub seen: Vec<Value>,
    /// Every notification received, in order.
    pub notifications: Vec<Value>,
    /// Every request the server sent us, in order.
    pub server_requests: Vec<Value>,
    pub answers: VecDeque<Answer>,
    /// Requests sent whose response has not been read yet.
    outstanding: HashSet<i64>,
    child: Option<Child>,
    /// Whether the test ended the session on purpose (shutdown, exit or kill).
    ended: bool,
    pub home: tempfile::TempDir,
}

static ENV: Once = Once::new();

/// Keeps the in-process server's cache and data out of the real home directory. Runs before any
/// server thread or child process exists.
fn isolate_env() {
    ENV.call_once(|| {
        let shared = std::env::temp_dir().join(format!("interview-prep-test-cache-{}", std::process::id()));
        let data = std::env::temp_dir().join(format!("interview-prep-test-data-{}", std::process::id()));
        // SAFETY: runs once, before this test binary starts any server thread or child process.
        unsafe {
            std::env::set_var("INTERVIEW_PREP_CACHE", &shared);
            std::env::set_var("INTERVIEW_PREP_DATA", &data);
        }
    });
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().unwrap()
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// The real binary, `interview-prep serve`, with a private home, data and cache.
    pub fn spawn() -> Client {
        Self::spawn_with_env(&[])
    }

    pub fn spawn_with_env(env: &[(&str, &Path)]) -> Client {
        Self::start(&[], env, None)
    }

    /// The real binary run as another user (`uid`, `gid`): how a test running as root meets a
    /// directory it may not write, since root writes anywhere.
    pub fn spawn_as(env: &[(&str, &Path)], user: Option<(u32, u32)>) -> Client {
        Self::start(&[], env, user)
    }

    /// The binary run by `wrapper` (e.g. `strace -f -o log`), with extra environment.
    pub fn spawn_under(wrapper: &[OsString], env: &[(&str, &Path)]) -> Client {
        Self::start(wrapper, env, None)
    }

    fn start(wrapper: &[OsString], env: &[(&str, &Path)], user: Option<(u32, u32)>) -> Client {
        use std::os::unix::fs::PermissionsExt;
        use std::os::unix::process::CommandExt;
        isolate_env();
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
        if let Some((uid, gid)) = user {
            std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
            cmd.uid(uid).gid(gid);
        }
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
            // Surface the server's log when a test fails.
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("[server] {line}");
            }
        });
        Self::over(Box::new(stdin), stdout, Some(child), home)
    }

    /// The same server in this process, over a Unix socket pair.
    pub fn in_process() -> Client {
        isolate_env();
        let home = tempfile::tempdir().unwrap();
        let (ours, theirs) = std::os::unix::net::UnixStream::pair().unwrap();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
            rt.block_on(async move {
                theirs.set_nonblocking(true).unwrap();
                let stream = tokio::net::UnixStream::from_std(theirs).unwrap();
                let (read, write) = stream.into_split();
                interview_prep::lsp::run(read, write).await;
            });
        });
        let reader = ours.try_clone().unwrap();
        Self::over(Box::new(ours), reader, None, home)
    }

    fn over(
        writer: Box<dyn Write + Send>,
        reader: impl Read + Send + 'static,
        child: Option<Child>,
        home: tempfile::TempDir,
    ) -> Client {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(reader);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Client {
            writer,
            rx,
            next_id: 1,
            seen: Vec::new(),
            notifications: Vec::new(),
            server_requests: Vec::new(),
            answers: VecDeque::new(),
            outstanding: HashSet::new(),
            child,
            ended: false,
            home,
        }
    }

    /// Writes bytes as they are. A write error means the server has gone, which the next wait
    /// reports.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let _ = self.writer.write_all(bytes).and_then(|()| self.writer.flush());
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_string(msg).unwrap();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// A fresh request id.
    pub fn id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// Sends a request without waiting; `response(id)` reads the answer.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.id();
        self.outstanding.insert(id);
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Sends a request and returns its whole response message.
    pub fn request_message(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response_message(id)
    }

    pub fn response(&mut self, id: i64) -> Result<Value, Value> {
        let msg = self.response_message(id);
        match msg.get("error") {
            Some(err) => Err(err.clone()),
            None => Ok(msg["result"].clone()),
        }
    }

    pub fn response_message(&mut self, id: i64) -> Value {
        let msg =
            self.wait(&format!("the response to request {id}"), |m| m.get("method").is_none() && m["id"] == json!(id));
        self.outstanding.remove(&id);
        msg
    }

    /// Receives one message, answering it if it is a server request; `false` at the deadline or
    /// when the server has gone.
    fn receive_one(&mut self, deadline: Instant) -> bool {
        let left = deadline.saturating_duration_since(Instant::now());
        let Ok(msg) = self.rx.recv_timeout(left) else { return false };
        match (msg.get("id"), msg["method"].as_str()) {
            (Some(id), Some(method)) => {
                let id = id.clone();
                let result = self.answer(method, &msg["params"]);
                self.server_requests.push(msg.clone());
                if let Some(result) = result {
                    self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
                }
            }
            (None, Some(_)) => self.notifications.push(msg.clone()),
            _ => {}
        }
        self.seen.push(msg);
        true
    }

    /// The first message (already received or not) matching `pred`.
    pub fn wait(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let mut from = 0;
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(m) = self.seen[from..].iter().find(|m| pred(m)) {
                return m.clone();
            }
            from = self.seen.len();
            if !self.receive_one(deadline) {
                panic!("no {what}; the server {}", self.status());
            }
        }
    }

    fn answer(&mut self, method: &str, params: &Value) -> Option<Value> {
        if method == "workspace/applyEdit" {
            // The edit is the test's to apply (see `server_requests`); the editor says it did.
            return Some(json!({"applied": true}));
        }
        if method != "window/showMessageRequest" {
            return Some(Value::Null);
        }
        let actions = params["actions"].as_array().cloned().unwrap_or_default();
        let pick =
            |pred: &dyn Fn(&str) -> bool| actions.iter().find(|a| pred(a["title"].as_str().unwrap_or(""))).cloned();
        Some(match self.answers.pop_front() {
            Some(Answer::Title(t)) => pick(&|title| title == t).unwrap_or(Value::Null),
            Some(Answer::Containing(t)) => pick(&|title| title.contains(&t)).unwrap_or(Value::Null),
            Some(Answer::Hold) => return None,
            Some(Answer::Dismiss) | None => Value::Null,
        })
    }

    /// `workspace/executeCommand` with one argument.
    pub fn execute(&mut self, command: &str, argument: Value) -> Result<Value, Value> {
        self.request("workspace/executeCommand", json!({"command": command, "arguments": [argument]}))
    }

    /// The prompts the server has shown so far (`window/showMessageRequest` params), in order.
    pub fn prompts(&self) -> Vec<Value> {
        self.server_requests
            .iter()
            .filter(|r| r["method"] == "window/showMessageRequest")
            .map(|r| r["params"].clone())
            .collect()
    }

    /// Replies to messages whose id could not be known (framing and parse errors).
    pub fn null_id_errors(&self) -> Vec<Value> {
        self.seen.iter().filter(|m| m.get("id") == Some(&Value::Null) && m.get("error").is_some()).cloned().collect()
    }

    /// SIGKILL, as a crash or an OOM killer would end the server.
    pub fn kill(mut self) {
        self.ended = true;
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    /// Waits for a notification matching `pred` (already received ones count); its params.
    pub fn wait_for(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let msg = self.wait(&format!("a {method} notification as expected"), |m| {
            m.get("id").is_none() && m["method"] == method && pred(&m["params"])
        });
        msg["params"].clone()
    }

    /// Reads whatever arrives for a while (answering server requests), e.g. to let a quiz run.
    pub fn pump(&mut self, how_long: Duration) {
        let deadline = Instant::now() + how_long;
        while self.receive_one(deadline) {}
    }

    /// Reads whatever has arrived, until nothing comes for `quiet`.
    pub fn drain(&mut self, quiet: Duration) {
        while self.receive_one(Instant::now() + quiet) {}
    }

    /// Waits until the server has sent `count` requests with this method, answering them; the
    /// params of the last.
    pub fn wait_for_server_request(&mut self, method: &str, count: usize) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let seen: Vec<&Value> = self.server_requests.iter().filter(|r| r["method"] == method).collect();
            if seen.len() >= count {
                return seen[count - 1]["params"].clone();
            }
            if !self.receive_one(deadline) {
                panic!("timed out waiting for server request {method} #{count}; the server {}", self.status());
            }
        }
    }

    /// Waits until `count` quizzes have ended (`interview-prep/progressChanged` with reason
    /// `quizEnded`), answering prompts meanwhile; the params of the last.
    pub fn wait_quiz_ended(&mut self, count: usize) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let ended: Vec<&Value> = self
                .notifications
                .iter()
                .filter(|n| n["method"] == "interview-prep/progressChanged" && n["params"]["reason"] == "quizEnded")
                .collect();
            if ended.len() >= count {
                return ended[count - 1]["params"].clone();
            }
            if !self.receive_one(deadline) {
                panic!("timed out waiting for quiz #{count} to end; the server {}", self.status());
            }
        }
    }

    /// The diagnostics published for `uri` at `version` (the first such publish).
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params =
            self.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri && p["version"] == json!(version));
        params["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// `initialize` (the repository as the workspace folder) and `initialized`.
    pub fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        self.initialize_in(&repo_root(), capabilities, options)
    }

    /// `initialize` with `root` as the workspace folder, and `initialized`.
    pub fn initialize_in(&mut self, root: &Path, capabilities: Value, options: Value) -> Value {
        let result = self
            .request(
                "initialize",
                json!({"processId": null, "rootUri": file_uri(root), "capabilities": capabilities,
                       "initializationOptions": options,
                       "workspaceFolders": [{"uri": file_uri(root), "name": "workspace"}]}),
            )
            .expect("initialize succeeds");
        self.notify("initialized", json!({}));
        result
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.open_as(uri, "python", text);
    }

    /// Opens a document with the editor's languageId (`dockerfile`, `yaml`, `sql`...).
    pub fn open_as(&mut self, uri: &str, language_id: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": 1, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// A request every healthy server answers with a result: proves it still serves.
    pub fn probe(&mut self) {
        let reply = self.request_message(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///nowhere/probe.py"}, "position": {"line": 0, "character": 0}}),
        );
        assert!(reply.get("result").is_some(), "the probe failed: {reply}");
    }

    /// The server process's peak resident memory so far (VmHWM), in KiB; `None` in-process.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let pid = self.child.as_ref()?.id();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.split_whitespace().next()?.parse().ok()
    }

    fn status(&mut self) -> String {
        match self.child.as_mut().map(|c| c.try_wait()) {
            Some(Ok(Some(status))) => format!("has exited ({status})"),
            Some(_) => "is still running".into(),
            None => "runs in this process".into(),
        }
    }

    /// `shutdown` then `exit`; returns the process exit code (None in-process).
    pub fn shutdown_and_exit(mut self) -> Option<i32> {
        self.request("shutdown", Value::Null).expect("shutdown succeeds");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Waits for the process to exit (after an `exit` notification); its exit code.
    pub fn wait_exit(mut self) -> Option<i32> {
        self.ended = true;
        let mut child = self.child.take()?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("server did not exit within 10 s");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if std::thread::panicking() {
            return;
        }
        assert!(
            self.outstanding.is_empty(),
            "the test ended with requests the server never answered: {:?}",
            self.outstanding
        );
        assert!(self.ended, "end the session on purpose: shutdown_and_exit(), wait_exit() after exit, or kill()");
    }
}

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

/// Position of the first occurrence of `needle` in `text`, in UTF-16 code units.
pub fn pos16(text: &str, needle: &str) -> (u32, u32) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in text"));
    let before = &text[..at];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].encode_utf16().count() as u32)
}
