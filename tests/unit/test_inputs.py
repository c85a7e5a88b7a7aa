from __future__ import annotations

import json
import shutil
from pathlib import Path

from factcheck.articles import ReadError
from factcheck.documents import Article
from factcheck.factchecks.records import FactCheck
from factcheck.inputs import read_inputs
from tests.unit.shared_factchecks import shared


def _kinds(paths: list[Path]) -> list[str]:
    return [type(x).__name__ for x in read_inputs(paths)]


def test_told_apart_by_content(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(shared("pages", "english", "afp.html"), folder / "fc.html")
    shutil.copy(shared("news-html", "cnn", "source.html"), folder / "news.htm")
    shutil.copy(shared("feeds-claimreview", "fact-check-tools-response.json"), folder / "t.json")
    (folder / "reviews.jsonl").write_text(
        "\n".join(shared("snopes-claimreview.jsonl").read_text("utf-8").splitlines()[:3]) + "\n"
    )
    (folder / "articles.jsonl").write_text(json.dumps({"id": "a1", "body": "Kyiv held."}) + "\n")
    (folder / "note.txt").write_text("Kherson fell, the mayor said.\n")
    (folder / "ignored.csv").write_text("a,b\n")
    items = list(read_inputs([folder]))
    by_origin = {(Path(str(getattr(i, "origin", None) or "")).name.split(":")[0], type(i).__name__)
                 for i in items}
    assert by_origin == {
        ("articles.jsonl", "Article"), ("fc.html", "Article"), ("fc.html", "FactCheck"),
        ("news.htm", "Article"), ("note.txt", "Article"), ("reviews.jsonl", "FactCheck"),
        ("t.json", "FactCheck"),
    }
    assert sum(isinstance(i, FactCheck) for i in items) == 1 + 1 + 3


def test_each_bad_input_is_one_error_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{nope")
    (tmp_path / "article.json").write_text(json.dumps({"title": "x", "body": "y"}))
    (tmp_path / "empty.html").write_text("<html><body></body></html>")
    (tmp_path / "reviews.jsonl").write_text(
        json.dumps({"@type": "ClaimReview", "url": "https://fc.example/1", "claimReviewed": "A."})
        + "\n{bad\n"
        + json.dumps({"@type": "ClaimReview", "url": "https://fc.example/2"}) + "\n"
    )
    items = list(read_inputs([tmp_path, tmp_path / "missing.html", tmp_path / "x.pdf"]))
    errors = {Path(e.origin.split(" ")[0]).name: e.reason for e in items
              if isinstance(e, ReadError)}
    assert errors.keys() == {"article.json", "broken.json", "empty.html", "reviews.jsonl:2",
                             "reviews.jsonl:3", "missing.html", "x.pdf"}
    assert "invalid JSON" in errors["broken.json"]
    assert "no ClaimReview" in errors["article.json"]
    assert "no main text" in errors["empty.html"]
    assert errors["reviews.jsonl:3"] == "ClaimReview without claimReviewed"
    assert [i.claim for i in items if isinstance(i, FactCheck)] == ["A."]


def test_a_page_with_only_a_review_is_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "only.html").write_text(
        '<html><head><script type="application/ld+json">{"@type": "ClaimReview", '
        '"url": "https://fc.example/1", "claimReviewed": "A."}</script></head><body></body></html>'
    )
    assert _kinds([tmp_path / "only.html"]) == ["FactCheck"]


def test_article_folders_read_as_before(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Kherson fell, the mayor said.\n")
    [article] = list(read_inputs([tmp_path]))
    assert isinstance(article, Article) and article.meta.id == "a"
