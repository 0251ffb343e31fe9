//! The quiz panel's logic: which reply each key sends in each stage, and how a state is drawn
//! (every server string escaped, "3 of 10", the four choices in full, the snippet, the answer),
//! and answer mode: keys typed in the text box, the draft, the graded view, the follow-up, the report.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { QuizState } from '../src/protocol';
import {
  SUBMIT,
  draftKey,
  entryTarget,
  intentForKey,
  isEmptyGrade,
  pointsTally,
  progressLabel,
  progressShare,
  proposedLabel,
  renderQuiz,
  reportLines,
  MAX_HANG,
  takesText,
} from '../src/quizModel';
import { quizPage } from '../src/quizPage';

const base: QuizState = {
  session: 7,
  index: 2,
  total: 10,
  stage: 'ask',
  mode: 'flashcard',
  about: 'N+1 queries',
  question: 'What is an N+1 query?',
  entry: 'django-orm-n-plus-one',
  entryLink: 'file:///deck/django-orm.md#L42',
  code: { path: 'shop/views.py', line: 13, text: 'rows.append(order.customer.email)', uri: 'file:///w/shop/views.py' },
  choices: [],
  points: [],
  trimmed: false,
  ratings: ['Forgot', 'Struggled', 'Recalled', 'Easy'],
  answered: 2,
  recalled: 1,
};
const choice: QuizState = {
  ...base,
  mode: 'choice',
  choices: ['One query per row <b>', 'A join', 'A cache miss', 'An index scan'],
};

test('flashcard: Space shows the answer, S skips, 1-4 rate once it is shown, Esc stops', () => {
  assert.deepEqual(intentForKey(base, ' '), { kind: 'reply', action: 'show' });
  assert.deepEqual(intentForKey(base, 'Enter'), { kind: 'reply', action: 'show' });
  assert.deepEqual(intentForKey(base, 'S'), { kind: 'reply', action: 'skip' });
  assert.equal(intentForKey(base, '1'), undefined, 'no rating before the answer');
  assert.deepEqual(intentForKey(base, 'Escape'), { kind: 'reply', action: 'stop' });
  const rate = { ...base, stage: 'rate' as const, answer: 'One query, then one per row.' };
  assert.deepEqual(intentForKey(rate, '3'), { kind: 'reply', action: 'rate', value: 3 });
  assert.deepEqual(intentForKey(rate, '4'), { kind: 'reply', action: 'rate', value: 4 });
  assert.equal(intentForKey(rate, '5'), undefined);
  assert.equal(intentForKey(rate, ' '), undefined, 'Space does not rate');
  assert.deepEqual(intentForKey(rate, 'f'), { kind: 'open', target: 'entry' });
});

test('choice: 1-4 pick the statement (0-based), Space goes on after the result', () => {
  assert.deepEqual(intentForKey(choice, '1'), { kind: 'reply', action: 'choose', value: 0 });
  assert.deepEqual(intentForKey(choice, '4'), { kind: 'reply', action: 'choose', value: 3 });
  assert.equal(intentForKey({ ...choice, choices: choice.choices.slice(0, 3) }, '4'), undefined);
  assert.equal(intentForKey(choice, ' '), undefined, 'no "show" in choice mode');
  const result = { ...choice, stage: 'result' as const, picked: 0, right: 0, correct: true, answer: 'x' };
  assert.deepEqual(intentForKey(result, ' '), { kind: 'reply', action: 'next' });
  assert.equal(intentForKey(result, '2'), undefined);
});

test('at the end, Esc, Enter or Space close the panel and P shows progress', () => {
  const done = { ...base, stage: 'done' as const, summary: 'Quiz finished: 3 answered, 2 recalled.' };
  for (const k of ['Escape', 'Enter', ' ']) assert.deepEqual(intentForKey(done, k), { kind: 'close' });
  assert.deepEqual(intentForKey(done, 'p'), { kind: 'progress' });
  assert.equal(intentForKey(done, 'c'), undefined);
});

test('C opens the quoted code only when the server gave its file', () => {
  assert.deepEqual(intentForKey(base, 'c'), { kind: 'open', target: 'code' });
  assert.equal(intentForKey({ ...base, code: { ...base.code!, uri: null } }, 'c'), undefined);
});

test('"3 of 10" while asking; the count at the end', () => {
  assert.equal(progressLabel(base), '3 of 10');
  assert.equal(progressLabel({ ...base, stage: 'done', index: 10 }), '10 questions');
});

test('the full-answer link opens its line', () => {
  assert.deepEqual(entryTarget('file:///deck/django-orm.md#L42'), { uri: 'file:///deck/django-orm.md', line: 41 });
  assert.deepEqual(entryTarget('file:///deck/x.md'), { uri: 'file:///deck/x.md', line: 0 });
});

test('choice mode draws the four statements in full, with keys, and escapes them', () => {
  const html = renderQuiz(choice);
  assert.equal((html.match(/<li class="choice">/g) ?? []).length, 4);
  assert.match(html, /<kbd>1<\/kbd><span class="text">One query per row &lt;b&gt;<\/span>/);
  assert.ok(!html.includes('<b>'), 'server text never becomes markup');
  assert.match(html, /data-testid="progress">3 of 10</);
  assert.match(html, /<a href="#" data-open="code"[^>]*>shop\/views\.py:13<\/a>/);
  assert.match(html, /<span class="tok-fn">append<\/span>/);
  assert.ok(!html.includes('data-testid="answer"'), 'no answer before the pick');
});

test('the result marks the pick and the true statement, and shows the answer as Markdown', () => {
  const html = renderQuiz({ ...choice, stage: 'result', picked: 1, right: 0, correct: false, answer: 'Use `select_related`.' });
  assert.match(html, /<li class="choice right">.*✓ true/);
  assert.match(html, /<li class="choice wrong">.*✗ your pick/);
  assert.match(html, /Not quite: the true statement is 1\./);
  assert.match(html, /<p>Use <code>select_related<\/code>\.<\/p>/);
  assert.match(html, /data-open="entry"/);
  assert.match(html, /<kbd>Space<\/kbd>Next question/);
});

test('rating buttons carry the server\'s labels and keys 1-4', () => {
  const html = renderQuiz({ ...base, stage: 'rate', answer: 'Short **answer**.', notice: 'Saved · next review in 3 days' });
  for (const [i, label] of base.ratings.entries()) assert.ok(html.includes(`data-key="${i + 1}" class="rating r${i + 1}"><kbd>${i + 1}</kbd>${label}`), label);
  assert.match(html, /<strong>answer<\/strong>/);
  assert.ok(html.indexOf('Saved · next review in 3 days') < html.indexOf('data-testid="question"'), 'the notice about the last answer comes first');
});

test('the end shows the summary; an error is shown above the state', () => {
  const html = renderQuiz({ ...base, stage: 'done', summary: 'Quiz finished: 3 answered <i>' }, 'no quiz session 7');
  assert.match(html, /role="alert">no quiz session 7</);
  assert.match(html, /Quiz finished: 3 answered &lt;i&gt;/);
  assert.ok(!html.includes('data-testid="question"'));
  assert.match(html, /<kbd>Enter<\/kbd>Close/);
});

test('the page loads nothing: one policy, one nonce on its style and script', () => {
  const page = quizPage('abc123==');
  assert.match(page, /content="default-src 'none'; style-src 'nonce-abc123=='; script-src 'nonce-abc123=='"/);
  assert.equal((page.match(/<script/g) ?? []).length, 1);
  assert.ok(page.includes('<script nonce="abc123==">') && page.includes('<style nonce="abc123==">'));
  assert.ok(!/https?:\/\//.test(page), 'no remote URL');
  assert.ok(!/ on[a-z]+=/.test(page), 'no inline handlers');
});

// Answer mode: a text box, a graded answer with its key points, a follow-up, the report.
const answer: QuizState = {
  ...base,
  mode: 'answer',
  lead: 'Warm-up. This project uses <Django> and Celery.',
};
const graded: QuizState = {
  ...answer,
  stage: 'graded',
  written: 'One query per row <script>alert(1)</script>\nthen more',
  points: [
    { text: 'The loop runs `1 + N` queries.', hit: true },
    { text: 'Fix with select_related <b>', hit: false },
  ],
  proposed: 2,
  answer: 'Use `select_related`.',
};
const followup: QuizState = { ...answer, stage: 'followup', followUp: 'How would you <find> it in production?', answer: 'x' };

test('answer mode: typing in the text box is never a key; Ctrl/Cmd+Enter submits the text', () => {
  for (const k of ['1', 's', ' ', 'Enter', 'c', 'w']) {
    assert.equal(intentForKey(answer, k, { inText: true, text: 'abc' }), undefined, `"${k}" is typed, not a key`);
  }
  assert.deepEqual(intentForKey(answer, SUBMIT, { inText: true, text: 'shared once' }), { kind: 'reply', action: 'answer', text: 'shared once' });
  assert.deepEqual(intentForKey(answer, SUBMIT, {}), { kind: 'reply', action: 'answer', text: '' }, 'an empty answer is sent too');
  assert.equal(intentForKey(base, SUBMIT, { text: 'x' }), undefined, 'no text box in flashcards');
  // Outside the text box: S skips, Enter goes back to writing, C opens the code.
  assert.deepEqual(intentForKey(answer, 's'), { kind: 'reply', action: 'skip' });
  assert.deepEqual(intentForKey(answer, 'Enter'), { kind: 'write' });
  assert.deepEqual(intentForKey(answer, 'c'), { kind: 'open', target: 'code' });
  assert.equal(intentForKey(answer, '1'), undefined);
});

test('answer mode: Esc stops at once when nothing is written, and asks first when something is', () => {
  assert.deepEqual(intentForKey(answer, 'Escape', { inText: true, text: '  \n' }), { kind: 'reply', action: 'stop' });
  assert.deepEqual(intentForKey(answer, 'Escape', { inText: true, text: 'half an answer' }), { kind: 'confirmStop' });
  assert.deepEqual(intentForKey(answer, 'Escape', { text: 'half an answer' }), { kind: 'confirmStop' });
  assert.deepEqual(intentForKey(followup, 'Escape', { text: 'a start' }), { kind: 'confirmStop' });
  // The question: Enter stops, Esc goes back to writing, nothing else answers it.
  assert.deepEqual(intentForKey(answer, 'Enter', { confirming: true, text: 'x' }), { kind: 'reply', action: 'stop' });
  assert.deepEqual(intentForKey(answer, 'Escape', { confirming: true, text: 'x' }), { kind: 'keepWriting' });
  assert.equal(intentForKey(answer, 's', { confirming: true }), undefined);
  assert.equal(intentForKey(answer, SUBMIT, { confirming: true, text: 'x' }), undefined);
});

test('graded: Enter accepts the proposal, 1-4 overrule it, F opens the full answer', () => {
  assert.deepEqual(intentForKey(graded, 'Enter'), { kind: 'reply', action: 'accept' });
  assert.deepEqual(intentForKey(graded, '4'), { kind: 'reply', action: 'rate', value: 4 });
  assert.deepEqual(intentForKey(graded, '1'), { kind: 'reply', action: 'rate', value: 1 });
  assert.equal(intentForKey(graded, 'w'), undefined, 'no writing again after a real answer');
  assert.equal(intentForKey(graded, SUBMIT), undefined, 'a second Ctrl+Enter does not accept unseen');
  assert.deepEqual(intentForKey(graded, 'f'), { kind: 'open', target: 'entry' });
  assert.deepEqual(intentForKey(graded, 'Escape'), { kind: 'reply', action: 'stop' });
});

test('graded with nothing written: "Rate it Forgot?" - Enter or 1 confirms Forgot, W writes again', () => {
  const empty = { ...graded, written: '', proposed: null, points: graded.points.map((p) => ({ ...p, hit: false })) };
  assert.ok(isEmptyGrade(empty) && !isEmptyGrade(graded));
  assert.deepEqual(intentForKey(empty, 'Enter'), { kind: 'reply', action: 'rate', value: 1 });
  assert.deepEqual(intentForKey(empty, '1'), { kind: 'reply', action: 'rate', value: 1 });
  assert.deepEqual(intentForKey(empty, 'w'), { kind: 'reply', action: 'retry' });
  assert.equal(intentForKey(empty, '3'), undefined, 'only Forgot confirms an empty answer');
  assert.equal(intentForKey(empty, 'f'), undefined, 'the answer is not shown yet');
  const html = renderQuiz(empty);
  assert.match(html, /Nothing written\. Rate it Forgot\?/);
  assert.match(html, /data-key="Enter" class="primary"><kbd>Enter<\/kbd>Forgot</);
  assert.match(html, /data-key="w"><kbd>W<\/kbd>Write again</);
  assert.ok(!html.includes('data-testid="points"') && !html.includes('data-testid="answer"'), 'nothing that spoils writing again');
});

test('the ask view in answer mode: the lead, the question, a text box and its keys, all escaped', () => {
  const html = renderQuiz(answer);
  assert.match(html, /data-testid="lead">Warm-up\. This project uses &lt;Django&gt; and Celery\.</);
  assert.match(html, /<textarea id="answer-input"[^>]*data-autofocus/);
  assert.match(html, /data-key="Mod\+Enter" class="primary"><kbd data-mod>Ctrl\+Enter<\/kbd>Submit answer/);
  assert.match(html, /data-key="s"><kbd>S<\/kbd>Skip/);
  assert.match(html, /data-key="Escape"><kbd>Esc<\/kbd>Stop/);
  assert.ok(!html.includes('Show answer'));
  assert.ok(!html.includes('<Django>'));
  // Asking before a stop: the box is read-only, and the choice is Enter (stop) or Esc (keep writing).
  const confirm = renderQuiz(answer, { confirming: true });
  assert.match(confirm, /Stop without submitting what you wrote\?/);
  assert.match(confirm, /<textarea[^>]* readonly>/);
  assert.match(confirm, /data-key="Enter" class="danger"><kbd>Enter<\/kbd>Stop quiz/);
  assert.match(confirm, /data-key="Escape" class="primary"><kbd>Esc<\/kbd>Keep writing/);
});

test('the graded view: what was written, each point with ✓ or ✗ and its word, the proposal as default', () => {
  const html = renderQuiz(graded);
  assert.match(html, /One query per row &lt;script&gt;alert\(1\)&lt;\/script&gt;\nthen more/);
  assert.ok(!html.includes('<script>') && !html.includes('<b>'), 'the answer and the points are escaped');
  assert.match(html, /Key points · 1 of 2 made/);
  assert.match(html, /<li class="point hit"><span class="icon" aria-hidden="true">✓<\/span><span class="sr">Made: <\/span><span class="text">The loop runs <code>1 \+ N<\/code> queries\.<\/span>/);
  assert.match(html, /<li class="point miss"><span class="icon" aria-hidden="true">✗<\/span><span class="sr">Missed: <\/span><span class="text">Fix with select_related &lt;b&gt;/);
  assert.match(html, /1 of 2 key points: Struggled\? <kbd>Enter<\/kbd> accepts/);
  assert.match(html, /data-key="2" class="rating r2 proposed" data-testid="proposed"[^>]*><kbd>2<\/kbd>Struggled <kbd[^>]*>Enter<\/kbd>/);
  assert.match(html, /data-key="1" class="rating r1"><kbd>1<\/kbd>Forgot/);
  assert.equal((html.match(/ proposed"/g) ?? []).length, 1, 'one proposal');
  assert.ok(html.indexOf('data-testid="points"') < html.indexOf('data-testid="actions"'), 'the points, then the proposal');
  assert.ok(html.indexOf('data-testid="actions"') < html.indexOf('data-testid="answer"'), 'then the answer');
  assert.ok(!html.includes('<textarea'), 'nothing to write in');
  assert.ok(!html.includes('data-testid="trimmed"'));
  assert.match(renderQuiz({ ...graded, trimmed: true }), /over 20 KB: only its first 20 KB was graded/);
  assert.equal(pointsTally(graded), '1 of 2 key points');
  assert.equal(proposedLabel(graded), 'Struggled');
});

test('the follow-up: the question answered as context, the follow-up, a box, Submit and Skip', () => {
  const html = renderQuiz(followup);
  assert.match(html, /<p class="context">What is an N\+1 query\?<\/p>/);
  assert.match(html, /data-testid="followup">How would you &lt;find&gt; it in production\?</);
  assert.match(html, /<textarea/);
  assert.match(html, /<kbd data-mod>Ctrl\+Enter<\/kbd>Submit</);
  assert.match(html, /<kbd>S<\/kbd>Skip/);
  assert.ok(!html.includes('data-testid="answer"'), 'the answer was shown with the grade');
  assert.deepEqual(intentForKey(followup, 's'), { kind: 'reply', action: 'skip' });
  assert.deepEqual(intentForKey(followup, SUBMIT, { text: 'logs' }), { kind: 'reply', action: 'answer', text: 'logs' });
});

test('a draft is kept per question and per follow-up, and only where there is a box', () => {
  assert.equal(draftKey(answer), '7:2:ask');
  assert.equal(draftKey(followup), '7:2:followup');
  assert.equal(draftKey({ ...answer, index: 3 }), '7:3:ask');
  assert.equal(draftKey(graded), undefined);
  assert.equal(draftKey(base), undefined, 'no box in flashcards');
  assert.ok(takesText(answer) && takesText(followup) && !takesText(choice));
});

test('a workspace interview ends with its report, preformatted and escaped', () => {
  const done = { ...answer, about: '', stage: 'done' as const, summary: 'Interview over: 2 answered.', report: 'Mock interview <repo>\n  1. N+1   2:10   2 of 5\n' };
  const html = renderQuiz(done);
  assert.match(html, /<h1>Interview finished<\/h1>/);
  assert.match(html, /<span class="about">Mock interview<\/span>/);
  assert.match(html, /<pre class="report" data-testid="report"><span class="rl">Mock interview &lt;repo&gt;\n<\/span><span class="rl h5">  1\. N\+1 {3}2:10 {3}2 of 5\n<\/span><\/pre>/);
  assert.ok(!renderQuiz({ ...done, report: null }).includes('report'), 'no report after a quiz');
});

test('report lines wrap under their own text: the indent plus the marker, the text untouched', () => {
  const report = 'Report\n\n1. Django · 0:02\n   ✓ made <it>\n   ✗ missed\n   Follow-up: why?\n' + ' '.repeat(30) + 'deep\n';
  const html = reportLines(report);
  const spans = [...html.matchAll(/<span class="rl( h\d+)?">/g)].map((m) => (m[1] ?? '').trim());
  assert.deepEqual(spans, ['', '', 'h3', 'h5', 'h5', 'h3', `h${MAX_HANG}`]);
  // What the page's text reads is the server's report, exactly.
  const text = html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  assert.equal(text, report);
  assert.ok(html.includes('✓ made &lt;it&gt;'));
});

test('the progress bar counts a graded or followed-up question as behind the user', () => {
  assert.equal(progressShare(answer), 0.2);
  assert.equal(progressShare(graded), 0.3);
  assert.equal(progressShare(followup), 0.3);
});
