"""The seed claims through the real service, for reading by hand: ``python -m eval.seeds``.

Every change to the stance judge is checked against the seed stories as well as the benchmarks.
This posts the claims of issue 12 and of ``bench/seed_claims.jsonl`` (or the claims given on the
command line) to ``POST /v1/check`` of the app built from the environment's ``Settings``, and
prints each verdict with its top supporting and contradicting passages, their stance, confidence
and the rule that decided, if one did. It reads an index that holds the seeds:

    HF_HUB_OFFLINE=1 ELASTICSEARCH_INDEX=handcheck .venv/bin/python -m indexer seeds
    HF_HUB_OFFLINE=1 ELASTICSEARCH_INDEX=handcheck .venv/bin/python -m eval.seeds
    # another artifact: FACTCHECK_MODEL__STANCE_MODEL=<dir> (its verdict.json comes with it)

``tests/integration/test_seed_verdicts.py`` asserts what the issue requires of these claims; this
shows the rest (near misses, which sentence, which rule).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from api.app import create_app
from factcheck.settings import Settings

BENCH_CLAIMS = Path(__file__).resolve().parents[1] / "bench" / "seed_claims.jsonl"
# Issue 12's claims: four false, two true, a demand that is not its outcome (false), and a round
# of talks the seeds do not report (false: they report the second).
ISSUE_CLAIMS = (
    "Kherson was still fully under Ukrainian control on Thursday",
    "Putin and Zelenskyy met face to face during the talks",
    "Ukraine's delegation said the second round achieved everything it wanted",
    "Kherson has two million inhabitants",
    "Russian troops took over the regional government building in Kherson",
    "Over a million people have fled Ukraine",
    "Russia and Ukraine agreed a ceasefire in Kherson",
    "The third round of peace talks took place in Belarus",
)


def default_claims() -> list[str]:
    bench = [json.loads(line)["claim"] for line in BENCH_CLAIMS.read_text().splitlines() if line]
    return list(dict.fromkeys([*ISSUE_CLAIMS, *bench]))


def describe(body: dict[str, Any], *, per_list: int = 2, width: int = 110) -> list[str]:
    """A verdict and its top passages as lines of text."""
    verdict = body["verdict"]
    lines = [f"  verdict: {verdict['label']} ({verdict['confidence']:.2f})"]
    for key in ("supporting", "contradicting", "related"):
        for passage in body.get(key, [])[:per_list]:
            stance = passage.get("stance") or {}
            reason = f"  [{stance['reason']}]" if stance.get("reason") else ""
            lines.append(
                f"  {key[:4]} {stance.get('label', '?'):<11} {stance.get('confidence', 0):.2f} "
                f"{passage['text'][:width]!r}{reason}"
            )
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("claims", nargs="*", help="claims to check (default: the seed claims)")
    args = parser.parse_args(argv)
    with TestClient(create_app(Settings())) as client:
        for claim in args.claims or default_claims():
            response = client.post("/v1/check", json={"claim": claim})
            print(f"\n== {claim}")
            if response.status_code != 200:
                print(f"  HTTP {response.status_code}: {response.text[:300]}")
                continue
            print("\n".join(describe(response.json())))


if __name__ == "__main__":
    main()
