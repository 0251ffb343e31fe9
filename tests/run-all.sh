#!/usr/bin/env bash
# Every test of the project, as CI runs it: the release build, unit and fixture tests, the CLI,
# and the language server end to end over stdio. Safe to run on a fresh machine with Rust.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s ==\n' "$*"; }

step "build (release)"
cargo build --release --locked

step "unit, fixture, CLI and LSP end-to-end tests"
cargo test --workspace --locked --features interview-prep/test-hooks

step "built-in deck lint"
target/release/interview-prep deck lint

step "all tests passed"
