#!/usr/bin/env bash
# Every test of the project, as CI runs it: the release build, unit and fixture tests, the CLI,
# and the language server end to end over stdio. Safe to run on a fresh machine with Rust.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s ==\n' "$*"; }

step "test dependencies"
# Debian's chromium renders the HTML progress report in tests/quiz (headless, no network).
if ! dpkg -s chromium >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium
fi
# From here a missing browser is a failure, not a skipped test.
export INTERVIEW_PREP_REQUIRE_CHROMIUM=1

step "build (release)"
cargo build --release --locked

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

step "all tests passed"
