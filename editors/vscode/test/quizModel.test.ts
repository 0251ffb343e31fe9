//! The quiz panel's logic: which reply each key sends in each stage, and how a state is drawn
//! (every server string escaped, "3 of 10", the four choices in full, the snippet, the answer).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { QuizState } from '../src/protocol';
import { entryTarget, intentForKey, progressLabel, renderQuiz } from '../src/quizModel';
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
