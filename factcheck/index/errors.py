"""What can go wrong talking to Elasticsearch, told apart in one place.

The rest of the code never imports the client's exception classes: it catches
:data:`ElasticsearchError` and asks :func:`failure_kind` what a failure means, so a missing index
is recognised one way only (:func:`is_index_missing`), whether it comes back as an exception or
as one failed search of an ``_msearch``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from elasticsearch import ApiError, ConnectionTimeout, TransportError
from elasticsearch import ConnectionError as ESConnectionError

T = TypeVar("T")

_INDEX_NOT_FOUND = "index_not_found_exception"

ElasticsearchError = (ApiError, TransportError)
"""Everything the client raises (an answer with an error status, or no answer at all)."""

Unreachable = (ESConnectionError, ConnectionTimeout)
"""No answer from the node: it is down, unreachable or too slow."""


class IndexMissingError(LookupError):
    """The index does not exist (nothing was indexed yet, or a wrong FACTCHECK_INDEX)."""


class FailureKind(StrEnum):
    INDEX_MISSING = "index_missing"
    UNAVAILABLE = "unavailable"  # down, unreachable, overloaded: worth a retry later


def is_index_missing(error: BaseException | Mapping[str, Any]) -> bool:
    """Whether ``error`` (an exception, or the ``error`` object of one ``_msearch`` response)
    says that the index does not exist."""
    if isinstance(error, IndexMissingError):
        return True
    if isinstance(error, Mapping):
        return error.get("type") == _INDEX_NOT_FOUND
    return isinstance(error, ApiError) and error.meta.status == 404 and (
        _INDEX_NOT_FOUND in str(error.body)
    )


def failure_kind(exc: BaseException) -> FailureKind | None:
    """What a failure means to a caller; None when it is not an expected one (a bug)."""
    if is_index_missing(exc):
        return FailureKind.INDEX_MISSING
    if isinstance(exc, ApiError):
        # An answer from Elasticsearch: an overloaded node is expected, anything else (a
        # malformed query) is our bug.
        return FailureKind.UNAVAILABLE if exc.meta.status in (429, 502, 503, 504) else None
    if isinstance(exc, TransportError):
        return FailureKind.UNAVAILABLE
    return None


async def on_index(call: Awaitable[T]) -> T:
    """Await ``call``; a missing index comes out as :class:`IndexMissingError`."""
    try:
        return await call
    except ApiError as exc:
        if is_index_missing(exc):
            raise IndexMissingError(str(exc.body)) from exc
        raise
