"""The training loop resumes from its checkpoint to the same weights; ship refuses broken runs."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from transformers import AutoTokenizer, BertConfig, BertModel

from factcheck.stance.base import StanceLabel
from factcheck.stance.network import StanceNetwork, base_model_path
from training.data import Pair
from training.loop import CHECKPOINT, StageOptions, load_checkpoint, run_stage
from training.ship import ship


def tiny_network() -> StanceNetwork:
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=30522,
        hidden_size=16,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=32,
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
    )
    net = StanceNetwork(BertModel(config), trainable_layers=2)
    net.dropout.p = 0.0
    return net


POOL = [
    Pair(f"claim number {i}", f"a passage about item {i % 5}", label, "test")
    for i, label in enumerate(
        [StanceLabel.SUPPORTS, StanceLabel.CONTRADICTS, StanceLabel.NEUTRAL] * 8
    )
]
OPTS = StageOptions(name="t", lr=1e-3, batch_size=4, max_length=32, seed=1, checkpoint_every=2)


def train(
    run_dir: Path, resume: dict[str, object] | None, *, stop_after: int | None = None
) -> StanceNetwork:
    tokenizer = AutoTokenizer.from_pretrained(base_model_path())
    net = tiny_network()
    calls = {"n": 0}

    def on_checkpoint() -> None:
        calls["n"] += 1
        if stop_after is not None and calls["n"] >= stop_after:
            raise KeyboardInterrupt  # the run is killed right after a checkpoint

    run_stage(
        net,
        tokenizer,
        POOL,
        OPTS,
        run_dir=run_dir,
        resume=resume,
        on_checkpoint=on_checkpoint,
        extra_state={"stages_done": {}},
    )
    return net


def test_a_killed_run_resumes_to_the_same_weights(tmp_path: Path) -> None:
    whole = train(tmp_path / "a", None)
    with pytest.raises(KeyboardInterrupt):
        train(tmp_path / "b", None, stop_after=1)
    ckpt = load_checkpoint(tmp_path / "b" / CHECKPOINT)
    assert ckpt is not None and ckpt["step"] == 2 and ckpt["stage"] == "t"
    resumed = train(tmp_path / "b", ckpt)
    for (name, a), (_, b) in zip(
        whole.trainable_state().items(), resumed.trainable_state().items(), strict=True
    ):
        assert torch.allclose(a, b, atol=1e-6), name


def test_ship_refuses_a_run_without_its_files(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(FileNotFoundError, match="not a finished run"):
        ship(tmp_path, artifact_dir=tmp_path / "artifacts")
    assert not (tmp_path / "artifacts").exists()
