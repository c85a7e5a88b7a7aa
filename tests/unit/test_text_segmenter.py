"""FastSegmenter gives exactly pysbd's spans, on text built to reach every branch it changes."""

from __future__ import annotations

import random
from pathlib import Path

import pysbd
import pytest

from factcheck.text.segmenter import FastSegmenter
from factcheck.text.sentences import _SEGMENTER_FOLD, paragraphs

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Abbreviations of every kind pysbd knows (prepositive "Gen.", number "No."/"pp.", plain "Inc.",
# with inner dots "e.g."/"Ph.D"), in every casing, before lower/upper case words, digits,
# brackets, line starts and ends; list markers; a literal "{al} " that pysbd's next-word pattern
# does match; repeated spellings (the replacements pysbd repeats and FastSegmenter skips).
CASES = [
    "Gen. Smith met Col. Jones and Capt. Lee at 5 p.m. Thursday. They left.",
    "See No. 5 and pp. 10-12 of Art. 3. Also art. 4 and ART. 5 were cited.",
    "Acme Inc. said sales rose. Acme inc. and ACME INC. are the same company.",
    "He has a Ph.D. from MIT, e.g. in physics, i.e. science. The U.S. economy grew.",
    "Al. Smith and al. smith and AL. SMITH met. Also, all of them agreed.",
    "Mr. Smith went to Washington. Mrs. Smith stayed. Dr. Who? Prof. X!",
    "The fig. 3 shows it. Fig. 4 does not. Est. 1990, the firm grew; est. costs fell.",
    "Items: 1. apples 2. pears 3. plums. Then a) one b) two c) three.",
    "Steps i. first ii. second iii. third. Then (a) x (b) y (c) z. And 1) one 2) two 3) three.",
    "a. Alpha b. Beta c. Gamma. See (iv) and (v) below. Item 9. then 10. and 0. next.",
    "Brace {al} Test. Then {al} x. And {co} Y. Done.",
    "No.\nCo. Ltd. is here. co. is there.",
    "vs. the rest, ca. 1900, approx. 5 km. It ended.",
    "Sen. Joe Manchin, D-W.Va., voted no. The bill failed.",
    "“Quoted,” he said. 'Single' quotes. (Parens.) [Brackets.] Done!",
    "Tab\there. Newline\nthere. Vertical\x0bthere. NBSP\u00a0there. Done.",
    "Caf\u00e9 Co. opened.\u2003Al. Smith\u3000al. x and\u00a0Inc. y \u2014 Gen. Z left.",
    "\u017ft. Non-ASCII Kelvin \u212a. Ünïcödé Co. works. İstanbul Inc. too.",
    "",
    " ",
    "No terminal punctuation at all",
    "...",
    "A. B. C. D.",
]


def _spans(segmenter: pysbd.Segmenter, text: str) -> list[tuple[str, int, int]]:
    return [(s.sent, s.start, s.end) for s in segmenter.segment(text)]


@pytest.mark.parametrize("text", CASES)
def test_same_spans_as_pysbd(text: str) -> None:
    reference = pysbd.Segmenter(language="en", clean=False, char_span=True)
    assert _spans(FastSegmenter(), text) == _spans(reference, text)


def test_same_spans_on_the_seeds_and_shuffled_abbreviation_soup() -> None:
    reference = pysbd.Segmenter(language="en", clean=False, char_span=True)
    fast = FastSegmenter()
    texts = [
        p.translate(_SEGMENTER_FOLD)
        for seed in sorted(SEEDS.glob("*.txt"))
        for p in paragraphs(seed.read_text(encoding="utf-8-sig"))
    ]
    words = " ".join(CASES).split()
    rng = random.Random(7)
    texts += [" ".join(rng.choices(words, k=60)) for _ in range(40)]
    for text in texts:
        assert _spans(fast, text) == _spans(reference, text), text


def test_whitespace_table_is_what_regex_calls_whitespace() -> None:
    import re
    import sys

    from factcheck.text.segmenter import WHITESPACE

    every = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if re.match(r"\s", c))
    assert sorted(WHITESPACE) == sorted(every)
