"""paused_refresh: only the named index's own indices are touched, and always restored."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from factcheck.index.indices import paused_refresh


class _Response:
    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body


class _Indices:
    def __init__(self, settings: dict[str, dict[str, str]]) -> None:
        self.settings = settings
        self.puts: list[tuple[str, dict[str, Any]]] = []

    async def get_settings(self, *, index: str, flat_settings: bool) -> _Response:
        assert flat_settings
        names = [n for n in self.settings if n == index or index == "alias"]
        return _Response({n: {"settings": dict(self.settings[n])} for n in names})

    async def put_settings(self, *, index: str, settings: dict[str, Any]) -> None:
        assert index, "an empty index list would change every index"
        self.puts.append((index, settings))


class _ES:
    def __init__(self, settings: dict[str, dict[str, str]]) -> None:
        self.indices = _Indices(settings)


def _run(es: _ES, index: str, *, fail: bool = False) -> None:
    async def body() -> None:
        async with paused_refresh(es, index):  # type: ignore[arg-type]
            if fail:
                raise RuntimeError("boom")

    asyncio.run(body())


def test_default_setting_is_turned_off_and_back_to_default() -> None:
    es = _ES({"idx": {"index.number_of_shards": "1"}, "other": {}})
    _run(es, "idx")
    assert es.indices.puts == [
        ("idx", {"index.refresh_interval": "-1"}),
        ("idx", {"index.refresh_interval": None}),
    ]


def test_explicit_setting_comes_back_even_after_an_error() -> None:
    es = _ES({"idx": {"index.refresh_interval": "5s"}})
    with pytest.raises(RuntimeError):
        _run(es, "idx", fail=True)
    assert es.indices.puts[-1] == ("idx", {"index.refresh_interval": "5s"})


def test_a_leftover_minus_one_goes_back_to_the_default() -> None:
    es = _ES({"idx": {"index.refresh_interval": "-1"}})
    _run(es, "idx")
    assert es.indices.puts[-1] == ("idx", {"index.refresh_interval": None})


def test_every_index_behind_an_alias_is_restored_to_its_own_value() -> None:
    es = _ES({"v1": {"index.refresh_interval": "2s"}, "v2": {}})
    _run(es, "alias")
    assert es.indices.puts[0] == ("v1,v2", {"index.refresh_interval": "-1"})
    assert sorted(es.indices.puts[1:]) == [
        ("v1", {"index.refresh_interval": "2s"}),
        ("v2", {"index.refresh_interval": None}),
    ]


def test_nothing_behind_the_name_changes_nothing() -> None:
    es = _ES({"other": {}})
    _run(es, "idx")
    assert es.indices.puts == []
