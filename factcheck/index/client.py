"""Creating the Elasticsearch client from settings (one place for auth, timeouts, retries)."""

from __future__ import annotations

from typing import Any

from elasticsearch import AsyncElasticsearch

from factcheck.settings import ElasticsearchSettings


def client_options(settings: ElasticsearchSettings) -> dict[str, Any]:
    options: dict[str, Any] = {
        "hosts": [settings.url],
        "request_timeout": settings.request_timeout,
        "max_retries": settings.max_retries,
        "retry_on_timeout": True,
    }
    if settings.api_key is not None:
        options["api_key"] = settings.api_key.get_secret_value()
    elif settings.username and settings.password is not None:
        options["basic_auth"] = (settings.username, settings.password.get_secret_value())
    return options


def async_client(settings: ElasticsearchSettings) -> AsyncElasticsearch:
    """A client for ``settings.url``; the caller closes it (``await client.close()``)."""
    return AsyncElasticsearch(**client_options(settings))
