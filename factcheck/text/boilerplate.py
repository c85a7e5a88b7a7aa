"""Scraper leftovers that are not part of the story: ads, captions, promos, credits, sub-headings.

Every rule is a named :class:`BoilerplatePattern` in :data:`PATTERNS`, so a dropped paragraph can be
explained ("dropped: photo_caption") and a new outlet's junk is one new entry, not a new ``if``.
Paragraph rules drop a whole paragraph; span rules cut a piece out of a paragraph and keep the rest.
Rules are deliberately narrow: a false drop loses a fact, a miss only indexes a little junk.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from factcheck.text.sentences import paragraphs

__all__ = [
    "PATTERNS",
    "BoilerplatePattern",
    "Scope",
    "boilerplate_reason",
    "strip_boilerplate",
]


class Scope(StrEnum):
    PARAGRAPH = "paragraph"  # the regex matching anywhere drops the whole paragraph
    SPAN = "span"  # the matched text is cut out; the rest of the paragraph stays


@dataclass(frozen=True, slots=True)
class BoilerplatePattern:
    name: str
    description: str
    regex: re.Pattern[str]
    scope: Scope = Scope.PARAGRAPH


def _p(
    name: str,
    description: str,
    pattern: str,
    *,
    flags: int = re.IGNORECASE,
    scope: Scope = Scope.PARAGRAPH,
) -> BoilerplatePattern:
    return BoilerplatePattern(name, description, re.compile(pattern, flags), scope)


_WIRES = (
    r"(?:Reuters|AP|AFP|ANI|PTI|IANS|UPI|DPA|Xinhua|TASS|"
    r"(?:The )?Associated Press|Agence France-Presse)"
)

PATTERNS: tuple[BoilerplatePattern, ...] = (
    _p(
        "advertisement",
        'Ad slot markers: "advertisement", "ADVERTISEMENT", "Story continues below advertisement".',
        r"^(?:advertisement|advertising|sponsored(?: content)?|"
        r"story continues (?:below|after) (?:this )?(?:advertisement|ad))$",
    ),
    _p(
        "story_marker",
        'Navigation left in the text: "Full story", "Read more: ...", "Also read: ...",'
        ' "Related: ...".',
        r"^(?:full story|read (?:the )?full (?:story|article)|continue reading|click here\b.*|"
        r"(?:also )?read more\b.*|also read\b.*|related(?: stories| articles| coverage)?:.*|"
        r"see also:.*|watch:.*|listen to (?:this )?(?:article|story)\b.*|"
        r"share this (?:article|story))$",
    ),
    _p(
        "photo_caption_third_party",
        'Reuters handout captions ending "... VIDEO OBTAINED BY REUTERS via REUTERS THIS IMAGE HAS'
        ' BEEN SUPPLIED BY A THIRD PARTY." The whole caption paragraph goes.',
        r"THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY\.?\s*$",
        flags=0,
    ),
    _p(
        "photo_caption_seen",
        'Caption sentences: "A military tank is seen on a street of Kherson ... in this screen grab'
        ' from a video" / "... in this handout picture released by ...".',
        r"\b(?:is|are) (?:seen|pictured|shown)\b.*\bin this (?:screen ?grab|handout|picture|photo|"
        r"image|still image|video grab)\b",
    ),
    _p(
        "photo_caption_credit",
        'Caption lines: "FILE PHOTO: ...", "Photo: ...", or text ending in a photo credit such as'
        ' "(AP Photo/Efrem Lukatsky)" or "REUTERS/Gleb Garanich".',
        r"^(?:file photo|photo|image|picture|pictured)(?: credit)?s?\s*:|"
        r"\((?:AP|AFP|Reuters|Getty Images|EPA)[^()]*\bPhotos?\b[^()]*\)\s*$|"
        r"\bREUTERS/[A-Z][A-Za-z'-]+(?: [A-Z][A-Za-z'-]+)*\s*(?:/File(?: Photo)?)?\s*$|"
        r"^Image (?:source|caption),",
    ),
    _p(
        "membership_promo",
        'Outlet promos: "(At The Quint, we question everything. ... becoming a member today.)",'
        ' "Subscribe now ...", "Sign up for our newsletter".',
        r"^\(?At (?-i:(?:The )?[A-Z][\w&'\u2019.-]*(?: [A-Z][\w&'\u2019.-]*){0,4}), we\b"
        r"(?=.*\b(?:our|members?|membership|subscribe|subscription|journalism)\b)|"
        r"\bbecom(?:e|ing) a (?:member|subscriber) (?:today|now)\b|"
        r"^(?:subscribe (?:now|today|here)|sign up for (?:our|the|free)\b|"
        r"support (?:our|independent) journalism|follow us on)\b",
    ),
    _p(
        "staff_credit",
        'Credit lines: "Ben Burke (Producer/Editor) contributed to this report.",'
        ' "(Reporting by ...; Editing by ...)", "Writing by ...".',
        r"\bcontributed (?:to )?(?:this|the) (?:report|story|article)\b[.)]*\s*$|"
        r"^\((?:additional )?(?:reporting|writing|editing) by\b|"
        r"^(?:additional )?reporting by [^.]{1,120};\s*(?:writing|editing) by\b",
    ),
    _p(
        "wire_credit",
        'Wire and source credits: "(With inputs from Reuters and AP.)", "Some information for this'
        ' report came from The Associated Press ...", "(This story has not been edited ...)".',
        r"^\(?(?:with )?inputs? from\b|"
        r"^\(?some (?:information|material) (?:for|in) this (?:report|story|article)"
        r" (?:came|comes)\b|"
        r"^\(?this (?:story|article|report) (?:includes|contains|uses)"
        r" (?:material|reporting|information) from\b|"
        r"^\(?this (?:story|article) has not been edited\b|"
        r"^\(?(?:with )?(?:agency|wire) (?:inputs|reports)\)?\.?\)?$|"
        rf"^\(?{_WIRES}(?:,| and| &) {_WIRES}.{{0,20}}\)?$",
    ),
    _p(
        "copyright",
        'Rights notices: "Copyright 2022 The Associated Press. All rights reserved.", "© 2022 ...",'
        ' "This material may not be published, broadcast, rewritten or redistributed."',
        r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}|by)\b|\ball rights reserved\b|"
        r"\bmay not be published, broadcast, rewritten,? or redistributed\b",
    ),
    _p(
        "byline",
        'A byline line: "By Jane Doe", "By Jane Doe and John Roe, Reuters" (no sentence'
        " punctuation).",
        r"^By [A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){1,3}(?:(?:,| and| &) [^.!?]{1,80})?$",
        flags=0,
    ),
    _p(
        "subheading",
        'A sub-heading between paragraphs: "Little hope for peace talks", "Russians still outside'
        ' Kyiv". Up to 10 words, capitalised, no sentence punctuation at all.',
        r"^(?=(?:\S+\s+){0,9}\S+$)[A-Z0-9\u201c\"\u2018'][^.!?;:,]*[^.!?;:,\s\"\u201d\u2019')]$",
        flags=0,
    ),
    _p(
        "inline_photo_credit",
        'A photo credit glued into a paragraph: "(AP Photo/Evgeniy Maloletka)",'
        ' "(Photo: Reuters)".',
        r"\s*\((?:(?:AP|AFP|Reuters|EPA) Photo/[^()]{1,60}|Photos?: [^()]{1,60})\)",
        flags=0,
        scope=Scope.SPAN,
    ),
    _p(
        "inline_advertisement",
        "An ad marker glued to the start or end of a paragraph:"
        ' "ADVERTISEMENT Russian forces ...".',
        r"^ADVERTISEMENT\s+|\s+ADVERTISEMENT$",
        flags=0,
        scope=Scope.SPAN,
    ),
)


def boilerplate_reason(paragraph: str) -> str | None:
    """The name of the first paragraph rule that drops ``paragraph``, or None to keep it.

    Example:
        >>> boilerplate_reason("(With inputs from Reuters and AP.)")
        'wire_credit'
        >>> boilerplate_reason("Russian forces took control of Kherson.") is None
        True
    """
    text = paragraph.strip()
    if len(text) <= _CACHED_CHARS:
        return _cached_reason(text)
    return _reason(text)


def _reason(text: str) -> str | None:
    for pattern in _PARAGRAPH_RULES:
        if pattern.regex.search(text):
            return pattern.name
    return None


# The indexer asks twice about most paragraphs (metadata reads the header, then boilerplate the
# body); the answer depends on the text alone. Long paragraphs are not kept.
_CACHED_CHARS = 4096
_cached_reason = functools.lru_cache(maxsize=2048)(_reason)
_PARAGRAPH_RULES = tuple(p for p in PATTERNS if p.scope is Scope.PARAGRAPH)


def _cut_spans(paragraph: str) -> str:
    for pattern in PATTERNS:
        if pattern.scope is Scope.SPAN:
            paragraph = pattern.regex.sub("", paragraph)
    return paragraph.strip()


def strip_boilerplate(text: str) -> str:
    """The body without boilerplate paragraphs and spans, one paragraph per line.

    Example:
        >>> strip_boilerplate("advertisement\\nKherson fell on Thursday.\\nFull story")
        'Kherson fell on Thursday.'
    """
    kept: list[str] = []
    for paragraph in paragraphs(text):
        if boilerplate_reason(paragraph) is not None:
            continue
        cleaned = _cut_spans(paragraph)
        if cleaned:
            kept.append(cleaned)
    return "\n".join(kept)
