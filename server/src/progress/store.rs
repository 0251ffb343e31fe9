//! The progress database: `progress.db` in the data directory, shared by every server and CLI
//! process of the user. WAL mode so readers never wait for a writer; one IMMEDIATE transaction
//! per answer, which reads the card, schedules it and writes card and review together, so two
//! processes answering at once serialise instead of overwriting each other; schema migrations by
//! `PRAGMA user_version`. A corrupt file (or one with another program's schema) is moved aside
//! and a new one started; a directory we cannot write gives an in-memory store so quizzes still
//! run. Either way the caller gets one notice to show the user. An answer the file cannot take
//! (full disk, read-only file or directory, I/O error) is kept in memory, in order, and written
//! with the next answer once the file takes writes again.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;

use super::clock::{self, Calendar};
use super::schedule::{CardState, Rating, Scheduled, Scheduler};
use super::{Mode, ProgressError};

pub const FILE_NAME: &str = "progress.db";

/// Schema steps; `user_version` is how many have been applied. Append only: a released step is
/// never edited, so any older database reaches the current schema by running the rest in order.
pub const MIGRATIONS: &[&str] = &[
    // 1: cards (one per deck entry, with its FSRS memory state) and the review log.
    "CREATE TABLE cards (
        entry_id    TEXT PRIMARY KEY,
        stability   REAL NOT NULL,
        difficulty  REAL NOT NULL,
        due         INTEGER NOT NULL,
        reps        INTEGER NOT NULL,
        lapses      INTEGER NOT NULL,
        last_review INTEGER NOT NULL,
        last_rating INTEGER NOT NULL
    );
    CREATE TABLE reviews (
        id             INTEGER PRIMARY KEY,
        entry_id       TEXT NOT NULL,
        reviewed_at    INTEGER NOT NULL,
        rating         INTEGER NOT NULL,
        elapsed_days   INTEGER NOT NULL,
        scheduled_days INTEGER NOT NULL,
        mode           TEXT NOT NULL
    );
    CREATE INDEX reviews_by_entry ON reviews (entry_id, reviewed_at);",
    // 2: what prompted a review (file, concept) and how long it took; the concepts seen in the
    // user's code; key/value metadata (personal FSRS parameters).
    "ALTER TABLE reviews ADD COLUMN file TEXT;
    ALTER TABLE reviews ADD COLUMN concept TEXT;
    ALTER TABLE reviews ADD COLUMN duration_ms INTEGER;
    CREATE INDEX reviews_by_time ON reviews (reviewed_at);
    CREATE TABLE concepts_seen (
        concept    TEXT NOT NULL,
        file       TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen  INTEGER NOT NULL,
        count      INTEGER NOT NULL,
        PRIMARY KEY (concept, file)
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    // 3: answers written in answer mode (kept only here, like everything else), with the key
    // points they made; mock interviews and their reports.
    "CREATE TABLE answers (
        review_id INTEGER PRIMARY KEY REFERENCES reviews (id),
        text      TEXT NOT NULL,
        points    TEXT NOT NULL
    );
    CREATE TABLE mock_sessions (
        id          INTEGER PRIMARY KEY,
        started_at  INTEGER NOT NULL,
        finished_at INTEGER NOT NULL,
        repository  TEXT,
        report      TEXT NOT NULL
    );",
];

/// One answer to record.
#[derive(Clone, Debug, PartialEq)]
pub struct NewReview {
    pub entry: String,
    pub rating: Rating,
    /// Unix seconds.
    pub at: i64,
    pub mode: Mode,
    /// The file whose code prompted the question, if any.
    pub file: Option<String>,
    /// The concept that linked the code to the entry, if any.
    pub concept: Option<String>,
    pub duration_ms: Option<i64>,
    /// Answer mode: what the user wrote and which key points it made.
    pub answer: Option<WrittenAnswer>,
}

/// An answer written in answer mode.
#[derive(Clone, Debug, PartialEq)]
pub struct WrittenAnswer {
    pub text: String,
    /// One `1` or `0` per key point of the entry, in order.
    pub points: String,
}

/// One card's answers, oldest first: `(time, rating)`.
pub type History = Vec<(i64, Rating)>;

/// One row of the review log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Review {
    pub entry: String,
    pub at: i64,
    pub rating: Rating,
    pub elapsed_days: u32,
    pub scheduled_days: u32,
    pub mode: String,
    pub file: Option<String>,
    pub concept: Option<String>,
    pub duration_ms: Option<i64>,
}

/// A concept seen in the user's code, over all files.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Seen {
    pub concept: String,
    pub first_seen: i64,
    pub last_seen: i64,
    /// Findings of the concept, summed over the files it was last seen in.
    pub count: u32,
    pub files: u32,
}

/// Where the store keeps its data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    /// Nothing is saved; `why` says why, for the notice.
    Memory {
        why: String,
    },
}

pub struct Store {
    // rusqlite's Connection is Send but not Sync; answers are rare, so one lock is plenty.
    // Locked before `location` and `pending` wherever several are held.
    conn: Mutex<Connection>,
    location: Mutex<Location>,
    /// The file answers belong in, also while it cannot be written (`None`: never saves).
    target: Option<PathBuf>,
    /// Answers not yet in `target`, oldest first. Order matters: each card is scheduled from
    /// the one before.
    pending: Mutex<Vec<NewReview>>,
    /// What the user must be told since the last `take_notices`.
    notices: Mutex<Vec<String>>,
    /// Where kept answers are also written, after each one, so they outlive the process.
    aside: Mutex<Aside>,
}

/// The review log of kept answers (see [`Store::keep_aside_in`]).
#[derive(Default)]
struct Aside {
    dir: Option<PathBuf>,
    /// This process's log, once an answer had to be kept.
    file: Option<PathBuf>,
}

/// A store and what the user must be told about opening it (at most once per process).
pub struct Opened {
    pub store: Store,
    pub notices: Vec<String>,
}

impl Store {
    /// Opens (or creates) `progress.db` in `dir`. Never fails: a corrupt database is moved aside
    /// and replaced, and anything that prevents saving gives an in-memory store, with a notice.
    pub fn open(dir: &Path) -> Opened {
        let path = dir.join(FILE_NAME);
        if let Err(e) = crate::fsutil::create_private_dir(dir) {
            return Self::unsaved(&path, format!("cannot create {}: {e}", dir.display()));
        }
        match Store::open_file(&path) {
            Ok(store) => Opened { store, notices: Vec::new() },
            Err(e) if is_corrupt(&e) => {
                let reason = match &e {
                    ProgressError::Schema { why, .. } => format!("is not an interview-prep progress database: {why}"),
                    _ => "is corrupt".to_string(),
                };
                let moved = match move_aside(&path) {
                    Ok(moved) => moved,
                    Err(e) => {
                        return Self::unsaved(
                            &path,
                            format!("{} is corrupt and cannot be moved aside: {e}", path.display()),
                        )
                    }
                };
                match Store::open_file(&path) {
                    Ok(store) => Opened {
                        store,
                        notices: vec![format!(
                            "the progress database {} {reason}; it was moved to {} and a new one started",
                            path.display(),
                            moved.display()
                        )],
                    },
                    Err(e) => Self::unsaved(&path, e.to_string()),
                }
            }
            Err(e) => Self::unsaved(&path, e.to_string()),
        }
    }

    /// An in-memory store holding a copy of whatever `path` still lets us read.
    /// Answers are kept in memory and written to `path` as soon as it can be opened.
    fn unsaved(path: &Path, why: String) -> Opened {
        tracing::warn!("progress is not saved: {why}");
        let mut store = Store::in_memory_because(why.clone());
        if let Ok(conn) = store.conn.lock() {
            copy_readable(&conn, path);
        }
        store.target = Some(path.to_path_buf());
        Opened {
            store,
            notices: vec![format!(
                "progress is not saved in this session: {why} (answers are kept in memory and written to {} once it can be written)",
                path.display()
            )],
        }
    }

    /// Opens a database file strictly: any problem is an error. A database, `-wal`, `-shm` or
    /// `-journal` that is a symbolic link is refused (someone else's file could be chmodded or
    /// written through it), and one written by a newer interview-prep is left byte for byte as
    /// it is: its version is read, read-only, before anything writes.
    pub fn open_file(path: &Path) -> Result<Store, ProgressError> {
        refuse_links(path)?;
        if path.exists() {
            let probe = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_NOFOLLOW,
            )?;
            probe.busy_timeout(Duration::from_secs(15))?;
            let found: i64 = probe.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let known = MIGRATIONS.len() as i64;
            if found > known {
                return Err(ProgressError::Newer { path: path.to_path_buf(), found, known });
            }
        }
        // Private before SQLite creates it: its -wal and -shm files copy the database's mode.
        if let Err(e) = crate::fsutil::ensure_private_file(path) {
            tracing::debug!("cannot make {} private: {e}", path.display());
        }
        let mut conn = Connection::open_with_flags(path, OpenFlags::default() | OpenFlags::SQLITE_OPEN_NOFOLLOW)?;
        conn.busy_timeout(Duration::from_secs(15))?;
        // Before anything writes (switching to WAL rewrites the header): a file that is not
        // ours is moved aside exactly as it was.
        check_foreign(&conn, path)?;
        // Garbage in place of a database shows up here, as "file is not a database".
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // FULL: a committed answer survives a power cut too, for one fsync per answer.
        conn.pragma_update(None, "synchronous", "FULL")?;
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(ProgressError::Corrupt(path.to_path_buf()));
        }
        migrate(&mut conn, path)?;
        check_schema(&conn, path)?;
        // Prove we can write now, not at the first answer: a read-only file or directory is
        // found at open and reported once.
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('last_opened', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [clock::now().to_string()],
        )?;
        Ok(Store {
            conn: Mutex::new(conn),
            location: Mutex::new(Location::File(path.to_path_buf())),
            target: Some(path.to_path_buf()),
            pending: Mutex::new(Vec::new()),
            notices: Mutex::new(Vec::new()),
            aside: Mutex::default(),
        })
    }

    /// A store that saves nothing (tests, and the fallback when the data directory is unusable).
    pub fn in_memory() -> Store {
        Store::in_memory_because("in-memory store".into())
    }

    fn in_memory_because(why: String) -> Store {
        let flags = OpenFlags::default() | OpenFlags::SQLITE_OPEN_URI;
        let mut conn = Connection::open_in_memory_with_flags(flags)
            .or_else(|_| Connection::open_in_memory())
            .unwrap_or_else(|e| panic!("SQLite cannot open an in-memory database: {e}"));
        if let Err(e) = migrate(&mut conn, Path::new(":memory:")) {
            tracing::error!("in-memory progress store: {e}");
        }
        Store {
            conn: Mutex::new(conn),
            location: Mutex::new(Location::Memory { why }),
            target: None,
            pending: Mutex::new(Vec::new()),
            notices: Mutex::new(Vec::new()),
            aside: Mutex::default(),
        }
    }

    /// Whether answers are written to disk (and none is waiting to be).
    pub fn is_saved(&self) -> bool {
        self.path().is_some() && self.pending.lock().unwrap_or_else(|e| e.into_inner()).is_empty()
    }

    /// The database file, while this store reads and writes one.
    pub fn path(&self) -> Option<PathBuf> {
        match &*self.location.lock().unwrap_or_else(|e| e.into_inner()) {
            Location::File(p) => Some(p.clone()),
            Location::Memory { .. } => None,
        }
    }

    /// Answers kept in memory because the file could not take them yet, oldest first.
    pub fn pending(&self) -> Vec<NewReview> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// What happened since the last call that the user should know (kept answers written).
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut *self.notices.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn with<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T, ProgressError>) -> Result<T, ProgressError> {
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut conn)
    }

    /// Local calendar days at `at`, as the C library's time zone rules say.
    pub fn calendar(&self, at: i64) -> Calendar {
        self.with(|c| Ok(calendar(c, at))).unwrap_or(Calendar::UTC)
    }

    /// Records one answer in one transaction: reads the card, schedules it, writes the card and
    /// the review. Returns the card's new schedule.
    ///
    /// Answers kept earlier are written first, in order. An answer the file cannot take is kept
    /// (`ProgressError::Kept`), and so is every later one until the earlier ones are in: a card
    /// is scheduled from its previous answer. A store that fell back to memory at open still
    /// answers from memory, keeps each answer for the file, and tries the file again each time.
    pub fn record(&self, review: &NewReview, sched: &Scheduler) -> Result<Scheduled, ProgressError> {
        let result = self.record_in_order(review, sched);
        self.update_aside();
        result
    }

    fn record_in_order(&self, review: &NewReview, sched: &Scheduler) -> Result<Scheduled, ProgressError> {
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let Some(target) = self.target.clone() else { return write_review(&mut conn, review, sched) };
        let kept = |pending: &mut Vec<NewReview>, e: ProgressError| {
            pending.push(review.clone());
            ProgressError::Kept { path: target.clone(), waiting: pending.len(), source: Box::new(e) }
        };
        if let Err(e) = self.flush(&mut conn, &mut pending, &target, sched) {
            if self.path().is_some() {
                return Err(kept(&mut pending, e));
            }
            // Still in memory: answer from there, and keep the answer for the file.
            let scheduled = write_review(&mut conn, review, sched)?;
            pending.push(review.clone());
            return Ok(scheduled);
        }
        self.write_to_file(&mut conn, review, sched).map_err(|e| kept(&mut pending, e))
    }

    /// Writes the kept answers now, if the file takes them (at the end of a quiz, say). `Ok`
    /// when none is left waiting.
    pub fn retry_pending(&self, sched: &Scheduler) -> Result<(), ProgressError> {
        let result = {
            let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            match self.target.clone() {
                Some(target) if !pending.is_empty() => self.flush(&mut conn, &mut pending, &target, sched),
                _ => Ok(()),
            }
        };
        self.update_aside();
        result
    }

    /// Answers the database refuses are also written, after each one, as a review log in `dir`
    /// (`unsaved-answers-<time>-<pid>.csv`, which `progress import` merges), so that they
    /// outlive a process killed before the database takes them. The log is removed once they
    /// are all in the database.
    pub fn keep_aside_in(&self, dir: PathBuf) {
        self.aside.lock().unwrap_or_else(|e| e.into_inner()).dir = Some(dir);
    }

    /// This process's log of kept answers, while there is one.
    pub fn aside_file(&self) -> Option<PathBuf> {
        self.aside.lock().unwrap_or_else(|e| e.into_inner()).file.clone()
    }

    /// Brings the log of kept answers in line with `pending`: rewritten whole (it is small) when
    /// answers wait, removed when none does. Best effort: a log that cannot be written is
    /// reported, and the answers stay kept in memory.
    fn update_aside(&self) {
        let pending = self.pending();
        let mut aside = self.aside.lock().unwrap_or_else(|e| e.into_inner());
        if pending.is_empty() {
            if let Some(file) = aside.file.take() {
                if let Err(e) = std::fs::remove_file(&file) {
                    tracing::warn!("cannot remove {}: {e}", file.display());
                }
            }
            return;
        }
        let Some(dir) = aside.dir.clone() else { return };
        let file = aside.file.get_or_insert_with(|| {
            dir.join(format!("unsaved-answers-{}-{}.csv", clock::stamp(clock::now()), std::process::id()))
        });
        if let Err(e) = super::exchange::write_pending(&pending, file) {
            tracing::warn!("cannot write the kept answers to {}: {e}", file.display());
        }
    }

    /// Writes the kept answers to the file, oldest first, opening the file first if the store
    /// fell back to memory; stops at the first that fails.
    fn flush(
        &self,
        conn: &mut Connection,
        pending: &mut Vec<NewReview>,
        target: &Path,
        sched: &Scheduler,
    ) -> Result<(), ProgressError> {
        if self.path().is_none() {
            self.reconnect(conn, target)?;
        }
        let waiting = pending.len();
        while let Some(first) = pending.first() {
            self.write_to_file(conn, first, sched)?;
            pending.remove(0);
        }
        if waiting > 0 {
            tracing::info!("{waiting} kept answers written to {}", target.display());
            self.notices.lock().unwrap_or_else(|e| e.into_inner()).push(format!(
                "progress is saved again: {waiting} answer{} kept in memory {} written to {}",
                if waiting == 1 { "" } else { "s" },
                if waiting == 1 { "was" } else { "were" },
                target.display()
            ));
        }
        Ok(())
    }

    fn write_to_file(
        &self,
        conn: &mut Connection,
        review: &NewReview,
        sched: &Scheduler,
    ) -> Result<Scheduled, ProgressError> {
        injected_failure()?;
        #[cfg(test)]
        tests::fail_if_told()?;
        write_review(conn, review, sched)
    }

    /// Swaps the in-memory fallback for the file, if it opens now. What was read into memory
    /// from the file is dropped: the file has it.
    fn reconnect(&self, conn: &mut Connection, target: &Path) -> Result<(), ProgressError> {
        if let Some(dir) = target.parent() {
            crate::fsutil::create_private_dir(dir)
                .map_err(|source| ProgressError::Io { path: dir.to_path_buf(), source })?;
        }
        let store = Store::open_file(target)?;
        *conn = store.conn.into_inner().unwrap_or_else(|e| e.into_inner());
        *self.location.lock().unwrap_or_else(|e| e.into_inner()) = Location::File(target.to_path_buf());
        Ok(())
    }

    pub fn card(&self, entry: &str) -> Result<Option<CardState>, ProgressError> {
        self.with(|c| load_card(c, entry))
    }

    /// Every card, by entry id.
    pub fn cards(&self) -> Result<HashMap<String, CardState>, ProgressError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT entry_id, stability, difficulty, due, reps, lapses, last_review, last_rating FROM cards",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, card_from_row(r, 1)?)))?;
            Ok(rows.collect::<Result<HashMap<_, _>, _>>()?)
        })
    }

    /// The review log, oldest first.
    pub fn reviews(&self) -> Result<Vec<Review>, ProgressError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT entry_id, reviewed_at, rating, elapsed_days, scheduled_days, mode, file, concept, duration_ms
                 FROM reviews ORDER BY reviewed_at, id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Review {
                    entry: r.get(0)?,
                    at: r.get(1)?,
                    rating: rating_at(r, 2)?,
                    elapsed_days: r.get(3)?,
                    scheduled_days: r.get(4)?,
                    mode: r.get(5)?,
                    file: r.get(6)?,
                    concept: r.get(7)?,
                    duration_ms: r.get(8)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    pub fn review_count(&self) -> Result<usize, ProgressError> {
        self.with(|c| Ok(c.query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get::<_, i64>(0))? as usize))
    }

    /// Saves a mock interview's report: a new row when `id` is `None` (returns its id), else
    /// the row rewritten. Called after every question, so an interview cut short by a crash
    /// keeps what was answered, in one transaction each like a review.
    pub fn save_mock(
        &self,
        id: Option<i64>,
        started_at: i64,
        finished_at: i64,
        repository: &str,
        report: &str,
    ) -> Result<i64, ProgressError> {
        injected_failure()?;
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let id = match id {
                Some(id) => {
                    tx.execute(
                        "UPDATE mock_sessions SET finished_at = ?2, report = ?3 WHERE id = ?1",
                        params![id, finished_at, report],
                    )?;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO mock_sessions (started_at, finished_at, repository, report) VALUES (?1, ?2, ?3, ?4)",
                        params![started_at, finished_at, repository, report],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            tx.commit()?;
            Ok(id)
        })
    }

    /// The last `limit` mock interviews' reports (JSON), newest first.
    pub fn mocks(&self, limit: usize) -> Result<Vec<String>, ProgressError> {
        self.with(|c| {
            let mut stmt = c.prepare("SELECT report FROM mock_sessions ORDER BY started_at DESC, id DESC LIMIT ?1")?;
            let rows = stmt.query_map(params![limit as i64], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// What was written in answer mode for each review that has it: (entry, time, text, points).
    pub fn answers(&self) -> Result<Vec<(String, i64, String, String)>, ProgressError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT r.entry_id, r.reviewed_at, a.text, a.points FROM answers a JOIN reviews r ON r.id = a.review_id
                 ORDER BY r.reviewed_at, r.id",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// Records the concepts found in one file (id → number of findings) as seen at `at`.
    pub fn note_seen(&self, file: &str, counts: &[(String, u32)], at: i64) -> Result<(), ProgressError> {
        if counts.is_empty() {
            return Ok(());
        }
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for (concept, count) in counts {
                tx.execute(
                    "INSERT INTO concepts_seen (concept, file, first_seen, last_seen, count) VALUES (?1, ?2, ?3, ?3, ?4)
                     ON CONFLICT (concept, file) DO UPDATE SET last_seen = excluded.last_seen, count = excluded.count",
                    params![concept, file, at, count],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    /// The concepts seen in the user's code, most used first.
    pub fn seen(&self) -> Result<Vec<Seen>, ProgressError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT concept, MIN(first_seen), MAX(last_seen), SUM(count), COUNT(*) FROM concepts_seen
                 GROUP BY concept ORDER BY SUM(count) DESC, concept",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Seen {
                    concept: r.get(0)?,
                    first_seen: r.get(1)?,
                    last_seen: r.get(2)?,
                    count: r.get(3)?,
                    files: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// Personal FSRS parameters from `progress optimize`, if any.
    pub fn parameters(&self) -> Result<Option<Vec<f32>>, ProgressError> {
        let text: Option<String> = self.with(|c| {
            Ok(c.query_row("SELECT value FROM meta WHERE key = 'fsrs_parameters'", [], |r| r.get(0)).optional()?)
        })?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// Stores personal parameters and recomputes every card's memory state with them (due dates
    /// stay: a new model changes what we predict, not what the user was promised).
    pub fn set_parameters(&self, params: &[f32], sched: &Scheduler) -> Result<(), ProgressError> {
        let history = self.histories()?;
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('fsrs_parameters', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [serde_json::to_string(params).unwrap_or_default()],
            )?;
            for (entry, reviews) in &history {
                let cal = calendar(&tx, reviews.last().map_or(0, |r| r.0));
                if let Some(card) = sched.replay(reviews, cal) {
                    tx.execute(
                        "UPDATE cards SET stability = ?2, difficulty = ?3 WHERE entry_id = ?1",
                        params![entry, card.stability, card.difficulty],
                    )?;
                }
            }
            tx.commit()?;
            Ok(())
        })
    }

    /// Every card's `(time, rating)` history, oldest first.
    pub fn histories(&self) -> Result<Vec<(String, History)>, ProgressError> {
        let mut by_entry: Vec<(String, History)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for r in self.reviews()? {
            let i = *index.entry(r.entry.clone()).or_insert_with(|| {
                by_entry.push((r.entry.clone(), Vec::new()));
                by_entry.len() - 1
            });
            by_entry[i].1.push((r.at, r.rating));
        }
        Ok(by_entry)
    }

    /// Adds reviews from another store's export, skipping any already here (same entry, time
    /// and rating), then replays the history of every card that gained one. Returns how many
    /// reviews were added.
    pub fn import(&self, reviews: &[Review], sched: &Scheduler) -> Result<usize, ProgressError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut added = 0;
            let mut touched = BTreeSet::new();
            for r in reviews {
                let exists: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM reviews WHERE entry_id = ?1 AND reviewed_at = ?2 AND rating = ?3)",
                    params![r.entry, r.at, r.rating as u8],
                    |row| row.get(0),
                )?;
                if exists {
                    continue;
                }
                tx.execute(
                    "INSERT INTO reviews (entry_id, reviewed_at, rating, elapsed_days, scheduled_days, mode, file, concept, duration_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        r.entry,
                        r.at,
                        r.rating as u8,
                        r.elapsed_days,
                        r.scheduled_days,
                        r.mode,
                        r.file,
                        r.concept,
                        r.duration_ms
                    ],
                )?;
                added += 1;
                touched.insert(r.entry.clone());
            }
            for entry in touched {
                let history: Vec<(i64, Rating)> = {
                    let mut stmt =
                        tx.prepare("SELECT reviewed_at, rating FROM reviews WHERE entry_id = ?1 ORDER BY reviewed_at, id")?;
                    let rows = stmt.query_map([&entry], |r| Ok((r.get(0)?, rating_at(r, 1)?)))?;
                    rows.collect::<Result<_, _>>()?
                };
                let cal = calendar(&tx, history.last().map_or(0, |r| r.0));
                if let Some(card) = sched.replay(&history, cal) {
                    save_card(&tx, &entry, &card)?;
                }
            }
            tx.commit()?;
            Ok(added)
        })
    }
}

/// One answer in one IMMEDIATE transaction: the card is read, scheduled and written with the
/// review, so two processes answering the same card serialise instead of losing an update.
fn write_review(conn: &mut Connection, review: &NewReview, sched: &Scheduler) -> Result<Scheduled, ProgressError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let card = load_card(&tx, &review.entry)?;
    let cal = calendar(&tx, review.at);
    let scheduled = sched.review(card.as_ref(), review.rating, review.at, cal);
    save_card(&tx, &review.entry, &scheduled.card)?;
    tx.execute(
            "INSERT INTO reviews (entry_id, reviewed_at, rating, elapsed_days, scheduled_days, mode, file, concept, duration_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                review.entry,
                review.at,
                review.rating as u8,
                scheduled.elapsed_days,
                scheduled.scheduled_days,
                review.mode.as_str(),
                review.file,
                review.concept,
                review.duration_ms
            ],
        )?;
    if let Some(answer) = &review.answer {
        tx.execute(
            "INSERT INTO answers (review_id, text, points) VALUES (?1, ?2, ?3)",
            params![tx.last_insert_rowid(), answer.text, answer.points],
        )?;
    }
    tx.commit()?;
    Ok(scheduled)
}

/// Test hook: while the file named by `INTERVIEW_PREP_TEST_FAIL_WRITES` exists, writing an
/// answer to the database file fails as an I/O error would. For machines where no small file
/// system can be mounted and filled.
#[cfg(feature = "test-hooks")]
fn injected_failure() -> Result<(), ProgressError> {
    match std::env::var_os("INTERVIEW_PREP_TEST_FAIL_WRITES") {
        Some(flag) if Path::new(&flag).exists() => Err(ProgressError::Io {
            path: PathBuf::from(flag),
            source: std::io::Error::other("injected write failure (test hook)"),
        }),
        _ => Ok(()),
    }
}

#[cfg(not(feature = "test-hooks"))]
fn injected_failure() -> Result<(), ProgressError> {
    Ok(())
}

/// The tables and indexes of a fresh database: `(type, name, sql)`.
fn schema(conn: &Connection) -> Result<BTreeSet<(String, String, String)>, ProgressError> {
    let mut stmt = conn.prepare(
        "SELECT type, name, COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A database with tables but no schema version of ours was written by another program (a file
/// that merely shares the name); one at our version must have our tables. One snapshot read.
fn check_foreign(conn: &Connection, path: &Path) -> Result<(), ProgressError> {
    let (version, tables): (i64, i64) = conn.query_row(
        "SELECT (SELECT user_version FROM pragma_user_version),
                (SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if version == 0 && tables > 0 {
        return Err(ProgressError::Schema {
            path: path.to_path_buf(),
            why: format!("it has {tables} tables or indexes but no interview-prep schema version"),
        });
    }
    if version == MIGRATIONS.len() as i64 {
        check_schema(conn, path)?;
    }
    Ok(())
}

/// A database whose tables were changed (by hand, or by another program) is not ours to write
/// into.
fn check_schema(conn: &Connection, path: &Path) -> Result<(), ProgressError> {
    let mut fresh = Connection::open_in_memory()?;
    migrate(&mut fresh, Path::new(":memory:"))?;
    let have = schema(conn)?;
    if let Some((kind, name, _)) = schema(&fresh)?.into_iter().find(|t| !have.contains(t)) {
        let why = match have.iter().find(|(_, n, _)| *n == name) {
            Some(_) => format!("its {kind} `{name}` is defined differently"),
            None => format!("it has no {kind} `{name}`"),
        };
        return Err(ProgressError::Schema { path: path.to_path_buf(), why });
    }
    Ok(())
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), ProgressError> {
    let known = MIGRATIONS.len() as i64;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > known {
        return Err(ProgressError::Newer { path: path.to_path_buf(), found: version, known });
    }
    if version == known {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated while we waited for the lock.
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // Read in the same transaction as the version: a database another process is creating
    // right now is not mistaken for a foreign one.
    if version == 0 {
        let tables: i64 =
            tx.query_row("SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'", [], |r| r.get(0))?;
        if tables > 0 {
            return Err(ProgressError::Schema {
                path: path.to_path_buf(),
                why: format!("it has {tables} tables or indexes but no interview-prep schema version"),
            });
        }
    }
    for step in MIGRATIONS.iter().skip(version.max(0) as usize) {
        tx.execute_batch(step)?;
    }
    tx.pragma_update(None, "user_version", known)?;
    tx.commit()?;
    Ok(())
}

/// Creates a database at an older schema version: what an older interview-prep left behind.
/// For migration tests.
#[doc(hidden)]
pub fn create_at_version(path: &Path, version: usize) -> Result<Connection, ProgressError> {
    let conn = Connection::open(path)?;
    for step in MIGRATIONS.iter().take(version) {
        conn.execute_batch(step)?;
    }
    conn.pragma_update(None, "user_version", version as i64)?;
    Ok(conn)
}

fn calendar(conn: &Connection, at: i64) -> Calendar {
    let offset = conn
        .query_row("SELECT unixepoch(?1, 'unixepoch', 'localtime') - ?1", [at], |r| r.get::<_, i64>(0))
        .unwrap_or(0);
    Calendar { offset }
}

fn load_card(conn: &Connection, entry: &str) -> Result<Option<CardState>, ProgressError> {
    Ok(conn
        .query_row(
            "SELECT stability, difficulty, due, reps, lapses, last_review, last_rating FROM cards WHERE entry_id = ?1",
            [entry],
            |r| card_from_row(r, 0),
        )
        .optional()?)
}

fn save_card(tx: &Transaction<'_>, entry: &str, card: &CardState) -> Result<(), ProgressError> {
    tx.execute(
        "INSERT INTO cards (entry_id, stability, difficulty, due, reps, lapses, last_review, last_rating)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (entry_id) DO UPDATE SET stability = excluded.stability, difficulty = excluded.difficulty,
           due = excluded.due, reps = excluded.reps, lapses = excluded.lapses, last_review = excluded.last_review,
           last_rating = excluded.last_rating",
        params![
            entry,
            card.stability,
            card.difficulty,
            card.due,
            card.reps,
            card.lapses,
            card.last_review,
            card.last_rating as u8
        ],
    )?;
    Ok(())
}

fn card_from_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<CardState> {
    Ok(CardState {
        stability: r.get(at)?,
        difficulty: r.get(at + 1)?,
        due: r.get(at + 2)?,
        reps: r.get(at + 3)?,
        lapses: r.get(at + 4)?,
        last_review: r.get(at + 5)?,
        last_rating: rating_at(r, at + 6)?,
    })
}

fn rating_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Rating> {
    let n: u8 = r.get(at)?;
    Rating::from_u8(n).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(at, rusqlite::types::Type::Integer, format!("rating {n}").into())
    })
}

fn is_corrupt(e: &ProgressError) -> bool {
    match e {
        ProgressError::Corrupt(_) | ProgressError::Schema { .. } => true,
        ProgressError::Sql(e) => {
            matches!(e.sqlite_error_code(), Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt))
        }
        _ => false,
    }
}

/// Renames a corrupt database (and its WAL files) to `progress.db.corrupt-<timestamp>`.
fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = clock::stamp(clock::now());
    let mut target = PathBuf::from(format!("{}.corrupt-{stamp}", path.display()));
    let mut n = 1;
    while target.exists() {
        target = PathBuf::from(format!("{}.corrupt-{stamp}-{n}", path.display()));
        n += 1;
    }
    std::fs::rename(path, &target)?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        if side.exists() {
            let _ = std::fs::rename(&side, format!("{}{suffix}", target.display()));
        }
    }
    tracing::warn!("corrupt progress database moved to {}", target.display());
    Ok(target)
}

/// Refuses a database whose file, or one of the files SQLite keeps beside it, is a link.
fn refuse_links(path: &Path) -> Result<(), ProgressError> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = PathBuf::from(name);
        if std::fs::symlink_metadata(&file).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(ProgressError::Link(file));
        }
    }
    Ok(())
}

/// A read-only, immutable SQLite URI for a path: every byte that is not unreserved in a URI is
/// percent-encoded, so a folder named `a#b` or `c?d` is that folder, not a fragment or a query.
fn read_only_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(b) {
            uri.push(*b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    uri
}

/// Copies what a database we may not write still lets us read, so a read-only session still
/// shows the user's cards. Never through a link.
fn copy_readable(conn: &Connection, path: &Path) {
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) || refuse_links(path).is_err() {
        return;
    }
    let uri = read_only_uri(path);
    if conn.execute("ATTACH DATABASE ?1 AS old", [&uri]).is_err() {
        return;
    }
    let version: i64 = conn.query_row("PRAGMA old.user_version", [], |r| r.get(0)).unwrap_or(-1);
    if version == MIGRATIONS.len() as i64 {
        for table in ["cards", "reviews", "concepts_seen", "meta"] {
            if let Err(e) = conn.execute_batch(&format!("INSERT OR IGNORE INTO main.{table} SELECT * FROM old.{table}"))
            {
                tracing::debug!("copying {table} from a read-only store: {e}");
            }
        }
    }
    let _ = conn.execute_batch("DETACH DATABASE old");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cell::Cell;

    thread_local! {
        /// Per thread, so the other tests running at the same time are not disturbed.
        static FAIL_WRITES: Cell<bool> = const { Cell::new(false) };
    }

    /// The unit tests' write failure, switched per thread.
    pub(super) fn fail_if_told() -> Result<(), ProgressError> {
        if FAIL_WRITES.with(Cell::get) {
            return Err(ProgressError::Io {
                path: PathBuf::from("progress.db"),
                source: std::io::Error::other("injected write failure (unit test)"),
            });
        }
        Ok(())
    }

    const ENTRIES: [&str; 4] = ["a", "b", "c", "d"];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Oracle: whatever run of failing and healthy writes the answers meet, once writes
        /// work again the file holds every answer in the order given, and every card equals
        /// the card of a store that never failed.
        #[test]
        fn answers_survive_any_run_of_write_failures(
            ops in proptest::collection::vec((any::<bool>(), 0usize..4, 1u8..=4), 1..30)
        ) {
            // In memory-backed /dev/shm when there is one: this is about order, not fsync.
            let dir = tempfile::Builder::new().tempdir_in("/dev/shm").or_else(|_| tempfile::tempdir()).unwrap();
            let store = Store::open(dir.path()).store;
            let aside = dir.path().join("cache");
            store.keep_aside_in(aside.clone());
            let oracle = Store::in_memory();
            let sched = Scheduler::default_params();
            let mut waiting = 0;
            let mut given: Vec<NewReview> = Vec::new();
            for (i, (fail, entry, rating)) in ops.iter().enumerate() {
                let r = review(ENTRIES[*entry], Rating::from_u8(*rating).unwrap(), NOW + i as i64 * 3_600);
                oracle.record(&r, &sched).unwrap();
                FAIL_WRITES.with(|f| f.set(*fail));
                match store.record(&r, &sched) {
                    Ok(_) => {
                        prop_assert!(!fail);
                        waiting = 0;
                    }
                    Err(ProgressError::Kept { waiting: n, .. }) => {
                        prop_assert!(*fail);
                        waiting += 1;
                        prop_assert_eq!(n, waiting);
                    }
                    Err(e) => prop_assert!(false, "{e}"),
                }
                prop_assert_eq!(store.pending().len(), waiting);
                prop_assert_eq!(store.is_saved(), waiting == 0);
                // The log on disk holds exactly the answers still waiting, in order, and is
                // gone when none waits: a process killed now loses nothing.
                given.push(r.clone());
                let logged: Vec<_> = match store.aside_file() {
                    Some(f) => super::super::exchange::read_reviews_csv(&std::fs::read_to_string(f).unwrap())
                        .unwrap()
                        .iter()
                        .map(|r| (r.entry.clone(), r.at, r.rating))
                        .collect(),
                    None => Vec::new(),
                };
                let want: Vec<_> = given[given.len() - waiting..].iter().map(|r| (r.entry.clone(), r.at, r.rating)).collect();
                prop_assert_eq!(logged, want);
                let files = std::fs::read_dir(&aside).map(|d| d.count()).unwrap_or(0);
                prop_assert_eq!(files, usize::from(waiting > 0));
            }
            FAIL_WRITES.with(|f| f.set(false));
            store.retry_pending(&sched).unwrap();
            prop_assert!(store.pending().is_empty());
            drop(store);
            let reopened = Store::open_file(&dir.path().join(FILE_NAME)).unwrap();
            let key = |r: &Review| (r.entry.clone(), r.at, r.rating);
            let want: Vec<_> = oracle.reviews().unwrap().iter().map(key).collect();
            let have: Vec<_> = reopened.reviews().unwrap().iter().map(key).collect();
            prop_assert_eq!(have, want);
            prop_assert_eq!(reopened.cards().unwrap(), oracle.cards().unwrap());
        }
    }

    const NOW: i64 = 1_795_000_000;

    fn review(entry: &str, rating: Rating, at: i64) -> NewReview {
        NewReview {
            entry: entry.into(),
            rating,
            at,
            mode: Mode::Flashcard,
            file: Some("shop/views.py".into()),
            concept: Some("n-plus-one".into()),
            duration_ms: Some(1200),
            answer: None,
        }
    }

    #[test]
    fn an_answer_writes_card_and_review_together() {
        let dir = tempfile::tempdir().unwrap();
        let opened = Store::open(dir.path());
        assert!(opened.notices.is_empty(), "{:?}", opened.notices);
        let store = opened.store;
        assert!(store.is_saved());
        let sched = Scheduler::default_params();
        let first = store.record(&review("n-plus-one", Rating::Good, NOW), &sched).unwrap();
        assert_eq!(first.card.reps, 1);
        let second = store.record(&review("n-plus-one", Rating::Again, NOW + 3 * 86_400), &sched).unwrap();
        assert_eq!(second.card.lapses, 1);
        assert_eq!(second.elapsed_days, 3);
        drop(store);
        // A new process sees both reviews and the card's state.
        let again = Store::open_file(&dir.path().join(FILE_NAME)).unwrap();
        let reviews = again.reviews().unwrap();
        assert_eq!(reviews.len(), 2);
        assert_eq!(reviews[0].file.as_deref(), Some("shop/views.py"));
        assert_eq!(reviews[1].rating, Rating::Again);
        assert_eq!(again.card("n-plus-one").unwrap(), Some(second.card));
        assert_eq!(again.cards().unwrap().len(), 1);
    }

    #[test]
    fn two_connections_answering_at_once_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        Store::open_file(&path).unwrap();
        let threads: Vec<_> = (0..2)
            .map(|t| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let store = Store::open_file(&path).unwrap();
                    let sched = Scheduler::default_params();
                    for i in 0..40 {
                        // Both threads also hit one shared card, the lost-update case.
                        let entry = if i % 2 == 0 { "shared".to_string() } else { format!("own-{t}-{i}") };
                        store.record(&review(&entry, Rating::Good, NOW + i), &sched).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let store = Store::open_file(&path).unwrap();
        assert_eq!(store.review_count().unwrap(), 80);
        assert_eq!(store.card("shared").unwrap().unwrap().reps, 40);
    }

    #[test]
    fn a_corrupt_database_is_moved_aside_and_a_new_one_started() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), b"this is not a SQLite database, it is a shopping list").unwrap();
        let opened = Store::open(dir.path());
        assert!(opened.store.is_saved());
        assert_eq!(opened.notices.len(), 1, "{:?}", opened.notices);
        assert!(opened.notices[0].contains("corrupt"), "{:?}", opened.notices);
        let aside: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("progress.db.corrupt-"))
            .collect();
        assert_eq!(aside.len(), 1, "{aside:?}");
        assert_eq!(
            std::fs::read(dir.path().join(&aside[0])).unwrap(),
            b"this is not a SQLite database, it is a shopping list"
        );
        opened.store.record(&review("a", Rating::Good, NOW), &Scheduler::default_params()).unwrap();
        // Opening again finds a healthy database: nothing more to tell.
        drop(opened);
        assert!(Store::open(dir.path()).notices.is_empty());
    }

    /// The files moved aside in `dir`, with their bytes.
    fn moved_aside(dir: &Path) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            if e.file_name().to_string_lossy().starts_with("progress.db.corrupt-")
                && !e.file_name().to_string_lossy().ends_with("-wal")
                && !e.file_name().to_string_lossy().ends_with("-shm")
            {
                out.push(std::fs::read(e.path()).unwrap());
            }
        }
        out
    }

    /// Opening `dir` again must set the bad file aside (kept byte for byte), say so naming
    /// the path, and give a store that saves.
    fn assert_replaced(dir: &Path, bad: &[u8], reason: &str) {
        let opened = Store::open(dir);
        assert!(opened.store.is_saved());
        let path = dir.join(FILE_NAME);
        assert_eq!(opened.notices.len(), 1, "{:?}", opened.notices);
        let notice = &opened.notices[0];
        assert!(notice.contains(&format!("{} {reason}", path.display())), "{notice}");
        assert!(notice.contains("progress.db.corrupt-"), "{notice}");
        let aside = moved_aside(dir);
        assert_eq!(aside.len(), 1);
        assert!(aside[0] == bad, "kept as it was: {} bytes, not {}", aside[0].len(), bad.len());
        opened.store.record(&review("a", Rating::Good, NOW), &Scheduler::default_params()).unwrap();
        assert_eq!(opened.store.review_count().unwrap(), 1);
    }

    #[test]
    fn a_truncated_database_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        {
            let store = Store::open_file(&path).unwrap();
            for i in 0..200 {
                store.record(&review(&format!("e{i}"), Rating::Good, NOW + i), &Scheduler::default_params()).unwrap();
            }
        }
        let whole = std::fs::read(&path).unwrap();
        assert!(whole.len() > 3 * 4096, "{}", whole.len());
        let cut = &whole[..whole.len() / 2];
        std::fs::write(&path, cut).unwrap();
        assert_replaced(dir.path(), cut, "is corrupt");
    }

    #[test]
    fn another_programs_database_is_moved_aside_not_written_into() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let other = Connection::open(&path).unwrap();
        other
            .execute_batch("CREATE TABLE cards (name TEXT, colour TEXT); INSERT INTO cards VALUES ('ace', 'red');")
            .unwrap();
        drop(other);
        let bytes = std::fs::read(&path).unwrap();
        assert_replaced(dir.path(), &bytes, "is not an interview-prep progress database");
    }

    #[test]
    fn a_database_with_our_version_but_changed_tables_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let conn = create_at_version(&path, MIGRATIONS.len()).unwrap();
        conn.execute_batch("ALTER TABLE reviews ADD COLUMN note TEXT").unwrap();
        drop(conn);
        let bytes = std::fs::read(&path).unwrap();
        assert_replaced(
            dir.path(),
            &bytes,
            "is not an interview-prep progress database: its table `reviews` is defined differently",
        );
    }

    #[test]
    fn an_older_schema_migrates_and_keeps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let old = create_at_version(&path, 1).unwrap();
        old.execute(
            "INSERT INTO cards VALUES ('generators', 2.3, 5.0, ?1, 1, 0, ?2, 3)",
            params![NOW + 2 * 86_400, NOW],
        )
        .unwrap();
        old.execute("INSERT INTO reviews (entry_id, reviewed_at, rating, elapsed_days, scheduled_days, mode) VALUES ('generators', ?1, 3, 0, 2, 'flashcard')", [NOW]).unwrap();
        drop(old);
        let opened = Store::open(dir.path());
        assert!(opened.notices.is_empty(), "{:?}", opened.notices);
        let store = opened.store;
        let reviews = store.reviews().unwrap();
        assert_eq!(reviews.len(), 1);
        assert_eq!(reviews[0].file, None);
        assert_eq!(store.card("generators").unwrap().unwrap().reps, 1);
        store.note_seen("app.py", &[("generator-function".into(), 2)], NOW).unwrap();
        assert_eq!(store.seen().unwrap()[0].count, 2);
        let version: i64 = store.with(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?)).unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
    }

    #[test]
    fn a_newer_schema_is_left_alone_and_nothing_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let conn = create_at_version(&path, MIGRATIONS.len()).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let before = std::fs::read(&path).unwrap();
        let opened = Store::open(dir.path());
        assert!(!opened.store.is_saved());
        assert!(opened.notices[0].contains("newer"), "{:?}", opened.notices);
        let _ = opened.store.record(&review("a", Rating::Good, NOW), &Scheduler::default_params());
        drop(opened);
        assert!(std::fs::read(&path).unwrap() == before, "byte for byte as it was");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o644, "not even chmodded");
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        assert!(!Path::new(&wal).exists(), "not switched to WAL");
    }

    #[test]
    fn planted_links_are_refused_and_their_targets_untouched() {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm"] {
            let dir = tempfile::tempdir().unwrap();
            let elsewhere = dir.path().join("elsewhere.txt");
            std::fs::write(&elsewhere, b"someone else's file").unwrap();
            std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o644)).unwrap();
            let data = dir.path().join("data");
            std::fs::create_dir(&data).unwrap();
            let link = data.join(format!("{FILE_NAME}{suffix}"));
            std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
            let opened = Store::open(&data);
            assert!(!opened.store.is_saved(), "{suffix}");
            assert!(opened.notices[0].contains("symbolic link"), "{:?}", opened.notices);
            let _ = opened.store.record(&review("a", Rating::Good, NOW), &Scheduler::default_params());
            drop(opened);
            assert_eq!(std::fs::read(&elsewhere).unwrap(), b"someone else's file", "{suffix}");
            assert_eq!(std::fs::metadata(&elsewhere).unwrap().permissions().mode() & 0o777, 0o644, "{suffix}");
            assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is left as it was");
        }
    }

    #[test]
    fn a_data_folder_named_with_uri_characters_creates_no_stray_file() {
        // Read-only fallback: the database is read through an SQLite URI, where `#` and `?`
        // would start a fragment and a query if they were not encoded.
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("a#b?c=d");
        {
            let store = Store::open(&data).store;
            store.record(&review("x", Rating::Good, NOW), &Scheduler::default_params()).unwrap();
        }
        let mut target = Store::in_memory();
        target.target = None;
        target
            .with(|c| {
                copy_readable(c, &data.join(FILE_NAME));
                Ok(())
            })
            .unwrap();
        assert_eq!(target.review_count().unwrap(), 1, "read through the encoded URI");
        let mut names: Vec<String> =
            std::fs::read_dir(root.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["a#b?c=d"], "nothing created beside the data folder");
    }

    #[test]
    fn an_unusable_directory_gives_an_unsaved_store_that_still_works() {
        // /proc refuses new directories even to root.
        let opened = Store::open(Path::new("/proc/interview-prep-test/data"));
        assert!(!opened.store.is_saved());
        assert_eq!(opened.notices.len(), 1);
        assert!(opened.notices[0].contains("not saved"), "{:?}", opened.notices);
        opened.store.record(&review("a", Rating::Easy, NOW), &Scheduler::default_params()).unwrap();
        assert_eq!(opened.store.review_count().unwrap(), 1);
    }

    #[test]
    fn import_skips_known_reviews_and_replays_cards() {
        let sched = Scheduler::default_params();
        let a = Store::in_memory();
        a.record(&review("x", Rating::Good, NOW), &sched).unwrap();
        a.record(&review("x", Rating::Good, NOW + 4 * 86_400), &sched).unwrap();
        let b = Store::in_memory();
        b.record(&review("x", Rating::Good, NOW), &sched).unwrap();
        let added = b.import(&a.reviews().unwrap(), &sched).unwrap();
        assert_eq!(added, 1);
        assert_eq!(b.review_count().unwrap(), 2);
        assert_eq!(b.card("x").unwrap(), a.card("x").unwrap());
        assert_eq!(b.import(&a.reviews().unwrap(), &sched).unwrap(), 0);
    }
}
