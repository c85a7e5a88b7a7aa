"""eval.ensemble: averaging runs' probabilities and scoring the average with the rules."""

from __future__ import annotations

import numpy as np
import pytest

from eval.ensemble import combinations, macro_f1_with_rules, main, mean_probs
from factcheck.stance.base import StanceLabel
from training.data import Pair


def test_mean_probs_averages_each_pair() -> None:
    a = np.array([[0.8, 0.1, 0.1], [0.2, 0.2, 0.6]])
    b = np.array([[0.4, 0.5, 0.1], [0.2, 0.6, 0.2]])
    assert np.allclose(mean_probs([a, b]), [[0.6, 0.3, 0.1], [0.2, 0.4, 0.4]])


def test_runs_that_scored_other_pairs_are_refused() -> None:
    with pytest.raises(ValueError, match="different pairs"):
        mean_probs([np.zeros((2, 3)), np.zeros((3, 3))])
    with pytest.raises(ValueError, match="no runs"):
        mean_probs([])


def test_combinations_are_singles_then_groups() -> None:
    assert combinations(["a", "b", "c"]) == [
        ("a",), ("b",), ("c",), ("a", "b"), ("a", "c"), ("b", "c"), ("a", "b", "c"),
    ]


def test_the_average_is_scored_with_the_rules() -> None:
    # The model leans "supports"; the number check knows two million is not 280,000.
    pairs = [
        Pair("Kherson has two million inhabitants", "Kherson, a city of 280,000 people, is a port.",
             StanceLabel.CONTRADICTS, "test"),
        Pair("Kherson is a port", "Kherson, a city of 280,000 people, is a port.",
             StanceLabel.SUPPORTS, "test"),
    ]
    probs = np.array([[0.6, 0.2, 0.2], [0.7, 0.1, 0.2]])
    assert macro_f1_with_rules(pairs, probs) == pytest.approx(1.0)


def test_one_run_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run-a"])
    assert "two or more" in capsys.readouterr().err
