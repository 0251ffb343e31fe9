#!/usr/bin/env bash
# Runs the `cargo fuzz` target document_sync (fuzz/) for a fixed time: random didChange sequences
# checked against the oracle of tests/sync. Not part of CI; run it by hand or on a schedule.
#   tests/tools/fuzz.sh [seconds]        (default 300)
# Installs cargo-fuzz from crates.io when it is missing. Works on the stable toolchain:
# RUSTC_BOOTSTRAP=1 lets stable rustc take the -Z flags cargo-fuzz passes (sanitizer coverage,
# AddressSanitizer); FUZZ_SANITIZER=none turns AddressSanitizer off for faster runs.
# A failing input is saved under fuzz/artifacts/document_sync/; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run document_sync <file>   (from fuzz/'s parent directory)
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-300}
sanitizer=${FUZZ_SANITIZER:-address}

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

export RUSTC_BOOTSTRAP=1
# Seed corpus: the Python fixtures, as bytes the target decodes into edits.
mkdir -p fuzz/corpus/document_sync
cp -n tests/concepts/*.py fuzz/corpus/document_sync/ 2>/dev/null || true

cargo fuzz run document_sync --sanitizer "$sanitizer" -- \
  -max_total_time="$seconds" -max_len=4096 -timeout=30 -print_final_stats=1
