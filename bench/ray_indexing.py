"""``python -m bench.ray_indexing``: the Ray pipeline's overhead against the plain indexer, side by
side in one run on the same machine and the same input.

The first ``--articles`` records of the 100k corpus (``.cache/bench/corpus-100k.jsonl``) are
written to a sample file; ``python -m indexer --json`` and ``python -m indexer --ray --json``
(a local Ray instance started by the command, as a user would run it) each index it into a fresh
index, ``--rounds`` times alternately (so drift in the machine's load hits both alike); each run
is a separate process, model loading and (for Ray) starting the local cluster included. Reported:
sentences/s of each run, the medians, and their ratio (Ray / plain), plus the part of the Ray
run's time that is fixed start-up (from a run on the five seed articles).
Results: ``bench/results/ray-indexing.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from bench.common import CACHE, CORPUS, ES_URL, ROOT, SEEDS, drop_index, machine, write_result


def sample(articles: int) -> Path:
    path = CACHE / f"ray-sample-{articles}.jsonl"
    if not path.exists():
        with CORPUS.open() as source, path.open("w") as out:
            out.writelines(itertools.islice(source, articles))
    return path


def index_once(path: Path, *, ray: bool, env: dict[str, str]) -> dict[str, Any]:
    index = f"bench-ray-{uuid.uuid4().hex[:8]}"
    command = [sys.executable, "-m", "indexer", "--json", "--no-progress",
               *(["--ray"] if ray else []), str(path)]
    started = time.perf_counter()
    try:
        process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                                 timeout=7200, env={**os.environ, **env,
                                                    "ELASTICSEARCH_URL": ES_URL,
                                                    "FACTCHECK_INDEX": index})
        wall = time.perf_counter() - started
        text = process.stdout
        summary = json.loads(text[text.rindex("\n{\n") + 1 if "\n{\n" in text else 0:])
    finally:
        drop_index(index)
    if process.returncode not in (0, 1):
        sys.exit(f"indexer failed:\n{process.stderr[-3000:]}")
    return {"mode": "ray" if ray else "plain", "sentences": summary["sentences"],
            "seconds": round(wall, 2),
            "sentences_per_second": round(summary["sentences"] / wall, 1),
            "errors": len(summary["errors"]), "skipped": len(summary["skipped"])}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ray_indexing", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    before = machine()
    path = sample(args.articles)
    env: dict[str, str] = {}
    runs = []
    for _ in range(args.rounds):
        for ray in (False, True):
            runs.append(index_once(path, ray=ray, env=env))
            print(json.dumps(runs[-1]), file=sys.stderr)
    startup = {mode: index_once(SEEDS, ray=mode == "ray", env=env)["seconds"]
               for mode in ("plain", "ray")}
    medians = {mode: statistics.median(r["sentences_per_second"] for r in runs
                                       if r["mode"] == mode) for mode in ("plain", "ray")}
    result = {
        "benchmark": "ray-indexing", "input": str(path), "articles": args.articles,
        "runs": runs, "median_sentences_per_second": medians,
        "ratio_ray_over_plain": round(medians["ray"] / medians["plain"], 3),
        "seeds_seconds (start-up dominated)": startup,
        "machine_before": before, "machine": machine(),
    }
    write_result("ray-indexing", result)
    print(json.dumps({k: result[k] for k in ("median_sentences_per_second",
                                              "ratio_ray_over_plain")}), file=sys.stderr)


if __name__ == "__main__":
    main()
