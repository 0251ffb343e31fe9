//! The server ↔ editor protocol beyond LSP, typed in one place: every command the server
//! advertises with its own argument struct (also used to build lens and action arguments), their
//! results, and our notifications. `docs/protocol.md` documents each one, and the editors' copies
//! (`editors/vscode/src/protocol.ts`, `editors/neovim/lua/interview_prep/protocol.lua`) are
//! generated from the descriptions here; tests fail when either drifts.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_lsp_server::ls_types::{Command, Range};

/// One field of a protocol struct, for the generated editor types and the docs check.
#[derive(Debug)]
pub struct Field {
    /// As it travels (camelCase).
    pub name: &'static str,
    /// TypeScript type; a leading `?` marks an optional field (absent or `null`).
    pub ts: &'static str,
    pub doc: &'static str,
}

/// A protocol struct: its name, what it is for, and its fields.
#[derive(Debug)]
pub struct Shape {
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: &'static [Field],
}

pub trait Described {
    const SHAPE: Shape;
}

/// A serde struct (camelCase on the wire, every field defaulted) and its [`Shape`].
macro_rules! protocol_struct {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            $( $(#[doc = $fdoc:literal])* $field:ident : $ty:ty => $wire:literal as $ts:literal ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase", default)]
        pub struct $name {
            $( $(#[doc = $fdoc])* pub $field: $ty, )*
        }

        impl Described for $name {
            const SHAPE: Shape = Shape {
                name: stringify!($name),
                doc: concat!($($doc),*),
                fields: &[ $( Field { name: $wire, ts: $ts, doc: concat!($($fdoc),*) } ),* ],
            };
        }
    };
}

/// How a quiz asks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuizMode {
    #[default]
    Flashcard,
    Choice,
    /// The user writes the answer; the server grades it against the entry's key points.
    Answer,
}

impl From<QuizMode> for crate::progress::Mode {
    fn from(m: QuizMode) -> Self {
        match m {
            QuizMode::Flashcard => crate::progress::Mode::Flashcard,
            QuizMode::Choice => crate::progress::Mode::Choice,
            QuizMode::Answer => crate::progress::Mode::Answer,
        }
    }
}

impl From<crate::progress::Mode> for QuizMode {
    fn from(m: crate::progress::Mode) -> Self {
        match m {
            crate::progress::Mode::Flashcard => QuizMode::Flashcard,
            crate::progress::Mode::Choice => QuizMode::Choice,
            crate::progress::Mode::Answer => QuizMode::Answer,
        }
    }
}

protocol_struct! {
    /// Quiz on the concepts of an open file (the file lens, "Quiz me on this file").
    pub struct QuizFileArgs {
        /// The document.
        uri: String => "uri" as "string",
        /// How many questions (default 10, at most 200).
        count: Option<u32> => "count" as "?number",
        /// `flashcard`, `choice` or `answer`; default: the `quizMode` setting.
        mode: Option<QuizMode> => "mode" as "?QuizMode",
    }
}

protocol_struct! {
    /// Quiz on one function or class (its lens).
    pub struct QuizRangeArgs {
        /// The document.
        uri: String => "uri" as "string",
        /// The document version the range belongs to. When the document has changed since, the
        /// range is not trusted and the quiz is on `concepts` anywhere in the file.
        version: Option<i32> => "version" as "?number",
        /// The function or class.
        range: Range => "range" as "Range",
        /// The concepts the lens showed.
        concepts: Vec<String> => "concepts" as "string[]",
        /// How many questions (default 10, at most 200).
        count: Option<u32> => "count" as "?number",
        /// `flashcard`, `choice` or `answer`; default: the `quizMode` setting.
        mode: Option<QuizMode> => "mode" as "?QuizMode",
    }
}

protocol_struct! {
    /// Quiz on one concept ("Quiz me on this concept"). A bare string argument is the concept.
    pub struct QuizConceptArgs {
        /// A concept id (`interview-prep concepts`).
        concept: String => "concept" as "string",
        /// The document it was invoked in: the prompt quotes the occurrence there.
        uri: Option<String> => "uri" as "?string",
        /// The occurrence it was invoked on, in that document.
        range: Option<Range> => "range" as "?Range",
        /// How many questions (default 10, at most 200).
        count: Option<u32> => "count" as "?number",
        /// `flashcard`, `choice` or `answer`; default: the `quizMode` setting.
        mode: Option<QuizMode> => "mode" as "?QuizMode",
    }
}

protocol_struct! {
    /// Quiz on every card that is due (and, in interview-date mode, today's share of new ones).
    pub struct QuizDueArgs {
        /// How many questions (default 10, at most 200).
        count: Option<u32> => "count" as "?number",
        /// `flashcard`, `choice` or `answer`; default: the `quizMode` setting.
        mode: Option<QuizMode> => "mode" as "?QuizMode",
    }
}

protocol_struct! {
    /// A mock interview on a topic. Without a topic the server asks which one. A bare string
    /// argument is the topic.
    pub struct MockInterviewArgs {
        /// Python, Django, HTTP and APIs, Databases and SQL, Docker and cloud, System design,
        /// Security, Live coding, Behavioural, Mixed, or a deck topic id.
        topic: Option<String> => "topic" as "?string",
        /// Instead of a topic: an interview on the workspace's own code (a warm-up on its stack,
        /// then its concepts and pitfalls with the code, each with a follow-up), timed, with a
        /// report at the end. Answer mode when the panel takes written answers.
        workspace: Option<bool> => "workspace" as "?boolean",
        /// How long a workspace interview lasts (default 30 minutes).
        minutes: Option<u32> => "minutes" as "?number",
        /// How many questions on a topic (default 5, at most 200).
        count: Option<u32> => "count" as "?number",
        /// `flashcard`, `choice` or `answer`; default: the `quizMode` setting.
        mode: Option<QuizMode> => "mode" as "?QuizMode",
    }
}

protocol_struct! {
    /// Open the Q&A of a concept or a deck entry in the editor (a message when it cannot open
    /// documents). Give one of the two.
    pub struct ExplainArgs {
        /// A concept id: its primary entry.
        concept: Option<String> => "concept" as "?string",
        /// A deck entry id.
        entry: Option<String> => "entry" as "?string",
    }
}

protocol_struct! {
    /// No arguments.
    pub struct NoArgs {}
}

protocol_struct! {
    /// Mastery of one deck topic.
    pub struct TopicProgress {
        /// The deck topic id (`django-orm`).
        topic: String => "topic" as "string",
        /// Its display title (`Django ORM`).
        title: String => "title" as "string",
        /// Expected share of the topic's questions recalled now, 0 to 1.
        mastery: f64 => "mastery" as "number",
        /// Cards of the topic due now.
        due: u32 => "due" as "number",
        /// Its entries reviewed at least once, of `entries`.
        reviewed: u32 => "reviewed" as "number",
        entries: u32 => "entries" as "number",
    }
}

protocol_struct! {
    /// Cards becoming due on one day.
    pub struct DayCount {
        /// `YYYY-MM-DD`.
        date: String => "date" as "string",
        count: u32 => "count" as "number",
    }
}

protocol_struct! {
    /// Interview-date mode: how many of the concepts seen in the user's code are recalled.
    pub struct ReadyBy {
        /// The interview date, `YYYY-MM-DD`.
        date: String => "date" as "string",
        recalled: u32 => "recalled" as "number",
        total: u32 => "total" as "number",
    }
}

protocol_struct! {
    /// The result of `interview-prep.progressSummary`: what a status bar or a progress view shows.
    pub struct ProgressSummary {
        /// Cards due now.
        due: u32 => "due" as "number",
        /// Cards reviewed at least once.
        cards: u32 => "cards" as "number",
        reviewed_today: u32 => "reviewedToday" as "number",
        /// Consecutive days with a review.
        streak: u32 => "streak" as "number",
        topics: Vec<TopicProgress> => "topics" as "TopicProgress[]",
        /// Cards becoming due on each of the next seven days; today includes the overdue.
        forecast: Vec<DayCount> => "forecast" as "DayCount[]",
        ready_by: Option<ReadyBy> => "readyBy" as "?ReadyBy",
    }
}

protocol_struct! {
    /// Parameters of `interview-prep/progressChanged`: what the user knows has changed (an answer
    /// was saved, a quiz ended, another editor wrote the store). Lenses, diagnostics and status
    /// bars should refresh.
    pub struct ProgressChanged {
        /// `answer`, `quizEnded` or `store`.
        reason: String => "reason" as "string",
        /// The summary after the change, when it could be read.
        summary: Option<ProgressSummary> => "summary" as "?ProgressSummary",
    }
}

protocol_struct! {
    /// Hide a concept in the project: the server adds it to the governing config file's `ignore`
    /// (creating `.interview-prep.toml` at the workspace folder when there is none), says what it
    /// wrote, and offers to undo it.
    pub struct HideInProjectArgs {
        /// A concept id.
        concept: String => "concept" as "string",
        /// The document it was invoked in: its project configuration is the one edited.
        uri: String => "uri" as "string",
    }
}

protocol_struct! {
    /// The line of the user's code a question is about.
    pub struct CodeRef {
        /// As the user knows it: relative to the workspace folder.
        path: String => "path" as "string",
        /// 1-based.
        line: u32 => "line" as "number",
        /// The line, trimmed.
        text: String => "text" as "string",
        /// The file, to open it at `line`.
        uri: Option<String> => "uri" as "?string",
    }
}

protocol_struct! {
    /// One key point of an entry, and whether the written answer made it.
    pub struct PointState {
        /// The point in the deck's words: what an interviewer listens for.
        text: String => "text" as "string",
        hit: bool => "hit" as "boolean",
    }
}

protocol_struct! {
    /// The whole state of a quiz shown in a panel: what to draw, and what the user may do next.
    /// Sent as `interview-prep/quiz` when a quiz starts, and returned by every
    /// `interview-prep/quizReply`.
    pub struct QuizState {
        /// The session this state belongs to; replies name it.
        session: u64 => "session" as "number",
        /// 0-based; `total` questions in all.
        index: u32 => "index" as "number",
        total: u32 => "total" as "number",
        /// `ask` (show the answer, skip, pick a statement, or write an answer), `rate` (the
        /// answer is shown), `result` (a statement was picked), `graded` (a written answer's key
        /// points, made and missed, and a proposed rating), `followup` (the follow-up question
        /// is up), or `done`.
        stage: String => "stage" as "QuizStage",
        /// How the current question is asked.
        mode: QuizMode => "mode" as "QuizMode",
        /// The concept's title, or the deck topic.
        about: String => "about" as "string",
        /// Said before the question (a mock interview's warm-up).
        lead: Option<String> => "lead" as "?string",
        question: String => "question" as "string",
        /// The deck entry id.
        entry: String => "entry" as "string",
        /// A `file://` link to the entry's heading (the full answer).
        entry_link: Option<String> => "entryLink" as "?string",
        /// The line of the user's code the question is about.
        code: Option<CodeRef> => "code" as "?CodeRef",
        /// Multiple choice: the four statements, in full, in the order shown.
        choices: Vec<String> => "choices" as "string[]",
        /// The short answer, Markdown, once it may be shown.
        answer: Option<String> => "answer" as "?string",
        /// After a pick: whether it was right, the pick, and the true statement (indexes into
        /// `choices`).
        correct: Option<bool> => "correct" as "?boolean",
        picked: Option<u32> => "picked" as "?number",
        right: Option<u32> => "right" as "?number",
        /// `graded`: what the user wrote, each key point made or missed, the proposed rating
        /// (1–4, as `rate` takes it; absent when nothing was written, which only confirms
        /// Forgot or writes again), and whether an answer over 20 KB was cut before grading.
        written: Option<String> => "written" as "?string",
        points: Vec<PointState> => "points" as "PointState[]",
        proposed: Option<u32> => "proposed" as "?number",
        trimmed: bool => "trimmed" as "boolean",
        /// `followup`: the follow-up question.
        follow_up: Option<String> => "followUp" as "?string",
        /// The four ratings, in order (`rate` replies take 1 to 4).
        ratings: Vec<String> => "ratings" as "string[]",
        /// How the last answer was saved ("Saved · next review in 3 days").
        notice: Option<String> => "notice" as "?string",
        /// At the end: how it went, and what is due.
        summary: Option<String> => "summary" as "?string",
        /// At the end of a mock interview on the workspace: the report (plain text: time per
        /// question, key points made and missed, what to study next).
        report: Option<String> => "report" as "?string",
        answered: u32 => "answered" as "number",
        recalled: u32 => "recalled" as "number",
    }
}

protocol_struct! {
    /// A reply to the current quiz question.
    pub struct QuizReplyParams {
        session: u64 => "session" as "number",
        /// `show`, `skip`, `rate` (`value` 1–4: Forgot, Struggled, Recalled, Easy), `choose`
        /// (`value`: the statement's index in `choices`), `next`, `stop`; in answer mode
        /// `answer` (`text`: the written answer, or the follow-up's), `accept` (the proposed
        /// rating) and `retry` (write an answer after an empty one).
        action: String => "action" as "string",
        value: Option<u32> => "value" as "?number",
        text: Option<String> => "text" as "?string",
    }
}

protocol_struct! {
    /// Which concepts to list: the open file's (`uri`), or the whole workspace's.
    pub struct ConceptsParams {
        /// `file` or `workspace`.
        scope: String => "scope" as "string",
        /// The document, for `file`.
        uri: Option<String> => "uri" as "?string",
    }
}

protocol_struct! {
    /// One place a concept occurs.
    pub struct Occurrence {
        uri: String => "uri" as "string",
        /// Relative to the workspace folder.
        path: String => "path" as "string",
        range: Range => "range" as "Range",
        /// The line, trimmed.
        text: String => "text" as "string",
    }
}

protocol_struct! {
    /// A concept found in code, with its places.
    pub struct ConceptGroup {
        concept: String => "concept" as "string",
        title: String => "title" as "string",
        /// `concept` or `pitfall`.
        kind: String => "kind" as "string",
        /// The catalog topic and its display name.
        topic: String => "topic" as "string",
        topic_title: String => "topicTitle" as "string",
        /// Where the user stands on its main question: `new`, `due`, `weak` or `recalled`.
        status: Option<String> => "status" as "?string",
        /// Its main deck entry.
        entry: Option<String> => "entry" as "?string",
        /// Occurrences in all (the list may hold fewer).
        count: u32 => "count" as "number",
        occurrences: Vec<Occurrence> => "occurrences" as "Occurrence[]",
    }
}

protocol_struct! {
    /// The result of `interview-prep/concepts`: pitfalls first, then concepts by count.
    pub struct ConceptsResult {
        concepts: Vec<ConceptGroup> => "concepts" as "ConceptGroup[]",
        /// Python files looked at.
        files: u32 => "files" as "number",
        /// Whether the workspace had more files than are scanned.
        truncated: bool => "truncated" as "boolean",
    }
}

protocol_struct! {
    /// The progress report as one self-contained HTML page.
    pub struct ProgressReportParams {
        /// A nonce for its inline script and style (a webview's Content-Security-Policy).
        nonce: Option<String> => "nonce" as "?string",
    }
}

protocol_struct! {
    /// The result of `interview-prep/progressReport`.
    pub struct ProgressReport {
        html: String => "html" as "string",
    }
}

/// A command the server advertises, with its arguments.
#[derive(Clone, Debug, PartialEq)]
pub enum ServerCommand {
    QuizFile(QuizFileArgs),
    QuizRange(QuizRangeArgs),
    QuizConcept(QuizConceptArgs),
    QuizDue(QuizDueArgs),
    MockInterview(MockInterviewArgs),
    ProgressSummary(NoArgs),
    Explain(ExplainArgs),
    HideInProject(HideInProjectArgs),
}

/// What the protocol documentation and the editors need to know of a command.
#[derive(Debug)]
pub struct CommandInfo {
    pub name: &'static str,
    /// The key editors use for it (`quizFile`).
    pub key: &'static str,
    pub args: Shape,
    /// TypeScript type of the result.
    pub result: &'static str,
}

pub const QUIZ_FILE: &str = "interview-prep.quizFile";
pub const QUIZ_RANGE: &str = "interview-prep.quizRange";
pub const QUIZ_CONCEPT: &str = "interview-prep.quizConcept";
pub const QUIZ_DUE: &str = "interview-prep.quizDue";
pub const MOCK_INTERVIEW: &str = "interview-prep.mockInterview";
pub const PROGRESS_SUMMARY: &str = "interview-prep.progressSummary";
pub const EXPLAIN: &str = "interview-prep.explain";
pub const HIDE_IN_PROJECT: &str = "interview-prep.hideInProject";

/// Every command, in the order they are documented.
pub const COMMANDS: &[CommandInfo] = &[
    CommandInfo { name: QUIZ_FILE, key: "quizFile", args: QuizFileArgs::SHAPE, result: "null" },
    CommandInfo { name: QUIZ_RANGE, key: "quizRange", args: QuizRangeArgs::SHAPE, result: "null" },
    CommandInfo { name: QUIZ_CONCEPT, key: "quizConcept", args: QuizConceptArgs::SHAPE, result: "null" },
    CommandInfo { name: QUIZ_DUE, key: "quizDue", args: QuizDueArgs::SHAPE, result: "null" },
    CommandInfo { name: MOCK_INTERVIEW, key: "mockInterview", args: MockInterviewArgs::SHAPE, result: "null" },
    CommandInfo { name: PROGRESS_SUMMARY, key: "progressSummary", args: NoArgs::SHAPE, result: "ProgressSummary" },
    CommandInfo { name: EXPLAIN, key: "explain", args: ExplainArgs::SHAPE, result: "null" },
    CommandInfo { name: HIDE_IN_PROJECT, key: "hideInProject", args: HideInProjectArgs::SHAPE, result: "null" },
];

/// `interview-prep/progressChanged`, server → client.
pub const PROGRESS_CHANGED: &str = "interview-prep/progressChanged";
/// `interview-prep/quiz`, server → client: a quiz started in a panel.
pub const QUIZ: &str = "interview-prep/quiz";

/// Every notification the server sends of its own: (method, key, params).
pub const NOTIFICATIONS: &[(&str, &str, Shape)] =
    &[(PROGRESS_CHANGED, "progressChanged", ProgressChanged::SHAPE), (QUIZ, "quiz", QuizState::SHAPE)];

pub const QUIZ_REPLY: &str = "interview-prep/quizReply";
pub const CONCEPTS: &str = "interview-prep/concepts";
pub const PROGRESS_REPORT: &str = "interview-prep/progressReport";

/// A request the client sends besides LSP's own.
#[derive(Debug)]
pub struct RequestInfo {
    pub method: &'static str,
    pub key: &'static str,
    pub params: Shape,
    /// TypeScript type of the result.
    pub result: &'static str,
}

/// Every custom request the server answers.
pub const REQUESTS: &[RequestInfo] = &[
    RequestInfo { method: QUIZ_REPLY, key: "quizReply", params: QuizReplyParams::SHAPE, result: "QuizState" },
    RequestInfo { method: CONCEPTS, key: "concepts", params: ConceptsParams::SHAPE, result: "ConceptsResult" },
    RequestInfo {
        method: PROGRESS_REPORT,
        key: "progressReport",
        params: ProgressReportParams::SHAPE,
        result: "ProgressReport",
    },
];

/// What a client declares to have quizzes sent to its own panel instead of prompts:
/// `capabilities.experimental.interviewPrep.quizPanel: true`.
pub const QUIZ_PANEL_CAPABILITY: &str = "quizPanel";

/// What a panel client declares when it can take written answers (answer mode):
/// `capabilities.experimental.interviewPrep.quizAnswers: true`. Other clients get flashcards
/// when answer mode is asked for.
pub const QUIZ_ANSWERS_CAPABILITY: &str = "quizAnswers";

/// Structs that travel only inside others (documented with them).
pub const SHAPES: &[Shape] = &[
    TopicProgress::SHAPE,
    DayCount::SHAPE,
    ReadyBy::SHAPE,
    ProgressSummary::SHAPE,
    CodeRef::SHAPE,
    PointState::SHAPE,
    Occurrence::SHAPE,
    ConceptGroup::SHAPE,
    ConceptsResult::SHAPE,
    ProgressReport::SHAPE,
];

/// Reads a custom request's params, or names the field that is wrong.
pub fn params<T: DeserializeOwned>(method: &str, value: Value) -> Result<T, BadParams> {
    let value = if value.is_null() { Value::Object(Default::default()) } else { value };
    if let (Some(obj), Some(info)) = (value.as_object(), REQUESTS.iter().find(|r| r.method == method)) {
        for f in info.params.fields.iter().filter(|f| !f.ts.starts_with('?') && !f.ts.ends_with("[]")) {
            if obj.get(f.name).is_none_or(Value::is_null) {
                return Err(BadParams(format!("{method}: missing `{}`", f.name)));
            }
        }
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        BadParams(format!("{method}: bad `{path}`: {}", e.into_inner()))
    })
}

/// Why a command's arguments were refused: the message names the command and the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadParams(pub String);

impl ServerCommand {
    /// Reads a `workspace/executeCommand`: the command name and its first argument.
    pub fn parse(command: &str, arguments: Vec<Value>) -> Result<ServerCommand, BadParams> {
        let arg = arguments.into_iter().next().unwrap_or(Value::Null);
        Ok(match command {
            QUIZ_FILE => ServerCommand::QuizFile(args(command, arg)?),
            QUIZ_RANGE => ServerCommand::QuizRange(args(command, arg)?),
            QUIZ_CONCEPT => ServerCommand::QuizConcept(match arg {
                Value::String(concept) => QuizConceptArgs { concept, ..Default::default() },
                other => args(command, other)?,
            }),
            QUIZ_DUE => ServerCommand::QuizDue(args(command, arg)?),
            MOCK_INTERVIEW => ServerCommand::MockInterview(match arg {
                Value::String(topic) => MockInterviewArgs { topic: Some(topic), ..Default::default() },
                other => args(command, other)?,
            }),
            PROGRESS_SUMMARY => ServerCommand::ProgressSummary(args(command, arg)?),
            EXPLAIN => ServerCommand::Explain(args(command, arg)?),
            HIDE_IN_PROJECT => ServerCommand::HideInProject(args(command, arg)?),
            other => return Err(BadParams(format!("unknown command `{other}`"))),
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            ServerCommand::QuizFile(_) => QUIZ_FILE,
            ServerCommand::QuizRange(_) => QUIZ_RANGE,
            ServerCommand::QuizConcept(_) => QUIZ_CONCEPT,
            ServerCommand::QuizDue(_) => QUIZ_DUE,
            ServerCommand::MockInterview(_) => MOCK_INTERVIEW,
            ServerCommand::ProgressSummary(_) => PROGRESS_SUMMARY,
            ServerCommand::Explain(_) => EXPLAIN,
            ServerCommand::HideInProject(_) => HIDE_IN_PROJECT,
        }
    }

    /// The LSP command a lens or a code action carries.
    pub fn to_lsp(&self, title: String) -> Command {
        let arg = match self {
            ServerCommand::QuizFile(a) => serde_json::to_value(a),
            ServerCommand::QuizRange(a) => serde_json::to_value(a),
            ServerCommand::QuizConcept(a) => serde_json::to_value(a),
            ServerCommand::QuizDue(a) => serde_json::to_value(a),
            ServerCommand::MockInterview(a) => serde_json::to_value(a),
            ServerCommand::ProgressSummary(a) => serde_json::to_value(a),
            ServerCommand::Explain(a) => serde_json::to_value(a),
            ServerCommand::HideInProject(a) => serde_json::to_value(a),
        };
        Command { title, command: self.name().to_string(), arguments: Some(vec![arg.unwrap_or(Value::Null)]) }
    }
}

/// The argument struct of a command, or a message naming the field that is wrong. `null` stands
/// for `{}`; a required field (neither optional nor a list) must be present and not `null`.
fn args<T: DeserializeOwned>(command: &str, value: Value) -> Result<T, BadParams> {
    let value = if value.is_null() { Value::Object(Default::default()) } else { value };
    if let (Some(obj), Some(info)) = (value.as_object(), COMMANDS.iter().find(|c| c.name == command)) {
        for f in info.args.fields.iter().filter(|f| !f.ts.starts_with('?') && !f.ts.ends_with("[]")) {
            if obj.get(f.name).is_none_or(Value::is_null) {
                return Err(BadParams(format!("{command}: missing argument `{}`", f.name)));
            }
        }
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." {
            BadParams(format!("{command}: bad arguments: {inner}"))
        } else {
            BadParams(format!("{command}: bad argument `{path}`: {inner}"))
        }
    })
}

/// The TypeScript module the VS Code extension imports (`editors/vscode/src/protocol.ts`).
pub fn typescript() -> String {
    let mut out = String::from(
        "// The server ↔ editor protocol beyond LSP. Generated from server/src/lsp/ext.rs; do not edit.\n\
         // `UPDATE_EXPECT=1 cargo test -p interview-prep --lib protocol` rewrites it.\n\n\
         import type { Range } from 'vscode-languageclient/node';\n\n\
         export type QuizMode = 'flashcard' | 'choice' | 'answer';\n\
         export type QuizStage = 'ask' | 'rate' | 'result' | 'graded' | 'followup' | 'done';\n\n",
    );
    out.push_str(
        "/** The commands the server advertises (`workspace/executeCommand`). */\nexport const Commands = {\n",
    );
    for c in COMMANDS {
        out.push_str(&format!("  {}: '{}',\n", c.key, c.name));
    }
    out.push_str("} as const;\n\n/** Notifications the server sends. */\nexport const Notifications = {\n");
    for (method, key, _) in NOTIFICATIONS {
        out.push_str(&format!("  {key}: '{method}',\n"));
    }
    out.push_str("} as const;\n\n/** Requests the client sends besides LSP's own. */\nexport const Requests = {\n");
    for r in REQUESTS {
        out.push_str(&format!("  {}: '{}',\n", r.key, r.method));
    }
    out.push_str("} as const;\n\n/** Each request's params and result types. */\nexport interface RequestTypes {\n");
    for r in REQUESTS {
        out.push_str(&format!("  '{}': {{ params: {}; result: {} }};\n", r.method, r.params.name, r.result));
    }
    out.push_str(&format!(
        "}}\n\n/** Declared in `capabilities.experimental.interviewPrep` to get quizzes in a panel. */\nexport const QUIZ_PANEL_CAPABILITY = '{QUIZ_PANEL_CAPABILITY}';\n\
         /** Declared with it when the panel takes written answers (answer mode). */\nexport const QUIZ_ANSWERS_CAPABILITY = '{QUIZ_ANSWERS_CAPABILITY}';\n"
    ));
    out.push_str("\n/** Each command's argument and result types. */\nexport interface CommandTypes {\n");
    for c in COMMANDS {
        out.push_str(&format!("  '{}': {{ args: {}; result: {} }};\n", c.name, c.args.name, c.result));
    }
    out.push_str("}\n");
    let shapes = COMMANDS
        .iter()
        .map(|c| &c.args)
        .filter(|s| s.name != "NoArgs")
        .chain(NOTIFICATIONS.iter().map(|(_, _, s)| s))
        .chain(REQUESTS.iter().map(|r| &r.params))
        .chain(SHAPES.iter());
    out.push_str("\n/** No arguments. */\nexport type NoArgs = Record<string, never>;\n");
    for shape in shapes {
        out.push_str(&format!("\n/** {} */\nexport interface {} {{\n", one_line(shape.doc), shape.name));
        for f in shape.fields {
            if !f.doc.is_empty() {
                out.push_str(&format!("  /** {} */\n", one_line(f.doc)));
            }
            match f.ts.strip_prefix('?') {
                Some(ts) => out.push_str(&format!("  {}?: {ts} | null;\n", f.name)),
                None => out.push_str(&format!("  {}: {};\n", f.name, f.ts)),
            }
        }
        out.push_str("}\n");
    }
    out
}

/// The Lua module the Neovim plugin requires (`lua/interview_prep/protocol.lua`): names, and
/// LuaLS annotations for the argument tables.
pub fn lua() -> String {
    let snake = |key: &str| {
        let mut s = String::new();
        for ch in key.chars() {
            if ch.is_ascii_uppercase() {
                s.push('_');
                s.push(ch.to_ascii_lowercase());
            } else {
                s.push(ch);
            }
        }
        s
    };
    let mut out = String::from(
        "--- The server ↔ editor protocol beyond LSP. Generated from server/src/lsp/ext.rs; do not edit.\n\
         --- `UPDATE_EXPECT=1 cargo test -p interview-prep --lib protocol` rewrites it.\n\n",
    );
    let shapes = COMMANDS
        .iter()
        .map(|c| &c.args)
        .chain(NOTIFICATIONS.iter().map(|(_, _, s)| s))
        .chain(REQUESTS.iter().map(|r| &r.params))
        .chain(SHAPES.iter());
    for shape in shapes {
        out.push_str(&format!("---@class interview_prep.{}\n", shape.name));
        for f in shape.fields {
            let (optional, ts) = match f.ts.strip_prefix('?') {
                Some(ts) => ("?", ts),
                None => ("", f.ts),
            };
            let lua_type = match ts {
                "string" | "QuizMode" | "QuizStage" => "string".to_string(),
                "number" => "number".to_string(),
                "boolean" => "boolean".to_string(),
                "string[]" => "string[]".to_string(),
                "Range" => "lsp.Range".to_string(),
                t if t.ends_with("[]") => format!("interview_prep.{}", t),
                t => format!("interview_prep.{t}"),
            };
            out.push_str(&format!("---@field {}{optional} {lua_type}\n", f.name));
        }
        out.push('\n');
    }
    out.push_str("return {\n  commands = {\n");
    for c in COMMANDS {
        out.push_str(&format!("    {} = '{}',\n", snake(c.key), c.name));
    }
    out.push_str("  },\n  notifications = {\n");
    for (method, key, _) in NOTIFICATIONS {
        out.push_str(&format!("    {} = '{method}',\n", snake(key)));
    }
    out.push_str("  },\n  requests = {\n");
    for r in REQUESTS {
        out.push_str(&format!("    {} = '{}',\n", snake(r.key), r.method));
    }
    out.push_str(&format!(
        "  }},\n  quiz_panel_capability = '{QUIZ_PANEL_CAPABILITY}',\n  quiz_answers_capability = '{QUIZ_ANSWERS_CAPABILITY}',\n}}\n"
    ));
    out
}

fn one_line(doc: &str) -> String {
    doc.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod protocol {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_editors_copies_are_generated_from_here() {
        expect_test::expect_file!["../../../editors/vscode/src/protocol.ts"].assert_eq(&typescript());
        expect_test::expect_file!["../../../editors/neovim/lua/interview_prep/protocol.lua"].assert_eq(&lua());
    }

    #[test]
    fn docs_protocol_md_documents_every_command_notification_and_field() {
        let doc = include_str!("../../../docs/protocol.md");
        let section = |heading: &str| -> &str {
            let start = doc.find(heading).unwrap_or_else(|| panic!("docs/protocol.md has no heading {heading}"));
            let rest = &doc[start + heading.len()..];
            &rest[..rest.find("\n### ").unwrap_or(rest.len())]
        };
        let shapes = COMMANDS
            .iter()
            .map(|c| (format!("### `{}`", c.name), &c.args))
            .chain(NOTIFICATIONS.iter().map(|(m, _, s)| (format!("### `{m}`"), s)))
            .chain(REQUESTS.iter().map(|r| (format!("### `{}`", r.method), &r.params)))
            .chain(SHAPES.iter().map(|s| (format!("### `{}`", s.name), s)));
        for (heading, shape) in shapes {
            let text = section(&heading);
            for f in shape.fields {
                assert!(
                    text.contains(&format!("`{}`", f.name)),
                    "docs/protocol.md, {heading}: field `{}` is missing",
                    f.name
                );
            }
        }
    }

    #[test]
    fn arguments_are_read_leniently_and_bad_ones_name_the_field() {
        let parse = |c: &str, v: Value| ServerCommand::parse(c, vec![v]);
        assert_eq!(
            parse(QUIZ_CONCEPT, json!("n-plus-one")).unwrap(),
            ServerCommand::QuizConcept(QuizConceptArgs { concept: "n-plus-one".into(), ..Default::default() })
        );
        assert_eq!(parse(QUIZ_DUE, Value::Null).unwrap(), ServerCommand::QuizDue(QuizDueArgs::default()));
        let e = parse(QUIZ_FILE, json!({"uri": 3})).unwrap_err().0;
        assert!(e.contains("`uri`"), "{e}");
        let e = parse(QUIZ_RANGE, json!({"uri": "file:///a.py", "range": {"start": {"line": 0}}})).unwrap_err().0;
        assert!(e.contains("range.start"), "{e}");
        let e = parse(QUIZ_FILE, json!({"mode": "essay", "uri": "file:///a.py"})).unwrap_err().0;
        assert!(e.contains("`mode`"), "{e}");
        let e = parse(QUIZ_FILE, Value::Null).unwrap_err().0;
        assert!(e.contains("missing argument `uri`"), "{e}");
        let e = parse(QUIZ_FILE, json!({})).unwrap_err().0;
        assert!(e.contains("uri"), "{e}");
        assert!(parse("interview-prep.nope", Value::Null).unwrap_err().0.contains("unknown command"));
    }

    #[test]
    fn lens_arguments_round_trip() {
        let args = QuizRangeArgs {
            uri: "file:///a.py".into(),
            version: Some(3),
            concepts: vec!["lambda".into()],
            ..Default::default()
        };
        let cmd = ServerCommand::QuizRange(args.clone()).to_lsp("Quiz me".into());
        assert_eq!(cmd.command, QUIZ_RANGE);
        assert_eq!(ServerCommand::parse(&cmd.command, cmd.arguments.unwrap()).unwrap(), ServerCommand::QuizRange(args));
    }
}
