"""Article readers: raw ``.txt`` files and JSONL records in, cleaned :class:`Article` records out.

Both go through the same text pipeline (:mod:`factcheck.text`): metadata from the header and
credit lines, boilerplate dropped, sentences split paragraph by paragraph, attributions found.

Article ids decide what an update replaces, so they are chosen to survive edits of the text:

1. the record's own ``id``;
2. else ``url_<16 hex>``: a hash of the normalised URL (scheme and host lowercased, "www." and
   the fragment and ``utm_*`` parameters dropped, trailing slash ignored);
3. else, for raw files, the file name stem ("001_62c23869d16e3724");
4. else ``body_<16 hex>``: a hash of the cleaned body. Only this last one changes when the text
   is edited; give an ``id`` or ``url`` to make a changed article replace its old sentences.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from factcheck.documents import Article, ArticleMeta, RawInput, Sentence
from factcheck.text.attribution import attribute
from factcheck.text.boilerplate import strip_boilerplate
from factcheck.text.metadata import FoundMetadata, extract_metadata
from factcheck.text.sentences import match_key, paragraphs, split_sentences

__all__ = [
    "MAX_BODY_CHARS",
    "ArticleRecord",
    "ReadError",
    "article_id",
    "input_files",
    "parse_raw_article",
    "parse_record",
    "read_articles",
    "read_jsonl",
    "read_txt",
]

MAX_BODY_CHARS = 1_000_000
MAX_HTML_CHARS = 5_000_000
_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"
_SUFFIXES = frozenset({".txt", ".jsonl"})


def _blank_to_none(value: Any) -> Any:
    # Scrapers write "" for a field they did not find; that means "not given", not a value.
    if isinstance(value, str) and not value:
        return None
    return value


def _text_date(value: Any) -> Any:
    # A number is not a date here (pydantic would read it as a Unix timestamp).
    if value is not None and not isinstance(value, str | dt.date):
        raise ValueError("must be a date string YYYY-MM-DD")
    if isinstance(value, str) and len(value) > 64:
        raise ValueError("must be a date string YYYY-MM-DD")
    return value


def _strip_or_none(value: str | None) -> str | None:
    # Runs after the documented constraints, so it never changes what is accepted.
    if value is None:
        return None
    return value.strip() or None


def _http_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise ValueError("must be an absolute http(s) URL")
    if any(ch.isspace() for ch in value):
        raise ValueError("must not contain whitespace")
    return value


def _date_only(value: Any) -> Any:
    # A full timestamp ("2022-03-03T10:15:00Z") is common in feeds; its calendar date is kept as
    # written, without shifting time zones.
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}[T ]", value.strip()):
        return value.strip()[:10]
    return value


_Optional = Annotated[
    str | None, BeforeValidator(_blank_to_none), AfterValidator(_strip_or_none)
]
# What the OpenAPI document says of published_at: exactly what the validator accepts.
_DATE_SCHEMA = {
    "anyOf": [{"type": "string", "maxLength": 64}, {"type": "null"}],
    "description": 'YYYY-MM-DD; a timestamp keeps its calendar date; "" means not given',
    "default": None,
}


class ArticleRecord(BaseModel):
    """One article as JSONL carries it and as the ingest endpoints accept it.

    Example:
        >>> ArticleRecord.model_validate({"url": "https://example.com/a", "body": "Kyiv held."}).url
        'https://example.com/a'
    """

    # No whitespace stripping before validation: the limits documented in the OpenAPI schema are
    # the limits applied.
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: _Optional = Field(default=None, pattern=f"^$|{_ID_PATTERN}")
    title: _Optional = Field(default=None, max_length=1000)
    url: Annotated[_Optional, AfterValidator(_http_url)] = Field(default=None, max_length=2048)
    source: _Optional = Field(default=None, max_length=200)
    published_at: Annotated[
        dt.date | None,
        BeforeValidator(_date_only),
        BeforeValidator(_blank_to_none),
        BeforeValidator(_text_date),
        WithJsonSchema(_DATE_SCHEMA),
    ] = None
    author: _Optional = Field(default=None, max_length=500)
    # html before body: body's check sees whether html was given.
    html: str | None = Field(
        default=None, min_length=1, max_length=MAX_HTML_CHARS,
        description="The article as an HTML page, instead of `body`: its main text and "
        "metadata are extracted (fields given here win), ClaimReview in it is ingested too.",
    )
    body: Annotated[
        str,
        Field(min_length=1, max_length=MAX_BODY_CHARS, pattern=r"\S"),
        AfterValidator(str.strip),
    ] | None = Field(default=None, validate_default=True,
                     description="The article text; or give `html` instead.")

    @field_validator("body")
    @classmethod
    def _body_or_html(cls, value: str | None, info: ValidationInfo) -> str | None:
        if "html" not in info.data:
            return value  # html itself was refused; that error says enough
        if (info.data["html"] is None) == (value is None):
            which = "not both" if value is not None else "one of them is required"
            raise ValueError(f"give body or html, {which}")
        return value


    @field_validator("published_at")
    @classmethod
    def _plausible_date(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and value.year < 1800:
            raise ValueError("must be a publication date after 1800")
        return value


@dataclass(frozen=True, slots=True)
class ReadError:
    """An input that could not be read: ``origin`` is a path or ``path:line``."""

    origin: str
    reason: str


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _normalised_url(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    host = host.removeprefix("www.")
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.startswith("utm_")
        ]
    )
    return urlunsplit((parts.scheme.lower(), host, parts.path.rstrip("/") or "/", query, ""))


def article_id(*, record_id: str | None, url: str | None, stem: str | None, body: str) -> str:
    """The article id by the precedence in the module docstring.

    Example:
        >>> article_id(record_id=None, url=None, stem="001_62c23869d16e3724", body="x")
        '001_62c23869d16e3724'
        >>> a = article_id(record_id=None, url="https://www.example.com/a/?utm_source=x", stem=None,
        ...                body="x")
        >>> a == article_id(record_id=None, url="https://example.com/a", stem="s", body="y")
        True
    """
    if record_id:
        return record_id
    if url:
        return f"url_{_short_hash(_normalised_url(url))}"
    if stem:
        return stem
    return f"body_{_short_hash(match_key(body))}"


def _build(
    text: str,
    *,
    origin: str,
    given: ArticleRecord | None,
    stem: str | None,
) -> Article:
    found, rest = extract_metadata(text)
    body = "\n\n".join(paragraphs(strip_boilerplate(rest)))
    texts = split_sentences(body)
    sentences = tuple(
        Sentence(index=i, text=t, attribution=a)
        for i, (t, a) in enumerate(zip(texts, attribute(texts), strict=True))
    )
    meta = _merge(found, given)
    return Article(
        meta=ArticleMeta(
            id=article_id(
                record_id=given.id if given else None, url=meta.url, stem=stem, body=body
            ),
            title=meta.title,
            url=meta.url,
            source=meta.source,
            published_at=meta.published_at,
            author=meta.author,
        ),
        body=body,
        sentences=sentences,
        origin=origin,
        raw=RawInput(kind="record", content=given.model_dump_json(exclude_none=True))
        if given is not None else RawInput(kind="text", content=text),
    )


def _merge(found: FoundMetadata, given: ArticleRecord | None) -> FoundMetadata:
    """Explicit record fields win over what the text holds."""
    if given is None:
        return found
    return FoundMetadata(
        title=given.title or found.title,
        url=given.url or found.url,
        source=given.source or found.source,
        published_at=given.published_at or found.published_at,
        author=given.author or found.author,
    )


def parse_raw_article(text: str, *, origin: str) -> Article:
    """A raw article text (as in ``seeds/*.txt``); ``origin`` is its path, whose stem may be the id.

    Example:
        >>> a = parse_raw_article("advertisement\\nKherson fell, the mayor said.", origin="x/7.txt")
        >>> (a.meta.id, a.sentences[0].attribution.speaker)
        ('7', 'the mayor')
    """
    stem = PurePath(origin).stem if origin else None
    return _build(text, origin=origin, given=None, stem=stem or None)


def parse_record(record: ArticleRecord, *, origin: str) -> Article:
    """A validated record; its body is cleaned like a raw text, its own fields win.

    Example:
        >>> r = ArticleRecord(id="a1", source="VOA", body="Kherson fell.\\nFull story")
        >>> a = parse_record(r, origin="feed.jsonl:3")
        >>> (a.meta.id, a.meta.source, [s.text for s in a.sentences])
        ('a1', 'VOA', ['Kherson fell.'])
    """
    if record.html is not None:
        # Read like a page; imported late since that module builds on this one.
        from factcheck.web.pages import article_from_record

        return article_from_record(record, origin=origin)
    return _build(record.body or "", origin=origin, given=record, stem=None)


def _validation_reason(error: ValidationError) -> str:
    parts = []
    for item in error.errors(include_url=False):
        where = ".".join(str(p) for p in item["loc"]) or "record"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def _no_sentences(article: Article) -> ReadError | Article:
    if not article.sentences:
        return ReadError(article.origin or "", "no complete sentences left after cleaning")
    return article


def read_txt(path: Path) -> Article | ReadError:
    """One raw ``.txt`` article, or why it cannot be read."""
    origin = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return ReadError(origin, f"not UTF-8 text: {exc.reason} at byte {exc.start}")
    except OSError as exc:
        return ReadError(origin, f"cannot read: {exc.strerror or exc}")
    return _no_sentences(parse_raw_article(text, origin=origin))


def read_jsonl(
    path: Path, *, start: int = 0, end: int | None = None, first_line: int = 1
) -> Iterator[Article | ReadError]:
    """The records of a ``.jsonl`` file, or of the lines starting in bytes ``[start, end)``.

    A part starts at a line boundary, ``first_line`` being its line number, so that a file split
    into parts (the Ray indexer) reports the same ``path:line`` origins as a whole read.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield ReadError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        handle.seek(start)
        position = start
        for number, raw in enumerate(handle, start=first_line):
            if end is not None and position >= end:
                break
            position += len(raw)
            origin = f"{path}:{number}"
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield ReadError(origin, f"not UTF-8 text: {exc.reason} at byte {exc.start}")
                continue
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield ReadError(origin, f"invalid JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(data, dict):
                yield ReadError(origin, f"expected a JSON object, got {type(data).__name__}")
                continue
            try:
                record = ArticleRecord.model_validate(data)
            except ValidationError as exc:
                yield ReadError(origin, _validation_reason(exc))
                continue
            yield _no_sentences(parse_record(record, origin=origin))


def input_files(path: Path) -> Iterator[Path | ReadError]:
    """The ``.txt`` / ``.jsonl`` files of ``path`` in reading order, or why there are none."""
    if path.is_dir():
        # os.walk does not follow symlinked folders, so a link loop cannot hang the walk.
        for folder, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if not name.startswith(".") and Path(name).suffix.lower() in _SUFFIXES:
                    yield Path(folder) / name
    elif not path.exists():
        yield ReadError(str(path), "no such file or folder")
    elif path.suffix.lower() not in _SUFFIXES:
        yield ReadError(str(path), "unsupported file type (expected .txt or .jsonl)")
    else:
        yield path


def read_articles(paths: Iterable[Path]) -> Iterator[Article | ReadError]:
    """Articles from files and folders (``.txt``, ``.jsonl``, walked in name order).

    Never raises for bad input: a broken file or JSONL line yields a :class:`ReadError` and
    reading goes on. Folders skip hidden entries and files of other types.

    Example:
        >>> [type(x).__name__ for x in read_articles([Path("no/such/dir")])]
        ['ReadError']
    """
    for path in paths:
        for item in input_files(path):
            if isinstance(item, ReadError):
                yield item
            elif item.suffix.lower() == ".jsonl":
                yield from read_jsonl(item)
            else:
                yield read_txt(item)
