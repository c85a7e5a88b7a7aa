"""Verdict aggregation: thresholds, evidence lists, disputed, calibration, fitting."""

from __future__ import annotations

import pytest

from factcheck.results import VerdictLabel
from factcheck.stance import StanceLabel, StanceResult, StanceScores
from factcheck.verdict import (
    DEFAULT_POLICY,
    RELEVANCE_FLOOR,
    JudgedPassage,
    VerdictPolicy,
    decide_verdict,
    default_policy,
)
from training.verdict_fit import CONTRADICT_FLOOR, SUPPORT_FLOOR, fit_policy

POLICY = VerdictPolicy(min_relevance=0.4, support=0.6, contradict=0.5, disputed=0.7)


def passage(s: float, c: float, *, relevance: float = 0.7, rank: int = 0) -> JudgedPassage:
    n = 1.0 - s - c
    scores = StanceScores(supports=s, contradicts=c, neutral=n)
    label = max(
        [(StanceLabel.SUPPORTS, s), (StanceLabel.CONTRADICTS, c), (StanceLabel.NEUTRAL, n)],
        key=lambda x: x[1],
    )[0]
    result = StanceResult(label=label, confidence=max(s, c, n), scores=scores)
    return JudgedPassage(stance=result, relevance=relevance, rank=rank)


def test_supported_lists_supporting_passages_strongest_first() -> None:
    v = decide_verdict([passage(0.7, 0.1), passage(0.1, 0.1), passage(0.9, 0.05)], policy=POLICY)
    assert v.label == VerdictLabel.SUPPORTED
    assert v.supporting == [2, 0]
    assert v.contradicting == []
    assert v.related == [1]
    assert v.strength == pytest.approx(0.9)


def test_contradicted() -> None:
    v = decide_verdict([passage(0.05, 0.8), passage(0.2, 0.1)], policy=POLICY)
    assert v.label == VerdictLabel.CONTRADICTED
    assert v.contradicting == [0]


def test_disputed_needs_credible_evidence_both_ways() -> None:
    both_strong = decide_verdict([passage(0.8, 0.1), passage(0.1, 0.85)], policy=POLICY)
    assert both_strong.label == VerdictLabel.DISPUTED
    assert both_strong.supporting == [0] and both_strong.contradicting == [1]
    weak_con = decide_verdict([passage(0.9, 0.05), passage(0.3, 0.55)], policy=POLICY)
    assert weak_con.label == VerdictLabel.SUPPORTED
    assert weak_con.contradicting == [1]  # still shown, but it does not flip the verdict


def test_unrelated_claim_gets_not_enough_evidence_and_empty_lists() -> None:
    # Confident stance but low relevance: weak matches are not evidence, nor "related".
    v = decide_verdict(
        [passage(0.95, 0.0, relevance=0.1), passage(0.0, 0.9, relevance=0.05)], policy=POLICY
    )
    assert v.label == VerdictLabel.NOT_ENOUGH_EVIDENCE
    assert v.supporting == [] and v.contradicting == [] and v.related == []


def test_relevance_floor_holds_even_if_the_policy_is_looser() -> None:
    loose = VerdictPolicy(min_relevance=-1.0, support=0.5, contradict=0.5, disputed=0.9)
    v = decide_verdict([passage(0.95, 0.0, relevance=RELEVANCE_FLOOR - 0.01)], policy=loose)
    assert v.label == VerdictLabel.NOT_ENOUGH_EVIDENCE


def test_neutral_relevant_passages_are_related_only() -> None:
    v = decide_verdict([passage(0.2, 0.2, relevance=0.8)], policy=POLICY)
    assert v.label == VerdictLabel.NOT_ENOUGH_EVIDENCE
    assert v.related == [0]


def test_support_needs_the_judge_to_say_supports_not_just_a_high_score() -> None:
    # supports 0.45 clears a 0.4 threshold, but neutral (0.5) is the judge's label: topical only.
    loose = VerdictPolicy(min_relevance=0.3, support=0.4, contradict=0.5, disputed=0.9)
    v = decide_verdict([passage(0.45, 0.05, relevance=0.8)], policy=loose)
    assert v.label == VerdictLabel.NOT_ENOUGH_EVIDENCE
    assert v.supporting == [] and v.related == [0]
    entailing = decide_verdict([passage(0.45, 0.15, relevance=0.8)], policy=loose)
    assert entailing.label == VerdictLabel.SUPPORTED and entailing.supporting == [0]


def test_low_ranked_passages_are_ignored() -> None:
    policy = POLICY.model_copy(update={"max_rank": 3})
    v = decide_verdict([passage(0.9, 0.0, rank=5)], policy=policy)
    assert v.label == VerdictLabel.NOT_ENOUGH_EVIDENCE


def test_no_passages() -> None:
    v = decide_verdict([], policy=POLICY)
    assert v.label == VerdictLabel.NOT_ENOUGH_EVIDENCE
    assert 0.0 <= v.confidence <= 1.0


def test_confidence_grows_with_strength() -> None:
    weak = decide_verdict([passage(0.62, 0.1)], policy=POLICY)
    strong = decide_verdict([passage(0.97, 0.01)], policy=POLICY)
    assert weak.label == strong.label == VerdictLabel.SUPPORTED
    assert strong.confidence > weak.confidence


def test_relevance_is_clamped_to_cosine_range() -> None:
    p = passage(0.9, 0.0, relevance=0.7).model_copy()
    assert JudgedPassage(stance=p.stance, relevance=1.0000002, rank=0).relevance == 1.0


def test_fit_policy_learns_thresholds_that_separate_the_labels() -> None:
    claims = []
    gold = []
    for k in range(10):
        claims.append([passage(0.85 + k * 0.01, 0.05)])
        gold.append(VerdictLabel.SUPPORTED)
        claims.append([passage(0.05, 0.75 + k * 0.01)])
        gold.append(VerdictLabel.CONTRADICTED)
        claims.append([passage(0.45, 0.1), passage(0.1, 0.35)])
        gold.append(VerdictLabel.NOT_ENOUGH_EVIDENCE)
    policy = fit_policy(claims, gold, fitted_on="synthetic")
    decided = [decide_verdict(c, policy=policy).label for c in claims]
    assert decided == gold
    assert policy.support > 0.45 and policy.contradict > 0.35
    assert policy.fitted_on == "synthetic"


def test_fit_policy_charges_a_wrong_supported_more_than_other_errors() -> None:
    # Supports 0.55: three claims are true, two are not (topical passages). Answering
    # "supported" for all five is right 3 times in 5; answering nothing is right 2 times in 5
    # (plus the other claims). Plain accuracy takes the low threshold; with the extra cost of a
    # wrong "supported" the two false claims outweigh one extra right answer.
    claims = [[passage(0.55, 0.05)] for _ in range(5)] + [[passage(0.9, 0.02)] for _ in range(3)]
    gold = [VerdictLabel.SUPPORTED] * 3 + [VerdictLabel.NOT_ENOUGH_EVIDENCE] * 2
    gold += [VerdictLabel.SUPPORTED] * 3
    plain = fit_policy(claims, gold, fitted_on="synthetic", false_support_cost=0.0)
    costly = fit_policy(claims, gold, fitted_on="synthetic", false_support_cost=1.0)
    assert [decide_verdict(c, policy=plain).label for c in claims[:5]] == [
        VerdictLabel.SUPPORTED
    ] * 5
    assert costly.support > 0.55
    assert [decide_verdict(c, policy=costly).label for c in claims[:5]] == [
        VerdictLabel.NOT_ENOUGH_EVIDENCE
    ] * 5


def test_fit_policy_weights_let_a_small_set_count_as_much_as_a_large_one() -> None:
    # A large set whose true claims sit at 0.65 and a small one whose 0.65 claims are false.
    # Unweighted, the large set wins and 0.6 lets them all through; with each set weighing the
    # same, the small set's wrong "supported" answers cost more than the large set's misses.
    large = [[passage(0.65, 0.02)] for _ in range(20)]
    small = [[passage(0.65, 0.02)] for _ in range(4)] + [[passage(0.95, 0.02)] for _ in range(2)]
    gold = [VerdictLabel.SUPPORTED] * 20
    gold += [VerdictLabel.NOT_ENOUGH_EVIDENCE] * 4 + [VerdictLabel.SUPPORTED] * 2
    claims = large + small
    plain = fit_policy(claims, gold, fitted_on="synthetic")
    weights = [1 / 20] * 20 + [1 / 6] * 6
    even = fit_policy(claims, gold, fitted_on="synthetic", weights=weights)
    assert plain.support <= 0.6 < even.support
    with pytest.raises(ValueError, match="weights"):
        fit_policy(claims, gold, fitted_on="synthetic", weights=[1.0])


@pytest.mark.parametrize(
    ("topical", "gold_label", "threshold", "floor", "listed"),
    [
        # Labels where topical passages (supports 0.46) count as support: plain accuracy would
        # take a support threshold of 0.4.
        ((0.46, 0.05), VerdictLabel.SUPPORTED, "support", SUPPORT_FLOOR, "supporting"),
        # Labels that call passages the judge reads as neutral (0.58) contradictions: plain
        # accuracy would take a contradict threshold of 0.3.
        ((0.05, 0.37), VerdictLabel.CONTRADICTED, "contradict", CONTRADICT_FLOOR, "contradicting"),
    ],
)
def test_fit_policy_never_goes_below_its_floors(
    topical: tuple[float, float],
    gold_label: VerdictLabel,
    threshold: str,
    floor: float,
    listed: str,
) -> None:
    claims = [[passage(*topical)] for _ in range(6)] + [[passage(0.1, 0.05)] for _ in range(2)]
    gold = [gold_label] * 6 + [VerdictLabel.NOT_ENOUGH_EVIDENCE] * 2
    policy = fit_policy(claims, gold, fitted_on="synthetic", false_support_cost=0.0)
    assert getattr(policy, threshold) >= floor
    assert all(getattr(decide_verdict(c, policy=policy), listed) == [] for c in claims)


def test_shipped_policy_loads_and_keeps_the_floor() -> None:
    from factcheck.verdict import POLICY_FILE

    policy = default_policy()
    expected = VerdictPolicy.load() if POLICY_FILE.exists() else DEFAULT_POLICY
    assert policy == expected
    assert 0.0 < policy.support <= 1.0 and 0.0 < policy.contradict <= 1.0
    if POLICY_FILE.exists():  # a fitted policy, not the fallback
        assert policy.support >= SUPPORT_FLOOR and policy.contradict >= CONTRADICT_FLOOR
