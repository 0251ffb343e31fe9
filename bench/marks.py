#!/usr/bin/env python3
"""How many marks (diagnostics) an editor shows on real projects, per 100 lines.

Downloads the pinned sdists of wagtail and django-oscar (bench/real-code/nplus1/projects.py,
sha256-checked, cached outside the repository), runs `interview-prep debug marks` on each, and
prints a Markdown table: lines, findings (what hover, definition and quizzes can use), marks (what
the editor underlines), pitfall marks, and both per 100 lines. The target is at most 2.5 marks per
100 lines with every pitfall still marked; docs/performance.md holds the last measurement.

Usage: bench/marks.py [--binary target/release/interview-prep] [--json]
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "real-code" / "nplus1"))
sys.path.insert(0, str(HERE / "real-code"))

from projects import PINS  # noqa: E402
import eval as real_code  # noqa: E402

PROJECTS = ("wagtail", "django-oscar")
TARGET = 2.5


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=str(HERE.parent / "target" / "release" / "interview-prep"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    pins = {p[0]: p for p in PINS}
    rows = []
    for name in PROJECTS:
        pname, version, filename, digest, top = pins[name]
        root = real_code.fetch(pname, version, filename, digest) / top
        out = subprocess.run([args.binary, "debug", "marks", str(root)], capture_output=True, text=True, check=True)
        counts = json.loads(out.stdout)
        counts["project"] = f"{name} {version}"
        rows.append(counts)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("| project | files | lines | findings | per 100 lines | marks | per 100 lines | pitfall marks |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['project']} | {r['files']} | {r['lines']:,} | {r['findings']:,} | {r['findings_per_100_lines']:.1f} | "
              f"{r['marks']:,} | {r['marks_per_100_lines']:.2f} | {r['pitfall_marks']} |")
    worst = max(r["marks_per_100_lines"] for r in rows)
    print(f"\nTarget: at most {TARGET} marks per 100 lines: {'met' if worst <= TARGET else 'NOT met'} (worst {worst:.2f}).")


if __name__ == "__main__":
    main()
