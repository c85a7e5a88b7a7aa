"""Which sentences of a draft are worth checking, and where they sit in it.

An editor sends a whole draft; the plugin highlights the sentences that state checkable facts.
Sentences come from the indexer's own splitter (:func:`factcheck.text.sentences.split_sentences`),
so a draft is cut exactly like the articles it is checked against, and attributions from
:func:`factcheck.text.attribution.attribute`. Check-worthiness is a set of transparent rules, not a
model: an editor can see *why* a sentence was or was not checked (its signals or skip reason),
and no classifier trained on newsroom data could be downloaded here anyway.

A sentence is check-worthy when it carries at least one factual signal — a number, a date, a
named person or place, an attribution ("X said"), a reported event ("seized", "fled") — and is
not a question or an opinion. Questions and first-person or normative opinions are skipped unless
they are attributed to someone ("Zelensky said Ukraine must ...": that he said it is checkable).

Offsets are in Unicode code points of the original text (Python string indices), end exclusive.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from factcheck.text.attribution import attribute
from factcheck.text.sentences import split_sentences

__all__ = [
    "MAX_CLAIM_CHARS", "Assessment", "ClaimSignal", "SentenceSpan", "SkipReason", "assess",
    "find_claims", "sentence_spans",
]

MIN_WORDS = 3
# Longer than this is not one claim (and costs the stance model more than it can judge).
MAX_CLAIM_CHARS = 2000


class ClaimSignal(StrEnum):
    """Why a sentence was judged worth checking."""

    NUMBER = "number"
    DATE = "date"
    NAMED_ENTITY = "named_entity"
    ATTRIBUTION = "attribution"
    EVENT = "event"


class SkipReason(StrEnum):
    """Why a sentence of a draft was not checked."""

    QUESTION = "question"
    OPINION = "opinion"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NO_CHECKABLE_FACT = "no_checkable_fact"
    OVER_LIMIT = "over_limit"


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """A sentence as the splitter returns it and where it is in the original text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Assessment:
    span: SentenceSpan
    signals: tuple[ClaimSignal, ...]
    skip: SkipReason | None

    @property
    def worthy(self) -> bool:
        return self.skip is None


def sentence_spans(text: str) -> list[SentenceSpan]:
    """Split ``text`` into sentences with their offsets in ``text``.

    The splitter collapses whitespace runs (line breaks inside a paragraph included), so each
    sentence is found again in the original as its words separated by any whitespace, searching
    on from the end of the previous one.

    Example:
        >>> [(s.text, s.start, s.end) for s in sentence_spans("Kyiv held.\\n\\nKherson  fell.")]
        [('Kyiv held.', 0, 10), ('Kherson fell.', 12, 26)]
    """
    spans: list[SentenceSpan] = []
    cursor = 0
    for sentence in split_sentences(text):
        pattern = r"\s+".join(re.escape(word) for word in sentence.split(" "))
        found = re.compile(pattern).search(text, cursor)
        if found is None:  # pragma: no cover - the splitter only ever drops whitespace
            raise AssertionError(f"sentence not found in the original text: {sentence!r}")
        spans.append(SentenceSpan(sentence, found.start(), found.end()))
        cursor = found.end()
    return spans


# -- signals ------------------------------------------------------------------------------------


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD = re.compile(r"[^\W\d_]+(?:['\u2019.-][^\W\d_]+)*\.?|\d[\d.,:/%-]*")
_NUMBER_WORDS = _wordset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
    "fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions "
    "billion billions trillion dozen dozens percent half twice thrice first second third "
    "quarter"
)
_DATE_WORDS = _wordset(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight tomorrow "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec week month year decade century"
)
# Past-tense verbs that report an event: what a newsroom checks ("seized", "fled", "voted").
_EVENT_WORDS = _wordset(
    "killed died wounded injured seized captured took taken fell fallen launched attacked "
    "bombed shelled invaded occupied entered withdrew retreated surrendered arrived left met "
    "signed agreed voted passed approved rejected vetoed banned imposed lifted won lost elected "
    "resigned appointed fired arrested charged convicted sentenced released freed fled evacuated "
    "destroyed damaged struck hit exploded crashed collapsed rose dropped increased decreased "
    "doubled tripled halved reached closed opened cut raised lowered announced confirmed denied "
    "declared reported published sanctioned suspended blocked stormed shot detained deployed "
    "mobilised mobilized ordered"
)
# A capitalised sentence opener is a name only when it is not one of the words every sentence
# may start with.
_COMMON_OPENERS = _wordset(
    "a an the this that these those it its he she they we i you his her their our my your "
    "there here what when where why how who which while after before since as if but and or so "
    "yet also however meanwhile still then now in on at by for from with without of to into "
    "despite although though because during over under about all some many most more several "
    "no not one every each both either neither such only even just is are was were be do does "
    "did can could will would shall should may might must has have had everyone everybody "
    "everything someone somebody something nobody nothing none anyone anything people "
    "let please yes"
)

# -- skips --------------------------------------------------------------------------------------

_QUESTION_END = re.compile(r"\?[\"'\u201d\u2019)\]]*\s*$")
_OPINION = re.compile(
    r"\b(?:I|we)\s+(?:really\s+)?(?:think|believe|feel|guess|suppose|reckon|hope|wish|doubt)\b"
    r"|\bin\s+(?:my|our)\s+(?:view|opinion)\b|\bto\s+me\b|\bI'm\s+sure\b|\blet's\b"
    r"|\b(?:should|ought\s+to|must)\b",
    re.IGNORECASE,
)
# Judgements and predictions with no fact to check: "The speech was brilliant.", "Ukraine will
# win." They do not skip a sentence that also carries a number, a date, an attribution or an
# event ("The summit will open on Monday" is checkable).
_EVALUATIVE = _wordset(
    "brilliant terrible awful great wonderful amazing outrageous ridiculous disgrace disgraceful "
    "shameful shameless pathetic beautiful ugly stupid silly wise foolish heroic cowardly "
    "excellent horrible horrific fantastic nice bad good best worst sad tragic boring "
    "inspiring embarrassing unacceptable admirable"
)
_PREDICTION = _wordset("will won't shall going")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _lowered(words: Sequence[str]) -> list[str]:
    return [w.lower().rstrip(".") for w in words]


def _signals(sentence: str, *, attributed: bool) -> tuple[ClaimSignal, ...]:
    words = _words(sentence)
    lowered = _lowered(words)
    found: list[ClaimSignal] = []
    if any(w[0].isdigit() for w in words) or any(w in _NUMBER_WORDS for w in lowered):
        found.append(ClaimSignal.NUMBER)
    if any(w in _DATE_WORDS for w in lowered) or re.search(r"\b(?:1[89]|20)\d{2}\b", sentence):
        found.append(ClaimSignal.DATE)
    if _has_name(words):
        found.append(ClaimSignal.NAMED_ENTITY)
    if attributed:
        found.append(ClaimSignal.ATTRIBUTION)
    if any(w in _EVENT_WORDS for w in lowered):
        found.append(ClaimSignal.EVENT)
    return tuple(found)


def _has_name(words: Sequence[str]) -> bool:
    for position, word in enumerate(words):
        if not word[0].isupper() or word.lower().rstrip(".") in _DATE_WORDS or word == "I":
            continue
        if position > 0:
            return True
        if word.lower() not in _COMMON_OPENERS:
            return True
    return False


def assess(sentence: SentenceSpan, *, attributed: bool) -> Assessment:
    """Decide whether one sentence is worth checking.

    Example:
        >>> span = SentenceSpan("Kherson has 280,000 inhabitants.", 0, 32)
        >>> a = assess(span, attributed=False)
        >>> a.worthy, [s.value for s in a.signals]
        (True, ['number', 'named_entity'])
    """
    text = sentence.text
    words = _words(text)
    signals = _signals(text, attributed=attributed)

    def skipped(reason: SkipReason) -> Assessment:
        return Assessment(sentence, signals, reason)

    if len(words) < MIN_WORDS:
        return skipped(SkipReason.TOO_SHORT)
    if not attributed and _QUESTION_END.search(text):
        return skipped(SkipReason.QUESTION)
    if not attributed and _OPINION.search(text):
        return skipped(SkipReason.OPINION)
    hard = {ClaimSignal.NUMBER, ClaimSignal.DATE, ClaimSignal.ATTRIBUTION, ClaimSignal.EVENT}
    judgement = any(w in _EVALUATIVE or w in _PREDICTION for w in _lowered(words))
    if judgement and not hard.intersection(signals):
        return skipped(SkipReason.OPINION)
    if not signals:
        return skipped(SkipReason.NO_CHECKABLE_FACT)
    return Assessment(sentence, signals, None)


def find_claims(text: str) -> list[Assessment]:
    """Every sentence of ``text`` in order, each assessed; the worthy ones have ``skip=None``.

    Example:
        >>> [(a.span.text, a.skip) for a in find_claims("Is it over? Kherson fell on Thursday.")]
        [('Is it over?', <SkipReason.QUESTION: 'question'>), ('Kherson fell on Thursday.', None)]
    """
    spans = sentence_spans(text)
    attributions = attribute([s.text for s in spans])
    return [
        assess(span, attributed=attribution is not None)
        for span, attribution in zip(spans, attributions, strict=True)
    ]
