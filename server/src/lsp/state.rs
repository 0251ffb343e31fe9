//! What the server holds: open documents, settings, the deck, and what was negotiated with the
//! client at `initialize`.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, RwLock};

use dashmap::DashMap;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

use super::commands::COMMANDS;
use crate::deck::Deck;
use crate::document::Document;
use crate::position::Encoding;
use crate::settings::Settings;

pub struct State {
    pub client: Client,
    pub documents: DashMap<Uri, Document>,
    pub settings: RwLock<Settings>,
    deck: RwLock<Option<Arc<Deck>>>,
    pub encoding: RwLock<Encoding>,
    pub workspace_roots: RwLock<Vec<PathBuf>>,
    pub shutdown_requested: AtomicBool,
    /// Project config files by directory (see `project.rs`).
    pub configs: super::project::Shared,
    /// Whether the client lets us register file watchers.
    pub can_watch_files: AtomicBool,
    /// One quiz at a time per client.
    pub quiz_running: AtomicBool,
    /// The progress store, opened on first use (see `lsp/progress.rs`).
    pub progress: Mutex<super::progress::Slot>,
    /// Cards as last read from the store (see `progress::knowledge`).
    pub knowledge_cache: Mutex<Option<(super::progress::Stamp, Arc<crate::progress::summary::Knowledge>)>>,
    /// Warnings already shown, so each bad setting is reported once.
    shown_warnings: Mutex<Vec<String>>,
    /// Settings warnings from `initialize`, shown once the client is initialized.
    pending_warnings: Mutex<Vec<String>>,
}

impl State {
    pub fn new(client: Client) -> Self {
        State {
            client,
            documents: DashMap::new(),
            settings: RwLock::new(Settings::default()),
            deck: RwLock::new(None),
            encoding: RwLock::new(Encoding::Utf16),
            workspace_roots: RwLock::new(Vec::new()),
            shutdown_requested: AtomicBool::new(false),
            configs: Default::default(),
            can_watch_files: AtomicBool::new(false),
            quiz_running: AtomicBool::new(false),
            progress: Mutex::new(None),
            knowledge_cache: Mutex::new(None),
            shown_warnings: Mutex::new(Vec::new()),
            pending_warnings: Mutex::new(Vec::new()),
        }
    }

    pub fn encoding(&self) -> Encoding {
        *self.encoding.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn settings(&self) -> Settings {
        self.settings.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The deck: built-in plus user decks, loaded on first use.
    pub fn deck(&self) -> Arc<Deck> {
        if let Some(deck) = self.deck.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
            return deck.clone();
        }
        let deck = Arc::new(self.load_deck());
        *self.deck.write().unwrap_or_else(|e| e.into_inner()) = Some(deck.clone());
        deck
    }

    fn load_deck(&self) -> Deck {
        let mut paths = self.settings().deck_paths;
        let roots = self.workspace_roots.read().unwrap_or_else(|e| e.into_inner()).clone();
        for root in &roots {
            if let Some(dir) = crate::deck::workspace_deck_dir(root) {
                paths.push(dir);
            }
            // deck-paths from the project's config file.
            if let Some(loaded) = super::project::config_for_dir(self, root) {
                paths.extend(loaded.config.iter().flat_map(|c| c.deck_paths.iter().cloned()));
            }
        }
        let deck = Deck::load(&paths);
        for p in &deck.problems {
            tracing::warn!("deck: {p}");
        }
        deck
    }

    /// Forgets the loaded deck; the next use reloads it.
    pub fn invalidate_deck(&self) {
        *self.deck.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Shows a warning once per distinct text.
    pub async fn warn_once(&self, message: String) {
        {
            let mut shown = self.shown_warnings.lock().unwrap_or_else(|e| e.into_inner());
            if shown.contains(&message) {
                return;
            }
            shown.push(message.clone());
        }
        self.client.show_message(MessageType::WARNING, format!("interview-prep: {message}")).await;
    }

    /// Asks the client to fetch code lenses again, without waiting for its answer: a
    /// notification handler that waited would hold back what is queued behind it, `exit`
    /// included, and after `exit` nobody reads that answer.
    pub fn refresh_code_lenses(&self) {
        let client = self.client.clone();
        tokio::spawn(async move {
            let _ = client.code_lens_refresh().await;
        });
    }
}

pub fn initialize(state: &State, params: InitializeParams) -> InitializeResult {
    let can_watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    state.can_watch_files.store(can_watch, std::sync::atomic::Ordering::SeqCst);
    let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.clone()).unwrap_or_default();
    let (encoding, kind) = if offered.contains(&PositionEncodingKind::UTF8) {
        (Encoding::Utf8, PositionEncodingKind::UTF8)
    } else {
        (Encoding::Utf16, PositionEncodingKind::UTF16)
    };
    *state.encoding.write().unwrap_or_else(|e| e.into_inner()) = encoding;

    let mut roots = Vec::new();
    for folder in params.workspace_folders.iter().flatten() {
        if let Some(p) = folder.uri.to_file_path() {
            roots.push(p.into_owned());
        }
    }
    #[allow(deprecated)]
    if roots.is_empty() {
        if let Some(p) = params.root_uri.as_ref().and_then(|u| u.to_file_path()) {
            roots.push(p.into_owned());
        }
    }
    *state.workspace_roots.write().unwrap_or_else(|e| e.into_inner()) = roots;

    if let Some(options) = params.initialization_options.as_ref() {
        let (settings, warnings) = Settings::from_json(options);
        *state.settings.write().unwrap_or_else(|e| e.into_inner()) = settings;
        // Shown after `initialized`: the client may not show messages before it.
        state.pending_warnings.lock().unwrap_or_else(|e| e.into_inner()).extend(warnings);
    }

    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(kind),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
            definition_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..Default::default()
            })),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: COMMANDS.iter().map(|c| c.to_string()).collect(),
                ..Default::default()
            }),
            ..Default::default()
        },
        server_info: Some(ServerInfo {
            name: "interview-prep".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    }
}

pub async fn initialized(state: &Arc<State>) {
    let pending: Vec<String> = std::mem::take(&mut *state.pending_warnings.lock().unwrap_or_else(|e| e.into_inner()));
    for w in pending {
        state.warn_once(w).await;
    }
    super::project::watch_config_files(state, state.can_watch_files.load(std::sync::atomic::Ordering::SeqCst)).await;
    // Warm the deck and its on-disk copy off the request path.
    let warm = state.clone();
    let loaded = tokio::task::spawn_blocking(move || {
        let deck = warm.deck();
        if let Err(e) = crate::deck::cache::builtin_deck_dir() {
            tracing::warn!("cannot write the built-in deck to the cache directory: {e}");
        }
        tracing::info!("deck loaded: {} entries", deck.entries().len());
        deck
    });
    let s = state.clone();
    tokio::spawn(async move {
        if let Ok(deck) = loaded.await {
            report_deck_problems(&s, &deck).await;
        }
    });
}

/// A broken user deck is the user's to fix: every problem goes to the log as `file:line:
/// message`, and one warning names the first. The entries that still load are used.
async fn report_deck_problems(state: &State, deck: &crate::deck::Deck) {
    let Some(first) = deck.problems.first() else { return };
    for p in &deck.problems {
        state.client.log_message(MessageType::WARNING, format!("deck: {p}")).await;
    }
    let more = match deck.problems.len() - 1 {
        0 => String::new(),
        n => format!(" (and {n} more in the log)"),
    };
    state.warn_once(format!("deck problem: {first}{more}")).await;
}

pub async fn did_change_configuration(state: &Arc<State>, params: DidChangeConfigurationParams) {
    let (settings, warnings) = Settings::from_json(&params.settings);
    let deck_changed = {
        let mut current = state.settings.write().unwrap_or_else(|e| e.into_inner());
        let changed = current.deck_paths != settings.deck_paths;
        *current = settings;
        changed
    };
    if deck_changed {
        state.invalidate_deck();
    }
    for w in warnings {
        state.warn_once(w).await;
    }
    super::sync::republish_all(state).await;
    state.refresh_code_lenses();
}
