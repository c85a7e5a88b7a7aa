"""How the fitted verdict policy moves with the cost of a wrong "supported":
``python -m training.policy_sweep RUN [RUN ...] [--costs 1,1.5,2,3]``.

For each run, the policy is fitted on the dev claims (:func:`training.calibrate.dev_claim_sets`:
Climate-FEVER's, and with ``--with-news`` the team-written news claims too; :func:`fit_policy`)
at each cost and scored on the Climate-FEVER test claims (and with ``--news-test`` on the claims
of a held-out news pair file): accuracy, and the claims answered "supported" whose gold is
another label, by that label. The ship decisions from ``v22`` to ``v29`` turned on the last
number (the dev fit often gives a model on the ``v22n`` base support 0.50, and it then says
"supported" wrongly more often than ``v15``); this reads it for a run in a few minutes,
without training or the full ``eval.stance``. With several runs, each after the first is
compared with it claim by claim at the first cost (:func:`paired`): on 460 claims, 22 against
25 wrong supports is no evidence of a looser judge (``v15`` and ``v29``: p = 0.55).
"""

from __future__ import annotations

import argparse
import math
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from factcheck.results import VerdictLabel
from factcheck.verdict import JudgedPassage, VerdictPolicy, decide_verdict
from training.verdict_fit import fit_policy

DEFAULT_COSTS = (1.0, 1.5, 2.0, 3.0)


@dataclass(frozen=True)
class SweepRow:
    cost: float
    policy: VerdictPolicy
    accuracy: float
    # Test claims answered "supported" that are not, by their gold label.
    wrong_supported: dict[VerdictLabel, int]

    def line(self) -> str:
        p = self.policy
        wrong = ", ".join(f"{k.value} {v}" for k, v in sorted(self.wrong_supported.items()))
        return (
            f"cost {self.cost:g}: support {p.support} contradict {p.contradict} "
            f"disputed {p.disputed} min_relevance {p.min_relevance} | accuracy "
            f"{self.accuracy:.3f} | wrong supported {sum(self.wrong_supported.values())}"
            f" ({wrong or 'none'})"
        )


def sweep(
    dev: Sequence[Sequence[JudgedPassage]],
    dev_gold: Sequence[VerdictLabel],
    test: Sequence[Sequence[JudgedPassage]],
    test_gold: Sequence[VerdictLabel],
    *,
    costs: Sequence[float] = DEFAULT_COSTS,
    dev_weights: Sequence[float] | None = None,
) -> list[SweepRow]:
    """One row per cost: the dev-fitted policy and what it does on the test claims."""
    rows: list[SweepRow] = []
    for cost in costs:
        policy = fit_policy(
            dev, dev_gold, fitted_on="dev", false_support_cost=cost, weights=dev_weights
        )
        rows.append(score(policy, test, test_gold, cost=cost))
    return rows


def score(
    policy: VerdictPolicy,
    test: Sequence[Sequence[JudgedPassage]],
    test_gold: Sequence[VerdictLabel],
    *,
    cost: float,
) -> SweepRow:
    """What ``policy`` does on the test claims."""
    pred = [decide_verdict(c, policy=policy).label for c in test]
    right = sum(p == g for p, g in zip(pred, test_gold, strict=True))
    wrong: Counter[VerdictLabel] = Counter(
        g
        for p, g in zip(pred, test_gold, strict=True)
        if p is VerdictLabel.SUPPORTED and g is not VerdictLabel.SUPPORTED
    )
    return SweepRow(cost, policy, right / len(test_gold), dict(wrong))


def wrongly_supported(
    claims: Sequence[str],
    test: Sequence[Sequence[JudgedPassage]],
    test_gold: Sequence[VerdictLabel],
    policy: VerdictPolicy,
) -> list[tuple[str, VerdictLabel, int, float]]:
    """The test claims ``policy`` answers "supported" against their gold label: each with that
    label, and the rank and supports score of its most supporting passage (to read what the
    model took for evidence)."""
    out: list[tuple[str, VerdictLabel, int, float]] = []
    for claim, judged, gold in zip(claims, test, test_gold, strict=True):
        if gold is VerdictLabel.SUPPORTED:
            continue
        if decide_verdict(judged, policy=policy).label is not VerdictLabel.SUPPORTED:
            continue
        best = max(judged, key=lambda j: j.stance.scores.supports)
        out.append((claim, gold, best.rank, best.stance.scores.supports))
    return out


@dataclass(frozen=True)
class PairedCount:
    """Two models' wrongly supported claims, compared claim by claim (McNemar's exact test)."""

    both: int
    only_first: int
    only_second: int

    @property
    def p_value(self) -> float:
        """Two-sided: how often a split of the discordant claims at least this uneven comes from
        two equally strict models."""
        n = self.only_first + self.only_second
        if n == 0:
            return 1.0
        k = min(self.only_first, self.only_second)
        tail = sum(math.comb(n, i) for i in range(k + 1)) / (1 << n)
        return min(1.0, 2 * tail)

    def line(self) -> str:
        return (
            f"both {self.both}, only the first {self.only_first}, only this one "
            f"{self.only_second} (McNemar exact p = {self.p_value:.2f})"
        )


def paired(first: set[str], second: set[str]) -> PairedCount:
    return PairedCount(len(first & second), len(first - second), len(second - first))


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("runs", nargs="+", type=Path, help="finished runs or artifacts")
    ap.add_argument("--costs", default=",".join(f"{c:g}" for c in DEFAULT_COSTS))
    ap.add_argument(
        "--list",
        action="store_true",
        help="also list the wrongly supported test claims under the first cost's policy",
    )
    ap.add_argument(
        "--with-news",
        action="store_true",
        help="fit on the team-written news dev claims too, each set weighing the same",
    )
    ap.add_argument(
        "--also-cf-only",
        action="store_true",
        help="with --with-news: print the rows of both fits, on all dev claims and on "
        "Climate-FEVER's alone, from one judging pass",
    )
    ap.add_argument(
        "--news-test",
        type=Path,
        help="also score each policy on the claims of this news pair file (such as the "
        "blind news set under eval/), read as training.data.load_written_claims reads",
    )
    args = ap.parse_args(argv)
    costs = [float(c) for c in args.costs.split(",")]

    from factcheck.stance.model import CrossEncoderStance, RuleAugmentedStance
    from training import data
    from training.calibrate import CLAIM_LABELS, dev_claim_sets, judge_claims, load_encoder

    encoder = load_encoder()
    dev_sets = dev_claim_sets(news=args.with_news)
    dev_weights = [1.0 / len(rs) for rs in dev_sets.values() for _ in rs]
    dev_gold = [CLAIM_LABELS[r["claim_label"]] for rs in dev_sets.values() for r in rs]
    test_records = data.load_climate_fever_claims("test")
    test_gold = [CLAIM_LABELS[r["claim_label"]] for r in test_records]
    news_records = data.load_written_claims(None, path=args.news_test) if args.news_test else []
    news_gold = [CLAIM_LABELS[r["claim_label"]] for r in news_records]
    reference: set[str] | None = None
    for run in args.runs:
        judge = RuleAugmentedStance(CrossEncoderStance.load(artifact_dir=run))
        dev = [j for rs in dev_sets.values() for j in judge_claims(judge, encoder, rs)]
        test = judge_claims(judge, encoder, test_records)
        news = judge_claims(judge, encoder, news_records) if news_records else []
        print(run)
        rows = sweep(dev, dev_gold, test, test_gold, costs=costs, dev_weights=dev_weights)
        fits = [(" + ".join(dev_sets), rows)]
        if args.also_cf_only and len(dev_sets) > 1:
            n_cf = len(next(iter(dev_sets.values())))
            cf_rows = sweep(dev[:n_cf], dev_gold[:n_cf], test, test_gold, costs=costs)
            fits.append((next(iter(dev_sets)), cf_rows))
        for fitted_on, fit_rows in fits:
            print(f"  fitted on {fitted_on}")
            for row in fit_rows:
                print("    Climate-FEVER test: " + row.line(), flush=True)
                if news:
                    on_news = score(row.policy, news, news_gold, cost=row.cost)
                    print(f"    {args.news_test}: " + on_news.line())
        claims = [r["claim"] for r in test_records]
        wrong = {c for c, *_ in wrongly_supported(claims, test, test_gold, rows[0].policy)}
        if reference is None:
            reference = wrong
        else:
            print(f"  against {args.runs[0]}, cost {costs[0]:g}: {paired(reference, wrong).line()}")
        if args.list:
            evidence = {r["claim"]: [e["evidence"] for e in r["evidences"]] for r in test_records}
            for claim, gold, rank, p in wrongly_supported(claims, test, test_gold, rows[0].policy):
                print(f"    {gold.value}: {claim}")
                print(f"      passage {rank}, supports {p:.2f}: {evidence[claim][rank]}")


if __name__ == "__main__":
    main()
