//! The `interview-prep.progressSummary` result (`ProgressSummary` in protocol.ts) and how it reads
//! in the editor: the status bar's "K due", its tooltip, and what clicking it does. No `vscode` import.

import type { ProgressSummary, TopicProgress } from './protocol';

/** The summary with every optional part filled in. */
export type Summary = ProgressSummary & { topics: TopicProgress[]; readyBy: NonNullable<ProgressSummary['readyBy']> | null };

/** Checks the shape at run time: the server is another program, possibly another version. */
export function asSummary(value: unknown): Summary | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
  const due = num(v.due);
  if (due === undefined) return undefined;
  const topics = Array.isArray(v.topics)
    ? v.topics
        .filter((t): t is Record<string, unknown> => typeof t === 'object' && t !== null && typeof t.topic === 'string')
        .map((t) => ({
          topic: t.topic as string,
          // Older servers sent no title: the topic id is the best name they give.
          title: typeof t.title === 'string' ? t.title : (t.topic as string),
          mastery: num(t.mastery) ?? 0,
          due: num(t.due) ?? 0,
          reviewed: num(t.reviewed) ?? 0,
          entries: num(t.entries) ?? 0,
        }))
    : [];
  const r = v.readyBy as Record<string, unknown> | null | undefined;
  const readyBy =
    r && typeof r === 'object' && typeof r.date === 'string'
      ? { date: r.date, recalled: num(r.recalled) ?? 0, total: num(r.total) ?? 0 }
      : null;
  return {
    due,
    cards: num(v.cards) ?? 0,
    reviewedToday: num(v.reviewedToday) ?? 0,
    streak: num(v.streak) ?? 0,
    topics,
    forecast: Array.isArray(v.forecast)
      ? v.forecast
          .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null && typeof d.date === 'string')
          .map((d) => ({ date: d.date as string, count: num(d.count) ?? 0 }))
      : [],
    readyBy,
  };
}

export function statusText(s: Summary): string {
  return `$(mortar-board) ${s.due} due`;
}

export function statusTooltip(s: Summary): string {
  const lines = [
    `Interview Prep: ${plural(s.due, 'card')} due for review`,
    `${plural(s.cards, 'card')} · ${s.reviewedToday} reviewed today · ${plural(s.streak, 'day')} streak`,
  ];
  if (s.readyBy) lines.push(`Interview ${s.readyBy.date}: ${s.readyBy.recalled}/${s.readyBy.total} recalled`);
  lines.push(s.due > 0 ? 'Click to quiz the due cards' : 'Nothing due: click to see your progress');
  return lines.join('\n');
}

/** What clicking the status bar item runs; its tooltip's last line says the same. */
export function statusCommand(s: Summary | undefined): 'interviewPrep.quizDue' | 'interviewPrep.showProgress' {
  return s && s.due > 0 ? 'interviewPrep.quizDue' : 'interviewPrep.showProgress';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
