#!/usr/bin/env python3
"""Draft caret annotations for a concept fixture from what the detector reports now.

Usage: annotate_fixture.py FIXTURE.py > draft.py
Every drafted line must be reviewed by a person: a fixture records what *should* be found, and
the draft only records what *is* found. Existing annotation lines are dropped first.
"""
import json
import subprocess
import sys

path = sys.argv[1]
binary = sys.argv[2] if len(sys.argv) > 2 else "target/debug/interview-prep"
lines = open(path, encoding="utf-8").read().split("\n")
scope = [s.strip() for s in lines[0].split(":", 1)[1].split(",")]


def is_annotation(line):
    t = line.lstrip()
    return t.startswith("#") and (t[1:].lstrip().startswith("^") or t[1:].lstrip().startswith("<-"))


code = [l for l in lines if not is_annotation(l)]
tmp = path + ".tmp.py"
open(tmp, "w", encoding="utf-8").write("\n".join(code))
out = subprocess.run([binary, "check", "--format", "json", tmp], capture_output=True, text=True, check=True).stdout
subprocess.run(["rm", "-f", tmp])
by_line = {}
for f in json.loads(out):
    if f["concept"] in scope:
        by_line.setdefault(f["line"], []).append(f)
result = []
for i, line in enumerate(code, start=1):
    result.append(line)
    for f in sorted(by_line.get(i, []), key=lambda f: f["column"]):
        col = f["column"] - 1
        if col == 0:
            result.append(f"# <- {f['concept']}")
        else:
            end = f["end_column"] - 1 if f["end_line"] == f["line"] else col + 1
            result.append("#" + " " * (col - 1) + "^" * max(1, end - col) + " " + f["concept"])
print("\n".join(result), end="")
