//! Document synchronisation: open, change (incremental), close, and publishing diagnostics.
//!
//! Every edit is applied before the handler's first `.await`, and the DashMap guard is dropped
//! before publishing, so a later `didChange` can neither overtake an earlier one nor deadlock.

use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use super::diagnostics::diagnostics;
use super::{convert, State};
use crate::document::{Change, Document, Unanalysed, MAX_ANALYSED_BYTES};
use crate::language::Lang;

pub async fn did_open(state: &Arc<State>, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let uri = doc.uri.clone();
    let path = uri.to_file_path();
    let lang = Lang::of_document(&doc.language_id, path.as_deref(), &doc.text);
    let project = state.project_for(&uri);
    let opened = std::panic::catch_unwind(|| Document::open_in(lang, &doc.text, doc.version, project));
    match opened {
        Ok(document) => {
            let unanalysed = document.unanalysed();
            let summary = document.summary().clone();
            let analysed_with = document.index().clone();
            state.documents.insert(uri.clone(), document);
            // The index may have landed while the document was analysed: once it is in the
            // map, either this sees the new index or the re-analysis for it sees the document.
            // That re-analysis runs after this first publish, as for any new index.
            if !Arc::ptr_eq(&analysed_with, &state.index()) {
                state.reindex_documents();
            }
            index_document(state, &uri, &summary);
            if let Some(why) = unanalysed {
                note_unanalysed(state, &uri, why).await;
            }
            super::progress::note_open(state, &uri);
        }
        Err(_) => {
            tracing::error!("analysing {} panicked on open", uri.as_str());
            return;
        }
    }
    publish(state, &uri).await;
}

pub async fn did_change(state: &Arc<State>, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    let enc = state.encoding();
    let changes: Vec<Change> = params
        .content_changes
        .into_iter()
        .map(|c| Change {
            range: c.range.map(|r| (convert::line_col(r.start), convert::line_col(r.end))),
            text: c.text,
        })
        .collect();
    let mut became_unanalysed = None;
    let mut summary = None;
    let mut unverified = false;
    let applied = {
        let Some(mut doc) = state.documents.get_mut(&uri) else {
            tracing::warn!("didChange for {} which is not open; ignored", uri.as_str());
            return;
        };
        // Read under the guard: a newer index stored after this is followed by a re-analysis
        // that waits for the guard.
        let index = state.index();
        let was_unanalysed = doc.unanalysed().is_some();
        let before = doc.summary().clone();
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.apply_in(version, &changes, enc, &index)));
        match result {
            Ok(Ok(())) => {
                if !was_unanalysed {
                    became_unanalysed = doc.unanalysed();
                }
                if *doc.summary() != before {
                    summary = Some(doc.summary().clone());
                }
                unverified = doc.unverified();
                true
            }
            Ok(Err(e)) => {
                tracing::warn!("didChange for {}: {e}; ignored", uri.as_str());
                false
            }
            Err(_) => {
                tracing::error!("applying a change to {} panicked; the document is closed", uri.as_str());
                drop(doc);
                state.documents.remove(&uri);
                return;
            }
        }
    };
    if let Some(summary) = summary {
        index_document(state, &uri, &summary);
    }
    if let Some(why) = became_unanalysed {
        note_unanalysed(state, &uri, why).await;
    }
    if applied {
        publish(state, &uri).await;
    }
    if unverified {
        verify_when_typing_pauses(state, uri, version);
    }
}

/// How long typing must pause before a document edited through syntax errors is parsed and
/// analysed from scratch.
const VERIFY_AFTER: std::time::Duration = std::time::Duration::from_millis(200);

/// Once typing has paused (no newer version for [`VERIFY_AFTER`]), parses and analyses a
/// document reached through an incremental reparse with syntax errors from scratch, off the
/// keystroke and without holding the document; the result is taken only if no newer change came
/// meanwhile (that change schedules its own), and published (lenses refreshed) if it changes the
/// findings. A model index that lands meanwhile means another round.
fn verify_when_typing_pauses(state: &Arc<State>, uri: Uri, version: i32) {
    let state = state.clone();
    tokio::spawn(async move {
        tokio::time::sleep(VERIFY_AFTER).await;
        for _ in 0..3 {
            let verification = match state.documents.get(&uri) {
                Some(doc) if doc.version == version => doc.verification(),
                _ => None,
            };
            let Some(verification) = verification else { return };
            let run = std::panic::AssertUnwindSafe(move || verification.run());
            let verified = match tokio::task::spawn_blocking(move || std::panic::catch_unwind(run)).await {
                Ok(Ok(verified)) => verified,
                _ => {
                    tracing::error!("verifying the tree of {} panicked", uri.as_str());
                    return;
                }
            };
            let (changed, summary) = {
                let Some(mut doc) = state.documents.get_mut(&uri) else { return };
                let before = doc.summary().clone();
                let changed = doc.settle(verified);
                (changed, (*doc.summary() != before).then(|| doc.summary().clone()))
            };
            if let Some(summary) = summary {
                index_document(&state, &uri, &summary);
            }
            if changed {
                publish(&state, &uri).await;
                state.refresh_code_lenses();
            }
        }
    });
}

/// What an open document says about its models goes into the model index (other documents are
/// analysed again if that changes it).
fn index_document(state: &Arc<State>, uri: &Uri, summary: &crate::concepts::project::FileSummary) {
    if let Some(path) = uri.to_file_path() {
        state.update_index(&path, Some(summary.clone()));
    }
}

/// Says why a document has no diagnostics when it is too large or too long to analyse, so that
/// it is not taken for a file without findings. Once when it is opened or grows past the limit.
async fn note_unanalysed(state: &Arc<State>, uri: &Uri, why: Unanalysed) {
    let name = uri.path().as_str().rsplit('/').next().unwrap_or_default().to_string();
    let mb = |b: usize| b as f64 / (1024.0 * 1024.0);
    let msg = match why {
        Unanalysed::TooLarge(bytes) => format!(
            "interview-prep: {name} is {:.1} MB; files over {:.0} MB are not analysed",
            mb(bytes),
            mb(MAX_ANALYSED_BYTES)
        ),
        Unanalysed::TooManyLines(lines) => format!(
            "interview-prep: {name} has {lines} lines; YAML files over 32,768 lines are not analysed (the YAML parser cannot read past that)"
        ),
    };
    tracing::warn!("{msg}");
    state.client.show_message(MessageType::WARNING, msg).await;
}

pub async fn did_close(state: &Arc<State>, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    state.documents.remove(&uri);
    state.client.publish_diagnostics(uri.clone(), Vec::new(), None).await;
    // The file on disk stands for it in the model index again.
    if let Some(path) = uri.to_file_path().map(|p| p.into_owned()) {
        files_changed(state, vec![path]).await;
    }
}

/// Files changed on disk (or a document closed): the model index reads the ones it holds or
/// that are model modules again, off the request path. Open documents stand for themselves.
pub async fn files_changed(state: &Arc<State>, paths: Vec<std::path::PathBuf>) {
    use crate::concepts::project;
    let index = state.index();
    let open: Vec<std::path::PathBuf> =
        state.documents.iter().filter_map(|d| d.key().to_file_path().map(|p| p.into_owned())).collect();
    let wanted: Vec<std::path::PathBuf> =
        paths.into_iter().filter(|p| !open.contains(p) && (index.contains(p) || project::is_model_module(p))).collect();
    if wanted.is_empty() {
        return;
    }
    let read = tokio::task::spawn_blocking(move || {
        wanted.into_iter().map(|p| (project::summarize_file(&p), p)).collect::<Vec<_>>()
    })
    .await;
    for (summary, path) in read.unwrap_or_default() {
        state.update_index(&path, summary);
    }
}

/// Publishes the current diagnostics of a document, unless a newer version has arrived since
/// (that change publishes its own).
pub async fn publish(state: &Arc<State>, uri: &Uri) {
    let computed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        state.snapshot(uri).map(|snap| (snap.version, diagnostics(&snap, uri)))
    }));
    let (version, diags) = match computed {
        Ok(Some(done)) => done,
        Ok(None) => return,
        Err(_) => {
            tracing::error!("computing diagnostics for {} panicked", uri.as_str());
            return;
        }
    };
    let current = state.documents.get(uri).map(|d| d.version);
    if current != Some(version) {
        return;
    }
    state.client.publish_diagnostics(uri.clone(), diags, Some(version)).await;
    super::project::publish_config_problems(state).await;
}

pub async fn republish_all(state: &Arc<State>) {
    let uris: Vec<Uri> = state.documents.iter().map(|e| e.key().clone()).collect();
    for uri in uris {
        publish(state, &uri).await;
    }
}
