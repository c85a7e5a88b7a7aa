"""The stance cross-encoder on ONNX Runtime: the same artifact, the same answers, faster on CPU.

The network of :mod:`factcheck.stance.network` (base weights from the package + the fine-tuned
artifact) is exported once with ``torch.onnx`` and cached next to the embedding export (see
:func:`factcheck.onnx_embedding.default_cache_dir`), keyed by a hash of the artifact, the base
weights and the network's source, so a retrained artifact is exported again by itself.

:class:`OnnxCrossEncoderStance` only replaces the forward pass of
:class:`factcheck.stance.model.CrossEncoderStance` (tokenisation, batching by length,
calibration and the result type stay its own code), and :func:`load_onnx_stance_judge` wraps
it in the same rules as the production judge. fp32 probabilities match torch to about 1e-5;
``quantize`` (int8 MatMul weights) is faster and changes them slightly: measure before use.

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
import shutil
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import torch

from factcheck.onnx_embedding import (
    _exclusive,
    default_cache_dir,
    fuse_bert,
    quantize_onnx,
    session_options,
)
from factcheck.stance import network
from factcheck.stance.model import CrossEncoderStance, RuleAugmentedStance
from factcheck.stance.network import StanceNetwork, base_model_path, encode_pairs, load_artifact

log = logging.getLogger(__name__)

EXPORT_VERSION = 2
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
    encoder: Any = net.encoder  # a transformers BertModel
    encoder.set_attn_implementation("eager")
    sample = encode_pairs(tokenizer, ["a claim", "another, longer claim here"],
                          ["a passage", "and a somewhat longer passage to pad"], max_length=64)
    args = tuple(sample[name] for name in _INPUTS)
    axes = {name: {0: "batch", 1: "sequence"} for name in _INPUTS}
    tmp = out_path.with_suffix(".tmp")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer chatter; tests compare against torch
        torch.onnx.export(net, args, str(tmp), input_names=list(_INPUTS),
                          output_names=["logits"], dynamic_axes={**axes, "logits": {0: "batch"}},
                          opset_version=17, dynamo=False)
    os.replace(tmp, out_path)


class OnnxNetwork:
    """Stands in for :class:`StanceNetwork` where only its forward pass is used: called with the
    tokenised pairs, returns the logits from an ONNX Runtime session."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def __call__(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                 token_type_ids: torch.Tensor | None = None) -> torch.Tensor:
        feeds = {"input_ids": input_ids.numpy(), "attention_mask": attention_mask.numpy(),
                 "token_type_ids": (token_type_ids if token_type_ids is not None
                                    else torch.zeros_like(input_ids)).numpy()}
        (logits,) = self._session.run(["logits"], feeds)
        return torch.from_numpy(np.asarray(logits, dtype=np.float32))


class OnnxCrossEncoderStance(CrossEncoderStance):
    """:class:`CrossEncoderStance` whose network runs on ONNX Runtime. Everything around the
    forward pass (tokenisation, batching by length, calibration, results) stays the torch
    judge's own code, so it follows that code as it changes."""

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
        spinning: bool = True,
    ) -> OnnxCrossEncoderStance:
        import onnxruntime as ort

        directory = artifact_dir or network.DEFAULT_ARTIFACT_DIR
        net, tokenizer, config = load_artifact(directory)
        folder = (cache_dir or default_cache_dir()) / f"stance-{_artifact_digest(directory)}"
        fp32 = folder / "stance.onnx"
        wanted = folder / "stance.int8.onnx" if quantize else fp32
        if not wanted.exists():
            with _exclusive(folder / ".lock"):
                plain = folder / "stance.unfused.onnx"  # the quantiser needs standard operators
                if not fp32.exists():
                    log.info("exporting the stance model to ONNX at %s (once)", fp32)
                    export_stance(net, tokenizer, plain)
                    shutil.copyfile(plain, fp32)
                    bert: Any = net.encoder.config
                    fuse_bert(fp32, num_heads=int(bert.num_attention_heads),
                              hidden_size=int(bert.hidden_size))
                if quantize and not wanted.exists():
                    quantize_onnx(plain, wanted)
        del net  # the torch weights are not needed any more
        session = ort.InferenceSession(str(wanted),
                                       session_options(threads=threads, spinning=spinning),
                                       providers=["CPUExecutionProvider"])
        onnx_net: Any = OnnxNetwork(session)
        return cls(onnx_net, tokenizer, config, batch_size=batch_size, max_length=max_length)


def load_onnx_stance_judge(
    *, artifact_dir: Path | None = None, batch_size: int = 32, max_length: int = 256,
    quantize: bool = False, threads: int | None = None, spinning: bool = True,
) -> RuleAugmentedStance:
    """The production judge (cross-encoder + rules) with the cross-encoder on ONNX Runtime."""
    return RuleAugmentedStance(OnnxCrossEncoderStance.load_onnx(
        artifact_dir=artifact_dir, batch_size=batch_size, max_length=max_length,
        quantize=quantize, threads=threads, spinning=spinning,
    ))
