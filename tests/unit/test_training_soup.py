from __future__ import annotations

import pytest
import torch

from training.soup import average_states


def test_the_soup_is_the_weighted_mean_of_each_weight() -> None:
    a = {"w": torch.tensor([[0.0, 2.0]]), "b": torch.tensor([1.0])}
    b = {"w": torch.tensor([[4.0, 6.0]]), "b": torch.tensor([3.0])}
    even = average_states([a, b], [1.0, 1.0])
    assert torch.equal(even["w"], torch.tensor([[2.0, 4.0]]))
    assert torch.equal(even["b"], torch.tensor([2.0]))
    # weights are normalised: 3:1 is 0.75 / 0.25
    skewed = average_states([a, b], [3.0, 1.0])
    assert torch.allclose(skewed["w"], torch.tensor([[1.0, 3.0]]))


def test_states_of_different_networks_make_no_soup() -> None:
    a = {"w": torch.zeros(2, 2)}
    with pytest.raises(ValueError, match="other weights"):
        average_states([a, {"v": torch.zeros(2, 2)}], [1.0, 1.0])
    with pytest.raises(ValueError, match="shapes differ"):
        average_states([a, {"w": torch.zeros(2, 3)}], [1.0, 1.0])
    with pytest.raises(ValueError, match="non-negative"):
        average_states([a, a], [1.0, -1.0])
    with pytest.raises(ValueError, match="one weight per state"):
        average_states([a, a], [1.0])
