"""The stance cross-encoder on ONNX Runtime: the same artifact, the same answers, faster on CPU.

The network of :mod:`factcheck.stance.network` (base weights from the package + the fine-tuned
artifact) is exported once with ``torch.onnx`` and cached next to the embedding export (see
:func:`factcheck.onnx_embedding.default_cache_dir`), keyed by a hash of the artifact, the base
weights and the network's source, so a retrained artifact is exported again by itself.

:class:`OnnxCrossEncoderStance` only replaces the forward pass of
:class:`factcheck.stance.model.CrossEncoderStance` (tokenisation, batching by length,
temperature and the result type stay theirs), and :func:`load_onnx_stance_judge` wraps it in the
same rules as the production judge. fp32 probabilities match torch to about 1e-5; ``quantize``
(int8 MatMul weights) is faster and changes them slightly: measure before using it.

Example:
    >>> judge = load_onnx_stance_judge()
    >>> [r.label for r in judge.judge("Kherson fell", ["Russian forces took Kherson."])]
    [<StanceLabel.SUPPORTS: 'supports'>]
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

from factcheck.onnx_embedding import _exclusive, default_cache_dir, quantize_onnx
from factcheck.stance import network
from factcheck.stance.model import CrossEncoderStance, RuleAugmentedStance
from factcheck.stance.network import (
    ArtifactConfig,
    StanceNetwork,
    base_model_path,
    encode_pairs,
    load_artifact,
)

log = logging.getLogger(__name__)

EXPORT_VERSION = 1
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def _artifact_digest(artifact_dir: Path) -> str:
    digest = hashlib.sha256(f"stance-export-v{EXPORT_VERSION}".encode())
    digest.update(inspect.getsource(network).encode())
    for path in sorted(artifact_dir.iterdir()):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    base = Path(base_model_path())
    for name in ("config.json", "model.safetensors"):
        if (base / name).exists():
            digest.update((base / name).read_bytes())
    return digest.hexdigest()[:16]


def export_stance(net: StanceNetwork, tokenizer: Any, out_path: Path) -> None:
    """Export ``net`` (logits for [CLS] claim [SEP] passage [SEP]) with dynamic shapes."""
    # Eager attention traces to plain ops valid for every batch size and length.
    net.encoder.set_attn_implementation("eager")
    sample = encode_pairs(tokenizer, ["a claim", "another, longer claim here"],
                          ["a passage", "and a somewhat longer passage to pad"], max_length=64)
    args = tuple(sample[name] for name in _INPUTS)
    axes = {name: {0: "batch", 1: "sequence"} for name in _INPUTS}
    tmp = out_path.with_suffix(".tmp")
    with torch.no_grad():
        torch.onnx.export(net, args, str(tmp), input_names=list(_INPUTS),
                          output_names=["logits"], dynamic_axes={**axes, "logits": {0: "batch"}},
                          opset_version=17, dynamo=False)
    os.replace(tmp, out_path)


class OnnxCrossEncoderStance(CrossEncoderStance):
    """:class:`CrossEncoderStance` with the forward pass on an ONNX Runtime session."""

    def __init__(self, session: Any, net: StanceNetwork, tokenizer: Any, config: ArtifactConfig,
                 *, batch_size: int = 32, max_length: int = 256) -> None:
        super().__init__(net, tokenizer, config, batch_size=batch_size, max_length=max_length)
        self._session = session

    @classmethod
    def load_onnx(
        cls,
        *,
        artifact_dir: Path | None = None,
        batch_size: int = 32,
        max_length: int = 256,
        quantize: bool = False,
        cache_dir: Path | None = None,
        threads: int | None = None,
    ) -> OnnxCrossEncoderStance:
        import onnxruntime as ort

        directory = artifact_dir or network.DEFAULT_ARTIFACT_DIR
        net, tokenizer, config = load_artifact(directory)
        folder = (cache_dir or default_cache_dir()) / f"stance-{_artifact_digest(directory)}"
        fp32 = folder / "stance.onnx"
        wanted = folder / "stance.int8.onnx" if quantize else fp32
        if not wanted.exists():
            with _exclusive(folder / ".lock"):
                if not fp32.exists():
                    log.info("exporting the stance model to ONNX at %s (once)", fp32)
                    export_stance(net, tokenizer, fp32)
                if quantize and not wanted.exists():
                    quantize_onnx(fp32, wanted)
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            options.intra_op_num_threads = threads
        session = ort.InferenceSession(str(wanted), options, providers=["CPUExecutionProvider"])
        return cls(session, net, tokenizer, config, batch_size=batch_size, max_length=max_length)

    def probabilities(self, claim: str, passages: Sequence[str]) -> torch.Tensor:
        if not passages:
            return torch.empty((0, 3))
        # The same batching as factcheck.stance.network.batched_logits: by length, in order.
        order = sorted(range(len(passages)), key=lambda i: len(claim) + len(passages[i]))
        logits = np.empty((len(passages), 3), dtype=np.float32)
        with self._lock:
            for start in range(0, len(order), self.batch_size):
                idx = order[start : start + self.batch_size]
                enc = encode_pairs(self._tokenizer, [claim] * len(idx),
                                   [passages[i] for i in idx], max_length=self.max_length)
                feeds = {name: enc[name].numpy() for name in _INPUTS if name in enc}
                logits[idx] = self._session.run(["logits"], feeds)[0]
        return torch.softmax(torch.from_numpy(logits) / self.config.temperature, dim=-1)


def load_onnx_stance_judge(
    *, artifact_dir: Path | None = None, batch_size: int = 32, max_length: int = 256,
    quantize: bool = False,
) -> RuleAugmentedStance:
    """The production judge (cross-encoder + rules) with the cross-encoder on ONNX Runtime."""
    return RuleAugmentedStance(OnnxCrossEncoderStance.load_onnx(
        artifact_dir=artifact_dir, batch_size=batch_size, max_length=max_length,
        quantize=quantize,
    ))
