"""``python -m bench.rules``: what the stance rules cost beside the model, per (claim, passage).

The rules are pure Python and run on every pair the service judges. This times, in one run and
on the same pairs (the news contrast set and the Climate-FEVER test pairs, grouped by claim as
the service sees them):

* the rules of before the name check (number, negation, date),
* all enabled rules but the newest (``NEWEST``: the office and both speaker checks of 2026-12-07),
* all enabled rules (``factcheck.stance.rules.ENABLED``),
* all enabled rules and number alignment (``align_numbers``, which the service also runs on
  every pair, before the model),
* the service's stance model (onnx-int8, the default backend) on the same pairs,

each repeated ``--repeats`` times with the order rotated, and reports the median per pair and
the ratios. Results: ``bench/results/rules.json``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from itertools import groupby
from typing import Any

from bench.common import machine, write_result
from factcheck.stance.onnx import load_onnx_stance
from factcheck.stance.rules import ENABLED, RuleKind, align_numbers, check_pair
from factcheck.stance.rules.offices import extract_offices
from factcheck.stance.rules.quantities import clear_cache
from training import data
from training.data import Pair

BEFORE_NAMES: tuple[RuleKind, ...] = ("number", "negation", "date")
# The newest rules: what they add is measured against the rules before them.
NEWEST: tuple[RuleKind, ...] = ("office", "speaker", "other_speaker")
BEFORE_NEWEST: tuple[RuleKind, ...] = tuple(k for k in ENABLED if k not in NEWEST)


def _rules(kinds: Sequence[RuleKind], *, align: bool = False) -> Callable[[list[Pair]], None]:
    def run(pairs: list[Pair]) -> None:
        # Cold: a repeat must not read the texts the previous one parsed (the service sees new
        # passages); within a run, a claim's passages share its parse, as in the service.
        clear_cache()
        extract_offices.cache_clear()
        for pair in pairs:
            if align:
                align_numbers(pair.claim, pair.passage)
            check_pair(pair.claim, pair.passage, kinds=kinds)

    return run


def _model(pairs: list[Pair]) -> Callable[[list[Pair]], None]:
    model = load_onnx_stance(batch_size=32, max_length=256, quantize=True)

    def run(batch: list[Pair]) -> None:
        # One call per claim, as the service judges a claim's candidates together.
        for claim, group in groupby(batch, key=lambda p: p.claim):
            model.judge(claim, [p.passage for p in group])

    run(pairs[:32])  # warm-up: session creation and the first allocation are not per pair
    return run


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--model-pairs", type=int, default=600,
                        help="pairs the model judges per repeat (it is ~100x slower)")
    args = parser.parse_args(argv)

    from eval.news_contrast import load_pairs

    pairs = sorted([*load_pairs(), *data.load_climate_fever("test")], key=lambda p: p.claim)
    model_pairs = pairs[: args.model_pairs]
    check_pair(pairs[0].claim, pairs[0].passage)  # loads the lemma dictionary once
    runs: dict[str, tuple[Callable[[list[Pair]], None], list[Pair]]] = {
        "rules_before_names": (_rules(BEFORE_NAMES), pairs),
        "rules_before_newest": (_rules(BEFORE_NEWEST), pairs),
        "rules_enabled": (_rules(ENABLED), pairs),
        "rules_enabled_and_alignment": (_rules(ENABLED, align=True), pairs),
        "model_onnx_int8": (_model(model_pairs), model_pairs),
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    names = list(runs)
    for repeat in range(args.repeats):
        for name in names[repeat % len(names):] + names[: repeat % len(names)]:
            run, batch = runs[name]
            start = time.perf_counter()
            run(batch)
            times[name].append((time.perf_counter() - start) / len(batch) * 1000)
        print(f"repeat {repeat + 1}/{args.repeats}", flush=True)
    per_pair = {name: statistics.median(values) for name, values in times.items()}
    result: dict[str, Any] = {
        "pairs": len(pairs),
        "model_pairs": len(model_pairs),
        "enabled": list(ENABLED),
        "newest": list(NEWEST),
        "ms_per_pair_median": {k: round(v, 4) for k, v in per_pair.items()},
        "ms_per_pair_all": {k: [round(x, 4) for x in v] for k, v in times.items()},
        "ratio_enabled_vs_before_names": round(
            per_pair["rules_enabled"] / per_pair["rules_before_names"], 2
        ),
        "ratio_enabled_vs_before_newest": round(
            per_pair["rules_enabled"] / per_pair["rules_before_newest"], 2
        ),
        "rules_share_of_model_time": round(
            per_pair["rules_enabled"] / per_pair["model_onnx_int8"], 4
        ),
        "rules_and_alignment_share_of_model_time": round(
            per_pair["rules_enabled_and_alignment"] / per_pair["model_onnx_int8"], 4
        ),
        "machine": machine(),
    }
    path = write_result("rules", result)
    print(
        f"ms per pair (median of {args.repeats}): "
        + ", ".join(f"{k} {v:.3f}" for k, v in per_pair.items())
        + f"; rules enabled / before names {result['ratio_enabled_vs_before_names']}x"
        f" / before {', '.join(NEWEST)} {result['ratio_enabled_vs_before_newest']}x; "
        f"rules / model {result['rules_share_of_model_time']:.1%} -> {path}"
    )


if __name__ == "__main__":
    main()
