//! One quiz as a conversation of prompts and replies, the same in a terminal and an editor:
//! flashcard (question → "Show answer" → short answer + Forgot / Struggled / Recalled / Easy),
//! multiple choice (question + the four statements shuffled → right or wrong with the short
//! answer → Next / Stop), or answer mode (question → the user writes an answer → the key points
//! it made and missed, and a proposed rating the user accepts or overrules → the follow-up, if
//! the question has one). The session says what to record after each reply; the front end
//! writes it to the store at once and tells the session how that went.

use std::time::Duration;

use super::grade::{self, Grade, PointResult};
use super::{CodeLine, Question, Rng};
use crate::progress::schedule::choice_rating;
use crate::progress::{Mode, NewReview, Rating, WrittenAnswer};

pub const SHOW_ANSWER: &str = "Show answer";
pub const SKIP: &str = "Skip";
pub const NEXT: &str = "Next";
pub const STOP: &str = "Stop";
pub const WRITE_AGAIN: &str = "Write again";
const LETTERS: [&str; 4] = ["A", "B", "C", "D"];

/// What to show the user: a message and the actions to choose from, or a request for text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub message: String,
    pub actions: Vec<String>,
    /// The user writes text (an answer) rather than picking an action; `actions` are what a
    /// reply of exactly that word means instead ("Skip").
    pub write: bool,
    /// The action an empty reply takes (the proposed rating), if any.
    pub default: Option<usize>,
}

impl Prompt {
    fn choose(message: String, actions: Vec<String>) -> Prompt {
        Prompt { message, actions, write: false, default: None }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Ask,
    Rate,
    Result {
        correct: bool,
    },
    /// Answer mode: the written answer, graded; `empty` when nothing was written.
    Graded {
        grade: Grade,
        empty: bool,
    },
    /// Answer mode: the follow-up question is up.
    FollowUp,
    Done,
}

/// What happened to one question, for the end of a mock interview.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Asked {
    pub entry: String,
    pub question: String,
    pub about: String,
    pub code: Option<CodeLine>,
    /// Time on the question, its follow-up included.
    pub seconds: f64,
    /// `None` when skipped.
    pub rating: Option<Rating>,
    /// Answer mode: the key points, made or missed.
    pub points: Vec<PointResult>,
    pub follow_up: Option<FollowUpAnswer>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FollowUpAnswer {
    pub question: String,
    /// Empty when skipped.
    pub answer: String,
}

pub struct Session {
    questions: Vec<Question>,
    mode: Mode,
    index: usize,
    step: Step,
    rng: Rng,
    /// The order statements are shown in, for the current multiple-choice question.
    order: Vec<usize>,
    /// Time spent on the current question so far.
    spent: Duration,
    /// Shown atop the next prompt (how the last answer was saved).
    notice: Option<String>,
    /// Multiple choice: the statement picked for the current question.
    picked: Option<usize>,
    /// Answer mode: what the user wrote for the current question.
    written: String,
    /// A time limit for the whole session: once spent, the session ends after the question
    /// being answered (mock interviews).
    limit: Option<Duration>,
    elapsed: Duration,
    /// Every question asked so far, for a report.
    pub log: Vec<Asked>,
    pub answered: usize,
    pub recalled: usize,
    pub skipped: usize,
    /// Whether the user ended the quiz (dismissed a prompt or chose Stop).
    pub stopped: bool,
    /// Whether the time limit ended it.
    pub timed_out: bool,
}

/// Where a question is, for a front end that draws its own screen (the VS Code panel, the
/// Neovim float) instead of showing prompts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// The question is up: show the answer or skip (flashcard), pick a statement (choice), or
    /// write an answer (answer mode).
    Ask,
    /// The answer is shown: rate your recall.
    Rate,
    /// A statement was picked: right or wrong, then next or stop.
    Result,
    /// Answer mode: the key points made and missed, and a proposed rating to accept or
    /// overrule (when nothing was written: confirm Forgot, or write again).
    Graded,
    /// Answer mode: the follow-up question is up; write an answer or skip.
    FollowUp,
    /// The quiz is over.
    Done,
}

/// The whole state of the current question, structured.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    /// 0-based.
    pub index: usize,
    pub total: usize,
    pub stage: Stage,
    /// How the current question is asked.
    pub mode: Mode,
    /// The concept's title, or the deck topic.
    pub about: String,
    pub question: String,
    pub entry: String,
    /// Said before the question ("Warm-up: …").
    pub lead: Option<String>,
    /// The line of the user's code that brought the question in.
    pub code: Option<super::CodeLine>,
    /// That code's file, absolute.
    pub file: Option<String>,
    /// Multiple choice: the statements, in the order shown.
    pub choices: Vec<String>,
    /// The short answer (Markdown), once it may be shown.
    pub answer: Option<String>,
    /// Multiple choice, after a pick: whether it was right, which was picked and which is true.
    pub correct: Option<bool>,
    pub picked: Option<usize>,
    pub right: Option<usize>,
    /// Answer mode, once graded: what the user wrote, each key point made or missed, the
    /// proposed rating, whether a huge answer was cut, and whether nothing was written.
    pub written: Option<String>,
    pub points: Vec<PointResult>,
    pub proposed: Option<Rating>,
    pub trimmed: bool,
    pub empty: bool,
    /// Answer mode: the follow-up question, once it is up.
    pub follow_up: Option<String>,
    /// How the last answer was saved ("Saved · next review in 3 days").
    pub notice: Option<String>,
    /// At the end: "Quiz finished: 3 answered, 2 recalled."
    pub summary: Option<String>,
    pub answered: usize,
    pub recalled: usize,
}

/// A structured reply: what a panel's button or key means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    Show,
    Skip,
    Rate(Rating),
    /// A statement, by its place in `View::choices`.
    Choose(usize),
    Next,
    Stop,
    /// Answer mode: the written answer (or the follow-up's).
    Answer(String),
    /// Answer mode: take the proposed rating.
    Accept,
    /// Answer mode, after an empty answer: write one after all.
    Retry,
}

impl Session {
    pub fn new(questions: Vec<Question>, mode: Mode, rng: Rng) -> Session {
        let mut s = Session {
            questions,
            mode,
            index: 0,
            step: Step::Ask,
            rng,
            order: Vec::new(),
            spent: Duration::ZERO,
            notice: None,
            picked: None,
            written: String::new(),
            limit: None,
            elapsed: Duration::ZERO,
            log: Vec::new(),
            answered: 0,
            recalled: 0,
            skipped: 0,
            stopped: false,
            timed_out: false,
        };
        s.begin();
        s
    }

    /// Ends the session after the question being answered once `limit` has been spent.
    pub fn with_limit(mut self, limit: Duration) -> Session {
        self.limit = Some(limit);
        self
    }

    pub fn len(&self) -> usize {
        self.questions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    pub fn is_done(&self) -> bool {
        self.step == Step::Done
    }

    pub fn current(&self) -> Option<&Question> {
        self.questions.get(self.index)
    }

    /// How the current question is asked: multiple choice only when its entry has the four
    /// statements, answer mode only when it has key points to grade against; otherwise as a
    /// flashcard.
    fn current_mode(&self) -> Mode {
        match (self.mode, self.current()) {
            (Mode::Choice, Some(q)) if q.entry.has_choices() => Mode::Choice,
            (Mode::Answer, Some(q)) if !q.entry.key_points.is_empty() => Mode::Answer,
            _ => Mode::Flashcard,
        }
    }

    fn begin(&mut self) {
        self.spent = Duration::ZERO;
        self.picked = None;
        self.written.clear();
        if self.index >= self.questions.len() {
            self.step = Step::Done;
            return;
        }
        self.step = Step::Ask;
        self.order = (0..4).collect();
        let mut order = std::mem::take(&mut self.order);
        self.rng.shuffle(&mut order);
        self.order = order;
    }

    fn advance(&mut self) {
        self.index += 1;
        if self.limit.is_some_and(|l| self.elapsed >= l) && self.index < self.questions.len() {
            self.timed_out = true;
            self.index = self.questions.len();
        }
        self.begin();
    }

    /// The concept's title, or the deck topic's name.
    fn about(&self, q: &Question) -> String {
        q.concept
            .as_deref()
            .or(q.entry.concepts.first().map(String::as_str))
            .and_then(crate::concepts::concept)
            .map_or_else(
                || {
                    crate::deck::Deck::shared_builtin()
                        .topic_title(&q.entry.topic)
                        .map_or_else(|| q.entry.topic.replace('-', " "), str::to_string)
                },
                |c| c.info().title.to_string(),
            )
    }

    fn header(&self, q: &Question) -> String {
        let mut out = String::new();
        if let Some(n) = &self.notice {
            out.push_str(n);
            out.push_str("\n\n");
        }
        let about = self.about(q);
        out.push_str(&format!("Question {} of {} · {about}\n", self.index + 1, self.questions.len()));
        if let Some(lead) = &q.lead {
            out.push_str(lead);
            out.push('\n');
        }
        if let Some(at) = &q.at {
            out.push_str(&format!("Your code, {}\n", at.describe()));
        }
        out.push_str(&q.entry.question);
        out
    }

    /// What to show now; `None` once the quiz is over.
    pub fn prompt(&self) -> Option<Prompt> {
        let q = self.current()?;
        match &self.step {
            Step::Done => None,
            Step::Ask => match self.current_mode() {
                Mode::Choice => {
                    let actions = self
                        .order
                        .iter()
                        .enumerate()
                        .map(|(slot, &i)| format!("{}) {}", LETTERS[slot], q.entry.choices[i].text))
                        .collect();
                    Some(Prompt::choose(format!("{}\nWhich statement is true?", self.header(q)), actions))
                }
                Mode::Answer => Some(Prompt {
                    message: format!("{}\nAnswer as you would in the interview.", self.header(q)),
                    actions: vec![SKIP.into()],
                    write: true,
                    default: None,
                }),
                Mode::Flashcard => Some(Prompt::choose(self.header(q), vec![SHOW_ANSWER.into(), SKIP.into()])),
            },
            Step::Rate => Some(Prompt::choose(
                format!("{}\n\nAnswer: {}\n\nHow well did you recall it?", q.entry.question, q.entry.short),
                Rating::ALL.iter().map(|r| r.label().to_string()).collect(),
            )),
            Step::Result { correct } => {
                let verdict = if *correct {
                    "✓ Right.".to_string()
                } else {
                    let slot = self.order.iter().position(|&i| q.entry.choices[i].correct).unwrap_or(0);
                    let right = q.entry.choices.iter().find(|c| c.correct).map_or("", |c| c.text.as_str());
                    format!("✗ Wrong. The true statement is {}) {right}", LETTERS[slot])
                };
                let saved = self.notice.as_deref().map(|n| format!("\n\n{n}")).unwrap_or_default();
                Some(Prompt::choose(format!("{verdict}\n\n{}{saved}", q.entry.short), vec![NEXT.into(), STOP.into()]))
            }
            Step::Graded { grade, empty } => {
                let mut message = String::new();
                if *empty {
                    message.push_str("You wrote nothing, so none of the key points was made:\n");
                } else if grade.trimmed {
                    message.push_str(&format!(
                        "Your answer was over {} KB; only its start was graded.\n",
                        grade::MAX_ANSWER_BYTES / 1024
                    ));
                }
                for p in &grade.points {
                    message.push_str(if p.hit { "✓ " } else { "✗ " });
                    message.push_str(&p.text);
                    message.push('\n');
                }
                message.push_str(&format!("\nAnswer: {}\n\n", q.entry.short));
                if *empty {
                    message.push_str("Rate it Forgot?");
                    return Some(Prompt::choose(message, vec![Rating::Again.label().into(), WRITE_AGAIN.into()]));
                }
                message.push_str(&format!(
                    "{} of {} key points: {}? Enter accepts; pick another rating to overrule.",
                    grade.hits(),
                    grade.points.len(),
                    grade.proposed.label()
                ));
                Some(Prompt {
                    message,
                    actions: Rating::ALL.iter().map(|r| r.label().to_string()).collect(),
                    write: false,
                    default: Rating::ALL.iter().position(|r| *r == grade.proposed),
                })
            }
            Step::FollowUp => {
                let saved = self.notice.as_deref().map(|n| format!("{n}\n\n")).unwrap_or_default();
                Some(Prompt {
                    message: format!("{saved}Follow-up: {}", q.follow_up.as_deref().unwrap_or_default()),
                    actions: vec![SKIP.into()],
                    write: true,
                    default: None,
                })
            }
        }
    }

    /// Takes the user's choice (an action's title, the text written for a `write` prompt, or
    /// `None` when the prompt was dismissed) and the time the prompt was up. Returns the review
    /// to record now, if this reply was an answer.
    pub fn reply(&mut self, choice: Option<&str>, elapsed: Duration, now: i64) -> Option<NewReview> {
        self.spent += elapsed;
        self.elapsed += elapsed;
        // The prompt being answered has shown the notice.
        self.notice = None;
        let Some(choice) = choice else {
            self.leave();
            self.step = Step::Done;
            self.stopped = true;
            return None;
        };
        let q = self.current()?.clone();
        let mode = self.current_mode();
        match self.step.clone() {
            Step::Done => None,
            Step::Ask | Step::FollowUp if choice == SKIP => {
                if self.step == Step::Ask {
                    self.skipped += 1;
                    self.log(&q, None, Vec::new());
                } else {
                    self.follow_up_answered(&q, "");
                }
                self.advance();
                None
            }
            Step::Ask if mode == Mode::Choice => {
                let slot = LETTERS.iter().position(|l| choice.starts_with(&format!("{l})")))?;
                let picked = *self.order.get(slot)?;
                let correct = q.entry.choices.get(picked).is_some_and(|c| c.correct);
                let words = q.entry.question.split_whitespace().count()
                    + q.entry.choices.iter().map(|c| c.text.split_whitespace().count()).sum::<usize>();
                let rating = choice_rating(correct, elapsed, words);
                self.step = Step::Result { correct };
                self.count(rating);
                self.log(&q, Some(rating), Vec::new());
                Some(self.review(&q, rating, Mode::Choice, now))
            }
            Step::Ask if mode == Mode::Answer => {
                let grade = grade::grade(choice, &q.entry.key_points, self.spent.as_secs_f64());
                let empty = choice.trim().is_empty();
                self.written = grade::clip(choice).trim().to_string();
                self.step = Step::Graded { grade, empty };
                None
            }
            Step::Ask if choice == SHOW_ANSWER => {
                self.step = Step::Rate;
                None
            }
            Step::Ask => None,
            Step::Rate => {
                let rating = Rating::from_label(choice)?;
                self.count(rating);
                self.log(&q, Some(rating), Vec::new());
                let review = self.review(&q, rating, Mode::Flashcard, now);
                self.advance();
                Some(review)
            }
            Step::Result { .. } if choice == STOP => {
                self.step = Step::Done;
                self.stopped = true;
                None
            }
            Step::Result { .. } => {
                self.advance();
                None
            }
            Step::Graded { empty: true, .. } if choice == WRITE_AGAIN => {
                self.step = Step::Ask;
                None
            }
            Step::Graded { grade, empty } => {
                let rating = Rating::from_label(choice).filter(|r| !empty || *r == Rating::Again)?;
                self.count(rating);
                self.log(&q, Some(rating), grade.points.clone());
                let mut review = self.review(&q, rating, Mode::Answer, now);
                review.answer = Some(WrittenAnswer {
                    text: std::mem::take(&mut self.written),
                    points: grade.points.iter().map(|p| if p.hit { '1' } else { '0' }).collect(),
                });
                if q.follow_up.is_some() {
                    self.step = Step::FollowUp;
                } else {
                    self.advance();
                }
                Some(review)
            }
            Step::FollowUp => {
                self.follow_up_answered(&q, choice.trim());
                self.advance();
                None
            }
        }
    }

    fn count(&mut self, rating: Rating) {
        self.answered += 1;
        if rating >= Rating::Good {
            self.recalled += 1;
        }
    }

    fn log(&mut self, q: &Question, rating: Option<Rating>, points: Vec<PointResult>) {
        self.log.push(Asked {
            entry: q.entry.id.clone(),
            question: q.entry.question.clone(),
            about: self.about(q),
            code: q.at.clone(),
            seconds: self.spent.as_secs_f64(),
            rating,
            points,
            follow_up: None,
        });
    }

    fn follow_up_answered(&mut self, q: &Question, answer: &str) {
        let spent = self.spent.as_secs_f64();
        if let Some(last) = self.log.last_mut().filter(|a| a.entry == q.entry.id) {
            last.seconds = spent;
            last.follow_up = q
                .follow_up
                .clone()
                .map(|question| FollowUpAnswer { question, answer: grade::clip(answer).to_string() });
        }
    }

    /// The quiz is being dismissed mid-question: a follow-up left open is logged unanswered.
    fn leave(&mut self) {
        if self.step == Step::FollowUp {
            if let Some(q) = self.current().cloned() {
                self.follow_up_answered(&q, "");
            }
        }
    }

    fn review(&self, q: &Question, rating: Rating, mode: Mode, now: i64) -> NewReview {
        NewReview {
            entry: q.entry.id.clone(),
            rating,
            at: now,
            mode,
            file: q.file.clone().or_else(|| q.at.as_ref().map(|a| a.file.clone())),
            concept: q.concept.clone(),
            duration_ms: Some(self.spent.as_millis().min(i64::MAX as u128) as i64),
            answer: None,
        }
    }

    /// The current state, structured (see [`View`]).
    pub fn view(&self) -> View {
        let summary = (self.step == Step::Done).then(|| self.summary());
        let Some(q) = self.current().filter(|_| self.step != Step::Done) else {
            return View {
                index: self.index.min(self.questions.len()),
                total: self.questions.len(),
                stage: Stage::Done,
                mode: self.mode,
                about: String::new(),
                question: String::new(),
                entry: String::new(),
                lead: None,
                code: None,
                file: None,
                choices: Vec::new(),
                answer: None,
                correct: None,
                picked: None,
                right: None,
                written: None,
                points: Vec::new(),
                proposed: None,
                trimmed: false,
                empty: false,
                follow_up: None,
                notice: self.notice.clone(),
                summary,
                answered: self.answered,
                recalled: self.recalled,
            };
        };
        let mode = self.current_mode();
        let short = Some(q.entry.short.clone());
        let (stage, answer, correct) = match &self.step {
            Step::Ask => (Stage::Ask, None, None),
            Step::Rate => (Stage::Rate, short, None),
            Step::Result { correct } => (Stage::Result, short, Some(*correct)),
            Step::Graded { .. } => (Stage::Graded, short, None),
            Step::FollowUp => (Stage::FollowUp, short, None),
            Step::Done => unreachable!("handled above"),
        };
        let choices = if mode == Mode::Choice {
            self.order.iter().map(|&i| q.entry.choices[i].text.clone()).collect()
        } else {
            Vec::new()
        };
        let right = (mode == Mode::Choice && stage == Stage::Result)
            .then(|| self.order.iter().position(|&i| q.entry.choices[i].correct))
            .flatten();
        let (points, proposed, trimmed, empty) = match &self.step {
            Step::Graded { grade, empty } => (grade.points.clone(), Some(grade.proposed), grade.trimmed, *empty),
            _ => (Vec::new(), None, false, false),
        };
        View {
            index: self.index,
            total: self.questions.len(),
            stage,
            mode,
            about: self.about(q),
            question: q.entry.question.clone(),
            entry: q.entry.id.clone(),
            lead: q.lead.clone(),
            code: q.at.clone(),
            file: q.file.clone(),
            choices,
            answer,
            correct,
            picked: self.picked,
            right,
            written: matches!(self.step, Step::Graded { .. }).then(|| self.written.clone()),
            points,
            proposed,
            trimmed,
            empty,
            follow_up: (self.step == Step::FollowUp).then(|| q.follow_up.clone()).flatten(),
            notice: self.notice.clone(),
            summary,
            answered: self.answered,
            recalled: self.recalled,
        }
    }

    /// Takes a structured reply; the review to record now, if it was an answer. A reply that
    /// does not fit the stage (rating a question whose answer is not shown) changes nothing.
    pub fn act(&mut self, reply: Reply, elapsed: Duration, now: i64) -> Option<NewReview> {
        let mode = self.current_mode();
        let title = match (reply, &self.step) {
            (Reply::Stop, Step::Result { .. }) => STOP.to_string(),
            (Reply::Stop, _) => return self.reply(None, elapsed, now),
            (Reply::Show, Step::Ask) if mode == Mode::Flashcard => SHOW_ANSWER.to_string(),
            (Reply::Skip, Step::Ask) if mode != Mode::Choice => SKIP.to_string(),
            (Reply::Skip, Step::FollowUp) => SKIP.to_string(),
            (Reply::Rate(r), Step::Rate) => r.label().to_string(),
            (Reply::Rate(r), Step::Graded { empty, .. }) if !*empty || r == Rating::Again => r.label().to_string(),
            (Reply::Accept, Step::Graded { grade, empty: false }) => grade.proposed.label().to_string(),
            (Reply::Retry, Step::Graded { empty: true, .. }) => WRITE_AGAIN.to_string(),
            (Reply::Answer(text), Step::Ask) if mode == Mode::Answer => text,
            (Reply::Answer(text), Step::FollowUp) => text,
            (Reply::Choose(i), Step::Ask) if mode == Mode::Choice && i < LETTERS.len() => {
                self.picked = Some(i);
                format!("{})", LETTERS[i])
            }
            (Reply::Next, Step::Result { .. }) => NEXT.to_string(),
            _ => return None,
        };
        self.reply(Some(&title), elapsed, now)
    }

    /// Tells the session how the last answer was saved ("next review in 3 days"); shown with
    /// the next prompt.
    pub fn saved(&mut self, notice: String) {
        self.notice = Some(notice);
    }

    /// The notice no prompt has shown yet (how the last answer was saved), once the quiz is over.
    pub fn take_notice(&mut self) -> Option<String> {
        self.notice.take()
    }

    /// One line for the end of the quiz.
    pub fn summary(&self) -> String {
        let mut s = if self.timed_out {
            format!("Time is up: {} answered, {} recalled", self.answered, self.recalled)
        } else {
            format!("Quiz finished: {} answered, {} recalled", self.answered, self.recalled)
        };
        if self.skipped > 0 {
            s.push_str(&format!(", {} skipped", self.skipped));
        }
        if self.answered + self.skipped < self.questions.len() {
            s.push_str(&format!(", {} not asked", self.questions.len() - self.answered - self.skipped));
        }
        s.push('.');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Deck;
    use crate::quiz::{CodeLine, Why};

    fn questions(n: usize) -> Vec<Question> {
        let deck = Deck::builtin();
        deck.entries()
            .iter()
            .filter(|e| e.has_choices())
            .take(n)
            .map(|e| Question {
                entry: e.clone(),
                concept: e.concepts.first().cloned(),
                at: Some(CodeLine {
                    file: "/w/shop/views.py".into(),
                    line: 31,
                    text: "for o in Order.objects.all():".into(),
                }),
                file: Some("/w/shop/views.py".into()),
                why: Why::New,
                lead: None,
                follow_up: None,
            })
            .collect()
    }

    #[test]
    fn flashcard_flow_show_rate_skip_and_dismiss() {
        let qs = questions(3);
        let mut s = Session::new(qs.clone(), Mode::Flashcard, Rng::new(1));
        let p = s.prompt().unwrap();
        assert!(p.message.contains(&qs[0].entry.question));
        assert!(p.message.contains("Question 1 of 3"));
        assert!(p.message.contains("views.py:31: for o in Order.objects.all():"));
        assert_eq!(p.actions, ["Show answer", "Skip"]);
        assert_eq!(s.reply(Some(SHOW_ANSWER), Duration::from_secs(3), 100), None);
        let p = s.prompt().unwrap();
        assert!(p.message.contains(&qs[0].entry.short));
        assert_eq!(p.actions, ["Forgot", "Struggled", "Recalled", "Easy"]);
        let r = s.reply(Some("Struggled"), Duration::from_secs(2), 100).unwrap();
        assert_eq!((r.rating, r.mode, r.duration_ms), (Rating::Hard, Mode::Flashcard, Some(5000)));
        assert_eq!(r.entry, qs[0].entry.id);
        assert_eq!(r.file.as_deref(), Some("/w/shop/views.py"));
        s.saved("Saved · next review tomorrow".into());
        let p = s.prompt().unwrap();
        assert!(p.message.starts_with("Saved · next review tomorrow\n\nQuestion 2 of 3"), "{}", p.message);
        assert_eq!(s.reply(Some(SKIP), Duration::ZERO, 100), None);
        assert!(s.prompt().unwrap().message.contains("Question 3 of 3"));
        assert_eq!(s.reply(None, Duration::ZERO, 100), None);
        assert!(s.is_done() && s.stopped);
        assert_eq!(s.prompt(), None);
        assert_eq!(s.summary(), "Quiz finished: 1 answered, 0 recalled, 1 skipped, 1 not asked.");
    }

    #[test]
    fn multiple_choice_shuffles_grades_and_stops() {
        let qs = questions(2);
        let mut s = Session::new(qs.clone(), Mode::Choice, Rng::new(3));
        let p = s.prompt().unwrap();
        assert_eq!(p.actions.len(), 4);
        for (a, l) in p.actions.iter().zip(["A) ", "B) ", "C) ", "D) "]) {
            assert!(a.starts_with(l), "{a}");
        }
        let right = qs[0].entry.choices.iter().find(|c| c.correct).unwrap();
        let pick = p.actions.iter().find(|a| a.ends_with(&right.text)).unwrap().clone();
        let r = s.reply(Some(&pick), Duration::from_secs(1), 100).unwrap();
        assert_eq!((r.rating, r.mode), (Rating::Easy, Mode::Choice));
        let p = s.prompt().unwrap();
        assert!(p.message.starts_with("✓ Right."), "{}", p.message);
        assert!(p.message.contains(&qs[0].entry.short));
        assert_eq!(p.actions, ["Next", "Stop"]);
        s.reply(Some(NEXT), Duration::ZERO, 100);
        // A wrong answer is Forgot and the result names the true statement.
        let p = s.prompt().unwrap();
        let right = qs[1].entry.choices.iter().find(|c| c.correct).unwrap();
        let wrong = p.actions.iter().find(|a| !a.ends_with(&right.text)).unwrap().clone();
        assert_eq!(s.reply(Some(&wrong), Duration::from_secs(1), 100).unwrap().rating, Rating::Again);
        let p = s.prompt().unwrap();
        assert!(p.message.starts_with("✗ Wrong. The true statement is "), "{}", p.message);
        assert!(p.message.contains(&right.text));
        s.reply(Some(STOP), Duration::ZERO, 100);
        assert!(s.is_done() && s.stopped);
        assert_eq!((s.answered, s.recalled), (2, 1));
    }

    #[test]
    fn a_panel_drives_the_same_session_with_structured_replies() {
        let qs = questions(2);
        let mut s = Session::new(qs.clone(), Mode::Choice, Rng::new(3));
        let v = s.view();
        assert_eq!((v.index, v.total, v.stage, v.mode), (0, 2, Stage::Ask, Mode::Choice));
        assert_eq!(v.choices.len(), 4);
        assert!(v.choices.iter().all(|c| !c.starts_with("A) ")), "full statements, no letters");
        assert_eq!(v.code.as_ref().unwrap().line, 31);
        assert_eq!(s.act(Reply::Rate(Rating::Good), Duration::ZERO, 100), None, "not the stage for it");
        let right =
            v.choices.iter().position(|c| qs[0].entry.choices.iter().any(|x| x.correct && &x.text == c)).unwrap();
        let wrong = (right + 1) % 4;
        let review = s.act(Reply::Choose(wrong), Duration::from_secs(2), 100).unwrap();
        assert_eq!(review.rating, Rating::Again);
        let v = s.view();
        assert_eq!((v.stage, v.correct, v.picked, v.right), (Stage::Result, Some(false), Some(wrong), Some(right)));
        assert_eq!(v.answer.as_deref(), Some(qs[0].entry.short.as_str()));
        s.act(Reply::Next, Duration::ZERO, 100);
        let v = s.view();
        assert_eq!((v.index, v.stage, v.picked), (1, Stage::Ask, None));
        s.act(Reply::Stop, Duration::ZERO, 100);
        let v = s.view();
        assert_eq!(v.stage, Stage::Done);
        assert_eq!(v.summary.as_deref(), Some("Quiz finished: 1 answered, 0 recalled, 1 not asked."));
        // Flashcards: show, then rate.
        let mut f = Session::new(qs, Mode::Flashcard, Rng::new(1));
        assert_eq!(f.act(Reply::Show, Duration::ZERO, 100), None);
        assert_eq!(f.view().stage, Stage::Rate);
        assert_eq!(f.act(Reply::Rate(Rating::Easy), Duration::ZERO, 100).unwrap().rating, Rating::Easy);
        assert_eq!((f.view().index, f.view().stage), (1, Stage::Ask));
    }

    #[test]
    fn statement_order_differs_between_seeds_and_entries_without_choices_are_flashcards() {
        let qs = questions(1);
        let orders: std::collections::HashSet<Vec<String>> = (0..8)
            .map(|seed| Session::new(qs.clone(), Mode::Choice, Rng::new(seed)).prompt().unwrap().actions)
            .collect();
        assert!(orders.len() > 1);
        let mut plain = qs.clone();
        plain[0].entry.choices.clear();
        let s = Session::new(plain, Mode::Choice, Rng::new(1));
        assert_eq!(s.prompt().unwrap().actions, ["Show answer", "Skip"]);
    }

    fn answerable(n: usize) -> Vec<Question> {
        let mut qs: Vec<Question> = questions(40)
            .into_iter()
            .filter(|q| q.entry.key_points.len() >= 3 && !q.entry.followups.is_empty())
            .take(n)
            .collect();
        assert_eq!(qs.len(), n);
        qs[0].follow_up = Some(qs[0].entry.followups[0].clone());
        qs
    }

    /// Every term of one alternative of the point: an answer that makes it.
    fn making(p: &crate::deck::KeyPoint) -> String {
        p.listen_for()[0].join(" ")
    }

    #[test]
    fn answer_mode_grades_proposes_and_takes_the_overrule_then_asks_the_follow_up() {
        let qs = answerable(2);
        let mut s = Session::new(qs.clone(), Mode::Answer, Rng::new(1));
        let p = s.prompt().unwrap();
        assert!(p.write && p.message.contains(&qs[0].entry.question), "{p:?}");
        assert_eq!(s.view().mode, Mode::Answer);
        let written = making(&qs[0].entry.key_points[0]);
        assert_eq!(s.act(Reply::Answer(written.clone()), Duration::from_secs(20), 100), None);
        let v = s.view();
        assert_eq!(v.stage, Stage::Graded);
        assert!(v.points[0].hit, "{written:?} makes the first point: {:?}", v.points);
        assert!(v.points.iter().any(|p| !p.hit));
        assert_eq!((v.proposed, v.written.as_deref()), (Some(Rating::Hard), Some(written.as_str())));
        let p = s.prompt().unwrap();
        assert!(p.message.contains(&format!("✓ {}", qs[0].entry.key_points[0].text)), "{}", p.message);
        assert!(p.message.contains("✗ "), "{}", p.message);
        assert_eq!(p.default, Some(1), "Enter takes Struggled");
        // Overruled in one key.
        let review = s.act(Reply::Rate(Rating::Good), Duration::from_secs(2), 100).unwrap();
        assert_eq!((review.rating, review.mode, review.duration_ms), (Rating::Good, Mode::Answer, Some(22_000)));
        let answer = review.answer.unwrap();
        assert_eq!(answer.text, written);
        assert!(answer.points.starts_with('1') && answer.points.len() == qs[0].entry.key_points.len());
        // The follow-up, written or skipped, then the next question.
        let v = s.view();
        assert_eq!((v.stage, v.follow_up.as_deref()), (Stage::FollowUp, Some(qs[0].entry.followups[0].as_str())));
        assert_eq!(s.act(Reply::Answer("By measuring it.".into()), Duration::from_secs(5), 100), None);
        assert_eq!((s.view().index, s.view().stage), (1, Stage::Ask));
        assert_eq!(s.log[0].follow_up.as_ref().unwrap().answer, "By measuring it.");
        assert_eq!(s.log[0].seconds, 27.0);
        // Accept takes the proposal.
        s.act(Reply::Answer("no idea".into()), Duration::ZERO, 100);
        assert_eq!(s.view().proposed, Some(Rating::Again));
        assert_eq!(s.act(Reply::Accept, Duration::ZERO, 100).unwrap().rating, Rating::Again);
        assert!(s.is_done());
        assert_eq!(s.summary(), "Quiz finished: 2 answered, 1 recalled.");
    }

    #[test]
    fn an_empty_answer_asks_before_forgot_and_may_be_written_again() {
        let qs = answerable(1);
        let mut s = Session::new(qs.clone(), Mode::Answer, Rng::new(1));
        s.act(Reply::Answer("   ".into()), Duration::ZERO, 100);
        let v = s.view();
        assert!(v.empty && v.stage == Stage::Graded && v.points.iter().all(|p| !p.hit));
        let p = s.prompt().unwrap();
        assert!(p.message.contains("You wrote nothing") && p.message.ends_with("Rate it Forgot?"), "{}", p.message);
        assert_eq!(
            (p.actions.as_slice(), p.default),
            (["Forgot".to_string(), WRITE_AGAIN.to_string()].as_slice(), None)
        );
        assert_eq!(s.act(Reply::Accept, Duration::ZERO, 100), None, "nothing to accept");
        assert_eq!(s.act(Reply::Rate(Rating::Easy), Duration::ZERO, 100), None, "only Forgot confirms");
        assert_eq!(s.act(Reply::Retry, Duration::ZERO, 100), None);
        assert_eq!(s.view().stage, Stage::Ask);
        s.act(Reply::Answer(String::new()), Duration::ZERO, 100);
        assert_eq!(s.act(Reply::Rate(Rating::Again), Duration::ZERO, 100).unwrap().rating, Rating::Again);
    }

    #[test]
    fn a_huge_answer_is_cut_with_a_note_and_entries_without_key_points_are_flashcards() {
        let mut qs = answerable(2);
        let mut s = Session::new(qs.clone(), Mode::Answer, Rng::new(1));
        s.act(Reply::Answer("é".repeat(30_000)), Duration::ZERO, 100);
        assert!(s.view().trimmed);
        assert!(s.view().written.unwrap().len() <= grade::MAX_ANSWER_BYTES);
        assert!(s.prompt().unwrap().message.starts_with("Your answer was over 20 KB"));
        qs[0].entry.key_points.clear();
        let s = Session::new(qs, Mode::Answer, Rng::new(1));
        assert_eq!(s.view().mode, Mode::Flashcard);
        assert_eq!(s.prompt().unwrap().actions, ["Show answer", "Skip"]);
    }

    #[test]
    fn a_time_limit_ends_the_session_after_the_question_being_answered() {
        let qs = answerable(3);
        let mut s = Session::new(qs, Mode::Flashcard, Rng::new(1)).with_limit(Duration::from_secs(60));
        s.act(Reply::Show, Duration::from_secs(50), 100);
        s.act(Reply::Rate(Rating::Good), Duration::from_secs(5), 100);
        assert_eq!(s.view().index, 1, "55 s: within the limit");
        s.act(Reply::Show, Duration::from_secs(30), 100);
        assert!(!s.is_done(), "the question being answered is finished");
        s.act(Reply::Rate(Rating::Good), Duration::ZERO, 100);
        assert!(s.is_done() && s.timed_out);
        assert_eq!(s.summary(), "Time is up: 2 answered, 2 recalled, 1 not asked.");
    }
}
