#!/usr/bin/env python3
"""List the loop and serializer-field sites of Python files, to label them (or check coverage).

For each file: every for / async for / while loop and every comprehension (line, what it iterates,
the enclosing def), and every DRF serializer class attribute that is a SerializerMethodField, a
nested serializer, or a field with a dotted `source=`. With --labels, marks the sites that
labels.tsv already has a row for (by loop_line, or line for serializer fields) with `*`.

Usage: loops.py FILE... [--labels labels.tsv --root EXTRACTED_PROJECT_ROOT]
"""
import argparse
import ast
import csv
import sys
from pathlib import Path


def sites(source):
    tree = ast.parse(source)
    out = []

    def visit(node, func):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            func = node.name
        if isinstance(node, ast.ClassDef):
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
                    callee = ast.unparse(stmt.value.func)
                    dotted = any(k.arg == "source" and isinstance(k.value, ast.Constant)
                                 and "." in str(k.value.value) for k in stmt.value.keywords)
                    if callee.endswith("SerializerMethodField") or callee.endswith("Serializer") or dotted:
                        out.append((stmt.lineno, "field", f"{node.name}.{ast.unparse(stmt.targets[0])} = {callee}", func))
        if isinstance(node, (ast.For, ast.AsyncFor)):
            out.append((node.lineno, "for", ast.unparse(node.iter), func))
        elif isinstance(node, ast.While):
            out.append((node.lineno, "while", ast.unparse(node.test), func))
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            for gen in node.generators:
                out.append((gen.iter.lineno, "comp", ast.unparse(gen.iter), func))
        for child in ast.iter_child_nodes(node):
            visit(child, func)

    visit(tree, "<module>")
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+")
    ap.add_argument("--labels")
    ap.add_argument("--root")
    args = ap.parse_args()
    labelled = set()
    if args.labels:
        with open(args.labels, newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                labelled.add((row["file"], int(row["loop_line"] or row["line"])))
    for name in args.files:
        path = Path(name)
        rel = str(path.relative_to(args.root)) if args.root else name
        print(f"== {rel}")
        for line, kind, what, func in sites(path.read_text(encoding="utf-8")):
            mark = "*" if (rel, line) in labelled else " "
            print(f"{mark} {line:5d} {kind:5s} {func:30s} {what[:110]}")


if __name__ == "__main__":
    sys.exit(main())
