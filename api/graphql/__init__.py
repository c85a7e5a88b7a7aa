"""GraphQL at ``/graphql`` (Strawberry), on the same service layer as REST.

Modules: ``schema`` (root fields, limits, error policy), ``types`` (mirrors of
:mod:`factcheck.schemas` and the conversions), ``resolvers``, ``context`` (typed per-request
context), ``loaders`` (DataLoaders), ``view`` (HTTP: keys, body limit, GraphiQL), ``export``
(``python -m api.graphql.export > schema.graphql``).
"""

from __future__ import annotations

from api.graphql.schema import build_schema
from api.graphql.view import GraphQLView
from factcheck.settings import ApiSettings


def graphql_app(settings: ApiSettings) -> GraphQLView:
    """The ASGI app served at ``/graphql``.

    Example:
        >>> Route("/graphql", graphql_app(Settings().api), methods=["GET", "POST"])
    """
    return GraphQLView(build_schema(settings), settings)


__all__ = ["build_schema", "graphql_app"]
