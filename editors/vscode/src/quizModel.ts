//! The quiz panel's logic, apart from VS Code: which reply a key (or the button standing for it)
//! sends in each stage of a `QuizState`, and the panel's body as HTML, every server string
//! escaped (the answer through the safe Markdown subset in markdown.ts). The server owns the
//! session; this only draws the state it sent and names the next reply. In answer mode the
//! page has a text box: while it has the focus only Ctrl/Cmd+Enter (submit) and Esc reach the
//! panel, and an unsent answer is a draft the panel keeps per question (`draftKey`) and asks
//! about before it is thrown away.
//! No `vscode` import: unit-tested under node.

import { highlightPython } from './highlight';
import { escapeHtml, inline, renderMarkdown } from './markdown';
import type { QuizState } from './protocol';

export type ReplyAction = 'show' | 'skip' | 'rate' | 'choose' | 'next' | 'stop' | 'answer' | 'accept' | 'retry';

/** What a key press or a click asks for. */
export type Intent =
  | { kind: 'reply'; action: ReplyAction; value?: number; text?: string }
  /** Put the focus in the text box (answer mode). */
  | { kind: 'write' }
  /** Stopping would throw away an unsent answer: ask first. */
  | { kind: 'confirmStop' }
  /** Dismiss that question: back to writing. */
  | { kind: 'keepWriting' }
  /** Close the panel (the quiz is over). */
  | { kind: 'close' }
  /** Open the quoted code, or the full answer in the deck. */
  | { kind: 'open'; target: 'code' | 'entry' }
  /** The Progress view (from the end summary). */
  | { kind: 'progress' };

/** The keys the panel listens to outside the text box; others are left to VS Code. */
export const KEYS = [' ', 'Enter', 'Escape', '1', '2', '3', '4', 's', 'c', 'f', 'p', 'w'] as const;

/** Ctrl+Enter (Cmd+Enter on a Mac), as the page reports it: submits a written answer. */
export const SUBMIT = 'Mod+Enter';

/** Where the key was pressed, besides the state. */
export interface KeyContext {
  /** The text box's content when the key was pressed (answer mode). */
  text?: string;
  /** The key was pressed in the text box: only Ctrl/Cmd+Enter and Esc mean anything there. */
  inText?: boolean;
  /** "Stop without submitting?" is up. */
  confirming?: boolean;
}

/** Whether the state takes a written answer (a text box is shown). */
export function takesText(state: QuizState): boolean {
  return (state.stage === 'ask' && state.mode === 'answer') || state.stage === 'followup';
}

/** A graded answer with nothing written: no proposal, only "Rate it Forgot?" or write again. */
export function isEmptyGrade(state: QuizState): boolean {
  return state.stage === 'graded' && (state.proposed === undefined || state.proposed === null);
}

/** Names the text box of a state, so that a draft is kept per question (and per follow-up). */
export function draftKey(state: QuizState): string | undefined {
  return takesText(state) ? `${state.session}:${state.index}:${state.stage}` : undefined;
}

const blank = (text: string | undefined) => !text || text.trim() === '';

/** The intent of `key` (a `KeyboardEvent.key`, or `SUBMIT`) in `state`; undefined when it means
 * nothing there. */
export function intentForKey(state: QuizState, key: string, ctx: KeyContext = {}): Intent | undefined {
  const k = key.length === 1 ? key.toLowerCase() : key;
  if (ctx.confirming) {
    if (k === 'Enter') return { kind: 'reply', action: 'stop' };
    if (k === 'Escape') return { kind: 'keepWriting' };
    return undefined;
  }
  const writing = takesText(state);
  // Esc never throws away what was written without asking.
  const stop = (): Intent => (writing && !blank(ctx.text) ? { kind: 'confirmStop' } : { kind: 'reply', action: 'stop' });
  if (k === SUBMIT) return writing ? { kind: 'reply', action: 'answer', text: ctx.text ?? '' } : undefined;
  if (ctx.inText) return k === 'Escape' ? stop() : undefined;
  const digit = /^[1-9]$/.test(k) ? Number(k) : undefined;
  const answerShown = state.stage === 'rate' || state.stage === 'result' || (state.stage === 'graded' && !isEmptyGrade(state));
  if (k === 'c' && state.code?.uri && state.stage !== 'done') return { kind: 'open', target: 'code' };
  if (k === 'f' && state.entryLink && answerShown) return { kind: 'open', target: 'entry' };
  if (writing) {
    if (k === 'Escape') return stop();
    if (k === 'Enter') return { kind: 'write' };
    if (k === 's') return { kind: 'reply', action: 'skip' };
    return undefined;
  }
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
    case 'graded':
      if (k === 'Escape') return { kind: 'reply', action: 'stop' };
      if (isEmptyGrade(state)) {
        // Nothing was written: only Forgot confirms it; or write again.
        if (k === 'Enter' || k === '1') return { kind: 'reply', action: 'rate', value: 1 };
        if (k === 'w') return { kind: 'reply', action: 'retry' };
        return undefined;
      }
      if (k === 'Enter') return { kind: 'reply', action: 'accept' };
      if (digit !== undefined && digit <= Math.min(4, state.ratings.length)) return { kind: 'reply', action: 'rate', value: digit };
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

function button(key: string, label: string, attrs = '', after = ''): string {
  // Ctrl+Enter is ⌘Enter on a Mac: the page knows which it runs on, and rewrites `data-mod`.
  const kbd = key === SUBMIT ? '<kbd data-mod>Ctrl+Enter</kbd>' : `<kbd>${escapeHtml(keyName(key))}</kbd>`;
  return `<button type="button" data-key="${escapeHtml(key)}"${attrs}>${kbd}${escapeHtml(label)}${after}</button>`;
}

function keyName(key: string): string {
  if (key === ' ') return 'Space';
  if (key === 'Escape') return 'Esc';
  return key.length === 1 ? key.toUpperCase() : key;
}

/** The widest hanging indent the page has a class for (quizPage.ts). */
export const MAX_HANG = 16;

/**
 * The report as preformatted lines that wrap under their own text in a narrow panel: each line
 * a block whose wrapped part hangs at its indent plus its marker ("✓ ", "2. "), as class `hN`
 * (N characters). The text itself, spaces and newlines included, is the server's, escaped.
 */
export function reportLines(report: string): string {
  const lines = report.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return lines
    .map((line) => {
      const lead = /^ */.exec(line)![0].length;
      const marker = /^(?:[✓✗•-] |\d+\. )/.exec(line.slice(lead))?.[0].length ?? 0;
      const hang = Math.min(MAX_HANG, lead + marker);
      return `<span class="rl${hang ? ` h${hang}` : ''}">${escapeHtml(line)}\n</span>`;
    })
    .join('');
}

/** How the panel draws a state besides the state itself. */
export interface RenderOptions {
  /** A reply that failed, shown above the state. */
  error?: string;
  /** "Stop without submitting?" is up (Esc with an unsent answer). */
  confirming?: boolean;
}

const made = (state: QuizState) => state.points.filter((p) => p.hit).length;

/** "2 of 5 key points". */
export function pointsTally(state: QuizState): string {
  return `${made(state)} of ${state.points.length} key point${state.points.length === 1 ? '' : 's'}`;
}

/** The proposed rating's label ("Struggled"), when there is one. */
export function proposedLabel(state: QuizState): string | undefined {
  const p = state.proposed;
  return p !== undefined && p !== null && p >= 1 ? state.ratings[p - 1] : undefined;
}

/** The panel's body for a state; `opts.error` is shown above it (a reply that failed). Takes the
 * error as a string too, as it did before answer mode. */
export function renderQuiz(state: QuizState, opts: RenderOptions | string = {}): string {
  const { error, confirming } = typeof opts === 'string' ? { error: opts, confirming: false } : opts;
  const out: string[] = [];
  if (error) out.push(`<div class="error" role="alert">${escapeHtml(error)}</div>`);
  const share = Math.round(progressShare(state) * 1000) / 10;
  out.push(
    '<header>',
    `<span class="about">${inline(state.about || (state.report ? 'Mock interview' : 'Quiz'))}</span>`,
    `<span class="count" data-testid="progress">${escapeHtml(progressLabel(state))}</span>`,
    `<div class="track" aria-hidden="true"><div class="fill" data-share="${share}"></div></div>`,
    '</header>',
  );
  // How the last answer was saved: news about the previous step, so it comes first.
  if (state.notice) out.push(`<p class="notice" data-testid="notice">${escapeHtml(state.notice)}</p>`);
  if (state.stage === 'done') {
    // A mock interview on the workspace ends with its report: plain text, laid out in columns.
    out.push('<section class="done">', `<h1>${state.report ? 'Interview finished' : 'Quiz finished'}</h1>`);
    out.push(`<p class="summary" data-testid="summary">${escapeHtml(state.summary ?? `${state.answered} answered, ${state.recalled} recalled.`)}</p>`);
    out.push('<div class="actions">', button('Enter', 'Close'), button('p', 'Show progress'), '</div>');
    if (state.report) {
      out.push('<h2>Report</h2>', `<pre class="report" data-testid="report">${reportLines(state.report)}</pre>`);
    }
    out.push('</section>');
    return out.join('\n');
  }

  if (state.stage === 'followup') {
    // The question answered a moment ago, as context; the follow-up is what is asked now.
    out.push(
      `<p class="context">${inline(state.question)}</p>`,
      '<h2>Follow-up</h2>',
      `<h1 class="question" data-testid="followup">${inline(state.followUp ?? '')}</h1>`,
    );
  } else {
    if (state.lead && state.stage === 'ask') out.push(`<p class="lead" data-testid="lead">${inline(state.lead)}</p>`);
    out.push(`<h1 class="question" data-testid="question">${inline(state.question)}</h1>`);
  }
  if (state.code && state.stage !== 'followup') {
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

  if (takesText(state)) {
    // The text box is drawn empty: the page puts the draft in (never through HTML).
    const label = state.stage === 'followup' ? 'Your answer to the follow-up' : 'Your answer';
    out.push(
      `<label class="write" for="answer-input">${label}</label>`,
      '<textarea id="answer-input" data-testid="answer-input" data-autofocus rows="8" spellcheck="true"' +
        ` placeholder="Answer as you would in the interview, in your own words."${confirming ? ' readonly' : ''}></textarea>`,
    );
  }

  const empty = isEmptyGrade(state);
  if (state.stage === 'graded') {
    out.push('<section class="written" data-testid="written">', '<h2>You wrote</h2>');
    out.push(empty ? '<p class="hint">Nothing.</p>' : `<div class="written-text">${escapeHtml(state.written ?? '')}</div>`);
    if (state.trimmed) {
      out.push('<p class="note" data-testid="trimmed">Your answer was over 20 KB: only its first 20 KB was graded.</p>');
    }
    out.push('</section>');
    // With nothing written the points and the answer would spoil "Write again": kept for later.
    if (!empty && state.points.length > 0) {
      out.push(
        '<section class="points" data-testid="points">',
        `<h2>Key points · ${made(state)} of ${state.points.length} made</h2>`,
        '<ul>',
        ...state.points.map((p) =>
          p.hit
            ? `<li class="point hit"><span class="icon" aria-hidden="true">✓</span><span class="sr">Made: </span><span class="text">${inline(p.text)}</span></li>`
            : `<li class="point miss"><span class="icon" aria-hidden="true">✗</span><span class="sr">Missed: </span><span class="text">${inline(p.text)}</span></li>`,
        ),
        '</ul>',
        '</section>',
      );
    }
  }

  const actions: string[] = ['<div class="actions" data-testid="actions">'];
  if (confirming) {
    actions.push(
      '<span class="hint" role="alert">Stop without submitting what you wrote?</span>',
      button('Enter', 'Stop quiz', ' class="danger"'),
      button('Escape', 'Keep writing', ' class="primary"'),
    );
  } else if (takesText(state)) {
    actions.push(button(SUBMIT, state.stage === 'followup' ? 'Submit' : 'Submit answer', ' class="primary"'), button('s', 'Skip'));
  } else if (state.stage === 'ask' && state.mode === 'flashcard') {
    actions.push(button(' ', 'Show answer', ' class="primary"'), button('s', 'Skip'));
  } else if (state.stage === 'ask') {
    actions.push('<span class="hint">Pick the true statement: <kbd>1</kbd>–<kbd>' + state.choices.length + '</kbd></span>');
  } else if (state.stage === 'rate') {
    actions.push('<span class="hint">How well did you recall it?</span>');
    state.ratings.slice(0, 4).forEach((label, i) => actions.push(button(String(i + 1), label, ` class="rating r${i + 1}"`)));
  } else if (state.stage === 'graded' && empty) {
    actions.push(
      '<span class="hint" data-testid="confirm-forgot">Nothing written. Rate it Forgot?</span>',
      button('Enter', state.ratings[0] ?? 'Forgot', ' class="primary"'),
      button('w', 'Write again'),
    );
  } else if (state.stage === 'graded') {
    const proposed = proposedLabel(state);
    actions.push(
      `<span class="hint" data-testid="proposal">${escapeHtml(pointsTally(state))}: ${escapeHtml(proposed ?? '?')}? ` +
        '<kbd>Enter</kbd> accepts, <kbd>1</kbd>–<kbd>4</kbd> overrule.</span>',
    );
    state.ratings.slice(0, 4).forEach((label, i) => {
      // The proposal is the default: drawn as the primary button, with Enter on it too.
      const isProposed = i + 1 === state.proposed;
      actions.push(
        isProposed
          ? button(String(i + 1), label, ` class="rating r${i + 1} proposed" data-testid="proposed" aria-describedby="proposal-tag"`, ' <kbd id="proposal-tag" title="Proposed">Enter</kbd>')
          : button(String(i + 1), label, ` class="rating r${i + 1}"`),
      );
    });
  } else if (state.stage === 'result') {
    actions.push(button(' ', state.index + 1 >= state.total ? 'Finish' : 'Next question', ' class="primary"'));
  }
  if (!confirming) actions.push(button('Escape', 'Stop'));
  actions.push('</div>');

  const answer: string[] = [];
  const answerShown = state.stage === 'rate' || state.stage === 'result' || (state.stage === 'graded' && !empty);
  if (state.answer && answerShown) {
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
  } else if (state.stage === 'graded') {
    // The points made and missed, then the proposal; the answer, to read at will, below.
    out.push(...actions, ...answer);
  } else {
    // The ratings come after the answer they judge.
    out.push(...answer, ...actions);
  }
  return out.join('\n');
}
