//! A small LSP client over real JSON-RPC framing, for end-to-end tests: it drives the real
//! binary on stdio, or the same server in-process over a socket pair. Server-to-client requests
//! are answered from a script (`window/showMessageRequest`) or with `null`.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Once;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(20);

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
    /// Every notification received, in order.
    pub notifications: Vec<Value>,
    /// Every request the server sent us, in order.
    pub server_requests: Vec<Value>,
    pub answers: VecDeque<Answer>,
    child: Option<Child>,
    pub home: tempfile::TempDir,
}

static ENV: Once = Once::new();

/// Keeps the in-process server's cache out of the real home directory. Runs before any server
/// thread or child process exists.
fn isolate_env(home: &Path) {
    ENV.call_once(|| {
        let shared = std::env::temp_dir().join(format!("interview-prep-test-cache-{}", std::process::id()));
        let data = std::env::temp_dir().join(format!("interview-prep-test-data-{}", std::process::id()));
        // SAFETY: runs once, before this test binary starts any server thread or child process.
        unsafe {
            std::env::set_var("INTERVIEW_PREP_CACHE", &shared);
            // The in-process server's progress store, away from the real home.
            std::env::set_var("INTERVIEW_PREP_DATA", &data);
        }
        let _ = home;
    });
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().unwrap()
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// The real binary, `interview-prep serve`, with a private home and cache.
    pub fn spawn() -> Client {
        Self::spawn_with_env(&[])
    }

    pub fn spawn_with_env(env: &[(&str, &Path)]) -> Client {
        Self::spawn_as(env, None)
    }

    /// The real binary run as another user (`uid`, `gid`): how a test running as root meets a
    /// directory it may not write, since root writes anywhere.
    pub fn spawn_as(env: &[(&str, &Path)], user: Option<(u32, u32)>) -> Client {
        use std::os::unix::fs::PermissionsExt;
        use std::os::unix::process::CommandExt;
        let home = tempfile::tempdir().unwrap();
        isolate_env(home.path());
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_interview-prep"));
        if let Some((uid, gid)) = user {
            std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
            cmd.uid(uid).gid(gid);
        }
        cmd.arg("serve")
            .env("HOME", home.path())
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("XDG_DATA_HOME", home.path().join("data"))
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
        let home = tempfile::tempdir().unwrap();
        isolate_env(home.path());
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
            notifications: Vec::new(),
            server_requests: Vec::new(),
            answers: VecDeque::new(),
            child,
            home,
        }
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_string(msg).unwrap();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response(id)
    }

    pub fn response(&mut self, id: i64) -> Result<Value, Value> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let msg = self.next_message(deadline).unwrap_or_else(|| panic!("no response to request {id}"));
            if msg.get("method").is_none() && msg["id"] == json!(id) {
                return match msg.get("error") {
                    Some(err) => Err(err.clone()),
                    None => Ok(msg["result"].clone()),
                };
            }
        }
    }

    /// The next message that is not a server request (those are answered here), or `None` at
    /// the deadline.
    fn next_message(&mut self, deadline: Instant) -> Option<Value> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = match self.rx.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => return None,
            };
            match (msg.get("id"), msg.get("method")) {
                (Some(id), Some(method)) => {
                    let id = id.clone();
                    let result = self.answer(method.as_str().unwrap_or(""), &msg["params"]);
                    self.server_requests.push(msg.clone());
                    if let Some(result) = result {
                        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
                    }
                }
                (None, Some(_)) => {
                    self.notifications.push(msg.clone());
                    return Some(msg);
                }
                _ => return Some(msg),
            }
        }
    }

    fn answer(&mut self, method: &str, params: &Value) -> Option<Value> {
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

    /// SIGKILL, as a crash or an OOM killer would end the server.
    pub fn kill(mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    /// Waits for a notification matching `pred` (already received ones count).
    pub fn wait_for(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(n) = self.notifications.iter().find(|n| n["method"] == method && pred(&n["params"])) {
            return n["params"].clone();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.next_message(deadline) {
                Some(msg) if msg["method"] == method && pred(&msg["params"]) => return msg["params"].clone(),
                Some(_) => continue,
                None => panic!("timed out waiting for {method}; got: {:#?}", self.notifications),
            }
        }
    }

    /// Pumps messages for a while (answering server requests), e.g. to let a quiz run.
    pub fn pump(&mut self, how_long: Duration) {
        let deadline = Instant::now() + how_long;
        while self.next_message(deadline).is_some() {}
    }

    /// Waits until the server has sent a request with this method, answering it.
    pub fn wait_for_server_request(&mut self, method: &str, count: usize) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let seen: Vec<&Value> = self.server_requests.iter().filter(|r| r["method"] == method).collect();
            if seen.len() >= count {
                return seen[count - 1]["params"].clone();
            }
            if Instant::now() >= deadline {
                panic!("timed out waiting for server request {method} #{count}");
            }
            // Short slices: a request the script holds unanswered is followed by silence.
            self.next_message(deadline.min(Instant::now() + Duration::from_millis(50)));
        }
    }

    /// Waits until `count` quizzes have ended (`interview-prep/progressChanged` with reason
    /// `quizEnded`), answering prompts meanwhile.
    pub fn wait_quiz_ended(&mut self, count: usize) -> Value {
        let ended = |c: &Client| -> Vec<Value> {
            c.notifications
                .iter()
                .filter(|n| n["method"] == "interview-prep/progressChanged" && n["params"]["reason"] == "quizEnded")
                .map(|n| n["params"].clone())
                .collect()
        };
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let seen = ended(self);
            if seen.len() >= count {
                return seen[count - 1].clone();
            }
            if Instant::now() >= deadline {
                panic!("timed out waiting for quiz #{count} to end; got: {:#?}", self.notifications);
            }
            self.next_message(deadline.min(Instant::now() + Duration::from_millis(50)));
        }
    }

    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params =
            self.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri && p["version"] == json!(version));
        params["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    pub fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let root = repo_root();
        let result = self
            .request(
                "initialize",
                json!({"processId": null, "rootUri": file_uri(&root), "capabilities": capabilities,
                       "initializationOptions": options,
                       "workspaceFolders": [{"uri": file_uri(&root), "name": "repo"}]}),
            )
            .expect("initialize succeeds");
        self.notify("initialized", json!({}));
        result
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// `shutdown` then `exit`; returns the process exit code (None in-process).
    pub fn shutdown_and_exit(mut self) -> Option<i32> {
        self.request("shutdown", Value::Null).expect("shutdown succeeds");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    pub fn wait_exit(mut self) -> Option<i32> {
        let mut child = self.child.take()?;
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("server did not exit within 5 s");
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
