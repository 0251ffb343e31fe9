//! The settings object sent to the server: the section as VS Code nests it, extension-only and
//! unset values left out, unknown keys and wrong types passed through untouched (the server owns
//! validation and its one warning per key).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { serverSettings } from '../src/settings';

test('the section is passed as VS Code nests it', () => {
  assert.deepEqual(
    serverSettings({ conceptSeverity: 'information', quiz: { mode: 'choice' }, topics: ['django'], desiredRetention: 0.85 }),
    { conceptSeverity: 'information', quiz: { mode: 'choice' }, topics: ['django'], desiredRetention: 0.85 },
  );
});

test('extension-only and unset values are left out', () => {
  assert.deepEqual(
    serverSettings({
      server: { path: '/x' },
      trace: { server: 'verbose' },
      languages: ['python'],
      interviewDate: null,
      dataDir: '',
      deckPaths: undefined,
    }),
    {},
  );
});

test('wrong types and keys this extension does not know reach the server as written', () => {
  assert.deepEqual(serverSettings({ topics: 5, pitfallSeverity: true, select: ['django'] }), {
    topics: 5,
    pitfallSeverity: true,
    select: ['django'],
  });
});

test('an empty `select` (the Settings editor\'s default) means all, so it is left out', () => {
  assert.deepEqual(serverSettings({ select: [], ignore: [] }), { ignore: [] });
  assert.deepEqual(serverSettings({ select: ['django'] }), { select: ['django'] });
});

test('no section at all gives an empty object', () => {
  assert.deepEqual(serverSettings(undefined), {});
});
