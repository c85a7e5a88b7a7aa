"""The artifact's compact weight formats: int8 per-row deltas against the package weights."""

from __future__ import annotations

import pytest
import torch

from factcheck.stance.network import Q8, SCALE, pack_state, unpack_state


def _states() -> tuple[dict[str, torch.Tensor], dict[str, torch.Tensor]]:
    g = torch.Generator().manual_seed(0)
    base = {
        "encoder.encoder.layer.5.output.dense.weight": torch.randn(8, 16, generator=g),
        "encoder.encoder.layer.5.output.dense.bias": torch.randn(8, generator=g),
    }
    tuned = {k: v + 0.01 * torch.randn(v.shape, generator=g) for k, v in base.items()}
    tuned["head.weight"] = torch.randn(3, 16, generator=g)  # not in the package: stored fp16
    return tuned, base


def test_int8_delta_round_trip_is_close_and_compact() -> None:
    tuned, base = _states()
    packed = pack_state(tuned, base, "int8-delta")
    name = "encoder.encoder.layer.5.output.dense.weight"
    assert packed[name + Q8].dtype == torch.int8 and packed[name + SCALE].shape == (8,)
    assert packed["head.weight"].dtype == torch.float16
    restored = unpack_state(packed, base)
    assert set(restored) == set(tuned)
    delta = (tuned[name] - base[name]).abs().max()
    # per-row int8 of the delta: error at most half a step (+ fp16 rounding of the scale)
    assert (restored[name] - tuned[name]).abs().max() <= delta / 127 * 0.51 + 1e-6
    for k in tuned:
        assert torch.allclose(restored[k], tuned[k], atol=2e-3, rtol=0)


def test_fp16_format_and_unknown_format() -> None:
    tuned, base = _states()
    restored = unpack_state(pack_state(tuned, base, "fp16"), base)
    for k in tuned:
        assert torch.allclose(restored[k], tuned[k], atol=5e-3, rtol=0)
    with pytest.raises(ValueError):
        pack_state(tuned, base, "int4")
