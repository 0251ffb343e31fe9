//! Finding the `interview-prep` binary: the `interviewPrep.server.path` setting (`~` expanded),
//! then a binary bundled in the extension (`server/`), then `PATH`. A candidate is used only if
//! `--version` says it is interview-prep, so a wrong path gives one clear error up front instead
//! of a language client that crashes and restarts. No `vscode` import: unit-tested under node.
//! The bundled binary is made executable first if it lost its mode on the way (a .vsix packed on
//! Windows, or unpacked by a tool that drops zip modes).

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Origin = 'setting' | 'bundled' | 'PATH';

export interface Candidate {
  file: string;
  origin: Origin;
}

export interface Rejected {
  candidate: Candidate;
  reason: string;
}

export interface Found extends Candidate {
  version: string;
}

export interface Resolution {
  found?: Found;
  /** Candidates tried before the one found (or all of them), with why each was refused. */
  rejected: Rejected[];
  /** What was done on the way, for the log (a bundled binary made executable). */
  notes: string[];
}

export function exeName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'interview-prep.exe' : 'interview-prep';
}

/** `~` and `~/x` → the home directory; anything else unchanged. */
export function expandHome(p: string, home: string = os.homedir()): string {
  if (p === '~') return home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(home, p.slice(2));
  return p;
}

/** The candidates in the order they are tried. */
export function candidates(
  setting: string | undefined,
  extensionPath: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Candidate[] {
  const out: Candidate[] = [];
  const configured = setting?.trim();
  if (configured) out.push({ file: expandHome(configured), origin: 'setting' });
  out.push({ file: path.join(extensionPath, 'server', exeName(platform)), origin: 'bundled' });
  const onPath = searchPath(exeName(platform), env.PATH ?? env.Path ?? '');
  if (onPath) out.push({ file: onPath, origin: 'PATH' });
  return out;
}

function searchPath(name: string, pathVar: string): string | undefined {
  for (const dir of pathVar.split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    if (isExecutableFile(file)) return file;
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Gives a bundled binary back its executable bits if unpacking dropped them, and says so. A
 * missing file, an executable one, or Windows: nothing to do. A failed chmod (a read-only
 * extension directory) is left for `probeVersion` to report as "not an executable file".
 */
export function ensureExecutable(file: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'win32') return undefined;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || isExecutableFile(file)) return undefined;
    const mode = stat.mode & 0o7777;
    // x for whoever may read it: 0644 becomes 0755.
    fs.chmodSync(file, mode | ((mode & 0o444) >> 2));
    return `made ${file} executable (its mode was ${mode.toString(8)})`;
  } catch {
    return undefined; // absent, or not ours to change
  }
}

/** Runs `file --version`; resolves to the version, rejects with a reason a person can act on. */
export function probeVersion(file: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!fs.existsSync(file)) return reject(new Error('no such file'));
    if (!isExecutableFile(file)) return reject(new Error('not an executable file'));
    execFile(file, ['--version'], { timeout: timeoutMs, windowsHide: true }, (err, stdout, stderr) => {
      if (err) {
        const detail = (stderr || err.message).trim().split('\n')[0];
        return reject(new Error(`\`--version\` failed: ${detail}`));
      }
      const version = parseVersion(stdout);
      if (!version) {
        const said = stdout.trim().split('\n')[0]?.slice(0, 60) ?? '';
        return reject(new Error(`not interview-prep (\`--version\` printed "${said}")`));
      }
      resolve(version);
    });
  });
}

/** `interview-prep 0.1.0` → `0.1.0`. */
export function parseVersion(stdout: string): string | undefined {
  return /^interview-prep\s+(\S+)/m.exec(stdout.trim())?.[1];
}

/** Tries the candidates in order and returns the first that answers `--version`. */
export async function resolveServer(
  list: Candidate[],
  probe: (file: string) => Promise<string> = probeVersion,
): Promise<Resolution> {
  const rejected: Rejected[] = [];
  const notes: string[] = [];
  for (const candidate of list) {
    if (candidate.origin === 'bundled') {
      const note = ensureExecutable(candidate.file);
      if (note) notes.push(note);
    }
    try {
      const version = await probe(candidate.file);
      return { found: { ...candidate, version }, rejected, notes };
    } catch (e) {
      rejected.push({ candidate, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  if (!list.some((c) => c.origin === 'PATH')) {
    rejected.push({ candidate: { file: exeName(), origin: 'PATH' }, reason: NOT_ON_PATH });
  }
  return { rejected, notes };
}

const NOT_ON_PATH = 'not found on PATH';

/** One clause per refused candidate, for the error message and the log. */
export function describeRejections(rejected: Rejected[]): string {
  return rejected
    .filter((r) => !(r.candidate.origin === 'bundled' && r.reason === 'no such file'))
    .map((r) =>
      r.reason === NOT_ON_PATH
        ? `no ${r.candidate.file} on PATH`
        : `${label(r.candidate.origin)} ${r.candidate.file}: ${r.reason}`,
    )
    .join('; ');
}

function label(origin: Origin): string {
  switch (origin) {
    case 'setting':
      return 'interviewPrep.server.path';
    case 'bundled':
      return 'bundled binary';
    case 'PATH':
      return 'PATH';
  }
}
