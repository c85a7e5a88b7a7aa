"""The GraphQL schema: root fields, write permissions, limits and the error policy.

Limits stop abusive documents before anything runs: nesting depth, aliases (each aliased
``check`` is a full check, so aliases are what multiplies the cost of one request) and tokens
(parser work). Expected failures are union members (``InvalidInput``) or errors with an
``extensions.code`` from :func:`api.errors.problem_for`; anything else is logged with its
traceback and masked as "Unexpected error.".
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.permission import BasePermission
from strawberry.types import ExecutionContext

from api.auth import AuthError, Scope, authorize
from api.errors import log_failure, problem_for
from api.graphql import resolvers
from api.graphql import types as t
from api.graphql.context import Info
from factcheck.settings import ApiSettings

log = logging.getLogger(__name__)

# checkText > claims > result > supporting > alsoIn > article > sentences > attribution > speaker
# is 9 deep, the deepest useful path; introspection fields are not counted.
MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000


class KeyForWrites(BasePermission):
    """Mutations need an API key. A wrong key was already refused for the whole request."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        try:
            authorize(info.context.caller, Scope.WRITE, settings=info.context.settings.api)
        except AuthError as exc:
            # The same status and challenge as REST, so a client handles both alike.
            info.context.response.status_code = exc.status
            info.context.response.headers.update(exc.headers or {})
            problem = problem_for(exc)
            code = problem.code if problem else "UNAUTHENTICATED"
            raise GraphQLError(exc.detail, extensions={"code": code}) from None
        return True


@strawberry.type
class Query:
    check: t.CheckPayload = strawberry.field(
        resolver=resolvers.check,
        description="Check one claim against the indexed news (the same answer as POST /v1/check).",
    )
    check_text: t.TextCheckPayload = strawberry.field(
        resolver=resolvers.check_text,
        description="Check every check-worthy sentence of a draft; offsets locate each in `text`.",
    )
    article: t.Article | None = strawberry.field(
        resolver=resolvers.article, description="One article; null when there is none."
    )
    articles: t.ArticlesPayload = strawberry.field(
        resolver=resolvers.articles,
        description="Articles newest first, undated last; pass `pageInfo.endCursor` as `after`.",
    )
    fact_checks: t.FactChecksPayload = strawberry.field(
        resolver=resolvers.fact_checks,
        description="Published fact-checks (ClaimReview): by relevance to `query`, else newest "
        "first; the parameters of GET /v1/fact-checks (Fact Check Tools `claims:search`).",
    )
    fact_check: t.FactCheck | None = strawberry.field(
        resolver=resolvers.fact_check, description="One fact-check; null when there is none."
    )


@strawberry.type
class Mutation:
    ingest_article: t.IngestPayload = strawberry.field(
        resolver=resolvers.ingest_article,
        permission_classes=[KeyForWrites],
        description="Index (or update) an article; it is searchable when this returns.",
    )
    ingest_fact_checks: t.FactCheckIngestPayload = strawberry.field(
        resolver=resolvers.ingest_fact_checks,
        permission_classes=[KeyForWrites],
        description="Index published fact-checks: ClaimReview JSON-LD objects or Fact Check "
        "Tools claims (as POST /v1/fact-checks); searchable when this returns.",
    )
    delete_article: t.DeletePayload = strawberry.field(
        resolver=resolvers.delete_article,
        permission_classes=[KeyForWrites],
        description="Remove an article and all its sentences.",
    )


def _is_unexpected(error: GraphQLError) -> bool:
    # Errors without an original (syntax, validation, limits) and errors raised on purpose for
    # the client (permissions) are meant to be read; everything else goes through the policy.
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


class ErrorPolicy(MaskErrors):
    """Known failures (Elasticsearch away, index missing) say so; the rest are masked."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_is_unexpected, error_message="Unexpected error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        problem = problem_for(error.original_error) if error.original_error else None
        if problem is None:
            masked = super().anonymise_error(error)
            masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
            return masked
        return GraphQLError(problem.detail, nodes=error.nodes, source=error.source,
                            positions=error.positions, path=error.path,
                            extensions={"code": problem.code})


class FactcheckSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Replaces strawberry's default, which logs every error (typos in queries included)
        # with a traceback; this logs what log_failure thinks an operator needs.
        for error in errors:
            original = error.original_error
            if original is not None and _is_unexpected(error):
                where = "GraphQL " + ".".join(str(p) for p in error.path or ())
                log_failure(original, problem_for(original), where=where)


def build_schema(settings: ApiSettings | None = None) -> strawberry.Schema:
    """The schema with the limits and the introspection setting of ``settings``.

    Example:
        >>> "checkText(text: String!" in build_schema().as_str()
        True
    """
    # Factories, not instances: strawberry builds fresh extensions for every request, so no
    # state leaks between concurrent operations.
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        ErrorPolicy,
    ]
    if settings is not None and not settings.introspection:
        extensions.append(DisableIntrospection)
    return FactcheckSchema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        scalar_overrides={dt.date: t.DATE},
    )
