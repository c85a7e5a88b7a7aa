"""``python -m bench.int8``: what int8 quantisation changes in the answers (not in the speed).

* stance: the fp32 and int8 ONNX cross-encoders (same artifact, rules on top) on the
  CLIMATE-FEVER claim/evidence pairs: label agreement, largest probability difference, and the
  agreement with the gold labels of each; and how far int8 probabilities move when a pair is
  judged in a padded batch with its claim's other evidence instead of alone (``batched``: the
  service runs each pair alone since 2026-12-08, see ``factcheck.stance.onnx.OnnxNetwork``);
* embeddings: fp32 and int8 ONNX vectors of the benchmark claims: cosine between them, and the
  overlap of their top 10 neighbours among the stored vectors of ``bench-100k`` (fp32, as
  indexed), fetched into ``.cache/bench/`` as ``bench.retrieval`` does (skipped without the index).

Results: ``bench/results/int8.json`` (``int8-stance.json`` / ``int8-embeddings.json`` with
``--only``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

import numpy as np
from elasticsearch import AsyncElasticsearch

from bench.common import BENCH_INDEX, ES_URL, count, machine, read_claims, write_result
from bench.retrieval import stored_vectors
from factcheck.models import load_encoder
from factcheck.stance.onnx import load_onnx_stance, load_onnx_stance_judge

CLIMATE_FEVER = Path("/work/shared/eval/climate-fever/climate-fever.jsonl")
GOLD = {"SUPPORTS": "supports", "REFUTES": "contradicts", "NOT_ENOUGH_INFO": "neutral"}


def stance(claims: int) -> dict[str, Any]:
    fp32 = load_onnx_stance_judge()
    int8 = load_onnx_stance_judge(quantize=True)
    rows = [json.loads(line) for line in CLIMATE_FEVER.read_text().splitlines()][:claims]
    same = total = gold32 = gold8 = 0
    max_diff = 0.0
    for row in rows:
        passages = [e["evidence"] for e in row["evidences"]]
        gold = [GOLD.get(e["evidence_label"], "neutral") for e in row["evidences"]]
        a = fp32.judge(row["claim"], passages)
        b = int8.judge(row["claim"], passages)
        for x, y, g in zip(a, b, gold, strict=True):
            total += 1
            same += x.label == y.label
            gold32 += x.label.value == g
            gold8 += y.label.value == g
            max_diff = max(max_diff, abs(x.scores.supports - y.scores.supports),
                           abs(x.scores.contradicts - y.scores.contradicts))
    return {"pairs": total, "label_agreement": round(same / total, 4),
            "max_probability_difference": round(max_diff, 4),
            "accuracy_vs_gold_fp32": round(gold32 / total, 4),
            "accuracy_vs_gold_int8": round(gold8 / total, 4),
            "batched": batch_dependence(rows)}


def batch_dependence(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """How far a pair's int8 probabilities move when it is judged in a padded batch with its
    claim's other evidence (as the service did before each pair ran alone) rather than alone."""
    alone = load_onnx_stance(quantize=True)
    batched = load_onnx_stance(quantize=True, per_row=False)
    same = total = 0
    diffs: list[float] = []
    for row in rows:
        passages = [e["evidence"] for e in row["evidences"]]
        a = alone.probabilities(row["claim"], passages)
        b = batched.probabilities(row["claim"], passages)
        total += len(passages)
        same += int((a.argmax(-1) == b.argmax(-1)).sum())
        diffs.extend((a - b).abs().amax(-1).tolist())
    return {"argmax_agreement_with_alone": round(same / total, 4),
            "max_probability_difference": round(max(diffs), 4),
            "mean_probability_difference": round(float(np.mean(diffs)), 4)}


async def _stored_vectors() -> np.ndarray:
    # Cached under .cache/bench/ by index size; fetched again when the index has changed.
    es = AsyncElasticsearch(ES_URL, request_timeout=300)
    try:
        return (await stored_vectors(es, BENCH_INDEX))[1]
    finally:
        await es.close()


def embeddings(queries: int) -> dict[str, Any]:
    claims = read_claims(queries)
    a = load_encoder(backend="onnx").encode(claims)
    b = load_encoder(backend="onnx-int8").encode(claims)
    result: dict[str, Any] = {"claims": len(claims),
                              "cosine_fp32_int8_min": round(float((a * b).sum(1).min()), 4),
                              "cosine_fp32_int8_mean": round(float((a * b).sum(1).mean()), 4)}
    if count(BENCH_INDEX):
        vectors = asyncio.run(_stored_vectors())
        overlap = []
        for qa, qb in zip(a, b, strict=True):
            top_a = set(np.argpartition(-(vectors @ qa), 10)[:10])
            top_b = set(np.argpartition(-(vectors @ qb), 10)[:10])
            overlap.append(len(top_a & top_b) / 10)
        result["top10_overlap_mean"] = round(float(np.mean(overlap)), 4)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.int8", description=__doc__)
    parser.add_argument("--claims", type=int, default=300)
    parser.add_argument("--only", choices=["stance", "embeddings"],
                        help="one part, written to int8-<part>.json (int8.json keeps both)")
    args = parser.parse_args()
    parts = {"stance": stance, "embeddings": embeddings}
    if args.only:
        parts = {args.only: parts[args.only]}
    name = f"int8-{args.only}" if args.only else "int8"
    write_result(name, {"benchmark": name, **{k: f(args.claims) for k, f in parts.items()},
                        "machine": machine()})


if __name__ == "__main__":
    main()
