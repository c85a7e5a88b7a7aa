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
from factcheck.cache import cached_encoder, cached_judge
from factcheck.check import CheckService
from factcheck.embedding import Encoder
from factcheck.embedding import load_encoder as load_model_encoder
from factcheck.index.client import async_client
from factcheck.index.writer import Ingestor
from factcheck.settings import Settings
from factcheck.stance import StanceJudge

log = logging.getLogger(__name__)

def load_encoder(settings: Settings) -> Encoder:
    return load_model_encoder(
        settings.model.embedding_model, backend=settings.model.embedding_backend,
        batch_size=settings.model.embedding_batch_size,
        onnx_threads=settings.model.onnx_threads or None,
        onnx_spinning=settings.model.onnx_spinning,
    )


def load_judge(settings: Settings) -> StanceJudge:
    from factcheck.stance.model import load_stance_judge

    if settings.model.stance_backend != "torch":
        from factcheck.onnx_stance import load_onnx_stance_judge

        return load_onnx_stance_judge(
            artifact_dir=settings.model.stance_model, batch_size=settings.model.stance_batch_size,
            quantize=settings.model.stance_backend == "onnx-int8",
            threads=settings.model.onnx_threads or None, spinning=settings.model.onnx_spinning,
        )
    return load_stance_judge(
        artifact_dir=settings.model.stance_model, batch_size=settings.model.stance_batch_size
    )


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
                              else await asyncio.to_thread(load_encoder, settings))
            loaded_judge = (judge if judge is not None
                            else await asyncio.to_thread(load_judge, settings))
            cache = settings.model.cache_size
            service = CheckService(
                es=es, encoder=cached_encoder(loaded_encoder, cache),
                judge=cached_judge(loaded_judge, cache), settings=settings,
            )
            ingestor = Ingestor(
                es, loaded_encoder, settings=settings.elasticsearch,
                embedding_batch_size=settings.model.embedding_batch_size,
            )
            log.info("serving index %r from %s", settings.elasticsearch.index,
                     settings.elasticsearch.url)
            yield {"settings": settings, "service": service, "ingestor": ingestor,
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
