"""What every resolver gets: the claim checker, the article reader and writer, the caller and the
per-request loaders."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from strawberry.dataloader import DataLoader

from api.auth import Caller, Principal
from factcheck.check import CheckService
from factcheck.index.factchecks.search import FactCheckSearch
from factcheck.index.factchecks.writer import FactCheckWriter
from factcheck.index.reader import ArticleReader
from factcheck.index.writer import Ingestor
from factcheck.schemas import ArticleRef, SentenceOut
from factcheck.settings import Settings


@dataclass
class Context:
    """Built once per request by :class:`api.graphql.view.GraphQLView`.

    The loaders live here, not on the app, so batching and caching never cross requests.
    """

    request: Request
    # The response being prepared: a resolver may set its status and headers (401 challenge).
    response: Response
    settings: Settings
    service: CheckService
    reader: ArticleReader
    ingestor: Ingestor
    fact_checks: FactCheckSearch
    fact_check_writer: FactCheckWriter
    caller: Caller
    # None for an anonymous reader (reads open); the key's position otherwise.
    principal: Principal | None
    articles: DataLoader[str, ArticleRef | None]
    sentences: DataLoader[str, list[SentenceOut]]


Info = strawberry.Info[Context, None]
