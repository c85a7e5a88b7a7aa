"""Everything the indexer reads, told apart by content: articles and published fact-checks.

* ``.txt``: a raw article; ``.jsonl``: article records, or ClaimReview records (a ClaimReview
  export, Fact Check Tools claims) when its first record holds one;
* ``.json``: one document holding ClaimReview (a review, a list, an ``@graph``, a Data Commons
  feed, a Fact Check Tools response);
* ``.html`` / ``.htm``: a page; its article and the ClaimReviews embedded in it (both, when a
  fact-check page holds both).

Bad input never raises: each unreadable file, line or review is one :class:`ReadError`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from factcheck.articles import ReadError, read_articles
from factcheck.documents import Article
from factcheck.factchecks.claimreview import ParsedFactChecks, has_fact_checks, parse_fact_checks
from factcheck.factchecks.records import FactCheck
from factcheck.web.pages import MAX_PAGE_BYTES, PageContent, read_page

__all__ = ["SUFFIXES", "Item", "read_inputs", "read_page_items"]

Item = Article | FactCheck | ReadError
SUFFIXES = frozenset({".txt", ".jsonl", ".json", ".html", ".htm"})
MAX_JSON_BYTES = 200_000_000


def _problems(parsed: ParsedFactChecks, origin: str) -> Iterator[Item]:
    yield from parsed.reviews
    for problem in parsed.problems:
        where = origin if problem.where == origin else f"{origin} ({problem.where})"
        yield ReadError(where, problem.reason)


def read_page_items(content: PageContent) -> Iterator[Item]:
    """What a read page gives the indexer: its reviews, its article, or why it gave nothing."""
    yield from content.reviews
    for problem in content.problems:
        yield ReadError(content.origin, problem.reason)
    if content.article is not None:
        yield content.article
    elif not content.reviews:
        yield ReadError(content.origin, content.no_article or "nothing to index in the page")


def _read_bytes(path: Path, *, limit: int) -> bytes | ReadError:
    try:
        if path.stat().st_size > limit:
            return ReadError(str(path), f"file larger than {limit} bytes")
        return path.read_bytes()
    except OSError as exc:
        return ReadError(str(path), f"cannot read: {exc.strerror or exc}")


def _read_html(path: Path) -> Iterator[Item]:
    raw = _read_bytes(path, limit=MAX_PAGE_BYTES)
    if isinstance(raw, ReadError):
        yield raw
        return
    yield from read_page_items(read_page(raw, origin=str(path)))


def _read_json(path: Path) -> Iterator[Item]:
    raw = _read_bytes(path, limit=MAX_JSON_BYTES)
    if isinstance(raw, ReadError):
        yield raw
        return
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        yield ReadError(str(path), f"not UTF-8 text: {exc.reason} at byte {exc.start}")
        return
    except json.JSONDecodeError as exc:
        yield ReadError(str(path), f"invalid JSON: {exc.msg} at line {exc.lineno}")
        return
    if not has_fact_checks(data):
        yield ReadError(str(path), "no ClaimReview or Fact Check Tools claim in the JSON")
        return
    yield from _problems(parse_fact_checks(data, origin=str(path)), str(path))


def _first_record(path: Path) -> object:
    try:
        with path.open("rb") as handle:
            for raw in handle:
                if raw.strip():
                    return json.loads(raw.removeprefix(b"\xef\xbb\xbf"))
    except (OSError, ValueError):
        pass  # read_articles reports it with the line number
    return None


def _read_review_lines(path: Path) -> Iterator[Item]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            origin = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                data = json.loads(raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield ReadError(origin, f"invalid JSON line: {exc}")
                continue
            if not has_fact_checks(data):
                yield ReadError(origin, "no ClaimReview in this record")
                continue
            yield from _problems(parse_fact_checks(data, origin=origin), origin)


def _read_file(path: Path) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        yield from _read_html(path)
    elif suffix == ".json":
        yield from _read_json(path)
    elif suffix == ".jsonl" and has_fact_checks(_first_record(path)):
        yield from _read_review_lines(path)
    else:
        yield from read_articles([path])


def _walk(folder: Path) -> Iterator[Path]:
    # os.walk does not follow symlinked folders: a link loop cannot hang the walk.
    for parent, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield from (
            Path(parent) / name
            for name in sorted(names)
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES
        )


def read_inputs(paths: Iterable[Path]) -> Iterator[Item]:
    """Articles, fact-checks and read errors from files and folders (walked in name order).

    Example:
        >>> [type(x).__name__ for x in read_inputs([Path("no/such/file.html")])]
        ['ReadError']
    """
    for path in paths:
        if path.is_dir():
            for file in _walk(path):
                yield from _read_file(file)
        elif not path.exists():
            yield ReadError(str(path), "no such file or folder")
        elif path.suffix.lower() not in SUFFIXES:
            yield ReadError(str(path), "unsupported file type (expected .txt, .jsonl, .json, "
                                       ".html or .htm)")
        else:
            yield from _read_file(path)
