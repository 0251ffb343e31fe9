#!/usr/bin/env bash
# Neovim's real terminal UI, in tmux: opens the fixture's views.py with the plugin, waits until
# the screen shows the code lenses, hovers the N+1 access with K, and checks what the terminal
# shows; then renders the captured screen (colours included) to HTML and screenshots it with
# headless Chromium: target/editor-screenshots/neovim/neovim-hover.png.
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

wait_screen " concepts · Quiz" 30
echo "ok - neovim TUI: the code lenses show above the file and the functions"
tmux -L "$sock" send-keys 13G 50 '|' K
wait_screen "What is the N+1 query problem" 30
echo "ok - neovim TUI: K on the N+1 access opens the hover with the interview question"
screen -e >"$tmp/screen.ansi"
python3 tests/editors/tools/ansi2html.py <"$tmp/screen.ansi" >"$tmp/screen.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1300,800 \
  --screenshot="$PWD/$OUT/neovim-hover.png" "file://$tmp/screen.html" >/dev/null 2>&1
[ -s "$OUT/neovim-hover.png" ] || { echo "not ok - neovim TUI: no screenshot"; exit 1; }
echo "ok - neovim TUI: screenshot $OUT/neovim-hover.png"
