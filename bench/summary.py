"""``python -m bench.summary``: the latest results in bench/results/ as Markdown tables."""

from __future__ import annotations

import json
from typing import Any

from bench.common import RESULTS


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def indexing(result: dict[str, Any]) -> list[str]:
    m = result["machine"]
    lines = [f"### Indexing, corpus `{result['corpus']}`: {result['articles']:,} articles, "
             f"{result['sentences']:,} sentences ({m['when']}, load average "
             f"{m['load_average']} → {m.get('load_average_after')})", "",
             "| stage | sentences | seconds | sentences/s | share of raw encoder |",
             "|---|---:|---:|---:|---:|"]
    shares = result.get("share_of_raw_encoder", {})
    for name, stage in result["stages"].items():
        seconds = stage.get("seconds", stage.get("wall_seconds"))
        lines.append(f"| {name} | {stage['sentences']:,} | {seconds} | "
                     f"{stage['sentences_per_second']} | {shares.get(name, 0):.0%} |")
    return lines


def query(result: dict[str, Any]) -> list[str]:
    m = result["machine"]
    lines = [f"### /v1/check on `{result['index']}` ({result['index_sentences']:,} sentences, "
             f"top_k {result['top_k']}; {m['when']}, load average {m['load_average']} → "
             f"{m.get('load_average_after')})", "",
             "| config | clients | p50 ms | p95 ms | p99 ms | checks/s | errors | embed | "
             "search | stance | other | client overhead |",
             "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|"]
    for name, config in result["configs"].items():
        for level in config["levels"]:
            lat, split = level["latency_ms"], level["server_timing_ms"]
            clients = f"{level['concurrency']}" + (
                f" (hot: {level['distinct_claims']} claims)" if level.get("hot") else "")
            lines.append(
                f"| {name} | {clients} | {lat['p50']} | {lat['p95']} | {lat['p99']} | "
                f"{level['throughput_rps']} | {level['errors'] or 0} | "
                + " | ".join(f"{split[p]['mean']}" for p in
                             ("embed", "search", "stance", "other", "client_overhead")) + " |")
    if result.get("ratios"):
        lines += ["", "Ratios, same run: " + "; ".join(
            ", ".join(f"{k} {v}" for k, v in r.items()) for r in result["ratios"])]
    return lines


def retrieval(result: dict[str, Any]) -> list[str]:
    lines = [f"### Retrieval on `{result['index']}` ({result['vectors']:,} vectors, "
             f"{result['queries']} claims, k={result['k']})", "",
             "| method | p50 ms | p95 ms | recall@10 of exact kNN |", "|---|---:|---:|---:|"]
    key = f"recall@{result['k']}"
    for name, row in result["results"].items():
        lines.append(f"| {name} | {row['latency_ms']['p50']} | {row['latency_ms']['p95']} | "
                     f"{row[key]} |")
    return lines


def main() -> None:
    out: list[str] = []
    for name in ("indexing-seeds", "indexing-100k-seeds"):
        if (result := _load(name)) is not None:
            out += [*indexing(result), ""]
    for name in ("query", "query-spinning"):
        if (result := _load(name)) is not None:
            out += [*query(result), ""]
    if (result := _load("int8")) is not None:
        out += ["### int8 against fp32 (answers, not speed)", "",
                f"- stance: {json.dumps(result['stance'])}",
                f"- embeddings: {json.dumps(result['embeddings'])}", ""]
    if (result := _load("retrieval")) is not None:
        out += [*retrieval(result), ""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
