"""``python -m bench.query``: ``/v1/check`` latency and throughput at 1, 8 and 32 clients.

For each configuration (``--configs``) the real server (``python -m api``) is started on the
benchmark index (``bench-100k``, built by ``python -m bench.indexing --corpus 100k
--keep-index``), and the load generator (``python -m bench.loadgen``, its own process) runs each
concurrency level against it in turn, with claims drawn from the 1,539 benchmark claims (so
every request is a cache miss: each level starts where the previous one stopped; the ``--hot``
level alone repeats a few claims). Configurations run one
after the other in the same invocation, so their ratios are measured side by side.
``--trees old=/tmp/old-checkout,new=.`` runs each configuration once per checkout, in that order
(a label may come back: ``old=A,new=.,old2=A,new2=.`` alternates them twice), to compare two
commits of the service on the same machine in the same minutes.

Per level: client-side p50/p95/p99, throughput, errors, and where the time went according to the
service's own ``Server-Timing`` header: embed / search / stance / other (the rest of the
service's total: verdict, serialisation, scheduling), plus what the client saw on top of the
service's total (HTTP, queueing in front of the app).
Results: ``bench/results/query.json`` and ``query.png``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.common import (
    BENCH_INDEX,
    CLAIMS,
    ES_URL,
    RESULTS,
    ROOT,
    api_server,
    count,
    machine,
    percentiles,
    write_result,
)

# Each configuration is the environment of one server. "baseline" is the service as it was
# before the performance work (sentence-transformers on torch, no caches); "optimized" is the
# default configuration now (ONNX embeddings, int8 ONNX cross-encoder, idle threads not
# spinning, caches, no stance for passages under the verdict's relevance cut-off).
CONFIGS: dict[str, dict[str, str]] = {
    "baseline": {"FACTCHECK_MODEL__EMBEDDING_BACKEND": "torch",
                 "FACTCHECK_MODEL__STANCE_BACKEND": "torch",
                 "FACTCHECK_MODEL__CACHE_SIZE": "0"},
    "onnx": {"FACTCHECK_MODEL__EMBEDDING_BACKEND": "onnx",
             "FACTCHECK_MODEL__STANCE_BACKEND": "onnx",
             "FACTCHECK_MODEL__CACHE_SIZE": "0"},
    "onnx-int8": {"FACTCHECK_MODEL__EMBEDDING_BACKEND": "onnx-int8",
                  "FACTCHECK_MODEL__STANCE_BACKEND": "onnx-int8",
                  "FACTCHECK_MODEL__CACHE_SIZE": "0"},
    "onnx-nospin": {"FACTCHECK_MODEL__EMBEDDING_BACKEND": "onnx",
                    "FACTCHECK_MODEL__STANCE_BACKEND": "onnx",
                    "FACTCHECK_MODEL__CACHE_SIZE": "0",
                    "FACTCHECK_MODEL__ONNX_SPINNING": "false"},
    "onnx-int8-nospin": {"FACTCHECK_MODEL__EMBEDDING_BACKEND": "onnx-int8",
                         "FACTCHECK_MODEL__STANCE_BACKEND": "onnx-int8",
                         "FACTCHECK_MODEL__CACHE_SIZE": "0",
                         "FACTCHECK_MODEL__ONNX_SPINNING": "false"},
    "optimized": {},
    "optimized-spinning": {"FACTCHECK_MODEL__ONNX_SPINNING": "true"},
    # The defaults with the cross-encoder in fp32 (the default before it was quantised:
    # bench/results/int8.json has 96% label agreement, the same accuracy against gold labels).
    "stance-fp32": {"FACTCHECK_MODEL__STANCE_BACKEND": "onnx"},
    # The defaults with another stance artifact, to compare two models side by side (issue 12:
    # the 2-layer artifact of commit ab4cc04 vs the fully trained one). Fill the folder with
    # `for f in stance_head.safetensors config.json verdict.json; do git show
    # ab4cc04:factcheck/stance/artifacts/$f > .cache/stance-previous/$f; done`.
    "previous-stance": {"FACTCHECK_MODEL__STANCE_MODEL": str(ROOT / ".cache" / "stance-previous")},
}
PARTS = ("embed", "search", "stance")


def summarise(run: dict[str, Any]) -> dict[str, Any]:
    ok = [s for s in run["samples"] if s["status"] == 200]
    split: dict[str, Any] = {}
    for part in (*PARTS, "total"):
        split[part] = percentiles([s["server"].get(part, 0.0) for s in ok])
    split["other"] = percentiles([
        s["server"].get("total", 0.0) - sum(s["server"].get(p, 0.0) for p in PARTS) for s in ok
    ])
    split["client_overhead"] = percentiles([
        s["latency_ms"] - s["server"].get("total", 0.0) for s in ok
    ])
    return {
        "concurrency": run["concurrency"],
        "requests": run["requests"],
        "ok": run["ok"],
        "errors": run["errors"],
        "elapsed_s": run["elapsed_s"],
        "throughput_rps": run["throughput_rps"],
        "latency_ms": percentiles([s["latency_ms"] for s in ok]),
        "server_timing_ms": split,
        "distinct_claims": run["distinct_claims"],
    }


def load(url: str, *, concurrency: int, requests: int, duration: float, distinct: int,
         top_k: int, offset: int = 0) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.loadgen", "--url", url, "--claims", str(CLAIMS),
               "--concurrency", str(concurrency), "--requests", str(requests),
               "--duration", str(duration), "--warmup", str(max(5, concurrency)),
               "--top-k", str(top_k), "--distinct", str(distinct), "--offset", str(offset)]
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                             timeout=duration + 600)
    if process.returncode != 0:
        sys.exit(f"load generator failed:\n{process.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(process.stdout)
    return result


def plot(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    configs = list(result["configs"])
    levels = [f"c={r['concurrency']}" + (f" hot{r['distinct_claims']}" if r.get("hot") else "")
              for r in result["configs"][configs[0]]["levels"]]
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.8))
    width = 0.8 / len(configs)
    x = np.arange(len(levels))
    for n, name in enumerate(configs):
        runs = result["configs"][name]["levels"]
        p50 = [r["latency_ms"]["p50"] or 0 for r in runs]
        p95 = [r["latency_ms"]["p95"] or 0 for r in runs]
        p99 = [r["latency_ms"]["p99"] or 0 for r in runs]
        offset = x + (n - (len(configs) - 1) / 2) * width
        axes[0].bar(offset, p99, width, color=f"C{n}", alpha=0.25)
        axes[0].bar(offset, p95, width, color=f"C{n}", alpha=0.5)
        axes[0].bar(offset, p50, width, color=f"C{n}", label=name)
        axes[1].bar(offset, [r["throughput_rps"] for r in runs], width, color=f"C{n}",
                    label=name)
    axes[0].set_yscale("log")
    axes[0].axhline(100, color="grey", ls="--", lw=0.8)
    axes[0].axhline(250, color="grey", ls=":", lw=0.8)
    axes[0].set_title("latency ms (solid p50, mid p95, light p99; targets 100/250 at c=1)")
    axes[1].axhline(15, color="grey", ls="--", lw=0.8)
    axes[1].set_title("throughput, checks/s (target 15 at c=8)")
    for ax in axes[:2]:
        ax.set_xticks(x, levels)
        ax.legend(fontsize=8)
    # Where the time goes (means), for the default configuration if it ran.
    last = "optimized" if "optimized" in configs else configs[-1]
    runs = result["configs"][last]["levels"]
    bottom = np.zeros(len(runs))
    for part in (*PARTS, "other", "client_overhead"):
        values = np.array([r["server_timing_ms"][part]["mean"] or 0 for r in runs])
        axes[2].bar(levels, values, bottom=bottom, label=part)
        bottom += values
    axes[2].set_title(f"mean time split, ms ({last})")
    axes[2].legend(fontsize=8)
    fig.suptitle(f"/v1/check on {result['index']} ({result['index_sentences']:,} sentences), "
                 f"{result['machine']['cpus']} cores")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.query", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", default=BENCH_INDEX)
    parser.add_argument("--configs", default="baseline,optimized")
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--requests", type=int, default=300, help="per level, at most")
    parser.add_argument("--duration", type=float, default=60.0, help="per level, at most (s)")
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--hot", type=int, default=20,
                        help="extra level at 8 clients over only N distinct claims (0: none)")
    parser.add_argument("--name", default="query")
    parser.add_argument("--trees", default="",
                        help="LABEL=PATH,... checkouts to run each configuration from "
                             "(default: this one)")
    args = parser.parse_args()
    sentences = count(args.index)
    if not sentences:
        sys.exit(f"index {args.index!r} is empty or missing: run "
                 "`python -m bench.indexing --corpus 100k --keep-index` first")
    result: dict[str, Any] = {"benchmark": "query", "index": args.index,
                              "index_sentences": sentences, "top_k": args.top_k,
                              "machine": machine(), "configs": {}}
    trees = [(label, Path(path).resolve()) for label, path in
             (item.split("=", 1) for item in args.trees.split(",") if item)] or [("", ROOT)]
    result["trees"] = {label: str(path) for label, path in trees if label}
    for config, (label, tree) in ((c, t) for c in args.configs.split(",") for t in trees):
        name = f"{config}@{label}" if label else config
        env = {"ELASTICSEARCH_URL": ES_URL, "FACTCHECK_INDEX": args.index,
               "FACTCHECK_API__RATE_LIMIT_PER_MINUTE": "0", "FACTCHECK_LOG_LEVEL": "WARNING",
               **CONFIGS[config]}
        levels = []
        offset = 0  # claims already sent to this server: the next level starts after them
        with api_server(env, label=name, tree=tree) as url:
            for concurrency in map(int, args.concurrency.split(",")):
                run = load(url, concurrency=concurrency, requests=args.requests,
                           duration=args.duration, distinct=0, top_k=args.top_k,
                           offset=offset)
                offset += run["requests"] + max(5, concurrency) + concurrency
                levels.append(summarise(run))
                print(f"{name} c={concurrency}: {json.dumps(levels[-1]['latency_ms'])} "
                      f"{levels[-1]['throughput_rps']} rps errors={levels[-1]['errors']}",
                      file=sys.stderr)
            if args.hot:
                run = load(url, concurrency=8, requests=args.requests, duration=args.duration,
                           distinct=args.hot, top_k=args.top_k)
                levels.append({**summarise(run), "hot": True})
                print(f"{name} hot: {levels[-1]['latency_ms']} {levels[-1]['throughput_rps']}",
                      file=sys.stderr)
        result["configs"][name] = {"env": CONFIGS[config], "levels": levels}
    names = list(result["configs"])
    first = result["configs"][names[0]]
    result["ratios"] = [
        {"config": name,
         "level": f"c={a['concurrency']}" + (" hot" if a.get("hot") else ""),
         f"p50 {names[0]}/{name}": _ratio(a["latency_ms"]["p50"], b["latency_ms"]["p50"]),
         f"p95 {names[0]}/{name}": _ratio(a["latency_ms"]["p95"], b["latency_ms"]["p95"]),
         f"throughput {name}/{names[0]}": _ratio(b["throughput_rps"], a["throughput_rps"])}
        for name in names[1:]
        for a, b in zip(first["levels"], result["configs"][name]["levels"], strict=True)
    ]
    result["machine"]["load_average_after"] = machine()["load_average"]
    write_result(args.name, result)
    plot(result, RESULTS / f"{args.name}.png")


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


if __name__ == "__main__":
    main()
