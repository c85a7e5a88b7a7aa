"""Boilerplate rules: what is dropped (and by which named rule), and what must be kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.text.boilerplate import PATTERNS, Scope, boilerplate_reason, strip_boilerplate

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

DROPPED = [
    # From the seeds.
    ("advertisement", "advertisement"),
    ("Full story", "story_marker"),
    (
        "A military tank is seen on a street of Kherson, Ukraine March 1, 2022, in this screen "
        "grab from a video obtained by Reuters on March 2, 2022. VIDEO OBTAINED BY REUTERSvia "
        "REUTERS THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY.",
        "photo_caption_third_party",
    ),
    (
        "(At The Quint, we question everything. Play an active role in shaping our journalism "
        "by becoming a member today.)",
        "membership_promo",
    ),
    ("Ben Burke (Producer/Editor) contributed to this report.", "staff_credit"),
    (
        "VOA State Department Bureau Chief Nike Ching, national security correspondent Jeff "
        "Seldin and White House correspondent Anita Powell contributed to this report.",
        "staff_credit",
    ),
    ("(With inputs from Reuters and AP.)", "wire_credit"),
    (
        "Some information for this report came from The Associated Press, Agence France-Presse "
        "and Reuters.",
        "wire_credit",
    ),
    ("Little hope for peace talks", "subheading"),
    ("Russians still outside Kyiv", "subheading"),
    # Other outlets' usual junk.
    ("ADVERTISEMENT", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Read more: Russia shells Kharkiv", "story_marker"),
    ("Also Read: What we know about the talks", "story_marker"),
    (
        "A man walks past a destroyed building in Kharkiv, Ukraine, March 2, 2022. "
        "REUTERS/Oleksandr Lapshyn",
        "photo_caption_credit",
    ),
    ("FILE PHOTO: Russian President Vladimir Putin attends a meeting.", "photo_caption_credit"),
    (
        "Smoke rises over the city of Mariupol. (AP Photo/Evgeniy Maloletka)",
        "photo_caption_credit",
    ),
    (
        "A destroyed tank is pictured near Kyiv in this handout picture released by the Ukrainian "
        "military.",
        "photo_caption_seen",
    ),
    ("Subscribe now for unlimited access.", "membership_promo"),
    ("Sign up for our daily newsletter", "membership_promo"),
    (
        "(Reporting by Pavel Polityuk in Kyiv; Writing by Mark Trevelyan; Editing by Alex "
        "Richardson)",
        "staff_credit",
    ),
    ("Copyright 2022 The Associated Press. All rights reserved.", "copyright"),
    (
        "This material may not be published, broadcast, rewritten or redistributed.",
        "copyright",
    ),
    ("By Jane Doe and John Roe, Reuters", "byline"),
]

KEPT = [
    # Real sentences that share words with the rules above.
    "Finland applied to become a member of NATO.",
    "By Friday, Russian forces had encircled the city.",
    "Copyright lawsuits against the broadcaster rose in 2021.",
    "Reporting by the BBC showed the convoy had stalled.",
    "Photographs showed the tank on a street of Kherson.",
    "Reuters and AP both reported the explosion.",
    "The mayor said he would sign up for the evacuation list.",
    "Mykhailo Podolyak said the parties reached a tentative agreement.",
    "Kherson, a city of 280,000 people, is a strategic port to the Black Sea.",
    "\u201cI don\u2019t bite,\u201d Zelenskyy said.",
    "At the talks, we learned, both sides asked for corridors.",
]


@pytest.mark.parametrize(("paragraph", "rule"), DROPPED, ids=[r for _, r in DROPPED])
def test_dropped_by_named_rule(paragraph: str, rule: str) -> None:
    assert boilerplate_reason(paragraph) == rule
    assert strip_boilerplate(paragraph) == ""


@pytest.mark.parametrize("paragraph", KEPT)
def test_real_sentences_are_kept(paragraph: str) -> None:
    assert boilerplate_reason(paragraph) is None
    assert strip_boilerplate(paragraph) == paragraph


def test_every_paragraph_rule_has_an_example_above() -> None:
    exercised = {rule for _, rule in DROPPED}
    paragraph_rules = {p.name for p in PATTERNS if p.scope is Scope.PARAGRAPH}
    assert paragraph_rules == exercised
    assert len({p.name for p in PATTERNS}) == len(PATTERNS)
    assert all(p.description for p in PATTERNS)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Russian shells hit Freedom Square (AP Photo/Pavel Dorogoy) in central Kharkiv.",
            "Russian shells hit Freedom Square in central Kharkiv.",
        ),
        ("ADVERTISEMENT Russian forces took Kherson.", "Russian forces took Kherson."),
        ("Russian forces took Kherson. ADVERTISEMENT", "Russian forces took Kherson."),
    ],
)
def test_span_rules_cut_and_keep_the_rest(paragraph: str, expected: str) -> None:
    assert strip_boilerplate(paragraph) == expected


@pytest.mark.parametrize(
    ("seed", "gone", "kept"),
    [
        (
            "000",
            "THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY",
            "Gov. Hennadiy Lahuta said",
        ),
        ("002", "Full story", "Igor Konashenkov said"),
        ("002", "contributed to this report", "What are you afraid of?"),
        ("003", "Little hope for peace talks", "Despite little sign of a potential breakthrough"),
        ("003", "Russians still outside Kyiv", "A senior U.S. defense official"),
        ("003", "Some information for this report", "Another factor that may be helping"),
        ("004", "advertisement", "As the Russian onslaught"),
        ("004", "At The Quint", "Russian troops also bombed Kharkiv"),
        ("004", "With inputs from", "AP quoted Lavrov as saying"),
    ],
)
def test_seed_boilerplate(seed: str, gone: str, kept: str) -> None:
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    raw = path.read_text(encoding="utf-8")
    assert gone in raw
    cleaned = strip_boilerplate(raw)
    assert gone not in cleaned
    assert kept in cleaned
    # Paragraphs stay one per line, none merged.
    assert len(cleaned.splitlines()) < len([line for line in raw.splitlines() if line.strip()])
