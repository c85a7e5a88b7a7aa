"""The Ray indexer's input plan: shards cover every input once, in the plain reading order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.articles import ReadError, read_articles
from factcheck.documents import Article
from indexer.cli import is_ray_address, parse_args
from indexer.ray_pipeline import parse_shard, plan_shards, read_shard

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _origins(items: list[Article | ReadError]) -> list[str]:
    return [i.origin or "" for i in items]


@pytest.mark.parametrize("shard_bytes", [1, 300, 1_000, 10**9])
def test_shards_read_exactly_what_a_plain_read_reads(tmp_path: Path, shard_bytes: int) -> None:
    lines = [json.dumps({"id": f"a{n}", "body": f"Item {n} was approved on Monday, "
                         "the council said."}) for n in range(40)]
    lines[5] = "{broken"
    lines[9] = ""
    (tmp_path / "a.jsonl").write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode())
    (tmp_path / "b.txt").write_text("The mayor said the bridge would reopen in May.")
    (tmp_path / "c.txt").write_bytes(b"\xff\xfe")
    shards, skipped = plan_shards([tmp_path, tmp_path / "missing"], shard_bytes=shard_bytes)
    assert [(f.origin, f.reason) for f in skipped] == [
        (str(tmp_path / "missing"), "no such file or folder")]
    sharded = [item for shard in shards for item in read_shard(shard)]
    plain = [i for i in read_articles([tmp_path]) if not isinstance(i, ReadError)
             or not i.origin.endswith("missing")]
    assert _origins(sharded) == _origins(plain)
    assert [type(i) for i in sharded] == [type(i) for i in plain]
    assert [s.number for s in shards] == list(range(len(shards)))
    if shard_bytes == 1:
        assert len([s for s in shards if s.kind == "jsonl"]) == 40


def test_chunks_are_sized_for_the_encoder() -> None:
    shards, _ = plan_shards([SEEDS], shard_bytes=10**9)
    row = {"number": 0, "kind": "txt", "paths": list(shards[0].paths), "start": 0,
           "end": None, "first_line": 1}
    chunks = [json.loads(c["payload"]) for c in parse_shard(row, chunk_sentences=40)]
    assert len(chunks) > 1
    assert all(c["sentences"] >= 40 for c in chunks[:-1])
    assert sum(c["sentences"] for c in chunks) == sum(
        len(a.sentences) for a in read_articles([SEEDS]) if isinstance(a, Article))


def test_ray_flag_takes_an_address_or_leaves_the_path() -> None:
    assert parse_args(["--ray", str(SEEDS)]).paths == [SEEDS]
    assert parse_args(["--ray", str(SEEDS)]).ray == ""
    args = parse_args(["--ray", "10.1.2.3:6379", str(SEEDS)])
    assert (args.ray, args.paths) == ("10.1.2.3:6379", [SEEDS])
    assert parse_args([str(SEEDS)]).ray is None
    assert is_ray_address("ray://head.internal:10001")
    assert not is_ray_address("archive/2024")
    with pytest.raises(SystemExit):
        parse_args(["--ray"])
