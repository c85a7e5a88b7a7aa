"""Domain records: an article as the indexer understands it, and its sentences."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


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


class Article(BaseModel):
    """A cleaned article: metadata, the body without boilerplate, and its sentences."""

    model_config = ConfigDict(frozen=True)

    meta: ArticleMeta
    body: str
    sentences: tuple[Sentence, ...]
    # Where it came from (a file path, "path:line" for JSONL); for messages, never indexed as fact.
    origin: str | None = None
