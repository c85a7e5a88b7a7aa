"""Where the shared fact-check data lives: ``$FACTCHECK_SHARED_FACTCHECKS``, by default
``/work/shared/factchecks`` like the other shared data (see its README; a fresh clone in CI sits
anywhere, so the path is not taken relative to the checkout). It is read from there, never copied
into the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(
    os.environ.get(
        "FACTCHECK_SHARED_FACTCHECKS",
        "/work/shared/factchecks",
    )
)


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"shared data missing: {path} (set FACTCHECK_SHARED_FACTCHECKS)")
    return path
