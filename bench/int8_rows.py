"""``python -m bench.int8_rows``: the int8 cross-encoder run pair by pair against in batches.

Dynamic int8 quantisation scales each activation by the largest value in the batch, so a pair
judged in a padded batch reads differently from the same pair alone (``bench.int8``, ``batched``).
Since 2026-12-08 the service runs each pair alone (``factcheck.stance.onnx.OnnxNetwork``,
``per_row``).
This times both on what a check judges: each claim of ``bench/seed_claims.jsonl`` against
``--passages`` sentences of the seed articles (the service's candidates are of that size), the
two alternated ``--repeats`` times, and reports the median milliseconds per claim and the ratio.
Results: ``bench/results/int8-rows.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Sequence

from bench.common import ROOT, SEEDS, machine, write_result
from factcheck.articles import read_articles
from factcheck.documents import Article
from factcheck.stance.onnx import load_onnx_stance

SEED_CLAIMS = ROOT / "bench" / "seed_claims.jsonl"


def seed_sentences() -> list[str]:
    articles = [a for a in read_articles([SEEDS]) if isinstance(a, Article)]
    return [s.text for a in articles for s in a.sentences if 40 <= len(s.text) <= 400]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--passages", type=int, default=30)
    args = parser.parse_args(argv)

    claims = [json.loads(line)["claim"] for line in SEED_CLAIMS.read_text().splitlines() if line]
    passages = seed_sentences()[: args.passages]
    judges = {
        "per_pair": load_onnx_stance(quantize=True),
        "batched": load_onnx_stance(quantize=True, per_row=False),
    }
    for judge in judges.values():
        judge.probabilities(claims[0], passages)  # warm-up: session and allocator
    times: dict[str, list[float]] = {name: [] for name in judges}
    for repeat in range(args.repeats):
        for name in sorted(judges, reverse=bool(repeat % 2)):
            start = time.perf_counter()
            for claim in claims:
                judges[name].probabilities(claim, passages)
            times[name].append((time.perf_counter() - start) / len(claims) * 1000)
    median = {name: round(statistics.median(t), 1) for name, t in times.items()}
    result = {
        "benchmark": "int8-rows",
        "claims": len(claims),
        "passages_per_claim": len(passages),
        "repeats": args.repeats,
        "median_ms_per_claim": median,
        "ratio_per_pair_to_batched": round(median["per_pair"] / median["batched"], 3),
        "machine": machine(),
    }
    print(json.dumps(result, indent=2))
    write_result("int8-rows", result)


if __name__ == "__main__":
    main()
