#!/usr/bin/env bash
# Every test of the project, as CI runs it: the release build, unit and fixture tests, the CLI,
# the language server end to end over stdio, the VS Code extension (unit tests and its .vsix),
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

step "build (release)"
cargo build --release --locked

step "unit, fixture, CLI and LSP end-to-end tests"
cargo test --workspace --locked

step "built-in deck lint"
target/release/interview-prep deck lint

step "VS Code extension: install, unit tests, .vsix"
mkdir -p target/vscode
(
  cd editors/vscode
  npm ci --no-audit --no-fund --loglevel=error
  npm test
  npx vsce package -o ../../target/vscode/interview-prep.vsix
)

if [ "${SKIP_EDITOR_TESTS:-}" = 1 ]; then
  echo "SKIP_EDITOR_TESTS=1: the Neovim and VS Code end-to-end tests are left out"
else
  step "Neovim end to end (tests/editors/run-neovim.sh)"
  tests/editors/run-neovim.sh

  step "VS Code end to end in code-server (tests/editors/run-vscode.sh)"
  VSIX=target/vscode/interview-prep.vsix tests/editors/run-vscode.sh
fi
finish_step

printf '\n== timings ==\n'
printf '%s\n' "${timings[@]}"
step "all tests passed"
current=
