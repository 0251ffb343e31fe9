//! Packages a platform-specific .vsix with the server inside (`server/interview-prep`), as
//! ruff-vscode does, so that installing the extension is all a user has to do.
//!
//!   npm run package -- --target linux-x64 [--binary PATH] [--out FILE]
//!
//! Without --binary the release binary is built first (`cargo build --release --locked` at the
//! repository root) and taken from target/release/. --target defaults to this machine's
//! platform. A binary for this machine is checked with `--version`, which must give the
//! extension's version; a binary for another platform must be given with --binary.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionDir = path.resolve(here, '..');
const repoRoot = path.resolve(extensionDir, '../..');

// vsce's targets, as VS Code names platforms: `${process.platform}-${process.arch}`.
const TARGETS = ['win32-x64', 'win32-arm64', 'linux-x64', 'linux-arm64', 'linux-armhf', 'darwin-x64', 'darwin-arm64', 'alpine-x64', 'alpine-arm64'];
const host = `${process.platform}-${process.arch === 'arm' ? 'armhf' : process.arch}`;

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: host },
    binary: { type: 'string' },
    out: { type: 'string' },
  },
});
const target = values.target;
if (!TARGETS.includes(target)) fail(`unknown --target ${target}; one of ${TARGETS.join(', ')}`);
// alpine-* runs on musl: a glibc build from this machine is not one of those.
const runsHere = target === host;
if (!values.binary && !runsHere) fail(`--target ${target} is not this machine (${host}): give its binary with --binary`);

const exe = target.startsWith('win32-') ? 'interview-prep.exe' : 'interview-prep';
let binary = values.binary && path.resolve(values.binary);
if (!binary) {
  run('cargo', ['build', '--release', '--locked', '-p', 'interview-prep'], repoRoot);
  binary = path.join(repoRoot, 'target', 'release', exe);
}
if (!fs.existsSync(binary)) fail(`no binary at ${binary}`);

const { version } = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
if (runsHere) {
  const said = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  if (said !== `interview-prep ${version}`) fail(`${binary} --version says "${said}", the extension is ${version}`);
}

// Only this target's binary goes in: a stale one from another target would be packaged too.
const serverDir = path.join(extensionDir, 'server');
fs.rmSync(serverDir, { recursive: true, force: true });
fs.mkdirSync(serverDir);
const bundled = path.join(serverDir, exe);
fs.copyFileSync(binary, bundled);
fs.chmodSync(bundled, 0o755);

const out = path.resolve(values.out ?? path.join(extensionDir, `interview-prep-${target}-${version}.vsix`));
fs.mkdirSync(path.dirname(out), { recursive: true });
const size = fs.statSync(bundled).size;
try {
  run(process.execPath, [path.join(extensionDir, 'node_modules/@vscode/vsce/vsce'), 'package', '--target', target, '-o', out], extensionDir);
} finally {
  // Left behind, it would slip into a later universal `vsce package` (.vscodeignore keeps server/).
  fs.rmSync(serverDir, { recursive: true, force: true });
}
console.log(`packaged ${out}: ${target}, server ${binary} (${(size / 1e6).toFixed(1)} MB)`);

function run(cmd, args, cwd) {
  execFileSync(cmd, args, { cwd, stdio: 'inherit' });
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}
