"""``python -m bench.loadgen --url URL --concurrency N``: a small closed-loop load generator.

``N`` async clients (httpx, one connection each) each send ``POST /v1/check`` and the next one as
soon as the answer is in, drawing claims in turn from ``--claims``. It stops by itself after
``--requests`` measured requests or ``--duration`` seconds, whichever comes first; ``--warmup``
requests before that are not measured. Only loopback URLs are accepted.

Prints one JSON document: per-request latency (client side), status and the service's own
``Server-Timing`` (embed / search / stance / total), plus the summary.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import sys
import time
from typing import Any
from urllib.parse import urlsplit

import httpx

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def server_timing(header: str | None) -> dict[str, float]:
    """``embed;dur=5.1, search;dur=9.0`` -> ``{"embed": 5.1, "search": 9.0}``."""
    out: dict[str, float] = {}
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "dur":
                with contextlib.suppress(ValueError):
                    out[name.strip()] = float(value)
    return out


async def run(args: argparse.Namespace) -> dict[str, Any]:
    with open(args.claims) as handle:
        claims = [json.loads(line)["claim"] for line in handle if line.strip()]
    if args.distinct:
        claims = claims[: args.distinct]
        order = itertools.cycle(range(len(claims)))
    else:
        # Start where the previous level stopped, so that no claim repeats within a server's
        # life (the caches would serve it) until all of them were used.
        order = itertools.cycle([*range(args.offset % len(claims), len(claims)),
                                 *range(args.offset % len(claims))])
    samples: list[dict[str, Any]] = []
    budget = {"warmup": args.warmup, "measured": args.requests}
    deadline = 0.0
    started = 0.0

    async def client(worker: int) -> None:
        nonlocal deadline, started
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=args.url, timeout=args.timeout,
                                     limits=limits) as http:
            while True:
                if budget["warmup"] > 0:
                    budget["warmup"] -= 1
                    measured = False
                elif budget["measured"] > 0 and (not deadline or time.monotonic() < deadline):
                    budget["measured"] -= 1
                    measured = True
                    if not started:
                        started = time.monotonic()
                        deadline = started + args.duration
                else:
                    return
                claim = claims[next(order)]
                t0 = time.perf_counter()
                status: int | str
                try:
                    response = await http.post("/v1/check",
                                               json={"claim": claim, "top_k": args.top_k})
                    status = response.status_code
                    timing = server_timing(response.headers.get("server-timing"))
                    await response.aread()
                except httpx.HTTPError as exc:
                    status, timing = f"error:{type(exc).__name__}", {}
                latency = (time.perf_counter() - t0) * 1000.0
                if measured:
                    samples.append({"worker": worker, "status": status,
                                    "latency_ms": round(latency, 2), "server": timing,
                                    "end": time.monotonic()})

    await asyncio.gather(*(client(n) for n in range(args.concurrency)))
    ended = max((s["end"] for s in samples), default=started)
    elapsed = max(ended - started, 1e-9) if samples else 0.0
    ok = [s for s in samples if s["status"] == 200]
    return {
        "url": args.url,
        "concurrency": args.concurrency,
        "distinct_claims": len(claims),
        "top_k": args.top_k,
        "requests": len(samples),
        "ok": len(ok),
        "errors": {str(k): sum(1 for s in samples if s["status"] == k)
                   for k in {s["status"] for s in samples} if k != 200},
        "elapsed_s": round(elapsed, 3),
        "throughput_rps": round(len(ok) / elapsed, 2) if elapsed else 0.0,
        "samples": [{k: v for k, v in s.items() if k != "end"} for s in samples],
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.loadgen", description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--claims", required=True, help="JSONL with a 'claim' per line")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200, help="measured requests at most")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds at most")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--distinct", type=int, default=0,
                        help="use only the first N claims (repeated claims: a cache test)")
    parser.add_argument("--offset", type=int, default=0,
                        help="start at this claim (no repeats across levels; see bench.query)")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    if urlsplit(args.url).hostname not in LOOPBACK:
        sys.exit("load tests target the loopback only")
    if not 1 <= args.concurrency <= 256:
        sys.exit("--concurrency must be 1..256")
    print(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
