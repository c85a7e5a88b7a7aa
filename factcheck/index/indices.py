"""The indices themselves: creating them from the layout, and tuning them for a bulk load."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from elasticsearch import ApiError, AsyncElasticsearch, TransportError

from factcheck.index import layout
from factcheck.settings import ElasticsearchSettings

log = logging.getLogger(__name__)


class IndexMismatchError(RuntimeError):
    """The existing index was made for another embedding dimension or mapping version."""


def generation_name(alias: str, number: int) -> str:
    """The sentence index of generation ``number`` behind ``alias``
    (:mod:`factcheck.index.versions`).

    Example:
        >>> generation_name("news", 3), articles_name(generation_name("news", 3))
        ('news-v000003', 'news-v000003-articles')
    """
    return f"{alias}-v{number:06d}"


def articles_name(index: str) -> str:
    return f"{index}-articles"


async def create_generation(
    es: AsyncElasticsearch, settings: ElasticsearchSettings, *, number: int, dimension: int,
    aliased: bool, rebuild_of: str | None = None,
) -> str:
    """Create generation ``number`` (both indices); with ``aliased`` the aliases point at it."""
    alias = settings.index
    name = generation_name(alias, number)
    extra_meta = {"generation": number, **({"rebuild_of": rebuild_of} if rebuild_of else {})}
    for index, body, alias_name in (
        (articles_name(name), layout.article_index_body(settings), articles_name(alias)),
        (name, layout.sentence_index_body(dimension=dimension, settings=settings), alias),
    ):
        body["mappings"]["_meta"].update(extra_meta)
        aliases: dict[str, Any] | None = {alias_name: {}} if aliased else None
        await es.indices.create(index=index, **body, aliases=aliases)
    return name


async def ensure_indices(
    es: AsyncElasticsearch, settings: ElasticsearchSettings, *, dimension: int
) -> None:
    """Create both indices when missing; refuse to write into an index built for other vectors.

    Nothing there: the first generation of versioned indices is created behind the two aliases
    (:mod:`factcheck.index.versions`). An index made by an earlier version gets the fields added
    since (the kept input, ``raw``); one made for another embedding dimension or mapping
    version is refused: ``python -m indexer --rebuild`` makes a new generation.
    """
    names = ((settings.index, layout.sentence_index_body(dimension=dimension, settings=settings)),
             (settings.articles_index, layout.article_index_body(settings)))
    present = [await es.indices.exists(index=name) for name, _ in names]
    if not any(present):
        try:
            await create_generation(es, settings, number=1, dimension=dimension, aliased=True)
        except ApiError as exc:  # another process may have created them in between
            if not await es.indices.exists(index=settings.index):
                raise exc
        present = [await es.indices.exists(index=name) for name, _ in names]
    for (name, body), exists in zip(names, present, strict=True):
        if exists:
            await _check_mapping(es, name, body)
            continue
        try:
            await es.indices.create(index=name, **body)
        except ApiError as exc:  # another process may have created it in between
            if not await es.indices.exists(index=name):
                raise exc


_CHECKED_META = ("mapping_version", "embedding_dimension")


async def _check_mapping(es: AsyncElasticsearch, name: str, body: dict[str, Any]) -> None:
    mapping = await es.indices.get_mapping(index=name)
    expected = {k: v for k, v in body["mappings"]["_meta"].items() if k in _CHECKED_META}
    for index_mapping in mapping.body.values():
        mappings = index_mapping.get("mappings", {})
        meta = {k: v for k, v in mappings.get("_meta", {}).items() if k in _CHECKED_META}
        if meta != expected:
            raise IndexMismatchError(
                f"index {name!r} has _meta {meta}, this version needs {expected}; "
                "run `python -m indexer --rebuild` (a new generation behind the alias)"
            )
        missing = {
            field: spec for field, spec in body["mappings"]["properties"].items()
            if field not in mappings.get("properties", {})
        }
        if missing:  # fields added since the index was made (additive, so no rebuild needed)
            await es.indices.put_mapping(index=name, properties=missing)


@contextlib.asynccontextmanager
async def paused_refresh(es: AsyncElasticsearch, index: str) -> AsyncIterator[None]:
    """Turn the periodic refresh of ``index`` off for a bulk load; put it back afterwards.

    With the periodic refresh on (every second while anything searches the index), a bulk load
    closes a small segment per second, and Elasticsearch builds an HNSW graph for each and merges
    them again and again, on the CPU the encoder needs. Nothing relies on it for correctness:
    :meth:`Ingestor.index` refreshes explicitly where it must and, with ``refresh``, at the end.

    The previous setting comes back in a ``finally`` (exceptions, cancellation: Ctrl-C or SIGTERM
    in the indexer). A process killed outright, or a node unreachable at the end, leaves it off;
    the index is still correct and shows everything up to its last refresh (every
    ``Ingestor.index`` call, indexer or API, refreshes when it starts and ends), and the next bulk
    load puts the default back: this service never sets -1 otherwise, so a -1 found here is such a
    leftover, not a choice.
    """
    # Every concrete index behind the name (an alias may have several), with its own settings.
    # (Filtering by setting name would drop the indices that leave it at the default, and an
    # empty list of indices means all of them to put_settings.)
    response = await es.indices.get_settings(index=index, flat_settings=True)
    previous: dict[str, str | None] = {
        name: body.get("settings", {}).get("index.refresh_interval")
        for name, body in response.body.items()
    }
    if not previous:
        yield
        return
    for name, value in previous.items():
        if value == "-1":
            log.warning("%s: refresh_interval was left at -1 by an interrupted bulk load; "
                        "it goes back to the default afterwards", name)
            previous[name] = None
    await es.indices.put_settings(
        index=",".join(previous), settings={"index.refresh_interval": "-1"}
    )
    try:
        yield
    finally:
        for name, value in previous.items():
            try:
                await es.indices.put_settings(
                    index=name, settings={"index.refresh_interval": value}
                )
            except (ApiError, TransportError) as exc:
                log.error("%s: could not restore refresh_interval %s: %s", name, value, exc)
