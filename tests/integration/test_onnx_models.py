"""The ONNX Runtime models give the answers of the torch models they were exported from."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from factcheck.embedding import SentenceTransformerEncoder
from factcheck.onnx import OnnxEncoder
from factcheck.stance.model import CrossEncoderStance
from factcheck.stance.onnx import load_onnx_stance

TEXTS = [
    "Russian forces took control Thursday of the strategic Ukrainian port city of Kherson.",
    "x",
    "Émigrés in Zürich said the 2,000-km pipeline costs €3.5bn — 漢字 too 🙂.",
    "word " * 400,  # longer than the model's 256 tokens: truncated the same way
    "Kyiv",
]


@pytest.fixture(scope="module")
def torch_encoder() -> SentenceTransformerEncoder:
    return SentenceTransformerEncoder.load()


def test_onnx_vectors_equal_the_torch_vectors(
    torch_encoder: SentenceTransformerEncoder, tmp_path: Path
) -> None:
    onnx = OnnxEncoder.load(cache_dir=tmp_path)  # a fresh export, from the local weights
    expected = torch_encoder.encode(TEXTS)
    got = onnx.encode(TEXTS, batch_size=2)
    assert got.shape == expected.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert float((got * expected).sum(axis=1).min()) > 0.9999
    # The second load reuses the export.
    assert list(tmp_path.rglob("*.onnx")) and OnnxEncoder.load(cache_dir=tmp_path).dimension == 384


def test_int8_vectors_stay_close(torch_encoder: SentenceTransformerEncoder) -> None:
    expected = torch_encoder.encode(TEXTS)
    got = OnnxEncoder.load(quantize=True).encode(TEXTS)
    assert float((got * expected).sum(axis=1).min()) > 0.95


def test_onnx_stance_probabilities_equal_torch() -> None:
    torch_judge = CrossEncoderStance.load()
    onnx_judge = load_onnx_stance()
    claim = "Kherson has two million inhabitants"
    passages = [*TEXTS, "Kherson, a city of 280,000 people, is a strategic port."]
    expected = torch_judge.probabilities(claim, passages)
    got = onnx_judge.probabilities(claim, passages)
    assert got.shape == (len(passages), 3)
    assert torch.allclose(got, expected, atol=1e-4), (got - expected).abs().max()
    assert [r.label for r in onnx_judge.judge(claim, passages)] == \
        [r.label for r in torch_judge.judge(claim, passages)]
    assert onnx_judge.probabilities(claim, []).shape == (0, 3)


def test_an_int8_pair_reads_the_same_whatever_else_is_judged() -> None:
    """Dynamic quantisation scales activations by the batch's largest value: batched, a pair's
    probabilities moved with its neighbours (a seed verdict flipped at the support threshold).
    The int8 judge runs each pair alone, so they no longer do."""
    int8 = load_onnx_stance(quantize=True)
    claim = "Russian troops took over the regional government building in Kherson"
    passage = "Russian forces have occupied the Kherson Regional State Administration building."
    alone = int8.probabilities(claim, [passage])[0]
    for others in ([TEXTS[0]], TEXTS[:2], [TEXTS[3], TEXTS[2]]):
        assert torch.equal(int8.probabilities(claim, [passage, *others])[0], alone)
        assert torch.equal(int8.probabilities(claim, [*others, passage])[-1], alone)
    # ... and still close to the fp32 network it was quantised from.
    fp32 = load_onnx_stance().probabilities(claim, [passage])[0]
    assert float((alone - fp32).abs().max()) < 0.15


def test_exports_need_no_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Any attempt to reach a hub would fail here; the export must still work.
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    encoder = OnnxEncoder.load(cache_dir=tmp_path)
    assert encoder.encode(["ok"]).shape == (1, 384)
    assert json.dumps(encoder.name)


def test_the_encoder_built_from_settings_runs_as_they_say() -> None:
    """The indexer and the API build their encoder with models.encoder_from: ONNX Runtime threads
    and spinning come from the settings (the indexer used to drop them and spin)."""
    from factcheck.models import encoder_from
    from factcheck.settings import ModelSettings, Settings

    encoder = encoder_from(Settings(model=ModelSettings(onnx_threads=1, onnx_spinning=False)))
    assert isinstance(encoder, OnnxEncoder)
    options = encoder._session.get_session_options()
    assert options.intra_op_num_threads == 1
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
