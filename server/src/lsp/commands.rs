//! `workspace/executeCommand`: the quiz commands and `progressSummary`. A quiz command chooses
//! its questions at once, returns `null`, and runs the conversation in a spawned task through
//! `window/showMessageRequest` (awaiting a prompt inside the handler could wedge the server);
//! one quiz at a time per client. Every answer is saved before the next prompt; at the end the
//! server refreshes lenses and republishes diagnostics, since what the user knows has changed.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use serde::Deserialize;
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::{convert, progress, State};
use crate::progress::exchange::write_unsaved;
use crate::progress::summary::{seen_concepts, summarize, Knowledge};
use crate::progress::{clock, Mode, ProgressError, Scheduler, Store};
use crate::quiz::select::{self, DEFAULT_COUNT, MOCK_TOPICS};
use crate::quiz::session::Session;
use crate::quiz::{CodeLine, Found, Question, Rng};

pub const QUIZ_FILE: &str = "interview-prep.quizFile";
pub const QUIZ_RANGE: &str = "interview-prep.quizRange";
pub const QUIZ_CONCEPT: &str = "interview-prep.quizConcept";
pub const QUIZ_DUE: &str = "interview-prep.quizDue";
pub const MOCK_INTERVIEW: &str = "interview-prep.mockInterview";
pub const PROGRESS_SUMMARY: &str = "interview-prep.progressSummary";
pub const EXPLAIN: &str = "interview-prep.explain";
pub const COMMANDS: &[&str] =
    &[QUIZ_FILE, QUIZ_RANGE, QUIZ_CONCEPT, QUIZ_DUE, MOCK_INTERVIEW, PROGRESS_SUMMARY, EXPLAIN];

/// Questions in a mock interview when the editor does not say.
const MOCK_COUNT: usize = 5;

/// The arguments lenses and editors send: stateless, everything the command needs.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct QuizArgs {
    pub uri: Option<String>,
    pub version: Option<i32>,
    pub range: Option<Range>,
    pub concepts: Vec<String>,
    pub concept: Option<String>,
    pub topic: Option<String>,
    pub count: Option<usize>,
    /// `flashcard` or `choice`; the `quizMode` setting otherwise.
    pub mode: Option<String>,
    /// A deck entry id (for `interview-prep.explain`).
    pub entry: Option<String>,
}

/// Panics inside the handler, to prove a panic costs one error response and nothing more.
#[cfg(feature = "test-hooks")]
pub const DEBUG_PANIC: &str = "interview-prep.debugPanic";

pub fn execute(state: &Arc<State>, params: ExecuteCommandParams) -> Result<Option<Value>> {
    #[cfg(feature = "test-hooks")]
    if params.command == DEBUG_PANIC {
        panic!("requested by the test hook");
    }
    let command = params.command.as_str();
    if !COMMANDS.contains(&command) {
        return Err(Error::invalid_params(format!("unknown command {command}")));
    }
    let args: QuizArgs = match params.arguments.into_iter().next() {
        None | Some(Value::Null) => QuizArgs::default(),
        Some(Value::String(s)) if command == QUIZ_CONCEPT => QuizArgs { concept: Some(s), ..Default::default() },
        Some(Value::String(s)) if command == MOCK_INTERVIEW => QuizArgs { topic: Some(s), ..Default::default() },
        Some(v) => {
            serde_json::from_value(v).map_err(|e| Error::invalid_params(format!("{command}: bad arguments: {e}")))?
        }
    };
    if command == EXPLAIN {
        return explain(state, &args).map(|()| None);
    }
    if command == PROGRESS_SUMMARY {
        return progress_summary(state).map(Some);
    }
    let mode = match args.mode.as_deref() {
        Some(m) => Mode::parse(m)
            .ok_or_else(|| Error::invalid_params(format!("{command}: mode must be flashcard or choice")))?,
        None => state.settings().quiz_mode,
    };
    let store = progress::store(state);
    let sched = progress::scheduler(state, &store);
    let k = Knowledge::load(&store, sched.clone(), clock::now()).unwrap_or_else(|e| {
        tracing::warn!("reading progress: {e}");
        Knowledge::empty(sched.clone(), clock::now())
    });
    let deck = state.deck();
    let count = args.count.unwrap_or(DEFAULT_COUNT).clamp(1, 200);
    // What to ask, decided now so that bad arguments are an error response, not a silent task.
    let plan = match command {
        QUIZ_DUE => Plan::Ask(select::due(&deck, &k, &seen_concepts(&store, &deck), count)),
        MOCK_INTERVIEW => {
            let count = args.count.unwrap_or(MOCK_COUNT).clamp(1, 200);
            match args.topic.as_deref().filter(|t| !t.trim().is_empty()) {
                Some(topic) => {
                    let qs = select::mock(&deck, &k, Some(topic), count, &mut Rng::from_time());
                    if qs.is_empty() {
                        return Err(Error::invalid_params(format!("{command}: no questions on `{topic}`")));
                    }
                    Plan::Ask(qs)
                }
                None => Plan::PickTopic { count },
            }
        }
        _ => {
            let found = found_for(state, command, &args)?;
            if found.is_empty() {
                return Err(Error::invalid_params(format!("{command}: no concepts to quiz on")));
            }
            Plan::Ask(select::for_code(&deck, &k, &found, count))
        }
    };
    if state.quiz_running.swap(true, Ordering::SeqCst) {
        let s = state.clone();
        tokio::spawn(async move {
            s.client.show_message(MessageType::INFO, "interview-prep: a quiz is already running").await;
        });
        return Ok(None);
    }
    let s = state.clone();
    tokio::spawn(async move {
        let running = Running(s.clone());
        let questions = match plan {
            Plan::Ask(qs) => Some(qs),
            Plan::PickTopic { count } => pick_topic(&s, count).await,
        };
        let mut session = None;
        match questions {
            Some(qs) if qs.is_empty() => {
                let next = k.cards.values().map(|c| c.due).min().map(|d| format!(" The next review is {}.", k.when(d)));
                let msg = format!("interview-prep: nothing is due.{}", next.unwrap_or_default());
                s.client.show_message(MessageType::INFO, msg).await;
            }
            Some(qs) => {
                let mut quiz = Session::new(qs, mode, Rng::from_time());
                let aside = converse(&s, &mut quiz, store, sched).await;
                session = Some((quiz, aside));
            }
            None => {}
        }
        // Free the slot before the refresh: an editor may start the next quiz as soon as it sees it.
        drop(running);
        if let Some((mut quiz, aside)) = session {
            let _ = s.client.code_lens_refresh().await;
            super::sync::republish_all(&s).await;
            let (due, ready) = match progress::knowledge(&s) {
                Some(k) => {
                    let store = progress::store(&s);
                    let ready = crate::progress::summary::ready_by(&store, &s.deck(), &k);
                    (k.due_count(), ready.map(|r| format!(" {}.", r.line())).unwrap_or_default())
                }
                None => (0, String::new()),
            };
            let last = quiz.take_notice().map(|n| format!(" {n}.")).unwrap_or_default();
            let aside = aside.unwrap_or_default();
            let msg = format!("interview-prep:{last} {} {due} due.{ready}{aside}", quiz.summary());
            s.client.show_message(MessageType::INFO, msg).await;
        }
    });
    Ok(None)
}

enum Plan {
    Ask(Vec<Question>),
    PickTopic { count: usize },
}

/// Frees the one-quiz slot however the quiz task ends, panics included.
struct Running(Arc<State>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.quiz_running.store(false, Ordering::SeqCst);
    }
}

/// The mock-interview topic, asked like any other prompt; `None` if dismissed.
async fn pick_topic(state: &Arc<State>, count: usize) -> Option<Vec<Question>> {
    let actions = MOCK_TOPICS.iter().map(|t| action(t)).collect();
    let picked = state
        .client
        .show_message_request(MessageType::INFO, "Mock interview: which topic?".to_string(), Some(actions))
        .await
        .ok()
        .flatten()?;
    let store = progress::store(state);
    let k = Knowledge::load(&store, progress::scheduler(state, &store), clock::now()).ok()?;
    Some(select::mock(&state.deck(), &k, Some(&picked.title), count, &mut Rng::from_time()))
}

fn action(title: &str) -> MessageActionItem {
    MessageActionItem { title: title.to_string(), properties: Default::default() }
}

/// Shows the session's prompts until it ends, saving each answer before the next prompt.
/// Returns a sentence for the closing message when answers had to be written aside.
async fn converse(state: &Arc<State>, session: &mut Session, store: Arc<Store>, sched: Scheduler) -> Option<String> {
    ask(state, session, &store, &sched).await;
    // Answers the database still refuses stay in memory (written with the next answer it
    // takes), and go to a review log too, in case the editor closes first.
    let st = store.clone();
    let aside = tokio::task::spawn_blocking(move || match st.retry_pending(&sched) {
        Ok(()) => Ok(None),
        Err(_) => write_unsaved(&st, &crate::deck::cache::cache_root()),
    })
    .await;
    for n in store.take_notices() {
        state.client.show_message(MessageType::INFO, format!("interview-prep: {n}")).await;
    }
    match aside {
        Ok(Ok(Some((path, n)))) => Some(format!(
            " {n} answer{} not saved yet {} kept in memory and in {}: if the editor closes before the database can be written, run `interview-prep progress import {}`.",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
            path.display(),
            path.display()
        )),
        Ok(Ok(None)) => None,
        Ok(Err(e)) => {
            tracing::warn!("cannot write the unsaved answers aside: {e}");
            None
        }
        Err(e) => {
            tracing::error!("writing the unsaved answers aside panicked: {e}");
            None
        }
    }
}

async fn ask(state: &Arc<State>, session: &mut Session, store: &Arc<Store>, sched: &Scheduler) {
    while let Some(prompt) = session.prompt() {
        let actions = prompt.actions.iter().map(|a| action(a)).collect();
        let asked = Instant::now();
        let reply = state.client.show_message_request(MessageType::INFO, prompt.message, Some(actions)).await;
        let choice = match reply {
            Ok(Some(item)) => Some(item.title),
            Ok(None) => None,
            Err(e) => {
                tracing::warn!("showMessageRequest failed: {e}; ending the quiz");
                None
            }
        };
        let now = clock::now();
        let Some(review) = session.reply(choice.as_deref(), asked.elapsed(), now) else { continue };
        let (st, sc) = (store.clone(), sched.clone());
        let saved = tokio::task::spawn_blocking(move || st.record(&review, &sc).map(|s| (s, st.calendar(now)))).await;
        progress::forget_knowledge(state);
        for n in store.take_notices() {
            state.client.show_message(MessageType::INFO, format!("interview-prep: {n}")).await;
        }
        match saved {
            Ok(Ok((s, cal))) => {
                let k = Knowledge { cal, ..Knowledge::empty(sched.clone(), now) };
                let what = if store.is_saved() { "Saved" } else { "Not saved" };
                session.saved(format!("{what} · next review {}", k.when(s.card.due)));
            }
            Ok(Err(ProgressError::Kept { path, source, .. })) => {
                let why = format!(
                    "progress is not saved: {source}; answers are kept in memory and written once {} can be written",
                    path.display()
                );
                state.warn_once(why).await;
                session.saved("Not saved yet (kept in memory)".into());
            }
            Ok(Err(e)) => {
                state.warn_once(format!("progress is not saved: {e}")).await;
                session.saved("Not saved".into());
            }
            Err(e) => {
                tracing::error!("saving an answer panicked: {e}");
                session.saved("Not saved".into());
            }
        }
    }
}

/// The concepts a file or range quiz is about, with the line of code that prompted each.
fn found_for(state: &State, command: &str, args: &QuizArgs) -> Result<Vec<Found>> {
    let mut wanted: Vec<String> = args.concept.iter().cloned().collect();
    wanted.extend(args.concepts.iter().cloned());
    let doc_uri = match args.uri.as_deref() {
        Some(text) => {
            Some(text.parse::<Uri>().map_err(|_| Error::invalid_params(format!("{command}: bad uri {text}")))?)
        }
        None => None,
    };
    if command != QUIZ_CONCEPT && doc_uri.is_none() && wanted.is_empty() {
        return Err(Error::invalid_params(format!("{command}: missing `uri`")));
    }
    let mut found: Vec<Found> = Vec::new();
    let mut from_doc = |uri: &Uri, window: Option<Range>, only: &[String]| -> bool {
        let Some(doc) = state.documents.get(uri) else { return false };
        let enc = state.encoding();
        let bytes = window.map(|r| convert::offset(&doc.rope, r.start, enc)..convert::offset(&doc.rope, r.end, enc));
        let path = uri.to_file_path().map(|p| p.into_owned());
        let shown = path.as_ref().map_or_else(|| uri.as_str().to_string(), |p| shown_path(state, p));
        for f in doc.findings.iter() {
            if bytes.as_ref().is_some_and(|w| f.range.start < w.start || f.range.end > w.end) {
                continue;
            }
            if (!only.is_empty() && !only.iter().any(|c| c == f.id())) || found.iter().any(|x| x.concept == f.id()) {
                continue;
            }
            let line = doc.rope.byte_to_line(f.range.start.min(doc.rope.len_bytes()));
            let text = doc.rope.line(line).to_string();
            found.push(Found {
                concept: f.id().to_string(),
                at: Some(CodeLine { file: shown.clone(), line: line as u32 + 1, text: text.trim().to_string() }),
                file: path.as_ref().map(|p| p.display().to_string()),
            });
        }
        true
    };
    match (&doc_uri, command) {
        (Some(uri), _) => {
            let open = from_doc(uri, args.range, &wanted);
            if !open && wanted.is_empty() {
                return Err(Error::invalid_params(format!("{command}: {} is not open", uri.as_str())));
            }
        }
        (None, QUIZ_CONCEPT) => {
            // A concept from anywhere: show where the user's open code uses it, if it does.
            let uris: Vec<Uri> = state.documents.iter().map(|d| d.key().clone()).collect();
            for uri in uris {
                from_doc(&uri, None, &wanted);
            }
        }
        _ => {}
    }
    for c in wanted {
        if crate::concepts::concept(&c).is_none() {
            return Err(Error::invalid_params(format!("{command}: unknown concept `{c}`")));
        }
        if !found.iter().any(|f| f.concept == c) {
            found.push(Found { concept: c, at: None, file: None });
        }
    }
    Ok(found)
}

/// A path as the user knows it: relative to the workspace folder that holds it.
fn shown_path(state: &State, path: &std::path::Path) -> String {
    let roots = state.workspace_roots.read().unwrap_or_else(|e| e.into_inner());
    roots
        .iter()
        .find_map(|r| path.strip_prefix(r).ok())
        .map_or_else(|| path.display().to_string(), |p| p.display().to_string())
}

/// `interview-prep.progressSummary`: the shape in the editor contract, nothing more.
fn progress_summary(state: &Arc<State>) -> Result<Value> {
    let store = progress::store(state);
    let sched = progress::scheduler(state, &store);
    let deck = state.deck();
    let summary =
        Knowledge::load(&store, sched, clock::now()).and_then(|k| summarize(&store, &deck, &k)).map_err(|e| Error {
            code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
            message: e.to_string().into(),
            data: None,
        })?;
    Ok(json!({
        "due": summary.due,
        "cards": summary.cards,
        "reviewedToday": summary.reviewed_today,
        "streak": summary.streak,
        "topics": summary.topics.iter().map(|t| json!({"topic": t.topic, "mastery": t.mastery, "due": t.due})).collect::<Vec<_>>(),
        "readyBy": summary.ready_by.map(|r| json!({"date": r.date, "recalled": r.recalled, "total": r.total})),
    }))
}

/// Opens a concept's (or entry's) Q&A in the editor, at its heading; falls back to a message when
/// the client cannot show documents.
fn explain(state: &Arc<State>, args: &QuizArgs) -> Result<()> {
    let deck = state.deck();
    let concept = args.concept.as_deref().or(args.concepts.first().map(String::as_str));
    let entry = match (args.entry.as_deref(), concept) {
        (Some(id), _) => deck.get(id),
        (None, Some(c)) => deck.primary(c),
        (None, None) => return Err(Error::invalid_params(format!("{EXPLAIN}: give `concept` or `entry`"))),
    }
    .cloned()
    .ok_or_else(|| Error::invalid_params(format!("{EXPLAIN}: no such concept or entry")))?;
    let target =
        super::convert::entry_path(&entry).and_then(|p| Uri::from_file_path(std::path::absolute(&p).unwrap_or(p)));
    let s = state.clone();
    tokio::spawn(async move {
        let line = entry.line.saturating_sub(1) as u32;
        let shown = match target {
            Some(uri) => {
                let selection = Range { start: Position { line, character: 0 }, end: Position { line, character: 0 } };
                let params = ShowDocumentParams {
                    uri,
                    external: Some(false),
                    take_focus: Some(true),
                    selection: Some(selection),
                };
                s.client.show_document(params).await.unwrap_or(false)
            }
            None => false,
        };
        if !shown {
            s.client.show_message(MessageType::INFO, format!("{}\n\n{}", entry.question, entry.short)).await;
        }
    });
    Ok(())
}
