#!/usr/bin/env bash
# Regenerates docs/images/progress-report.png: four weeks of simulated study (the CLI quiz run
# from a pipe on past days, via INTERVIEW_PREP_NOW), the HTML report, and a headless Chromium
# screenshot of it. Needs Debian's chromium and a built binary (cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${BIN:-target/release/interview-prep}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export INTERVIEW_PREP_DATA="$work/data" HOME="$work" XDG_CACHE_HOME="$work/cache"
now=$(date +%s)
topics=(python django databases "system design" docker python http caching behavioural)
answers=(3 3 4 2 3 1 3 4 3 3 2 3)
for back in $(seq 27 -1 0); do
  (( back % 6 == 4 )) && continue            # a few days off, as in real life
  export INTERVIEW_PREP_NOW=$(( now - back * 86400 ))
  topic=${topics[$(( back % ${#topics[@]} ))]}
  input=""
  for i in 0 1 2 3; do input+="1"$'\n'"${answers[$(( (back + i) % ${#answers[@]} ))]}"$'\n'; done
  printf '%s' "$input" | "$bin" quiz --due --count 4 >/dev/null
  printf '%s' "$input" | "$bin" quiz --topic "$topic" --count 4 >/dev/null
done
unset INTERVIEW_PREP_NOW
"$bin" scan tests/concepts >/dev/null
"$bin" progress --interview-date "$(date -d '+21 days' +%F)" --html "$work/report.html"
/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --no-first-run --disable-sync --hide-scrollbars \
  --user-data-dir="$work/profile" --window-size=1100,1250 \
  --screenshot="$PWD/docs/images/progress-report.png" "file://$work/report.html" 2>/dev/null
echo "wrote docs/images/progress-report.png"
