"""eval.verdict_stability: cross-fitted and bootstrapped verdict-policy fits."""

from __future__ import annotations

import pytest

from eval.verdict_stability import cross_fitted, dev_bootstrap, summary
from factcheck.results import VerdictLabel
from factcheck.stance import StanceLabel, StanceResult, StanceScores
from factcheck.verdict import JudgedPassage

S, C, N = VerdictLabel.SUPPORTED, VerdictLabel.CONTRADICTED, VerdictLabel.NOT_ENOUGH_EVIDENCE


def _claim(s: float, c: float) -> list[JudgedPassage]:
    n = 1.0 - s - c
    label = max(
        [(StanceLabel.SUPPORTS, s), (StanceLabel.CONTRADICTS, c), (StanceLabel.NEUTRAL, n)],
        key=lambda x: x[1],
    )[0]
    scores = StanceScores(supports=s, contradicts=c, neutral=n)
    stance = StanceResult(label=label, confidence=max(s, c, n), scores=scores)
    return [JudgedPassage(stance=stance, relevance=0.8)]


def _claims(k: int) -> tuple[list[list[JudgedPassage]], list[VerdictLabel]]:
    """k claims of each kind, each judged clearly: a support, a contradiction, a topical one."""
    judged = [_claim(0.9, 0.05), _claim(0.05, 0.9), _claim(0.1, 0.1)] * k
    return judged, [S, C, N] * k


def test_summary_counts_the_worst_answer() -> None:
    out = summary([S, S, C, N], [S, N, C, C])
    assert out["accuracy"] == 0.5 and out["wrongly_supported"] == 1 and out["n_claims"] == 4


def test_cross_fitted_answers_every_test_claim_with_a_policy_that_never_saw_it() -> None:
    dev, gold_dev = _claims(4)
    test, gold_test = _claims(6)
    out = cross_fitted(dev, gold_dev, test, gold_test, folds=3)
    assert out["n_claims"] == 18 and len(out["policies"]) == 3
    assert out["fit_claims"] == 12 + 18 - 6
    assert out["accuracy"] == 1.0 and out["wrongly_supported"] == 0  # the claims are clear-cut
    with pytest.raises(ValueError, match="folds"):
        cross_fitted(dev, gold_dev, test, gold_test, folds=1)


def test_dev_bootstrap_reports_the_spread_of_the_fit() -> None:
    dev, gold_dev = _claims(5)
    test, gold_test = _claims(3)
    out = dev_bootstrap(dev, gold_dev, test, gold_test, rounds=4, seed=1)
    assert out["rounds"] == 4 and sum(out["support_chosen"].values()) == 4
    assert out["accuracy"]["min"] <= out["accuracy"]["median"] <= out["accuracy"]["max"]
    assert 0 <= out["wrongly_supported"]["min"] <= out["wrongly_supported"]["max"] <= 9
