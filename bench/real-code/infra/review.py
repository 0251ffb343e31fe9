#!/usr/bin/env python3
"""A judged sample of what `check` reports on the Dockerfiles, Compose files, Kubernetes
manifests, workflows and SQL of real projects (corpus.py), for a precision figure.

  bench/real-code/infra/review.py sample tune        # write/extend tune.tsv (verdicts kept)
  bench/real-code/infra/review.py score tune         # precision of the judged rows
  bench/real-code/infra/review.py count tune         # what check reports there, by concept

`sample` draws PER_KIND findings of each file kind at random (seed fixed, so the draw is the
same on every machine), then tops up to TOTAL from the rest, and writes them to <split>.tsv
with empty verdict columns; rows already judged keep their verdict and reason. A person fills
`verdict` (right/wrong) and a one-line `reason`. Findings are named by project-relative path,
line and concept, so the file is stable across runs of the same pinned sdists.
"""
import csv
import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import corpus

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
SEED = 16
PER_KIND = 10
TOTAL = 60
FIELDS = ["kind", "concept", "path", "line", "code", "verdict", "reason"]


def kind(path: Path) -> str:
    name = path.name.lower()
    if "dockerfile" in name:
        return "dockerfile"
    if path.suffix == ".sql":
        return "sql"
    if ".github/workflows/" in path.as_posix() or name.startswith(".gitlab-ci"):
        return "ci"
    if name.startswith(("compose", "docker-compose")):
        return "compose"
    return "kubernetes"


def findings(split: str) -> list[dict]:
    binary = ROOT / "target" / "release" / "interview-prep"
    out = []
    for root in corpus.roots()[split]:
        run = subprocess.run([str(binary), "check", "--format", "json", str(root)], capture_output=True, text=True)
        for f in json.loads(run.stdout or "[]"):
            path = Path(f["path"])
            if path.suffix == ".py":
                continue
            rel = f"{root.name}/{path.resolve().relative_to(root.resolve())}"
            text = path.read_text(errors="replace").splitlines()
            code = text[f["line"] - 1].strip()[:120] if f["line"] <= len(text) else ""
            out.append({"kind": kind(path), "concept": f["concept"], "path": rel, "line": str(f["line"]), "code": code})
    return out


def key(row: dict) -> tuple:
    return row["path"], row["line"], row["concept"]


def sample(split: str) -> None:
    tsv = HERE / f"{split}.tsv"
    judged = {}
    if tsv.exists():
        with tsv.open() as fh:
            judged = {key(r): r for r in csv.DictReader(fh, delimiter="\t")}
    rng = random.Random(SEED)
    found = sorted(findings(split), key=key)
    picked = []
    for k in sorted({f["kind"] for f in found}):
        pool = [f for f in found if f["kind"] == k]
        picked += rng.sample(pool, min(PER_KIND, len(pool)))
    rest = [f for f in found if f not in picked]
    picked += rng.sample(rest, max(0, min(len(rest), TOTAL - len(picked))))
    rows = []
    for f in sorted(picked, key=lambda f: (f["kind"], key(f))):
        old = judged.get(key(f), {})
        rows.append({**f, "verdict": old.get("verdict", ""), "reason": old.get("reason", "")})
    with tsv.open("w", newline="") as fh:
        w = csv.DictWriter(fh, FIELDS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} rows in {tsv} ({sum(1 for r in rows if r['verdict'])} judged)")


def score(split: str) -> None:
    with (HERE / f"{split}.tsv").open() as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["verdict"]]
    right = sum(r["verdict"] == "right" for r in rows)
    print(f"{split}: {right}/{len(rows)} right = {right / len(rows):.1%}")
    for k in sorted({r["kind"] for r in rows}):
        sub = [r for r in rows if r["kind"] == k]
        print(f"  {k:11} {sum(r['verdict'] == 'right' for r in sub)}/{len(sub)}")
    for r in rows:
        if r["verdict"] != "right":
            print(f"  wrong: {r['path']}:{r['line']} {r['concept']}: {r['reason']}")


def count(split: str) -> None:
    found = findings(split)
    print(f"{len(found)} findings in {len({f['path'] for f in found})} files")
    for (k, c), n in sorted(Counter((f["kind"], f["concept"]) for f in found).items()):
        print(f"  {k:11} {c:30} {n}")


if __name__ == "__main__":
    {"sample": sample, "score": score, "count": count}[sys.argv[1]](sys.argv[2])
