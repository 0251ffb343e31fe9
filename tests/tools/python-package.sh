#!/usr/bin/env bash
# The Python package, installed as a user would, twice:
#  1. `pip install .` from a clean clone of HEAD into a fresh virtualenv (pip fetches maturin from
#     PyPI; cargo builds into the target directory tests/tools/readme-try-it.sh used for the same
#     clone, so after that step nothing is compiled again);
#  2. the wheel `maturin build --release` makes from this tree's release build (reused, not
#     rebuilt), installed with `pip install --no-index` into another fresh virtualenv, with no
#     network at all where a network namespace can be made (root).
# Each installed `interview-prep` must report the workspace version and print exactly what the
# release binary prints for `check examples/`. The wheel is left in target/wheels/.
# Usage: tests/tools/python-package.sh   (after `cargo build --release --locked`)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
MATURIN_VERSION=${MATURIN_VERSION:-1.16.0}
release=$root/target/release/interview-prep
[ -x "$release" ] || { echo "python-package: no $release (cargo build --release --locked)" >&2; exit 1; }
secs() { echo $(( $(date +%s) - $1 )); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

want_version=$("$release" --version)
"$release" check examples/ >"$tmp/expected.txt" 2>&1

# Runs the installed binary of a virtualenv the way a user would after installing it.
smoke() { # $1 = virtualenv, $2 = what was installed
  local bin=$1/bin/interview-prep
  [ -x "$bin" ] || { echo "python-package: $2 installed no $bin" >&2; exit 1; }
  local got
  got=$("$bin" --version)
  [ "$got" = "$want_version" ] || { echo "python-package: $2: --version says '$got', want '$want_version'" >&2; exit 1; }
  # From the virtualenv's PATH, as `interview-prep` and not by full path.
  (PATH="$1/bin:/usr/bin:/bin" interview-prep check examples/) >"$tmp/got.txt" 2>&1
  if ! cmp -s "$tmp/expected.txt" "$tmp/got.txt"; then
    diff "$tmp/expected.txt" "$tmp/got.txt" | head -n 20 >&2
    echo "python-package: $2: check examples/ differs from the release binary's" >&2
    exit 1
  fi
  echo "python-package: $2: $got, check examples/: $(tail -n 1 "$tmp/got.txt")"
}

# 1. pip install . from a clean clone.
t0=$(date +%s)
clone=$root/target/readme-clone/repo
if [ "$(git -C "$clone" rev-parse HEAD 2>/dev/null)" != "$(git rev-parse HEAD)" ] ||
  [ -n "$(git -C "$clone" status --porcelain 2>/dev/null)" ]; then
  rm -rf "$clone"
  mkdir -p "$(dirname "$clone")"
  git clone --quiet --no-hardlinks "$root" "$clone"
fi
python3 -m venv "$tmp/from-clone"
(cd "$clone" && CARGO_TARGET_DIR="$root/target/readme-clone/target" \
  "$tmp/from-clone/bin/pip" install --quiet --disable-pip-version-check .)
smoke "$tmp/from-clone" "pip install . (clean clone)"
echo "python-package: pip install . took $(secs "$t0") s"

# 2. The wheel, from the release build.
t0=$(date +%s)
tools=${XDG_CACHE_HOME:-$HOME/.cache}/interview-prep-e2e/maturin-$MATURIN_VERSION
if [ ! -x "$tools/bin/maturin" ]; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check "maturin==$MATURIN_VERSION"
fi
rm -rf target/wheels
"$tools/bin/maturin" build --release --quiet --out target/wheels
wheels=(target/wheels/*.whl)
[ ${#wheels[@]} = 1 ] || { echo "python-package: want one wheel, got: ${wheels[*]}" >&2; exit 1; }
wheel=${wheels[0]}
# Only the binary (and the metadata): not lsp-bench, not sources.
python3 - "$wheel" "${want_version#interview-prep }" <<'PY'
import sys, zipfile
wheel, version = sys.argv[1], sys.argv[2]
names = zipfile.ZipFile(wheel).namelist()
payload = [n for n in names if ".dist-info/" not in n]
want = [f"interview_prep-{version}.data/scripts/interview-prep"]
if payload != want:
    sys.exit(f"python-package: the wheel holds {payload}, want {want}")
PY
python3 -m venv "$tmp/from-wheel"
install=("$tmp/from-wheel/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel")
if unshare --net true 2>/dev/null; then
  unshare --net "${install[@]}"
  how="no network"
else
  "${install[@]}"
  how="--no-index; no network namespace here"
fi
smoke "$tmp/from-wheel" "pip install --no-index $(basename "$wheel") ($how)"
echo "python-package: the wheel ($(du -k "$wheel" | cut -f1) KiB) took $(secs "$t0") s"
