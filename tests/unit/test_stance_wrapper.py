"""RuleAugmentedStance over a fake model, and the data helpers the training relies on."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.stance import StanceJudge, StanceLabel, StanceResult, StanceScores
from factcheck.stance.model import RuleAugmentedStance
from training.data import climate_fever_split, relevant_excerpt, split_sentences


class FixedJudge:
    """Always says "supports" with 0.7: a model that misses numbers."""

    def judge(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        scores = StanceScores(supports=0.7, contradicts=0.1, neutral=0.2)
        return [
            StanceResult(label=StanceLabel.SUPPORTS, confidence=0.7, scores=scores)
            for _ in passages
        ]


def test_rules_override_the_model_and_say_why() -> None:
    judge = RuleAugmentedStance(FixedJudge())
    assert isinstance(judge, StanceJudge)
    results = judge.judge(
        "Kherson has two million inhabitants",
        [
            "Kherson, a city of 280,000 people, is a strategic port to the Black Sea.",
            "Kherson is a strategic port to the Black Sea.",
        ],
    )
    assert results[0].label == StanceLabel.CONTRADICTS
    assert results[0].reason == "number mismatch: two million vs 280,000"
    assert results[0].confidence == results[0].scores.contradicts
    assert results[1].label == StanceLabel.SUPPORTS and results[1].reason is None


def test_wrapper_keeps_order_and_handles_no_passages() -> None:
    judge = RuleAugmentedStance(FixedJudge())
    assert judge.judge("anything", []) == []


def test_climate_fever_split_is_stable_and_claim_level() -> None:
    splits = [climate_fever_split(str(i)) for i in range(2000)]
    assert splits == [climate_fever_split(str(i)) for i in range(2000)]
    share = {s: splits.count(s) / len(splits) for s in ("train", "dev", "test")}
    assert 0.5 < share["train"] < 0.6 and 0.1 < share["dev"] < 0.2 and 0.25 < share["test"] < 0.35


def test_relevant_excerpt_picks_the_claim_sentences_in_order() -> None:
    body = (
        "The weather was fine on Monday. Officials met in Geneva. "
        "Russian troops seized the Kherson government building, the governor said. "
        "Markets were calm. Kherson is a port of 280,000 people. Football results followed."
    )
    excerpt = relevant_excerpt("Russian troops seize Kherson", body, max_sentences=2)
    assert excerpt == (
        "Russian troops seized the Kherson government building, the governor said. "
        "Kherson is a port of 280,000 people."
    )
    assert len(split_sentences(body)) == 6
