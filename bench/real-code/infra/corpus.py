#!/usr/bin/env python3
"""Pinned PyPI sdists that ship Dockerfiles, Compose files, Kubernetes manifests, CI workflows
and SQL, for the infra precision review and the linter agreement bench.

  bench/real-code/infra/corpus.py            # download, sha256-check, extract; print the split

Each pin is (name, version, file, sha256, split). The split is fixed before any finding is
looked at: `tune` is what rule fixes may be judged on; each `holdout*` split is sampled after
the fixes made before it, to give a figure those fixes were not fitted to. Archives are fetched from the package index pip
uses (PIP_INDEX_URL, else pip's default) and extracted under
$INTERVIEW_PREP_EVAL_CACHE/infra (default ~/.cache/interview-prep-eval/infra); nothing
third-party is committed. The django-cms sdist the N+1 bench already caches is reused.
"""
import hashlib
import json
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

CACHE = Path(os.environ.get("INTERVIEW_PREP_EVAL_CACHE", Path.home() / ".cache" / "interview-prep-eval"))
INFRA = CACHE / "infra"

PINS = [
    ("kopf", "1.45.2", "kopf-1.45.2.tar.gz",
     "5baa180cfdebe1c5095d2a0a96d7d91825b6920541a0825c55719c36abb0054f", "tune"),
    ("locust", "2.9.1.dev45", "locust-2.9.1.dev45.tar.gz",
     "556a0cad5cf2f934b6bfde5fd14bcc3c2e07e21540a9d08686a363f1c047cc37", "tune"),
    ("procrastinate", "3.9.0", "procrastinate-3.9.0.tar.gz",
     "5805ab2af35eab12befa700ecd49e572c4f655d654151df9e5ce1ca07efb5e6e", "tune"),
    ("dask-kubernetes", "2026.3.0", "dask_kubernetes-2026.3.0.tar.gz",
     "a247ee5e34284c74d5db0d681cd8f668eb636f719b538b771d1b101ff9952232", "tune"),
    ("kr8s", "0.20.15", "kr8s-0.20.15.tar.gz",
     "484d5206bbebd48f8cc00dd3ed749d4419294d2f08cd50c6232114cf62ed6d3a", "holdout"),
    ("docker-compose", "1.29.2", "docker-compose-1.29.2.tar.gz",
     "4c8cd9d21d237412793d18bd33110049ee9af8dab3fe2c213bbd0733959b09b7", "holdout"),
    ("ckan", "2.9.9", "ckan-2.9.9.tar.gz",
     "8d7e2cc96fd7d059db95d3eabe4d13eee21ab3e9f89e751625633b956456a0d0", "holdout"),
    # Added after the first holdout turned out to hold no SQL finding (ckan's one .sql file is
    # GRANTs): application SQL (monitoring queries), judged after the fixes, never tuned on.
    ("pg-activity", "3.6.2", "pg_activity-3.6.2.tar.gz",
     "82ea53a0eeea1fa8015e5eb9d1d1501431e3308e9ee65a7d898d9bf75ba3620a", "holdout2"),
    ("temboard-agent", "9.0.1", "temboard-agent-9.0.1.tar.gz",
     "0175764d4a3a419daf020de7ca72802f9f04f03d5749b615dcb3947d6bbe5def", "holdout2"),
    # Added after holdout2 led to one more SQL fix: application queries and migrations,
    # judged once after every fix.
    ("temboard", "9.0.1", "temboard-9.0.1.tar.gz",
     "48a224b924657601d48fe7342d0878a02454e40a092a9140ac04ad612eee91b0", "holdout3"),
]
SPLITS = ["tune", "holdout", "holdout2", "holdout3"]
# Already cached by bench/real-code/nplus1 (same sha256 check there); its workflows are held out.
REUSED = [("django-cms", CACHE / "src" / "django-cms-5.1.3" / "django_cms-5.1.3", "holdout")]


def index_url() -> str:
    url = os.environ.get("PIP_INDEX_URL")
    if not url:
        from pip._internal.models.index import PyPI  # the index pip itself would use

        url = PyPI.simple_url
    return url.rstrip("/")


def download(name: str, file: str, sha256: str) -> Path:
    target = INFRA / "sdists" / file
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        req = urllib.request.Request(f"{index_url()}/{name}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"})
        files = json.load(urllib.request.urlopen(req))["files"]
        url = next(f["url"] for f in files if f["filename"] == file)
        target.write_bytes(urllib.request.urlopen(url).read())
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    if digest != sha256:
        target.unlink()
        sys.exit(f"{file}: sha256 {digest}, expected {sha256}")
    return target


def roots() -> dict[str, list[Path]]:
    """The extracted project directories by split, fetching what is missing."""
    out: dict[str, list[Path]] = {split: [] for split in SPLITS}
    for name, _version, file, sha256, split in PINS:
        top = file.removesuffix(".tar.gz")
        root = INFRA / "src" / top
        if not root.exists():
            with tarfile.open(download(name, file, sha256)) as tar:
                tar.extractall(INFRA / "src", filter="data")
        out[split].append(root)
    for _name, root, split in REUSED:
        if root.exists():
            out[split].append(root)
    return out


if __name__ == "__main__":
    for split, dirs in roots().items():
        for d in dirs:
            print(split, d)
