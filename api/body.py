"""Reading request bodies: size-limited, then validated into the pydantic request models."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from api.errors import ApiError, validation_error

Model = TypeVar("Model", bound=BaseModel)


async def read_limited(request: Request, *, max_bytes: int) -> bytes:
    """The raw body; 413 as soon as it is (declared or streamed) larger than ``max_bytes``."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ApiError(413, f"Request body is larger than {max_bytes} bytes.")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise ApiError(413, f"Request body is larger than {max_bytes} bytes.")
    return bytes(body)


async def read_json(request: Request, model: type[Model], *, max_bytes: int) -> Model:
    """Validate the body against ``model``: 415 for non-JSON, 413 when too large, 422 otherwise."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise ApiError(415, "Content-Type must be application/json.",
                       errors=[{"field": "body", "message": "expected application/json"}])
    body = await read_limited(request, max_bytes=max_bytes)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"Request body is not valid UTF-8 (byte {exc.start}).",
                       errors=[{"field": "body", "message": "invalid UTF-8"}]) from exc
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        raise validation_error(exc) from exc
