//! `workspace/executeCommand` for the commands of `ext::ServerCommand`. A quiz command checks its
//! arguments and works out what it is about at once (bad arguments are an error response),
//! returns `null`, and runs the conversation in a spawned task through
//! `window/showMessageRequest` (awaiting a prompt inside the handler could wedge the server);
//! one quiz at a time per client. Every answer is saved before the next prompt; after each
//! answer and at the end the server sends `interview-prep/progressChanged` and republishes
//! diagnostics, since what the user knows has changed.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

use super::ext::{self, ServerCommand};
use super::{convert, progress, State};
use crate::deck::Entry;
use crate::features::quiz::quiz_targets;
use crate::progress::exchange::write_unsaved;
use crate::progress::summary::{seen_concepts, Knowledge};
use crate::progress::{clock, Mode, ProgressError, Scheduler, Store};
use crate::quiz::mock::{self, Recorder};
use crate::quiz::select::{self, DEFAULT_COUNT, MOCK_TOPICS};
use crate::quiz::session::Session;
use crate::quiz::{Found, Question, Rng};
use crate::session::{entry_visible, shown_path};
use crate::settings::Settings;

/// Questions in a mock interview when the editor does not say.
const MOCK_COUNT: usize = 5;

/// Panics inside the handler, to prove a panic costs one error response and nothing more.
#[cfg(feature = "test-hooks")]
pub const DEBUG_PANIC: &str = "interview-prep.debugPanic";

pub async fn execute(state: &Arc<State>, params: ExecuteCommandParams) -> Result<Option<Value>> {
    #[cfg(feature = "test-hooks")]
    if params.command == DEBUG_PANIC {
        panic!("requested by the test hook");
    }
    let command = ServerCommand::parse(&params.command, params.arguments).map_err(|e| Error::invalid_params(e.0))?;
    match command {
        ServerCommand::ProgressSummary(_) => {
            let s = state.clone();
            let summary = tokio::task::spawn_blocking(move || progress::summary(&s))
                .await
                .map_err(|e| internal(format!("reading progress failed: {e}")))?
                .map_err(|e| internal(e.to_string()))?;
            Ok(Some(serde_json::to_value(summary).map_err(|e| internal(e.to_string()))?))
        }
        ServerCommand::Explain(args) => explain(state, &args).map(|()| None),
        ServerCommand::HideInProject(args) => super::hide::hide_in_project(state, args).map(|()| None),
        quiz => start_quiz(state, quiz).map(|()| None),
    }
}

fn internal(message: String) -> Error {
    Error { code: ErrorCode::InternalError, message: message.into(), data: None }
}

/// What a quiz asks about, decided in the handler from the request's snapshot.
enum Plan {
    /// Concepts found in code, and the settings of the file they were found in.
    Code {
        found: Vec<Found>,
        settings: Arc<Settings>,
    },
    Due,
    Mock {
        topic: String,
    },
    /// A timed mock interview on the workspace's own code.
    Workspace {
        minutes: u32,
    },
    /// A mock interview whose topic (or the workspace) the user picks first.
    PickTopic {
        minutes: u32,
    },
}

/// What a quiz asks, and how: a mock interview on the workspace is timed and kept in the store.
struct Questions {
    questions: Vec<Question>,
    mock: Option<MockRun>,
}

struct MockRun {
    recorder: Recorder,
    limit: Duration,
}

impl Questions {
    fn plain(questions: Vec<Question>) -> Questions {
        Questions { questions, mock: None }
    }
}

fn start_quiz(state: &Arc<State>, command: ServerCommand) -> Result<()> {
    let name = command.name();
    // A mock interview is answered in writing, whatever `quizMode` says for flashcard drills;
    // an explicit `mode` argument still wins.
    let mock_default = matches!(command, ServerCommand::MockInterview(_)).then_some(Mode::Answer);
    let (plan, count, mode) = match command {
        ServerCommand::QuizFile(a) => {
            let snap = open_snapshot(state, name, &a.uri)?;
            let found = quiz_targets(&snap, None, &[]);
            (Plan::Code { found, settings: snap.settings.clone() }, a.count, a.mode)
        }
        ServerCommand::QuizRange(a) => {
            let snap = open_snapshot(state, name, &a.uri)?;
            // The range belongs to the version the lens was computed for; after an edit it may
            // point anywhere, so the lens's concepts are asked about wherever they are.
            let found = if a.version.is_none_or(|v| v == snap.version) {
                quiz_targets(&snap, Some(convert::bytes(&snap.rope, a.range, snap.encoding)), &[])
            } else {
                quiz_targets(&snap, None, &a.concepts)
            };
            (Plan::Code { found, settings: snap.settings.clone() }, a.count, a.mode)
        }
        ServerCommand::QuizConcept(a) => {
            let Some(concept) = crate::concepts::concept(&a.concept) else {
                return Err(Error::invalid_params(format!("{name}: unknown concept `{}`", a.concept)));
            };
            let uri = a.uri.as_deref().map(|u| parse_uri(name, u)).transpose()?;
            let snap = uri.as_ref().and_then(|u| state.snapshot(u));
            let settings = match &snap {
                Some(s) => s.settings.clone(),
                None => Arc::new(state.workspace_settings()),
            };
            if !settings.shows(concept) {
                return Err(Error::invalid_params(format!(
                    "{name}: `{}` is hidden by the settings (select, ignore or topics)",
                    a.concept
                )));
            }
            // The prompt quotes the occurrence it was invoked on, in the document it was invoked in.
            let mut found = match &snap {
                Some(snap) => {
                    let at = a.range.map(|r| convert::offset(&snap.rope, r.start, snap.encoding));
                    let here = at.and_then(|at| {
                        snap.visible()
                            .find(|f| f.id() == a.concept && f.range.start <= at && at < f.range.end)
                            .map(|f| f.range.clone())
                    });
                    quiz_targets(snap, here, std::slice::from_ref(&a.concept))
                }
                None => Vec::new(),
            };
            if found.is_empty() {
                found.push(Found { concept: a.concept.clone(), at: None, file: None });
            }
            (Plan::Code { found, settings }, a.count, a.mode)
        }
        ServerCommand::QuizDue(a) => (Plan::Due, a.count, a.mode),
        ServerCommand::MockInterview(a) => {
            let minutes = a.minutes.unwrap_or(mock::DEFAULT_MINUTES).clamp(1, 240);
            let plan = match a.topic.filter(|t| !t.trim().is_empty()) {
                _ if a.workspace == Some(true) => {
                    if state.roots().is_empty() {
                        return Err(Error::invalid_params(format!("{name}: no workspace folder to interview on")));
                    }
                    Plan::Workspace { minutes }
                }
                Some(topic) => Plan::Mock { topic },
                None => Plan::PickTopic { minutes },
            };
            (plan, a.count.or(Some(MOCK_COUNT as u32)), a.mode)
        }
        ServerCommand::ProgressSummary(_) | ServerCommand::Explain(_) | ServerCommand::HideInProject(_) => {
            unreachable!("not quizzes")
        }
    };
    if let Plan::Code { found, .. } = &plan {
        if found.is_empty() {
            return Err(Error::invalid_params(format!("{name}: no concepts to quiz on")));
        }
    }
    if let Plan::Mock { topic } = &plan {
        let settings = state.workspace_settings();
        let deck = state.deck();
        let any = deck.entries().iter().any(|e| entry_visible(e, &settings) && select::topic_matches(&deck, e, topic));
        if !any {
            return Err(Error::invalid_params(format!("{name}: no questions on `{topic}`")));
        }
    }
    // A panel's quiz lives until the panel replies `stop`; one the user walked away from is
    // replaced by the new one (its answers are saved already).
    if state.quiz_panel.load(Ordering::SeqCst) && state.panel.lock().unwrap_or_else(|e| e.into_inner()).take().is_some()
    {
        state.quiz_running.store(false, Ordering::SeqCst);
    }
    let mut mode: Mode = mode.map(Into::into).or(mock_default).unwrap_or(state.settings().quiz_mode);
    if mode == Mode::Answer && !state.quiz_answers.load(Ordering::SeqCst) {
        // Prompts cannot take a written answer: the same questions as flashcards.
        tracing::info!("answer mode needs a panel that takes written answers; asking flashcards");
        mode = Mode::Flashcard;
    }
    let count = count.map_or(DEFAULT_COUNT, |c| c as usize).clamp(1, 200);
    if state.quiz_running.swap(true, Ordering::SeqCst) {
        let s = state.clone();
        tokio::spawn(async move {
            s.client.show_message(MessageType::INFO, "interview-prep: a quiz is already running").await;
        });
        return Ok(());
    }
    let s = state.clone();
    tokio::spawn(async move {
        let running = Running(Some(s.clone()));
        run_quiz(&s, plan, count, mode, running).await;
    });
    Ok(())
}

fn parse_uri(command: &str, text: &str) -> Result<Uri> {
    text.parse::<Uri>().map_err(|_| Error::invalid_params(format!("{command}: bad argument `uri`: {text}")))
}

fn open_snapshot(state: &Arc<State>, command: &str, uri: &str) -> Result<crate::session::Snapshot> {
    let uri = parse_uri(command, uri)?;
    state.snapshot(&uri).ok_or_else(|| Error::invalid_params(format!("{command}: {} is not open", uri.as_str())))
}

/// Frees the one-quiz slot however the quiz task ends, panics included.
struct Running(Option<Arc<State>>);

impl Running {
    /// The quiz goes on beyond this task (in a panel): whoever ends it frees the slot.
    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(state) = &self.0 {
            state.quiz_running.store(false, Ordering::SeqCst);
        }
    }
}

/// Chooses the questions (reading the store, off the handler), asks them, and reports the end.
async fn run_quiz(state: &Arc<State>, plan: Plan, count: usize, mode: Mode, running: Running) {
    let s = state.clone();
    let loaded = tokio::task::spawn_blocking(move || {
        let store = s.progress.store(&s);
        let sched = progress::scheduler(&s, &store);
        let k = Knowledge::load(&store, sched.clone(), clock::now()).unwrap_or_else(|e| {
            tracing::warn!("reading progress: {e}");
            Knowledge::empty(sched.clone(), clock::now())
        });
        let seen = seen_concepts(&store, &s.deck());
        (store, sched, k, seen)
    })
    .await;
    let Ok((store, sched, k, seen)) = loaded else {
        tracing::error!("opening the progress store panicked; no quiz");
        return;
    };
    let deck = state.deck();
    let questions = match plan {
        Plan::Code { found, settings } => {
            Some(Questions::plain(select::for_code(&deck, &k, &found, count, &|e: &Entry| entry_visible(e, &settings))))
        }
        Plan::Due => {
            let settings = state.workspace_settings();
            Some(Questions::plain(select::due(&deck, &k, &seen, count, &|e: &Entry| entry_visible(e, &settings))))
        }
        Plan::Mock { topic } => Some(Questions::plain(topic_mock(state, &k, &topic, count))),
        Plan::Workspace { minutes } => Some(workspace_mock(state, &k, minutes).await),
        Plan::PickTopic { minutes } => pick_topic(state, &k, count, minutes).await,
    };
    if let Some(Questions { questions, mock: Some(_) }) = &questions {
        if questions.len() < 2 {
            let msg = "interview-prep: no interview concepts found in the workspace's Python files: nothing to build a mock interview from.";
            state.client.show_message(MessageType::INFO, msg.to_string()).await;
            return;
        }
    }
    let (questions, mock) = match questions {
        Some(q) => (Some(q.questions), q.mock),
        None => (None, None),
    };
    let session = |qs: Vec<Question>| {
        let s = Session::new(qs, mode, Rng::from_time());
        match &mock {
            Some(m) => s.with_limit(m.limit),
            None => s,
        }
    };
    let recorder = mock.as_ref().map(|m| m.recorder.clone());
    match questions {
        Some(qs) if qs.is_empty() => {
            let next = k.cards.values().map(|c| c.due).min().map(|d| format!(" The next review is {}.", k.when(d)));
            let msg = format!("interview-prep: nothing is due.{}", next.unwrap_or_default());
            state.client.show_message(MessageType::INFO, msg).await;
        }
        Some(qs) if state.quiz_panel.load(Ordering::SeqCst) => {
            // The client draws the quiz itself: the session waits in the state for its replies,
            // and the one-quiz slot stays taken until it ends.
            running.keep();
            super::panel::start(state, session(qs), store, sched, recorder).await;
        }
        Some(qs) => {
            let mut quiz = session(qs);
            let mut recorder = recorder;
            ask(state, &mut quiz, &store, &sched, recorder.as_mut()).await;
            let aside = keep_unsaved(state, store.clone(), sched).await;
            // Free the slot before telling: an editor may start the next quiz as soon as it hears.
            drop(running);
            let closing = quiz_ended(state, &mut quiz, aside).await;
            let saved = if recorder.is_some() {
                " The mock interview's report is in the progress report (Show Progress)."
            } else {
                ""
            };
            state.client.show_message(MessageType::INFO, format!("interview-prep: {closing}{saved}")).await;
        }
        None => {}
    }
}

/// What follows the end of a quiz: diagnostics and lenses republished, `progressChanged`, and
/// the closing line ("Quiz finished: 3 answered, 2 recalled. 4 due.").
pub(super) async fn quiz_ended(state: &Arc<State>, quiz: &mut Session, aside: Option<String>) -> String {
    state.progress.forget();
    super::sync::republish_all(state).await;
    state.progress_changed("quizEnded").await;
    let s = state.clone();
    let (due, ready) = tokio::task::spawn_blocking(move || match s.progress.knowledge_blocking(&s) {
        Some(k) => {
            let ready = crate::progress::summary::ready_by(&s.progress.store(&s), &s.deck(), &k);
            (k.due_count(), ready.map(|r| format!(" {}.", r.line())).unwrap_or_default())
        }
        None => (0, String::new()),
    })
    .await
    .unwrap_or((0, String::new()));
    let last = quiz.take_notice().map(|n| format!("{n}. ")).unwrap_or_default();
    let aside = aside.unwrap_or_default();
    format!("{last}{} {due} due.{ready}{aside}", quiz.summary())
}

fn topic_mock(state: &Arc<State>, k: &Knowledge, topic: &str, count: usize) -> Vec<Question> {
    let settings = state.workspace_settings();
    select::mock(&state.deck(), k, Some(topic), count, &mut Rng::from_time(), &|e: &Entry| entry_visible(e, &settings))
}

/// A mock interview on the workspace folders' Python files (read from disk, in parallel, off
/// the async threads), with the places shown relative to the workspace.
async fn workspace_mock(state: &Arc<State>, k: &Knowledge, minutes: u32) -> Questions {
    let s = state.clone();
    let k = k.clone();
    let built = tokio::task::spawn_blocking(move || {
        let roots = s.roots();
        let settings = s.settings();
        let mut files = crate::check::collect_files(&roots).map(|l| l.files).unwrap_or_default();
        files.truncate(super::navigator::MAX_WORKSPACE_FILES);
        let (mut analysed, _) = crate::quiz::scan::analyse_files(&files, &|| {}, &settings).unwrap_or_default();
        for f in &mut analysed {
            let shown = shown_path(std::path::Path::new(&f.absolute), &roots);
            for (_, _, at) in &mut f.concepts {
                at.file = shown.clone();
            }
        }
        let visible_settings = s.workspace_settings();
        let visible = |e: &Entry| entry_visible(e, &visible_settings);
        let questions = mock::questions(&s.deck(), &k, &analysed, minutes, &mut Rng::from_time(), &visible);
        let repository = match roots.as_slice() {
            [one] => one.file_name().map_or_else(|| one.display().to_string(), |n| n.to_string_lossy().into_owned()),
            _ => "the workspace".to_string(),
        };
        let recorder = Recorder {
            repository,
            absolute: roots.first().map(|r| r.display().to_string()).unwrap_or_default(),
            minutes,
            stack: mock::stack_names(&analysed),
            started: clock::now(),
            id: None,
        };
        Questions { questions, mock: Some(MockRun { recorder, limit: Duration::from_secs(u64::from(minutes) * 60) }) }
    })
    .await;
    built.unwrap_or_else(|e| {
        tracing::error!("building the mock interview panicked: {e}");
        Questions::plain(Vec::new())
    })
}

/// "This workspace", offered first when there is one.
const THIS_WORKSPACE: &str = "This workspace";

/// The mock-interview topic, asked like any other prompt; `None` if dismissed.
async fn pick_topic(state: &Arc<State>, k: &Knowledge, count: usize, minutes: u32) -> Option<Questions> {
    let workspace = !state.roots().is_empty();
    let actions =
        workspace.then_some(THIS_WORKSPACE).into_iter().chain(MOCK_TOPICS.iter().copied()).map(action).collect();
    let picked = state
        .client
        .show_message_request(MessageType::INFO, "Mock interview: which topic?".to_string(), Some(actions))
        .await
        .ok()
        .flatten()?;
    if picked.title == THIS_WORKSPACE {
        return Some(workspace_mock(state, k, minutes).await);
    }
    Some(Questions::plain(topic_mock(state, k, &picked.title, count)))
}

/// Keeps a mock interview's report in the store as it stands (off the async threads).
pub(super) async fn save_mock(store: &Arc<Store>, recorder: &mut Recorder, session: &Session) {
    let now = clock::now();
    let (_, json) = recorder.snapshot(session, now);
    let (st, id, started, absolute) = (store.clone(), recorder.id, recorder.started, recorder.absolute.clone());
    match tokio::task::spawn_blocking(move || st.save_mock(id, started, now, &absolute, &json)).await {
        Ok(Ok(id)) => recorder.id = Some(id),
        Ok(Err(e)) => tracing::warn!("cannot save the mock interview's report: {e}"),
        Err(e) => tracing::error!("saving the mock interview's report panicked: {e}"),
    }
}

fn action(title: &str) -> MessageActionItem {
    MessageActionItem { title: title.to_string(), properties: Default::default() }
}

/// At the end of a quiz: answers the database still refuses are written once more, and what it
/// still refuses goes to a review log too. A sentence for the closing message when it did.
pub(super) async fn keep_unsaved(state: &Arc<State>, store: Arc<Store>, sched: Scheduler) -> Option<String> {
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

async fn ask(
    state: &Arc<State>,
    session: &mut Session,
    store: &Arc<Store>,
    sched: &Scheduler,
    mut recorder: Option<&mut Recorder>,
) {
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
        if let Some(review) = session.reply(choice.as_deref(), asked.elapsed(), now) {
            save_answer(state, session, store, sched, review, now).await;
        }
        if let Some(r) = recorder.as_deref_mut() {
            save_mock(store, r, session).await;
        }
    }
}

/// Writes one answer before the next prompt, and tells the session (and the user, when the
/// store cannot save) how that went.
pub(super) async fn save_answer(
    state: &Arc<State>,
    session: &mut Session,
    store: &Arc<Store>,
    sched: &Scheduler,
    review: crate::progress::NewReview,
    now: i64,
) {
    let (st, sc) = (store.clone(), sched.clone());
    let saved = tokio::task::spawn_blocking(move || st.record(&review, &sc).map(|s| (s, st.calendar(now)))).await;
    state.progress.forget();
    for n in store.take_notices() {
        state.client.show_message(MessageType::INFO, format!("interview-prep: {n}")).await;
    }
    match saved {
        Ok(Ok((s, cal))) => {
            let k = Knowledge { cal, ..Knowledge::empty(sched.clone(), now) };
            let what = if store.is_saved() { "Saved" } else { "Not saved" };
            session.saved(format!("{what} · next review {}", k.when(s.card.due)));
            state.progress_changed("answer").await;
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

/// Opens a concept's (or entry's) Q&A in the editor, at its heading; falls back to a message when
/// the client cannot show documents.
fn explain(state: &Arc<State>, args: &ext::ExplainArgs) -> Result<()> {
    let deck = state.deck();
    let entry = match (args.entry.as_deref(), args.concept.as_deref()) {
        (Some(id), _) => deck.get(id),
        (None, Some(c)) => deck.primary(c),
        (None, None) => return Err(Error::invalid_params(format!("{}: give `concept` or `entry`", ext::EXPLAIN))),
    }
    .cloned()
    .ok_or_else(|| Error::invalid_params(format!("{}: no such concept or entry", ext::EXPLAIN)))?;
    let s = state.clone();
    tokio::spawn(async move {
        let target = crate::features::definition::entry_location(&entry);
        let shown = match target.as_ref().and_then(convert::location) {
            Some(at) => {
                let params = ShowDocumentParams {
                    uri: at.uri,
                    external: Some(false),
                    take_focus: Some(true),
                    selection: Some(at.range),
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
