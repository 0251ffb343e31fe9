#!/usr/bin/env bash
# Installs what the VS Code end-to-end test drives: code-server (a real VS Code, from the npm
# registry), playwright-core, and Debian's headless Chromium. Only package registries are reached:
# code-server's own postinstall downloads ripgrep from the internet, so it is installed without
# scripts and its steps are done here by hand (native modules built with node-gyp, Debian's rg).
# Idempotent and cached: a second run with everything in place only checks it (well under a
# second). Prints the prefix last (progress goes to stderr).
# Usage: tests/editors/setup-code-server.sh [PREFIX]  (default: ~/.cache/interview-prep-e2e/code-server)
set -euo pipefail
PREFIX=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/interview-prep-e2e/code-server}
VERSION=${CODE_SERVER_VERSION:-4.100.3}
PLAYWRIGHT=${PLAYWRIGHT_CORE_VERSION:-1.65.1}
say() { echo "setup-code-server: $*" >&2; }

need=()
for p in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium build-essential python3 curl; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  say "apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

stamp="$PREFIX/.ok-$VERSION-$PLAYWRIGHT"
if [ -x "$PREFIX/bin/code-server" ] && [ -f "$stamp" ]; then
  say "code-server $VERSION already set up in $PREFIX"
  echo "$PREFIX"; exit 0
fi

mkdir -p "$PREFIX/bin"
cd "$PREFIX"
[ -f package.json ] || echo '{"private":true}' > package.json
say "npm install code-server@$VERSION playwright-core@$PLAYWRIGHT"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error \
  "code-server@$VERSION" "playwright-core@$PLAYWRIGHT" >&2
VS="$PREFIX/node_modules/code-server/lib/vscode"
(cd "$VS" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
say "building native modules"
for dir in $(cd "$VS" && find node_modules -maxdepth 3 -name binding.gyp -exec dirname {} \;); do
  (cd "$VS/$dir" && npx --yes node-gyp rebuild >/dev/null 2>&1) || say "warning: native build failed in $dir"
done
mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$VS/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$VS/node_modules.asar"
(cd "$VS/bin/remote-cli" && ln -sfn code-linux.sh code-server)
(cd "$VS/bin/helpers" && ln -sfn browser-linux.sh browser.sh)
(cd "$VS/extensions" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
# argon2 (code-server's login page) uses node-pre-gyp's layout.
A="$PREFIX/node_modules/argon2"
(cd "$A" && npx --yes node-gyp rebuild --module_name=argon2 --module_path=lib/binding/napi-v3 \
  --napi_build_version=3 >/dev/null 2>&1) || say "warning: argon2 build failed"
mkdir -p "$A/lib/binding/napi-v3" && cp "$A/build/Release/argon2.node" "$A/lib/binding/napi-v3/" 2>/dev/null || true

cat > "$PREFIX/bin/code-server" <<EOS
#!/usr/bin/env bash
exec node "$PREFIX/node_modules/code-server/out/node/entry.js" "\$@"
EOS
chmod +x "$PREFIX/bin/code-server"

say "smoke check: code-server starts and answers"
port=$((20000 + RANDOM % 20000)); tmp=$(mktemp -d)
"$PREFIX/bin/code-server" --auth none --bind-addr "127.0.0.1:$port" --user-data-dir "$tmp/d" \
  --extensions-dir "$tmp/e" --disable-telemetry --disable-update-check "$tmp" >"$tmp/log" 2>&1 &
pid=$!
ok=
for _ in $(seq 1 60); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)
  if [ "$code" = 302 ] || [ "$code" = 200 ]; then ok=1; break; fi
  sleep 1
done
kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
if [ -z "$ok" ]; then cat "$tmp/log" >&2; say "code-server did not start"; exit 1; fi
rm -rf "$tmp"
touch "$stamp"
say "code-server $VERSION ready in $PREFIX"
echo "$PREFIX"
