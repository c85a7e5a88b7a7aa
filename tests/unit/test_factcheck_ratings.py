from __future__ import annotations

import json
from collections import Counter

import pytest

from factcheck.factchecks.ratings import NORMALISED_RATINGS, TEXTUAL_RATINGS, normalise_rating
from tests.unit.shared_factchecks import shared


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("False", "false"),
        ("FALSE", "false"),
        ("Pants on Fire", "false"),
        ("Incorrect \r", "false"),
        ("mostly-false", "mostly_false"),
        ("Mostly false", "mostly_false"),
        ("Partlyfalse", "mostly_false"),
        ("Half true", "mixed"),
        ("Missing context", "mixed"),
        ("Misleading", "mixed"),
        ("mostly-true", "mostly_true"),
        ("correct-attribution", "true"),
        ("Altered Photo/Video", "false"),
        ("Unproven", "unverifiable"),
    ],
)
def test_common_english_ratings(text: str, expected: str) -> None:
    assert normalise_rating(text) == expected


@pytest.mark.parametrize(
    "text", ["legend", "scam", "Satire", "Falsch", "Reker hat das nie gesagt."]
)
def test_unknown_words_stay_other(text: str) -> None:
    assert normalise_rating(text) == "other"


def test_words_win_over_an_inconsistent_number() -> None:
    # Real exports carry "False" with ratingValue 5 of 5 (ClaimsKG samples).
    assert normalise_rating("False", value="5", best="5", worst="1") == "false"


@pytest.mark.parametrize(
    ("value", "best", "worst", "expected"),
    [
        ("1", "5", "1", "false"),
        ("2", "5", "1", "mostly_false"),
        ("3", "5", "1", "mixed"),
        (4, 5, 1, "mostly_true"),
        ("5", "5", "1", "true"),
        ("1", "6", "1", "false"),
    ],
)
def test_a_complete_scale_rates_an_unknown_word(
    value: object, best: object, worst: object, expected: str
) -> None:
    assert normalise_rating("Zum Teil falsch", value=value, best=best, worst=worst) == expected


@pytest.mark.parametrize(
    ("value", "best", "worst"),
    [("", "5", "1"), ("1", "", "1"), ("1", "5", None), ("7", "5", "1"), ("2", "2", "2"),
     (True, 5, 1), ("x", "5", "1")],
)
def test_an_incomplete_scale_is_not_guessed_from(
    value: object, best: object, worst: object
) -> None:
    assert normalise_rating(None, value=value, best=best, worst=worst) == "other"


def test_every_snopes_rating_word_maps_to_a_value_of_the_scale() -> None:
    words = Counter(
        json.loads(line)["reviewRating"]["alternateName"]
        for line in shared("snopes-claimreview.jsonl").open(encoding="utf-8")
    )
    mapped = {word: normalise_rating(word) for word in words}
    assert set(mapped.values()) <= set(NORMALISED_RATINGS)
    assert mapped["false"] == "false" and mapped["mixture"] == "mixed"
    # Snopes' categories that say nothing about truth stay unknown.
    assert mapped["legend"] == mapped["outdated"] == mapped["scam"] == "other"


def test_the_table_only_holds_values_of_the_scale() -> None:
    assert set(TEXTUAL_RATINGS.values()) <= set(NORMALISED_RATINGS) - {"other"}
