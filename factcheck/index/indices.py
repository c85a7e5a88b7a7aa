"""The indices themselves: creating them from the layout, and tuning them for a bulk load."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from elasticsearch import ApiError, AsyncElasticsearch, TransportError

from factcheck.index import layout
from factcheck.settings import ElasticsearchSettings

log = logging.getLogger(__name__)


class IndexMismatchError(RuntimeError):
    """The existing index was made for another embedding dimension or mapping version."""


async def ensure_indices(
    es: AsyncElasticsearch, settings: ElasticsearchSettings, *, dimension: int
) -> None:
    """Create both indices when missing; refuse to write into an index built for other vectors."""
    names = ((settings.index, layout.sentence_index_body(dimension=dimension)),
             (settings.articles_index, layout.article_index_body()))
    for name, body in names:
        if await es.indices.exists(index=name):
            mapping = await es.indices.get_mapping(index=name)
            for index_mapping in mapping.body.values():
                meta = index_mapping.get("mappings", {}).get("_meta", {})
                expected = body["mappings"]["_meta"]
                if meta != expected:
                    raise IndexMismatchError(
                        f"index {name!r} has _meta {meta}, this version needs {expected}; "
                        "index into a new FACTCHECK_INDEX and move the alias"
                    )
            continue
        try:
            await es.indices.create(index=name, **body)
        except Exception as exc:  # another process may have created it in between
            if not await es.indices.exists(index=name):
                raise exc


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
