//! Scheduling with FSRS: the four ratings by meaning, the next memory state and due date of a
//! card after an answer, how likely a card is to be recalled now, and the interview-date rule
//! that keeps every review before the interview.

use std::time::Duration;

use fsrs::{MemoryState, DEFAULT_PARAMETERS, FSRS};
use serde::Serialize;

use super::clock::{Calendar, DAY};
use super::ProgressError;

/// How well an answer went. The labels are what the user sees; FSRS knows them as
/// Again / Hard / Good / Easy (1–4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// The label a user picks: what the rating means, not FSRS's name for it.
    pub fn label(self) -> &'static str {
        match self {
            Rating::Again => "Forgot",
            Rating::Hard => "Struggled",
            Rating::Good => "Recalled",
            Rating::Easy => "Easy",
        }
    }

    pub fn from_label(label: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.label().eq_ignore_ascii_case(label.trim()))
    }

    pub fn from_u8(n: u8) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| *r as u8 == n)
    }

    /// A passing answer: anything but Forgot.
    pub fn passed(self) -> bool {
        self != Rating::Again
    }
}

/// The rating of a multiple-choice answer: wrong is Forgot; right is Easy when answered in under
/// half the time it takes to read the prompt and think, Recalled within twice that, Struggled
/// after. `words` is the length of the prompt; reading at 200 words a minute plus five seconds.
pub fn choice_rating(correct: bool, elapsed: Duration, words: usize) -> Rating {
    if !correct {
        return Rating::Again;
    }
    let budget = 5.0 + words as f64 * 0.3;
    let took = elapsed.as_secs_f64();
    if took <= budget / 2.0 {
        Rating::Easy
    } else if took <= budget * 2.0 {
        Rating::Good
    } else {
        Rating::Hard
    }
}

/// What the store keeps about one card (one deck entry).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CardState {
    pub stability: f32,
    pub difficulty: f32,
    /// Unix seconds.
    pub due: i64,
    pub reps: u32,
    pub lapses: u32,
    pub last_review: i64,
    pub last_rating: Rating,
}

/// The result of one answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Scheduled {
    pub card: CardState,
    /// Whole local days since the card's previous review (0 for the first).
    pub elapsed_days: u32,
    /// Whole local days until the card is due again (0: later today).
    pub scheduled_days: u32,
}

/// FSRS with the user's parameters, desired retention and interview date.
#[derive(Clone, Debug)]
pub struct Scheduler {
    fsrs: FSRS,
    decay: f32,
    pub retention: f32,
    /// The interview's local day number: no review is scheduled on or after it.
    pub interview_day: Option<i64>,
}

/// The desired retention when none is set, as in Anki.
pub const DEFAULT_RETENTION: f32 = 0.9;

impl Scheduler {
    /// `params`: personal parameters from `progress optimize`, or `None` for FSRS's defaults.
    pub fn new(params: Option<&[f32]>, retention: f32, interview_day: Option<i64>) -> Result<Scheduler, ProgressError> {
        let params: &[f32] = params.unwrap_or(&DEFAULT_PARAMETERS);
        let fsrs = FSRS::new(params).map_err(|e| ProgressError::Fsrs(e.to_string()))?;
        let decay = params.get(20).copied().unwrap_or(fsrs::FSRS6_DEFAULT_DECAY);
        let retention = if (0.7..=0.99).contains(&retention) { retention } else { DEFAULT_RETENTION };
        Ok(Scheduler { fsrs, decay, retention, interview_day })
    }

    pub fn default_params() -> Scheduler {
        // The built-in parameters are FSRS's own and always valid.
        Scheduler::new(None, DEFAULT_RETENTION, None).unwrap_or_else(|_| unreachable!("default FSRS parameters"))
    }

    /// The card after answering it with `rating` at `now`.
    pub fn review(&self, card: Option<&CardState>, rating: Rating, now: i64, cal: Calendar) -> Scheduled {
        let today = cal.day(now);
        let (memory, elapsed_days) = match card {
            Some(c) => (
                Some(MemoryState { stability: c.stability, difficulty: c.difficulty }),
                (today - cal.day(c.last_review)).max(0) as u32,
            ),
            None => (None, 0),
        };
        let next = self.fsrs.next_states(memory, self.retention, elapsed_days).ok();
        let (state, interval) = match next {
            Some(n) => {
                let s = match rating {
                    Rating::Again => n.again,
                    Rating::Hard => n.hard,
                    Rating::Good => n.good,
                    Rating::Easy => n.easy,
                };
                (s.memory, s.interval)
            }
            // FSRS refuses a non-finite state; start the card afresh rather than lose the answer.
            None => (MemoryState { stability: 0.5, difficulty: 5.0 }, 0.0),
        };
        let (due, scheduled_days) = if rating == Rating::Again || interval < 0.5 {
            // Relearning: back later today, however long FSRS's short-term interval says (at least a minute).
            (now + ((interval * DAY as f32) as i64).max(60), 0)
        } else {
            let mut days = interval.round().max(1.0) as i64;
            if let Some(interview) = self.interview_day {
                // Keep the last review before the interview rather than after it.
                let latest = interview - 1 - today;
                if latest >= 1 && days > latest {
                    days = latest;
                }
            }
            (cal.start_of_day(today + days), days as u32)
        };
        let (reps, lapses) = match card {
            Some(c) => (c.reps + 1, c.lapses + u32::from(rating == Rating::Again)),
            None => (1, 0),
        };
        Scheduled {
            card: CardState {
                stability: state.stability,
                difficulty: state.difficulty,
                due,
                reps,
                lapses,
                last_review: now,
                last_rating: rating,
            },
            elapsed_days,
            scheduled_days,
        }
    }

    /// The probability of recalling the card at `at` (1.0 right after a review).
    pub fn retrievability(&self, card: &CardState, at: i64) -> f32 {
        let days = ((at - card.last_review) as f32 / DAY as f32).max(0.0);
        if card.stability <= 0.0 {
            return 0.0;
        }
        fsrs::current_retrievability(
            MemoryState { stability: card.stability, difficulty: card.difficulty },
            days,
            self.decay,
        )
        .clamp(0.0, 1.0)
    }

    /// A card replayed from its whole review history, oldest first: `(at, rating)`.
    pub fn replay(&self, reviews: &[(i64, Rating)], cal: Calendar) -> Option<CardState> {
        let mut card: Option<CardState> = None;
        for &(at, rating) in reviews {
            card = Some(self.review(card.as_ref(), rating, at, cal).card);
        }
        card
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_000_000;

    #[test]
    fn labels_mean_the_fsrs_ratings() {
        assert_eq!(Rating::from_label("forgot"), Some(Rating::Again));
        assert_eq!(Rating::from_label("Struggled"), Some(Rating::Hard));
        assert_eq!(Rating::from_label("Recalled"), Some(Rating::Good));
        assert_eq!(Rating::from_label("Easy"), Some(Rating::Easy));
        assert_eq!(Rating::from_u8(3), Some(Rating::Good));
        assert_eq!(Rating::from_label("Show answer"), None);
    }

    #[test]
    fn better_answers_are_due_later_and_forgetting_comes_back_today() {
        let s = Scheduler::default_params();
        let cal = Calendar::UTC;
        let dues: Vec<i64> = Rating::ALL.iter().map(|&r| s.review(None, r, NOW, cal).card.due).collect();
        assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
        let again = s.review(None, Rating::Again, NOW, cal);
        assert_eq!(again.scheduled_days, 0);
        assert!(again.card.due > NOW && again.card.due < NOW + DAY);
        // A second good review days later pushes the card further out and counts reps.
        let good = s.review(None, Rating::Good, NOW, cal).card;
        let later = good.due + 3600;
        let second = s.review(Some(&good), Rating::Good, later, cal);
        assert_eq!(second.card.reps, 2);
        assert!(second.elapsed_days >= 1);
        assert!(second.card.stability > good.stability);
        assert!(second.card.due - later > good.due - NOW);
        // A lapse is counted.
        let lapse = s.review(Some(&second.card), Rating::Again, second.card.due, cal);
        assert_eq!(lapse.card.lapses, 1);
    }

    #[test]
    fn retrievability_falls_with_time_and_the_desired_retention_is_met_at_the_due_date() {
        let s = Scheduler::default_params();
        let card = s.review(None, Rating::Good, NOW, Calendar::UTC).card;
        assert!((s.retrievability(&card, NOW) - 1.0).abs() < 1e-6);
        let r_later = s.retrievability(&card, NOW + 30 * DAY);
        assert!(r_later < 0.9, "{r_later}");
        let at_due = s.retrievability(&card, card.due);
        assert!((at_due - 0.9).abs() < 0.06, "{at_due}");
    }

    #[test]
    fn interview_date_keeps_reviews_before_the_interview() {
        let cal = Calendar::UTC;
        let today = cal.day(NOW);
        let s = Scheduler::new(None, 0.9, Some(today + 4)).unwrap();
        let easy = s.review(None, Rating::Easy, NOW, cal);
        // Easy would wait about 8 days; the interview is in 4, so the review comes the day before.
        assert_eq!(easy.scheduled_days, 3);
        assert_eq!(cal.day(easy.card.due), today + 3);
        // Past the interview nothing is clamped.
        let after = Scheduler::new(None, 0.9, Some(today - 1)).unwrap().review(None, Rating::Easy, NOW, cal);
        assert!(after.scheduled_days > 3);
    }

    #[test]
    fn choice_ratings_come_from_correctness_and_time() {
        let words = 50; // budget: 5 + 15 = 20 s
        assert_eq!(choice_rating(false, Duration::from_secs(1), words), Rating::Again);
        assert_eq!(choice_rating(true, Duration::from_secs(8), words), Rating::Easy);
        assert_eq!(choice_rating(true, Duration::from_secs(30), words), Rating::Good);
        assert_eq!(choice_rating(true, Duration::from_secs(90), words), Rating::Hard);
    }

    #[test]
    fn replay_equals_answering_one_by_one_and_bad_retention_falls_back() {
        let s = Scheduler::new(None, 3.0, None).unwrap();
        assert_eq!(s.retention, DEFAULT_RETENTION);
        let cal = Calendar::UTC;
        let a = s.review(None, Rating::Good, NOW, cal).card;
        let b = s.review(Some(&a), Rating::Hard, NOW + 2 * DAY, cal).card;
        assert_eq!(s.replay(&[(NOW, Rating::Good), (NOW + 2 * DAY, Rating::Hard)], cal), Some(b));
    }
}
