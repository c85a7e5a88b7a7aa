"""Core domain code of the fact-check service, shared by ``api`` and ``indexer``."""

from __future__ import annotations

__version__ = "0.1.0"
