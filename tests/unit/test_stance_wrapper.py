"""RuleAugmentedStance over a fake model, and the data helpers the training relies on."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.stance import StanceJudge, StanceLabel, StanceResult, StanceScores
from factcheck.stance.model import RuleAugmentedStance
from training.data import climate_fever_split, relevant_excerpt, split_sentences


class FixedJudge:
    """Always says one thing ("supports" 0.7 unless told): a model that misses numbers."""

    def __init__(self, scores: StanceScores | None = None) -> None:
        self.scores = scores or StanceScores(supports=0.7, contradicts=0.1, neutral=0.2)

    def judge(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        label = max(StanceLabel, key=lambda lab: getattr(self.scores, lab.value))
        confidence = getattr(self.scores, label.value)
        return [
            StanceResult(label=label, confidence=confidence, scores=self.scores) for _ in passages
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


OTHER_CITY = "Britain's Defense Ministry said Thursday Kharkiv remained in Ukrainian hands."


def test_a_missing_name_takes_support_away_and_says_why() -> None:
    result = RuleAugmentedStance(FixedJudge()).judge("Kherson was under Ukrainian control", [
        OTHER_CITY
    ])[0]
    assert result.label == StanceLabel.NEUTRAL
    assert result.reason == "name missing from the passage: 'Kherson'"


def test_a_missing_name_leaves_another_label_and_its_reason_alone() -> None:
    # The rule says nothing about contradiction: a "contradicts" stays, without a reason that
    # would read as the cause of it.
    model = FixedJudge(StanceScores(supports=0.1, contradicts=0.8, neutral=0.1))
    result = RuleAugmentedStance(model).judge("Kherson was under Ukrainian control", [
        OTHER_CITY
    ])[0]
    assert result.label == StanceLabel.CONTRADICTS and result.reason is None
    assert result.scores.supports < model.scores.supports



def test_a_rule_that_does_not_move_the_label_gives_no_reason_for_it() -> None:
    # Money only tips the balance (OTHER_NUMBER_WEIGHT): a confident "supports" stands, and a
    # "number mismatch" reason beside it would read as the cause of the support.
    model = FixedJudge(StanceScores(supports=0.9, contradicts=0.05, neutral=0.05))
    claim = "The council approved a $48 million budget"
    passage = "The council approved a $30 million budget on Tuesday."
    result = RuleAugmentedStance(model).judge(claim, [passage])[0]
    assert result.label == StanceLabel.SUPPORTS and result.reason is None
    assert result.scores.contradicts > model.scores.contradicts  # the rule did weigh in
    # Where the same finding does decide the label, it says so.
    undecided = FixedJudge(StanceScores(supports=0.4, contradicts=0.3, neutral=0.3))
    decided = RuleAugmentedStance(undecided).judge(claim, [passage])[0]
    assert decided.label == StanceLabel.CONTRADICTS
    assert decided.reason is not None and decided.reason.startswith("number mismatch")

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


class RecordingJudge(FixedJudge):
    """FixedJudge that remembers which claim wording it was asked about for which passages."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, list[str]]] = []

    def judge(self, claim: str, passages: Sequence[str]) -> list[StanceResult]:
        self.calls.append((claim, list(passages)))
        return super().judge(claim, passages)


def test_the_model_reads_the_claim_in_each_passages_notation() -> None:
    claim = "About 2.5 lakh voters cast ballots in the district"
    passages = [
        "Election officials said 2,50,000 voters in the district cast ballots on Sunday.",
        "Voters in the district cast ballots on Sunday.",
        "Election officials said 250,000 voters in the district cast ballots on Sunday.",
        "Turnout in the district was low, officials said.",
    ]
    model = RecordingJudge()
    results = RuleAugmentedStance(model).judge(claim, passages)
    assert len(results) == len(passages)
    # One call per wording; passages that need no alignment share one batch, in order.
    assert model.calls == [
        ("About 2,50,000 voters cast ballots in the district", [passages[0]]),
        (claim, [passages[1], passages[3]]),
        ("About 250,000 voters cast ballots in the district", [passages[2]]),
    ]
