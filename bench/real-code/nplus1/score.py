#!/usr/bin/env python3
"""Score the `n-plus-one` pitfall against the hand-labelled N+1 sites in labels.tsv.

Downloads the pinned sdists of projects.py (sha256-checked, cached outside the repository, the
same cache as bench/real-code/eval.py), runs `<binary> check --format json` on the labelled files,
keeps the `n-plus-one` findings and matches them to the labels:

  a finding matches a label when it is in the same file and its line range (line..end_line)
  contains the label's `line` or its `loop_line`.

  true positive   a label with verdict `n+1` that at least one finding matches
  false negative  a label with verdict `n+1` that no finding matches
  false positive  a finding that matches no `n+1` label (findings that match only an unsure
                  `n+1?` / `ok?` label are ignored, neither right nor wrong)

Precision is over findings, recall over `n+1` labels; recall is also given for the labels whose
N+1 is visible from the file and the model definitions alone (visible=file).

Usage: bench/real-code/nplus1/score.py [--binary target/release/interview-prep] [--json]
       bench/real-code/nplus1/score.py --findings FINDINGS.json   (score a saved `check` output)
       bench/real-code/nplus1/score.py --check                    (only validate labels.tsv)
Cache: $INTERVIEW_PREP_EVAL_CACHE or ~/.cache/interview-prep-eval
"""
import argparse
import ast
import collections
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # importing eval.py must not leave a __pycache__ in bench/real-code
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from projects import PINS  # noqa: E402

import eval as real_code  # noqa: E402  (bench/real-code/eval.py: the pinned-sdist fetcher)

CONCEPT = "n-plus-one"
KINDS_NPLUS1 = ("fk-read", "reverse-read", "related-manager", "per-item-query", "nested-loop",
                "serializer", "property")
KINDS_OK_ONLY = ("none", "write")
VERDICTS = ("n+1", "ok", "n+1?", "ok?")
VISIBLE = ("file", "deep")
COLUMNS = ["project", "version", "file", "line", "kind", "verdict", "visible", "loop_line", "note"]


def load_labels(path):
    labels = []
    errors = []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames != COLUMNS:
            sys.exit(f"score: {path}: header must be {COLUMNS}, got {reader.fieldnames}")
        for n, row in enumerate(reader, start=2):
            where = f"{path.name}:{n}"
            if row["verdict"] not in VERDICTS:
                errors.append(f"{where}: verdict {row['verdict']!r} not one of {VERDICTS}")
            if row["kind"] not in KINDS_NPLUS1 + KINDS_OK_ONLY:
                errors.append(f"{where}: unknown kind {row['kind']!r}")
            elif row["verdict"] == "n+1" and row["kind"] in KINDS_OK_ONLY:
                errors.append(f"{where}: an n+1 row needs one of {KINDS_NPLUS1}, not {row['kind']!r}")
            if row["visible"] not in VISIBLE:
                errors.append(f"{where}: visible {row['visible']!r} not one of {VISIBLE}")
            try:
                row["line"] = int(row["line"])
                row["loop_line"] = int(row["loop_line"])
            except ValueError:
                errors.append(f"{where}: line and loop_line must be integers")
                continue
            row["row"] = n
            labels.append(row)
    seen = collections.Counter((r["project"], r["file"], r["line"], r["loop_line"]) for r in labels)
    for key, count in seen.items():
        if count > 1:
            errors.append(f"duplicate label {key}")
    return labels, errors


def project_roots(projects):
    pins = {p[0]: p for p in PINS}
    roots = {}
    for name in sorted(projects):
        if name not in pins:
            sys.exit(f"score: project {name!r} in labels.tsv is not pinned in projects.py")
        pname, version, filename, digest, top = pins[name]
        roots[name] = real_code.fetch(pname, version, filename, digest) / top
    return roots


def read_lines(path, cache={}):
    if path not in cache:
        try:
            cache[path] = Path(path).read_text(encoding="utf-8").split("\n")
        except OSError:
            cache[path] = None
    return cache[path]


def loop_spans(path, cache={}):
    """first line -> last line of every loop and comprehension in a file"""
    if path not in cache:
        spans = {}
        lines = read_lines(path)
        if lines is not None:
            for node in ast.walk(ast.parse("\n".join(lines))):
                if isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp,
                                     ast.DictComp, ast.GeneratorExp)):
                    first = node.lineno
                    if not isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
                        first = node.generators[0].iter.lineno
                    spans[first] = max(spans.get(first, 0), node.end_lineno)
        cache[path] = spans
    return cache[path]


def check_labels(labels, roots):
    """Every labelled file exists, every line is in range, versions match the pins."""
    errors = []
    pins = {p[0]: p[1] for p in PINS}
    for r in labels:
        where = f"labels.tsv:{r['row']}"
        if r["version"] != pins.get(r["project"]):
            errors.append(f"{where}: version {r['version']} but {r['project']} is pinned at {pins.get(r['project'])}")
        lines = read_lines(roots[r["project"]] / r["file"])
        if lines is None:
            errors.append(f"{where}: {r['project']}/{r['file']} not found in the sdist")
            continue
        for col in ("line", "loop_line"):
            if not 1 <= r[col] <= len(lines) or not lines[r[col] - 1].strip():
                errors.append(f"{where}: {col} {r[col]} is empty or out of range in {r['file']}")
    return errors


def run_check(binary, paths):
    out = subprocess.run([str(binary), "check", "--format", "json", *map(str, paths)],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1) or not out.stdout.strip():
        sys.exit(f"score: {binary} check failed ({out.returncode}): {out.stderr.strip()[:500]}")
    return json.loads(out.stdout)


def score(labels, roots, findings):
    by_path = {}
    for r in labels:
        key = os.path.realpath(roots[r["project"]] / r["file"])
        by_path.setdefault(key, []).append(r)
    ours = [f for f in findings if f.get("concept") == CONCEPT]
    for f in ours:
        f["_real"] = os.path.realpath(f["path"])
    matched = collections.defaultdict(list)  # label row -> findings
    false_pos = []
    ignored = 0
    for f in ours:
        rows = by_path.get(f["_real"])
        if rows is None:
            continue  # not a labelled file
        end = f.get("end_line") or f["line"]
        hits = [r for r in rows if f["line"] <= r["line"] <= end or f["line"] <= r["loop_line"] <= end]
        positive = [r for r in hits if r["verdict"] == "n+1"]
        for r in positive:
            matched[r["row"]].append(f)
        if positive:
            continue
        if any(r["verdict"] in ("n+1?", "ok?") for r in hits):
            ignored += 1
            continue
        ok_hit = next((r for r in hits if r["verdict"] == "ok"), None)
        spans = loop_spans(f["_real"])
        inside = [r for r in rows if r["verdict"] == "n+1"
                  and r["loop_line"] <= f["line"] <= spans.get(r["loop_line"], r["loop_line"])]
        f["_inside"] = inside[-1] if inside else None
        false_pos.append((f, ok_hit))
    sure = [r for r in labels if r["verdict"] == "n+1"]
    tp_findings = sum(1 for f in ours if f["_real"] in by_path) - len(false_pos) - ignored

    def recall_block(rows):
        tp = sum(1 for r in rows if matched.get(r["row"]))
        return {"labels": len(rows), "tp": tp, "fn": len(rows) - tp,
                "recall": tp / len(rows) if rows else None}

    per_kind = {}
    for kind in KINDS_NPLUS1:
        rows = [r for r in sure if r["kind"] == kind]
        block = recall_block(rows)
        block["file_visible"] = recall_block([r for r in rows if r["visible"] == "file"])
        block["ok_labels"] = sum(1 for r in labels if r["verdict"] == "ok" and r["kind"] == kind)
        block["fp_on_ok_labels"] = sum(1 for _, ok in false_pos if ok is not None and ok["kind"] == kind)
        per_kind[kind] = block
    fp_by_target = collections.Counter(ok["kind"] if ok else "unlabelled line" for _, ok in false_pos)
    overall = recall_block(sure)
    overall["file_visible"] = recall_block([r for r in sure if r["visible"] == "file"])
    overall["findings"] = sum(1 for f in ours if f["_real"] in by_path)
    overall["tp_findings"] = tp_findings
    overall["fp"] = len(false_pos)
    overall["ignored_findings"] = ignored
    overall["precision"] = tp_findings / (tp_findings + len(false_pos)) if tp_findings + len(false_pos) else None
    per_project = {}
    for project in sorted(roots):
        rows = [r for r in sure if r["project"] == project]
        block = recall_block(rows)
        block["fp"] = sum(1 for f, _ in false_pos if f["_real"].startswith(os.path.realpath(roots[project])))
        per_project[project] = block

    def describe(f, ok):
        rel = os.path.relpath(f["_real"], os.path.realpath(real_code.cache_dir() / "src"))
        lines = read_lines(f["_real"]) or []
        source = lines[f["line"] - 1].strip() if 0 < f["line"] <= len(lines) else ""
        inside = f.get("_inside")
        return {"location": f"{rel}:{f['line']}", "end_line": f.get("end_line"),
                "hits_ok_label": None if ok is None else {"kind": ok["kind"], "note": ok["note"]},
                "inside_nplus1_loop": None if inside is None else {"loop_line": inside["loop_line"],
                                                                    "line": inside["line"]},
                "source": source[:160]}

    def label_ref(r):
        return {"project": r["project"], "file": r["file"], "line": r["line"], "loop_line": r["loop_line"],
                "kind": r["kind"], "visible": r["visible"], "note": r["note"]}

    return {
        "concept": CONCEPT,
        "labels": {v: sum(1 for r in labels if r["verdict"] == v) for v in VERDICTS},
        "files": len(by_path),
        "overall": overall,
        "per_kind": per_kind,
        "per_project": per_project,
        "false_positives": [describe(f, ok) for f, ok in false_pos],
        "false_positives_by_target": dict(fp_by_target),
        "true_positives": [label_ref(r) for r in sure if matched.get(r["row"])],
        "false_negatives": [label_ref(r) for r in sure if not matched.get(r["row"])],
    }


def pct(x):
    return "–" if x is None else f"{100.0 * x:.0f}%"


def markdown(res):
    o = res["overall"]
    out = [f"## `{CONCEPT}` on the labelled N+1 set",
           "",
           f"{res['files']} files; labels: " + ", ".join(f"{v} {n}" for v, n in res["labels"].items()),
           "",
           "| kind | n+1 labels | TP | FN | recall | recall (visible=file) | ok labels | FP on ok labels |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for kind, b in res["per_kind"].items():
        fv = b["file_visible"]
        out.append(f"| {kind} | {b['labels']} | {b['tp']} | {b['fn']} | {pct(b['recall'])} | "
                   f"{fv['tp']}/{fv['labels']} {pct(fv['recall'])} | {b['ok_labels']} | {b['fp_on_ok_labels']} |")
    fv = o["file_visible"]
    out.append(f"| **all** | {o['labels']} | {o['tp']} | {o['fn']} | {pct(o['recall'])} | "
               f"{fv['tp']}/{fv['labels']} {pct(fv['recall'])} | {res['labels']['ok']} | "
               f"{sum(b['fp_on_ok_labels'] for b in res['per_kind'].values())} |")
    out += ["",
            f"Findings in the labelled files: {o['findings']}; matching an n+1 label: {o['tp_findings']}; "
            f"false positives: {o['fp']}; on unsure labels (ignored): {o['ignored_findings']}. "
            f"**Precision {pct(o['precision'])}, recall {pct(o['recall'])}, "
            f"recall on visible=file {pct(fv['recall'])}.**",
            "",
            "False positives by what they hit: " + (", ".join(
                f"{k} {v}" for k, v in sorted(res["false_positives_by_target"].items())) or "none") + ".",
            "",
            "| project | n+1 labels | TP | FN | recall | FP |",
            "|---|---:|---:|---:|---:|---:|"]
    for project, b in res["per_project"].items():
        out.append(f"| {project} | {b['labels']} | {b['tp']} | {b['fn']} | {pct(b['recall'])} | {b['fp']} |")
    if res["false_positives"]:
        out += ["", "### False positives", "",
                "A finding that lies inside the body of a loop labelled n+1 but on neither the labelled read nor",
                "the loop line still counts as a false positive; such rows say so, since the label may need",
                "another row for that read.", "",
                "| location | hits | source |", "|---|---|---|"]
        for fp in res["false_positives"]:
            hit = fp["hits_ok_label"]["kind"] + " ok label" if fp["hits_ok_label"] else "unlabelled line"
            if fp["inside_nplus1_loop"]:
                hit += f" (inside the n+1 loop at line {fp['inside_nplus1_loop']['loop_line']})"
            src = fp["source"].replace("|", "\\|")
            out.append(f"| {fp['location']} | {hit} | `{src}` |")
    if res["true_positives"]:
        out += ["", "### True positives", ""]
        for r in res["true_positives"]:
            out.append(f"- {r['project']} {r['file']}:{r['line']} ({r['kind']}, {r['visible']})")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=str(ROOT / "target" / "release" / "interview-prep"))
    ap.add_argument("--labels", default=str(HERE / "labels.tsv"))
    ap.add_argument("--findings", help="score this saved `check --format json` output instead of running the binary")
    ap.add_argument("--json", action="store_true", help="print the result as JSON instead of Markdown")
    ap.add_argument("--check", action="store_true", help="only validate labels.tsv against the sdists")
    args = ap.parse_args()
    labels, errors = load_labels(Path(args.labels))
    roots = project_roots({r["project"] for r in labels})
    errors += check_labels(labels, roots)
    if errors:
        sys.exit("score: labels.tsv has problems:\n  " + "\n  ".join(errors))
    if args.check:
        counts = collections.Counter(r["verdict"] for r in labels)
        files = len({(r["project"], r["file"]) for r in labels})
        print(f"labels.tsv: {len(labels)} rows in {files} files, {dict(counts)}; all lines resolve")
        return
    files = sorted({roots[r["project"]] / r["file"] for r in labels})
    if args.findings:
        with open(args.findings) as f:
            findings = json.load(f)
    else:
        binary = Path(args.binary)
        if not binary.exists():
            sys.exit(f"score: {binary} not found; build it with `cargo build --release` or pass --binary")
        findings = run_check(binary, files)
    res = score(labels, roots, findings)
    if args.json:
        json.dump(res, sys.stdout, indent=1)
        print()
    else:
        sys.stdout.write(markdown(res))


if __name__ == "__main__":
    main()
