//! `interview-prep/concepts` (the concept navigator: the open file's concepts, or the whole
//! workspace's, grouped by concept with their places) and `interview-prep/progressReport` (the
//! progress report as a page a webview shows).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{Position, Range, Uri};

use super::ext::{
    self, ConceptGroup, ConceptsParams, ConceptsResult, Occurrence, ProgressReport, ProgressReportParams,
};
use super::{convert, State};
use crate::concepts::{concept, Kind};
use crate::position::{Encoding, LineIndex};
use crate::progress::summary::Status;
use crate::session::{shown_path, visible_findings};

/// Places listed per concept; the count says how many there are in all.
const MAX_OCCURRENCES: usize = 50;
/// Python files a workspace listing looks at.
pub(super) const MAX_WORKSPACE_FILES: usize = 5_000;

/// One concept's places while they are gathered.
#[derive(Default)]
struct Group {
    count: u32,
    occurrences: Vec<Occurrence>,
}

pub async fn concepts(state: &Arc<State>, params: Value) -> Result<ConceptsResult> {
    let p: ConceptsParams = ext::params(ext::CONCEPTS, params).map_err(|e| Error::invalid_params(e.0))?;
    match p.scope.as_str() {
        "file" => {
            let uri =
                p.uri.as_deref().ok_or_else(|| Error::invalid_params(format!("{}: missing `uri`", ext::CONCEPTS)))?;
            let uri: Uri = uri.parse().map_err(|_| Error::invalid_params(format!("{}: bad `uri`", ext::CONCEPTS)))?;
            let Some(snap) = state.snapshot(&uri) else {
                return Ok(ConceptsResult { concepts: Vec::new(), files: 0, truncated: false });
            };
            let mut groups: BTreeMap<&'static str, Group> = BTreeMap::new();
            for f in snap.visible() {
                let g = groups.entry(f.id()).or_default();
                g.count += 1;
                if g.occurrences.len() < MAX_OCCURRENCES {
                    g.occurrences.push(Occurrence {
                        uri: uri.to_string(),
                        path: snap.shown.clone(),
                        range: convert::range(&snap.rope, &f.range, snap.encoding),
                        text: snap.line_at(f.range.start).1,
                    });
                }
            }
            Ok(result(state, groups, 1, false))
        }
        "workspace" => {
            let s = state.clone();
            tokio::task::spawn_blocking(move || workspace(&s)).await.map_err(|e| Error {
                code: ErrorCode::InternalError,
                message: e.to_string().into(),
                data: None,
            })
        }
        other => {
            Err(Error::invalid_params(format!("{}: `scope` must be file or workspace, not {other:?}", ext::CONCEPTS)))
        }
    }
}

/// Every workspace folder's Python files analysed (in parallel, `.gitignore` respected), open
/// documents as the editor has them.
fn workspace(state: &Arc<State>) -> ConceptsResult {
    use rayon::prelude::*;
    let roots = state.roots();
    let mut files: Vec<PathBuf> = crate::check::collect_files(&roots).map(|l| l.files).unwrap_or_default();
    let truncated = files.len() > MAX_WORKSPACE_FILES;
    files.truncate(MAX_WORKSPACE_FILES);
    let enc = state.encoding();
    let editor = state.settings();
    let index = state.index();
    let per_file: Vec<Vec<(&'static str, Occurrence)>> = files
        .par_iter()
        .filter_map(|path| {
            let text = crate::check::read_source(path).ok()?;
            let findings = crate::check::analyse_text(path, &text, &index).ok()?;
            let settings = crate::check::settings_for_file(&editor, &state.configs, path);
            let uri = crate::features::definition::file_url(path)?;
            let shown = shown_path(path, &roots);
            let index = LineIndex::new(&text);
            let at = |byte: usize| {
                let lc = index.line_col(&text, byte, enc);
                Position { line: lc.line, character: lc.col }
            };
            Some(
                visible_findings(&findings, &settings)
                    .map(|f| {
                        let line = index.line_col(&text, f.range.start, Encoding::Utf8).line as usize;
                        let occurrence = Occurrence {
                            uri: uri.clone(),
                            path: shown.clone(),
                            range: Range { start: at(f.range.start), end: at(f.range.end) },
                            text: index.line_text(&text, line).trim().to_string(),
                        };
                        (f.id(), occurrence)
                    })
                    .collect(),
            )
        })
        .collect();
    let mut groups: BTreeMap<&'static str, Group> = BTreeMap::new();
    for (id, occurrence) in per_file.into_iter().flatten() {
        let g = groups.entry(id).or_default();
        g.count += 1;
        if g.occurrences.len() < MAX_OCCURRENCES {
            g.occurrences.push(occurrence);
        }
    }
    result(state, groups, files.len() as u32, truncated)
}

/// Groups with titles and statuses: pitfalls first, then by count.
fn result(state: &Arc<State>, groups: BTreeMap<&'static str, Group>, files: u32, truncated: bool) -> ConceptsResult {
    let deck = state.deck();
    let knowledge = state.progress.knowledge_now(state);
    let mut concepts: Vec<ConceptGroup> = groups
        .into_iter()
        .filter_map(|(id, g)| {
            let info = concept(id)?.info();
            let entry = deck.primary(id);
            let status = knowledge.as_ref().zip(entry).map(|(k, e)| match k.status(&e.id) {
                Status::New => "new",
                Status::Due => "due",
                Status::Weak => "weak",
                Status::Recalled => "recalled",
            });
            Some(ConceptGroup {
                concept: id.to_string(),
                title: info.title.to_string(),
                kind: info.kind.as_str().to_string(),
                topic: info.topic.to_string(),
                topic_title: crate::concepts::catalog::topic_title(info.topic).to_string(),
                status: status.map(str::to_string),
                entry: entry.map(|e| e.id.clone()),
                count: g.count,
                occurrences: g.occurrences,
            })
        })
        .collect();
    concepts.sort_by_key(|c| (c.kind != Kind::Pitfall.as_str(), std::cmp::Reverse(c.count), c.title.clone()));
    ConceptsResult { concepts, files, truncated }
}

pub async fn progress_report(state: &Arc<State>, params: Value) -> Result<ProgressReport> {
    let p: ProgressReportParams = ext::params(ext::PROGRESS_REPORT, params).map_err(|e| Error::invalid_params(e.0))?;
    if let Some(nonce) = &p.nonce {
        if nonce.is_empty() || !nonce.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=') {
            return Err(Error::invalid_params(format!("{}: `nonce` must be base64 characters", ext::PROGRESS_REPORT)));
        }
    }
    let s = state.clone();
    let html = tokio::task::spawn_blocking(move || {
        let store = s.progress.store(&s);
        let sched = super::progress::scheduler(&s, &store);
        let deck = s.deck();
        let k = crate::progress::summary::Knowledge::load(&store, sched, crate::progress::clock::now())?;
        let summary = crate::progress::summary::summarize(&store, &deck, &k)?;
        Ok::<_, crate::progress::ProgressError>(crate::progress::html::render_with_nonce(&summary, p.nonce.as_deref()))
    })
    .await
    .map_err(|e| Error { code: ErrorCode::InternalError, message: e.to_string().into(), data: None })?
    .map_err(|e| Error { code: ErrorCode::InternalError, message: e.to_string().into(), data: None })?;
    Ok(ProgressReport { html })
}
