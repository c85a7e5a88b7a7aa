"""``python -m eval.ensemble RUN RUN [...]``: would averaging several trained runs help?

Scores each run, and the mean of the runs' calibrated probabilities for every combination of two
or more, on held-out sets of :mod:`eval.stance`, with the production rules and number alignment
applied as :mod:`eval.stance` does. If averaging the runs beats each of them, their errors are
partly independent and an ensemble (or a student distilled from it) is worth training; if it
does not, the errors are shared and more seeds of the recipe will not fix them.

    HF_HUB_OFFLINE=1 .venv/bin/python -m eval.ensemble .cache/training/v31 .cache/training/v33 \\
        --sets news_contrast,mnli_mismatched --probs-cache .cache/eval-probs

Model probabilities are read from and written to ``--probs-cache`` (the cache of
``python -m eval.stance``), so runs already scored cost nothing.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from eval.stance import (
    aligned_probs,
    cached_model_probs,
    held_out_sets,
    stance_metrics,
    with_rules,
)
from factcheck.stance.model import CrossEncoderStance
from training.data import LABEL_INDEX, Pair


def mean_probs(probs: Sequence[np.ndarray]) -> np.ndarray:
    """The runs' probabilities averaged per pair (each run already calibrated on its own)."""
    if not probs:
        raise ValueError("no runs to average")
    shapes = {p.shape for p in probs}
    if len(shapes) != 1:
        raise ValueError(f"runs scored different pairs: shapes {sorted(shapes)}")
    return np.mean(np.stack(probs), axis=0)


def macro_f1_with_rules(pairs: Sequence[Pair], probs: np.ndarray) -> float:
    gold = [LABEL_INDEX[p.label] for p in pairs]
    score: float = stance_metrics(gold, with_rules(pairs, probs)[0])["macro_f1"]
    return score


def combinations(names: Sequence[str]) -> list[tuple[str, ...]]:
    """Every run alone, then every combination of two or more, in order."""
    return [c for k in range(1, len(names) + 1) for c in itertools.combinations(names, k)]


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+", type=Path, help="artifact or run directories")
    ap.add_argument(
        "--sets",
        default="news_contrast,mnli_mismatched,snli_test,fnc1_competition_test,climate_fever_test",
    )
    ap.add_argument("--probs-cache", type=Path, default=Path(".cache/eval-probs"))
    args = ap.parse_args(argv)
    if len(args.runs) < 2:
        ap.error("runs: give two or more run directories")
    names = [run.name for run in args.runs]
    sets = held_out_sets(1000, quick=False)
    wanted = args.sets.split(",")
    unknown = [s for s in wanted if s not in sets]
    if unknown:
        ap.error(f"--sets: unknown held-out set(s) {', '.join(unknown)}")
    models = {run: CrossEncoderStance.load(artifact_dir=run) for run in args.runs}
    rows: dict[tuple[str, ...], list[float]] = {c: [] for c in combinations(names)}
    for set_name in wanted:
        pairs = sets[set_name][0]
        per_run: dict[str, np.ndarray] = {}
        for run, model in models.items():
            probs = cached_model_probs(model, pairs, artifact=run, cache=args.probs_cache)
            per_run[run.name], _ = aligned_probs(
                model, pairs, probs, artifact=run, cache=args.probs_cache
            )
        for combo in rows:
            rows[combo].append(macro_f1_with_rules(pairs, mean_probs([per_run[n] for n in combo])))
        print(f"scored {set_name}", flush=True)
    print("| runs | " + " | ".join(wanted) + " |")
    print("|---|" + "---:|" * len(wanted))
    for combo, scores in rows.items():
        print(f"| {' + '.join(combo)} | " + " | ".join(f"{s:.3f}" for s in scores) + " |")


if __name__ == "__main__":
    main()
