#!/usr/bin/env bash
# The Neovim end-to-end tests: installs Neovim 0.11 if needed (setup-neovim.sh), then runs each
# spec in tests/editors/neovim/ in a real headless Neovim with the plugin, a throwaway config,
# state and data dir, and the release server; then the real terminal UI in tmux
# (neovim-tui.sh), which also leaves screenshots (hover, quiz float, concepts list, answer mode,
# the mock interview's report) in target/editor-screenshots/neovim/. The unit spec tests the
# plugin's pure logic without a server. Prints
# each check and a closing "N passed, N failed, N skipped" line; exits non-zero if any failed.
# Usage: tests/editors/run-neovim.sh   (after `cargo build --release`)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=${INTERVIEW_PREP_BIN:-$ROOT/target/release/interview-prep}
[ -x "$BIN" ] || { echo "run-neovim: no server binary at $BIN (cargo build --release)" >&2; exit 1; }

t0=$(date +%s)
NVIM=$(tests/editors/setup-neovim.sh | tail -n1)
echo "run-neovim: setup took $(( $(date +%s) - t0 )) s"

passed=0 failed=0 skipped=0 status=0
for spec in unit e2e bad_server; do
  tmp=$(mktemp -d)
  mkdir -p "$tmp"/{config,data,state,cache,progress}
  log="$tmp/nvim-output.txt" results="$tmp/results.txt"
  : >"$results"
  s0=$(date +%s)
  # A fresh XDG home per spec: no user config, shada or earlier progress can leak in.
  set +e
  XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" \
    XDG_CACHE_HOME="$tmp/cache" INTERVIEW_PREP_DATA="$tmp/progress" INTERVIEW_PREP_BIN="$BIN" \
    NVIM_TEST_RESULTS="$results" \
    timeout 180 "$NVIM" --headless -i NONE -u tests/editors/neovim/init.lua \
    -c "lua dofile('tests/editors/neovim/$spec.lua')" >"$log" 2>&1 </dev/null
  rc=$?
  set -e
  cat "$results"
  read -r p f s < <(awk '/^ok - /{p++} /^not ok - /{f++} /^skip - /{s++} END{print p+0, f+0, s+0}' "$results")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  if [ "$rc" -ne 0 ] || [ "$f" -gt 0 ] || [ "$p" -eq 0 ]; then
    status=1
    echo "--- what Neovim printed ($spec, exit $rc) ---"; cat "$log"; echo "---"
  fi
  echo "run-neovim: $spec took $(( $(date +%s) - s0 )) s"
  rm -rf "$tmp"
done
# The real terminal UI in tmux: what the screen shows, and a screenshot for the docs.
s0=$(date +%s)
set +e
tui=$(tests/editors/neovim-tui.sh "$NVIM" 2>&1)
rc=$?
set -e
echo "$tui"
p=$(grep -c '^ok - ' <<<"$tui" || true); f=$(grep -c '^not ok - ' <<<"$tui" || true)
passed=$((passed + p)); failed=$((failed + f))
if [ "$rc" -ne 0 ]; then status=1; [ "$f" -gt 0 ] || failed=$((failed + 1)); fi
echo "run-neovim: the terminal UI check took $(( $(date +%s) - s0 )) s"

echo "run-neovim: $passed passed, $failed failed, $skipped skipped"
exit $status
