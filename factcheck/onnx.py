"""ONNX Runtime for both models: the sentence encoder and the stance cross-encoder.

Each model is exported once with ``torch.onnx`` from local weights (nothing is downloaded) and
goes through one pipeline, :func:`cached_export`: export -> fuse into ORT's BERT kernels ->
optionally quantise (dynamic int8 MatMul weights, per channel) -> cache on disk under
``<cache>/<model>-<hash of everything the graph depends on>/``. A second process finds the files
and loads them in well under a second; a changed model or export gets a new folder by itself.

* :class:`OnnxEncoder` — all-MiniLM-L6-v2 with mean pooling and L2 normalisation in the graph, so
  it returns the final vectors. fp32 vectors equal the torch ones (cosine > 0.9999), so an index
  built with either serves queries from either; int8 vectors differ slightly (mean cosine to fp32
  about 0.99).
* the stance cross-encoder goes through the same pipeline in :mod:`factcheck.stance.onnx`.

Example:
    >>> OnnxEncoder.load().encode(["Kherson fell on Thursday."]).shape
    (1, 384)
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from factcheck.embedding import Vectors, default_model_path, offline_hub
from factcheck.settings import Settings

if TYPE_CHECKING:
    import torch

log = logging.getLogger(__name__)

# Bump when an exported graph changes, so old cached files are not reused.
EXPORT_VERSION = 2
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


# -- the pipeline both models go through ---------------------------------------------------------


def default_cache_dir() -> Path:
    """``Settings().onnx_cache`` (``$FACTCHECK_ONNX_CACHE``), else ``.cache/onnx`` of a source
    checkout, else ``~/.cache/factcheck/onnx``."""
    if (configured := Settings().onnx_cache) is not None:
        return configured
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "pyproject.toml").exists() and os.access(checkout, os.W_OK):
        return checkout / ".cache" / "onnx"
    return Path.home() / ".cache" / "factcheck" / "onnx"


@contextlib.contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """One exporter at a time across processes (tests and servers may start together)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _quiet_root_logger() -> Iterator[None]:
    # The optimiser and the quantiser log every fusion / tensor on the root logger.
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)


def torch_export(module: Any, args: tuple[Any, ...], out_path: Path, *, output: str) -> None:
    """Trace ``module`` (called with input ids, attention mask, token types) to ``out_path``,
    with dynamic batch and sequence axes."""
    import torch

    axes = {name: {0: "batch", 1: "sequence"} for name in INPUTS}
    tmp = out_path.with_suffix(".tmp")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    # The tracer warns about Python-level shape checks in transformers; tests/integration/
    # test_onnx_models.py shows the graphs are right for every batch size and length.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(module, args, str(tmp), input_names=list(INPUTS),
                          output_names=[output], dynamic_axes={**axes, output: {0: "batch"}},
                          opset_version=17, dynamo=False)
    os.replace(tmp, out_path)


def fuse_bert(path: Path, *, num_heads: int, hidden_size: int) -> None:
    """Fuse attention, LayerNorm and GELU subgraphs into ORT's BERT kernels, in place.

    The same arithmetic in fewer, bigger operators (outputs equal to ~1e-6), measurably faster on
    CPU; skipped with a warning if the optimiser cannot handle the graph.
    """
    try:
        from onnxruntime.transformers import optimizer
    except ImportError:  # pragma: no cover - part of the onnxruntime wheel
        return
    with _quiet_root_logger():
        try:
            fused = optimizer.optimize_model(str(path), model_type="bert", num_heads=num_heads,
                                             hidden_size=hidden_size)
            tmp = path.with_suffix(".fused.tmp")
            fused.save_model_to_file(str(tmp))
            os.replace(tmp, path)
        except Exception as exc:  # an unfused model is still a correct model
            log.warning("ONNX fusion skipped for %s: %s", path, exc)


def quantize_onnx(fp32_path: Path, out_path: Path) -> None:
    """Dynamic int8 quantisation of the MatMul weights, per channel (the accurate variant)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = out_path.with_suffix(".tmp")
    with _quiet_root_logger():
        quantize_dynamic(str(fp32_path), str(tmp), weight_type=QuantType.QInt8,
                         per_channel=True, op_types_to_quantize=["MatMul"])
    os.replace(tmp, out_path)


def cached_export(
    folder: Path, *, stem: str, export: Callable[[Path], tuple[int, int]], quantize: bool
) -> Path:
    """``<folder>/<stem>.onnx`` (or ``<stem>.int8.onnx``), made on first use.

    ``export(path)`` writes the plain fp32 graph to ``path`` and returns the BERT's
    ``(num_heads, hidden_size)`` for the fusion. The unfused graph is kept beside the fused one:
    the quantiser needs standard operators.
    """
    fp32 = folder / f"{stem}.onnx"
    wanted = folder / f"{stem}.int8.onnx" if quantize else fp32
    if wanted.exists():
        return wanted
    with exclusive(folder / ".lock"):
        plain = folder / f"{stem}.unfused.onnx"
        if not fp32.exists():
            log.info("exporting %s to ONNX (once)", fp32)
            num_heads, hidden_size = export(plain)
            shutil.copyfile(plain, fp32)
            fuse_bert(fp32, num_heads=num_heads, hidden_size=hidden_size)
        if quantize and not wanted.exists():
            log.info("quantising %s to int8", plain)
            quantize_onnx(plain, wanted)
    return wanted


def session_options(*, threads: int | None = None, spinning: bool = True) -> Any:
    """ONNX Runtime options: all graph optimisations; ``threads`` intra-op threads (None: one
    per core); ``spinning=False`` lets idle worker threads sleep at once instead of spinning,
    which leaves the cores to Elasticsearch and the other model in a busy server."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads:
        options.intra_op_num_threads = threads
    if not spinning:
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


def open_session(path: Path, *, threads: int | None = None, spinning: bool = True) -> Any:
    import onnxruntime as ort

    return ort.InferenceSession(str(path), session_options(threads=threads, spinning=spinning),
                                providers=["CPUExecutionProvider"])


def files_digest(salt: str, files: Sequence[tuple[str | None, Path]], *, extra: bytes = b"") -> str:
    """A short hash of ``salt``, ``extra`` and each existing file (preceded by its label)."""
    digest = hashlib.sha256(salt.encode())
    digest.update(extra)
    for label, path in files:
        if path.is_file():
            if label is not None:
                digest.update(label.encode())
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()[:16]


# -- the sentence encoder ------------------------------------------------------------------------

_ENCODER_FILES = ("config.json", "tokenizer.json", "sentence_bert_config.json",
                  "model.safetensors", "pytorch_model.bin", "1_Pooling/config.json")


def export_encoder(model_path: Path, out_path: Path) -> tuple[int, int]:
    """Export BERT + mean pooling + L2 normalisation to ``out_path`` (fp32, dynamic shapes)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    pooling_file = model_path / "1_Pooling" / "config.json"
    pooling = json.loads(pooling_file.read_text()) if pooling_file.exists() else {}
    if pooling and not pooling.get("pooling_mode_mean_tokens", False):
        raise ValueError(f"{model_path}: only mean pooling is supported by the ONNX export")
    # Eager attention traces to plain ops that work for every batch and sequence length.
    bert = AutoModel.from_pretrained(str(model_path), attn_implementation="eager")
    bert.eval()
    tokenizer = AutoTokenizer.from_pretrained(str(model_path))

    class Pooled(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
            token_type_ids: torch.Tensor,
        ) -> torch.Tensor:
            states = self.model(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            mean = (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    sample = tokenizer(["a short one", "and a somewhat longer sample sentence"], padding=True,
                       return_tensors="pt")
    torch_export(Pooled(bert), tuple(sample[name] for name in INPUTS), out_path,
                 output="embedding")
    return int(bert.config.num_attention_heads), int(bert.config.hidden_size)


def exported_model(
    model_path: str | None = None, *, quantize: bool = False, cache_dir: Path | None = None
) -> Path:
    """The cached ``.onnx`` file for ``model_path``, exported (and quantised) on first use."""
    source = Path(model_path or default_model_path())
    digest = files_digest(f"export-v{EXPORT_VERSION}",
                     [(name, source / name) for name in _ENCODER_FILES])
    folder = (cache_dir or default_cache_dir()) / f"{source.name}-{digest}"
    return cached_export(folder, stem="model", quantize=quantize,
                         export=lambda path: export_encoder(source, path))


class OnnxEncoder:
    """An :class:`~factcheck.embedding.Encoder` running an exported sentence-transformer."""

    def __init__(
        self, session: Any, tokenizer: Any, *, name: str, dimension: int, batch_size: int = 64,
    ) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._name = name
        self._dimension = dimension
        self._batch_size = batch_size
        # One run at a time: a run already uses every core; two would only fight over them.
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls, model_path: str | None = None, *, batch_size: int = 64, quantize: bool = False,
        cache_dir: Path | None = None, threads: int | None = None, spinning: bool = True,
    ) -> OnnxEncoder:
        from tokenizers import Tokenizer

        offline_hub()
        source = Path(model_path or default_model_path())
        onnx_file = exported_model(str(source), quantize=quantize, cache_dir=cache_dir)
        tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
        max_length = 256
        config_path = source / "sentence_bert_config.json"
        if config_path.exists():
            max_length = int(json.loads(config_path.read_text()).get("max_seq_length", 256))
        tokenizer.enable_truncation(max_length=max_length)
        tokenizer.no_padding()
        config = json.loads((source / "config.json").read_text())
        base = "all-MiniLM-L6-v2" if model_path is None else source.name
        return cls(open_session(onnx_file, threads=threads, spinning=spinning), tokenizer,
                   name=f"{base} (onnx{'-int8' if quantize else ''})",
                   dimension=int(config["hidden_size"]), batch_size=batch_size)

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def name(self) -> str:
        return self._name

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None) -> Vectors:
        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        size = batch_size or self._batch_size
        encodings = self._tokenizer.encode_batch(list(texts))
        # Batches of similar length waste the least work on padding.
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        out = np.empty((len(texts), self._dimension), dtype=np.float32)
        with self._lock:
            for start in range(0, len(order), size):
                idx = order[start : start + size]
                out[idx] = self._run([encodings[i] for i in idx])
        return out

    def _run(self, encodings: Sequence[Any]) -> Vectors:
        width = max(len(e.ids) for e in encodings)
        feeds = {name: np.zeros((len(encodings), width), dtype=np.int64) for name in INPUTS}
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            feeds["input_ids"][row, :n] = encoding.ids
            feeds["attention_mask"][row, :n] = encoding.attention_mask
            feeds["token_type_ids"][row, :n] = encoding.type_ids
        (vectors,) = self._session.run(["embedding"], feeds)
        return np.asarray(vectors, dtype=np.float32)
