//! The LSP base protocol (`Content-Length` framing) read by us, in front of tower-lsp-server.
//!
//! tower-lsp-server's codec ends its input stream at the first bad header or body, which stops
//! the server. So we read the frames ourselves: a malformed frame or body gets the JSON-RPC error
//! the specification asks for (-32700 Parse error, -32600 Invalid Request, with a `null` id when
//! the id cannot be known), and only well-formed messages reach tower-lsp-server, through an
//! in-memory pipe. Its responses come back through a second pipe and share one writer with our
//! error replies, so frames never interleave on the output.
//!
//! After a frame whose body length is unknown (no or bad `Content-Length`, garbage where a header
//! should be) the reader drops bytes up to the next `Content-Length`, keeping only a few bytes,
//! so garbage is never buffered. A message longer than [`MAX_MESSAGE_BYTES`] is skipped (its bytes
//! are read and dropped, not stored) and answered with an error.

use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// The largest message we read: 64 MiB. Editors send whole files in `didOpen`, and a 50 MB file is
/// still served; anything larger is refused rather than held in memory.
pub const MAX_MESSAGE_BYTES: u64 = 64 << 20;
/// A header line longer than this is garbage, not a header.
const MAX_HEADER_LINE: usize = 8 << 10;
/// More header lines than this in one frame is garbage too (the protocol defines two).
const MAX_HEADERS: usize = 16;
const CHUNK: usize = 64 << 10;
const HEADER: &[u8] = b"Content-Length";

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;

/// What the reader found at the next message boundary.
#[derive(Debug, PartialEq)]
pub enum Frame {
    Body(Vec<u8>),
    Bad(BadFrame),
}

#[derive(Debug, PartialEq)]
pub enum BadFrame {
    /// Bytes that are not a header where a header should start.
    Garbage,
    MissingLength,
    InvalidLength(String),
    TooLarge(u64),
}

impl std::fmt::Display for BadFrame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BadFrame::Garbage => write!(f, "bytes that are not an LSP header"),
            BadFrame::MissingLength => write!(f, "a message without a Content-Length header"),
            BadFrame::InvalidLength(v) => write!(f, "an invalid Content-Length: {v:?}"),
            BadFrame::TooLarge(n) => write!(f, "a message of {n} bytes, over the {MAX_MESSAGE_BYTES} byte limit"),
        }
    }
}

/// Reads frames from a byte stream, recovering after bad ones.
pub struct FrameReader<R> {
    input: R,
    buf: Vec<u8>,
    /// Bytes still to drop from a refused, over-long message.
    discard: u64,
    /// Drop bytes up to the next `Content-Length` before reading the next frame.
    resync: bool,
    eof: bool,
}

enum Header {
    Complete { consumed: usize, length: Result<u64, BadFrame> },
    Garbage,
    Partial,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub fn new(input: R) -> Self {
        FrameReader { input, buf: Vec::new(), discard: 0, resync: false, eof: false }
    }

    /// The next frame, or `None` at the end of the input.
    pub async fn next(&mut self) -> std::io::Result<Option<Frame>> {
        while self.discard > 0 {
            if self.buf.is_empty() && !self.fill().await? {
                return Ok(None);
            }
            let n = self.buf.len().min(usize::try_from(self.discard).unwrap_or(usize::MAX));
            self.buf.drain(..n);
            self.discard -= n as u64;
        }
        if self.resync {
            if !self.skip_to_header().await? {
                return Ok(None);
            }
            self.resync = false;
        }
        loop {
            match parse_header(&self.buf) {
                Header::Partial => {
                    if !self.fill().await? {
                        return Ok(None);
                    }
                }
                Header::Garbage => {
                    // The garbage may hold the next real header: search from its second byte.
                    self.buf.drain(..1);
                    self.resync = true;
                    return Ok(Some(Frame::Bad(BadFrame::Garbage)));
                }
                Header::Complete { consumed, length: Err(bad) } => {
                    self.buf.drain(..consumed);
                    self.resync = true;
                    return Ok(Some(Frame::Bad(bad)));
                }
                Header::Complete { consumed, length: Ok(n) } if n > MAX_MESSAGE_BYTES => {
                    self.buf.drain(..consumed);
                    self.discard = n;
                    return Ok(Some(Frame::Bad(BadFrame::TooLarge(n))));
                }
                Header::Complete { consumed, length: Ok(n) } => {
                    let end = consumed + n as usize;
                    while self.buf.len() < end {
                        if !self.fill().await? {
                            return Ok(None);
                        }
                    }
                    let body = self.buf[consumed..end].to_vec();
                    self.buf.drain(..end);
                    return Ok(Some(Frame::Body(body)));
                }
            }
        }
    }

    /// Drops bytes until the buffer starts with `Content-Length`; false at the end of the input.
    /// Keeps at most a header's worth of bytes while searching.
    async fn skip_to_header(&mut self) -> std::io::Result<bool> {
        loop {
            if let Some(at) = find(&self.buf, HEADER) {
                self.buf.drain(..at);
                return Ok(true);
            }
            // Keep a tail that may be the start of a split `Content-Length`.
            let keep = self.buf.len().min(HEADER.len() - 1);
            self.buf.drain(..self.buf.len() - keep);
            if !self.fill().await? {
                return Ok(false);
            }
        }
    }

    /// Reads more input into the buffer; false at the end of the input.
    async fn fill(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        self.buf.reserve(CHUNK);
        let n = self.input.read_buf(&mut self.buf).await?;
        if n == 0 {
            self.eof = true;
        }
        Ok(n > 0)
    }
}

/// Parses the header block at the start of `buf`. Blank lines before a header are tolerated.
fn parse_header(buf: &[u8]) -> Header {
    let mut pos = 0;
    let mut length = None;
    let mut lines = 0;
    loop {
        if pos > MAX_HEADERS * MAX_HEADER_LINE {
            return Header::Garbage;
        }
        let Some(nl) = buf[pos..].iter().position(|&b| b == b'\n') else {
            return if buf.len() - pos > MAX_HEADER_LINE { Header::Garbage } else { Header::Partial };
        };
        if nl > MAX_HEADER_LINE {
            return Header::Garbage;
        }
        let line = &buf[pos..pos + nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        pos += nl + 1;
        if line.is_empty() {
            if lines == 0 {
                continue;
            }
            let length = length.unwrap_or(Err(BadFrame::MissingLength));
            return Header::Complete { consumed: pos, length };
        }
        lines += 1;
        // A real header glued to the end of garbage (`junk: xContent-Length: 5`): resync to it
        // rather than read the line as an unknown header and lose the message behind it.
        let glued = find(line, HEADER).is_some_and(|at| at > 0);
        let Some((name, value)) = split_header(line).filter(|_| !glued) else {
            return Header::Garbage;
        };
        if lines > MAX_HEADERS {
            return Header::Garbage;
        }
        // Content-Type (always UTF-8 JSON in practice) and unknown headers are ignored.
        if name.eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            length = Some(value.parse::<u64>().map_err(|_| BadFrame::InvalidLength(value.to_string())));
        }
    }
}

/// `name: value` where the name is an HTTP token, else `None`.
fn split_header(line: &[u8]) -> Option<(&str, &str)> {
    let line = std::str::from_utf8(line).ok()?;
    let (name, value) = line.split_once(':')?;
    let token = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    token.then_some((name, value))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A message as tower-lsp-server decodes it (its own type is private): what decodes as this is
/// safe to forward.
#[derive(Deserialize)]
#[serde(untagged)]
enum Message {
    #[allow(dead_code)] // Only whether it decodes matters.
    Response(Response),
    Request(Request),
}

/// Checks a body before tower-lsp-server sees it: `None` to forward it, else the error response
/// the JSON-RPC 2.0 and LSP specifications ask for.
pub fn check(body: &[u8]) -> Option<Value> {
    match serde_json::from_slice::<Message>(body) {
        // LSP 3.17: a `$/` request the server does not know must get MethodNotFound, but
        // tower-lsp-server drops that response, so the client would wait for ever. We know none.
        Ok(Message::Request(r)) if r.method().starts_with("$/") && r.id().is_some() => {
            let id = serde_json::to_value(r.id()).unwrap_or(Value::Null);
            Some(error_response(id, METHOD_NOT_FOUND, &format!("Method not found: {}", r.method())))
        }
        // tower-lsp-server takes a missing method for "": JSON-RPC calls that invalid.
        Ok(Message::Request(r)) if r.method().is_empty() => diagnose(body),
        Ok(_) => None,
        Err(_) => diagnose(body),
    }
}

/// The error for a body that is not a message tower-lsp-server accepts.
fn diagnose(body: &[u8]) -> Option<Value> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return Some(error_response(Value::Null, PARSE_ERROR, &format!("Parse error: {e}"))),
    };
    // The id to answer with, when the message has a usable one.
    let id = value.get("id").filter(|id| id.is_string() || id.is_i64()).cloned().unwrap_or(Value::Null);
    let why = match value.as_object() {
        None => "not a JSON object (batches are not part of LSP)",
        Some(o) if o.get("jsonrpc") != Some(&json!("2.0")) => "\"jsonrpc\" must be \"2.0\"",
        Some(o) => match o.get("method") {
            Some(Value::String(m)) if !m.is_empty() => "a bad \"id\" or \"params\", or a repeated key",
            Some(_) => "\"method\" must be a non-empty string",
            None => "neither a request, a notification nor a response",
        },
    };
    Some(error_response(id, INVALID_REQUEST, &format!("Invalid Request: {why}")))
}

fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// Frames one message onto `out`.
async fn write_frame(out: &mut (impl AsyncWrite + Unpin), body: &[u8]) -> std::io::Result<()> {
    out.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await?;
    out.write_all(body).await?;
    out.flush().await
}

/// Size of each in-memory pipe to and from tower-lsp-server.
const PIPE: usize = 1 << 16;

/// Serves `input`/`output` through `server`, which reads and writes its own pipe ends; returns
/// when the server returns (after `exit`, or the end of the input).
pub async fn serve<I, O, S, F>(input: I, output: O, server: S)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
    S: FnOnce(DuplexStream, DuplexStream) -> F,
    F: std::future::Future<Output = ()>,
{
    let (to_server, server_in) = tokio::io::duplex(PIPE);
    let (server_out, from_server) = tokio::io::duplex(PIPE);
    let (replies_tx, replies_rx) = mpsc::channel(64);
    let (responses_tx, responses_rx) = mpsc::channel(64);
    let serving = async move {
        tokio::join!(
            async move {
                server(server_in, server_out).await;
            },
            pump(FrameReader::new(from_server), responses_tx),
            write_out(responses_rx, replies_rx, output),
        );
    };
    let reading = read_in(FrameReader::new(input), to_server, replies_tx);
    tokio::pin!(serving);
    tokio::select! {
        () = &mut serving => {}
        // The input ended and `to_server` is dropped: the server sees the end too and returns.
        () = reading => serving.await,
    }
}

/// Checks each incoming frame: forwards good messages, answers bad ones.
async fn read_in<I: AsyncRead + Unpin>(
    mut frames: FrameReader<I>,
    mut to_server: DuplexStream,
    replies: mpsc::Sender<Value>,
) {
    loop {
        let reply = match frames.next().await {
            Ok(Some(Frame::Body(body))) => match check(&body) {
                None => {
                    if write_frame(&mut to_server, &body).await.is_err() {
                        return;
                    }
                    continue;
                }
                Some(reply) => {
                    tracing::warn!("answered a malformed message: {}", reply["error"]["message"]);
                    reply
                }
            },
            Ok(Some(Frame::Bad(bad))) => {
                tracing::warn!("ignoring {bad}");
                let code = if matches!(bad, BadFrame::TooLarge(_)) { INVALID_REQUEST } else { PARSE_ERROR };
                error_response(Value::Null, code, &format!("Received {bad}"))
            }
            Ok(None) => return,
            Err(e) => {
                tracing::error!("cannot read the client's messages: {e}");
                return;
            }
        };
        if replies.send(reply).await.is_err() {
            return;
        }
    }
}

/// tower-lsp-server's output, frame by frame, so that our replies go between whole frames.
async fn pump(mut frames: FrameReader<DuplexStream>, out: mpsc::Sender<Vec<u8>>) {
    while let Ok(Some(Frame::Body(body))) = frames.next().await {
        if out.send(body).await.is_err() {
            return;
        }
    }
}

/// The only writer of `output`; ends when the server's output ends.
async fn write_out<O: AsyncWrite>(
    mut responses: mpsc::Receiver<Vec<u8>>,
    mut replies: mpsc::Receiver<Value>,
    output: O,
) {
    tokio::pin!(output);
    loop {
        let body = tokio::select! {
            // Our replies first: each answers input read before anything forwarded after it, so
            // the client sees answers in the order it sent the messages.
            biased;
            Some(reply) = replies.recv() => reply.to_string().into_bytes(),
            body = responses.recv() => match body {
                Some(body) => body,
                None => return,
            },
        };
        if let Err(e) = write_frame(&mut output, &body).await {
            tracing::error!("cannot write to the client: {e}");
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out one byte per read, so every header and body is split at every boundary.
    struct Trickle<'a>(&'a [u8]);

    impl AsyncRead for Trickle<'_> {
        fn poll_read(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
            buf: &mut tokio::io::ReadBuf<'_>,
        ) -> std::task::Poll<std::io::Result<()>> {
            if let Some((first, rest)) = self.0.split_first() {
                buf.put_slice(&[*first]);
                self.0 = rest;
            }
            std::task::Poll::Ready(Ok(()))
        }
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// Every frame the reader finds in `input`, until it ends.
    async fn read_all(input: impl AsyncRead + Unpin) -> Vec<Frame> {
        let mut reader = FrameReader::new(input);
        let mut frames = Vec::new();
        while let Some(f) = reader.next().await.unwrap() {
            frames.push(f);
        }
        frames
    }

    async fn frames_of(input: &[u8]) -> Vec<Frame> {
        let whole = read_all(input).await;
        let trickled = read_all(Trickle(input)).await;
        assert_eq!(whole, trickled, "reading byte by byte must give the same frames");
        whole
    }

    fn body(s: &str) -> Frame {
        Frame::Body(s.as_bytes().to_vec())
    }

    #[tokio::test]
    async fn reads_frames_with_any_headers_and_line_endings() {
        let input = format!(
            "{}Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nX-Unknown: 1\r\ncontent-length: 2\r\n\r\n{{}}\
             Content-Length: 4\n\n[1]\n{}",
            frame("{\"a\":\"😀\"}"),
            frame("x")
        );
        assert_eq!(
            frames_of(input.as_bytes()).await,
            vec![body("{\"a\":\"😀\"}"), body("{}"), body("[1]\n"), body("x")]
        );
    }

    #[tokio::test]
    async fn a_bad_or_missing_length_skips_to_the_next_header() {
        let input = format!("Content-Length: abc\r\n\r\n{{\"lost\":1}}{}", frame("{\"kept\":1}"));
        assert_eq!(
            frames_of(input.as_bytes()).await,
            vec![Frame::Bad(BadFrame::InvalidLength("abc".into())), body("{\"kept\":1}")]
        );
        let input = format!("Content-Type: x\r\n\r\n{{\"lost\":2}}{}", frame("{\"kept\":2}"));
        assert_eq!(frames_of(input.as_bytes()).await, vec![Frame::Bad(BadFrame::MissingLength), body("{\"kept\":2}")]);
        // Whatever lies between a bad frame and the next header is part of that one error.
        let input = format!("Content-Length: x\r\n\r\n{{}}Content-Type: y\r\n\r\n{{}}{}", frame("3"));
        assert_eq!(frames_of(input.as_bytes()).await, vec![Frame::Bad(BadFrame::InvalidLength("x".into())), body("3")]);
    }

    #[tokio::test]
    async fn garbage_and_headerless_json_are_reported_once_and_the_next_frame_is_read() {
        let input = format!("{{\"jsonrpc\":\"2.0\",\"method\":\"x\"}}\r\n{}junk\r\n{}", frame("1"), frame("2"));
        assert_eq!(
            frames_of(input.as_bytes()).await,
            vec![Frame::Bad(BadFrame::Garbage), body("1"), Frame::Bad(BadFrame::Garbage), body("2")]
        );
    }

    fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
    }

    /// Hands out the input in the given chunk sizes (cycling), as a pipe may.
    struct Chunked<'a> {
        input: &'a [u8],
        sizes: Vec<usize>,
        next: usize,
    }

    impl AsyncRead for Chunked<'_> {
        fn poll_read(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
            buf: &mut tokio::io::ReadBuf<'_>,
        ) -> std::task::Poll<std::io::Result<()>> {
            let size = self.sizes[self.next % self.sizes.len()].min(self.input.len()).min(buf.remaining());
            self.next += 1;
            let (now, rest) = self.input.split_at(size);
            buf.put_slice(now);
            self.input = rest;
            std::task::Poll::Ready(Ok(()))
        }
    }

    /// Garbage: any bytes, weighted towards header-like ones, that do not spell a header name.
    fn garbage() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let byte = prop_oneof![
            any::<u8>(),
            proptest::sample::select(b"\r\n:{}\" \0-ab".to_vec()),
            proptest::sample::select(b"Content-Type: x\r\n".to_vec()),
        ];
        proptest::collection::vec(byte, 0..64)
            .prop_filter("no header name", |g| !String::from_utf8_lossy(g).to_lowercase().contains("content-length"))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2048, ..Default::default() })]

        /// Valid frames with garbage between them, read in any chunk sizes: every frame comes
        /// out whole and in order, and each piece of garbage costs at most one error.
        #[test]
        fn every_frame_survives_garbage_between_frames(
            parts in proptest::collection::vec((garbage(), "[a-z😀{}\"\r\n:]{0,40}"), 1..8),
            sizes in proptest::collection::vec(1usize..200, 1..8),
        ) {
            let mut input = Vec::new();
            for (junk, body) in &parts {
                input.extend_from_slice(junk);
                input.extend_from_slice(frame(body).as_bytes());
            }
            let frames = block_on(read_all(Chunked { input: &input, sizes, next: 0 }));
            let (bodies, errors): (Vec<&Frame>, Vec<&Frame>) = frames.iter().partition(|f| matches!(f, Frame::Body(_)));
            let expected: Vec<Frame> = parts.iter().map(|(_, b)| body(b)).collect();
            proptest::prop_assert_eq!(bodies, expected.iter().collect::<Vec<_>>());
            let errors = errors.len();
            proptest::prop_assert!(errors <= parts.iter().filter(|(g, _)| !g.is_empty()).count());
        }

        /// Any bytes at all: the reader ends at the end of the input, and checking whatever
        /// bodies it found answers each with an error or forwards it, without panicking.
        #[test]
        fn any_bytes_end_cleanly(
            input in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::any::<u8>(),
                    proptest::sample::select(b"Content-Length: 12\r\n{}\"jsonrpc2.0:id,method".to_vec()),
                ],
                0..600,
            ),
            sizes in proptest::collection::vec(1usize..64, 1..4),
        ) {
            let frames = block_on(read_all(Chunked { input: &input, sizes, next: 0 }));
            proptest::prop_assert!(frames.len() <= input.len());
            for f in &frames {
                if let Frame::Body(b) = f {
                    if let Some(reply) = check(b) {
                        proptest::prop_assert!(reply["error"]["code"].is_i64());
                    }
                }
            }
        }
    }

    #[tokio::test]
    async fn a_too_short_length_costs_that_message_only() {
        // The rest of the first body runs into the next header: found inside the garbage.
        let input = format!("Content-Length: 5\r\n\r\n{{\"id\":1}}{}", frame("{\"id\":2}"));
        assert_eq!(
            frames_of(input.as_bytes()).await,
            vec![body("{\"id\""), Frame::Bad(BadFrame::Garbage), body("{\"id\":2}")]
        );
    }

    #[tokio::test]
    async fn an_over_long_message_is_dropped_without_being_stored() {
        let n = MAX_MESSAGE_BYTES + 1;
        let mut input = format!("Content-Length: {n}\r\n\r\n").into_bytes();
        input.resize(input.len() + n as usize, b'x');
        input.extend_from_slice(frame("ok").as_bytes());
        let mut reader = FrameReader::new(&input[..]);
        assert_eq!(reader.next().await.unwrap(), Some(Frame::Bad(BadFrame::TooLarge(n))));
        assert_eq!(reader.next().await.unwrap(), Some(body("ok")));
        assert!(reader.buf.capacity() < 1 << 20, "the skipped body was buffered");
        assert_eq!(reader.next().await.unwrap(), None);
    }

    #[tokio::test]
    async fn endless_garbage_is_not_buffered() {
        let input = vec![b'z'; 8 << 20];
        let mut reader = FrameReader::new(&input[..]);
        assert_eq!(reader.next().await.unwrap(), Some(Frame::Bad(BadFrame::Garbage)));
        assert_eq!(reader.next().await.unwrap(), None);
        assert!(reader.buf.len() < HEADER.len());
    }

    #[tokio::test]
    async fn a_message_cut_by_the_end_of_input_is_dropped() {
        assert_eq!(frames_of(b"Content-Length: 10\r\n\r\n{}").await, vec![]);
        assert_eq!(frames_of(b"Content-Len").await, vec![]);
    }

    fn code(reply: Option<Value>) -> (i64, Value) {
        let reply = reply.expect("an error reply");
        (reply["error"]["code"].as_i64().unwrap(), reply["id"].clone())
    }

    #[test]
    fn checks_bodies_as_json_rpc_2_0_says() {
        assert_eq!(code(check(b"{\"jsonrpc\": \"2.0\", \"method\"")), (-32700, Value::Null));
        assert_eq!(code(check(b"")), (-32700, Value::Null));
        assert_eq!(code(check(b"\xff\xfe")), (-32700, Value::Null));
        assert_eq!(code(check(b"[]")), (-32600, Value::Null));
        assert_eq!(code(check(br#"[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]"#)), (-32600, Value::Null));
        assert_eq!(code(check(br#"{"jsonrpc":"1.0","id":7,"method":"shutdown"}"#)), (-32600, json!(7)));
        assert_eq!(code(check(br#"{"id":"a","method":"shutdown"}"#)), (-32600, json!("a")));
        assert_eq!(code(check(br#"{"jsonrpc":"2.0","id":3,"method":5}"#)), (-32600, json!(3)));
        assert_eq!(code(check(br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#)), (-32600, Value::Null));
        assert_eq!(code(check(br#"{"jsonrpc":"2.0","id":4}"#)), (-32600, json!(4)));
        assert_eq!(code(check(br#""just a string""#)), (-32600, Value::Null));
        assert_eq!(code(check(br#"{"jsonrpc":"2.0","id":5,"method":"$/unknown"}"#)), (-32601, json!(5)));
        assert_eq!(code(check(br#"{"jsonrpc":"2.0","id":"x","method":"$/unknown"}"#)), (-32601, json!("x")));
        assert_eq!(code(check(br#"{"jsonrpc":"2.0","id":6,"method":""}"#)), (-32600, json!(6)));
        // serde_json's Value keeps the last of a repeated key; tower-lsp-server's decoder fails.
        assert_eq!(code(check(br#"{"jsonrpc":"2.0","id":8,"method":"a","method":"b"}"#)), (-32600, json!(8)));
        assert_eq!(code(check(br#"{"jsonrpc":"2.0","id":9,"result":1,"result":2}"#)), (-32600, json!(9)));
        for good in [
            r#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"x":1}}"#,
            r#"{"jsonrpc":"2.0","id":"s","method":"unknown/method"}"#,
            r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#,
            r#"{"jsonrpc":"2.0","id":9,"result":null}"#,
            r#"{"jsonrpc":"2.0","id":9,"error":{"code":-32601,"message":"no"}}"#,
        ] {
            assert_eq!(check(good.as_bytes()), None, "{good}");
        }
    }
}
