//! Catching a panic inside a notification handler. tower-lsp-server polls handlers inside its
//! own serving future, not in spawned tasks, so an uncaught panic there would end the process.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll};

/// Runs a notification handler; a panic is logged and the notification dropped. The handler is
/// polled in place (not spawned), so edits keep their order: each is still applied before its
/// handler's first await.
pub async fn notification(what: &str, handler: impl Future<Output = ()>) {
    if let Err(msg) = (CatchUnwind { inner: Box::pin(handler) }).await {
        tracing::error!("{what} panicked: {msg}");
    }
}

/// Runs an asynchronous request handler; a panic becomes a JSON-RPC internal error, and the
/// next request is served.
pub async fn request<T>(
    what: &str,
    handler: impl Future<Output = tower_lsp_server::jsonrpc::Result<T>>,
) -> tower_lsp_server::jsonrpc::Result<T> {
    match (CatchUnwind { inner: Box::pin(handler) }).await {
        Ok(result) => result,
        Err(msg) => {
            tracing::error!("{what} panicked: {msg}");
            Err(tower_lsp_server::jsonrpc::Error {
                code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
                message: format!("{what} failed: {msg}").into(),
                data: None,
            })
        }
    }
}

struct CatchUnwind<F> {
    inner: Pin<Box<F>>,
}

impl<T, F: Future<Output = T>> Future for CatchUnwind<F> {
    type Output = Result<T, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match catch_unwind(AssertUnwindSafe(|| self.inner.as_mut().poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Err(panic) => Poll::Ready(Err(panic_message(panic.as_ref()))),
        }
    }
}

/// The text of a panic payload.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Under the `test-hooks` feature, a document whose text contains this marker makes `didOpen` and
/// `didChange` panic, to prove that such a panic does not stop the server.
#[cfg(feature = "test-hooks")]
pub const PANIC_MARKER: &str = "INTERVIEW_PREP_DEBUG_PANIC";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_after_an_await_is_caught_with_its_message() {
        let caught = CatchUnwind {
            inner: Box::pin(async {
                tokio::task::yield_now().await;
                panic!("boom {}", 1);
            }),
        }
        .await;
        assert_eq!(caught, Err("boom 1".to_string()));
        let mut ran = false;
        notification("test", async { ran = true }).await;
        assert!(ran);
    }
}
