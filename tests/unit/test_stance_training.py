"""Training helpers: Climate-FEVER annotator vote shares, the cross-fitted class bias, macro-F1."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from training.data import vote_shares
from training.train import fit_class_bias, macro_f1


def test_vote_shares_count_non_null_votes_in_label_order() -> None:
    assert vote_shares(["SUPPORTS", "NOT_ENOUGH_INFO", None, None]) == (0.5, 0.0, 0.5)
    assert vote_shares(["REFUTES", "REFUTES", "SUPPORTS"]) == pytest.approx((1 / 3, 2 / 3, 0.0))
    assert vote_shares([None, None]) is None
    assert vote_shares([]) is None


def _groups(n: int) -> list[str]:
    return [f"claim-{i // 5}" for i in range(n)]  # 5 pairs per claim, as in Climate-FEVER


def test_class_bias_is_kept_when_it_helps_on_held_out_claims() -> None:
    g = torch.Generator().manual_seed(1)
    gold = torch.randint(0, 3, (600,), generator=g)
    # A model that knows the answer but over-predicts "neutral" by a constant margin.
    logits = 2.0 * nn.functional.one_hot(gold, 3).float() + torch.tensor([0.0, 0.0, 2.5])
    logits += 0.3 * torch.randn(600, 3, generator=g)
    bias, gain = fit_class_bias(logits, gold, 1.0, _groups(600))
    assert gain > 0.1
    assert bias[0] > 0.5 and bias[1] > 0.5 and bias[2] == 0.0


def test_class_bias_is_dropped_when_it_only_fits_noise() -> None:
    g = torch.Generator().manual_seed(2)
    gold = torch.randint(0, 3, (600,), generator=g)
    # Already right nearly everywhere: no shift can help on held-out claims.
    logits = 3.0 * nn.functional.one_hot(gold, 3).float() + torch.randn(600, 3, generator=g)
    bias, gain = fit_class_bias(logits, gold, 1.0, _groups(600))
    assert gain <= 0
    assert bias == [0.0, 0.0, 0.0]


def test_macro_f1_matches_its_definition() -> None:
    gold = np.array([0, 0, 1, 2, 2, 2])
    pred = np.array([0, 1, 1, 2, 2, 0])
    # supports: tp 1, 2 predicted, 2 gold -> 0.5; contradicts: 1, 2, 1 -> 2/3; neutral: 2, 2, 3
    score, per = macro_f1(pred, gold)
    assert per == pytest.approx([0.5, 2 / 3, 0.8])
    assert score == pytest.approx((0.5 + 2 / 3 + 0.8) / 3)
    assert macro_f1(np.array([0, 0]), np.array([0, 0]))[1] == [1.0, 0.0, 0.0]
