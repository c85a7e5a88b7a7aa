"""Sentence splitting and the cross-outlet match key, on seed sentences and realistic news text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factcheck.text.sentences import match_key, paragraphs, split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Foreign Minister Sergei Lavrov earlier told journalists that Ukraine would be "
            "demilitarized even if a peace agreement were signed. He blamed Ukraine for a delay in "
            'talks, claiming that the Ukrainians were "receiving instructions from Washington."',
            [
                "Foreign Minister Sergei Lavrov earlier told journalists that Ukraine would be "
                "demilitarized even if a peace agreement were signed.",
                "He blamed Ukraine for a delay in talks, claiming that the Ukrainians were "
                '"receiving instructions from Washington."',
            ],
            id="seed-000-two-sentences",
        ),
        pytest.param(
            "Roscosmos said it will no longer service the engines for the Pentagon.It also will "
            "cut off the supply of the RD-181 engines.",
            [
                "Roscosmos said it will no longer service the engines for the Pentagon.",
                "It also will cut off the supply of the RD-181 engines.",
            ],
            id="missing-space-after-full-stop",
        ),
        pytest.param(
            "Russian forces have occupied the building, Gov. Hennadiy Lahuta said, but a "
            "spokeswoman denied it. The mayor of Mariupol said shelling has cut off water.",
            [
                "Russian forces have occupied the building, Gov. Hennadiy Lahuta said, but a "
                "spokeswoman denied it.",
                "The mayor of Mariupol said shelling has cut off water.",
            ],
            id="gov-abbreviation",
        ),
        pytest.param(
            "A U.S. defense official said Washington was unable to confirm the development. "
            "U.S. Secretary of State Antony Blinken said the United States remains open.",
            [
                "A U.S. defense official said Washington was unable to confirm the development.",
                "U.S. Secretary of State Antony Blinken said the United States remains open.",
            ],
            id="us-abbreviation",
        ),
        pytest.param(
            "He added that \u201cno promises\u201d were made to the Russians. The mayor of "
            "2,90,000 locals said, \u201cSo far so good. The flag flying above us is Ukrainian. "
            'And for it to stay that way, these requirements must be met."',
            [
                "He added that \u201cno promises\u201d were made to the Russians.",
                "The mayor of 2,90,000 locals said, \u201cSo far so good. The flag flying above us "
                'is Ukrainian. And for it to stay that way, these requirements must be met."',
            ],
            id="seed-004-indian-digits-and-mismatched-quotes",
        ),
        pytest.param(
            "Meanwhile, in a tweet, the Foreign Minister of Russia stated, \u201cWe hope that they "
            'bring about an end to this situation."',
            [
                "Meanwhile, in a tweet, the Foreign Minister of Russia stated, \u201cWe hope that "
                'they bring about an end to this situation."',
            ],
            id="no-lone-closing-quote",
        ),
        pytest.param(
            'A defiant Ukrainian President Volodymyr Zelensky said Thursday: "So many times they '
            "wanted to destroy us. But they couldn't.\"",
            [
                'A defiant Ukrainian President Volodymyr Zelensky said Thursday: "So many times '
                "they wanted to destroy us. But they couldn't.\"",
            ],
            id="quotation-keeps-its-speaker",
        ),
        pytest.param(
            "More than 1 million refugees have left Ukraine, according to data from UNHCR, the "
            "U.N. refugee agency. The exodus is set to become Europe's wo",
            [
                "More than 1 million refugees have left Ukraine, according to data from UNHCR, "
                "the U.N. refugee agency."
            ],
            id="truncated-paragraph",
        ),
        pytest.param(
            "The talks ended at 5 p.m. Thursday. Delegations left at 9 a.m. EST on Friday.",
            [
                "The talks ended at 5 p.m. Thursday.",
                "Delegations left at 9 a.m. EST on Friday.",
            ],
            id="clock-times",
        ),
        pytest.param(
            "Sen. Joe Manchin, D-W.Va., voted no. The bill passed.",
            ["Sen. Joe Manchin, D-W.Va., voted no.", "The bill passed."],
            id="state-abbreviation",
        ),
        pytest.param(
            "Kherson, a city of 280,000 people, is a strategic port. Prices rose 3.5% in Feb. "
            "The bank said it was 1.5 points.",
            [
                "Kherson, a city of 280,000 people, is a strategic port.",
                "Prices rose 3.5% in Feb.",
                "The bank said it was 1.5 points.",
            ],
            id="numbers",
        ),
        pytest.param(
            "Negotiators for Ukraine\u00a0demanded a ceasefire,   officials said.",
            ["Negotiators for Ukraine demanded a ceasefire, officials said."],
            id="whitespace-collapsed",
        ),
        pytest.param(
            "\u201cI don\u2019t bite,\u201d Zelenskyy said. \u201cWhat are you afraid of?\u201d",
            [
                "\u201cI don\u2019t bite,\u201d Zelenskyy said.",
                "\u201cWhat are you afraid of?\u201d",
            ],
            id="curly-quotes-kept-for-display",
        ),
        pytest.param("", [], id="empty"),
        pytest.param("Little hope for peace talks", [], id="no-complete-sentence"),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_paragraphs_are_never_joined_across_lines() -> None:
    # The first line is cut mid-sentence; the next one starts a new paragraph, not its rest.
    text = "The exodus is set to become Europe's wo\nMUKACHEVO, Ukraine - Russian troops advanced."
    assert split_sentences(text) == ["MUKACHEVO, Ukraine - Russian troops advanced."]


def test_hard_wrapped_lines_are_one_paragraph() -> None:
    text = "Russian troops have seized\nthe port city of Kherson, officials said.\n\nKyiv held."
    assert paragraphs(text) == [
        "Russian troops have seized the port city of Kherson, officials said.",
        "Kyiv held.",
    ]
    assert split_sentences(text) == [
        "Russian troops have seized the port city of Kherson, officials said.",
        "Kyiv held.",
    ]


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_sentences_are_complete_and_single_line(seed: Path) -> None:
    sentences = split_sentences(seed.read_text(encoding="utf-8"))
    assert sentences
    for sentence in sentences:
        assert "\n" not in sentence
        assert sentence == sentence.strip()
        assert re.search(r"[.!?\u2026][\"'\u201d\u2019)\]]*$|[\"\u201d]$", sentence), sentence
    assert not any(s.endswith("Europe's wo") for s in sentences)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            "Kherson\u2019s mayor said: \u201cWe cannot count.\u201d",
            'Kherson\'s mayor said: "We cannot count."',
            id="curly-vs-straight-quotes",
        ),
        pytest.param(
            "A convoy - stalled by low morale - remained within 20 miles.",
            "A convoy\u2014stalled by low morale\u2014remained within 20 miles.",
            id="dash-styles",
        ),
        pytest.param(
            "Russian  troops\u00a0seized the city.",
            "RUSSIAN TROOPS SEIZED THE CITY.",
            id="case-and-whitespace",
        ),
        pytest.param(
            "The talks were called a \u00absuccess\u00bb.",
            'The talks were called a "success".',
            id="guillemets",
        ),
        pytest.param(
            "Over\u00adall, 1\u2009500 died.", "Overall, 1 500 died.", id="invisible-chars"
        ),
    ],
)
def test_match_key_folds_typesetting(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kherson has 280,000 residents.", "Kherson has 300,000 residents."),
        ("Russia controls Kherson.", "Ukraine controls Kherson."),
        ("The ceasefire held.", "The ceasefire held?"),
    ],
)
def test_match_key_keeps_different_claims_apart(a: str, b: str) -> None:
    assert match_key(a) != match_key(b)
