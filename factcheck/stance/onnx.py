"""The stance cross-encoder on ONNX Runtime, through :func:`factcheck.onnx.cached_export`.

:func:`load_onnx_stance` is :class:`factcheck.stance.model.CrossEncoderStance` whose network runs
in an ONNX session: tokenisation, batching, calibration and results stay that class's own code.
fp32 probabilities match torch to about 1e-5; int8 changes them slightly (``bench/int8.py``), and
runs each pair alone (:class:`OnnxNetwork`).

Example:
    >>> judge = load_onnx_stance_judge()
    >>> [r.label for r in judge.judge("Kherson fell", ["Russian forces took Kherson."])]
    [<StanceLabel.SUPPORTS: 'supports'>]
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from factcheck.onnx import (
    INPUTS,
    cached_export,
    default_cache_dir,
    files_digest,
    open_session,
    torch_export,
)

if TYPE_CHECKING:
    import torch

    from factcheck.stance.model import CrossEncoderStance, RuleAugmentedStance

# Bump when the exported graph changes, so old cached files are not reused.
STANCE_EXPORT_VERSION = 2


class OnnxNetwork:
    """Stands in for :class:`~factcheck.stance.network.StanceNetwork`'s forward pass: logits
    of the tokenised pairs from an ONNX session. ``per_row`` runs each pair alone, cut to its
    length, as the int8 network needs: dynamic quantisation scales activations by the batch's
    largest value, so batched, a seed pair's "supports" moved 0.60-0.66 with its neighbours."""

    def __init__(self, session: Any, *, per_row: bool = False) -> None:
        self._session = session
        self._per_row = per_row

    def __call__(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                 token_type_ids: torch.Tensor | None = None) -> torch.Tensor:
        import torch

        types = token_type_ids if token_type_ids is not None else torch.zeros_like(input_ids)
        if not self._per_row:
            return self._run(input_ids.numpy(), attention_mask.numpy(), types.numpy())
        out = []
        for i, n in enumerate(attention_mask.sum(dim=1).tolist()):
            row = (input_ids[i : i + 1, :n], attention_mask[i : i + 1, :n], types[i : i + 1, :n])
            out.append(self._run(*(t.numpy() for t in row)))
        return torch.cat(out)

    def _run(self, ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> torch.Tensor:
        import torch

        (logits,) = self._session.run(
            ["logits"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        return torch.from_numpy(np.asarray(logits, dtype=np.float32))


def _stance_digest(artifact_dir: Path) -> str:
    """Artifact weights and config, base weights and the network's source: a retrained artifact
    is exported anew. Only the files the export reads count: the model card and ``verdict.json``
    beside them change without changing the network (and each export is ~230 MB on disk)."""
    from factcheck.stance import network

    base = Path(network.base_model_path())
    files: list[tuple[str | None, Path]] = [
        (name, artifact_dir / name) for name in (network.WEIGHTS_FILE, network.CONFIG_FILE)
    ]
    files += [(None, base / "config.json"), (None, base / "model.safetensors")]
    return files_digest(f"stance-export-v{STANCE_EXPORT_VERSION}", files,
                   extra=inspect.getsource(network).encode())


def export_stance(net: Any, tokenizer: Any, out_path: Path) -> tuple[int, int]:
    """Export ``net`` (logits for [CLS] claim [SEP] passage [SEP]) with dynamic shapes."""
    from factcheck.stance.network import encode_pairs

    bert: Any = net.encoder  # a transformers BertModel
    bert.set_attn_implementation("eager")  # plain ops, valid for every batch size and length
    sample = encode_pairs(tokenizer, ["a claim", "another, longer claim here"],
                          ["a passage", "and a somewhat longer passage to pad"], max_length=64)
    torch_export(net, tuple(sample[name] for name in INPUTS), out_path, output="logits")
    return int(bert.config.num_attention_heads), int(bert.config.hidden_size)


def load_onnx_stance(
    *, artifact_dir: Path | None = None, batch_size: int = 32, max_length: int = 256,
    quantize: bool = False, cache_dir: Path | None = None, threads: int | None = None,
    spinning: bool = True, per_row: bool | None = None,
) -> CrossEncoderStance:
    """The stance cross-encoder of ``artifact_dir`` (default: the shipped one) on ONNX Runtime;
    quantised, it runs each pair alone unless ``per_row`` is False (:class:`OnnxNetwork`)."""
    from factcheck.stance.model import CrossEncoderStance
    from factcheck.stance.network import DEFAULT_ARTIFACT_DIR, load_artifact

    directory = artifact_dir or DEFAULT_ARTIFACT_DIR
    net, tokenizer, config = load_artifact(directory)
    folder = (cache_dir or default_cache_dir()) / f"stance-{_stance_digest(directory)}"
    onnx_file = cached_export(folder, stem="stance", quantize=quantize,
                              export=lambda path: export_stance(net, tokenizer, path))
    network: Any = OnnxNetwork(open_session(onnx_file, threads=threads, spinning=spinning),
                               per_row=quantize if per_row is None else per_row)
    return CrossEncoderStance(network, tokenizer, config, batch_size=batch_size,
                              max_length=max_length)


def load_onnx_stance_judge(
    *, artifact_dir: Path | None = None, batch_size: int = 32, max_length: int = 256,
    quantize: bool = False, cache_dir: Path | None = None, threads: int | None = None,
    spinning: bool = True,
) -> RuleAugmentedStance:
    """The production judge (cross-encoder + rules) with the cross-encoder on ONNX Runtime."""
    from factcheck.stance.model import RuleAugmentedStance

    return RuleAugmentedStance(load_onnx_stance(
        artifact_dir=artifact_dir, batch_size=batch_size, max_length=max_length,
        quantize=quantize, cache_dir=cache_dir, threads=threads, spinning=spinning,
    ))
