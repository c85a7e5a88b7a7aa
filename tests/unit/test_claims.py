"""Check-worthiness of draft sentences and their offsets in the original text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.claims import ClaimSignal, SkipReason, find_claims, sentence_spans


def _collapsed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(
    ("sentence", "skip", "signals"),
    [
        ("Russian forces took control of Kherson on Thursday.", None,
         {ClaimSignal.DATE, ClaimSignal.NAMED_ENTITY, ClaimSignal.EVENT}),
        ("Kherson is a city of five million people.", None,
         {ClaimSignal.NUMBER, ClaimSignal.NAMED_ENTITY}),
        ("Nearly 9,000 Russians have been killed in one week, Zelenskyy said.", None,
         {ClaimSignal.NUMBER, ClaimSignal.ATTRIBUTION, ClaimSignal.EVENT}),
        ("Lavrov told reporters the peace talks would fail.", None, {ClaimSignal.ATTRIBUTION}),
        # Attributed opinions are checkable: that he said it is the fact.
        ("Zelensky said the West must send jets.", None, {ClaimSignal.ATTRIBUTION}),
        ("The summit will open on Monday in Geneva.", None, {ClaimSignal.DATE}),
        ("Is this the beginning of the end?", SkipReason.QUESTION, set()),
        ("I think the talks were a waste of time.", SkipReason.OPINION, set()),
        ("The government must act now.", SkipReason.OPINION, set()),
        ("The speech was brilliant.", SkipReason.OPINION, set()),
        ("Putin's speech was brilliant.", SkipReason.OPINION, set()),
        ("Ukraine will win.", SkipReason.OPINION, set()),
        ("The mood in the room was tense.", SkipReason.NO_CHECKABLE_FACT, set()),
        ("Everyone knows this.", SkipReason.NO_CHECKABLE_FACT, set()),
        ("Kherson fell.", SkipReason.TOO_SHORT, set()),
    ],
)
def test_check_worthiness(
    sentence: str, skip: SkipReason | None, signals: set[ClaimSignal]
) -> None:
    (assessment,) = find_claims(sentence)
    assert assessment.skip is skip, assessment
    assert signals <= set(assessment.signals)
    assert assessment.worthy is (skip is None)


def test_offsets_index_the_original_text_across_line_breaks_and_odd_spacing() -> None:
    text = (
        "  Is it over?\n\nRussian troops\nseized   Kherson on Thursday.  The mayor said the "
        "city of 280,000\u00a0people was calm. 👍 Kyiv held on 3 March."
    )
    spans = sentence_spans(text)
    assert [s.text for s in spans] == [
        "Is it over?",
        "Russian troops seized Kherson on Thursday.",
        "The mayor said the city of 280,000 people was calm.",
        "👍 Kyiv held on 3 March.",
    ]
    for span in spans:
        assert _collapsed(text[span.start : span.end]) == span.text
    assert text[spans[1].start : spans[1].end] == "Russian troops\nseized   Kherson on Thursday."


def test_a_repeated_sentence_gets_each_of_its_own_offsets() -> None:
    text = "Kherson fell on Thursday. Kherson fell on Thursday."
    starts = [s.start for s in sentence_spans(text)]
    assert starts == [0, 26]


def test_pronoun_attribution_carries_over_from_the_sentence_before() -> None:
    draft = "Foreign Minister Sergei Lavrov spoke in Moscow. He said the talks would go on."
    second = find_claims(draft)[1]
    assert ClaimSignal.ATTRIBUTION in second.signals


_WORDS = st.sampled_from(
    ["Kherson", "fell", "on", "Thursday", "280,000", "people", "said", "Lavrov", "the", "U.S.",
     "“quoted”", "Mr.", "3", "p.m.", "war", "👍", "é", "is", "it"]
)
_GAPS = st.sampled_from([" ", "  ", "\n", "\n\n", "\t", "\u00a0", " \r\n "])
_ENDS = st.sampled_from([".", "?", "!", ".”", ""])


@st.composite
def drafts(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        words = draw(st.lists(_WORDS, min_size=1, max_size=8))
        sentence = ""
        for word in words:
            sentence += word + draw(_GAPS)
        parts.append(sentence.rstrip() + draw(_ENDS))
    return draw(_GAPS).join(parts)


@settings(max_examples=300, deadline=None)
@given(drafts())
def test_every_span_covers_its_sentence_in_order(text: str) -> None:
    spans = sentence_spans(text)
    previous_end = 0
    for span in spans:
        assert span.start >= previous_end
        assert _collapsed(text[span.start : span.end]) == span.text
        previous_end = span.end
