//! Project configuration in the server: which config file governs each open document (cached per
//! directory), the settings that result (editor settings with the project's on top), problems
//! shown as diagnostics on the config file itself, and reloading when the files change.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tower_lsp_server::ls_types::*;

use super::State;
use crate::config::{self, Level, Loaded};
use crate::position::{Encoding, LineIndex};
use crate::settings::Settings;

/// Config files by directory, loaded on first use and forgotten when a config file changes.
#[derive(Default)]
pub struct Configs {
    by_dir: HashMap<PathBuf, Option<Arc<Loaded>>>,
    /// Config files whose problems (if any) are still to be published.
    unpublished: HashSet<PathBuf>,
    /// Config files that currently show problems, so they can be cleared.
    with_problems: HashSet<PathBuf>,
}

pub fn document_dir(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().and_then(|p| p.parent().map(Path::to_path_buf))
}

/// The loaded config that governs a directory, if any.
pub fn config_for_dir(state: &State, dir: &Path) -> Option<Arc<Loaded>> {
    let mut configs = state.configs.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = configs.by_dir.get(dir) {
        return found.clone();
    }
    let loaded = config::find(dir).map(|path| {
        // Another directory may already have loaded the same file.
        let cached = configs.by_dir.values().flatten().find(|l| l.path == path).cloned();
        cached.unwrap_or_else(|| {
            configs.unpublished.insert(path.clone());
            Arc::new(config::load(&path))
        })
    });
    configs.by_dir.insert(dir.to_path_buf(), loaded.clone());
    loaded
}

/// Settings for one document: the editor's, with its project's configuration on top.
pub fn settings_for(state: &State, uri: &Uri) -> Settings {
    let editor = state.settings();
    let project = document_dir(uri).and_then(|dir| config_for_dir(state, &dir));
    editor.with_project(project.as_ref().and_then(|l| l.config.as_ref()))
}

/// Publishes the problems of config files loaded since the last call (and clears fixed ones).
pub async fn publish_config_problems(state: &Arc<State>) {
    let (pending, loaded): (Vec<PathBuf>, Vec<Arc<Loaded>>) = {
        let mut configs = state.configs.lock().unwrap_or_else(|e| e.into_inner());
        let pending: Vec<PathBuf> = configs.unpublished.drain().collect();
        let loaded = configs.by_dir.values().flatten().cloned().collect();
        (pending, loaded)
    };
    for path in pending {
        let Some(l) = loaded.iter().find(|l| l.path == path) else { continue };
        let Some(uri) = Uri::from_file_path(&path) else { continue };
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let diags = config_diagnostics(l, &text);
        {
            let mut configs = state.configs.lock().unwrap_or_else(|e| e.into_inner());
            if diags.is_empty() {
                configs.with_problems.remove(&path);
            } else {
                configs.with_problems.insert(path.clone());
            }
        }
        if !l.problems.is_empty() {
            state
                .client
                .log_message(MessageType::WARNING, format!("{}: {} problem(s)", path.display(), l.problems.len()))
                .await;
        }
        state.client.publish_diagnostics(uri, diags, None).await;
    }
}

fn config_diagnostics(loaded: &Loaded, text: &str) -> Vec<Diagnostic> {
    let index = LineIndex::new(text);
    loaded
        .problems
        .iter()
        .map(|p| {
            let a = index.line_col(text, p.range.start, Encoding::Utf16);
            let b = index.line_col(text, p.range.end.max(p.range.start), Encoding::Utf16);
            let suffix =
                if p.level == Level::Error && loaded.config.is_none() { " (defaults apply until fixed)" } else { "" };
            Diagnostic {
                range: Range {
                    start: Position { line: a.line, character: a.col },
                    end: Position { line: b.line, character: b.col },
                },
                severity: Some(match p.level {
                    Level::Error => DiagnosticSeverity::ERROR,
                    Level::Warning => DiagnosticSeverity::WARNING,
                }),
                source: Some("interview-prep".into()),
                message: format!("{}{suffix}", p.message),
                ..Default::default()
            }
        })
        .collect()
}

/// A config file changed: forget every cached config, clear old problems, recompute everything.
pub async fn did_change_watched_files(state: &Arc<State>, _: DidChangeWatchedFilesParams) {
    let stale: Vec<PathBuf> = {
        let mut configs = state.configs.lock().unwrap_or_else(|e| e.into_inner());
        configs.by_dir.clear();
        configs.with_problems.drain().collect()
    };
    for path in stale {
        if let Some(uri) = Uri::from_file_path(&path) {
            state.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }
    state.invalidate_deck();
    super::sync::republish_all(state).await;
    state.refresh_code_lenses();
}

/// Asks the client to tell us when a config file changes (when it can register watchers).
pub async fn watch_config_files(state: &Arc<State>, supported: bool) {
    if !supported {
        return;
    }
    let watchers = [config::PYPROJECT, config::DEDICATED_FILE]
        .iter()
        .map(|name| FileSystemWatcher { glob_pattern: GlobPattern::String(format!("**/{name}")), kind: None })
        .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    let registration = Registration {
        id: "interview-prep-config".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(options).ok(),
    };
    if let Err(e) = state.client.register_capability(vec![registration]).await {
        tracing::warn!("cannot watch config files: {e}");
    }
}

/// Shared between handlers: the cache lives in `State`.
pub type Shared = Mutex<Configs>;
