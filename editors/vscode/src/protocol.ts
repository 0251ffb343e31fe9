// The server ↔ editor protocol beyond LSP. Generated from server/src/lsp/ext.rs; do not edit.
// `UPDATE_EXPECT=1 cargo test -p interview-prep --lib protocol` rewrites it.

import type { Range } from 'vscode-languageclient/node';

export type QuizMode = 'flashcard' | 'choice';

/** The commands the server advertises (`workspace/executeCommand`). */
export const Commands = {
  quizFile: 'interview-prep.quizFile',
  quizRange: 'interview-prep.quizRange',
  quizConcept: 'interview-prep.quizConcept',
  quizDue: 'interview-prep.quizDue',
  mockInterview: 'interview-prep.mockInterview',
  progressSummary: 'interview-prep.progressSummary',
  explain: 'interview-prep.explain',
} as const;

/** Notifications the server sends. */
export const Notifications = {
  progressChanged: 'interview-prep/progressChanged',
} as const;

/** Each command's argument and result types. */
export interface CommandTypes {
  'interview-prep.quizFile': { args: QuizFileArgs; result: null };
  'interview-prep.quizRange': { args: QuizRangeArgs; result: null };
  'interview-prep.quizConcept': { args: QuizConceptArgs; result: null };
  'interview-prep.quizDue': { args: QuizDueArgs; result: null };
  'interview-prep.mockInterview': { args: MockInterviewArgs; result: null };
  'interview-prep.progressSummary': { args: NoArgs; result: ProgressSummary };
  'interview-prep.explain': { args: ExplainArgs; result: null };
}

/** No arguments. */
export type NoArgs = Record<string, never>;

/** Quiz on the concepts of an open file (the file lens, "Quiz me on this file"). */
export interface QuizFileArgs {
  /** The document. */
  uri: string;
  /** How many questions (default 10, at most 200). */
  count?: number | null;
  /** `flashcard` or `choice`; default: the `quizMode` setting. */
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
  /** `flashcard` or `choice`; default: the `quizMode` setting. */
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
  /** `flashcard` or `choice`; default: the `quizMode` setting. */
  mode?: QuizMode | null;
}

/** Quiz on every card that is due (and, in interview-date mode, today's share of new ones). */
export interface QuizDueArgs {
  /** How many questions (default 10, at most 200). */
  count?: number | null;
  /** `flashcard` or `choice`; default: the `quizMode` setting. */
  mode?: QuizMode | null;
}

/** A mock interview on a topic. Without a topic the server asks which one. A bare string argument is the topic. */
export interface MockInterviewArgs {
  /** Python, Django, HTTP and APIs, Databases and SQL, Docker and cloud, System design, Security, Live coding, Behavioural, Mixed, or a deck topic id. */
  topic?: string | null;
  /** How many questions (default 5, at most 200). */
  count?: number | null;
  /** `flashcard` or `choice`; default: the `quizMode` setting. */
  mode?: QuizMode | null;
}

/** Open the Q&A of a concept or a deck entry in the editor (a message when it cannot open documents). Give one of the two. */
export interface ExplainArgs {
  /** A concept id: its primary entry. */
  concept?: string | null;
  /** A deck entry id. */
  entry?: string | null;
}

/** Parameters of `interview-prep/progressChanged`: what the user knows has changed (an answer was saved, a quiz ended, another editor wrote the store). Lenses, diagnostics and status bars should refresh. */
export interface ProgressChanged {
  /** `answer`, `quizEnded` or `store`. */
  reason: string;
  /** The summary after the change, when it could be read. */
  summary?: ProgressSummary | null;
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
  readyBy?: ReadyBy | null;
}
