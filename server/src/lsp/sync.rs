//! Document synchronisation: open, change (incremental), close, and publishing diagnostics.
//!
//! Every edit is applied before the handler's first `.await`, and the DashMap guard is dropped
//! before publishing, so a later `didChange` can neither overtake an earlier one nor deadlock.

use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use super::diagnostics::diagnostics;
use super::{convert, State};
use crate::document::{Change, Document, MAX_ANALYSED_BYTES};
use crate::language::Lang;

pub async fn did_open(state: &Arc<State>, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let uri = doc.uri.clone();
    let path = uri.to_file_path();
    let lang = Lang::of_document(&doc.language_id, path.as_deref(), &doc.text);
    let opened = std::panic::catch_unwind(|| Document::open(lang, &doc.text, doc.version));
    match opened {
        Ok(document) => {
            let too_large = document.too_large().then(|| document.rope.len_bytes());
            state.documents.insert(uri.clone(), document);
            if let Some(bytes) = too_large {
                note_too_large(state, &uri, bytes).await;
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
    let mut grew_too_large = None;
    let applied = {
        let Some(mut doc) = state.documents.get_mut(&uri) else {
            tracing::warn!("didChange for {} which is not open; ignored", uri.as_str());
            return;
        };
        let was_too_large = doc.too_large();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.apply(version, &changes, enc)));
        match result {
            Ok(Ok(())) => {
                if doc.too_large() && !was_too_large {
                    grew_too_large = Some(doc.rope.len_bytes());
                }
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
    if let Some(bytes) = grew_too_large {
        note_too_large(state, &uri, bytes).await;
    }
    if applied {
        publish(state, &uri).await;
    }
}

/// Says why a document has no diagnostics when it is too large to analyse, so that it is not
/// taken for a file without findings. Once when it is opened or grows past the limit.
async fn note_too_large(state: &Arc<State>, uri: &Uri, bytes: usize) {
    let name = uri.path().as_str().rsplit('/').next().unwrap_or_default().to_string();
    let mb = |b: usize| b as f64 / (1024.0 * 1024.0);
    let msg = format!(
        "interview-prep: {name} is {:.1} MB; files over {:.0} MB are not analysed",
        mb(bytes),
        mb(MAX_ANALYSED_BYTES)
    );
    tracing::warn!("{msg}");
    state.client.show_message(MessageType::WARNING, msg).await;
}

pub async fn did_close(state: &Arc<State>, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    state.documents.remove(&uri);
    state.client.publish_diagnostics(uri, Vec::new(), None).await;
}

/// Publishes the current diagnostics of a document, unless a newer version has arrived since
/// (that change publishes its own).
pub async fn publish(state: &Arc<State>, uri: &Uri) {
    let computed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        state.snapshot(uri).map(|snap| (snap.version, diagnostics(&snap)))
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
