#!/usr/bin/env bash
# Runs the README's "Try it" command verbatim on a clean clone of HEAD, as a new user would, and
# compares what it prints with the output the README shows: every line shown (other than `...`)
# must be printed, and the last lines must be equal. The command and the expected output are read
# from the clone's README, never copied here, so the README cannot drift from what works.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
clone="$root/target/readme-clone/repo"
rm -rf "$clone"
mkdir -p "$(dirname "$clone")"
git clone --quiet --no-hardlinks "$root" "$clone"
cd "$clone"

# The first ```bash block and the first ```text block after the "## Try it" heading.
read_block() { # $1 = fence language
  awk -v lang="$1" '
    /^## / { in_section = ($0 == "## Try it") }
    in_section && !inside && $0 == "```" lang { inside = 1; next }
    inside && $0 == "```" { exit }
    inside { print }
  ' README.md
}
command=$(read_block bash)
expected=$(read_block text)
if [ -z "$command" ] || [ -z "$expected" ]; then
  echo "readme-try-it: README.md has no \`\`\`bash and \`\`\`text blocks under '## Try it'" >&2
  exit 1
fi
echo "\$ $command"
# The clone builds into its own target directory: nothing from the working tree is reused.
export CARGO_TARGET_DIR="$root/target/readme-clone/target"
# What the user sees in the terminal: stdout and stderr, without cargo's own progress lines.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! bash -euo pipefail -c "$command" >"$log" 2>&1; then
  cat "$log" >&2
  echo "readme-try-it: the README's command failed" >&2
  exit 1
fi
actual=$(grep -Ev '^ *(Compiling|Finished|Running|Downloading|Downloaded|Updating|Locking|Adding|Blocking|Fresh) ' "$log" || true)
status=0
while IFS= read -r line; do
  [ "$line" = "..." ] && continue
  if ! grep -qxF -- "$line" <<<"$actual"; then
    echo "readme-try-it: the README shows a line the command did not print: $line" >&2
    status=1
  fi
done <<<"$expected"
want_last=$(tail -n 1 <<<"$expected")
got_last=$(tail -n 1 <<<"$actual")
if [ "$want_last" != "$got_last" ]; then
  echo "readme-try-it: last line differs: README shows '$want_last', the command printed '$got_last'" >&2
  status=1
fi
[ "$status" = 0 ] && echo "readme-try-it: the output matches the README (last line: $got_last)"
exit "$status"
