//! Progress: the SQLite store of cards, reviews and the concepts seen in the user's code
//! (`store`), FSRS scheduling (`schedule`), local calendar days (`clock`), the summaries that
//! `progress`, lenses and the HTML report show (`summary`, `html`), and moving progress in and
//! out (`exchange`: CSV, Anki, personal FSRS parameters). Plain Rust: the CLI and the language
//! server share every function here.

pub mod clock;
pub mod exchange;
pub mod html;
pub mod schedule;
pub mod store;
pub mod summary;

use std::path::{Path, PathBuf};

pub use schedule::{CardState, Rating, Scheduler};
pub use store::{NewReview, Opened, Review, Store, WrittenAnswer};

/// How a question was asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Question, then the short answer, then the user rates their own recall.
    Flashcard,
    /// The four quiz statements; the rating follows from correctness and time.
    Choice,
    /// The user writes the answer; the key points it makes suggest the rating.
    Answer,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Flashcard => "flashcard",
            Mode::Choice => "choice",
            Mode::Answer => "answer",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        match s.trim().to_ascii_lowercase().as_str() {
            "flashcard" | "flashcards" | "card" => Some(Mode::Flashcard),
            "choice" | "multiple-choice" | "multiplechoice" | "mc" => Some(Mode::Choice),
            "answer" | "write" | "written" => Some(Mode::Answer),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error("progress database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path} was written by a newer interview-prep (schema version {found}; this one knows up to {known})")]
    Newer { path: PathBuf, found: i64, known: i64 },
    #[error("{0}: the database is corrupt")]
    Corrupt(PathBuf),
    #[error("{0} is a symbolic link; interview-prep does not follow links where it keeps progress")]
    Link(PathBuf),
    #[error("{path} is not an interview-prep progress database: {why}")]
    Schema { path: PathBuf, why: String },
    #[error(
        "{path}: {source}; the answer is kept in memory ({waiting} waiting) and written once the database can be written"
    )]
    Kept { path: PathBuf, waiting: usize, source: Box<ProgressError> },
    #[error("FSRS: {0}")]
    Fsrs(String),
    #[error("{0}")]
    Import(String),
    #[error(
        "optimizing needs at least {need} reviews made a day or more after the card's previous review; \
         there are {have} so far ({} more to go)", need - have
    )]
    NotEnoughReviews { have: usize, need: usize },
}

/// Where progress lives: the `dataDir` setting, else `$INTERVIEW_PREP_DATA`, else
/// `$XDG_DATA_HOME/interview-prep`, else `~/.local/share/interview-prep`.
pub fn data_dir(setting: Option<&Path>) -> PathBuf {
    if let Some(dir) = setting.filter(|d| !d.as_os_str().is_empty()) {
        return dir.to_path_buf();
    }
    if let Some(dir) = std::env::var_os("INTERVIEW_PREP_DATA").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("share")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("interview-prep")
}
