//! Finding the server binary: order of candidates, `~` expansion, version checks, and the
//! reasons a person reads when nothing works.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

import {
  candidates,
  describeRejections,
  ensureExecutable,
  expandHome,
  parseVersion,
  probeVersion,
  resolveServer,
} from '../src/serverPath';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ip-vscode-'));
}

function script(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

test('expandHome expands a leading ~ only', () => {
  assert.equal(expandHome('~/bin/interview-prep', '/home/u'), path.join('/home/u', 'bin/interview-prep'));
  assert.equal(expandHome('~', '/home/u'), '/home/u');
  assert.equal(expandHome('/opt/~x', '/home/u'), '/opt/~x');
});

test('candidates: the setting, then the bundled binary, then PATH', () => {
  const dir = tempDir();
  const onPath = script(dir, 'interview-prep', 'echo interview-prep 0.1.0');
  const list = candidates('~/my/interview-prep', '/ext', { PATH: `/nowhere${path.delimiter}${dir}` }, 'linux');
  assert.deepEqual(
    list.map((c) => c.origin),
    ['setting', 'bundled', 'PATH'],
  );
  assert.equal(list[0].file, path.join(os.homedir(), 'my/interview-prep'));
  assert.equal(list[1].file, path.join('/ext', 'server', 'interview-prep'));
  assert.equal(list[2].file, onPath);
});

test('candidates: an empty setting and an empty PATH leave only the bundled binary', () => {
  const list = candidates('  ', '/ext', { PATH: '' }, 'linux');
  assert.deepEqual(
    list.map((c) => c.origin),
    ['bundled'],
  );
});

test('parseVersion reads clap --version output', () => {
  assert.equal(parseVersion('interview-prep 0.1.0\n'), '0.1.0');
  assert.equal(parseVersion('ruff 0.5.0\n'), undefined);
});

test('probeVersion accepts interview-prep and refuses other programs with a reason', async () => {
  const dir = tempDir();
  assert.equal(await probeVersion(script(dir, 'good', 'echo interview-prep 1.2.3')), '1.2.3');
  await assert.rejects(probeVersion(script(dir, 'other', 'echo ruff 0.5.0')), /not interview-prep .*ruff 0\.5\.0/);
  await assert.rejects(probeVersion(script(dir, 'broken', 'echo boom >&2; exit 3')), /--version` failed: boom/);
  await assert.rejects(probeVersion(path.join(dir, 'missing')), /no such file/);
  const plain = path.join(dir, 'plain');
  fs.writeFileSync(plain, 'not a program', { mode: 0o644 });
  await assert.rejects(probeVersion(plain), /not an executable file/);
});

test('resolveServer falls back past a wrong setting and reports it', async () => {
  const dir = tempDir();
  const good = script(dir, 'interview-prep', 'echo interview-prep 0.1.0');
  const list = [
    { file: path.join(dir, 'typo'), origin: 'setting' as const },
    { file: path.join(dir, 'server', 'interview-prep'), origin: 'bundled' as const },
    { file: good, origin: 'PATH' as const },
  ];
  const { found, rejected } = await resolveServer(list);
  assert.equal(found?.file, good);
  assert.equal(found?.version, '0.1.0');
  assert.equal(rejected.length, 2);
  // A missing bundled binary is normal (universal .vsix): it is not worth a line in the error.
  assert.equal(describeRejections(rejected), `interviewPrep.server.path ${path.join(dir, 'typo')}: no such file`);
});

/** An unpacked extension with `server/interview-prep` in it, and a directory for PATH. */
function extensionWithServer(mode: number): { ext: string; bundled: string; bin: string } {
  const ext = tempDir();
  fs.mkdirSync(path.join(ext, 'server'));
  const bundled = script(path.join(ext, 'server'), 'interview-prep', 'echo interview-prep 0.1.0');
  fs.chmodSync(bundled, mode);
  const bin = tempDir();
  script(bin, 'interview-prep', 'echo interview-prep 9.9.9');
  return { ext, bundled, bin };
}

test('resolveServer: the bundled binary wins over PATH', async () => {
  const { ext, bundled, bin } = extensionWithServer(0o755);
  const { found, rejected, notes } = await resolveServer(candidates('', ext, { PATH: bin }, 'linux'));
  assert.equal(found?.origin, 'bundled');
  assert.equal(found?.file, bundled);
  assert.equal(found?.version, '0.1.0');
  assert.deepEqual(rejected, []);
  assert.deepEqual(notes, []);
});

test('resolveServer: the setting wins over the bundled binary', async () => {
  const { ext, bin } = extensionWithServer(0o755);
  const mine = script(tempDir(), 'my-interview-prep', 'echo interview-prep 0.2.0');
  const { found } = await resolveServer(candidates(mine, ext, { PATH: bin }, 'linux'));
  assert.equal(found?.origin, 'setting');
  assert.equal(found?.file, mine);
});

test('resolveServer: a wrong setting falls back to the bundled binary, not PATH', async () => {
  const { ext, bundled, bin } = extensionWithServer(0o755);
  const { found, rejected } = await resolveServer(candidates('/nonexistent/interview-prep', ext, { PATH: bin }, 'linux'));
  assert.equal(found?.file, bundled);
  assert.equal(describeRejections(rejected), 'interviewPrep.server.path /nonexistent/interview-prep: no such file');
});

test('resolveServer: a bundled binary unpacked without its executable bit is made executable', { skip: process.platform === 'win32' }, async () => {
  const { ext, bundled } = extensionWithServer(0o644);
  const { found, notes } = await resolveServer(candidates('', ext, { PATH: '' }, process.platform));
  assert.equal(found?.origin, 'bundled');
  assert.equal(fs.statSync(bundled).mode & 0o777, 0o755);
  assert.deepEqual(notes, [`made ${bundled} executable (its mode was 644)`]);
});

test('ensureExecutable leaves alone what it should not touch', { skip: process.platform === 'win32' }, () => {
  const dir = tempDir();
  assert.equal(ensureExecutable(path.join(dir, 'missing')), undefined);
  assert.equal(ensureExecutable(dir), undefined, 'a directory');
  const exe = script(dir, 'exe', 'true');
  fs.chmodSync(exe, 0o750);
  assert.equal(ensureExecutable(exe), undefined);
  assert.equal(fs.statSync(exe).mode & 0o777, 0o750);
  const plain = path.join(dir, 'plain');
  fs.writeFileSync(plain, 'x', { mode: 0o600 });
  assert.equal(ensureExecutable(plain, 'win32'), undefined);
  assert.equal(fs.statSync(plain).mode & 0o777, 0o600, 'nothing to do on Windows');
  assert.match(ensureExecutable(plain) ?? '', /its mode was 600/);
  assert.equal(fs.statSync(plain).mode & 0o777, 0o700, 'x only for whoever may read it');
});

test('resolveServer with nothing usable says that PATH has no interview-prep', async () => {
  const { found, rejected } = await resolveServer([{ file: '/nonexistent/interview-prep', origin: 'setting' }]);
  assert.equal(found, undefined);
  assert.equal(
    describeRejections(rejected),
    'interviewPrep.server.path /nonexistent/interview-prep: no such file; no interview-prep on PATH',
  );
});
