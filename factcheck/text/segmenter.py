"""pysbd's English segmenter, with the same output at a fraction of the cost.

Profiling the indexer's text pipeline (``bench/indexing.py``, stage ``parse``) showed pysbd taking
~85% of it, and more than half of that compiling regular expressions again and again:

* ``Segmenter.sentences_with_char_spans`` builds one regex per *sentence*
  (``re.escape(sentence) + r"\\s*"``) to find it in the text. Each is used once, and each one
  pushes a useful pattern out of :mod:`re`'s cache (512 entries, oldest out first), so every
  other pattern pysbd builds on the fly is compiled again on the next paragraph.
* ``AbbreviationReplacer.search_for_abbreviations_in_string`` builds up to three patterns per
  abbreviation found in a line (every word starting with "al", "co", "con", "art" ... counts as
  one) and runs a full-text ``re.sub`` once per *occurrence*, though the second and later runs
  for the same spelling never change anything.

* The list-item pass runs a dozen look-behind regexes over every paragraph, though almost none
  holds a numbered or lettered list.

The classes below do the same work without that: spans are found with ``str.find`` (exactly the
regex's leftmost, non-overlapping matching), abbreviations are looked up among the beginnings of
the words instead of by a case-insensitive regex per abbreviation, their patterns are compiled
once into a cache of their own, a replacement already applied for a spelling is not applied
again, and regexes whose result is empty (no ")" in the text, no digit before a full stop) are
not run. Why each change cannot alter the output is written next to it;
``tests/unit/test_text_segmenter.py`` compares both segmenters on text built to reach every
branch. On the 3,000 first records of the benchmark corpus: pysbd 13.4 s, this 2.8 s (CPU); the
output of the indexer's text pipeline is byte for byte the same.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pysbd
from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer
from pysbd.processor import Processor
from pysbd.utils import Text, TextSpan

__all__ = ["FastSegmenter"]


@functools.lru_cache(maxsize=8192)
def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    # Bounded by the abbreviation list times the spellings met in the text ("al", "Al", "AL").
    return re.compile(pattern, flags)


class _AbbreviationReplacer(English.AbbreviationReplacer):  # type: ignore[misc]
    """``English.AbbreviationReplacer`` with the same replacements, each pattern compiled once.

    Every replacement here turns a "." into "∯" and nothing else. None of the patterns can match
    *because* of such a change: their look-behinds are whitespace plus the abbreviation (a "." in
    it is either escaped, which "∯" fails, or a wildcard, which both satisfy), and their
    look-aheads never accept "∯". So once a replacement has run for a spelling, running it again
    later in the same loop (as pysbd does for every further occurrence) is a no-op, and is
    skipped.
    """

    def search_for_abbreviations_in_string(self, text: str) -> str:
        lowered = text.lower()
        abbreviation = self.lang.Abbreviation
        prepositive = abbreviation.PREPOSITIVE_ABBREVIATIONS
        number_abbr = abbreviation.NUMBER_ABBREVIATIONS
        starts: str | None = None
        prefixes: set[str] = set()
        if not any(c in text for c in _CASE_SPECIAL):
            # For _plain_occurrences: the lowered text with every whitespace a space, after a
            # space; and the beginnings of its words. An abbreviation that begins no word has no
            # occurrence (and pysbd's "not in lowered" test would not change that).
            starts = " " + lowered.translate(_SPACES)
            prefixes = {
                word[:n]
                for word in set(starts.split())
                for n in range(1, min(len(word), _LONGEST) + 1)
            }
        for abbr in abbreviation.ABBREVIATIONS:
            stripped = abbr.strip()
            if starts is not None and stripped.isascii() and stripped.isalpha():
                if stripped not in prefixes:
                    continue
                abbrev_match = _plain_occurrences(stripped, text, starts)
            else:
                if stripped not in lowered:
                    continue
                abbrev_match = _occurrences(stripped, text)
            if not abbrev_match:
                continue
            char_array = _next_chars(stripped, text)
            applied: set[str] = set()
            for ind, am in enumerate(abbrev_match):
                key = am.strip()
                if key in applied:
                    continue
                char = char_array[ind] if ind < len(char_array) else ""
                lower = key.lower()
                if str(char).isupper() and lower not in prepositive:
                    continue  # pysbd's scan_for_replacements does nothing here either
                # pysbd's three patterns (replace_prepositive_abbr, replace_pre_number_abbr,
                # replace_period_of_abbr); only the last escapes the abbreviation.
                if lower in prepositive:
                    pattern = r"(?<=\s" + key + r")\.(?=(\s|:\d+))"
                elif lower in number_abbr:
                    pattern = r"(?<=\s" + key + r")\.(?=(\s\d|\s+\())"
                else:
                    pattern = (
                        r"(?<=\s" + re.escape(key) + r")\.(?=((\.|\:|-|\?|,)|"
                        r"(\s([a-z]|I\s|I'm|I'll|\d|\())))"
                    )
                applied.add(key)
                if re.escape(key) == key and key + "." not in text:
                    continue  # every pattern needs the spelling followed by a full stop
                # pysbd prepends a space so the look-behind's \s matches at the start of a line.
                text = _compiled(pattern).sub("∯", " " + text)[1:]
        return text


# Every character Python's \s matches (str.isspace), and the four non-ASCII letters that
# IGNORECASE matches to ASCII ones ("İ" is also the one character lower() makes two).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SPACES = str.maketrans(dict.fromkeys(WHITESPACE, " "))
_LONGEST = max(len(a.strip()) for a in English.Abbreviation.ABBREVIATIONS)
_CASE_SPECIAL = "\u0130\u0131\u017f\u212a"


def _occurrences(stripped: str, text: str) -> list[str]:
    r"""``re.findall(r"(?:^|\s|\r|\n)" + stripped, text, re.IGNORECASE)``, pysbd's, faster.

    ``^`` (no MULTILINE) matches at 0 only and \r, \n are \s: the same list is the match at 0
    (if any) followed by the matches of ``\s`` + stripped from where that one ended. The
    abbreviation is not escaped, as in pysbd ("e.g" is a pattern).
    """
    first = _compiled(stripped, re.IGNORECASE).match(text)
    rest = _compiled(r"\s" + stripped, re.IGNORECASE)
    if first is None:
        found: list[str] = rest.findall(text)
        return found
    return [first.group(), *rest.findall(text, first.end())]


def _plain_occurrences(stripped: str, text: str, starts: str) -> list[str]:
    r""":func:`_occurrences` by ``str.find``, for an abbreviation of ASCII letters only.

    Valid when ``text`` holds none of ``_CASE_SPECIAL``: then ``text.lower()`` keeps every
    index, and a character matches an ASCII letter under IGNORECASE exactly when its ``lower()``
    is that letter. ``starts`` is " " + the lowered text with every whitespace a space, so
    ``starts[j:]`` starting with " al" means: "al" (any case) at ``text[j]``, and ``text[j - 1]``
    is whitespace or ``j`` is 0 (the "^" branch, which then matches without the space). An
    abbreviation without whitespace cannot overlap its next occurrence, so every occurrence is a
    match, as ``findall`` finds them.
    """
    needle = " " + stripped
    found: list[str] = []
    j = starts.find(needle)
    while j >= 0:
        found.append(text[max(j - 1, 0) : j + len(stripped)])
        j = starts.find(needle, j + len(needle))
    return found


def _next_chars(stripped: str, text: str) -> list[str]:
    """pysbd's ``re.findall(r"(?<={" + re.escape(stripped) + "} ).{1}", text)``.

    The braces are literal (pysbd meant a format field), so there is nothing to find unless the
    text holds a "{".
    """
    if "{" not in text:
        return []
    found: list[str] = _compiled(r"(?<={" + re.escape(stripped) + "} ).{1}").findall(text)
    return found


# ListItemReplacer.ALPHABETICAL_LIST_WITH_PERIODS is "(?<=^)[a-z](?=\.)|(?<=\A)[a-z](?=\.)|
# (?<=\s)[a-z](?=\.)": a letter at the start or after whitespace, before a full stop. The same
# matches, in one branch.
_LETTER_BEFORE_STOP = r"(?<!\S)[a-z](?=\.)"
# Every branch of NUMBERED_LIST_REGEX_1 is one or two digits followed by ".\s" or ".)".
_NUMBER_BEFORE_STOP = re.compile(r"\d\.[\s)]")


class _ListItemReplacer(ListItemReplacer):  # type: ignore[misc]
    """pysbd's list-item pass; regexes that cannot match are not run (their results are empty).

    ``ALPHABETICAL_LIST_WITH_PARENS`` and ``NUMBERED_LIST_PARENS_REGEX`` need a ")".
    """

    def iterate_alphabet_array(
        self, regex: str, parens: bool = False, roman_numeral: bool = False
    ) -> Any:
        if regex == self.ALPHABETICAL_LIST_WITH_PARENS and ")" not in self.text:
            return self.text  # no list letters: the loop of the original does nothing
        if regex == self.ALPHABETICAL_LIST_WITH_PERIODS:
            regex = _LETTER_BEFORE_STOP
        return super().iterate_alphabet_array(regex, parens=parens, roman_numeral=roman_numeral)

    def scan_lists(
        self, regex1: str, regex2: str, replacement: str, strip: bool = False
    ) -> None:
        if regex1 == self.NUMBERED_LIST_REGEX_1 and not _NUMBER_BEFORE_STOP.search(self.text):
            return
        if regex1 == self.NUMBERED_LIST_PARENS_REGEX and ")" not in self.text:
            return
        super().scan_lists(regex1, regex2, replacement, strip=strip)


class _Processor(Processor):  # type: ignore[misc]
    text: str
    lang: Any

    def process(self) -> Any:
        """pysbd's ``Processor.process``, verbatim but for the list-item replacer."""
        if not self.text:
            return self.text
        self.text = self.text.replace("\n", "\r")
        li = _ListItemReplacer(self.text)
        self.text = li.add_line_break()
        self.replace_abbreviations()
        self.replace_numbers()
        self.replace_continuous_punctuation()
        self.replace_periods_before_numeric_references()
        self.text = Text(self.text).apply(
            self.lang.Abbreviation.WithMultiplePeriodsAndEmailRule,
            self.lang.GeoLocationRule, self.lang.FileFormatRule)
        postprocessed_sents = self.split_into_segments()
        return postprocessed_sents


class _English(English):  # type: ignore[misc]
    AbbreviationReplacer = _AbbreviationReplacer
    Processor = _Processor


def _span_end(text: str, end: int) -> int:
    # r"\s*" after the sentence: Python's \s on str is exactly str.isspace().
    while end < len(text) and text[end].isspace():
        end += 1
    return end


class FastSegmenter(pysbd.Segmenter):  # type: ignore[misc]
    """``pysbd.Segmenter(language="en", clean=False, char_span=True)``, same spans, faster.

    Not thread-safe (pysbd keeps the text on the instance): one instance per thread.
    """

    def __init__(self) -> None:
        super().__init__(language="en", clean=False, char_span=True)
        self.language_module = _English

    def sentences_with_char_spans(self, sentences: list[str]) -> list[Any]:
        """pysbd's span search without a regex per sentence.

        pysbd runs ``re.finditer(re.escape(sent) + r"\\s*", text)`` and keeps the first match
        ending after the previous span. A literal's matches are its occurrences found left to
        right, each search resuming where the previous match (sentence plus whitespace) ended,
        which is what the loop below does with ``str.find``.
        """
        text: str = self.original_text
        spans: list[Any] = []
        prior_end = 0
        for sent in sentences:
            if not sent:  # an empty pattern matches everywhere: leave that case to pysbd
                for match in re.finditer(r"\s*", text):
                    if match.end() > prior_end:
                        spans.append(TextSpan(match.group(), *match.span()))
                        prior_end = match.end()
                        break
                continue
            position = text.find(sent)
            while position >= 0:
                end = _span_end(text, position + len(sent))
                if end > prior_end:
                    spans.append(TextSpan(text[position:end], position, end))
                    prior_end = end
                    break
                position = text.find(sent, end)
        return spans
