//! What the server holds: open documents, settings, the deck, the progress store, what was
//! negotiated with the client at `initialize`, and the one way handlers read all of it: a
//! [`Snapshot`] per request.
//!
//! Nothing a request needs is loaded on its path: the rule tables and the built-in deck are
//! built from process start, the user's decks, the progress store and the model index after
//! `initialized`, all off the handlers; until the user's decks are loaded a request sees the
//! built-in deck, and until progress is read it sees no progress.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use dashmap::DashMap;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

use super::ext;
use crate::concepts::project::{self, FileSummary, ProjectIndex};
use crate::concepts::Project;
use crate::config;
use crate::deck::Deck;
use crate::document::Document;
use crate::position::Encoding;
use crate::session::{shown_path, Snapshot};
use crate::settings::Settings;

pub struct State {
    pub client: Client,
    pub documents: DashMap<Uri, Document>,
    /// The editor's settings (the project's configuration goes over them per file).
    settings: RwLock<Arc<Settings>>,
    /// The deck with the user's decks, once loaded (until then, the built-in one).
    deck: RwLock<Option<Arc<Deck>>>,
    /// Bumped whenever the deck must be loaded again; a load that finishes for an older
    /// generation is thrown away.
    deck_generation: AtomicU64,
    deck_loading: AtomicBool,
    pub encoding: RwLock<Encoding>,
    pub workspace_roots: RwLock<Vec<PathBuf>>,
    pub shutdown_requested: AtomicBool,
    /// Project config files by directory (`config::Cache`, shared in shape with the CLI).
    pub configs: config::Cache,
    /// Which config files show problems in the editor (see `project.rs`).
    pub config_problems: Mutex<super::project::Published>,
    /// Whether the client lets us register file watchers.
    pub can_watch_files: AtomicBool,
    /// Whether the client accepts `workspace/codeLens/refresh`.
    pub can_refresh_lenses: AtomicBool,
    /// One quiz at a time per client.
    pub quiz_running: AtomicBool,
    /// Whether the client draws quizzes in its own panel (`ext::QUIZ_PANEL_CAPABILITY`).
    pub quiz_panel: AtomicBool,
    /// Whether that panel takes written answers (`ext::QUIZ_ANSWERS_CAPABILITY`).
    pub quiz_answers: AtomicBool,
    /// The quiz a panel shows, waiting for its next reply.
    pub panel: Mutex<Option<super::panel::PanelQuiz>>,
    /// Panel quiz sessions started, for their ids.
    pub quiz_sessions: AtomicU64,
    /// The progress store and what the user knows (see `lsp/progress.rs`).
    pub progress: super::progress::Progress,
    /// The workspace's model index: empty until its background build lands, then kept up to
    /// date from open documents and watched files. Documents are analysed with the one current
    /// when they change; when it changes, every open document is analysed again with it.
    index: RwLock<Arc<ProjectIndex>>,
    /// Whether a re-analysis of the open documents for a new index is queued.
    reindex_queued: AtomicBool,
    /// Warnings already shown, so each bad setting is reported once (at most `MAX_WARNINGS`).
    shown_warnings: Mutex<std::collections::HashSet<String>>,
    /// Settings warnings from `initialize`, shown once the client is initialized.
    pending_warnings: Mutex<Vec<String>>,
}

impl State {
    pub fn new(client: Client) -> Self {
        State {
            client,
            documents: DashMap::new(),
            settings: RwLock::new(Arc::new(Settings::default())),
            deck: RwLock::new(None),
            deck_generation: AtomicU64::new(0),
            deck_loading: AtomicBool::new(false),
            encoding: RwLock::new(Encoding::Utf16),
            workspace_roots: RwLock::new(Vec::new()),
            shutdown_requested: AtomicBool::new(false),
            configs: config::Cache::default(),
            config_problems: Mutex::default(),
            can_watch_files: AtomicBool::new(false),
            can_refresh_lenses: AtomicBool::new(false),
            quiz_running: AtomicBool::new(false),
            quiz_panel: AtomicBool::new(false),
            quiz_answers: AtomicBool::new(false),
            panel: Mutex::new(None),
            quiz_sessions: AtomicU64::new(0),
            progress: Default::default(),
            index: RwLock::new(ProjectIndex::empty()),
            reindex_queued: AtomicBool::new(false),
            shown_warnings: Mutex::default(),
            pending_warnings: Mutex::new(Vec::new()),
        }
    }

    pub fn encoding(&self) -> Encoding {
        *self.encoding.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The editor's settings.
    pub fn settings(&self) -> Arc<Settings> {
        self.settings.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn roots(&self) -> Vec<PathBuf> {
        self.workspace_roots.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The current model index.
    pub fn index(&self) -> Arc<ProjectIndex> {
        self.index.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// What a document at `uri` is analysed in: the current index, at its path.
    pub fn project_for(&self, uri: &Uri) -> Project {
        Project::new(self.index(), uri.to_file_path().map(|p| p.into_owned()))
    }

    /// Builds the workspace's model index off the request path; when it lands, open documents
    /// are analysed again with it and published.
    pub fn build_index_in_background(self: &Arc<Self>) {
        let roots = self.roots();
        if roots.is_empty() {
            return;
        }
        let state = self.clone();
        tokio::spawn(async move {
            let built = tokio::task::spawn_blocking(move || {
                wait_for_warm_up();
                project::build(&roots)
            })
            .await;
            let Ok(mut index) = built else {
                tracing::error!("building the model index panicked; N+1 detection sees one file at a time");
                return;
            };
            // Open documents are newer than their files on disk.
            let open: Vec<(PathBuf, Arc<FileSummary>)> = state
                .documents
                .iter()
                .filter_map(|d| Some((d.key().to_file_path()?.into_owned(), d.summary().clone())))
                .collect();
            for (path, summary) in open {
                if let Some(updated) = index.with_file(&path, Some((*summary).clone())) {
                    index = updated;
                }
            }
            tracing::info!("model index: {} files", index.len());
            *state.index.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(index);
            state.reindex_documents();
        });
    }

    /// Puts one file's summary into the index (`None`: the file is gone); when that changes the
    /// index, the open documents are analysed again with it.
    pub fn update_index(self: &Arc<Self>, path: &std::path::Path, summary: Option<FileSummary>) {
        let changed = {
            let mut index = self.index.write().unwrap_or_else(|e| e.into_inner());
            let relevant = summary.as_ref().is_some_and(|s| !s.is_empty()) || index.contains(path);
            match index.with_file(path, summary).filter(|_| relevant) {
                Some(updated) => {
                    *index = Arc::new(updated);
                    true
                }
                None => false,
            }
        };
        if changed {
            self.reindex_documents();
        }
    }

    /// Analyses every open document again with the current index (in the background, once for
    /// a burst of index changes) and publishes those whose findings it changed: a new index
    /// that changes nothing for a document sends its editor nothing.
    pub fn reindex_documents(self: &Arc<Self>) {
        if self.reindex_queued.swap(true, Ordering::SeqCst) {
            return;
        }
        let state = self.clone();
        tokio::spawn(async move {
            let s = state.clone();
            let done = tokio::task::spawn_blocking(move || {
                s.reindex_queued.store(false, Ordering::SeqCst);
                let index = s.index();
                let uris: Vec<Uri> = s.documents.iter().map(|e| e.key().clone()).collect();
                let mut changed = Vec::new();
                for uri in uris {
                    if let Some(mut doc) = s.documents.get_mut(&uri) {
                        let doc = &mut *doc;
                        let before = doc.findings.clone();
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.set_index(index.clone())));
                        if doc.findings != before {
                            changed.push(uri);
                        }
                    }
                }
                changed
            })
            .await;
            let Ok(changed) = done else {
                tracing::error!("analysing open documents with the new model index panicked");
                return;
            };
            for uri in &changed {
                super::sync::publish(&state, uri).await;
            }
            if !changed.is_empty() {
                state.refresh_code_lenses();
            }
        });
    }

    /// The deck as loaded so far: the built-in one until the user's decks are read (parsed at
    /// start-up, off the handlers; a request that comes first waits for that parse, once).
    pub fn deck(&self) -> Arc<Deck> {
        let loaded = self.deck.read().unwrap_or_else(|e| e.into_inner()).clone();
        loaded.unwrap_or_else(Deck::shared_builtin)
    }

    /// Settings for quizzes not tied to a file (due cards, mock interviews): the editor's, with
    /// the first workspace folder's project configuration over them.
    pub fn workspace_settings(&self) -> Settings {
        let editor = self.settings();
        let loaded = self.roots().first().and_then(|root| self.configs.for_dir(root));
        config::resolve(&editor, loaded.as_deref())
    }

    /// Everything a request about `uri` needs, read once. `None` when the document is not open.
    /// Config files are read here when first met (bounded, and outside any map guard).
    pub fn snapshot(self: &Arc<Self>, uri: &Uri) -> Option<Snapshot> {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let config = path.as_ref().and_then(|p| p.parent()).and_then(|dir| self.configs.for_dir(dir));
        let settings = Arc::new(config::resolve(&self.settings(), config.as_deref()));
        let roots = self.roots();
        let shown = path.as_ref().map_or_else(|| uri.as_str().to_string(), |p| shown_path(p, &roots));
        let workspace_root = path.as_ref().and_then(|p| roots.iter().find(|r| p.starts_with(r)).cloned());
        let knowledge = self.progress.knowledge_now(self);
        let deck = self.deck();
        let doc = self.documents.get(uri)?;
        Some(Snapshot {
            path,
            shown,
            version: doc.version,
            lang: doc.lang,
            rope: doc.rope.clone(),
            tree: doc.tree.clone(),
            findings: doc.findings.clone(),
            suppressions: doc.suppressions.clone(),
            settings,
            config,
            workspace_root,
            deck,
            knowledge,
            encoding: self.encoding(),
        })
    }

    /// Loads the deck again (built-in plus user decks) off the request path; requests keep the
    /// current one until the new one is in, then every document is published again.
    pub fn reload_deck(self: &Arc<Self>) {
        let generation = self.deck_generation.fetch_add(1, Ordering::SeqCst) + 1;
        if self.deck_loading.swap(true, Ordering::SeqCst) {
            // The running load sees the new generation when it ends and loads again.
            return;
        }
        let state = self.clone();
        tokio::spawn(async move {
            let mut generation = generation;
            loop {
                let (paths, workspace) = state.deck_paths();
                let loaded = tokio::task::spawn_blocking(move || {
                    if paths.is_empty() && workspace.is_empty() {
                        Deck::shared_builtin()
                    } else {
                        Arc::new(Deck::load_with_workspace(&paths, &workspace))
                    }
                })
                .await;
                let current = state.deck_generation.load(Ordering::SeqCst);
                if current != generation {
                    generation = current;
                    continue;
                }
                state.deck_loading.store(false, Ordering::SeqCst);
                let Ok(deck) = loaded else {
                    tracing::error!("loading the deck panicked; keeping the deck as it was");
                    return;
                };
                // Without user decks this is the built-in deck that requests already saw.
                let unchanged = Arc::ptr_eq(&state.deck(), &deck);
                *state.deck.write().unwrap_or_else(|e| e.into_inner()) = Some(deck.clone());
                tracing::info!("deck loaded: {} entries", deck.entries().len());
                report_deck_problems(&state, &deck).await;
                if !unchanged {
                    super::sync::republish_all(&state).await;
                    state.refresh_code_lenses();
                }
                return;
            }
        });
    }

    /// Deck files and directories to read: the editor settings' own (trusted), and what each
    /// workspace folder brings, `.interview-prep/deck/` and the project configuration's
    /// `deck-paths` (bounded: see `Deck::load_with_workspace`).
    fn deck_paths(&self) -> (Vec<PathBuf>, Vec<crate::deck::WorkspaceDeck>) {
        let paths = self.settings().deck_paths.clone();
        let mut workspace = Vec::new();
        for root in &self.roots() {
            let deck = |path: PathBuf| crate::deck::WorkspaceDeck { root: root.clone(), path };
            if let Some(dir) = crate::deck::workspace_deck_dir(root) {
                workspace.push(deck(dir));
            }
            if let Some(loaded) = self.configs.for_dir(root) {
                workspace.extend(loaded.config.iter().flat_map(|c| c.deck_paths.iter().cloned()).map(deck));
            }
        }
        (paths, workspace)
    }

    /// Shows a warning once per distinct text. A client that sends thousands of bad settings
    /// gets the first `MAX_WARNINGS` (each at most `MAX_WARNING_CHARS` long), then silence.
    pub async fn warn_once(&self, message: String) {
        const MAX_WARNINGS: usize = 100;
        const MAX_WARNING_CHARS: usize = 500;
        let message = match message.char_indices().nth(MAX_WARNING_CHARS) {
            Some((at, _)) => format!("{}…", &message[..at]),
            None => message,
        };
        {
            let mut shown = self.shown_warnings.lock().unwrap_or_else(|e| e.into_inner());
            if shown.len() >= MAX_WARNINGS || !shown.insert(message.clone()) {
                return;
            }
        }
        self.client.show_message(MessageType::WARNING, format!("interview-prep: {message}")).await;
    }

    /// Asks the client to fetch code lenses again, when it said it can, without waiting for its
    /// answer: a notification handler that waited would hold back what is queued behind it,
    /// `exit` included, and after `exit` nobody reads that answer.
    pub fn refresh_code_lenses(&self) {
        if !self.can_refresh_lenses.load(Ordering::SeqCst) {
            return;
        }
        let client = self.client.clone();
        tokio::spawn(async move {
            let _ = client.code_lens_refresh().await;
        });
    }

    /// Tells the client that what the user knows changed, with the new summary when it can be
    /// read; lenses are refreshed too.
    pub async fn progress_changed(self: &Arc<Self>, reason: &str) {
        let state = self.clone();
        let summary = tokio::task::spawn_blocking(move || super::progress::summary(&state).ok()).await.ok().flatten();
        let params = ext::ProgressChanged { reason: reason.to_string(), summary };
        self.client.send_notification::<ProgressChangedNotification>(params).await;
        self.refresh_code_lenses();
    }
}

/// `interview-prep/progressChanged` as a notification type for the client handle.
enum ProgressChangedNotification {}

impl notification::Notification for ProgressChangedNotification {
    type Params = ext::ProgressChanged;
    const METHOD: &'static str = ext::PROGRESS_CHANGED;
}

pub fn initialize(state: &State, params: InitializeParams) -> InitializeResult {
    let workspace = params.capabilities.workspace.as_ref();
    let can_watch = workspace
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    state.can_watch_files.store(can_watch, Ordering::SeqCst);
    let can_refresh = workspace.and_then(|w| w.code_lens.as_ref()).and_then(|c| c.refresh_support).unwrap_or(false);
    state.can_refresh_lenses.store(can_refresh, Ordering::SeqCst);
    let ours = params.capabilities.experimental.as_ref().and_then(|e| e.get("interviewPrep"));
    let declared = |name: &str| ours.and_then(|i| i.get(name)).and_then(|v| v.as_bool()).unwrap_or(false);
    let panel = declared(ext::QUIZ_PANEL_CAPABILITY);
    state.quiz_panel.store(panel, Ordering::SeqCst);
    state.quiz_answers.store(panel && declared(ext::QUIZ_ANSWERS_CAPABILITY), Ordering::SeqCst);
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
        *state.settings.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(settings);
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
                commands: ext::COMMANDS.iter().map(|c| c.name.to_string()).collect(),
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

/// Starts building what the first `didOpen` waits for, each on its own thread, at process start
/// (before `initialize` arrives): the Python rule tables, and the built-in deck with its copy on
/// disk (every published diagnostic links its deck entry there). Each is built once; whoever
/// needs one first waits for it.
pub fn warm_up_in_background() {
    std::thread::spawn(|| {
        if let Err(e) = crate::concepts::engine::engine() {
            tracing::error!("concept rules failed to load: {e}");
        }
    });
    std::thread::spawn(|| {
        Deck::shared_builtin();
        if let Err(e) = crate::deck::cache::builtin_deck_dir() {
            tracing::warn!("cannot write the built-in deck to the cache directory: {e}");
        }
    });
}

/// Waits for what [`warm_up_in_background`] started (or builds it here when nothing did, as in
/// the in-process tests). Background work that can wait goes after it, so that it does not take
/// a core from the first `didOpen`.
fn wait_for_warm_up() {
    let _ = crate::concepts::engine::engine();
    Deck::shared_builtin();
    let _ = crate::deck::cache::builtin_deck_dir();
}

pub async fn initialized(state: &Arc<State>) {
    tokio::task::spawn_blocking(wait_for_warm_up);
    state.reload_deck();
    state.progress.open_in_background(state);
    state.build_index_in_background();
    let pending: Vec<String> = std::mem::take(&mut *state.pending_warnings.lock().unwrap_or_else(|e| e.into_inner()));
    for w in pending {
        state.warn_once(w).await;
    }
    super::project::watch_config_files(state, state.can_watch_files.load(Ordering::SeqCst)).await;
}

/// A broken user deck is the user's to fix: every problem goes to the log as `file:line:
/// message`, and one warning names the first. The entries that still load are used.
async fn report_deck_problems(state: &State, deck: &Deck) {
    /// A broken deck can have thousands of problems: the log gets this many and a count.
    const LOGGED: usize = 50;
    let Some(first) = deck.problems.first() else { return };
    for p in deck.problems.iter().take(LOGGED) {
        state.client.log_message(MessageType::WARNING, format!("deck: {p}")).await;
    }
    if deck.problems.len() > LOGGED {
        let rest = deck.problems.len() - LOGGED;
        let msg = format!("deck: {rest} more problems; `interview-prep deck lint FILE` lists them all");
        state.client.log_message(MessageType::WARNING, msg).await;
    }
    let more = match deck.problems.len() - 1 {
        0 => String::new(),
        n => format!(" (and {n} more in the log)"),
    };
    state.warn_once(format!("deck problem: {first}{more}")).await;
}

pub async fn did_change_configuration(state: &Arc<State>, params: DidChangeConfigurationParams) {
    let (settings, warnings) = Settings::from_json(&params.settings);
    let (deck_changed, store_changed) = {
        let mut current = state.settings.write().unwrap_or_else(|e| e.into_inner());
        let changed = (current.deck_paths != settings.deck_paths, current.data_dir != settings.data_dir);
        *current = Arc::new(settings);
        changed
    };
    if deck_changed {
        state.reload_deck();
    }
    if store_changed {
        state.progress.open_in_background(state);
    }
    for w in warnings {
        state.warn_once(w).await;
    }
    super::sync::republish_all(state).await;
    state.refresh_code_lenses();
}
