"""Who a sentence is attributed to: reported speech and cited sources, found by rules.

No parser model can be downloaded here, so attribution is a table of cue patterns
(:data:`factcheck.text.cues.CUES`)
plus speaker extraction from the words around the cue. It is built for news English as wires and
outlets write it:

- ``X said ...``, ``..., X said.``, ``“...,” X said.``, ``X earlier told journalists ...``,
  ``X, a member of ..., said ...``, ``“...,” said the official, who ...``,
  ``..., indicated mayor X``
- ``..., according to X.``, ``..., citing X.``
- ``X ... , saying/writing/telling ...`` and ``X did Y ..., and warned ...`` (speaker: the subject)
- ``AP quoted X as saying``, ``X was quoted as saying``
- relays (``..., DW reported.``) count only when nothing else in the sentence names a speaker.

Across sentences (in reading order): a sentence whose speaker is he/she takes the speaker of the
sentence before when that one names a person; a sentence that opens with a quotation and has no cue
continues the previous sentence's quotation.

Known limits: no coreference beyond one sentence back; cue words inside quotation marks are
ignored (they are the speaker's words); a speaker named only in a long clause without punctuation
may be missed; passive reports ("was told") are skipped rather than inverted; one speaker per
sentence (the first in reading order; a relaying outlet only as a last resort).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from factcheck.documents import Attribution
from factcheck.text.cues import CUES, QUOTE_CHARS, Cue, CueKind
from factcheck.text.lexicon import (
    BEFORE_VERB,
    CLAUSE_OPENERS,
    DETERMINERS,
    INSTITUTIONS,
    NOT_SOURCES,
    PASSIVE,
    PREPOSITIONS,
    PRONOUNS,
    ROLE_NOUNS,
    SPEAKER_NOUNS,
    TIME_WORDS,
    TITLE_WORDS,
    VERBISH,
)

__all__ = ["attribute"]


# "according to data from X": X is the source.
_SOURCE_PREFIX = re.compile(
    r"^(?:(?:the )?(?:latest |new |official |preliminary )?(?:data|figures|estimates|statistics|"
    r"numbers|count|tally)\s+(?:released |published |compiled )?(?:from|by|of)\s+)",
    re.I,
)

_BOUNDARY = re.compile(
    r",(?=\s|$)\s*|;\s*|:(?=\s|$)\s*|[\"\u201c\u201d]|\s[-\u2013\u2014]\s|[\u2013\u2014()]"
)
# The speaker after the verb ends at punctuation or at a relative/prepositional tail.
_INVERTED_NP = re.compile(
    r"^\s+(?P<np>[^,.;:!?\"\u201c\u201d()]{1,80}?)(?=\s*(?:[,.;:!?\"\u201c\u201d(]|$)|"
    r"\s+(?:who|which|in|on|at|during|after|before|while|when|as|from|to|according)\b)"
)
_AFTER_NP = re.compile(
    r"^(?P<np>[^;:\"\u201c\u201d()]{1,120}?)(?=\s*(?:,\s|;|:|\s[-\u2013\u2014]\s|[\u2013\u2014(]|"
    r"\s(?:which|who|that|as|after|before|when|while)\b|[.!?][\"'\u201d\u2019]?\s*$|$))"
)
_CAPITALISED = re.compile(r"^[A-Z0-9][\w.'\u2019&-]*$")
_POSSESSIVE = re.compile(r"^[A-Z][\w.-]*['\u2019]s$")
_WINDOW = 300
_PUNCT_EDGES = " \t,;:.!?\"'\u201c\u201d\u2018\u2019"
_EDGE_PUNCT = _PUNCT_EDGES.replace(".", "")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-z]\.[A-Za-z]\.|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St)\.)$")


def _words(text: str) -> list[str]:
    return text.split()


def _is_capitalised(word: str) -> bool:
    return bool(_CAPITALISED.match(word)) and word.lower().rstrip(".") not in TIME_WORDS


def _quoted_mask(sentence: str) -> list[bool]:
    """True for characters inside double quotes; “ opens, ” closes, " toggles (they get mixed)."""
    mask: list[bool] = []
    inside = False
    for ch in sentence:
        if ch == "\u201c":
            mask.append(inside)
            inside = True
        elif ch == "\u201d":
            mask.append(inside)
            inside = False
        elif ch == '"':
            mask.append(inside)
            inside = not inside
        else:
            mask.append(inside)
    return mask


# ---------------------------------------------------------------------------------------------
# Speaker phrases


def _strip_openers(words: list[str]) -> list[str]:
    while words and words[0].lower() in CLAUSE_OPENERS:
        words = words[1:]
    return words


def _head_ok(words: list[str]) -> bool:
    """The head noun must be a name or a noun that can speak.

    English noun phrases end in their head, except that a prepositional tail follows it
    ("the mayor of Mariupol", "a spokeswoman for the ministry"). This is what rejects "Following
    days of disputed" (from "... disputed claims").
    """
    head = words[-1]
    for i in range(1, len(words)):
        if words[i].lower() in PREPOSITIONS:
            head = words[i - 1]
            break
    bare = head.strip(_PUNCT_EDGES)
    if bare.lower() in SPEAKER_NOUNS:
        return True
    return _is_capitalised(bare) and bare.lower() not in DETERMINERS


def _speaker_ok(words: list[str], *, max_words: int = 12) -> bool:
    if not words or len(words) > max_words:
        return False
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return True
    if any(w.lower() in VERBISH or any(q in w for q in QUOTE_CHARS) for w in words):
        return False
    first = words[0]
    first_ok = (
        _is_capitalised(first)
        or first.lower() in DETERMINERS
        or first.lower() in TITLE_WORDS
        or _POSSESSIVE.match(first) is not None
    )
    return first_ok and _head_ok(words)


def _trailing_name_run(words: list[str]) -> int:
    """Index where the run of capitalised words ending the phrase starts (len if none)."""
    i = len(words)
    while i > 0 and _is_capitalised(words[i - 1]):
        i -= 1
    return i


def _is_institution(words: list[str]) -> bool:
    return bool(words) and words[-1].lower().rstrip(".") in INSTITUTIONS


def _tidy(words: list[str]) -> list[str]:
    """Trim what is not the speaker: "A defiant Ukrainian President X" → "Ukrainian President X";
    "an attempt Mayor X" → "Mayor X"; "Ukraine's Defense Minister X" → "Defense Minister X"."""
    if len(words) >= 3 and words[0].lower() in {"a", "an", "the"}:
        start = _trailing_name_run(words)
        if (
            len(words) - start >= 2
            and not _is_institution(words)
            and words[start - 1].lower() not in PREPOSITIONS
        ):
            words = words[start:]
    if len(words) >= 3 and _POSSESSIVE.match(words[0]) and not _is_institution(words):
        rest = words[1:]
        if _is_capitalised(rest[-1]) and len(rest) - _trailing_name_run(rest) >= 2:
            words = rest
    return words


def _strip_edges(words: list[str]) -> list[str]:
    text = " ".join(words).strip(_EDGE_PUNCT)
    # A final full stop is the sentence's, unless it closes an abbreviation ("The U.N.").
    if text.endswith(".") and not _ABBREVIATION_END.search(text):
        text = text[:-1]
    return text.split()


def _finish(words: list[str], *, max_words: int = 12) -> str | None:
    words = _strip_openers(_strip_edges(words))
    if not _speaker_ok(words, max_words=max_words):
        return None
    return " ".join(_tidy(words))


def _segments(left: str) -> list[str]:
    return [s.strip() for s in _BOUNDARY.split(left)]


def _looks_like_name(segment: str) -> bool:
    words = _words(segment)
    return 1 <= len(words) <= 4 and all(_is_capitalised(w) for w in words)


def _subject(sentence: str) -> str | None:
    """The subject phrase opening a sentence, after an introductory phrase ("Despite X, ...")."""
    text = sentence.strip().lstrip(QUOTE_CHARS)[: 2 * _WINDOW]
    for _ in range(3):
        first = text.split(" ", 1)[0].lower().rstrip(",")
        intro = (
            first in CLAUSE_OPENERS
            or first in PREPOSITIONS
            or first in {"despite", "amid", "following", "under", "without", "asked", "earlier"}
            or first.endswith(("ing", "ly"))
        )
        comma = text.find(", ")
        if not intro or comma < 0:
            break
        text = text[comma + 2 :]
    words = _words(text)
    if words and words[0].lower() in PRONOUNS:
        return words[0]
    taken: list[str] = []
    for i, word in enumerate(words):
        bare = word.rstrip(",")
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if (
            (i == 0 and bare.lower() in DETERMINERS)
            or _is_capitalised(bare)
            or _POSSESSIVE.match(bare)
            or bare.lower() in TITLE_WORDS
            or (bare.lower() in {"of", "for", "and"} and _is_capitalised(nxt))
        ):
            taken.append(bare)
            if word.endswith(","):
                break
        else:
            break
    while taken and (taken[-1].lower() in DETERMINERS or taken[-1].lower() in PREPOSITIONS):
        taken.pop()
    if not taken:
        return None
    last = taken[-1]
    if not (_is_capitalised(last) or last.lower() in ROLE_NOUNS):
        return None
    return _finish(taken)


# ---------------------------------------------------------------------------------------------
# One cue, one speaker


def _before_verb(sentence: str, m: re.Match[str]) -> str | None:
    start = m.start("cue")
    # A speaker stands near its verb; the window keeps run-on "sentences" linear.
    left_words = _words(sentence[max(0, start - _WINDOW) : start])
    if start > _WINDOW:
        left_words = left_words[1:]  # may be cut mid-word
    while left_words and left_words[-1].lower().rstrip(",") in BEFORE_VERB:
        left_words.pop()
    if (
        left_words
        and left_words[-1].lower() in PASSIVE
        and not m.group("cue").startswith(("was", "were"))
    ):
        return None  # "civilians were denied access": passive, not a report
    left = " ".join(left_words)
    segments = _segments(left)
    last = segments[-1] if segments else ""
    if not _strip_openers(_words(last)):
        # Nothing between the last comma/quote and the verb.
        inverted = _INVERTED_NP.match(sentence[m.end("cue") :])
        if inverted is not None:
            speaker = _finish(_words(inverted.group("np")), max_words=8)
            if speaker is not None and speaker.lower() not in PRONOUNS:
                return speaker  # "“...,” said the official", "..., indicated mayor X"
        if _words(last) and _words(last)[0].lower() in {"and", "but"}:
            return _subject(sentence)  # "X recorded ..., and warned that ..."
        filled = [s for s in segments if s]
        if left.rstrip().endswith(",") and len(filled) >= 2:
            return _finish(_words(filled[-2]))  # "Roscosmos, the Russian space agency, said"
        return None
    words = _words(last)
    if words[-1].lower() in {"and", "but"}:
        return _subject(sentence)  # "X did A and warned B"
    filled = [s for s in segments if s]
    if (
        len(filled) == 2
        and words[0].lower() in {"a", "an"}
        and _looks_like_name(filled[0])
        and sentence.strip().startswith(filled[0])
    ):
        return _finish(_words(filled[0]))  # "Mykhailo Podolyak, a member of X's delegation said"
    return _finish(words)


def _after_cue(sentence: str, m: re.Match[str]) -> str | None:
    rest = sentence[m.end() :]
    np = _AFTER_NP.match(rest)
    if np is None:
        return None
    phrase = _SOURCE_PREFIX.sub("", np.group("np").strip())
    if phrase.lower().strip(_PUNCT_EDGES) in NOT_SOURCES:
        return None
    return _finish(_words(phrase))


def _quoted_as(sentence: str, m: re.Match[str]) -> str | None:
    return _finish(_words(m.group("speaker")), max_words=8)


def _participle(sentence: str, m: re.Match[str]) -> str | None:
    return _subject(sentence)


_EXTRACTORS: dict[CueKind, Callable[[str, re.Match[str]], str | None]] = {
    CueKind.BEFORE: _before_verb,
    CueKind.AFTER: _after_cue,
    CueKind.QUOTED_AS: _quoted_as,
    CueKind.PARTICIPLE: _participle,
}


def _cue_text(cue: Cue, m: re.Match[str]) -> str:
    if cue.kind is CueKind.QUOTED_AS:
        return "quoted as saying"
    text = " ".join(m.group("cue").lower().split())
    return re.sub(r"^(?:was|were) quoted .*$", "quoted as saying", text)


def _attribute_one(sentence: str) -> Attribution | None:
    # No quotation mark, nothing quoted: the mask (a list per character) is not needed.
    quoted = any(q in sentence for q in QUOTE_CHARS)
    mask = _quoted_mask(sentence) if quoted else None
    matches = sorted(
        (
            (m.start("cue"), order, cue, m)
            for order, cue in enumerate(CUES)
            for m in cue.regex.finditer(sentence)
            if mask is None or not mask[m.start("cue")]  # quoted: the speaker's words
        ),
        key=lambda item: (item[0], item[1]),
    )
    relayed: Attribution | None = None
    # The first cue in reading order with a speaker wins; a relay only if nothing else does.
    for _, _, cue, m in matches:
        speaker = _EXTRACTORS[cue.kind](sentence, m)
        if speaker is None:
            continue
        found = Attribution(speaker=speaker, cue=_cue_text(cue, m))
        if not cue.relay:
            return found
        relayed = relayed or found
    return relayed


# ---------------------------------------------------------------------------------------------
# Context: pronouns and continued quotations


def _names_person(speaker: str) -> bool:
    words = _words(speaker)
    return (
        bool(words)
        and words[0].lower() not in DETERMINERS
        and words[0].lower() not in PRONOUNS
        and _is_capitalised(words[-1])
        and not _is_institution(words)
    )


def _opens_with_quote(sentence: str) -> bool:
    return sentence.lstrip()[:1] in ("\u201c", '"')


def attribute(sentences: Sequence[str]) -> list[Attribution | None]:
    """One attribution per sentence, in order; None where the outlet speaks in its own voice.

    Example:
        >>> [a and (a.speaker, a.cue) for a in attribute([
        ...     "Kherson fell, Gov. Hennadiy Lahuta said.",
        ...     "He added that the city was calm.",
        ...     "The river is wide.",
        ... ])]
        [('Gov. Hennadiy Lahuta', 'said'), ('Gov. Hennadiy Lahuta', 'added'), None]
    """
    results: list[Attribution | None] = []
    previous: Attribution | None = None
    previous_sentence = ""
    for sentence in sentences:
        found = _attribute_one(sentence)
        if found is not None and found.speaker.lower() in PRONOUNS:
            speaker = _resolve(found.speaker, previous, previous_sentence)
            if speaker is not None:
                found = Attribution(speaker=speaker, cue=found.cue)
        elif found is None and previous is not None and _opens_with_quote(sentence):
            found = previous  # the quotation goes on
        results.append(found)
        previous, previous_sentence = found, sentence
    return results


def _resolve(pronoun: str, previous: Attribution | None, previous_sentence: str) -> str | None:
    if pronoun.lower() in {"he", "she"}:
        if previous is not None and _names_person(previous.speaker):
            return previous.speaker
        subject = _subject(previous_sentence) if previous_sentence else None
        if subject is not None and _names_person(subject):
            return subject
        return None
    if previous is not None and previous.speaker.lower() not in PRONOUNS:
        return previous.speaker  # it / they: an institution or a group
    return None
