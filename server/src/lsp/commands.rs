//! `workspace/executeCommand`: the quiz commands. Each returns at once and runs its interaction
//! in a spawned task (awaiting `showMessageRequest` inside the handler could wedge the server).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::{convert, State};
use crate::deck::Entry;

pub const QUIZ_FILE: &str = "interview-prep.quizFile";
pub const QUIZ_RANGE: &str = "interview-prep.quizRange";
pub const QUIZ_CONCEPT: &str = "interview-prep.quizConcept";
pub const COMMANDS: &[&str] = &[QUIZ_FILE, QUIZ_RANGE, QUIZ_CONCEPT];

/// The arguments lenses and editors send: stateless, everything the command needs.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct QuizArgs {
    pub uri: Option<String>,
    pub version: Option<i32>,
    pub range: Option<Range>,
    pub concepts: Vec<String>,
    pub concept: Option<String>,
}

/// Panics inside the handler, to prove a panic costs one error response and nothing more.
#[cfg(feature = "test-hooks")]
pub const DEBUG_PANIC: &str = "interview-prep.debugPanic";

pub fn execute(state: &Arc<State>, params: ExecuteCommandParams) -> Result<Option<Value>> {
    #[cfg(feature = "test-hooks")]
    if params.command == DEBUG_PANIC {
        panic!("requested by the test hook");
    }
    if !COMMANDS.contains(&params.command.as_str()) {
        return Err(Error::invalid_params(format!("unknown command {}", params.command)));
    }
    let args: QuizArgs = match params.arguments.into_iter().next() {
        None => QuizArgs::default(),
        Some(Value::String(s)) if params.command == QUIZ_CONCEPT => QuizArgs { concept: Some(s), ..Default::default() },
        Some(v) => serde_json::from_value(v)
            .map_err(|e| Error::invalid_params(format!("{}: bad arguments: {e}", params.command)))?,
    };
    let concepts = concepts_for(state, &params.command, &args)?;
    if concepts.is_empty() {
        return Err(Error::invalid_params(format!("{}: no concepts to quiz on", params.command)));
    }
    if state.quiz_running.swap(true, Ordering::SeqCst) {
        let s = state.clone();
        tokio::spawn(async move {
            s.client.show_message(MessageType::INFO, "interview-prep: a quiz is already running").await;
        });
        return Ok(None);
    }
    let deck = state.deck();
    let entry: Option<Entry> = concepts.iter().find_map(|c| deck.primary(c)).cloned();
    let s = state.clone();
    tokio::spawn(async move {
        if let Some(entry) = entry {
            ask(&s, &entry).await;
        }
        s.quiz_running.store(false, Ordering::SeqCst);
    });
    Ok(None)
}

/// The concept ids a quiz command is about, in the order they appear.
fn concepts_for(state: &State, command: &str, args: &QuizArgs) -> Result<Vec<String>> {
    if command == QUIZ_CONCEPT {
        let mut out: Vec<String> = args.concept.iter().cloned().collect();
        out.extend(args.concepts.iter().cloned());
        return Ok(out);
    }
    if !args.concepts.is_empty() {
        return Ok(args.concepts.clone());
    }
    let uri_text = args.uri.as_deref().ok_or_else(|| Error::invalid_params(format!("{command}: missing `uri`")))?;
    let uri: Uri = uri_text.parse().map_err(|_| Error::invalid_params(format!("{command}: bad uri {uri_text}")))?;
    let doc =
        state.documents.get(&uri).ok_or_else(|| Error::invalid_params(format!("{command}: {uri_text} is not open")))?;
    let enc = state.encoding();
    let window = args.range.map(|r| convert::offset(&doc.rope, r.start, enc)..convert::offset(&doc.rope, r.end, enc));
    let mut out: Vec<String> = Vec::new();
    for f in doc.findings.iter() {
        if let Some(w) = &window {
            if f.range.start < w.start || f.range.end > w.end {
                continue;
            }
        }
        if !out.iter().any(|c| c == f.id()) {
            out.push(f.id().to_string());
        }
    }
    Ok(out)
}

/// One question as a flashcard: the question, then the short answer on request.
async fn ask(state: &State, entry: &Entry) {
    let show = MessageActionItem { title: "Show answer".into(), properties: Default::default() };
    let skip = MessageActionItem { title: "Skip".into(), properties: Default::default() };
    let question = format!("Interview question: {}", entry.question);
    let answer = state.client.show_message_request(MessageType::INFO, question, Some(vec![show.clone(), skip])).await;
    if let Ok(Some(choice)) = answer {
        if choice.title == show.title {
            state.client.show_message(MessageType::INFO, format!("{}\n\n{}", entry.question, entry.short)).await;
        }
    }
}
