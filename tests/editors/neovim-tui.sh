#!/usr/bin/env bash
# Neovim's real terminal UI, in tmux: opens the fixture's views.py with the plugin, waits until
# the screen shows the code lenses, hovers the N+1 access with K, runs a multiple-choice quiz in
# the floating window and answers it by keys, and lists the file's concepts with
# :InterviewConcepts, then answers a question in answer mode, runs a mock interview on the
# workspace to its report, and hovers the pitfalls of the workspace's Dockerfile and CI workflow,
# checking what the terminal shows at each step. Each step's screen (colours included) is
# rendered to HTML and screenshotted with headless Chromium: target/editor-screenshots/neovim/
# neovim-{hover,quiz,quiz-result,concepts,answer-write,answer-graded,mock-report,dockerfile-hover,workflow-hover}.png.
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
keys Escape ":lclose" Enter

# What a candidate would write for the question on the screen: views.py's two pitfalls have their
# answers (the workspace's Dockerfile and CI workflow pitfalls may come first, in an order that
# depends on the answers above); the warm-up, the others and the follow-ups get a general one.
# Types it in the pad; prints a piece of it to wait for.
write_answer() {
  local shown
  shown=$(screen)
  if grep -qF "N+1 query problem" <<<"$shown"; then
    keys -l "N+1 is one query for the orders plus one lazy query per row when order.customer is read in the loop."
    keys Enter
    keys -l "Find it with assertNumQueries or the debug toolbar; fix it with select_related('customer')."
    echo "select_related('customer')."
  elif grep -qF "mutable default" <<<"$shown"; then
    keys -l "The default list is evaluated once, when def runs, and shared by every call, so items pile up."
    keys Enter
    keys -l "Default to None and create a fresh list inside the function."
    echo "create a fresh list inside"
  else
    keys -l "Django is batteries included: ORM, admin, auth and migrations. MVT is MVC with renamed layers."
    echo "renamed layers."
  fi
}

# Answer mode: the answer is typed straight away (the pad starts in insert mode), sent with
# <C-s>, graded; Enter accepts the proposal. Then nothing written: "Rate it Forgot?".
keys ":lua vim.lsp.get_clients({ name = 'interview_prep' })[1]:request('workspace/executeCommand', { command = 'interview-prep.quizFile', arguments = { { uri = vim.uri_from_bufnr(0), mode = 'answer', count = 2 } } })" Enter
wait_screen "<C-s> submit" 30
wait_screen "Your answer" 5
wait_screen "-- INSERT --" 5
typed=$(write_answer)
wait_screen "$typed" 5
echo "ok - neovim TUI: the answer float opens under the question in insert mode; what is typed shows"
shot neovim-answer-write
keys C-s
wait_screen "Key points:" 15
wait_screen "(Enter)" 5
wait_screen "accept" 5
screen | grep -q "│ ✓ " && screen | grep -q "│ ✗ " || {
  echo "not ok - neovim TUI: the graded view has no ✓ and ✗ points:"; screen; exit 1; }
echo "ok - neovim TUI: <C-s> sends it; the graded view marks the key points ✓ made and ✗ missed and proposes a rating"
shot neovim-answer-graded
keys Enter
wait_screen "· 2 of 2" 10
wait_screen "<C-s> submit" 5
keys C-s
wait_screen "Rate it Forgot?" 10
wait_screen "w write again" 5
keys 1
wait_screen "Quiz finished" 10
keys q
echo "ok - neovim TUI: Enter accepts the proposal; an empty answer asks \"Rate it Forgot?\" and 1 confirms"

# A mock interview on the workspace, to its report: each question answered and graded, the
# proposal accepted; the follow-ups answered, one skipped with gs.
keys ":InterviewMock workspace 5" Enter
wait_screen "Warm-up. This project uses Django" 30
wait_screen "· 1 of 3" 5
for n in 1 2 3; do
  wait_screen "· $n of 3" 10
  wait_screen "<C-s> submit" 5
  wait_screen "$(write_answer)" 5
  keys C-s
  wait_screen "Key points:" 15
  keys Enter
  wait_screen "Your answer to the follow-up" 10
  if [ "$n" = 2 ]; then
    keys Escape
    keys g s
  else
    keys -l "A project holds the settings and the root URLconf; an app owns one area of the domain."
    keys C-s
  fi
done
wait_screen "Mock interview report" 15
wait_screen "j/k scroll" 5
echo "ok - neovim TUI: :InterviewMock workspace 5 asks the warm-up, the code questions and their follow-ups, and ends with the report"
shot neovim-mock-report
keys G
wait_screen "Study next:" 5
echo "ok - neovim TUI: the report scrolls to its end (Study next)"
keys q

# The workspace's Dockerfile and CI workflow: a warning sign on the pitfall's line, K shows the
# deck entry.
keys ":edit tests/editors/workspace/Dockerfile" Enter
wait_screen "W FROM python:3.12-slim" 30
keys 1G 0 K
wait_screen "Container running as root" 30
wait_screen "How do you deploy a Django application with Docker?" 5
echo "ok - neovim TUI: the Dockerfile's FROM has a warning sign; K shows the deck entry"
shot neovim-dockerfile-hover
keys Escape ":edit tests/editors/workspace/.github/workflows/ci.yml" Enter
wait_screen "W       - uses: codecov/codecov-action@v4" 30
keys 17G 15 '|' K
wait_screen "Third-party action on a moving tag" 30
echo "ok - neovim TUI: the workflow's third-party action has a warning sign; K shows the deck entry"
shot neovim-workflow-hover
python3 - "$tmp/progress/progress.db" <<'PY' || exit 1
import sqlite3, sys
con = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
answers = con.execute("SELECT COUNT(*) FROM reviews r JOIN answers a ON a.review_id = r.id WHERE r.mode = 'answer'").fetchone()[0]
mocks = con.execute("SELECT COUNT(*) FROM mock_sessions WHERE report LIKE '%an app owns one area%'").fetchone()[0]
if answers != 5 or mocks != 1:
    print(f"not ok - neovim TUI: the store holds {answers} written answers (want 5) and {mocks} mock reports (want 1)")
    sys.exit(1)
print("ok - neovim TUI: the store holds the 5 written answers and the mock interview's report")
PY
