//! What the user knows, in the shapes the product shows: a snapshot of the cards ([`Knowledge`])
//! for lenses, diagnostics, hovers and question selection, and the [`Summary`] behind
//! `interview-prep progress`, the HTML report and `interview-prep.progressSummary`.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::clock::{format_day, Calendar};
use super::schedule::{CardState, Rating, Scheduler};
use super::store::Store;
use super::ProgressError;
use crate::deck::Deck;

/// How well a card (or a concept, through its primary entry) is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Never reviewed.
    New,
    /// Due for review now.
    Due,
    /// Reviewed, not due, but the last answer was Forgot or Struggled.
    Weak,
    /// Reviewed, not due, last answered Recalled or Easy.
    Recalled,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::New => "never reviewed",
            Status::Due => "due",
            Status::Weak => "weak",
            Status::Recalled => "recalled",
        }
    }
}

/// The scheduler for this store: its personal FSRS parameters when `progress optimize` has fitted
/// some, FSRS's defaults otherwise.
pub fn scheduler(store: &Store, retention: f32, interview_day: Option<i64>) -> Scheduler {
    let params = store.parameters().ok().flatten();
    Scheduler::new(params.as_deref(), retention, interview_day)
        .or_else(|_| Scheduler::new(None, retention, interview_day))
        .unwrap_or_else(|_| Scheduler::default_params())
}

/// Every card at one instant, with the scheduler that judges them.
#[derive(Clone)]
pub struct Knowledge {
    pub cards: HashMap<String, CardState>,
    pub sched: Scheduler,
    pub now: i64,
    pub cal: Calendar,
}

impl Knowledge {
    pub fn load(store: &Store, sched: Scheduler, now: i64) -> Result<Knowledge, ProgressError> {
        Ok(Knowledge { cards: store.cards()?, sched, now, cal: store.calendar(now) })
    }

    pub fn empty(sched: Scheduler, now: i64) -> Knowledge {
        Knowledge { cards: HashMap::new(), sched, now, cal: Calendar::UTC }
    }

    pub fn card(&self, entry: &str) -> Option<&CardState> {
        self.cards.get(entry)
    }

    pub fn is_due(&self, entry: &str) -> bool {
        self.card(entry).is_some_and(|c| c.due <= self.now)
    }

    /// The probability of recalling the entry now; `None` if never reviewed.
    pub fn recall(&self, entry: &str) -> Option<f32> {
        self.card(entry).map(|c| self.sched.retrievability(c, self.now))
    }

    /// What the entry adds to its topic's mastery: the probability of recalling it now, but
    /// nothing while its last answer was Forgot (or wrong). Right after any review FSRS puts
    /// recall near 1, so without this a forgotten card would raise mastery.
    pub fn mastery(&self, entry: &str) -> f32 {
        match self.card(entry) {
            Some(c) if c.last_rating > Rating::Again => self.sched.retrievability(c, self.now),
            _ => 0.0,
        }
    }

    pub fn status(&self, entry: &str) -> Status {
        match self.card(entry) {
            None => Status::New,
            Some(c) if c.due <= self.now => Status::Due,
            Some(c) if c.last_rating <= Rating::Hard => Status::Weak,
            Some(_) => Status::Recalled,
        }
    }

    /// A concept's status: that of its primary entry (the one its findings link to).
    pub fn concept_status(&self, deck: &Deck, concept: &str) -> Option<Status> {
        deck.primary(concept).map(|e| self.status(&e.id))
    }

    /// Distinct due entries among those that list any of these concepts.
    pub fn due_for_concepts<'a>(&self, deck: &Deck, concepts: impl IntoIterator<Item = &'a str>) -> usize {
        let mut seen = HashSet::new();
        for c in concepts {
            for e in deck.for_concept(c) {
                if self.is_due(&e.id) {
                    seen.insert(e.id.as_str());
                }
            }
        }
        seen.len()
    }

    pub fn due_count(&self) -> usize {
        self.cards.values().filter(|c| c.due <= self.now).count()
    }

    /// "in 3 days", "later today", "now" for a due time.
    pub fn when(&self, due: i64) -> String {
        if due <= self.now {
            return "now".into();
        }
        match self.cal.day(due) - self.cal.day(self.now) {
            0 => "later today".into(),
            1 => "tomorrow".into(),
            n => format!("in {n} days"),
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Cards due now.
    pub due: usize,
    /// Cards reviewed at least once.
    pub cards: usize,
    pub reviewed_today: usize,
    /// Consecutive days with a review, ending today (or yesterday, until today has one).
    pub streak: usize,
    pub reviews: usize,
    pub topics: Vec<TopicRow>,
    /// Cards becoming due on each of the next seven days; today includes the overdue.
    pub forecast: Vec<DayCount>,
    /// Reviews on each of the last 30 days, oldest first.
    pub per_day: Vec<DayCount>,
    pub ready_by: Option<ReadyBy>,
    pub today: String,
    /// Whether progress is written to disk.
    pub saved: bool,
    /// The last mock interviews, newest first.
    pub mocks: Vec<MockRow>,
}

/// One mock interview, as the progress report lists it.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MockRow {
    pub date: String,
    pub repository: String,
    pub questions: usize,
    pub seconds: f64,
    pub points_hit: usize,
    pub points_total: usize,
    /// Entry ids to study next.
    pub study_next: Vec<String>,
}

/// How many mock interviews the report lists.
const MOCKS_SHOWN: usize = 10;

/// A stored mock report (JSON written by `quiz::mock::Report`) as a row; `None` when it cannot
/// be read (written by another version, say).
fn mock_row(json: &str, cal: &Calendar) -> Option<MockRow> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let questions = v.get("questions")?.as_array()?;
    let points = questions.iter().flat_map(|q| q.get("points").and_then(|p| p.as_array()).into_iter().flatten());
    let (hit, total) = points
        .fold((0, 0), |(h, t), p| (h + usize::from(p.get("hit").and_then(|h| h.as_bool()).unwrap_or(false)), t + 1));
    Some(MockRow {
        date: format_day(cal.day(v.get("startedAt")?.as_i64()?)),
        repository: v.get("repository")?.as_str()?.to_string(),
        questions: questions.len(),
        seconds: questions.iter().filter_map(|q| q.get("seconds").and_then(|s| s.as_f64())).sum(),
        points_hit: hit,
        points_total: total,
        study_next: v
            .get("studyNext")
            .and_then(|s| s.as_array())
            .map(|s| s.iter().filter_map(|e| e.get("entry")?.as_str().map(str::to_string)).collect())
            .unwrap_or_default(),
    })
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TopicRow {
    pub topic: String,
    pub title: String,
    /// Expected share of the topic's questions recalled now: the mean over its entries of the
    /// probability of recall (0 for an entry never reviewed).
    pub mastery: f32,
    pub due: usize,
    pub reviewed: usize,
    pub entries: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DayCount {
    pub date: String,
    pub count: usize,
}

/// Interview-date mode: of the concepts seen in the user's code, how many are recalled.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ReadyBy {
    pub date: String,
    pub recalled: usize,
    pub total: usize,
    pub days_left: i64,
}

impl ReadyBy {
    pub fn line(&self) -> String {
        format!("ready by {}: {} of {} concepts recalled", self.date, self.recalled, self.total)
    }
}

/// The concepts of the user's code that have an entry to study, most used first.
pub fn seen_concepts(store: &Store, deck: &Deck) -> Vec<String> {
    store
        .seen()
        .unwrap_or_default()
        .into_iter()
        .filter(|s| deck.primary(&s.concept).is_some())
        .map(|s| s.concept)
        .collect()
}

pub fn ready_by(store: &Store, deck: &Deck, k: &Knowledge) -> Option<ReadyBy> {
    let day = k.sched.interview_day?;
    let concepts = seen_concepts(store, deck);
    let recalled = concepts.iter().filter(|c| k.concept_status(deck, c) == Some(Status::Recalled)).count();
    Some(ReadyBy { date: format_day(day), recalled, total: concepts.len(), days_left: day - k.cal.day(k.now) })
}

pub fn summarize(store: &Store, deck: &Deck, k: &Knowledge) -> Result<Summary, ProgressError> {
    let today = k.cal.day(k.now);
    let reviews = store.reviews()?;
    let mut per_day_all: BTreeMap<i64, usize> = BTreeMap::new();
    for r in &reviews {
        *per_day_all.entry(k.cal.day(r.at)).or_default() += 1;
    }
    let reviewed_today = per_day_all.get(&today).copied().unwrap_or(0);
    let mut streak = 0;
    let mut day = if reviewed_today > 0 { today } else { today - 1 };
    while per_day_all.contains_key(&day) {
        streak += 1;
        day -= 1;
    }
    let per_day = (today - 29..=today)
        .map(|d| DayCount { date: format_day(d), count: per_day_all.get(&d).copied().unwrap_or(0) })
        .collect();
    let mut forecast: Vec<DayCount> = (0..7).map(|i| DayCount { date: format_day(today + i), count: 0 }).collect();
    for c in k.cards.values() {
        let offset = (k.cal.day(c.due) - today).max(0);
        if let Some(slot) = forecast.get_mut(offset as usize) {
            slot.count += 1;
        }
    }
    let mut topics = Vec::new();
    for t in &deck.topics {
        let entries: Vec<&str> = deck.entries().iter().filter(|e| e.topic == t.id).map(|e| e.id.as_str()).collect();
        if entries.is_empty() {
            continue;
        }
        // Folded from +0.0: an empty float sum is -0.0, which prints as "-0%".
        let recall: f32 = entries.iter().map(|e| k.mastery(e)).fold(0.0, |a, b| a + b);
        topics.push(TopicRow {
            topic: t.id.clone(),
            title: t.title.clone(),
            mastery: (recall / entries.len() as f32 * 100.0).round() / 100.0,
            due: entries.iter().filter(|e| k.is_due(e)).count(),
            reviewed: entries.iter().filter(|e| k.card(e).is_some()).count(),
            entries: entries.len(),
        });
    }
    Ok(Summary {
        due: k.due_count(),
        cards: k.cards.len(),
        reviewed_today,
        streak,
        reviews: reviews.len(),
        topics,
        forecast,
        per_day,
        ready_by: ready_by(store, deck, k),
        today: format_day(today),
        saved: store.is_saved(),
        mocks: store.mocks(MOCKS_SHOWN)?.iter().filter_map(|json| mock_row(json, &k.cal)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{Mode, NewReview};

    const NOW: i64 = 1_795_000_000;
    const DAY: i64 = 86_400;

    fn answer(store: &Store, sched: &Scheduler, entry: &str, rating: Rating, at: i64) {
        let r = NewReview {
            entry: entry.into(),
            rating,
            at,
            mode: Mode::Flashcard,
            file: None,
            concept: None,
            duration_ms: None,
            answer: None,
        };
        store.record(&r, sched).unwrap();
    }

    #[test]
    fn streak_forecast_topics_and_readiness() {
        let deck = Deck::builtin();
        let store = Store::in_memory();
        let today = store.calendar(NOW).day(NOW);
        let sched = Scheduler::new(None, 0.9, Some(today + 10)).unwrap();
        let gen = deck.primary("generator-function").unwrap().id.clone();
        let n1 = deck.primary("n-plus-one").unwrap().id.clone();
        // Three days in a row, ending today.
        answer(&store, &sched, &gen, Rating::Good, NOW - 2 * DAY);
        answer(&store, &sched, &n1, Rating::Again, NOW - DAY);
        answer(&store, &sched, &gen, Rating::Good, NOW);
        store.note_seen("a.py", &[("generator-function".into(), 3), ("n-plus-one".into(), 1)], NOW).unwrap();
        let k = Knowledge::load(&store, sched, NOW).unwrap();
        assert_eq!(k.status(&gen), Status::Recalled);
        assert_eq!(k.status(&n1), Status::Due, "forgotten yesterday: due again");
        let s = summarize(&store, &deck, &k).unwrap();
        assert_eq!((s.reviews, s.cards, s.reviewed_today, s.streak, s.due), (3, 2, 1, 3, 1));
        assert_eq!(s.forecast.len(), 7);
        assert_eq!(s.forecast[0].count, 1, "the overdue card counts today");
        let within_week = k.cards.values().filter(|c| k.cal.day(c.due) < today + 7).count();
        assert_eq!(s.forecast.iter().map(|d| d.count).sum::<usize>(), within_week);
        assert_eq!(s.per_day.len(), 30);
        assert_eq!(s.per_day.iter().map(|d| d.count).sum::<usize>(), 3);
        let topic = s.topics.iter().find(|t| t.topic == deck.get(&gen).unwrap().topic).unwrap();
        assert!(topic.mastery > 0.0 && topic.mastery < 1.0, "{topic:?}");
        assert_eq!(topic.reviewed, 1);
        let ready = s.ready_by.unwrap();
        assert_eq!((ready.recalled, ready.total, ready.days_left), (1, 2, 10));
        assert_eq!(ready.line(), format!("ready by {}: 1 of 2 concepts recalled", format_day(today + 10)));
    }

    #[test]
    fn forgetting_never_raises_mastery() {
        let deck = Deck::builtin();
        let store = Store::in_memory();
        let sched = Scheduler::default_params();
        let gen = deck.primary("generator-function").unwrap().id.clone();
        let topic = deck.get(&gen).unwrap().topic.clone();
        let mastery = |at: i64| {
            let k = Knowledge::load(&store, sched.clone(), at).unwrap();
            summarize(&store, &deck, &k).unwrap().topics.iter().find(|t| t.topic == topic).unwrap().mastery
        };
        let before = mastery(NOW - 10 * DAY);
        answer(&store, &sched, &gen, Rating::Again, NOW - 10 * DAY);
        assert!(mastery(NOW - 10 * DAY) <= before, "a first Forgot");
        answer(&store, &sched, &gen, Rating::Good, NOW - 5 * DAY);
        let learned = mastery(NOW - 5 * DAY);
        assert!(learned > before);
        let faded = mastery(NOW);
        answer(&store, &sched, &gen, Rating::Again, NOW);
        assert!(mastery(NOW) <= faded, "a Forgot after a Good");
        assert!(mastery(NOW) < learned);
    }

    #[test]
    fn a_missed_day_breaks_the_streak_and_today_may_still_come() {
        let store = Store::in_memory();
        let sched = Scheduler::default_params();
        answer(&store, &sched, "a", Rating::Good, NOW - 4 * DAY);
        answer(&store, &sched, "a", Rating::Good, NOW - 2 * DAY);
        answer(&store, &sched, "a", Rating::Good, NOW - DAY);
        let k = Knowledge::load(&store, sched, NOW).unwrap();
        let s = summarize(&store, &Deck::builtin(), &k).unwrap();
        assert_eq!((s.streak, s.reviewed_today), (2, 0));
    }
}
