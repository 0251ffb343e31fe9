//! The language server. `impl LanguageServer` below is a table: each method delegates to one
//! handler module. Only this module and its children know LSP types.
//!
//! Handlers run concurrently (tower-lsp-server polls up to four at once), so every document edit
//! is applied synchronously before the handler's first `.await`, and no map guard is held across
//! an await. A panic inside a request handler is caught and turned into an error response; one
//! inside a notification handler is caught and logged. Malformed input is answered by `framing`.

mod actions;
mod commands;
mod convert;
mod definition;
mod diagnostics;
pub mod ext;
mod framing;
mod hide;
mod hover;
mod lens;
mod navigator;
mod panel;
mod progress;
mod project;
mod state;
mod sync;
mod unwind;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

pub use state::State;

pub struct Backend {
    state: Arc<State>,
}

/// Runs `f`, turning a panic into a JSON-RPC internal error so the server keeps serving.
fn guard<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(panic) => {
            let msg = unwind::panic_message(panic.as_ref());
            tracing::error!("{what} panicked: {msg}");
            Err(Error {
                code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
                message: format!("{what} failed: {msg}").into(),
                data: None,
            })
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        guard("initialize", || Ok(state::initialize(&self.state, params)))
    }

    async fn initialized(&self, _: InitializedParams) {
        unwind::notification("initialized", state::initialized(&self.state)).await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.shutdown_requested.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        #[cfg(feature = "test-hooks")]
        let panics = params.text_document.text.contains(unwind::PANIC_MARKER);
        unwind::notification("didOpen", async {
            #[cfg(feature = "test-hooks")]
            assert!(!panics, "test hook: didOpen panics");
            sync::did_open(&self.state, params).await
        })
        .await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        #[cfg(feature = "test-hooks")]
        let panics = params.content_changes.iter().any(|c| c.text.contains(unwind::PANIC_MARKER));
        unwind::notification("didChange", async {
            #[cfg(feature = "test-hooks")]
            assert!(!panics, "test hook: didChange panics");
            sync::did_change(&self.state, params).await
        })
        .await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        unwind::notification("didClose", sync::did_close(&self.state, params)).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        unwind::notification("didChangeConfiguration", state::did_change_configuration(&self.state, params)).await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        guard("hover", || hover::hover(&self.state, params))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        guard("codeLens", || lens::code_lens(&self.state, params))
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        guard("definition", || definition::goto_definition(&self.state, params))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        guard("codeAction", || actions::code_action(&self.state, params))
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        unwind::notification("didChangeWatchedFiles", project::did_change_watched_files(&self.state, params)).await;
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        unwind::request("executeCommand", commands::execute(&self.state, params)).await
    }
}

/// The requests of `ext::REQUESTS`, each one line delegating to its handler.
impl Backend {
    async fn quiz_reply(&self, params: serde_json::Value) -> Result<ext::QuizState> {
        unwind::request("quizReply", panel::reply(&self.state, params)).await
    }

    async fn concepts(&self, params: serde_json::Value) -> Result<ext::ConceptsResult> {
        unwind::request("concepts", navigator::concepts(&self.state, params)).await
    }

    async fn progress_report(&self, params: serde_json::Value) -> Result<ext::ProgressReport> {
        unwind::request("progressReport", navigator::progress_report(&self.state, params)).await
    }
}

/// Serves one client over any byte streams until `exit`; returns whether `shutdown` came first.
/// The client's bytes go through `framing`, which answers malformed messages itself.
pub async fn run<I, O>(input: I, output: O) -> bool
where
    I: tokio::io::AsyncRead + Unpin,
    O: tokio::io::AsyncWrite,
{
    let (service, socket) = LspService::build(|client: Client| Backend { state: Arc::new(State::new(client)) })
        .custom_method(ext::QUIZ_REPLY, Backend::quiz_reply)
        .custom_method(ext::CONCEPTS, Backend::concepts)
        .custom_method(ext::PROGRESS_REPORT, Backend::progress_report)
        .finish();
    let state = service.inner().state.clone();
    framing::serve(input, output, |input, output| Server::new(input, output, socket).serve(service)).await;
    state.shutdown_requested.load(std::sync::atomic::Ordering::SeqCst)
}

/// `interview-prep serve`: LSP over stdio until `exit`. Exits the process with 0 after
/// `shutdown` + `exit`, 1 when `exit` comes without `shutdown` (as the specification says).
pub fn serve() -> ! {
    let filter = tracing_subscriber::EnvFilter::try_from_env("INTERVIEW_PREP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    // Logs go to stderr: stdout is the protocol.
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_env_filter(filter).with_ansi(false).try_init();
    state::warm_up_in_background();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap_or_else(|e| {
            eprintln!("interview-prep: cannot start the async runtime: {e}");
            std::process::exit(2)
        });
    let clean = runtime.block_on(run(tokio::io::stdin(), tokio::io::stdout()));
    // Exit at once: the blocking stdin reader and any quiz task must not keep the process alive.
    std::process::exit(if clean { 0 } else { 1 })
}
