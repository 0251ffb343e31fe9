//! What "Mock Interview" offers: "This workspace" first (a timed interview on the user's own
//! code), then all topics and each deck topic; for the workspace, how long (15, 30 or 45
//! minutes, 30 picked). Each choice says the `interview-prep.mockInterview` arguments it sends.
//! Also reads the command's own arguments, so a key binding can skip the questions
//! (`"args": {"workspace": true, "minutes": 20}`).
//! No `vscode` import: unit-tested under node.

import type { MockInterviewArgs, TopicProgress } from './protocol';

export interface MockChoice {
  label: string;
  description?: string;
  /** Sent as is; for the workspace the minutes are asked next. */
  args: MockInterviewArgs;
}

export const THIS_WORKSPACE = 'This workspace';

/** The first step: the workspace (when one is open), then all topics, then each deck topic. */
export function mockChoices(topics: readonly TopicProgress[], hasWorkspace: boolean): MockChoice[] {
  const out: MockChoice[] = [];
  // Answered in writing, as in the interview (the quiz panel takes written answers); said
  // outright, as the server otherwise follows the quizMode setting.
  if (hasWorkspace) {
    out.push({ label: THIS_WORKSPACE, description: 'questions on your own code, timed', args: { workspace: true, mode: 'answer' } });
  }
  // "Mixed" is the protocol's name for every topic; no topic at all would make the server ask again.
  out.push({ label: 'All topics', description: 'mixed questions from the whole deck', args: { topic: 'Mixed' } });
  for (const t of topics) out.push({ label: t.title, description: t.topic, args: { topic: t.topic } });
  return out;
}

export interface MinutesChoice {
  label: string;
  description?: string;
  minutes: number;
}

export const DEFAULT_MINUTES = 30;

/** The second step, for the workspace: 15, 30 (the default, picked) or 45 minutes. */
export function minutesChoices(): MinutesChoice[] {
  return [15, 30, 45].map((minutes) => ({
    label: `${minutes} minutes`,
    description: minutes === DEFAULT_MINUTES ? 'default' : undefined,
    minutes,
  }));
}

/** The command's own argument, when it was given one (a key binding's `args`, another
 * extension): a topic string, or `{topic}`, or `{workspace, minutes}`. Undefined: ask. */
export function mockArgs(arg: unknown): MockInterviewArgs | undefined {
  if (typeof arg === 'string') return arg.trim() ? { topic: arg.trim() } : undefined;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  const out: MockInterviewArgs = {};
  if (a.workspace === true) out.workspace = true;
  else if (typeof a.topic === 'string' && a.topic.trim()) out.topic = a.topic.trim();
  else return undefined;
  if (typeof a.minutes === 'number' && Number.isFinite(a.minutes) && a.minutes >= 1) out.minutes = Math.round(a.minutes);
  if (typeof a.count === 'number' && Number.isFinite(a.count) && a.count >= 1) out.count = Math.round(a.count);
  if (a.mode === 'flashcard' || a.mode === 'choice' || a.mode === 'answer') out.mode = a.mode;
  else if (out.workspace) out.mode = 'answer';
  return out;
}
