#!/usr/bin/env python3
"""Sanity-check tests/answers/answers.tsv against the deck.

    python3 tests/answers/check.py [--deck deck.json] [--bin path/to/interview-prep]

Without --deck it runs `interview-prep deck export --format json` (the binary from --bin,
else target/release/interview-prep, else `interview-prep` on PATH). Exits 1 on any problem
and prints the counts that tests/answers/README.md quotes.
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
KINDS = ("good", "partial", "wrong", "trap")
COLUMNS = ["entry_id", "answer_id", "kind", "answer", "hits"]


def load_deck(args):
    if args.deck:
        with open(args.deck, encoding="utf-8") as fh:
            data = json.load(fh)
    else:
        exe = args.bin
        if not exe:
            local = os.path.join(ROOT, "target", "release", "interview-prep")
            exe = local if os.path.exists(local) else shutil.which("interview-prep")
        if not exe:
            sys.exit("no interview-prep binary: build it or pass --deck / --bin")
        out = subprocess.run([exe, "deck", "export", "--format", "json"],
                             check=True, capture_output=True, text=True).stdout
        data = json.loads(out)
    entries = data["entries"] if isinstance(data, dict) else data
    return {e["id"]: e for e in entries}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--deck", help="a deck export in JSON")
    ap.add_argument("--bin", help="the interview-prep binary")
    ap.add_argument("--tsv", default=os.path.join(HERE, "answers.tsv"))
    args = ap.parse_args()
    deck = load_deck(args)

    problems = []
    rows = []
    with open(args.tsv, encoding="utf-8", newline="") as fh:
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = lines[0].split("\t")
    if header != COLUMNS:
        problems.append(f"header is {header}, want {COLUMNS}")
    for n, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            problems.append(f"line {n}: {len(cells)} cells, want {len(COLUMNS)}")
            continue
        rows.append((n, dict(zip(COLUMNS, cells))))

    seen_ids, seen_text = set(), {}
    per_entry = collections.defaultdict(list)
    for n, r in rows:
        eid, aid, kind, answer, hits = (r[c] for c in COLUMNS)
        entry = deck.get(eid)
        if entry is None:
            problems.append(f"line {n}: entry {eid!r} is not in the deck")
            continue
        if aid in seen_ids:
            problems.append(f"line {n}: duplicate answer_id {aid}")
        seen_ids.add(aid)
        prefix, _, num = aid.rpartition("-")
        if prefix != eid or not num.isdigit():
            problems.append(f"line {n}: answer_id {aid} is not <entry_id>-<n>")
        key = answer.strip().lower()
        if key in seen_text:
            problems.append(f"line {n}: same answer text as line {seen_text[key]}")
        seen_text[key] = n
        if kind not in KINDS:
            problems.append(f"line {n}: kind {kind!r}")
        if not answer.strip():
            problems.append(f"line {n}: empty answer")
        if set(hits) - {"0", "1"}:
            problems.append(f"line {n}: hits {hits!r} is not 0/1 digits")
        want = len(entry["key_points"])
        if len(hits) != want:
            problems.append(f"line {n}: {len(hits)} hit digits, {eid} has {want} key points")
        if kind == "wrong" and "1" in hits:
            problems.append(f"line {n}: a wrong answer marks a key point as hit")
        per_entry[eid].append((kind, hits))

    for eid, answers in per_entry.items():
        kinds = {k for k, _ in answers}
        for need in ("good", "partial", "trap"):
            if need not in kinds:
                problems.append(f"{eid}: no {need} answer")
        if len(answers) < 5:
            problems.append(f"{eid}: {len(answers)} answers, want at least 5")

    by_kind = collections.Counter(r["kind"] for _, r in rows)
    hit = sum(r["hits"].count("1") for _, r in rows)
    miss = sum(r["hits"].count("0") for _, r in rows)
    print(f"entries: {len(per_entry)}")
    print(f"answers: {len(rows)} (" + ", ".join(f"{k} {by_kind[k]}" for k in KINDS) + ")")
    print(f"key-point labels: {hit + miss} (hit {hit}, not hit {miss})")
    for k in KINDS:
        ks = [r["hits"] for _, r in rows if r["kind"] == k]
        h = sum(x.count("1") for x in ks)
        m = sum(x.count("0") for x in ks)
        print(f"  {k:8} hit {h:4}  not hit {m:4}")
    topics = collections.Counter(deck[e]["topic"] for e in per_entry)
    print("entries by deck topic: " + ", ".join(f"{t} {c}" for t, c in sorted(topics.items())))
    if len(per_entry) < 45 or len(rows) < 225:
        problems.append("below the minimum of 45 entries / 225 answers")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
