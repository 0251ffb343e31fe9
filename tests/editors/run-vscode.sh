#!/usr/bin/env bash
# The VS Code end-to-end test: installs code-server, playwright-core and Chromium if needed
# (setup-code-server.sh), packages the platform .vsix with the release binary inside
# (editors/vscode/scripts/package.mjs; or takes $VSIX, which must bundle a server), installs it
# into a throwaway code-server profile, starts code-server on a free loopback port with a copy of
# the fixture workspace and a PATH without any interview-prep, and drives it headless with
# tests/editors/vscode/e2e.test.js: the server the user gets is the bundled one.
# The test reads the progress store back with python3's sqlite3 (written answers, mock reports).
# Screenshots land in target/editor-screenshots/vscode/. Exits non-zero if any check failed.
# Usage: tests/editors/run-vscode.sh   (after `cargo build --release`)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=${INTERVIEW_PREP_BIN:-$ROOT/target/release/interview-prep}
[ -x "$BIN" ] || { echo "run-vscode: no server binary at $BIN (cargo build --release)" >&2; exit 1; }
secs() { echo $(( $(date +%s) - $1 )); }

t0=$(date +%s)
PREFIX=$(tests/editors/setup-code-server.sh | tail -n1)
echo "run-vscode: setup took $(secs "$t0") s"

tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -z "${VSIX:-}" ]; then
  t0=$(date +%s)
  (cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error &&
    npm run --silent package -- --binary "$BIN" --out "$tmp/interview-prep.vsix" >/dev/null)
  VSIX=$tmp/interview-prep.vsix
  echo "run-vscode: packaging the .vsix took $(secs "$t0") s"
fi
python3 - "$VSIX" <<'PY' || { echo "run-vscode: $VSIX has no executable extension/server/interview-prep" >&2; exit 1; }
import sys, zipfile
info = zipfile.ZipFile(sys.argv[1]).getinfo("extension/server/interview-prep")
sys.exit(0 if (info.external_attr >> 16) & 0o111 else 1)
PY

# code-server asks an extension gallery on the internet for updates and recommendations: point
# it at a closed loopback port so nothing leaves the machine.
export EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/gallery","itemUrl":"http://127.0.0.1:9/item"}'
mkdir -p "$tmp"/{user/User,extensions,progress,home,bin}
cp -r tests/editors/workspace "$tmp/workspace"
"$PREFIX/bin/code-server" --extensions-dir "$tmp/extensions" --install-extension "$VSIX" >/dev/null
BUNDLED=$(echo "$tmp"/extensions/interview-prep.interview-prep-*/server/interview-prep)
# VS Code keeps the zip's file modes when it unpacks an extension...
[ -x "$BUNDLED" ] || { echo "run-vscode: the installed extension has no executable $BUNDLED" >&2; exit 1; }
# ...but a .vsix packed on Windows has none to keep. The extension must then restore the
# executable bit itself: the test starts from that worst case and checks the log says so.
chmod a-x "$BUNDLED"

# A user without interview-prep anywhere: drop every PATH directory that has one (a `cargo
# install` in ~/.cargo/bin, say), keeping node reachable for code-server itself.
ln -s "$(command -v node)" "$tmp/bin/node"
E2E_PATH=$tmp/bin
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [ -n "$d" ] && [ ! -e "$d/interview-prep" ] && E2E_PATH=$E2E_PATH:$d
done
if PATH=$E2E_PATH command -v interview-prep >/dev/null; then
  echo "run-vscode: interview-prep still on PATH" >&2; exit 1
fi

# The user settings the test starts from (it rewrites them later): no server path, so the bundled
# binary runs, one setting of the wrong type that the server must warn about once, and the
# default dark theme (the screenshots show what most users see).
cat > "$tmp/user/User/settings.json" <<JSON
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.colorTheme": "Default Dark Modern",
  "workbench.tips.enabled": false,
  "extensions.ignoreRecommendations": true,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "editor.minimap.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "window.restoreWindows": "none",
  "interviewPrep.topics": 5
}
JSON

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# HOME is a throwaway too: the extension host and the server must not see the user's files.
PATH=$E2E_PATH HOME="$tmp/home" INTERVIEW_PREP_DATA="$tmp/progress" \
  "$PREFIX/bin/code-server" --auth none --bind-addr "127.0.0.1:$port" --user-data-dir "$tmp/user" \
  --extensions-dir "$tmp/extensions" --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override "$tmp/workspace" >"$tmp/code-server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true)
  [ "$code" = 200 ] && break
  sleep 0.5
done
[ "$code" = 200 ] || { cat "$tmp/code-server.log"; echo "run-vscode: code-server did not start" >&2; exit 1; }

mkdir -p target/editor-screenshots/vscode
t0=$(date +%s)
set +e
NODE_PATH="$PREFIX/node_modules" CODE_SERVER_URL="http://127.0.0.1:$port" WORKSPACE="$tmp/workspace" \
  INTERVIEW_PREP_BIN="$BIN" INTERVIEW_PREP_BUNDLED="$BUNDLED" INTERVIEW_PREP_DATA="$tmp/progress" \
  VSCODE_LOGS="$tmp/user/logs" \
  SHOTS="$ROOT/target/editor-screenshots/vscode" \
  timeout 600 node --test-reporter=spec tests/editors/vscode/e2e.test.js
rc=$?
set -e
echo "run-vscode: the test took $(secs "$t0") s"
if [ $rc -ne 0 ]; then
  echo "--- code-server log ---"; tail -n 50 "$tmp/code-server.log"
  find "$tmp/user/logs" -name '*Interview Prep*.log' -print0 2>/dev/null |
    while IFS= read -r -d '' f; do echo "--- $f ---"; tail -n 80 "$f"; done
fi
exit $rc
