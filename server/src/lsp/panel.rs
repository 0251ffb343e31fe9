//! Quizzes in the client's own panel (VS Code's webview, Neovim's float), for clients that
//! declare `capabilities.experimental.interviewPrep.quizPanel`. The server still owns the
//! session: it sends `interview-prep/quiz` with the first state, and answers every
//! `interview-prep/quizReply` with the next one, saving each answer before it replies. Clients
//! without a panel get the same session as `window/showMessageRequest` prompts (`commands.rs`).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::notification::Notification;

use super::ext::{self, QuizReplyParams, QuizState};
use super::State;
use crate::progress::{clock, Rating, Scheduler, Store};
use crate::quiz::mock::Recorder;
use crate::quiz::session::{Reply, Session, Stage};

/// The quiz a panel shows.
pub struct PanelQuiz {
    id: u64,
    session: Session,
    store: Arc<Store>,
    sched: Scheduler,
    /// When the current state was sent: the time spent on a question.
    shown: Instant,
    /// A mock interview on the workspace: its report, kept in the store as it goes.
    mock: Option<Recorder>,
}

enum QuizNotification {}

impl Notification for QuizNotification {
    type Params = QuizState;
    const METHOD: &'static str = ext::QUIZ;
}

/// Starts a panel quiz: keeps the session and sends its first state.
pub async fn start(state: &Arc<State>, session: Session, store: Arc<Store>, sched: Scheduler, mock: Option<Recorder>) {
    let id = state.quiz_sessions.fetch_add(1, Ordering::SeqCst) + 1;
    let quiz = PanelQuiz { id, session, store, sched, shown: Instant::now(), mock };
    let first = view(&quiz, None);
    *state.panel.lock().unwrap_or_else(|e| e.into_inner()) = Some(quiz);
    state.client.send_notification::<QuizNotification>(first).await;
}

/// `interview-prep/quizReply`.
pub async fn reply(state: &Arc<State>, params: Value) -> Result<QuizState> {
    let p: QuizReplyParams = ext::params(ext::QUIZ_REPLY, params).map_err(|e| Error::invalid_params(e.0))?;
    let reply = match (p.action.as_str(), p.value) {
        ("answer", _) => Reply::Answer(p.text.unwrap_or_default()),
        ("accept", _) => Reply::Accept,
        ("retry", _) => Reply::Retry,
        ("show", _) => Reply::Show,
        ("skip", _) => Reply::Skip,
        ("next", _) => Reply::Next,
        ("stop", _) => Reply::Stop,
        ("rate", Some(v @ 1..=4)) => Reply::Rate(Rating::ALL[v as usize - 1]),
        ("choose", Some(v)) => Reply::Choose(v as usize),
        (action, _) => {
            return Err(Error::invalid_params(format!(
                "{}: bad `action` {action:?} (show, skip, rate with value 1-4, choose with value, next, stop, \
                 answer with text, accept, retry)",
                ext::QUIZ_REPLY
            )))
        }
    };
    // Out of the state while it is answered: no guard is held across the saving below.
    let mut quiz = {
        let mut slot = state.panel.lock().unwrap_or_else(|e| e.into_inner());
        match slot.take() {
            Some(q) if q.id == p.session => q,
            other => {
                *slot = other;
                return Err(Error::invalid_params(format!("{}: no quiz session {}", ext::QUIZ_REPLY, p.session)));
            }
        }
    };
    let now = clock::now();
    if let Some(review) = quiz.session.act(reply, quiz.shown.elapsed(), now) {
        super::commands::save_answer(state, &mut quiz.session, &quiz.store, &quiz.sched, review, now).await;
    }
    if let Some(recorder) = quiz.mock.as_mut() {
        super::commands::save_mock(&quiz.store, recorder, &quiz.session).await;
    }
    quiz.shown = Instant::now();
    if quiz.session.is_done() {
        let aside = super::commands::keep_unsaved(state, quiz.store.clone(), quiz.sched.clone()).await;
        state.quiz_running.store(false, Ordering::SeqCst);
        let closing = super::commands::quiz_ended(state, &mut quiz.session, aside).await;
        let mut last = view(&quiz, Some(closing));
        last.report = quiz.mock.as_ref().map(|r| {
            let mut text = Vec::new();
            let _ = r.report(&quiz.session, clock::now()).write_text(&mut text);
            String::from_utf8_lossy(&text).into_owned()
        });
        return Ok(last);
    }
    let next = view(&quiz, None);
    *state.panel.lock().unwrap_or_else(|e| e.into_inner()) = Some(quiz);
    Ok(next)
}

/// The session's state as the protocol carries it; `closing` replaces the summary at the end.
fn view(quiz: &PanelQuiz, closing: Option<String>) -> QuizState {
    let v = quiz.session.view();
    let deck = crate::deck::Deck::shared_builtin();
    let entry_link = quiz
        .session
        .current()
        .map(|q| &q.entry)
        .or_else(|| deck.get(&v.entry))
        .and_then(crate::features::definition::entry_link);
    QuizState {
        session: quiz.id,
        index: v.index as u32,
        total: v.total as u32,
        stage: match v.stage {
            Stage::Ask => "ask",
            Stage::Rate => "rate",
            Stage::Result => "result",
            Stage::Graded => "graded",
            Stage::FollowUp => "followup",
            Stage::Done => "done",
        }
        .into(),
        mode: v.mode.into(),
        about: v.about,
        lead: v.lead,
        question: v.question,
        entry: v.entry,
        entry_link,
        code: v.code.map(|c| ext::CodeRef {
            path: c.file,
            line: c.line,
            text: c.text,
            uri: v.file.as_deref().and_then(|f| crate::features::definition::file_url(std::path::Path::new(f))),
        }),
        choices: v.choices,
        answer: v.answer,
        correct: v.correct,
        picked: v.picked.map(|i| i as u32),
        right: v.right.map(|i| i as u32),
        written: v.written,
        points: v.points.into_iter().map(|p| ext::PointState { text: p.text, hit: p.hit }).collect(),
        // Nothing written proposes nothing: the client confirms Forgot or writes again.
        proposed: v.proposed.filter(|_| !v.empty).map(|r| r as u32),
        trimmed: v.trimmed,
        follow_up: v.follow_up,
        ratings: Rating::ALL.iter().map(|r| r.label().to_string()).collect(),
        notice: v.notice,
        summary: closing.or(v.summary),
        answered: v.answered as u32,
        recalled: v.recalled as u32,
        report: None,
    }
}
