//! "Mock Interview": This workspace first, then the topics; how long, 30 minutes picked; and the
//! command's own arguments (a key binding's) read without asking.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DEFAULT_MINUTES, minutesChoices, mockArgs, mockChoices, THIS_WORKSPACE } from '../src/mock';
import type { TopicProgress } from '../src/protocol';

const topic = (id: string, title: string): TopicProgress => ({ topic: id, title, mastery: 0, due: 0, reviewed: 0, entries: 3 });

test('This workspace comes first, timed, then all topics, then each deck topic', () => {
  const items = mockChoices([topic('django-orm', 'Django ORM'), topic('python', 'Python')], true);
  assert.deepEqual(items.map((i) => i.label), [THIS_WORKSPACE, 'All topics', 'Django ORM', 'Python']);
  assert.equal(items[0].description, 'questions on your own code, timed');
  assert.deepEqual(items[0].args, { workspace: true, mode: 'answer' }, 'answered in writing');
  // "Mixed" names every topic: an empty topic would make the server ask which.
  assert.deepEqual(items[1].args, { topic: 'Mixed' });
  assert.deepEqual(items[2].args, { topic: 'django-orm' });
});

test('without a workspace folder, no "This workspace"; without a summary, all topics still', () => {
  assert.deepEqual(mockChoices([topic('python', 'Python')], false).map((i) => i.label), ['All topics', 'Python']);
  assert.deepEqual(mockChoices([], true).map((i) => i.label), [THIS_WORKSPACE, 'All topics']);
});

test('15, 30 or 45 minutes; 30 is the default', () => {
  assert.deepEqual(minutesChoices().map((c) => c.minutes), [15, 30, 45]);
  assert.equal(DEFAULT_MINUTES, 30);
  assert.equal(minutesChoices().find((c) => c.minutes === DEFAULT_MINUTES)?.description, 'default');
});

test('arguments given to the command skip the questions; anything else asks', () => {
  assert.deepEqual(mockArgs({ workspace: true, minutes: 20 }), { workspace: true, minutes: 20, mode: 'answer' });
  assert.deepEqual(mockArgs({ workspace: true, mode: 'flashcard' }), { workspace: true, mode: 'flashcard' }, 'a mode given is kept');
  assert.deepEqual(mockArgs('Django'), { topic: 'Django' });
  assert.deepEqual(mockArgs({ topic: ' python ', count: 3, mode: 'answer' }), { topic: 'python', count: 3, mode: 'answer' });
  assert.deepEqual(mockArgs({ workspace: true, minutes: 0, mode: 'essay' }), { workspace: true, mode: 'answer' }, 'bad values: the defaults');
  for (const nothing of [undefined, null, '', '  ', {}, { minutes: 5 }, 42, []]) assert.equal(mockArgs(nothing), undefined, JSON.stringify(nothing));
});
