"""``python -m indexer --ray`` on a local Ray cluster against the real node and the real model:
the same documents as the plain indexer, idempotent re-runs, the same failure reports, and a
worker killed in the middle of a run (Ray restarts it and retries its chunk; nothing is lost or
duplicated)."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from factcheck.embedding import Encoder
from factcheck.settings import Settings

from .conftest import SEEDS, drop_indices, fresh_index_name, make_settings

ray = pytest.importorskip("ray", reason="the Ray extra is not installed (pip install '.[ray]')")
CLIMATE_FEVER = Path("/work/shared/eval/climate-fever/climate-fever.jsonl")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    # Two CPUs whatever the machine: one encoder actor of two threads, as on the dev machines.
    ray.init(num_cpus=2, include_dashboard=False, logging_level="WARNING")
    try:
        yield
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The seeds, a sample of the bench corpus, an edited article and broken inputs."""
    folder = tmp_path_factory.mktemp("ray-inputs")
    records: list[dict[str, Any]] = []
    if CLIMATE_FEVER.exists():
        from bench.corpus import OUTLETS, base_articles, vary

        for copy in (0, 1):
            for n, (title, texts) in enumerate(base_articles()[:40]):
                body = " ".join(vary(t, copy=copy, outlet=OUTLETS[copy], position=i)
                                for i, t in enumerate(texts))
                records.append({"id": f"b{copy:02d}-{n:05d}", "title": title,
                                "source": OUTLETS[copy], "published_at": "2021-03-04",
                                "body": body})
    else:  # the sample then comes from the seeds alone, cut into records
        for n, path in enumerate(sorted(SEEDS.glob("*.txt"))):
            records.append({"id": f"s{n}", "body": path.read_text()})
    lines = [json.dumps(r) for r in records]
    lines.insert(7, "{not json")  # reported with its path:line
    lines.insert(11, json.dumps({"id": "no-body"}))
    (folder / "a-sample.jsonl").write_text("\n".join(lines) + "\n")
    # The same id again in a later file with other content: the last version wins.
    edited = {**records[3], "body": "The committee said on Monday it had reversed its decision."}
    (folder / "b-edited.jsonl").write_text(json.dumps(edited) + "\n")
    (folder / "c-broken.txt").write_bytes(b"\xff\xfe not utf-8 \xff")
    return [SEEDS, folder]


def run_cli(settings: Settings, paths: list[Path], *extra: str,
            env: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    from indexer.cli import main

    saved = dict(os.environ)
    os.environ.update({"ELASTICSEARCH_URL": settings.elasticsearch.url,
                       "FACTCHECK_INDEX": settings.elasticsearch.index, **(env or {})})
    try:
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["--json", "--no-progress", *extra, *map(str, paths)])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    # Ray may print its workers' output to stdout too: the summary is the last JSON object.
    text = out.getvalue()
    return code, json.loads(text[text.rindex("\n{\n") + 1 if "\n{\n" in text else 0:])


def documents(settings: Settings, index: str) -> dict[str, dict[str, Any]]:
    response = httpx.post(f"{settings.elasticsearch.url}/{index}/_search", json={
        "size": 10_000, "query": {"match_all": {}}, "sort": ["_doc"]}, timeout=60)
    response.raise_for_status()
    body = response.json()
    assert body["hits"]["total"]["value"] < 10_000
    return {hit["_id"]: hit["_source"] for hit in body["hits"]["hits"]}


def failures(summary: dict[str, Any]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    return ({(s["path"], s["reason"]) for s in summary["skipped"]},
            {(e["path"], e["reason"]) for e in summary["errors"]})


# Small steps so that the sample makes several shards and chunks (more than one per worker).
SMALL = {"FACTCHECK_INDEXING__RAY_SHARD_BYTES": "20000",
         "FACTCHECK_INDEXING__CHUNK_SENTENCES": "150"}


@pytest.mark.time_limit(900)
def test_ray_writes_the_documents_of_the_plain_indexer(
    es_url: str, local_ray: None, inputs: list[Path]
) -> None:
    plain = make_settings(es_url, fresh_index_name("test-plain"))
    on_ray = make_settings(es_url, fresh_index_name("test-ray"))
    try:
        plain_code, plain_summary = run_cli(plain, inputs, env=SMALL)
        ray_code, ray_summary = run_cli(on_ray, inputs, "--ray", env=SMALL)

        assert plain_code == ray_code == 1  # the broken inputs
        for key in ("articles", "sentences", "unchanged"):
            assert ray_summary[key] == plain_summary[key], key
        assert plain_summary["sentences"] > 300
        assert failures(ray_summary) == failures(plain_summary)
        skipped = {path for path, _ in failures(plain_summary)[0]}
        assert any(p.endswith("a-sample.jsonl:8") for p in skipped), skipped
        assert any(p.endswith("c-broken.txt") for p in skipped), skipped

        expected = documents(plain, plain.elasticsearch.index)
        got = documents(on_ray, on_ray.elasticsearch.index)
        assert got.keys() == expected.keys()
        worst = 0.0
        for doc_id, source in expected.items():
            mine = got[doc_id]
            vector, other = np.array(source.pop("embedding")), np.array(mine.pop("embedding"))
            worst = max(worst, float(np.abs(vector - other).max()))
            assert mine == source, doc_id
        assert worst < 1e-4, worst
        plain_markers = documents(plain, plain.elasticsearch.articles_index)
        ray_markers = documents(on_ray, on_ray.elasticsearch.articles_index)
        assert plain_markers.keys() == ray_markers.keys()
        for doc_id, marker in plain_markers.items():
            marker.pop("indexed_at")
            ray_markers[doc_id].pop("indexed_at")
            assert ray_markers[doc_id] == marker, doc_id
        edited = next(m for m in ray_markers.values() if m["origin"].endswith("b-edited.jsonl:1"))
        assert edited["sentence_count"] == 1

        # A re-run changes nothing. Only the article given in two versions is written again
        # (twice: its first version no longer matches the marker, then the last one), as by the
        # plain indexer.
        again_code, again = run_cli(on_ray, inputs, "--ray", env=SMALL)
        plain_again_code, plain_again = run_cli(plain, inputs, env=SMALL)
        assert again_code == plain_again_code == 1
        for key in ("articles", "sentences", "unchanged"):
            assert again[key] == plain_again[key], key
        assert again["articles"] == 2
        assert again["unchanged"] == len(ray_markers) - 1
        after = documents(on_ray, on_ray.elasticsearch.index)
        assert after.keys() == expected.keys()
        assert {k: v["fingerprint"] for k, v in after.items()} == {
            k: v["fingerprint"] for k, v in expected.items()}
    finally:
        drop_indices(plain)
        drop_indices(on_ray)


@pytest.mark.time_limit(900)
def test_a_killed_worker_loses_and_duplicates_nothing(
    es_url: str, local_ray: None, inputs: list[Path], encoder: Encoder
) -> None:
    from factcheck.articles import read_articles
    from factcheck.documents import Article
    from indexer import ray_pipeline

    settings = make_settings(es_url, fresh_index_name("test-ray-kill"))
    settings.indexing.chunk_sentences = 100
    settings.indexing.ray_shard_bytes = 20_000
    sample = [inputs[1] / "a-sample.jsonl"]
    articles = {a.meta.id: a for a in read_articles(sample) if isinstance(a, Article)}
    killed: list[int] = []

    # The first result names the worker that wrote it; it is killed (SIGKILL: no clean-up)
    # while it works on its next chunks.
    def kill_once(run: ray_pipeline.RayRun) -> None:
        if not killed and run.workers:
            killed.append(run.workers[0])
            os.kill(run.workers[0], signal.SIGKILL)

    try:
        import asyncio

        from factcheck.index.client import async_client
        from factcheck.index.indices import ensure_indices

        async def create() -> None:
            es = async_client(settings.elasticsearch)
            try:
                await ensure_indices(es, settings.elasticsearch, dimension=encoder.dimension)
            finally:
                await es.close()

        asyncio.run(create())
        run = ray_pipeline.run_pipeline(sample, settings, progress=kill_once)
        httpx.post(f"{es_url}/{settings.elasticsearch.index},"
                   f"{settings.elasticsearch.articles_index}/_refresh", timeout=60)

        assert killed, "no worker was killed"
        assert len(set(run.workers)) >= 2, "the killed worker was not replaced"
        assert not run.report.failed
        # Every article committed, by a first write or by the retried one.
        assert run.report.articles_indexed + run.report.articles_unchanged >= len(articles)
        expected = {f"{a.meta.id}:{s.index}" for a in articles.values() for s in a.sentences}
        got = documents(settings, settings.elasticsearch.index)
        assert set(got) == expected  # nothing lost, nothing extra (ids are the identity)
        markers = documents(settings, settings.elasticsearch.articles_index)
        assert set(markers) == set(articles)
        for article_id, marker in markers.items():
            assert marker["sentence_count"] == len(articles[article_id].sentences)
    finally:
        drop_indices(settings)
