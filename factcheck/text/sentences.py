"""Paragraphs and sentences of a news body, and a key that matches the same sentence across outlets.

Sentence boundaries come from pysbd (rule-based, no model download; run through
:class:`factcheck.text.segmenter.FastSegmenter`: same output, faster). A few fix-ups, each
documented below, cover what news text does to it: curly quotes that do not pair up, a missing
space after a full stop, "5 p.m. Thursday", and paragraphs cut off mid-word by the scraper. The
text of a sentence is the original text (curly quotes kept) with runs of whitespace collapsed, so
it can be shown as is.
"""

from __future__ import annotations

import re
import threading
import unicodedata

from pysbd.lang.english import English

from factcheck.text.segmenter import FastSegmenter

__all__ = ["match_key", "paragraphs", "split_sentences"]

# Length-preserving stand-ins used only while segmenting, so the spans pysbd returns index the
# original text. pysbd pairs quotes by character, and scraped text mixes “ with " (seed 004), which
# otherwise makes it cut inside a quotation and leave a lone '"' as a "sentence".
_SEGMENTER_FOLD = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)

# pysbd keeps state on the instance while it works, so one instance per thread.
_local = threading.local()


def _segmenter() -> FastSegmenter:
    seg: FastSegmenter | None = getattr(_local, "segmenter", None)
    if seg is None:
        seg = FastSegmenter()
        _local.segmenter = seg
    return seg


_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_WHITESPACE = re.compile(r"\s+")
# A sentence is complete when it ends in . ! ? or … (closing quotes/brackets may follow), or ends
# in a closing double quote (a quotation that is the sentence's last word, punctuation omitted).
_TERMINAL = re.compile(r"(?:[.!?\u2026][\"'\u201d\u2019)\]]*|[\"\u201d])\s*$")
# "for the Pentagon.It also": two lowercase letters or a digit, a full stop (maybe with a closing
# quote), then a capitalised word, with no space. Abbreviations are checked separately.
_GLUED = re.compile(
    r"(?P<word>[A-Za-z]*[a-z]{2}|\d)(?P<stop>[.!?][\"'\u201d\u2019)]?)(?=[A-Z][a-z])"
)
# The tail of every _GLUED match; _GLUED itself tries every letter of every word as a start.
_GLUED_STOP = re.compile(r"[.!?][\"'\u201d\u2019)]?(?=[A-Z][a-z])")
_ABBREVIATIONS = frozenset(a.lower() for a in English.Abbreviation.ABBREVIATIONS)
# "at 5 p.m. Thursday": pysbd ends a sentence after a.m./p.m.; news style puts a day, a time zone
# or "local time" right after it.
_CLOCK_END = re.compile(r"\b[ap]\.m\.\s*$", re.IGNORECASE)
_CLOCK_TAIL = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|tonight|yesterday|"
    r"local time|[A-Z]{1,4}T|UTC)\b"
)
# A span that starts like the middle of a sentence: pysbd cut after an abbreviation
# ("Sen. Joe Manchin, D-W.Va., voted no"). "iPhone" (lowercase then uppercase) is not a mid-start.
_MID_SENTENCE_START = re.compile(r"^(?:[,;:)\]]|[a-z](?![A-Z]))")
_HAS_WORD = re.compile(r"\w")
# A line that ends without terminal punctuation followed by one that starts in lowercase is a
# hard-wrapped paragraph, not two paragraphs.
_CONTINUATION = re.compile(r"^[a-z]")


def paragraphs(text: str) -> list[str]:
    """Split a body into paragraphs: one per non-blank line, hard-wrapped lines joined back.

    Example:
        >>> paragraphs("First paragraph.\\n\\nSecond one is\\nwrapped.")
        ['First paragraph.', 'Second one is wrapped.']
    """
    result: list[str] = []
    for raw in _LINE_BREAK.split(text):
        line = _WHITESPACE.sub(" ", raw).strip()
        if not line:
            continue
        if result and _CONTINUATION.match(line) and not _TERMINAL.search(result[-1]):
            result[-1] = f"{result[-1]} {line}"
        else:
            result.append(line)
    return result


def split_sentences(text: str) -> list[str]:
    """Split a body into sentences, paragraph by paragraph, dropping a truncated last fragment.

    Example:
        >>> split_sentences("Gov. Hennadiy Lahuta said so.It ended.\\nThe exodus is set to be")
        ['Gov. Hennadiy Lahuta said so.', 'It ended.']
    """
    sentences: list[str] = []
    for paragraph in paragraphs(text):
        sentences.extend(_split_paragraph(paragraph))
    return sentences


def _split_paragraph(paragraph: str) -> list[str]:
    folded = paragraph.translate(_SEGMENTER_FOLD)
    spans = [(s.start, s.end) for s in _segmenter().segment(folded)]
    spans = _split_glued(folded, spans)
    spans = _merge_broken(folded, spans)
    pieces = [_WHITESPACE.sub(" ", paragraph[start:end]).strip() for start, end in spans]
    pieces = [p for p in pieces if p]
    # The scraper cut the paragraph mid-sentence: the words after the last full stop are no claim.
    if pieces and not _TERMINAL.search(pieces[-1]):
        pieces.pop()
    return pieces


def _split_glued(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    for start, end in spans:
        if _GLUED_STOP.search(text, start, end) is None:  # what every _GLUED match ends with
            result.append((start, end))
            continue
        cut = start
        for m in _GLUED.finditer(text, start, end):
            if m.group("word").lower() in _ABBREVIATIONS:
                continue
            result.append((cut, m.end("stop")))
            cut = m.end("stop")
        result.append((cut, end))
    return result


def _merge_broken(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    for start, end in spans:
        piece = text[start:end].strip()
        if result and _belongs_to_previous(text[result[-1][0] : result[-1][1]], piece):
            result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


def _belongs_to_previous(previous: str, piece: str) -> bool:
    if not _HAS_WORD.search(piece):  # a stray closing quote or bracket
        return True
    if _MID_SENTENCE_START.match(piece):
        return True
    return bool(_CLOCK_END.search(previous) and _CLOCK_TAIL.match(piece))


# Folded by match_key: every quote style to a straight one, every dash (and the spaces around it,
# which outlets set differently: "forces - stalled", "forces—stalled") to "-".
_KEY_QUOTES = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
    }
)
_KEY_DASH = re.compile(r"\s*[-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]+\s*")
_KEY_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")


def match_key(text: str) -> str:
    """A key equal for the same sentence however an outlet typeset it.

    Folds Unicode compatibility forms (NFKC), case, whitespace, quote styles and dashes; keeps
    words, numbers and other punctuation, so different claims keep different keys.

    Example:
        >>> match_key("Kyiv\u2019s  \u201ccenter\u201d \u2014 20 miles") == match_key(
        ...     "KYIV'S \\"center\\" - 20 miles"
        ... )
        True
    """
    key = unicodedata.normalize("NFKC", text)
    key = _KEY_INVISIBLE.sub("", key).translate(_KEY_QUOTES)
    key = _KEY_DASH.sub("-", key.casefold())
    return _WHITESPACE.sub(" ", key).strip()
