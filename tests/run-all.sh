#!/usr/bin/env bash
# Every test of the project, as CI runs it: the release build, the Python package (pip install
# from a clone, the wheel), unit and fixture tests, the CLI, the language server end to end over
# stdio, the VS Code extension (unit tests and its platform .vsix with the server inside),
# and both editor integrations end to end in the real editors (Neovim headless, VS Code as
# code-server in headless Chromium). Safe to run on a fresh Debian machine with Rust and Node as
# root: the editor steps install what they need from the package registries (apt, PyPI, npm),
# cached under ~/.cache/interview-prep-e2e, so a second run skips the installs.
# SKIP_EDITOR_TESTS=1 leaves out the two real-editor steps (no root or no time).
set -euo pipefail
cd "$(dirname "$0")/.."

timings=()
started=0
current=
step() {
  finish_step
  current=$*
  started=$(date +%s)
  printf '\n== %s ==\n' "$*"
}
finish_step() {
  if [ -n "$current" ]; then timings+=("$(printf '%5ss  %s' $(( $(date +%s) - started )) "$current")"); fi
  current=
}

step "test dependencies"
# Debian's chromium renders the HTML progress report in tests/quiz (headless, no network);
# strace shows, in tests/protocol, which sockets and files the server touches.
if ! dpkg -s chromium strace >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium strace
fi
# From here a missing browser or strace is a failure, not a skipped test.
export INTERVIEW_PREP_REQUIRE_CHROMIUM=1
export INTERVIEW_PREP_REQUIRE_STRACE=1

step "README: the \"Try it\" command, verbatim, on a clean clone (tests/tools/readme-try-it.sh)"
tests/tools/readme-try-it.sh

step "build (release)"
cargo build --release --locked

step "Python package: pip install . from a clean clone; the wheel, installed with no network (tests/tools/python-package.sh)"
tests/tools/python-package.sh

step "unit, fixture, CLI and LSP end-to-end tests"
cargo test --workspace --locked --features interview-prep/test-hooks

step "built-in deck lint"
target/release/interview-prep deck lint

step "study commands from a pipe (quiz, scan, progress) on a private store"
study=$(mktemp -d)
trap 'rm -rf "$study"' EXIT
code=tests/concepts
[ -d examples ] && code=examples
printf '1\n3\n1\n4\n' | INTERVIEW_PREP_DATA="$study" target/release/interview-prep quiz "$code" --count 2
INTERVIEW_PREP_DATA="$study" target/release/interview-prep scan "$code" >"$study/scan.txt"
head -n 12 "$study/scan.txt"
INTERVIEW_PREP_DATA="$study" target/release/interview-prep progress >"$study/progress.txt"
head -n 3 "$study/progress.txt"

step "VS Code extension: install, unit tests, the platform .vsix with the release binary inside"
mkdir -p target/vscode
(
  cd editors/vscode
  npm ci --no-audit --no-fund --loglevel=error
  npm test
  npm run --silent package -- --binary ../../target/release/interview-prep --out ../../target/vscode/interview-prep.vsix
)
python3 -m zipfile -l target/vscode/interview-prep.vsix

if [ "${SKIP_EDITOR_TESTS:-}" = 1 ]; then
  echo "SKIP_EDITOR_TESTS=1: the Neovim and VS Code end-to-end tests are left out"
else
  step "Neovim end to end (tests/editors/run-neovim.sh)"
  tests/editors/run-neovim.sh

  step "VS Code end to end in code-server (tests/editors/run-vscode.sh)"
  VSIX=target/vscode/interview-prep.vsix tests/editors/run-vscode.sh
fi

step "benchmark harness, quick mode (measures, asserts nothing about time)"
python3 bench/run.py --quick >/dev/null
finish_step

printf '\n== timings ==\n'
printf '%s\n' "${timings[@]}"
step "all tests passed"
current=
