"""The HTTP side of ``/graphql``: the typed context, API keys, the body limit, GraphiQL."""

from __future__ import annotations

from cross_web import StarletteRequestAdapter
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.schema import BaseSchema

from api import state
from api.auth import Scope as AuthScope
from api.auth import authorize, identify
from api.body import read_limited
from api.errors import ApiError, problem_for
from api.graphql.context import Context
from api.graphql.loaders import article_loader, sentence_loader
from factcheck.settings import ApiSettings


class _LimitedBody(StarletteRequestAdapter):
    """Reads the body under ``settings.api.max_body_bytes``, like the REST endpoints."""

    def __init__(self, request: Request) -> None:
        super().__init__(request)
        self._limited = request

    async def get_body(self) -> bytes:
        limit = state.settings(self._limited).api.max_body_bytes
        return await read_limited(self._limited, max_bytes=limit)


class GraphQLView(GraphQL[Context, None]):
    request_adapter_class = _LimitedBody

    def __init__(self, schema: BaseSchema, settings: ApiSettings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            # Queries only by POST: drafts sent to checkText must not end up in URLs, and so in
            # proxy and access logs.
            allow_queries_via_get=False,
        )

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket
                          ) -> Context:
        assert isinstance(request, Request) and isinstance(response, Response)
        settings = state.settings(request)
        caller = identify(request, state.keys(request))
        principal = None
        if not self.should_render_graphql_ide(self.request_adapter_class(request)):
            # A wrong key, or no key where reads need one, refuses the whole request here;
            # mutations check for a key themselves (api.graphql.schema.KeyForWrites).
            principal = authorize(caller, AuthScope.READ, settings=settings.api)
        reader = state.reader(request)
        return Context(
            request=request,
            response=response,
            settings=settings,
            service=state.service(request),
            reader=reader,
            ingestor=state.ingestor(request),
            fact_checks=state.fact_checks(request),
            fact_check_writer=state.fact_check_writer(request),
            caller=caller,
            principal=principal,
            articles=article_loader(reader),
            sentences=sentence_loader(reader),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except ApiError as exc:
            # Refused before execution (key, body size): a GraphQL-shaped error with the
            # same status and headers REST would send.
            problem = problem_for(exc)
            assert problem is not None
            body = {"errors": [{"message": problem.detail,
                                "extensions": {"code": problem.code}}]}
            response = JSONResponse(body, status_code=problem.status,
                                    headers=dict(problem.headers))
            await response(scope, receive, send)
