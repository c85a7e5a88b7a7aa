"""Article readers: the seeds end to end, record validation, ids, and file/JSONL error reporting."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from factcheck.articles import (
    MAX_BODY_CHARS,
    ArticleRecord,
    ReadError,
    article_id,
    parse_raw_article,
    parse_record,
    read_articles,
)
from factcheck.documents import Article
from factcheck.text.sentences import match_key

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _seed_path(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def _seed(prefix: str) -> Article:
    path = _seed_path(prefix)
    return parse_raw_article(path.read_text(encoding="utf-8"), origin=str(path))


@pytest.mark.parametrize(
    ("prefix", "sentences", "attributed"),
    [("000", 33, 23), ("001", 32, 22), ("002", 18, 11), ("003", 36, 31), ("004", 14, 11)],
)
def test_seed_articles(prefix: str, sentences: int, attributed: int) -> None:
    article = _seed(prefix)
    assert len(article.sentences) == sentences
    assert sum(s.attribution is not None for s in article.sentences) == attributed
    assert [s.index for s in article.sentences] == list(range(sentences))
    assert article.origin == str(_seed_path(prefix))
    # Every sentence is text of the cleaned body, and the body holds no boilerplate.
    for sentence in article.sentences:
        assert " ".join(sentence.text.split()) in " ".join(article.body.split())
    for junk in ("advertisement", "Full story", "THIRD PARTY", "contributed to this report"):
        assert junk not in article.body


def test_seed_ids() -> None:
    # 000 has a URL, so its id comes from the URL; the others from their file names.
    assert _seed("000").meta.id.startswith("url_")
    for prefix in ("001", "002", "003", "004"):
        assert _seed(prefix).meta.id == _seed_path(prefix).stem


def test_syndicated_paragraphs_share_match_keys() -> None:
    keys_000 = {match_key(s.text) for s in _seed("000").sentences}
    keys_001 = {match_key(s.text) for s in _seed("001").sentences}
    # 001 carries the same wire copy as 000, minus one paragraph, in another order.
    assert keys_001 <= keys_000
    assert len(keys_000 - keys_001) == 1


def test_seed_metadata_reaches_the_article() -> None:
    meta = _seed("000").meta
    assert meta.source == "unionleader.com"
    assert meta.published_at == dt.date(2022, 3, 3)
    assert meta.title is not None and meta.title.startswith("Russia takes Kherson")
    assert _seed("002").meta.author == "Ben Burke"
    assert _seed("004").meta.source == "The Quint"


def test_id_is_stable_when_the_text_is_edited() -> None:
    path = _seed_path("000")
    text = path.read_text(encoding="utf-8")
    edited = text.replace("498 service members", "500 service members")
    assert edited != text
    assert (
        parse_raw_article(text, origin=str(path)).meta.id
        == parse_raw_article(edited, origin=str(path)).meta.id
    )
    # Without a URL, the file name keeps the id.
    stem_a = parse_raw_article("Kherson fell.", origin="in/x_1.txt")
    stem_b = parse_raw_article("Kherson fell on Thursday.", origin="other/x_1.txt")
    assert stem_a.meta.id == stem_b.meta.id == "x_1"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"record_id": "abc", "url": "https://a.com/x", "stem": "s"}, "abc"),
        ({"record_id": None, "url": None, "stem": "001_62c23869d16e3724"}, "001_62c23869d16e3724"),
    ],
)
def test_article_id_precedence(kwargs: dict[str, Any], expected: str) -> None:
    assert article_id(body="Kherson fell.", **kwargs) == expected


def test_article_id_from_url_ignores_tracking_and_www() -> None:
    a = article_id(
        record_id=None, url="https://www.Example.com/a/?utm_source=x#top", stem="s", body="x"
    )
    b = article_id(record_id=None, url="https://example.com/a", stem=None, body="y")
    c = article_id(record_id=None, url="https://example.com/b", stem=None, body="y")
    assert a == b != c
    assert a.startswith("url_") and len(a) == len("url_") + 16


def test_article_id_from_body_ignores_typesetting_only() -> None:
    a = article_id(record_id=None, url=None, stem=None, body="Kyiv\u2019s  center held.")
    b = article_id(record_id=None, url=None, stem=None, body="kyiv's center held.")
    c = article_id(record_id=None, url=None, stem=None, body="Kyiv's center fell.")
    assert a == b != c
    assert a.startswith("body_")


def test_parse_record_fields_win_and_body_is_cleaned() -> None:
    record = ArticleRecord(
        id="quint-1",
        title="Talks end",
        source="The Quint",
        published_at=dt.date(2022, 3, 4),
        body=(
            "Russia takes Kherson\n20220303\nadvertisement\n"
            "Kherson fell, the mayor said.\nHe added that the flag was Ukrainian.\n"
            "(With inputs from Reuters and AP.)"
        ),
    )
    article = parse_record(record, origin="feed.jsonl:7")
    assert article.meta.id == "quint-1"
    assert article.meta.title == "Talks end"
    assert article.meta.published_at == dt.date(2022, 3, 4)
    assert article.meta.source == "The Quint"
    assert article.origin == "feed.jsonl:7"
    assert [s.text for s in article.sentences] == [
        "Kherson fell, the mayor said.",
        "He added that the flag was Ukrainian.",
    ]
    assert article.sentences[0].attribution is not None
    assert article.sentences[0].attribution.speaker == "the mayor"


def test_parse_record_fills_gaps_from_text() -> None:
    record = ArticleRecord(
        body="Kherson falls\n2022-03-03\nhttps://www.voanews.com/a/1.html\nKyiv held."
    )
    article = parse_record(record, origin="x.jsonl:1")
    assert article.meta.title == "Kherson falls"
    assert article.meta.published_at == dt.date(2022, 3, 3)
    assert article.meta.source == "voanews.com"
    assert article.meta.id.startswith("url_")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"body": "   "}, "body"),
        ({}, "body"),
        ({"body": 5}, "body"),
        ({"body": "x" * (MAX_BODY_CHARS + 1)}, "body"),
        ({"body": "Kyiv held.", "url": "ftp://example.com/a"}, "url"),
        ({"body": "Kyiv held.", "url": "example.com/a"}, "url"),
        ({"body": "Kyiv held.", "url": "https://example.com/a b"}, "url"),
        ({"body": "Kyiv held.", "url": "https://" + "a" * 2050 + ".com"}, "url"),
        ({"body": "Kyiv held.", "id": "has space"}, "id"),
        ({"body": "Kyiv held.", "id": " padded "}, "id"),
        ({"body": "Kyiv held.", "published_at": 1646265600}, "published_at"),
        ({"body": "Kyiv held.", "id": "x" * 129}, "id"),
        ({"body": "Kyiv held.", "title": "t" * 1001}, "title"),
        ({"body": "Kyiv held.", "source": "s" * 201}, "source"),
        ({"body": "Kyiv held.", "author": "a" * 501}, "author"),
        ({"body": "Kyiv held.", "published_at": "March 3"}, "published_at"),
        ({"body": "Kyiv held.", "published_at": "2022-02-30"}, "published_at"),
        ({"body": "Kyiv held.", "published_at": "1066-10-14"}, "published_at"),
        ({"body": "Kyiv held.", "language": "en"}, "language"),
    ],
)
def test_record_validation_names_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ArticleRecord.model_validate(data)
    assert [e["loc"][0] for e in caught.value.errors()] == [field]


def test_record_normalises_what_scrapers_write() -> None:
    record = ArticleRecord.model_validate(
        {
            "id": "a-1",
            "title": "",
            "author": "  ",
            "url": " https://example.com/a ",
            "published_at": "2022-03-03T23:30:00-05:00",
            "body": "  Kyiv held.  ",
        }
    )
    assert record.id == "a-1"
    assert record.title is None and record.author is None
    assert record.url == "https://example.com/a"
    assert record.published_at == dt.date(2022, 3, 3)
    assert record.body == "Kyiv held."


def _write_jsonl(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_read_articles_walks_folders_and_reports_bad_input(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / ".hidden").mkdir()
    (corpus / "a.txt").write_text("Kherson fell, officials said.", encoding="utf-8")
    (corpus / "sub" / "b.txt").write_bytes("\ufeffKyiv held, the mayor said.".encode())
    (corpus / "sub" / "bad.txt").write_bytes(b"Kherson \xff\xfe fell.")
    (corpus / "README.md").write_text("# not an article", encoding="utf-8")
    (corpus / ".hidden" / "c.txt").write_text("Hidden.", encoding="utf-8")
    (corpus / "empty.txt").write_text("advertisement\nFull story\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("Kherson fell.", encoding="utf-8")
    _write_jsonl(
        corpus / "feed.jsonl",
        [
            json.dumps({"id": "r1", "body": "Odesa braced for attack, officials said."}),
            "",
            "{not json",
            json.dumps({"body": "Kyiv held.", "url": "ftp://x"}),
            json.dumps(["a list"]),
            json.dumps({"body": "Kyiv held.", "extra": 1}),
            json.dumps({"id": "r2", "body": "Lviv was calm."}),
        ],
    )

    items = list(read_articles([corpus, tmp_path / "missing", tmp_path / "notes.md"]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = {i.origin: i.reason for i in items if isinstance(i, ReadError)}

    assert [a.meta.id for a in articles] == ["a", "r1", "r2", "b"]
    assert articles[3].sentences[0].text == "Kyiv held, the mayor said."  # BOM gone
    assert articles[1].origin == f"{corpus / 'feed.jsonl'}:1"
    assert set(errors) == {
        str(corpus / "empty.txt"),
        f"{corpus / 'feed.jsonl'}:3",
        f"{corpus / 'feed.jsonl'}:4",
        f"{corpus / 'feed.jsonl'}:5",
        f"{corpus / 'feed.jsonl'}:6",
        str(corpus / "sub" / "bad.txt"),
        str(tmp_path / "missing"),
        str(tmp_path / "notes.md"),
    }
    assert "invalid JSON" in errors[f"{corpus / 'feed.jsonl'}:3"]
    assert errors[f"{corpus / 'feed.jsonl'}:4"].startswith("url: ")
    assert "JSON object" in errors[f"{corpus / 'feed.jsonl'}:5"]
    assert errors[f"{corpus / 'feed.jsonl'}:6"].startswith("extra: ")
    assert "UTF-8" in errors[str(corpus / "sub" / "bad.txt")]
    assert "no complete sentences" in errors[str(corpus / "empty.txt")]
    assert "no such file" in errors[str(tmp_path / "missing")]
    assert "unsupported" in errors[str(tmp_path / "notes.md")]


def test_read_articles_jsonl_bom_and_bad_bytes_on_one_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(
        b"\xef\xbb\xbf"
        + json.dumps({"id": "ok", "body": "Kyiv held."}).encode()
        + b"\n"
        + b'{"body": "Kherson \xff fell."}\n'
        + json.dumps({"id": "ok2", "body": "Lviv was calm."}).encode()
        + b"\n"
    )
    items = list(read_articles([feed]))
    assert isinstance(items[0], Article) and items[0].meta.id == "ok"
    assert isinstance(items[1], ReadError) and items[1].origin == f"{feed}:2"
    assert isinstance(items[2], Article) and items[2].meta.id == "ok2"


def test_read_articles_on_the_seed_folder() -> None:
    items = list(read_articles([SEEDS]))
    assert all(isinstance(i, Article) for i in items)
    assert len(items) == len(list(SEEDS.glob("*.txt")))  # README.md is skipped


def test_read_error_is_frozen() -> None:
    error = ReadError("a.jsonl:3", "invalid JSON")
    with pytest.raises(AttributeError):
        error.origin = "b"  # type: ignore[misc]


def test_one_sentence_question_record_is_read(tmp_path: Path) -> None:
    # bench/corpus.py writes such records (CLIMATE-FEVER has one-question "articles"); the text's
    # only line used to be taken for a title, leaving no sentence and a skipped input.
    path = tmp_path / "q.jsonl"
    question = "Will the wet get wetter and the dry drier?"
    record = {"id": "q1", "title": "Water cycle", "body": question}
    path.write_text(json.dumps(record) + "\n")
    [article] = list(read_articles([path]))
    assert isinstance(article, Article)
    assert article.meta.title == "Water cycle"
    assert [s.text for s in article.sentences] == [question]
