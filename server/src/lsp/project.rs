//! Project configuration in the server: problems of config files shown as diagnostics on the
//! config file itself (in the negotiated position encoding), and reloading when the files
//! change. The files themselves are found, read and cached by `config::Cache` (in `State`).

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use super::State;
use crate::config::{self, Level};

/// Which config files' problems have been published.
#[derive(Default)]
pub struct Published {
    /// Config files (as of a modification time and size) whose problems, possibly none, are on
    /// the client.
    done: HashSet<(PathBuf, Option<(std::time::SystemTime, u64)>)>,
    /// Config files that currently show problems, so they can be cleared.
    with_problems: HashSet<PathBuf>,
}

/// Publishes the problems of config files loaded since the last call.
pub async fn publish_config_problems(state: &Arc<State>) {
    let enc = state.encoding();
    let fresh: Vec<Arc<config::Loaded>> = {
        let mut published = state.config_problems.lock().unwrap_or_else(|e| e.into_inner());
        state.configs.loaded().into_iter().filter(|l| published.done.insert((l.path.clone(), l.stamp))).collect()
    };
    for loaded in fresh {
        let Some(uri) = Uri::from_file_path(&loaded.path) else { continue };
        let diags: Vec<Diagnostic> = loaded
            .located_problems(enc)
            .into_iter()
            .map(|(a, b, p, message)| Diagnostic {
                range: Range {
                    start: Position { line: a.line, character: a.col },
                    end: Position { line: b.line, character: b.col },
                },
                severity: Some(match p.level {
                    Level::Error => DiagnosticSeverity::ERROR,
                    Level::Warning => DiagnosticSeverity::WARNING,
                }),
                source: Some("interview-prep".into()),
                message,
                ..Default::default()
            })
            .collect();
        {
            let mut published = state.config_problems.lock().unwrap_or_else(|e| e.into_inner());
            if diags.is_empty() {
                published.with_problems.remove(&loaded.path);
            } else {
                published.with_problems.insert(loaded.path.clone());
            }
        }
        if !diags.is_empty() {
            let msg = format!("{}: {} problem(s)", loaded.path.display(), diags.len());
            state.client.log_message(MessageType::WARNING, msg).await;
        }
        state.client.publish_diagnostics(uri, diags, None).await;
    }
}

/// A config file changed: forget every cached config, clear old problems, recompute everything.
/// A Python file changed: the model index reads it again if it is one of its files.
pub async fn did_change_watched_files(state: &Arc<State>, params: DidChangeWatchedFilesParams) {
    let (python, config): (Vec<_>, Vec<_>) = params
        .changes
        .iter()
        .filter_map(|c| c.uri.to_file_path().map(|p| p.into_owned()))
        .partition(|p| p.extension().is_some_and(|e| e == "py"));
    if !python.is_empty() {
        super::sync::files_changed(state, python).await;
    }
    if config.is_empty() && !params.changes.is_empty() {
        return;
    }
    state.configs.clear();
    let stale: Vec<PathBuf> = {
        let mut published = state.config_problems.lock().unwrap_or_else(|e| e.into_inner());
        published.done.clear();
        published.with_problems.drain().collect()
    };
    for path in stale {
        if let Some(uri) = Uri::from_file_path(&path) {
            state.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }
    state.reload_deck();
    super::sync::republish_all(state).await;
    state.refresh_code_lenses();
}

/// Asks the client to tell us when a config file or a Python file changes (when it can register
/// watchers).
pub async fn watch_config_files(state: &Arc<State>, supported: bool) {
    if !supported {
        return;
    }
    let watch = |id: &str, names: &[&str]| {
        let watchers = names
            .iter()
            .map(|name| FileSystemWatcher { glob_pattern: GlobPattern::String(format!("**/{name}")), kind: None })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        Registration {
            id: id.into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        }
    };
    // Python files too: the model index follows model modules changed outside the editor.
    let registrations = vec![
        watch("interview-prep-config", &[config::PYPROJECT, config::DEDICATED_FILE]),
        watch("interview-prep-models", &["*.py"]),
    ];
    if let Err(e) = state.client.register_capability(registrations).await {
        tracing::warn!("cannot watch config files: {e}");
    }
}
