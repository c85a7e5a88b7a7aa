"""Where the shared fact-check data lives: ``../shared/factchecks`` beside the repository (see its
README); it is read from there, never copied into the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(
    os.environ.get(
        "FACTCHECK_SHARED_FACTCHECKS",
        Path(__file__).resolve().parents[2].parent / "shared" / "factchecks",
    )
)


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"shared data missing: {path} (set FACTCHECK_SHARED_FACTCHECKS)")
    return path
