// The server ↔ editor protocol beyond LSP. Generated from server/src/lsp/ext.rs; do not edit.
// `UPDATE_EXPECT=1 cargo test -p interview-prep --lib protocol` rewrites it.

import type { Range } from 'vscode-languageclient/node';

export type QuizMode = 'flashcard' | 'choice' | 'answer';
export type QuizStage = 'ask' | 'rate' | 'result' | 'graded' | 'followup' | 'done';

/** The commands the server advertises (`workspace/executeCommand`). */
export const Commands = {
  quizFile: 'interview-prep.quizFile',
  quizRange: 'interview-prep.quizRange',
  quizConcept: 'interview-prep.quizConcept',
  quizDue: 'interview-prep.quizDue',
  mockInterview: 'interview-prep.mockInterview',
  progressSummary: 'interview-prep.progressSummary',
  explain: 'interview-prep.explain',
  hideInProject: 'interview-prep.hideInProject',
} as const;

/** Notifications the server sends. */
export const Notifications = {
  progressChanged: 'interview-prep/progressChanged',
  quiz: 'interview-prep/quiz',
} as const;

/** Requests the client sends besides LSP's own. */
export const Requests = {
  quizReply: 'interview-prep/quizReply',
  concepts: 'interview-prep/concepts',
  progressReport: 'interview-prep/progressReport',
} as const;

/** Each request's params and result types. */
export interface RequestTypes {
  'interview-prep/quizReply': { params: QuizReplyParams; result: QuizState };
  'interview-prep/concepts': { params: ConceptsParams; result: ConceptsResult };
  'interview-prep/progressReport': { params: ProgressReportParams; result: ProgressReport };
}

/** Declared in `capabilities.experimental.interviewPrep` to get quizzes in a panel. */
export const QUIZ_PANEL_CAPABILITY = 'quizPanel';
/** Declared with it when the panel takes written answers (answer mode). */
export const QUIZ_ANSWERS_CAPABILITY = 'quizAnswers';

/** Each command's argument and result types. */
export interface CommandTypes {
  'interview-prep.quizFile': { args: QuizFileArgs; result: null };
  'interview-prep.quizRange': { args: QuizRangeArgs; result: null };
  'interview-prep.quizConcept': { args: QuizConceptArgs; result: null };
  'interview-prep.quizDue': { args: QuizDueArgs; result: null };
  'interview-prep.mockInterview': { args: MockInterviewArgs; result: null };
  'interview-prep.progressSummary': { args: NoArgs; result: ProgressSummary };
  'interview-prep.explain': { args: ExplainArgs; result: null };
  'interview-prep.hideInProject': { args: HideInProjectArgs; result: null };
}

/** No arguments. */
export type NoArgs = Record<string, never>;

/** Quiz on the concepts of an open file (the file lens, "Quiz me on this file"). */
export interface QuizFileArgs {
  /** The document. */
  uri: string;
  /** How many questions (default 10, at most 200). */
  count?: number | null;
  /** `flashcard`, `choice` or `answer`; default: the `quizMode` setting. */
  mode?: QuizMode | null;
}

/** Quiz on one function or class (its lens). */
export interface QuizRangeArgs {
  /** The document. */
  uri: string;
  /** The document version the range belongs to. When the document has changed since, the range is not trusted and the quiz is on `concepts` anywhere in the file. */
  version?: number | null;
  /** The function or class. */
  range: Range;
  /** The concepts the lens showed. */
  concepts: string[];
  /** How many questions (default 10, at most 200). */
  count?: number | null;
  /** `flashcard`, `choice` or `answer`; default: the `quizMode` setting. */
  mode?: QuizMode | null;
}

/** Quiz on one concept ("Quiz me on this concept"). A bare string argument is the concept. */
export interface QuizConceptArgs {
  /** A concept id (`interview-prep concepts`). */
  concept: string;
  /** The document it was invoked in: the prompt quotes the occurrence there. */
  uri?: string | null;
  /** The occurrence it was invoked on, in that document. */
  range?: Range | null;
  /** How many questions (default 10, at most 200). */
  count?: number | null;
  /** `flashcard`, `choice` or `answer`; default: the `quizMode` setting. */
  mode?: QuizMode | null;
}

/** Quiz on every card that is due (and, in interview-date mode, today's share of new ones). */
export interface QuizDueArgs {
  /** How many questions (default 10, at most 200). */
  count?: number | null;
  /** `flashcard`, `choice` or `answer`; default: the `quizMode` setting. */
  mode?: QuizMode | null;
}

/** A mock interview on a topic. Without a topic the server asks which one. A bare string argument is the topic. */
export interface MockInterviewArgs {
  /** Python, Django, HTTP and APIs, Databases and SQL, Docker and cloud, System design, Security, Live coding, Behavioural, Mixed, or a deck topic id. */
  topic?: string | null;
  /** Instead of a topic: an interview on the workspace's own code (a warm-up on its stack, then its concepts and pitfalls with the code, each with a follow-up), timed, with a report at the end. Answer mode when the panel takes written answers. */
  workspace?: boolean | null;
  /** How long a workspace interview lasts (default 30 minutes). */
  minutes?: number | null;
  /** How many questions on a topic (default 5, at most 200). */
  count?: number | null;
  /** `flashcard`, `choice` or `answer`; default: the `quizMode` setting. */
  mode?: QuizMode | null;
}

/** Open the Q&A of a concept or a deck entry in the editor (a message when it cannot open documents). Give one of the two. */
export interface ExplainArgs {
  /** A concept id: its primary entry. */
  concept?: string | null;
  /** A deck entry id. */
  entry?: string | null;
}

/** Hide a concept in the project: the server adds it to the governing config file's `ignore` (creating `.interview-prep.toml` at the workspace folder when there is none), says what it wrote, and offers to undo it. */
export interface HideInProjectArgs {
  /** A concept id. */
  concept: string;
  /** The document it was invoked in: its project configuration is the one edited. */
  uri: string;
}

/** Parameters of `interview-prep/progressChanged`: what the user knows has changed (an answer was saved, a quiz ended, another editor wrote the store). Lenses, diagnostics and status bars should refresh. */
export interface ProgressChanged {
  /** `answer`, `quizEnded` or `store`. */
  reason: string;
  /** The summary after the change, when it could be read. */
  summary?: ProgressSummary | null;
}

/** The whole state of a quiz shown in a panel: what to draw, and what the user may do next. Sent as `interview-prep/quiz` when a quiz starts, and returned by every `interview-prep/quizReply`. */
export interface QuizState {
  /** The session this state belongs to; replies name it. */
  session: number;
  /** 0-based; `total` questions in all. */
  index: number;
  total: number;
  /** `ask` (show the answer, skip, pick a statement, or write an answer), `rate` (the answer is shown), `result` (a statement was picked), `graded` (a written answer's key points, made and missed, and a proposed rating), `followup` (the follow-up question is up), or `done`. */
  stage: QuizStage;
  /** How the current question is asked. */
  mode: QuizMode;
  /** The concept's title, or the deck topic. */
  about: string;
  /** Said before the question (a mock interview's warm-up). */
  lead?: string | null;
  question: string;
  /** The deck entry id. */
  entry: string;
  /** A `file://` link to the entry's heading (the full answer). */
  entryLink?: string | null;
  /** The line of the user's code the question is about. */
  code?: CodeRef | null;
  /** Multiple choice: the four statements, in full, in the order shown. */
  choices: string[];
  /** The short answer, Markdown, once it may be shown. */
  answer?: string | null;
  /** After a pick: whether it was right, the pick, and the true statement (indexes into `choices`). */
  correct?: boolean | null;
  picked?: number | null;
  right?: number | null;
  /** `graded`: what the user wrote, each key point made or missed, the proposed rating (1–4, as `rate` takes it; absent when nothing was written, which only confirms Forgot or writes again), and whether an answer over 20 KB was cut before grading. */
  written?: string | null;
  points: PointState[];
  proposed?: number | null;
  trimmed: boolean;
  /** `followup`: the follow-up question. */
  followUp?: string | null;
  /** The four ratings, in order (`rate` replies take 1 to 4). */
  ratings: string[];
  /** How the last answer was saved ("Saved · next review in 3 days"). */
  notice?: string | null;
  /** At the end: how it went, and what is due. */
  summary?: string | null;
  /** At the end of a mock interview on the workspace: the report (plain text: time per question, key points made and missed, what to study next). */
  report?: string | null;
  answered: number;
  recalled: number;
}

/** A reply to the current quiz question. */
export interface QuizReplyParams {
  session: number;
  /** `show`, `skip`, `rate` (`value` 1–4: Forgot, Struggled, Recalled, Easy), `choose` (`value`: the statement's index in `choices`), `next`, `stop`; in answer mode `answer` (`text`: the written answer, or the follow-up's), `accept` (the proposed rating) and `retry` (write an answer after an empty one). */
  action: string;
  value?: number | null;
  text?: string | null;
}

/** Which concepts to list: the open file's (`uri`), or the whole workspace's. */
export interface ConceptsParams {
  /** `file` or `workspace`. */
  scope: string;
  /** The document, for `file`. */
  uri?: string | null;
}

/** The progress report as one self-contained HTML page. */
export interface ProgressReportParams {
  /** A nonce for its inline script and style (a webview's Content-Security-Policy). */
  nonce?: string | null;
}

/** Mastery of one deck topic. */
export interface TopicProgress {
  /** The deck topic id (`django-orm`). */
  topic: string;
  /** Its display title (`Django ORM`). */
  title: string;
  /** Expected share of the topic's questions recalled now, 0 to 1. */
  mastery: number;
  /** Cards of the topic due now. */
  due: number;
  /** Its entries reviewed at least once, of `entries`. */
  reviewed: number;
  entries: number;
}

/** Cards becoming due on one day. */
export interface DayCount {
  /** `YYYY-MM-DD`. */
  date: string;
  count: number;
}

/** Interview-date mode: how many of the concepts seen in the user's code are recalled. */
export interface ReadyBy {
  /** The interview date, `YYYY-MM-DD`. */
  date: string;
  recalled: number;
  total: number;
}

/** The result of `interview-prep.progressSummary`: what a status bar or a progress view shows. */
export interface ProgressSummary {
  /** Cards due now. */
  due: number;
  /** Cards reviewed at least once. */
  cards: number;
  reviewedToday: number;
  /** Consecutive days with a review. */
  streak: number;
  topics: TopicProgress[];
  /** Cards becoming due on each of the next seven days; today includes the overdue. */
  forecast: DayCount[];
  readyBy?: ReadyBy | null;
}

/** The line of the user's code a question is about. */
export interface CodeRef {
  /** As the user knows it: relative to the workspace folder. */
  path: string;
  /** 1-based. */
  line: number;
  /** The line, trimmed. */
  text: string;
  /** The file, to open it at `line`. */
  uri?: string | null;
}

/** One key point of an entry, and whether the written answer made it. */
export interface PointState {
  /** The point in the deck's words: what an interviewer listens for. */
  text: string;
  hit: boolean;
}

/** One place a concept occurs. */
export interface Occurrence {
  uri: string;
  /** Relative to the workspace folder. */
  path: string;
  range: Range;
  /** The line, trimmed. */
  text: string;
}

/** A concept found in code, with its places. */
export interface ConceptGroup {
  concept: string;
  title: string;
  /** `concept` or `pitfall`. */
  kind: string;
  /** The catalog topic and its display name. */
  topic: string;
  topicTitle: string;
  /** Where the user stands on its main question: `new`, `due`, `weak` or `recalled`. */
  status?: string | null;
  /** Its main deck entry. */
  entry?: string | null;
  /** Occurrences in all (the list may hold fewer). */
  count: number;
  occurrences: Occurrence[];
}

/** The result of `interview-prep/concepts`: pitfalls first, then concepts by count. */
export interface ConceptsResult {
  concepts: ConceptGroup[];
  /** Python files looked at. */
  files: number;
  /** Whether the workspace had more files than are scanned. */
  truncated: boolean;
}

/** The result of `interview-prep/progressReport`. */
export interface ProgressReport {
  html: string;
}
