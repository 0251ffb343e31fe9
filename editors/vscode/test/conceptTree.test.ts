//! How the concept navigator reads: counts with due/weak/new badges, pitfalls with a warning
//! icon, occurrences by line, and the arguments its menu commands send.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { badge, groupRow, hideUri, moreRow, occurrenceRow, quizArgs, rootDescription, rootTooltip } from '../src/conceptTree';
import type { ConceptGroup, ConceptsResult } from '../src/protocol';

const occ = (line: number, path = 'shop/views.py') => ({
  uri: `file:///w/${path}`,
  path,
  range: { start: { line, character: 4 }, end: { line, character: 20 } },
  text: 'for order in orders:',
});
const pitfall: ConceptGroup = {
  concept: 'n-plus-one',
  title: 'N+1 queries',
  kind: 'pitfall',
  topic: 'django',
  topicTitle: 'Django',
  status: 'due',
  entry: 'django-orm-n-plus-one',
  count: 3,
  occurrences: [occ(12), occ(30), occ(40)],
};
const concept: ConceptGroup = { ...pitfall, concept: 'generator-function', title: 'Generators', kind: 'concept', topic: 'python', topicTitle: 'Python', status: 'recalled', count: 60, occurrences: [occ(23)] };

test('a pitfall: warning icon, count and badge', () => {
  const row = groupRow(pitfall);
  assert.equal(row.label, 'N+1 queries');
  assert.equal(row.description, '3 · due');
  assert.deepEqual(row.icon, { id: 'warning', color: 'problemsWarningIcon.foreground' });
  assert.equal(row.contextValue, 'pitfall');
  assert.match(row.tooltip, /pitfall \(Django\)\n3 places · due for review/);
});

test('badges: due, weak and new; recalled and unknown get none', () => {
  assert.deepEqual(['due', 'weak', 'new', 'recalled', null, undefined].map(badge), ['due', 'weak', 'new', undefined, undefined, undefined]);
  assert.equal(groupRow(concept).description, '60');
  assert.equal(groupRow({ ...concept, status: 'new' }).description, '60 · new');
  assert.equal(groupRow(concept).contextValue, 'concept');
});

test('occurrences: where (the file too, in the workspace), then the code line', () => {
  assert.deepEqual(occurrenceRow(occ(12), 'file'), {
    label: 'Ln 13',
    description: 'for order in orders:',
    tooltip: 'shop/views.py:13\nfor order in orders:',
    ariaLabel: 'for order in orders:, shop/views.py line 13',
    contextValue: 'occurrence',
  });
  assert.equal(occurrenceRow(occ(12, 'shop/models.py'), 'workspace').label, 'models.py:13');
  assert.equal(moreRow(concept), '… and 59 more');
  assert.equal(moreRow(pitfall), undefined);
});

test('roots: short counts in the description, the breakdown in the tooltip', () => {
  const result: ConceptsResult = { concepts: [pitfall, concept], files: 31, truncated: false };
  assert.equal(rootDescription('file', result, 'views.py'), 'views.py · 2 concepts');
  assert.equal(rootDescription('workspace', { ...result, truncated: true }), '31+ files · 2 concepts');
  assert.equal(rootDescription('workspace', undefined), undefined);
  assert.equal(rootTooltip('file', result, 'views.py'), 'The interview concepts of views.py: 1 pitfall and 1 concept');
  assert.match(rootTooltip('workspace', undefined), /expand to scan/);
});

test('titles lose their Markdown code spans; screen readers get the row in words', () => {
  const row = groupRow({ ...concept, title: 'Context managers and `with`', status: 'weak', count: 1 });
  assert.equal(row.label, 'Context managers and with');
  assert.equal(row.ariaLabel, 'Context managers and with, 1 place, weak');
  assert.equal(groupRow(pitfall).ariaLabel, 'N+1 queries, pitfall, 3 places, due');
});

test('menu arguments: quiz with the occurrence, hide in the occurrence\'s or the open file', () => {
  assert.deepEqual(quizArgs('n-plus-one'), { concept: 'n-plus-one' });
  assert.deepEqual(quizArgs('n-plus-one', { uri: 'file:///w/a.py' }), { concept: 'n-plus-one', uri: 'file:///w/a.py' });
  assert.deepEqual(quizArgs('n-plus-one', { uri: 'file:///w/a.py', range: occ(3).range }), {
    concept: 'n-plus-one',
    uri: 'file:///w/a.py',
    range: occ(3).range,
  });
  assert.equal(hideUri(pitfall, 'file', 'file:///w/open.py'), 'file:///w/open.py');
  assert.equal(hideUri(pitfall, 'workspace', undefined), 'file:///w/shop/views.py');
  assert.equal(hideUri(pitfall, 'file', 'file:///w/open.py', occ(1, 'x/y.py')), 'file:///w/x/y.py');
});
