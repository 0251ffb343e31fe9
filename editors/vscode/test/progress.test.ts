//! How a progress summary reads: status bar text and tooltip, what a click on it does (what the
//! tooltip says), and the shape check that protects against other server versions.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { asSummary, statusCommand, statusText, statusTooltip } from '../src/progress';

const contractExample = {
  due: 3,
  cards: 12,
  reviewedToday: 1,
  streak: 2,
  topics: [
    { topic: 'django', title: 'Django', mastery: 0.75, due: 1 },
    { topic: 'python', title: 'Python fundamentals', mastery: 0.4, due: 2 },
  ],
  readyBy: { date: '2027-01-15', recalled: 8, total: 12 },
};

test('the contract example reads as "3 due"', () => {
  const s = asSummary(contractExample);
  assert.ok(s);
  assert.equal(statusText(s), '$(mortar-board) 3 due');
  assert.match(statusTooltip(s), /3 cards due for review\n12 cards · 1 reviewed today · 2 days streak\nInterview 2027-01-15: 8\/12 recalled/);
});

test('the click does what the tooltip says: quiz the due cards, else show progress', () => {
  const due = asSummary(contractExample)!;
  assert.equal(statusCommand(due), 'interviewPrep.quizDue');
  assert.match(statusTooltip(due), /Click to quiz the due cards$/);
  const none = asSummary({ ...contractExample, due: 0 })!;
  assert.equal(statusCommand(none), 'interviewPrep.showProgress');
  assert.match(statusTooltip(none), /Nothing due: click to see your progress$/);
  assert.equal(statusCommand(undefined), 'interviewPrep.showProgress', 'no summary read yet');
});

test('anything without a numeric `due` is refused; missing parts get defaults', () => {
  assert.equal(asSummary(null), undefined);
  assert.equal(asSummary({ due: '3' }), undefined);
  assert.deepEqual(asSummary({ due: 0 }), { due: 0, cards: 0, reviewedToday: 0, streak: 0, topics: [], forecast: [], readyBy: null });
  assert.match(statusTooltip(asSummary({ due: 0 })!), /Nothing due/);
});
