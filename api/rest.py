"""REST endpoints under ``/v1``, plus health and readiness probes."""

from __future__ import annotations

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api import state
from api.body import read_json
from api.errors import ApiError
from factcheck.schemas import CheckRequest, StanceRequest, StanceResponse


def _model_response(model: BaseModel, *, headers: dict[str, str] | None = None) -> Response:
    return Response(model.model_dump_json(), media_type="application/json", headers=headers)


async def check(request: Request) -> Response:
    limit = state.settings(request).api.max_body_bytes
    body = await read_json(request, CheckRequest, max_bytes=limit)
    answer, timings = await state.service(request).check(body)
    return _model_response(answer, headers={"Server-Timing": timings.header()})


async def stance(request: Request) -> Response:
    limit = state.settings(request).api.max_body_bytes
    body = await read_json(request, StanceRequest, max_bytes=limit)
    results = await state.service(request).stance(body.claim, body.passages)
    return _model_response(StanceResponse(results=results))


async def get_article(request: Request) -> Response:
    article_id = request.path_params["article_id"]
    if not article_id or len(article_id) > 512:
        raise ApiError(422, "article id must be 1 to 512 characters",
                       errors=[{"field": "article_id", "message": "1 to 512 characters"}])
    article = await state.service(request).article(article_id)
    if article is None:
        raise ApiError(404, f"No article with id {article_id!r}.")
    return _model_response(article)


async def healthz(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    readiness = await state.service(request).readiness()
    if readiness.ready:
        return JSONResponse({"status": "ready"})
    return JSONResponse({"status": "not_ready", "detail": readiness.detail}, status_code=503)


routes = [
    Route("/v1/check", check, methods=["POST"]),
    Route("/v1/stance", stance, methods=["POST"]),
    Route("/v1/articles/{article_id:str}", get_article, methods=["GET"]),
    Route("/healthz", healthz, methods=["GET"]),
    Route("/readyz", readyz, methods=["GET"]),
]
