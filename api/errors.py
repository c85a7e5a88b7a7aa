"""Every failure is classified here, in one place, for both REST and GraphQL.

:func:`problem_for` turns an exception into what the caller should see (a status, a message, a
GraphQL error code) or ``None`` when it is unexpected. REST renders a problem as a JSON answer;
GraphQL (``api.graphql.schema``) as an error with ``extensions.code``. Elasticsearch being away is
a 503 that says so; anything unexpected is logged with its traceback and answered with a bare 500
(or a masked GraphQL error) that reveals nothing of the internals.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ExceptionHandler

from factcheck.documents import InvalidArticleError
from factcheck.index.errors import ElasticsearchError, FailureKind, IndexMissingError, failure_kind

log = logging.getLogger(__name__)

# GraphQL error codes by HTTP status, the names Apollo and most GraphQL clients know.
_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "BAD_USER_INPUT",
    503: "SERVICE_UNAVAILABLE",
}


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


@dataclass(frozen=True)
class Problem:
    """What the caller is told about an expected failure."""

    status: int
    detail: str
    errors: Sequence[dict[str, str]] = ()
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return _CODES.get(self.status, "INTERNAL_SERVER_ERROR")


_UNAVAILABLE = Problem(
    503, "Elasticsearch is unavailable; try again shortly.", headers={"Retry-After": "5"}
)
_INDEX_MISSING = Problem(503, "The search index does not exist yet; index some articles.")


MAX_FIELD_ERRORS = 50


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
    if len(errors) > MAX_FIELD_ERRORS:  # 60,000 unknown keys must not make a 4 MB answer
        more = len(errors) - MAX_FIELD_ERRORS
        errors = [*errors[:MAX_FIELD_ERRORS],
                  {"field": "body", "message": f"{more} more errors not shown"}]
    return ApiError(422, f"invalid request: {summary}", errors=errors)


def problem_for(exc: BaseException) -> Problem | None:
    """The caller-facing problem of an expected failure; None for anything unexpected."""
    if isinstance(exc, ApiError):
        return Problem(exc.status, exc.detail, exc.errors, exc.headers or {})
    if isinstance(exc, ValidationError):
        return problem_for(validation_error(exc))
    if isinstance(exc, InvalidArticleError):
        return Problem(422, f"invalid request: {exc}", exc.errors)
    if isinstance(exc, HTTPException):
        return Problem(exc.status_code, exc.detail, headers=dict(exc.headers or {}))
    kind = failure_kind(exc)  # Elasticsearch: what factcheck.index says a failure means
    if kind is FailureKind.INDEX_MISSING:
        return _INDEX_MISSING
    if kind is FailureKind.UNAVAILABLE:
        return _UNAVAILABLE
    return None


def log_failure(exc: BaseException, problem: Problem | None, *, where: str) -> None:
    """Log what the operator needs: a traceback when unexpected, a line when a dependency is
    down, nothing for a client's mistake. ``where`` names the request, never its headers (an API
    key) or body (an editor's draft)."""
    if problem is None:
        log.error("unhandled error on %s", where, exc_info=exc)
    elif problem.status >= 500:
        log.warning("%s on %s (%s: %s)", problem.detail, where, type(exc).__name__, exc)


def problem_response(problem: Problem) -> Response:
    body: dict[str, Any] = {"detail": problem.detail}
    if problem.errors:
        body["errors"] = list(problem.errors)
    return JSONResponse(body, status_code=problem.status, headers=dict(problem.headers))


async def _handle(request: Request, exc: Exception) -> Response:
    problem = problem_for(exc)
    log_failure(exc, problem, where=f"{request.method} {request.url.path}")
    if problem is None:
        return JSONResponse({"detail": "Internal server error."}, status_code=500)
    return problem_response(problem)


def exception_handlers() -> dict[Any, ExceptionHandler]:
    expected: tuple[type[Exception], ...] = (
        IndexMissingError, ApiError, ValidationError, HTTPException, InvalidArticleError,
        *ElasticsearchError,
    )
    return {**dict.fromkeys(expected, _handle), Exception: _handle}
