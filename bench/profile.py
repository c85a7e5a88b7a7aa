"""``python -m bench.profile``: where a ``/v1/check`` spends its time (pyinstrument).

Runs ``--checks`` claims through the real app in this process (``httpx`` over ASGI, so routing,
validation and serialisation are included) against the benchmark index, under pyinstrument,
for one configuration (``--config``, as in ``bench.query``). Writes
``bench/results/profile-<config>.txt`` (the call tree) and ``.html`` (interactive).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from typing import Any

import httpx
from pyinstrument import Profiler

from bench.common import BENCH_INDEX, ES_URL, RESULTS, count, read_claims
from bench.query import CONFIGS


async def run(args: argparse.Namespace) -> None:
    os.environ.update({"ELASTICSEARCH_URL": ES_URL, "FACTCHECK_INDEX": args.index,
                       "FACTCHECK_API__RATE_LIMIT_PER_MINUTE": "0", **CONFIGS[args.config]})
    from api.app import create_app
    from factcheck.settings import Settings

    app = create_app(Settings())
    claims = read_claims(args.warmup + args.checks)
    async with app.router.lifespan_context(app) as state:
        transport = httpx.ASGITransport(app=_with_state(app, state))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for claim in claims[: args.warmup]:
                (await client.post("/v1/check", json={"claim": claim})).raise_for_status()
            profiler = Profiler(interval=0.001, async_mode="enabled")
            started = time.perf_counter()
            with profiler:
                for claim in claims[args.warmup :]:
                    response = await client.post("/v1/check", json={"claim": claim})
                    response.raise_for_status()
            elapsed = time.perf_counter() - started
            # The models run in worker threads, which the profiler above does not see inside:
            # run the same work again in this thread.
            assert state is not None
            service = state["service"]
            answers = []
            for claim in claims[args.warmup :]:
                vector = service.encoder.encode([claim])[0]
                found = await service.retriever.search(claim, vector, top_k=10)
                answers.append((claim, [c.doc["text"] for c in found]))
    models = Profiler(interval=0.001)
    with models:
        for claim, passages in answers:
            service.encoder.encode([claim + " "])  # a new text: not served from the cache
            service.judge.judge(claim + " ", passages)
    name = f"profile-{args.config}"
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    (RESULTS / f"{name}.txt").write_text(
        f"{args.checks} checks on {args.index}, config {args.config}: "
        f"{elapsed / args.checks * 1000:.1f} ms per check (one at a time)\n\n{text}\n\n"
        "The models, run in the profiling thread (encode the claim, judge the passages):\n\n"
        + models.output_text(unicode=True, color=False))
    (RESULTS / f"{name}.html").write_text(profiler.output_html())
    print(text)
    print(f"{elapsed / args.checks * 1000:.1f} ms per check", file=sys.stderr)


def _with_state(app: Any, state: Any) -> Any:
    """The lifespan's state in every request scope, as a server would put it."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            scope = {**scope, "state": dict(state or {})}
        await app(scope, receive, send)

    return wrapped


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--index", default=BENCH_INDEX)
    parser.add_argument("--config", default="optimized", choices=list(CONFIGS))
    parser.add_argument("--checks", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    if not count(args.index):
        sys.exit(f"index {args.index!r} is empty or missing")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
