"""Per-request DataLoaders: all article lookups of one query become one ``mget``, all sentence
lookups one search, however many fields ask for them."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from factcheck.index.reader import ArticleReader
from factcheck.schemas import ArticleRef, SentenceOut


def article_loader(reader: ArticleReader) -> DataLoader[str, ArticleRef | None]:
    async def load(ids: list[str]) -> list[ArticleRef | None]:
        return await reader.articles_by_id(ids)

    return DataLoader(load_fn=load)


def sentence_loader(reader: ArticleReader) -> DataLoader[str, list[SentenceOut]]:
    async def load(ids: list[str]) -> list[list[SentenceOut]]:
        return await reader.sentences_by_article(ids)

    return DataLoader(load_fn=load)
