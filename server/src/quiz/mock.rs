//! A mock interview on the user's own repository: a warm-up question on the stack the code
//! uses, then questions on the concepts and pitfalls found in it, each shown with the line that
//! brought it in and followed by one of the entry's follow-ups, all in answer mode and against
//! the clock. At the end, a report: time per question, the key points made and missed, and the
//! entries to study next. The report is kept in the progress store with the reviews.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::scan::FileConcepts;
use super::select::{self, Visible};
use super::session::{Asked, Session};
use super::{Found, Question, Rng, Why};
use crate::deck::Deck;
use crate::progress::summary::Knowledge;
use crate::progress::Rating;

/// How long a mock interview lasts when nobody says, in minutes.
pub const DEFAULT_MINUTES: u32 = 30;

/// A technology an interviewer opens with, how its use shows in the code, and the question
/// that opens on it.
struct Tech {
    name: &'static str,
    /// Concepts that mean the code uses it; an id ending in `-` is a prefix.
    concepts: &'static [&'static str],
    warm_up: &'static str,
}

const STACK: &[Tech] = &[
    Tech {
        name: "Django",
        concepts: &[
            "django-",
            "queryset",
            "get-vs-filter",
            "select-prefetch-related",
            "n-plus-one",
            "f-q-expressions",
            "transaction",
            "csrf",
            "generic-relations",
            "json-response",
            "debug-true",
        ],
        warm_up: "django-architecture",
    },
    Tech { name: "Django REST framework", concepts: &["drf-"], warm_up: "drf-overview" },
    Tech {
        name: "FastAPI",
        concepts: &["fastapi-", "pydantic-model", "exception-handlers"],
        warm_up: "fastapi-vs-django",
    },
    Tech { name: "Flask", concepts: &["flask-"], warm_up: "flask-app-structure" },
    Tech { name: "Celery", concepts: &["celery-"], warm_up: "celery-basics" },
    Tech { name: "Redis", concepts: &["redis-"], warm_up: "what-is-redis" },
    Tech { name: "SQLAlchemy", concepts: &["sqlalchemy-"], warm_up: "sqlalchemy-orm-basics" },
    Tech {
        name: "asyncio",
        concepts: &["async-await", "event-loop", "blocking-call-in-async"],
        warm_up: "async-def-coroutines",
    },
    Tech { name: "Django Channels", concepts: &["django-channels", "websockets"], warm_up: "websocket-vs-http" },
];

/// The warm-up when the code shows no stack the deck opens on.
const GENERAL_WARM_UP: &str = "behavioural-recent-project";

impl Tech {
    fn uses(&self, concept: &str) -> bool {
        self.concepts.iter().any(|c| match c.strip_suffix('-') {
            Some(prefix) => concept.starts_with(prefix) && concept.as_bytes().get(prefix.len()) == Some(&b'-'),
            None => *c == concept,
        })
    }
}

/// The technologies the code uses, most used first, with how many findings show each.
fn stack(files: &[FileConcepts]) -> Vec<(&'static Tech, u32)> {
    let mut out: Vec<(&'static Tech, u32)> = Vec::new();
    for f in files {
        for (concept, n, _) in &f.concepts {
            // A concept counts for the first technology that claims it (Django before Channels).
            if let Some(tech) = STACK.iter().find(|t| t.uses(concept)) {
                match out.iter_mut().find(|(t, _)| std::ptr::eq(*t, tech)) {
                    Some(slot) => slot.1 += n,
                    None => out.push((tech, *n)),
                }
            }
        }
    }
    out.sort_by_key(|t| std::cmp::Reverse(t.1));
    out
}

/// The stack's names, most used first: "Django, Celery and Redis".
pub fn stack_names(files: &[FileConcepts]) -> Vec<String> {
    stack(files).into_iter().map(|(t, _)| t.name.to_string()).collect()
}

fn and_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Questions on the code after the warm-up: about four minutes each with the follow-up.
pub fn code_questions(minutes: u32) -> usize {
    (minutes as usize / 4).clamp(2, 12)
}

/// The questions of a mock interview on `files`: the warm-up, then up to
/// [`code_questions`]`(minutes)` on what the code shows (pitfalls first, as `select::for_code`
/// orders them), each with the line that brought it in and a follow-up.
pub fn questions(
    deck: &Deck,
    k: &Knowledge,
    files: &[FileConcepts],
    minutes: u32,
    rng: &mut Rng,
    visible: Visible<'_>,
) -> Vec<Question> {
    let found: Vec<Found> = super::scan::found(files);
    let stack = stack(files);
    let names: Vec<String> = stack.iter().map(|(t, _)| t.name.to_string()).collect();
    let warm_up = stack
        .iter()
        .filter_map(|(t, _)| deck.get(t.warm_up))
        .chain(deck.get(GENERAL_WARM_UP))
        .find(|e| visible(e) && !e.key_points.is_empty());
    let mut out = Vec::new();
    if let Some(e) = warm_up {
        let lead = if names.is_empty() {
            "Warm-up.".to_string()
        } else {
            format!("Warm-up. This project uses {}.", and_list(&names))
        };
        out.push(Question {
            entry: e.clone(),
            concept: None,
            at: None,
            file: None,
            why: Why::New,
            lead: Some(lead),
            follow_up: None,
        });
    }
    let wanted = code_questions(minutes);
    let candidates = select::for_code(deck, k, &found, wanted * 4, visible);
    let mut asked = 0;
    for mut q in candidates {
        if asked == wanted {
            break;
        }
        if q.at.is_none() || q.entry.key_points.is_empty() || out.iter().any(|o| o.entry.id == q.entry.id) {
            continue;
        }
        q.follow_up = pick(&q.entry.followups, rng);
        out.push(q);
        asked += 1;
    }
    if let Some(first) = out.first_mut() {
        first.follow_up = pick(&first.entry.followups, rng);
    }
    out
}

fn pick(items: &[String], rng: &mut Rng) -> Option<String> {
    (!items.is_empty()).then(|| items[rng.below(items.len())].clone())
}

/// What a mock interview leaves behind: kept in the progress store, shown in the terminal and
/// in the HTML report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Unix seconds.
    pub started_at: i64,
    pub finished_at: i64,
    /// The repository, as the user named it.
    pub repository: String,
    pub minutes: u32,
    pub stack: Vec<String>,
    pub questions: Vec<Asked>,
    /// Questions planned but not reached.
    pub not_asked: usize,
    pub timed_out: bool,
    pub study_next: Vec<StudyNext>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudyNext {
    pub entry: String,
    pub question: String,
    /// The key points missed, in the deck's words.
    pub missed: Vec<String>,
}

/// How many entries "study next" names.
const STUDY_NEXT: usize = 5;

impl Report {
    pub fn new(
        session: &Session,
        repository: String,
        minutes: u32,
        stack: Vec<String>,
        started_at: i64,
        now: i64,
    ) -> Report {
        let questions = session.log.clone();
        // Study next: what went worst first — skipped, forgotten, then struggled; within that,
        // the most key points missed.
        let mut weak: Vec<&Asked> = questions
            .iter()
            .filter(|a| a.rating.is_none_or(|r| r < Rating::Good) || a.points.iter().any(|p| !p.hit))
            .collect();
        weak.sort_by_key(|a| {
            (a.rating.map_or(0, |r| r as u8), std::cmp::Reverse(a.points.iter().filter(|p| !p.hit).count()))
        });
        let study_next = weak
            .into_iter()
            .take(STUDY_NEXT)
            .map(|a| StudyNext {
                entry: a.entry.clone(),
                question: a.question.clone(),
                missed: a.points.iter().filter(|p| !p.hit).map(|p| p.text.clone()).collect(),
            })
            .collect();
        Report {
            started_at,
            finished_at: now,
            repository,
            minutes,
            stack,
            not_asked: session.len().saturating_sub(questions.len()),
            questions,
            timed_out: session.timed_out,
            study_next,
        }
    }

    /// Key points made and asked, over the whole interview.
    pub fn points(&self) -> (usize, usize) {
        let all = self.questions.iter().flat_map(|a| &a.points);
        let (hit, total) = all.fold((0, 0), |(h, t), p| (h + usize::from(p.hit), t + 1));
        (hit, total)
    }

    /// The report as the terminal shows it.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        let seconds: f64 = self.questions.iter().map(|a| a.seconds).sum();
        let (hit, total) = self.points();
        writeln!(out, "Mock interview report · {}", self.repository)?;
        if !self.stack.is_empty() {
            writeln!(out, "Stack: {}", and_list(&self.stack))?;
        }
        writeln!(
            out,
            "{} question{} in {} · {hit} of {total} key points{}",
            self.questions.len(),
            if self.questions.len() == 1 { "" } else { "s" },
            clock_time(seconds),
            if self.timed_out { " · time ran out" } else { "" }
        )?;
        for (i, a) in self.questions.iter().enumerate() {
            writeln!(out)?;
            let place = a.code.as_ref().map(|c| format!(" · {}:{}", c.file, c.line)).unwrap_or_default();
            let outcome = match a.rating {
                None => "skipped".to_string(),
                Some(r) if a.points.is_empty() => r.label().to_string(),
                Some(r) => format!(
                    "{} of {} key points · {}",
                    a.points.iter().filter(|p| p.hit).count(),
                    a.points.len(),
                    r.label()
                ),
            };
            writeln!(out, "{}. {}{place} · {} · {outcome}", i + 1, a.about, clock_time(a.seconds))?;
            writeln!(out, "   {}", a.question)?;
            for p in &a.points {
                writeln!(out, "   {} {}", if p.hit { "✓" } else { "✗" }, p.text)?;
            }
            if let Some(f) = &a.follow_up {
                let how = if f.answer.trim().is_empty() { "not answered" } else { "answered" };
                writeln!(out, "   Follow-up ({how}): {}", f.question)?;
            }
        }
        if self.not_asked > 0 {
            writeln!(
                out,
                "\n{} planned question{} not reached.",
                self.not_asked,
                if self.not_asked == 1 { "" } else { "s" }
            )?;
        }
        if !self.study_next.is_empty() {
            writeln!(out, "\nStudy next:")?;
            for s in &self.study_next {
                let missed = match s.missed.len() {
                    0 => String::new(),
                    1 => " (1 key point missed)".to_string(),
                    n => format!(" ({n} key points missed)"),
                };
                writeln!(out, "  {}  {}{missed}", s.entry, s.question)?;
            }
            writeln!(out, "`interview-prep explain ID` shows an entry's full answer.")?;
        }
        Ok(())
    }
}

/// A mock interview being kept in the progress store as it goes: the report is rewritten after
/// every reply, so one cut short by a crash keeps what was answered.
#[derive(Clone, Debug)]
pub struct Recorder {
    /// The repository as the user named it, and as the store records it (absolute).
    pub repository: String,
    pub absolute: String,
    pub minutes: u32,
    pub stack: Vec<String>,
    pub started: i64,
    /// The store's row, once written.
    pub id: Option<i64>,
}

impl Recorder {
    pub fn report(&self, session: &Session, now: i64) -> Report {
        Report::new(session, self.repository.clone(), self.minutes, self.stack.clone(), self.started, now)
    }

    /// What to write: the row's id (if any), the report and its JSON.
    pub fn snapshot(&self, session: &Session, now: i64) -> (Report, String) {
        let report = self.report(session, now);
        let json = serde_json::to_string(&report).unwrap_or_default();
        (report, json)
    }

    /// Writes the report as it stands now.
    pub fn save(
        &mut self,
        session: &Session,
        store: &crate::progress::Store,
        now: i64,
    ) -> Result<(), crate::progress::ProgressError> {
        let (_, json) = self.snapshot(session, now);
        self.id = Some(store.save_mock(self.id, self.started, now, &self.absolute, &json)?);
        Ok(())
    }
}

/// `1:05`, `12:30`.
pub fn clock_time(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::CodeLine;

    fn file(concepts: &[(&str, u32)]) -> FileConcepts {
        FileConcepts {
            shown: "shop/views.py".into(),
            absolute: "/w/shop/views.py".into(),
            concepts: concepts
                .iter()
                .enumerate()
                .map(|(i, (c, n))| {
                    (
                        c.to_string(),
                        *n,
                        CodeLine { file: "shop/views.py".into(), line: i as u32 + 3, text: format!("line {i}") },
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn the_stack_is_named_most_used_first_and_every_warm_up_exists() {
        let deck = Deck::builtin();
        for t in STACK {
            let e = deck.get(t.warm_up).unwrap_or_else(|| panic!("{}: no entry {}", t.name, t.warm_up));
            assert!(!e.key_points.is_empty(), "{} has key points to grade", e.id);
        }
        assert!(deck.get(GENERAL_WARM_UP).is_some());
        let files = [file(&[("celery-task", 2), ("queryset", 5), ("redis-client", 1), ("django-model", 3)])];
        assert_eq!(stack_names(&files), ["Django", "Celery", "Redis"]);
        assert_eq!(and_list(&stack_names(&files)), "Django, Celery and Redis");
        assert!(!STACK[0].uses("djangoish"), "a prefix stops at a dash");
    }

    #[test]
    fn a_mock_opens_on_the_stack_then_asks_about_the_code_with_follow_ups() {
        let deck = Deck::builtin();
        let k = Knowledge::empty(crate::progress::Scheduler::default_params(), 1_795_000_000);
        let files = [file(&[("n-plus-one", 1), ("queryset", 4), ("mutable-default-argument", 1), ("celery-task", 1)])];
        let qs = questions(&deck, &k, &files, 5, &mut Rng::new(7), &|_| true);
        assert_eq!(qs[0].entry.id, "django-architecture");
        assert_eq!(qs[0].lead.as_deref(), Some("Warm-up. This project uses Django and Celery."));
        assert!(qs[0].at.is_none());
        assert_eq!(qs.len(), 1 + code_questions(5));
        for q in &qs[1..] {
            assert!(q.at.is_some(), "{} shows the code", q.entry.id);
            assert!(!q.entry.key_points.is_empty());
            assert!(q.follow_up.as_ref().is_some_and(|f| q.entry.followups.contains(f)), "{}", q.entry.id);
        }
        // Pitfalls first.
        assert!(["n-plus-one", "mutable-default-argument"].contains(&qs[1].concept.as_deref().unwrap()));
        // Code with no stack opens on the general warm-up.
        let plain = [file(&[("mutable-default-argument", 1)])];
        let qs = questions(&deck, &k, &plain, 30, &mut Rng::new(1), &|_| true);
        assert_eq!((qs[0].entry.id.as_str(), qs[0].lead.as_deref()), (GENERAL_WARM_UP, Some("Warm-up.")));
    }

    #[test]
    fn clock_times() {
        assert_eq!(clock_time(65.4), "1:05");
        assert_eq!(clock_time(0.0), "0:00");
        assert_eq!(clock_time(750.0), "12:30");
    }
}
