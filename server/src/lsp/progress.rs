//! The language server's side of progress: the store for the configured data directory (opened
//! off the request path, reopened when `dataDir` changes, its notices shown once), the scheduler
//! the settings call for, what the user knows for lenses, diagnostics and hovers, the summary
//! editors show, and recording the concepts of each opened file as seen.
//!
//! Requests never open or query the store: they read the last cards loaded
//! ([`Progress::knowledge_now`]), and a stale copy triggers a reload in the background, after
//! which documents are published again if anything the user sees changed.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tower_lsp_server::ls_types::Uri;

use super::{ext, State};
use crate::progress::summary::{scheduler as store_scheduler, summarize, Knowledge};
use crate::progress::{clock, data_dir, Scheduler, Store};

#[derive(Default)]
pub struct Progress {
    /// The open store and the directory it was opened for. Held only to read or replace it:
    /// never while a store opens (which can wait on another process's lock).
    slot: Mutex<Option<(PathBuf, Arc<Store>)>>,
    /// One opener at a time.
    opening: Mutex<()>,
    /// Cards as last read, and what they were read from.
    knowledge: Mutex<Option<(Stamp, Arc<Knowledge>)>>,
    loading: AtomicBool,
}

impl Progress {
    /// The progress store, opened on first use. Blocking (SQLite waits for a lock): call it
    /// from a blocking task. Opening never fails (an unusable directory gives a store that saves
    /// nothing); what the user must know is shown once, as a warning.
    pub fn store(&self, state: &Arc<State>) -> Arc<Store> {
        let dir = data_dir(state.settings().data_dir.as_deref());
        if let Some(store) = self.open_for(&dir) {
            return store;
        }
        let _one = self.opening.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(store) = self.open_for(&dir) {
            return store;
        }
        let opened = Store::open(&dir);
        opened.store.keep_aside_in(crate::deck::cache::cache_root());
        let store = Arc::new(opened.store);
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = Some((dir, store.clone()));
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

    /// The store if it is open for the configured directory; never opens it.
    fn store_if_open(&self, state: &State) -> Option<Arc<Store>> {
        self.open_for(&data_dir(state.settings().data_dir.as_deref()))
    }

    fn open_for(&self, dir: &std::path::Path) -> Option<Arc<Store>> {
        let slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        slot.as_ref().filter(|(open, _)| open == dir).map(|(_, store)| store.clone())
    }

    /// Opens the store and reads the cards off the request path (at start, and when `dataDir`
    /// changes).
    pub fn open_in_background(&self, state: &Arc<State>) {
        let s = state.clone();
        tokio::task::spawn_blocking(move || {
            s.progress.store(&s);
            s.progress.reload(&s);
        });
    }

    /// What the user knows, as last read, without touching the database: `None` until the
    /// store has been read. When the database changed on disk (this or another server wrote an
    /// answer), the settings that schedule the cards changed, or a minute passed (cards fall due
    /// with time), a reload starts in the background and this call still returns the old cards.
    pub fn knowledge_now(&self, state: &Arc<State>) -> Option<Arc<Knowledge>> {
        let store = self.store_if_open(state)?;
        let stamp = Stamp::of(&store, state);
        let current = {
            let cache = self.knowledge.lock().unwrap_or_else(|e| e.into_inner());
            cache.as_ref().map(|(s, k)| (*s == stamp && s.files.is_some(), k.clone()))
        };
        match current {
            Some((true, k)) => Some(k),
            stale => {
                self.reload_in_background(state);
                stale.map(|(_, k)| k)
            }
        }
    }

    /// Reads the cards now (blocking): for quizzes, which must see every answer.
    pub fn knowledge_blocking(&self, state: &Arc<State>) -> Option<Arc<Knowledge>> {
        self.reload(state);
        self.knowledge.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map(|(_, k)| k.clone())
    }

    fn reload_in_background(&self, state: &Arc<State>) {
        if self.loading.swap(true, Ordering::SeqCst) {
            return;
        }
        let s = state.clone();
        tokio::task::spawn_blocking(move || {
            s.progress.reload(&s);
            s.progress.loading.store(false, Ordering::SeqCst);
        });
    }

    /// Reads the cards from the store; when what the user sees changed (a card, or what is
    /// due), publishes the open documents again and tells the client.
    fn reload(&self, state: &Arc<State>) {
        let store = self.store(state);
        let stamp = Stamp::of(&store, state);
        let sched = scheduler(state, &store);
        let loaded = match Knowledge::load(&store, sched, clock::now()) {
            Ok(k) => Arc::new(k),
            Err(e) => {
                tracing::warn!("reading progress: {e}");
                return;
            }
        };
        let changed = {
            let mut cache = self.knowledge.lock().unwrap_or_else(|e| e.into_inner());
            let changed = cache
                .as_ref()
                .is_none_or(|(_, old)| old.cards != loaded.cards || old.due_count() != loaded.due_count());
            *cache = Some((stamp, loaded));
            changed
        };
        // The first read counts as a change too: editors learn the summary without asking.
        if changed {
            let s = state.clone();
            if let Ok(handle) = tokio::runtime::Handle::try_current() {
                handle.spawn(async move {
                    super::sync::republish_all(&s).await;
                    s.progress_changed("store").await;
                });
            }
        }
    }

    /// Forgets the cards read (after this server saved an answer); the next read reloads.
    pub fn forget(&self) {
        *self.knowledge.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// FSRS with the store's personal parameters, the desired retention and the interview date.
pub fn scheduler(state: &State, store: &Store) -> Scheduler {
    let settings = state.settings();
    store_scheduler(store, settings.desired_retention, settings.interview_date)
}

/// `interview-prep.progressSummary` (blocking: reads the store).
pub fn summary(state: &Arc<State>) -> Result<ext::ProgressSummary, crate::progress::ProgressError> {
    let store = state.progress.store(state);
    let sched = scheduler(state, &store);
    let deck = state.deck();
    let k = Knowledge::load(&store, sched, clock::now())?;
    let s = summarize(&store, &deck, &k)?;
    Ok(ext::ProgressSummary {
        due: s.due as u32,
        cards: s.cards as u32,
        reviewed_today: s.reviewed_today as u32,
        streak: s.streak as u32,
        topics: s
            .topics
            .iter()
            .map(|t| ext::TopicProgress {
                topic: t.topic.clone(),
                title: t.title.clone(),
                mastery: f64::from(t.mastery),
                due: t.due as u32,
                reviewed: t.reviewed as u32,
                entries: t.entries as u32,
            })
            .collect(),
        forecast: s.forecast.iter().map(|d| ext::DayCount { date: d.date.clone(), count: d.count as u32 }).collect(),
        ready_by: s.ready_by.map(|r| ext::ReadyBy { date: r.date, recalled: r.recalled as u32, total: r.total as u32 }),
    })
}

/// What decides whether cached cards are still current.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp {
    /// The database and its write-ahead log: (modified, length) of each.
    files: Option<(FileStamp, FileStamp)>,
    retention: u32,
    interview_date: Option<i64>,
    minute: i64,
}

type FileStamp = Option<(std::time::SystemTime, u64)>;

impl Stamp {
    fn of(store: &Store, state: &State) -> Stamp {
        let settings = state.settings();
        Stamp {
            files: store.path().map(|p| {
                let mut wal = p.as_os_str().to_owned();
                wal.push("-wal");
                (file_stamp(&p), file_stamp(std::path::Path::new(&wal)))
            }),
            retention: settings.desired_retention.to_bits(),
            interview_date: settings.interview_date,
            minute: clock::now() / 60,
        }
    }
}

fn file_stamp(path: &std::path::Path) -> FileStamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
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
        let store = s.progress.store(&s);
        if let Err(e) = store.note_seen(&path.display().to_string(), &counts, clock::now()) {
            tracing::warn!("recording concepts seen in {}: {e}", path.display());
        }
    });
}
