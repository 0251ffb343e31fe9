//! The quiz panel's logic, apart from VS Code: which reply a key (or the button standing for it)
//! sends in each stage of a `QuizState`, and the panel's body as HTML, every server string
//! escaped (the answer through the safe Markdown subset in markdown.ts). The server owns the
//! session; this only draws the state it sent and names the next reply.
//! No `vscode` import: unit-tested under node.

import { highlightPython } from './highlight';
import { escapeHtml, inline, renderMarkdown } from './markdown';
import type { QuizState } from './protocol';

export type ReplyAction = 'show' | 'skip' | 'rate' | 'choose' | 'next' | 'stop';

/** What a key press or a click asks for. */
export type Intent =
  | { kind: 'reply'; action: ReplyAction; value?: number }
  /** Close the panel (the quiz is over). */
  | { kind: 'close' }
  /** Open the quoted code, or the full answer in the deck. */
  | { kind: 'open'; target: 'code' | 'entry' }
  /** The Progress view (from the end summary). */
  | { kind: 'progress' };

/** The keys the panel listens to; others are left to VS Code. */
export const KEYS = [' ', 'Enter', 'Escape', '1', '2', '3', '4', 's', 'c', 'f', 'p'] as const;

/** The intent of `key` (a `KeyboardEvent.key`) in `state`; undefined when it means nothing there. */
export function intentForKey(state: QuizState, key: string): Intent | undefined {
  const k = key.length === 1 ? key.toLowerCase() : key;
  const digit = /^[1-9]$/.test(k) ? Number(k) : undefined;
  const answerShown = state.stage === 'rate' || state.stage === 'result';
  if (k === 'c' && state.code?.uri && state.stage !== 'done') return { kind: 'open', target: 'code' };
  if (k === 'f' && state.entryLink && answerShown) return { kind: 'open', target: 'entry' };
  switch (state.stage) {
    case 'ask':
      if (k === 'Escape') return { kind: 'reply', action: 'stop' };
      if (state.mode === 'flashcard') {
        if (k === ' ' || k === 'Enter') return { kind: 'reply', action: 'show' };
        if (k === 's') return { kind: 'reply', action: 'skip' };
      } else if (digit !== undefined && digit <= state.choices.length) {
        return { kind: 'reply', action: 'choose', value: digit - 1 };
      }
      return undefined;
    case 'rate':
      if (k === 'Escape') return { kind: 'reply', action: 'stop' };
      if (digit !== undefined && digit <= Math.min(4, state.ratings.length)) return { kind: 'reply', action: 'rate', value: digit };
      return undefined;
    case 'result':
      if (k === 'Escape') return { kind: 'reply', action: 'stop' };
      if (k === ' ' || k === 'Enter') return { kind: 'reply', action: 'next' };
      return undefined;
    case 'done':
      if (k === 'Escape' || k === 'Enter' || k === ' ') return { kind: 'close' };
      if (k === 'p') return { kind: 'progress' };
      return undefined;
    default:
      return undefined;
  }
}

/** "3 of 10": the question being asked, 1-based; at the end, how many there were. */
export function progressLabel(state: QuizState): string {
  if (state.stage === 'done') return `${state.total} question${state.total === 1 ? '' : 's'}`;
  return `${Math.min(state.index + 1, state.total)} of ${state.total}`;
}

/** The share of the quiz behind the user, 0 to 1, for the progress bar. */
export function progressShare(state: QuizState): number {
  if (state.total <= 0 || state.stage === 'done') return 1;
  const done = state.index + (state.stage === 'ask' ? 0 : 1);
  return Math.max(0, Math.min(1, done / state.total));
}

/** The line to open for the quoted code: the `file://` uri and the 0-based line. */
export function codeTarget(state: QuizState): { uri: string; line: number } | undefined {
  if (!state.code?.uri) return undefined;
  return { uri: state.code.uri, line: Math.max(0, state.code.line - 1) };
}

/** `file:///deck/python.md#L12` → the file and its 0-based line (0 without a fragment). */
export function entryTarget(link: string): { uri: string; line: number } {
  const m = /^(.*)#L(\d+)$/.exec(link);
  return m ? { uri: m[1], line: Math.max(0, Number(m[2]) - 1) } : { uri: link, line: 0 };
}

const button = (key: string, label: string, attrs = '', kbd = keyName(key)) =>
  `<button type="button" data-key="${escapeHtml(key)}"${attrs}><kbd>${escapeHtml(kbd)}</kbd>${escapeHtml(label)}</button>`;

function keyName(key: string): string {
  if (key === ' ') return 'Space';
  if (key === 'Escape') return 'Esc';
  return key.length === 1 ? key.toUpperCase() : key;
}

/** The panel's body for a state; `error` is shown above it (a reply that failed). */
export function renderQuiz(state: QuizState, error?: string): string {
  const out: string[] = [];
  if (error) out.push(`<div class="error" role="alert">${escapeHtml(error)}</div>`);
  const share = Math.round(progressShare(state) * 1000) / 10;
  out.push(
    '<header>',
    `<span class="about">${inline(state.about || 'Quiz')}</span>`,
    `<span class="count" data-testid="progress">${escapeHtml(progressLabel(state))}</span>`,
    `<div class="track" aria-hidden="true"><div class="fill" data-share="${share}"></div></div>`,
    '</header>',
  );
  // How the last answer was saved: news about the previous step, so it comes first.
  if (state.notice) out.push(`<p class="notice" data-testid="notice">${escapeHtml(state.notice)}</p>`);
  if (state.stage === 'done') {
    out.push('<section class="done">', '<h1>Quiz finished</h1>');
    out.push(`<p class="summary" data-testid="summary">${escapeHtml(state.summary ?? `${state.answered} answered, ${state.recalled} recalled.`)}</p>`);
    out.push('<div class="actions">', button('Enter', 'Close'), button('p', 'Show progress'), '</div>', '</section>');
    return out.join('\n');
  }

  out.push(`<h1 class="question" data-testid="question">${inline(state.question)}</h1>`);
  if (state.code) {
    const where = `${state.code.path}:${state.code.line}`;
    const open = state.code.uri ? ' data-open="code" title="Open ' + escapeHtml(where) + ' (C)"' : '';
    out.push(
      `<figure class="code"${state.code.uri ? '' : ' data-static'}>`,
      `<figcaption><a href="#"${open}>${escapeHtml(where)}</a></figcaption>`,
      `<pre><code data-testid="code">${highlightPython(state.code.text)}</code></pre>`,
      '</figure>',
    );
  }

  if (state.mode === 'choice' && state.choices.length > 0) {
    out.push('<ol class="choices" data-testid="choices">');
    state.choices.forEach((text, i) => {
      const classes = ['choice'];
      let mark = '';
      if (state.stage === 'result') {
        if (i === state.right) {
          classes.push('right');
          mark = '<span class="mark">✓ true</span>';
        }
        if (i === state.picked && i !== state.right) {
          classes.push('wrong');
          mark = '<span class="mark">✗ your pick</span>';
        } else if (i === state.picked) {
          mark = '<span class="mark">✓ your pick</span>';
        }
      }
      const attrs = state.stage === 'ask' ? ` data-key="${i + 1}"` : ' aria-disabled="true"';
      out.push(
        `<li class="${classes.join(' ')}"><button type="button"${attrs}><kbd>${i + 1}</kbd><span class="text">${inline(text)}</span>${mark}</button></li>`,
      );
    });
    out.push('</ol>');
  }

  const actions: string[] = ['<div class="actions" data-testid="actions">'];
  if (state.stage === 'ask' && state.mode === 'flashcard') {
    actions.push(button(' ', 'Show answer', ' class="primary"'), button('s', 'Skip'));
  } else if (state.stage === 'ask') {
    actions.push('<span class="hint">Pick the true statement: <kbd>1</kbd>–<kbd>' + state.choices.length + '</kbd></span>');
  } else if (state.stage === 'rate') {
    actions.push('<span class="hint">How well did you recall it?</span>');
    state.ratings.slice(0, 4).forEach((label, i) => actions.push(button(String(i + 1), label, ` class="rating r${i + 1}"`)));
  } else if (state.stage === 'result') {
    actions.push(button(' ', state.index + 1 >= state.total ? 'Finish' : 'Next question', ' class="primary"'));
  }
  actions.push(button('Escape', 'Stop'), '</div>');

  const answer: string[] = [];
  if (state.answer && (state.stage === 'rate' || state.stage === 'result')) {
    answer.push('<section class="answer" data-testid="answer">', '<h2>Answer</h2>', renderMarkdown(state.answer));
    if (state.entryLink) answer.push('<p class="more"><a href="#" data-open="entry" title="The full answer in the deck (F)">Full answer ↗</a></p>');
    answer.push('</section>');
  }

  if (state.stage === 'result') {
    // The verdict and the way on sit under the statements; the answer, to read at will, below.
    const right = state.right !== undefined && state.right !== null ? String(state.right + 1) : 'marked above';
    out.push(
      '<div class="outcome">',
      state.correct ? '<p class="verdict good">Right.</p>' : `<p class="verdict bad">Not quite: the true statement is ${right}.</p>`,
      ...actions,
      '</div>',
      ...answer,
    );
  } else {
    // The ratings come after the answer they judge.
    out.push(...answer, ...actions);
  }
  return out.join('\n');
}
