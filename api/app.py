"""The ASGI application: ``create_app(settings)`` builds it, the lifespan wires its parts.

Clients and models are created once, when the app starts (never at import time), and closed when
it stops. Tests pass ready-made ``encoder`` / ``judge`` objects so one loaded model serves many
apps.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api import rest
from api.auth import KeyRing
from api.cors import cors_middleware
from api.errors import exception_handlers
from api.graphql import graphql_app
from api.openapi import build_openapi
from api.ratelimit import rate_limit_middleware
from api.state import AppState
from factcheck import models
from factcheck.cache import cached_encoder, cached_judge
from factcheck.check import CheckService
from factcheck.embedding import Encoder
from factcheck.factchecks.matching import FactCheckMatcher
from factcheck.index.client import async_client
from factcheck.index.factchecks.search import FactCheckSearch
from factcheck.index.factchecks.writer import FactCheckWriter
from factcheck.index.reader import ArticleReader
from factcheck.index.retrieval import Retriever
from factcheck.index.writer import Ingestor
from factcheck.settings import Settings
from factcheck.stance import StanceJudge

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    *,
    encoder: Encoder | None = None,
    judge: StanceJudge | None = None,
) -> Starlette:
    """Build the service.

    Example:
        >>> app = create_app(Settings())
        >>> uvicorn.run(app, host="127.0.0.1", port=8000)
    """
    settings = settings or Settings()
    openapi = build_openapi()

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[AppState]:
        es = async_client(settings.elasticsearch)
        try:
            # One after the other, in a worker thread: transformers resolves its classes lazily
            # and not thread-safely ("cannot import name 'AutoModel'" when both load at once).
            loaded_encoder = (encoder if encoder is not None
                              else await asyncio.to_thread(models.encoder_from, settings))
            loaded_judge = (judge if judge is not None
                            else await asyncio.to_thread(models.judge_from, settings))
            judge_cached = cached_judge(loaded_judge, settings.model.cache_size)
            reviews = FactCheckSearch(es, index=settings.elasticsearch.factchecks_index)
            service = CheckService(
                retriever=Retriever.from_settings(es, settings),
                encoder=cached_encoder(loaded_encoder, settings.model.cache_size),
                judge=judge_cached,
                policy=models.policy_from(settings),
                fact_checks=FactCheckMatcher(source=reviews, judge=judge_cached),
            )
            log.info("serving index %r from %s", settings.elasticsearch.index,
                     settings.elasticsearch.url)
            yield {"settings": settings, "service": service,
                   "reader": ArticleReader(es, settings=settings.elasticsearch),
                   "ingestor": Ingestor.from_settings(es, loaded_encoder, settings),
                   "fact_checks": reviews,
                   "fact_check_writer": FactCheckWriter.from_settings(es, loaded_encoder, settings),
                   "keys": KeyRing(settings.api.api_keys)}
        finally:
            await es.close()

    async def openapi_json(_: Request) -> Response:
        return JSONResponse(openapi)

    return Starlette(
        routes=[
            *rest.routes,
            Route("/graphql", graphql_app(settings.api), methods=["GET", "POST"]),
            Route("/openapi.json", openapi_json, methods=["GET"]),
        ],
        exception_handlers=exception_handlers(),
        # CORS outermost: preflights are answered before the rate limit counts them, and a 429
        # still carries the headers a browser needs to read it.
        middleware=[cors_middleware(settings.api), *rate_limit_middleware(settings.api)],
        lifespan=lifespan,
    )
