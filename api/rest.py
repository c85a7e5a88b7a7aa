"""REST endpoints under ``/v1``, plus health and readiness probes.

Each endpoint validates with the pydantic models of :mod:`factcheck.schemas`, calls the service
layer (the claim checker, the article reader or writer: the same calls the GraphQL resolvers
make) and serialises the answer model.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api import factchecks, publish, state
from api.auth import Scope, authorize, identify
from api.body import read_json
from api.errors import ApiError
from factcheck.documents import check_article_id
from factcheck.factchecks.draft import draft_for_check
from factcheck.schemas import (
    ArticlesRequest,
    CheckRequest,
    CheckTextRequest,
    FactCheckIngestRequest,
    FactCheckOut,
    FactChecksRequest,
    IngestRequest,
    StanceRequest,
    StanceResponse,
    search_filters,
)

Endpoint = Callable[[Request], Awaitable[Response]]


def requires(scope: Scope) -> Callable[[Endpoint], Endpoint]:
    """Guard an endpoint with the API-key rules of :mod:`api.auth`, before the body is read."""

    def wrap(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        async def guarded(request: Request) -> Response:
            authorize(identify(request, state.keys(request)), scope,
                      settings=state.settings(request).api)
            return await endpoint(request)

        return guarded

    return wrap


def _model_response(
    model: BaseModel, *, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(model.model_dump_json(), status_code=status, media_type="application/json",
                    headers=headers)


def _article_id(request: Request) -> str:
    return check_article_id(request.path_params["article_id"], field="article_id")


@requires(Scope.READ)
async def check(request: Request) -> Response:
    limit = state.settings(request).api.max_body_bytes
    body = await read_json(request, CheckRequest, max_bytes=limit)
    answer, timings = await state.service(request).check(
        body.claim, top_k=body.top_k, filters=search_filters(body.filters)
    )
    headers = {"Server-Timing": timings.header(), "Vary": "Accept"}
    if factchecks.wants_ld_json(request.headers.get("accept")):
        # A ClaimReview draft for the newsroom's own fact-check of this claim.
        return JSONResponse(draft_for_check(answer), media_type=factchecks.LD_JSON,
                            headers=headers)
    return _model_response(answer, headers=headers)


@requires(Scope.READ)
async def check_text(request: Request) -> Response:
    limit = state.settings(request).api.max_body_bytes
    body = await read_json(request, CheckTextRequest, max_bytes=limit)
    answer, timings = await state.service(request).check_text(
        body.text, max_claims=body.max_claims, top_k=body.top_k,
        filters=search_filters(body.filters),
    )
    return _model_response(answer, headers={"Server-Timing": timings.header()})


@requires(Scope.READ)
async def stance(request: Request) -> Response:
    limit = state.settings(request).api.max_body_bytes
    body = await read_json(request, StanceRequest, max_bytes=limit)
    results = await state.service(request).stance(body.claim, body.passages)
    return _model_response(StanceResponse(results=results))


@requires(Scope.READ)
async def get_article(request: Request) -> Response:
    article_id = _article_id(request)
    article = await state.reader(request).article(article_id)
    if article is None:
        raise ApiError(404, f"No article with id {article_id!r}.")
    return _model_response(article)


@requires(Scope.READ)
async def list_articles(request: Request) -> Response:
    query = ArticlesRequest.model_validate(dict(request.query_params))
    page = await state.reader(request).list_articles(
        first=query.first, after=query.after, filters=query.search_filters()
    )
    return _model_response(page)


@requires(Scope.WRITE)
async def ingest_articles(request: Request) -> Response:
    limit = state.settings(request).api.max_body_bytes
    body = await read_json(request, IngestRequest, max_bytes=limit)
    return _model_response(await publish.ingest(
        state.ingestor(request), body.articles, writer=state.fact_check_writer(request)
    ))


@requires(Scope.WRITE)
async def delete_article(request: Request) -> Response:
    article_id = _article_id(request)
    answer = await publish.delete(state.ingestor(request), article_id)
    if not answer.deleted:
        raise ApiError(404, f"No article with id {article_id!r}.")
    return _model_response(answer)


@requires(Scope.READ)
async def list_fact_checks(request: Request) -> Response:
    query = FactChecksRequest.model_validate(dict(request.query_params))
    page = await factchecks.list_fact_checks(
        state.fact_checks(request), state.service(request).encoder, query
    )
    return _model_response(page)


@requires(Scope.READ)
async def get_fact_check(request: Request) -> Response:
    review_id = check_article_id(request.path_params["fact_check_id"], field="fact_check_id")
    review = await state.fact_checks(request).get(review_id)
    if review is None:
        raise ApiError(404, f"No fact-check with id {review_id!r}.")
    return _model_response(FactCheckOut.of(review))


@requires(Scope.WRITE)
async def ingest_fact_checks(request: Request) -> Response:
    limit = state.settings(request).api.max_body_bytes
    body = await read_json(request, FactCheckIngestRequest, max_bytes=limit)
    return _model_response(
        await publish.ingest_fact_checks(state.fact_check_writer(request), body.fact_checks)
    )


async def healthz(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    readiness = await state.reader(request).readiness()
    if readiness.ready:
        return JSONResponse({"status": "ready"})
    return JSONResponse({"status": "not_ready", "detail": readiness.detail}, status_code=503)


routes = [
    Route("/v1/check", check, methods=["POST"]),
    Route("/v1/check-text", check_text, methods=["POST"]),
    Route("/v1/stance", stance, methods=["POST"]),
    Route("/v1/articles", list_articles, methods=["GET"]),
    Route("/v1/articles", ingest_articles, methods=["POST"]),
    Route("/v1/articles/{article_id:str}", get_article, methods=["GET"]),
    Route("/v1/articles/{article_id:str}", delete_article, methods=["DELETE"]),
    Route("/v1/fact-checks", list_fact_checks, methods=["GET"]),
    Route("/v1/fact-checks", ingest_fact_checks, methods=["POST"]),
    Route("/v1/fact-checks/{fact_check_id:str}", get_fact_check, methods=["GET"]),
    Route("/healthz", healthz, methods=["GET"]),
    Route("/readyz", readyz, methods=["GET"]),
]
