//! Which documents reach the server: the list, the setting that narrows it, and package.json
//! (activation events, the setting's enum and default, the palette's `when`) kept equal to it.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

import { documentSelector, LANGUAGES, selectedLanguages } from '../src/languages';

// Compiled to out/test/: package.json is two levels up from there.
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

test('package.json activates on every language the server reads, and on no other', () => {
  const onLanguage = manifest.activationEvents.filter((e: string) => e.startsWith('onLanguage:'));
  assert.deepEqual(onLanguage, LANGUAGES.map((l) => `onLanguage:${l}`));
});

test('the languages setting offers and defaults to the same list', () => {
  const setting = manifest.contributes.configuration.properties['interviewPrep.languages'];
  assert.deepEqual(setting.items.enum, [...LANGUAGES]);
  assert.deepEqual(setting.default, [...LANGUAGES]);
});

test('Quiz Me on This File is offered in the palette for the languages the client covers', () => {
  const entry = manifest.contributes.menus.commandPalette.find((m: { command: string }) => m.command === 'interviewPrep.quizFile');
  assert.equal(entry.when, 'editorLangId in interviewPrep.languages');
});

test('the setting narrows the list; unknown ids are dropped; no list means all', () => {
  assert.deepEqual(selectedLanguages(['sql', 'python']), ['python', 'sql']);
  assert.deepEqual(selectedLanguages(['dockerfile', 'helm']), ['dockerfile']);
  assert.deepEqual(selectedLanguages([]), []);
  assert.deepEqual(selectedLanguages(undefined), [...LANGUAGES]);
  assert.deepEqual(selectedLanguages('python'), [...LANGUAGES]);
});

test('files on disk of each language; untitled documents only for Python', () => {
  assert.deepEqual(documentSelector(['python', 'dockerfile']), [
    { scheme: 'file', language: 'python' },
    { scheme: 'file', language: 'dockerfile' },
    { scheme: 'untitled', language: 'python' },
  ]);
  assert.deepEqual(documentSelector(['yaml']), [{ scheme: 'file', language: 'yaml' }]);
});
