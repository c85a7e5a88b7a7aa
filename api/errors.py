"""Every failure becomes a JSON answer here, in one place.

Expected failures carry a status and a message for the caller; Elasticsearch being away is a
503 that says so; anything unexpected is logged with its traceback and answered with a bare 500
that reveals nothing of the internals.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from elasticsearch import ApiError as ESApiError
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch import ConnectionTimeout, TransportError
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ExceptionHandler

from factcheck.retrieval import IndexMissingError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An expected failure with the status and message the caller should see."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: Sequence[dict[str, str]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers


def field_errors(errors: Sequence[ErrorDetails], *, prefix: str = "") -> list[dict[str, str]]:
    """pydantic errors as ``[{"field": "filters.published_after", "message": ...}]``."""
    out = []
    for error in errors:
        location = ".".join(str(part) for part in error["loc"])
        field = ".".join(part for part in (prefix, location) if part) or "body"
        message = error["msg"].removeprefix("Value error, ")
        out.append({"field": field, "message": message})
    return out


def validation_error(exc: ValidationError, *, prefix: str = "") -> ApiError:
    errors = field_errors(exc.errors(include_url=False, include_input=False), prefix=prefix)
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    return ApiError(422, f"invalid request: {summary}", errors=errors)


def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(body, status_code=status, headers=headers)


async def _api_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    body: dict[str, Any] = {"detail": exc.detail}
    if exc.errors:
        body["errors"] = exc.errors
    return _json(exc.status, body, exc.headers)


async def _validation(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, ValidationError)
    return await _api_error(_, validation_error(exc))


async def _http(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _json(exc.status_code, {"detail": exc.detail}, dict(exc.headers or {}))


async def _elasticsearch_down(_: Request, exc: Exception) -> Response:
    log.warning("Elasticsearch unavailable: %s", exc)
    return _json(
        503,
        {"detail": "Elasticsearch is unavailable; try again shortly."},
        {"Retry-After": "5"},
    )


async def _elasticsearch_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ESApiError)
    if exc.meta.status == 404 and "index_not_found" in str(exc.body):
        return await _index_missing(request, exc)
    if exc.meta.status in (429, 502, 503, 504):
        return await _elasticsearch_down(request, exc)
    return await _unexpected(request, exc)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _json(500, {"detail": "Internal server error."})


async def _index_missing(_: Request, exc: Exception) -> Response:
    return _json(503, {"detail": "The search index does not exist yet; index some articles."})


def exception_handlers() -> dict[Any, ExceptionHandler]:
    return {
        IndexMissingError: _index_missing,
        ApiError: _api_error,
        ValidationError: _validation,
        HTTPException: _http,
        ESConnectionError: _elasticsearch_down,
        ConnectionTimeout: _elasticsearch_down,
        ESApiError: _elasticsearch_error,
        TransportError: _elasticsearch_down,
        Exception: _unexpected,
    }
