"""Domain records: an article as the indexer understands it, and its sentences.

Also the rules every way in shares: what an article id may be, and the error for articles (or
ids) that cannot be used, which each transport maps to its own answer (REST a 422, GraphQL an
``InvalidInput`` result, the indexer a line in its summary).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

MAX_ARTICLE_ID_CHARS = 512
ArticleId = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ARTICLE_ID_CHARS)]
"""An article id as a lookup key (the ids the service makes itself are shorter)."""


class InvalidArticleError(ValueError):
    """Articles or article ids that cannot be used; ``errors`` name the field at fault.

    Example:
        >>> check_article_id("", field="id")
        Traceback (most recent call last):
        InvalidArticleError: id: must be 1 to 512 characters
    """

    def __init__(self, errors: Sequence[Mapping[str, str]]) -> None:
        self.errors = [{"field": e["field"], "message": e["message"]} for e in errors]
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in self.errors[:5]))


def is_article_id(value: str) -> bool:
    return 0 < len(value) <= MAX_ARTICLE_ID_CHARS


def check_article_id(value: str, *, field: str) -> str:
    """``value`` when it can be an article id, else :class:`InvalidArticleError` for ``field``."""
    if not is_article_id(value):
        message = f"must be 1 to {MAX_ARTICLE_ID_CHARS} characters"
        raise InvalidArticleError([{"field": field, "message": message}])
    return value


class Attribution(BaseModel):
    """Who a sentence is attributed to, and the word that signals it.

    ``speaker`` is the span as written ("Gov. Hennadiy Lahuta", "the British Defense Ministry");
    ``cue`` is the reporting verb or phrase ("said", "according to", "tweet").
    """

    model_config = ConfigDict(frozen=True)

    speaker: str
    cue: str


class ArticleMeta(BaseModel):
    """What the text really says about an article. Fields the text does not hold stay ``None``."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: dt.date | None = None
    author: str | None = None


class Sentence(BaseModel):
    """One sentence of an article body, in reading order."""

    model_config = ConfigDict(frozen=True)

    index: int = Field(ge=0)
    text: str
    attribution: Attribution | None = None


class RawInput(BaseModel):
    """The input an article was parsed from (a raw text, or a record as JSON), kept with it so
    that ``python -m indexer --rebuild`` can parse it again with a newer pipeline."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["text", "record"]
    content: str


class Article(BaseModel):
    """A cleaned article: metadata, the body without boilerplate, and its sentences."""

    model_config = ConfigDict(frozen=True)

    meta: ArticleMeta
    body: str
    sentences: tuple[Sentence, ...]
    # Where it came from (a file path, "path:line" for JSONL); for messages, never indexed as fact.
    origin: str | None = None
    raw: RawInput | None = None
