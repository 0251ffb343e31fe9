//! Quizzes, independent of where they are shown: which questions to ask and in what order
//! (`select`), the question → answer → rating conversation as a state machine of prompts and
//! replies (`session`), the line-based terminal front end (`terminal`), and the repository study
//! plan (`scan`). The language server shows the same prompts through `showMessageRequest`.

pub mod grade;
pub mod mock;
pub mod scan;
pub mod select;
pub mod session;
pub mod terminal;

use serde::Serialize;

use crate::deck::Entry;

/// The line of the user's code that prompted a question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CodeLine {
    /// As shown to the user (relative where possible).
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// The source line, trimmed.
    pub text: String,
}

impl CodeLine {
    /// `apps/customer/views.py:86: for line in basket.lines.all():` — the whole shown path: in a
    /// Django project every app has a `views.py`.
    pub fn describe(&self) -> String {
        format!("{}:{}: {}", self.file, self.line, self.text)
    }
}

/// A concept found in code, with the first place it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub concept: String,
    pub at: Option<CodeLine>,
    /// The file as the store records it (an absolute path), if any.
    pub file: Option<String>,
}

/// Why a question is in the session, in the order they are asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Why {
    Due,
    New,
    Weak,
    More,
}

/// One question of a session.
#[derive(Clone, Debug)]
pub struct Question {
    pub entry: Entry,
    /// The concept found in the user's code that brought this question in, if any.
    pub concept: Option<String>,
    pub at: Option<CodeLine>,
    pub file: Option<String>,
    pub why: Why,
    /// Said before the question (a mock interview's "Warm-up: this project uses Django…").
    pub lead: Option<String>,
    /// Asked once the question is answered, as an interviewer would (mock interviews).
    pub follow_up: Option<String>,
}

/// A small seeded generator (SplitMix64) for shuffling statements and picking mock questions:
/// tests seed it, sessions seed it from the clock.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn from_time() -> Rng {
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
        Rng(nanos ^ (u64::from(std::process::id()) << 32))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}
