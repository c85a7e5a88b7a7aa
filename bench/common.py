"""What every benchmark shares: paths, the machine's state, JSON results, the API server."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from factcheck.settings import Settings
from tests.support import server

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
CACHE = Path(os.environ.get("FACTCHECK_BENCH_CACHE", ROOT / ".cache" / "bench"))
CORPUS = CACHE / "corpus-100k.jsonl"
CLAIMS = CACHE / "claims.jsonl"
SEEDS = ROOT / "seeds"
ES_URL = Settings().elasticsearch.url  # $ELASTICSEARCH_URL
BENCH_INDEX = os.environ.get("FACTCHECK_BENCH_INDEX", "bench-100k")


def machine() -> dict[str, Any]:
    """Facts that make a figure comparable: CPUs, load, versions, the commit."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain"], cwd=ROOT,
                                    capture_output=True, text=True, timeout=10).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        commit, dirty = "unknown", False
    try:
        # The nodes API, not "GET /": the integ-test distribution answers that with 405.
        nodes = httpx.get(f"{ES_URL}/_nodes/_local", params={"filter_path": "nodes.*.version"},
                          timeout=5).json()["nodes"]
        es_version = ",".join(sorted({str(node["version"]) for node in nodes.values()}))
    except (httpx.HTTPError, KeyError, ValueError, AttributeError):
        es_version = None
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "elasticsearch": es_version,
        "commit": commit + ("+dirty" if dirty else ""),
    }


def percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50": None, "p95": None, "p99": None, "mean": None, "max": None}
    array = np.asarray(values, dtype=np.float64)
    return {
        "p50": round(float(np.percentile(array, 50)), 2),
        "p95": round(float(np.percentile(array, 95)), 2),
        "p99": round(float(np.percentile(array, 99)), 2),
        "mean": round(float(array.mean()), 2),
        "max": round(float(array.max()), 2),
    }


def write_result(name: str, payload: Mapping[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)
    return path


def read_claims(limit: int | None = None) -> list[str]:
    if not CLAIMS.exists():
        sys.exit(f"{CLAIMS} is missing: run `python -m bench.corpus` first")
    claims = [json.loads(line)["claim"] for line in CLAIMS.read_text().splitlines() if line]
    return claims[:limit] if limit else claims


def count(index: str) -> int:
    response = httpx.get(f"{ES_URL}/{index}/_count", timeout=30)
    if response.status_code == 404:
        return 0
    response.raise_for_status()
    return int(response.json()["count"])


def drop_index(index: str) -> None:
    """Drop ``index`` and its articles: the indices themselves, or the versioned ones behind
    them when they are aliases."""
    names = [index, f"{index}-articles"]
    behind = httpx.get(f"{ES_URL}/_alias/{','.join(names)}", timeout=30)
    aliased = {k: v for k, v in behind.json().items() if isinstance(v, dict) and "aliases" in v}
    aliases = {a for body in aliased.values() for a in body["aliases"]}
    doomed = sorted(set(aliased) | {n for n in names if n not in aliases})
    httpx.delete(f"{ES_URL}/{','.join(doomed)}?ignore_unavailable=true", timeout=60)


@contextmanager
def api_server(env: Mapping[str, str], *, label: str, tree: Path = ROOT) -> Iterator[str]:
    """``python -m api`` of the checkout ``tree`` in its own process (as in production); yields
    its URL."""
    log_path = CACHE / f"api-{label}.log"
    CACHE.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        try:
            env = {**env, "PYTHONPATH": str(tree)}  # that tree's code, not the installed one
            with server.api_server(env, log=log, cwd=tree, timeout=180) as running:
                yield running.url
        except server.ServerNotReady as exc:
            sys.exit(f"API server ({label}): {exc}; see {log_path}")
