"""The indexer command against the real node: idempotence, replacement, broken input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from factcheck.settings import Settings

from .conftest import ROOT, SEEDS


def run_indexer(settings: Settings, *paths: Path) -> tuple[int, dict[str, Any], str]:
    env = {
        **os.environ,
        "ELASTICSEARCH_URL": settings.elasticsearch.url,
        "FACTCHECK_INDEX": settings.elasticsearch.index,
    }
    process = subprocess.run(
        [sys.executable, "-m", "indexer", "--json", "--no-progress", *map(str, paths)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = json.loads(process.stdout) if process.stdout.strip().startswith("{") else {}
    return process.returncode, summary, process.stderr


def count(settings: Settings, query: dict[str, Any] | None = None) -> int:
    response = httpx.post(
        f"{settings.elasticsearch.url}/{settings.elasticsearch.index}/_count",
        json={"query": query or {"match_all": {}}},
        timeout=30,
    )
    response.raise_for_status()
    return int(response.json()["count"])


def sentences_of(settings: Settings, article_id: str) -> list[dict[str, Any]]:
    response = httpx.post(
        f"{settings.elasticsearch.url}/{settings.elasticsearch.index}/_search",
        json={
            "query": {"term": {"article_id": article_id}},
            "size": 1000,
            "sort": [{"sentence_index": "asc"}],
            "_source": {"excludes": ["embedding"]},
        },
        timeout=30,
    )
    response.raise_for_status()
    return [hit["_source"] for hit in response.json()["hits"]["hits"]]


def test_seeds_index_once_and_rerun_changes_nothing(empty_settings: Settings) -> None:
    code, first, stderr = run_indexer(empty_settings, SEEDS)
    assert code == 0, stderr
    assert first["articles"] == 5 and first["errors"] == [] and first["skipped"] == []
    total = count(empty_settings)
    assert total == first["sentences"] > 50

    code, second, stderr = run_indexer(empty_settings, SEEDS)
    assert code == 0, stderr
    assert second["articles"] == 0 and second["unchanged"] == 5
    assert count(empty_settings) == total


def test_changed_article_replaces_its_old_sentences(
    empty_settings: Settings, tmp_path: Path
) -> None:
    long_body = " ".join(f"Sentence number {n} says the council met on Monday." for n in range(8))
    short_body = "The council met on Tuesday, the mayor said. Nothing else happened."
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "council-1", "source": "Test Gazette", "body": long_body}) + "\n"
    )
    code, _, stderr = run_indexer(empty_settings, feed)
    assert code == 0, stderr
    assert len(sentences_of(empty_settings, "council-1")) == 8

    feed.write_text(
        json.dumps({"id": "council-1", "source": "Test Gazette", "body": short_body}) + "\n"
    )
    code, summary, stderr = run_indexer(empty_settings, feed)
    assert code == 0, stderr
    assert summary["articles"] == 1
    sentences = sentences_of(empty_settings, "council-1")
    assert [s["text"] for s in sentences] == [
        "The council met on Tuesday, the mayor said.",
        "Nothing else happened.",
    ]
    assert sentences[0]["speaker"] == "the mayor"
    assert count(empty_settings) == 2


def test_two_versions_in_one_run_leave_only_the_later(
    empty_settings: Settings, tmp_path: Path
) -> None:
    # The versions land in different chunks (256 sentences), so the older one's sentences are
    # written before the newer one, and must be found (a refresh first) and deleted.
    long_body = " ".join(f"Sentence number {n} says the council met on Monday." for n in range(8))
    filler = [
        {"id": f"filler-{i}", "body": " ".join(
            f"Town {i} item {n} was approved by the board on Monday." for n in range(10))}
        for i in range(30)
    ]
    records = [
        {"id": "council-1", "body": long_body},
        *filler,
        {"id": "council-1", "body": "The council met on Tuesday. Nothing else happened."},
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records))
    code, _, stderr = run_indexer(empty_settings, feed)
    assert code == 0, stderr
    sentences = sentences_of(empty_settings, "council-1")
    assert [s["text"] for s in sentences] == [
        "The council met on Tuesday.",
        "Nothing else happened.",
    ]
    assert count(empty_settings) == 2 + 30 * 10
    # The bulk load turned the periodic refresh off and put the default back; no other index
    # (here: the marker index) was touched.
    es = empty_settings.elasticsearch
    response = httpx.get(
        f"{es.url}/{es.index},{es.articles_index}/_settings",
        params={"flat_settings": "true"},
        timeout=30,
    )
    response.raise_for_status()
    assert len(response.json()) == 2
    for body in response.json().values():
        assert "index.refresh_interval" not in body["settings"]


def test_broken_input_is_reported_and_the_rest_indexed(
    empty_settings: Settings, tmp_path: Path
) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(
        json.dumps({"id": "ok-1", "body": "The bridge reopened on Friday, officials said."})
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "no-body"})
        + "\n"
    )
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners said prices rose.".encode("latin-1"))
    code, summary, stderr = run_indexer(empty_settings, tmp_path)
    assert code == 1, stderr
    assert summary["articles"] == 1
    skipped = {item["path"]: item["reason"] for item in summary["skipped"]}
    assert f"{good}:2" in skipped
    assert f"{good}:3" in skipped and "body" in skipped[f"{good}:3"]
    assert any(path.endswith("latin1.txt") for path in skipped)
    assert count(empty_settings) == 1


def test_missing_path_is_a_clear_error(empty_settings: Settings) -> None:
    code, _, stderr = run_indexer(empty_settings, Path("/no/such/folder"))
    assert code == 2
    assert "no such file or folder" in stderr


def test_seed_metadata_is_found_not_invented(seed_settings: Settings) -> None:
    by_origin: dict[str, dict[str, Any]] = {}
    response = httpx.post(
        f"{seed_settings.elasticsearch.url}/{seed_settings.elasticsearch.articles_index}/_search",
        json={"size": 100},
        timeout=30,
    )
    for hit in response.json()["hits"]["hits"]:
        by_origin[Path(hit["_source"]["origin"]).stem] = hit["_source"]
    union = by_origin["000_e98f405c97534c67"]
    assert union["title"].startswith("Russia takes Kherson government building")
    assert union["published_at"] == "2022-03-03"
    assert union["url"].startswith("https://www.unionleader.com/")
    assert union["source"] == "unionleader.com"
    glued = by_origin["001_62c23869d16e3724"]
    assert glued["published_at"] == "2022-03-03"
    assert glued["title"] is None and glued["url"] is None and glued["source"] is None
    assert by_origin["004_63e94df4db2917e2"]["source"] == "The Quint"
    assert by_origin["003_b3df4737260a1939"]["source"] == "VOA"
    assert by_origin["003_b3df4737260a1939"]["title"] is None
    assert by_origin["002_da11f4af9ad70b4a"]["author"] == "Ben Burke"
