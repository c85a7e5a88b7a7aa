"""The stance report's agreed-votes breakdown (Climate-FEVER label noise)."""

from __future__ import annotations

from eval.stance import agreed_votes_metrics
from factcheck.stance.base import StanceLabel
from training.data import Pair


def _pair(label: StanceLabel, votes: tuple[float, float, float] | None) -> Pair:
    return Pair("claim", "passage", label, "climate_fever", votes=votes)


def test_only_unanimous_pairs_are_scored() -> None:
    pairs = [
        _pair(StanceLabel.SUPPORTS, (1.0, 0.0, 0.0)),
        _pair(StanceLabel.NEUTRAL, (0.5, 0.0, 0.5)),  # a tie: gold neutral, left out
        _pair(StanceLabel.CONTRADICTS, (0.0, 1.0, 0.0)),
        _pair(StanceLabel.NEUTRAL, (0.0, 0.0, 1.0)),
    ]
    gold = [0, 2, 1, 2]
    pred = [0, 0, 2, 2]  # right, (wrong but excluded), wrong, right
    m = agreed_votes_metrics(pairs, gold, pred)
    assert m is not None
    assert m["n"] == 3
    assert m["accuracy"] == round(2 / 3, 4)
    assert m["f1"] == {"supports": 1.0, "contradicts": 0.0, "neutral": round(2 / 3, 4)}


def test_sets_without_votes_have_no_breakdown() -> None:
    pairs = [_pair(StanceLabel.SUPPORTS, None)]
    assert agreed_votes_metrics(pairs, [0], [0]) is None
