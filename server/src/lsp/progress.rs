//! The language server's side of progress: the store for the configured data directory (opened
//! on first use, reopened when `dataDir` changes, its notices shown once), the scheduler the
//! settings call for, a snapshot of what the user knows for lenses, diagnostics and hovers, and
//! recording the concepts of each opened file as seen.

use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::ls_types::Uri;

use super::State;
use crate::progress::summary::{scheduler as store_scheduler, Knowledge};
use crate::progress::{clock, data_dir, Scheduler, Store};

/// The open store and the directory it was opened for.
pub type Slot = Option<(PathBuf, Arc<Store>)>;

/// The progress store, opened on first use. Opening never fails (an unusable directory gives a
/// store that saves nothing); what the user must know is shown once, as a warning.
pub fn store(state: &Arc<State>) -> Arc<Store> {
    let dir = data_dir(state.settings().data_dir.as_deref());
    let mut slot = state.progress.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((open_dir, store)) = slot.as_ref() {
        if *open_dir == dir {
            return store.clone();
        }
    }
    let opened = Store::open(&dir);
    opened.store.keep_aside_in(crate::deck::cache::cache_root());
    let store = Arc::new(opened.store);
    *slot = Some((dir, store.clone()));
    drop(slot);
    if !opened.notices.is_empty() {
        let s = state.clone();
        // Outside any runtime (unit tests) there is nobody to tell; the log has it.
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move {
                for n in opened.notices {
                    s.warn_once(n).await;
                }
            });
        }
    }
    store
}

/// FSRS with the store's personal parameters, the desired retention and the interview date.
pub fn scheduler(state: &Arc<State>, store: &Store) -> Scheduler {
    let settings = state.settings();
    store_scheduler(store, settings.desired_retention, settings.interview_date)
}

/// Every card now. `None` if the store cannot be read (then nothing adapts).
///
/// Publishing diagnostics, lenses and hovers all ask on every keystroke, so the cards are kept
/// until the database changes on disk (this or another server wrote an answer), the settings
/// that schedule them change, or a minute passes (cards fall due with time).
pub fn knowledge(state: &Arc<State>) -> Option<Arc<Knowledge>> {
    let store = store(state);
    let settings = state.settings();
    let stamp = Stamp {
        files: store.path().map(|p| {
            let mut wal = p.as_os_str().to_owned();
            wal.push("-wal");
            (file_stamp(&p), file_stamp(std::path::Path::new(&wal)))
        }),
        retention: settings.desired_retention.to_bits(),
        interview_date: settings.interview_date,
        minute: clock::now() / 60,
    };
    let mut cache = state.knowledge_cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((cached_stamp, k)) = cache.as_ref() {
        if *cached_stamp == stamp && stamp.files.is_some() {
            return Some(k.clone());
        }
    }
    let sched = scheduler(state, &store);
    match Knowledge::load(&store, sched, clock::now()) {
        Ok(k) => {
            let k = Arc::new(k);
            *cache = Some((stamp, k.clone()));
            Some(k)
        }
        Err(e) => {
            tracing::warn!("reading progress: {e}");
            None
        }
    }
}

/// What decides whether cached cards are still current.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// The database and its write-ahead log: (modified, length) of each.
    files: Option<(FileStamp, FileStamp)>,
    retention: u32,
    interview_date: Option<i64>,
    minute: i64,
}

type FileStamp = Option<(std::time::SystemTime, u64)>;

fn file_stamp(path: &std::path::Path) -> FileStamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Forgets cached cards (after this server saved an answer).
pub fn forget_knowledge(state: &State) {
    *state.knowledge_cache.lock().unwrap_or_else(|e| e.into_inner()) = None;
}

/// Records the concepts of an opened file as seen in the user's code (off the request path).
pub fn note_open(state: &Arc<State>, uri: &Uri) {
    let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else { return };
    let counts: Vec<(String, u32)> = {
        let Some(doc) = state.documents.get(uri) else { return };
        let mut counts: Vec<(String, u32)> = Vec::new();
        for f in doc.findings.iter() {
            match counts.iter_mut().find(|(c, _)| c == f.id()) {
                Some(slot) => slot.1 += 1,
                None => counts.push((f.id().to_string(), 1)),
            }
        }
        counts
    };
    if counts.is_empty() {
        return;
    }
    let s = state.clone();
    tokio::task::spawn_blocking(move || {
        let store = store(&s);
        if let Err(e) = store.note_seen(&path.display().to_string(), &counts, clock::now()) {
            tracing::warn!("recording concepts seen in {}: {e}", path.display());
        }
    });
}
