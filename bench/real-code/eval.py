#!/usr/bin/env python3
"""Measure concept detection on real code.

Downloads pinned source releases from PyPI (sha256-checked, cached outside the repository, never
committed), runs `interview-prep check --format json` on them, and writes:

  target/real-code/counts.md   findings per concept and project
  target/real-code/sample.tsv  a seeded random sample of findings with their source lines, to
                               review by hand (fill the `verdict` column with ok / wrong)
  target/real-code/findings.jsonl  every finding (concept, location), to re-check reviewed rows

Usage: bench/real-code/eval.py [--binary target/release/interview-prep] [--per-concept 5] [--seed 7]
       bench/real-code/eval.py --score REVIEWED.tsv   (precision per topic)
       bench/real-code/eval.py --recheck REVIEWED.tsv (which reviewed rows the current build still reports)
Cache: $INTERVIEW_PREP_EVAL_CACHE or ~/.cache/interview-prep-eval
"""
import argparse
import collections
import csv
import hashlib
import json
import os
import random
import subprocess
import sys
import tarfile
from pathlib import Path

# name, version, file pip saves, sha256 of that file
PINS = [
    ("django", "5.1.4", "Django-5.1.4.tar.gz", "de450c09e91879fa5a307f696e57c851955c910a438a35e6b4c895e86bedc82a"),
    ("djangorestframework", "3.15.2", "djangorestframework-3.15.2.tar.gz", "36fe88cd2d6c6bec23dca9804bab2ba5517a8bb9d8f47ebc68981b56840107ad"),
    ("django-allauth", "65.3.0", "django_allauth-65.3.0.tar.gz", "92e0242724af03458b05b88c5fa798b01112ab22a86d873a8a9fd8f0ec57bbbf"),
    ("django-oscar", "3.2.5", "django_oscar-3.2.5.tar.gz", "c9d679461d79c21889152641d7d1cdf7a7342a21ca7edc747c55f08afddade06"),
    ("fastapi", "0.115.6", "fastapi-0.115.6.tar.gz", "9ec46f7addc14ea472958a96aae5b5de65f39721a46aaf5705c480d9a8b76654"),
    ("fastapi-users", "14.0.0", "fastapi_users-14.0.0.tar.gz", "6dceefbd2db87a17f791ef431d616bb5ce40cb123da7922969b704cbee5e7384"),
    ("celery", "5.4.0", "celery-5.4.0.tar.gz", "504a19140e8d3029d5acad88330c541d4c3f64c789d85f94756762d8bca7e706"),
    ("sqlalchemy", "2.0.36", "sqlalchemy-2.0.36.tar.gz", "7f2767680b6d2398aea7082e45a774b2b0767b5c8d8ffb9c8b683088ea9b29c5"),
    ("flask", "3.1.0", "flask-3.1.0.tar.gz", "5f873c5184c897c8d9d1b05df1e3d01b14910ce69607a117bd3277098a5836ac"),
    ("redis", "5.2.1", "redis-5.2.1.tar.gz", "16f2e22dff21d5125e8481515e386711a34cbec50f0e44413dd7d9c060a54e0f"),
    ("requests", "2.32.3", "requests-2.32.3.tar.gz", "55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760"),
]

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "target" / "real-code"


def cache_dir():
    return Path(os.environ.get("INTERVIEW_PREP_EVAL_CACHE", Path.home() / ".cache" / "interview-prep-eval"))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch(name, version, filename, digest):
    cache = cache_dir()
    archive = cache / filename
    if not archive.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                        f"{name}=={version}", "-d", str(cache)], check=True)
    got = sha256(archive)
    if got != digest:
        sys.exit(f"eval: {filename}: sha256 {got} does not match the pinned {digest}; refusing to use it")
    src = cache / "src" / f"{name}-{version}"
    if not (src / ".complete").exists():
        src.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(src, filter="data")
        (src / ".complete").write_text("")
    return src


def run_check(binary, src):
    out = subprocess.run([str(binary), "check", "--format", "json", str(src)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def catalog(binary):
    out = subprocess.run([str(binary), "concepts", "--format", "json"], capture_output=True, text=True, check=True)
    return {c["id"]: c for c in json.loads(out.stdout)}


def source_line(path, line):
    try:
        with open(path, encoding="utf-8") as f:
            for i, text in enumerate(f, start=1):
                if i == line:
                    return text.rstrip("\n")
    except OSError:
        pass
    return ""


def measure(args):
    binary = Path(args.binary)
    if not binary.exists():
        sys.exit(f"eval: {binary} not found; build it with `cargo build --release`")
    cat = catalog(binary)
    OUT.mkdir(parents=True, exist_ok=True)
    counts = collections.defaultdict(collections.Counter)
    findings = []
    files = {}
    for name, version, filename, digest in PINS:
        src = fetch(name, version, filename, digest)
        results = run_check(binary, src)
        files[name] = sum(1 for _ in src.rglob("*.py"))
        for f in results:
            counts[f["concept"]][name] += 1
            f["project"] = name
            findings.append(f)
        print(f"{name} {version}: {len(results)} findings in {files[name]} files", file=sys.stderr)
    with open(OUT / "findings.jsonl", "w") as dump:
        for f in findings:
            rel = os.path.relpath(f["path"], cache_dir() / "src")
            dump.write(json.dumps({"concept": f["concept"], "location": f"{rel}:{f['line']}:{f['column']}"}) + "\n")
    projects = [p[0] for p in PINS]
    with open(OUT / "counts.md", "w") as md:
        md.write("| concept | kind | total | " + " | ".join(projects) + " |\n")
        md.write("|---|---|---:|" + "---:|" * len(projects) + "\n")
        for cid in sorted(cat, key=lambda c: (-sum(counts[c].values()), c)):
            row = [str(counts[cid][p]) for p in projects]
            md.write(f"| `{cid}` | {cat[cid]['kind']} | {sum(counts[cid].values())} | " + " | ".join(row) + " |\n")
    rng = random.Random(args.seed)
    by_concept = collections.defaultdict(list)
    for f in findings:
        by_concept[f["concept"]].append(f)
    with open(OUT / "sample.tsv", "w", newline="") as out:
        w = csv.writer(out, delimiter="\t", lineterminator="\n")
        w.writerow(["concept", "topic", "verdict", "location", "source"])
        for cid in sorted(by_concept):
            pick = rng.sample(by_concept[cid], min(args.per_concept, len(by_concept[cid])))
            for f in sorted(pick, key=lambda f: (f["path"], f["line"])):
                rel = os.path.relpath(f["path"], cache_dir() / "src")
                w.writerow([cid, cat[cid]["topic"], "", f"{rel}:{f['line']}:{f['column']}",
                            source_line(f["path"], f["line"]).strip()[:200]])
    total = len(findings)
    print(f"{total} findings; wrote {OUT / 'counts.md'} and {OUT / 'sample.tsv'}", file=sys.stderr)


def score(path):
    per_topic = collections.defaultdict(lambda: [0, 0])
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            verdict = row["verdict"].strip().lower()
            if verdict not in ("ok", "wrong"):
                continue
            per_topic[row["topic"]][0 if verdict == "ok" else 1] += 1
    total_ok = sum(v[0] for v in per_topic.values())
    total = sum(v[0] + v[1] for v in per_topic.values())
    print("| topic | reviewed | correct | precision |")
    print("|---|---:|---:|---:|")
    for topic, (ok, wrong) in sorted(per_topic.items()):
        print(f"| {topic} | {ok + wrong} | {ok} | {100.0 * ok / (ok + wrong):.0f}% |")
    if total:
        print(f"| **all** | {total} | {total_ok} | {100.0 * total_ok / total:.0f}% |")


def recheck(path):
    current = set()
    with open(OUT / "findings.jsonl") as f:
        for line in f:
            row = json.loads(line)
            current.add((row["concept"], row["location"]))
    kept = collections.Counter()
    dropped = collections.Counter()
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            verdict = row["verdict"].strip().lower()
            still = (row["concept"], row["location"]) in current
            (kept if still else dropped)[verdict] += 1
            if verdict == "wrong" and still:
                print(f"still reported (wrong): {row['concept']} {row['location']}")
    print(f"ok rows still reported: {kept['ok']}, dropped: {dropped['ok']}")
    print(f"wrong rows still reported: {kept['wrong']}, dropped: {dropped['wrong']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=str(ROOT / "target" / "release" / "interview-prep"))
    ap.add_argument("--per-concept", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--score", metavar="SAMPLE_TSV")
    ap.add_argument("--recheck", metavar="SAMPLE_TSV")
    args = ap.parse_args()
    if args.recheck:
        recheck(args.recheck)
    elif args.score:
        score(args.score)
    else:
        measure(args)


if __name__ == "__main__":
    main()
