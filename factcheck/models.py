"""The one place that builds the models from settings: the encoder, the stance judge, the policy.

The API, the indexer, the evaluation and the tests all call these, so a setting (a backend, ONNX
Runtime threads, the stance artifact) means the same thing everywhere. The verdict policy is part
of the stance artifact: it is read from the *configured* artifact's ``verdict.json``, since its
thresholds were fitted to that model's probabilities.

Example:
    >>> settings = Settings()
    >>> encoder, judge = encoder_from(settings), judge_from(settings)
    >>> policy_from(settings).fitted_on
    'climate-fever dev ...'
"""

from __future__ import annotations

from pathlib import Path

from factcheck.embedding import Encoder, SentenceTransformerEncoder
from factcheck.settings import Settings
from factcheck.stance import StanceJudge
from factcheck.stance.network import DEFAULT_ARTIFACT_DIR
from factcheck.verdict import DEFAULT_POLICY, POLICY_FILE, VerdictPolicy


def load_encoder(
    model_path: str | None = None, *, backend: str = "onnx", batch_size: int = 64,
    onnx_threads: int | None = None, onnx_spinning: bool = True, onnx_cache: Path | None = None,
) -> Encoder:
    """The encoder for ``backend`` ("torch", "onnx" or "onnx-int8"), from local weights only;
    :func:`encoder_from` reads all of this from settings.

    Example:
        >>> load_encoder(backend="onnx").dimension
        384
    """
    if backend == "torch":
        return SentenceTransformerEncoder.load(model_path, batch_size=batch_size)
    if backend in ("onnx", "onnx-int8"):
        from factcheck.onnx import OnnxEncoder

        return OnnxEncoder.load(model_path, batch_size=batch_size, quantize=backend == "onnx-int8",
                                cache_dir=onnx_cache, threads=onnx_threads,
                                spinning=onnx_spinning)
    raise ValueError(f"unknown embedding backend {backend!r} (torch, onnx or onnx-int8)")


def encoder_from(settings: Settings) -> Encoder:
    """The sentence encoder ``settings.model`` describes (backend, batch, ONNX Runtime threads)."""
    model = settings.model
    return load_encoder(
        model.embedding_model, backend=model.embedding_backend,
        batch_size=model.embedding_batch_size, onnx_threads=model.onnx_threads or None,
        onnx_spinning=model.onnx_spinning, onnx_cache=settings.onnx_cache,
    )


def stance_artifact_dir(settings: Settings) -> Path:
    """The configured stance artifact, else the one shipped in this package."""
    return settings.model.stance_model or DEFAULT_ARTIFACT_DIR


def judge_from(settings: Settings) -> StanceJudge:
    """The stance judge (cross-encoder + rules) on the configured artifact and backend."""
    model = settings.model
    artifact = stance_artifact_dir(settings)
    if model.stance_backend == "torch":
        from factcheck.stance.model import load_stance_judge

        return load_stance_judge(artifact_dir=artifact, batch_size=model.stance_batch_size)
    from factcheck.stance.onnx import load_onnx_stance_judge

    return load_onnx_stance_judge(
        artifact_dir=artifact, batch_size=model.stance_batch_size,
        quantize=model.stance_backend == "onnx-int8", cache_dir=settings.onnx_cache,
        threads=model.onnx_threads or None, spinning=model.onnx_spinning,
    )


def policy_from(settings: Settings) -> VerdictPolicy:
    """The verdict policy fitted for the configured stance artifact (``DEFAULT_POLICY`` when the
    artifact has none)."""
    path = stance_artifact_dir(settings) / POLICY_FILE.name
    return VerdictPolicy.load(path) if path.exists() else DEFAULT_POLICY
