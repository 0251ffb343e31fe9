#!/usr/bin/env bash
# Neovim's real terminal UI, in tmux: opens the fixture's views.py with the plugin, waits until
# the screen shows the code lenses, hovers the N+1 access with K, runs a multiple-choice quiz in
# the floating window and answers it by keys, and lists the file's concepts with
# :InterviewConcepts, checking what the terminal shows at each step. Each step's screen
# (colours included) is rendered to HTML and screenshotted with headless Chromium:
# target/editor-screenshots/neovim/neovim-{hover,quiz,quiz-result,concepts}.png.
# Usage: tests/editors/neovim-tui.sh NVIM   (run by run-neovim.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
NVIM=$1
BIN=${INTERVIEW_PREP_BIN:-$PWD/target/release/interview-prep}
OUT=target/editor-screenshots/neovim
mkdir -p "$OUT"

need=()
for p in tmux chromium fonts-dejavu-core; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

tmp=$(mktemp -d)
sock="interview-prep-e2e-$$"
cleanup() { tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
mkdir -p "$tmp"/{config,data,state,cache,progress}

tmux -L "$sock" -f /dev/null new-session -d -x 140 -y 40 \
  "env TERM=tmux-256color COLORTERM=truecolor XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data \
   XDG_STATE_HOME=$tmp/state XDG_CACHE_HOME=$tmp/cache INTERVIEW_PREP_DATA=$tmp/progress \
   INTERVIEW_PREP_BIN=$BIN $NVIM -i NONE -u tests/editors/neovim/init.lua tests/editors/workspace/shop/views.py"

screen() { tmux -L "$sock" capture-pane -p "$@"; }
wait_screen() { # TEXT TIMEOUT_S: until the screen shows TEXT
  local deadline=$(( $(date +%s) + $2 ))
  until screen | grep -qF -- "$1"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "not ok - neovim TUI: the screen never showed \"$1\":"; screen; return 1
    fi
    sleep 0.2
  done
}

shot() { # NAME: the screen as target/editor-screenshots/neovim/NAME.png
  screen -e >"$tmp/$1.ansi"
  python3 tests/editors/tools/ansi2html.py <"$tmp/$1.ansi" >"$tmp/$1.html"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1300,800 \
    --screenshot="$PWD/$OUT/$1.png" "file://$tmp/$1.html" >/dev/null 2>&1
  [ -s "$OUT/$1.png" ] || { echo "not ok - neovim TUI: no screenshot $1"; exit 1; }
  echo "ok - neovim TUI: screenshot $OUT/$1.png"
}
keys() { tmux -L "$sock" send-keys "$@"; }

wait_screen " concepts · Quiz" 30
echo "ok - neovim TUI: the code lenses show above the file and the functions"
keys 13G 50 '|' K
wait_screen "What is the N+1 query problem" 30
echo "ok - neovim TUI: K on the N+1 access opens the hover with the interview question"
shot neovim-hover

# The quiz float, multiple choice (the quiz.mode setting, here given to the one command).
keys Escape 1G
keys ":lua vim.lsp.get_clients({ name = 'interview_prep' })[1]:request('workspace/executeCommand', { command = 'interview-prep.quizFile', arguments = { { uri = vim.uri_from_bufnr(0), mode = 'choice', count = 5 } } })" Enter
wait_screen "Which statement is true?" 30
wait_screen "1 of 5" 5
wait_screen "shop/views.py:13" 5
wait_screen "4. " 5
echo "ok - neovim TUI: the quiz float shows the question, its place in the code and four statements"
shot neovim-quiz
keys 2
wait_screen "Space> next" 10
wait_screen "Saved · next review" 5
screen | grep -qE "✓ Right\.|✗ Wrong: the true statement is [1-4]\." || {
  echo "not ok - neovim TUI: no verdict after picking a statement:"; screen; exit 1; }
echo "ok - neovim TUI: 2 picks a statement; the float says right or wrong and how it was saved"
shot neovim-quiz-result
keys q
wait_screen "Quiz finished" 10
keys q
echo "ok - neovim TUI: q stops the quiz with its summary"

# The file's concepts in the location list.
keys ":InterviewConcepts" Enter
wait_screen "[pitfall] N+1 queries" 15
wait_screen "Location List" 5
echo "ok - neovim TUI: :InterviewConcepts lists the file's concepts in the location list"
shot neovim-concepts
