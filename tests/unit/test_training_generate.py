"""Generated training pairs: minimal-edit contradictions with support twins, topic neutrals."""

from __future__ import annotations

import json
import random
import re
from collections import Counter

import pytest

from factcheck.stance.base import StanceLabel
from training import data, generate
from training.data import Pair

# Statements with a number, a date, a verb that negates and a name: every kind of edit fits one.
NEWS_SENTENCES = [
    "Russian troops seized the regional government building in Kherson on Thursday.",
    "More than 1 million people have fled the country since the invasion began last month.",
    "The central bank raised its main interest rate to 5 percent at its meeting in March.",
    "The delegations met in Belarus and agreed to hold a third round of talks next week.",
]


def rng() -> random.Random:
    return random.Random(3)


def test_core_claim_drops_the_attribution() -> None:
    core = generate.core_claim("Russian troops seized the city council building, officials said.")
    assert core == "Russian troops seized the city council building"
    assert generate.core_claim("Too short, he said.") is None


def test_number_edit_changes_the_count() -> None:
    text = "The storm destroyed 1,200 homes in the province"
    edited = generate.edit_number(text, rng())
    assert edited is not None and edited != text
    assert "1,200" not in edited and edited.startswith("The storm destroyed ")


def test_date_edit_changes_the_weekday() -> None:
    edited = generate.edit_date("The mayor resigned on Thursday after the vote", rng())
    assert edited is not None and "Thursday" not in edited
    assert any(day in edited for day in generate._WEEKDAYS)


def test_yet_to_edit_denies_the_event() -> None:
    edited = generate.edit_yet_to("Putin and Zelenskyy met in Istanbul last week", rng())
    assert edited in {
        "Putin and Zelenskyy have yet to meet in Istanbul last week",
        "Putin and Zelenskyy did not meet in Istanbul last week",
    }


def test_negation_edit_adds_or_removes_not() -> None:
    assert generate.edit_negation("The bridge was not damaged in the attack", rng()) == (
        "The bridge was damaged in the attack"
    )
    assert generate.edit_negation("The bridge was damaged in the attack", rng()) == (
        "The bridge was not damaged in the attack"
    )


def test_control_edit_turns_a_capture_into_its_denial() -> None:
    edited = generate.edit_control("Russian troops seized Kherson on Wednesday", rng())
    assert edited is not None and "Kherson" in edited and "seized" not in edited


SENTENCES = [
    "The storm destroyed 1,200 homes in the coastal province of Leyte, officials said.",
    "Police arrested the suspect on Monday after a two-week search across the county.",
    "The company announced that profits rose by 12 percent in the third quarter this year.",
    "Officials confirmed that the bridge was closed to traffic for the rest of the week.",
    "Senator Warren met with union leaders in Boston to discuss the new labor proposal.",
    "Rebel fighters captured Aleppo after weeks of heavy fighting in the northern region.",
    "The museum opened its new wing in 2014 with a collection of modern sculpture and art.",
] * 3


def test_minimal_edits_come_in_twins_with_the_same_passage() -> None:
    pairs = generate.minimal_edits(SENTENCES, n=40, seed=1, mirror=0.0)
    assert pairs
    by_passage: dict[tuple[str, str], Counter[StanceLabel]] = {}
    for p in pairs:
        by_passage.setdefault((p.passage, p.source), Counter())[p.label] += 1
    for counts in by_passage.values():
        # Each support has its edited twin: a contradiction, or a neutral name swap.
        twins = counts[StanceLabel.CONTRADICTS] + counts[StanceLabel.NEUTRAL]
        assert counts[StanceLabel.SUPPORTS] == twins
    assert all(p.source.endswith(":entity") for p in pairs if p.label is StanceLabel.NEUTRAL)
    supports = {p.claim for p in pairs if p.label is StanceLabel.SUPPORTS}
    contradicts = {p.claim for p in pairs if p.label is StanceLabel.CONTRADICTS}
    assert not supports & contradicts


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("Kharkiv is the capital of Ukraine", StanceLabel.CONTRADICTS),
        ("Vadym Boichenko is the mayor of Kherson", StanceLabel.CONTRADICTS),
        ("Mariupol was the first Ukrainian city to fall", StanceLabel.CONTRADICTS),
        ("The call was initiated by Macron", StanceLabel.CONTRADICTS),
        ("Russian troops seized Kharkiv on Thursday", StanceLabel.NEUTRAL),
        ("Senator Sanders met with union leaders in Boston", StanceLabel.NEUTRAL),
        ("Lavrov told journalists that the talks would go on", StanceLabel.NEUTRAL),
    ],
)
def test_a_name_swap_contradicts_only_a_statement_with_one_holder(
    claim: str, label: StanceLabel
) -> None:
    assert generate.entity_swap_label(claim) is label


def test_a_time_edit_moves_the_time_and_nothing_else() -> None:
    rng = random.Random(0)
    text = "Delegations met for a second round of talks on Thursday afternoon"
    edited = generate.edit_time(text, rng)
    assert edited is not None and edited != text
    assert edited.startswith("Delegations met for a second round of talks on Thursday ")
    assert edited.rsplit(" ", 1)[1] in {"morning", "evening"}
    assert generate.edit_time("Prices rose by 4 percent", rng) is None


def test_mirrored_edits_put_the_edited_claim_in_the_passage() -> None:
    pairs = generate.minimal_edits(SENTENCES, n=40, seed=1, mirror=1.0)
    mirrored = [p for p in pairs if p.source.endswith(":mirror")]
    assert mirrored
    for p in mirrored:
        neutral_swap = p.source.endswith(":entity:mirror") and p.label is StanceLabel.NEUTRAL
        assert p.label is StanceLabel.CONTRADICTS or neutral_swap
    for p in mirrored:
        # The mirror of a twin: its passage is the twin's edited claim, its claim the unedited one.
        assert p.passage not in SENTENCES and p.passage != p.claim
        assert any(p.claim == q.claim and q.label is StanceLabel.SUPPORTS for q in pairs)
        assert p.passage in {q.claim for q in pairs if q.label is p.label}
    assert len(mirrored) == sum(1 for p in pairs if p.label is StanceLabel.SUPPORTS)


def test_topic_neutrals_are_on_topic_and_never_the_evidence() -> None:
    stories = [
        (
            "Kherson city council votes to stay in Ukraine",
            ["The Kherson city council voted to remain part of Ukraine on Tuesday."],
            [
                "Kherson is a port city on the Dnipro river with a shipyard.",
                "The weather in Lisbon was mild.",
                "The Kherson city council votes to stay in Ukraine, its mayor said.",
            ],
        ),
        (
            "Kherson mayor says the city is running out of food",
            ["The mayor of Kherson said food and medicine were running out."],
            ["Trains to Kherson were cancelled for the week."],
        ),
    ]
    pairs = generate.topic_neutrals(stories, n=10, seed=0)
    assert pairs and all(p.label is StanceLabel.NEUTRAL for p in pairs)
    evidence = {s for _, ev, _ in stories for s in ev}
    for p in pairs:
        assert p.passage not in evidence
        assert "Kherson" in p.passage  # on topic
        assert p.passage != "The Kherson city council votes to stay in Ukraine, its mayor said."


def test_embedded_claims_label_the_operator_not_the_overlap() -> None:
    pairs = generate.embedded_claims(SENTENCES, n=60, seed=2)
    assert pairs
    by_claim: dict[str, dict[StanceLabel, list[str]]] = {}
    for p in pairs:
        # Every passage carries the claim itself (first letter aside): only the operator differs.
        assert p.claim[1:] in p.passage
        by_claim.setdefault(p.claim, {}).setdefault(p.label, []).append(p.passage)
    demands = [p for p in pairs if p.label is StanceLabel.NEUTRAL]
    denials = [p for p in pairs if p.label is StanceLabel.CONTRADICTS]
    assert demands and denials
    assert all(p.source.endswith(":non_factive") for p in demands)
    assert all(any(w in p.passage for w in ("denied", "rejected", "not true")) for p in denials)
    # Each claim comes with a neutral twin and a supporting one.
    for labels in by_claim.values():
        assert {StanceLabel.NEUTRAL, StanceLabel.SUPPORTS} <= labels.keys()


def test_embedded_claims_skip_quotes_and_first_person() -> None:
    quoted = ['"We will not give up the city," the mayor told reporters on Monday evening.'] * 5
    assert generate.embedded_claims(quoted, n=10, seed=0) == []


def test_title_claims_support_the_office_held_and_contradict_another() -> None:
    sentences = [
        "Foreign Minister Sergey Lavrov told reporters Thursday that the talks would go on.",
        "The decision was made by Defense Secretary Lloyd Austin, officials said on Friday.",
    ]
    pairs = generate.title_claims(sentences, n=10, seed=0)
    supports = {p.claim for p in pairs if p.label is StanceLabel.SUPPORTS}
    contradicts = [p.claim for p in pairs if p.label is StanceLabel.CONTRADICTS]
    assert {s.split(" is ")[-1].split(" as ")[-1] for s in supports} == {
        "a foreign minister",
        "a defense secretary",
    }
    assert len(contradicts) == 2
    assert not any(c.endswith(("a foreign minister", "a defense secretary")) for c in contradicts)


def test_number_rewordings_support_the_bound_a_count_meets() -> None:
    sentences = [
        "Russia has launched 480 missiles since the invasion began, officials said.",
        "Just over 1 million people have fled the destruction, according to the United Nations.",
        "On September 11 the towers fell and 30 to 40 people were seen on the roof.",
        "The company paid $300,000 for a plot of land in a gated community last year.",
    ]
    pairs = generate.number_rewordings(sentences, n=100, seed=1)
    by_label = {(p.passage[:12], p.label): p.claim for p in pairs}
    assert by_label[("Russia has l", StanceLabel.SUPPORTS)] == (
        "Russia has launched more than 400 missiles since the invasion began"
    )
    assert by_label[("Russia has l", StanceLabel.CONTRADICTS)] == (
        "Russia has launched fewer than 200 missiles since the invasion began"
    )
    # a lower bound: the same bound in other words supports, a higher one is neither
    support = by_label[("Just over 1 ", StanceLabel.SUPPORTS)]
    assert support.startswith("More than ") and "million people have fled" in support
    assert by_label[("Just over 1 ", StanceLabel.CONTRADICTS)].startswith("Fewer than ")
    assert by_label[("Just over 1 ", StanceLabel.NEUTRAL)].startswith("More than 2 million")
    # dates, ranges and money are not counts to reword
    assert {p.passage[:12] for p in pairs} == {"Russia has l", "Just over 1 "}


def test_the_long_joint_mix_leaves_out_denials(monkeypatch: pytest.MonkeyPatch) -> None:
    from training import mix

    sentences = [
        "Russian troops seized the regional government building in the port city on Thursday.",
        "The central bank left its main interest rate unchanged at its meeting this week.",
        "Poland has taken in hundreds of thousands of refugees from the neighbouring country.",
    ] * 4
    monkeypatch.setattr(generate, "fnc_train_sentences", lambda: sentences)
    pairs = mix.JOINT_LONG_MIX["generated_embedded_claims"].load()
    assert pairs, "the generator made no pairs from the sentences"
    kinds = Counter(p.source.split(":")[-1] for p in pairs)
    assert kinds["denial"] == 0 and kinds["factive"] > 0 and kinds["non_factive"] > 0
    assert {p.label for p in pairs} == {StanceLabel.SUPPORTS, StanceLabel.NEUTRAL}
    # everything else of the joint mix is unchanged
    assert {k: v for k, v in mix.JOINT_LONG_MIX.items() if k in mix.JOINT_MIX} == mix.JOINT_MIX


def test_embedded_edits_contradict_the_long_passage_that_states_the_claim() -> None:
    sentences = NEWS_SENTENCES * 3
    factive = {
        (p.claim, p.passage)
        for p in generate.embedded_claims(sentences, n=400, seed=4)
        if p.label is StanceLabel.SUPPORTS
    }
    pairs = generate.embedded_edits(sentences, n=40, seed=4)
    assert pairs
    supported_passages = {passage for _, passage in factive}
    for p in pairs:
        # the passage is a long support of some claim, and the claim is that claim edited
        assert p.passage in supported_passages
        assert (p.claim, p.passage) not in factive
        kind = p.source.split(":")[-1]
        expected = (
            generate.entity_swap_label(p.claim) if kind == "entity" else StanceLabel.CONTRADICTS
        )
        assert p.label is expected
    kinds = Counter(p.source.split(":")[-1] for p in pairs)
    assert {"number", "negation"} <= kinds.keys()
    assert max(kinds.values()) <= (3 * 40) // 10  # no kind crowds out the others


def test_the_twins_mix_adds_only_the_edited_claims() -> None:
    from training import mix

    extra = set(mix.JOINT_TWINS_MIX) - set(mix.JOINT_LONG_MIX)
    assert extra == {"generated_embedded_edits"}
    assert {k: v for k, v in mix.JOINT_TWINS_MIX.items() if k in mix.JOINT_LONG_MIX} == (
        mix.JOINT_LONG_MIX
    )


def test_reworded_twins_pair_each_edit_with_a_reworded_support_of_the_same_passage() -> None:
    sentences = NEWS_SENTENCES * 3
    pairs = generate.embedded_edits(sentences, n=40, seed=4, reworded_supports=True)
    supports = [p for p in pairs if p.source.endswith(":reworded")]
    edits = [p for p in pairs if not p.source.endswith(":reworded")]
    assert supports and len(supports) == len(edits)
    assert all(p.label is StanceLabel.SUPPORTS for p in supports)
    assert all(p.label is not StanceLabel.SUPPORTS for p in edits)
    # every edit's passage also carries a support, and the support is not the edited claim
    supported = {(p.passage, p.claim) for p in supports}
    assert {p.passage for p in edits} <= {passage for passage, _ in supported}
    assert not {(p.passage, p.claim) for p in edits} & supported
    assert max(Counter(p.source for p in edits).values()) <= (3 * 20) // 10


def test_entailment_twins_keep_every_support_and_edit_its_claim() -> None:
    from training.data import Pair

    given = [
        Pair(
            "Pope Benedict XVI is the new leader of the Roman Catholic Church.",
            "Catholics gathered in Chicago to mark the installation of new Pope Benedict XVI.",
            StanceLabel.SUPPORTS,
            "rte",
        ),
        Pair(
            "Five people were killed in the attack on Monday.",
            "At least five people were killed when a bomb exploded on Monday, police said.",
            StanceLabel.SUPPORTS,
            "rte",
        ),
    ]
    out = generate.entailment_twins(given, seed=2)
    supports = {(p.claim, p.passage) for p in out if p.label is StanceLabel.SUPPORTS}
    assert supports == {(g.claim.rstrip("."), g.passage) for g in given}
    edits = [p for p in out if not p.source.endswith(":support")]
    assert edits  # "were killed" can always be negated or the number / day changed
    for p in edits:
        assert p.passage in {g.passage for g in given}
        assert p.claim not in {g.claim.rstrip(".") for g in given}


def test_the_mirror_mix_changes_only_the_edits_and_adds_rte() -> None:
    from training import mix

    assert set(mix.JOINT_MIRROR_MIX) - set(mix.JOINT_TWINS_MIX) == {"rte_entailment_twins"}
    kept = set(mix.JOINT_LONG_MIX)
    assert {k: v for k, v in mix.JOINT_MIRROR_MIX.items() if k in kept} == mix.JOINT_LONG_MIX


def test_the_reworded_mix_is_the_mirror_mix_without_rte() -> None:
    from training import mix

    without_rte = {k: v for k, v in mix.JOINT_MIRROR_MIX.items() if k != "rte_entailment_twins"}
    assert without_rte == mix.JOINT_REWORDED_MIX


def test_entailment_twins_can_keep_only_close_rewordings() -> None:
    from training.data import Pair

    close = Pair(
        "Five people were killed in the attack on Monday.",
        "At least five people were killed when a bomb exploded in an attack on Monday.",
        StanceLabel.SUPPORTS,
        "rte",
    )
    loose = Pair(
        "Rabies is fatal in humans.",
        "Rabies virus infects the central nervous system, causing ultimately death.",
        StanceLabel.SUPPORTS,
        "rte",
    )
    kept = generate.entailment_twins([close, loose], seed=2, min_overlap=0.75)
    assert {p.passage for p in kept} == {close.passage}
    assert len(generate.entailment_twins([close, loose], seed=2)) > len(kept)


def test_the_close_mix_adds_only_the_close_rte_twins() -> None:
    from training import mix

    assert set(mix.JOINT_CLOSE_MIX) - set(mix.JOINT_REWORDED_MIX) == {"rte_close_entailment_twins"}


# Two short stories: each sentence shares a word with another of its own story, none with the
# other story's.
STORIES = [
    [
        "Rebel fighters captured the northern city of Aleppo after weeks of heavy fighting.",
        "Government troops said the city of Aleppo was still under their control on Monday.",
        "The fighting in the northern region has forced thousands of families from their homes.",
    ],
    [
        "The museum opened its new wing in 2014 with a collection of modern sculpture.",
        "Visitors to the museum can see the sculpture collection free of charge on Sundays.",
        "The new wing was designed by a local architect who grew up near the harbour.",
    ],
]


def test_scoped_claims_label_the_clause_that_holds_the_claim() -> None:
    pairs = generate.scoped_claims(STORIES, n=40, seed=3)
    assert pairs
    asserted = [p for p in pairs if p.source.endswith(":asserted")]
    doubted = [p for p in pairs if p.source.endswith(":doubted")]
    assert asserted and doubted
    assert all(p.label is StanceLabel.SUPPORTS for p in asserted)
    assert all(p.label is StanceLabel.NEUTRAL for p in doubted)
    doubters = ("denied", "rejected", "too early", "not yet clear")
    for p in doubted:
        # The claim stands after the denial or doubt, never before it.
        at = p.passage.find(p.claim[1:])
        assert at > 0
        assert any(0 <= p.passage.find(w) < at for w in doubters)
    for p in asserted:
        assert any(w in p.passage for w in doubters)

    # The two twins of one claim share every word: only the scope differs.
    def words(text: str) -> list[str]:
        return sorted(re.findall(r"\w+", text.lower()))

    asserted_words = [words(q.passage) for q in asserted]
    assert sum(words(p.passage) in asserted_words for p in doubted) >= len(doubted) // 2


def test_scoped_claims_doubt_a_sentence_of_the_same_story() -> None:
    story_of = {generate.core_claim(s): i for i, story in enumerate(STORIES) for s in story}
    for p in generate.scoped_claims(STORIES, n=40, seed=3):
        if p.source.endswith(":doubted"):
            other = [c for c in story_of if c and c[1:] in p.passage and c != p.claim]
            assert len(other) == 1
            assert story_of[other[0]] == story_of[p.claim]


def test_scoped_claims_never_doubt_the_claim_they_assert() -> None:
    one = ["Police arrested the suspect on Monday after a two-week search across the county."]
    assert generate.scoped_claims([one * 4], n=10, seed=0) == []


def test_the_scoped_mix_adds_only_the_scoped_claims() -> None:
    from training import mix

    assert set(mix.JOINT_SCOPED_MIX) - set(mix.JOINT_TWINS_MIX) == {"generated_scoped_claims"}
    assert {k: v for k, v in mix.JOINT_SCOPED_MIX.items() if k in mix.JOINT_TWINS_MIX} == (
        mix.JOINT_TWINS_MIX
    )


NLI_PAIRS = [
    Pair(
        "Rebels took the city.",
        "Rebel fighters captured Aleppo after weeks of heavy fighting.",
        StanceLabel.SUPPORTS,
        "t",
    ),
    Pair(
        "The museum is closed.",
        "The museum opened its new wing with a collection of modern sculpture.",
        StanceLabel.CONTRADICTS,
        "t",
    ),
    Pair(
        "The bridge is old.",
        "The bridge was closed to traffic for the rest of the week.",
        StanceLabel.NEUTRAL,
        "t",
    ),
    Pair(
        "The suspect was caught.",
        "Police said they arrested the suspect after a two-week search.",
        StanceLabel.SUPPORTS,
        "t",
    ),
] * 5


def test_attributed_nli_keeps_the_label_of_a_reported_premise() -> None:
    pairs = generate.attributed_nli(NLI_PAIRS, n=40, seed=5)
    assert pairs
    labels = {p.claim: p.label for p in NLI_PAIRS}
    premises = {p.claim: p.passage.rstrip(".") for p in NLI_PAIRS}
    for p in pairs:
        # Neutral pairs and premises already reported ("Police said ...") are left out.
        assert p.claim in ("Rebels took the city.", "The museum is closed.")
        assert premises[p.claim][1:] in p.passage
        if p.source.endswith(":doubted"):
            assert p.label is StanceLabel.NEUTRAL and labels[p.claim] is StanceLabel.SUPPORTS
        else:
            assert p.label is labels[p.claim]
    assert {p.source.split(":")[1] for p in pairs} == {"reported", "scoped", "doubted"}


def test_the_attributed_mix_adds_only_the_attributed_nli() -> None:
    from training import mix

    assert set(mix.JOINT_ATTRIBUTED_MIX) - set(mix.JOINT_SCOPED_MIX) == {
        "generated_attributed_nli"
    }


def test_attributed_nli_can_keep_only_close_rewordings() -> None:
    close = Pair(
        "Rebel fighters captured Aleppo.",
        "Rebel fighters captured Aleppo after weeks of heavy fighting.",
        StanceLabel.SUPPORTS,
        "t",
    )
    loose = Pair(
        "The city fell.",
        "Rebel fighters captured Aleppo after weeks of heavy fighting.",
        StanceLabel.SUPPORTS,
        "t",
    )
    pairs = generate.attributed_nli([close, loose] * 5, n=20, seed=1, min_overlap=0.5)
    assert pairs and {p.claim for p in pairs} == {close.claim}
    assert {p.claim for p in generate.attributed_nli([close, loose] * 5, n=20, seed=1)} == {
        close.claim,
        loose.claim,
    }


@pytest.mark.parametrize(
    ("name", "times"), [("joint_attributed_cf", 2), ("joint_attributed_cf3", 3)]
)
def test_the_cf_mixes_repeat_each_climate_fever_train_pair(
    monkeypatch: pytest.MonkeyPatch, name: str, times: int
) -> None:
    from training import mix

    cf_mix = mix.MIXES[name]
    changed = {k for k, v in cf_mix.items() if mix.JOINT_ATTRIBUTED_CLOSE_MIX[k] != v}
    assert changed == {"climate_fever_train"}
    assert set(cf_mix) == set(mix.JOINT_ATTRIBUTED_CLOSE_MIX)
    one = [Pair("c", "p", StanceLabel.NEUTRAL, "climate_fever")]
    monkeypatch.setattr(mix.data, "load_climate_fever", lambda split: list(one))
    assert cf_mix["climate_fever_train"].load() == one * times
    # The share grows with the copies, so a pass takes each pair as often as the mix says.
    base_share = mix.JOINT_ATTRIBUTED_CLOSE_MIX["climate_fever_train"].share
    assert cf_mix["climate_fever_train"].share == pytest.approx(times * base_share)


def test_the_fnc_mix_doubles_only_fnc1s_share() -> None:
    from training import mix

    fnc_mix = mix.MIXES["joint_attributed_cf_fnc"]
    base = mix.JOINT_ATTRIBUTED_CF_MIX
    assert set(fnc_mix) == set(base)
    assert {k for k, v in fnc_mix.items() if base[k] != v} == {"fnc1_train"}
    assert fnc_mix["fnc1_train"].share == pytest.approx(2 * base["fnc1_train"].share)
    assert fnc_mix["fnc1_train"].load is base["fnc1_train"].load



def test_the_written_mix_offers_every_written_train_pair_three_times_and_no_dev_pair() -> None:
    from training import data, mix

    written_mix = mix.MIXES["joint_attributed_cf_written"]
    base = mix.JOINT_ATTRIBUTED_CF_MIX
    assert set(written_mix) == set(base) | {"team_written"}
    assert all(written_mix[k] == base[k] for k in base)
    source = written_mix["team_written"]
    train = data.load_written("train")
    dev_passages = {p.passage for p in data.load_written("dev")}
    taken = source.load()
    assert Counter(taken) == {p: 3 for p in train}
    assert not any(p.passage in dev_passages for p in taken)
    # At the recipe's budget (--stance-pairs 48000) the share draws each train pair at most three
    # times and, on average, about once at least (v47: 11,520 draws for 11,562 pairs, 0.996 each;
    # v49, at the share of 0.27: 12,960 draws for 12,929 pairs, 1.002 each; v56, at 0.29:
    # 13,920 draws for 13,984 pairs, 0.995 each).
    # A written file that outgrows the share fails here: more pairs then need a decision on the
    # share, not a silent thinning of each pair's weight.
    draws_per_pair = round(48_000 * source.share) / len(train)
    assert draws_per_pair >= 0.95


def test_the_written_nli_fnc_mix_only_doubles_fnc1() -> None:
    from training import mix

    base = mix.MIXES["joint_attributed_cf_written_nli"]
    fnc_mix = mix.MIXES["joint_attributed_cf_written_nli_fnc"]
    assert set(fnc_mix) == set(base)
    assert {k for k, v in fnc_mix.items() if base[k] != v} == {"fnc1_train"}
    assert fnc_mix["fnc1_train"].share == pytest.approx(2 * base["fnc1_train"].share)


def test_the_roles_and_slots_mixes_add_second_draws_of_written_train_pairs_only() -> None:
    from training import mix

    base = mix.MIXES["joint_attributed_cf_written_nli75_fnc"]
    roles = mix.MIXES["joint_attributed_cf_written_roles_nli75_fnc"]
    slots = mix.MIXES["joint_attributed_cf_written_slots_nli75_fnc"]
    assert set(roles) - set(base) == {"team_written_roles"}
    assert all(roles[k] == base[k] for k in base)
    assert set(slots) - set(roles) == {"team_written_slots"}
    assert all(slots[k] == roles[k] for k in roles)

    train = set(data.load_written("train"))
    dev_passages = {p.passage for p in data.load_written("dev")}
    role_pairs = roles["team_written_roles"].load()
    assert role_pairs and set(role_pairs) <= train
    assert {p.group for p in role_pairs} == {"role_swap", "entity_swap"}
    assert len(role_pairs) == sum(p.group in {"role_swap", "entity_swap"} for p in train)
    slot_pairs = slots["team_written_slots"].load()
    assert slot_pairs and set(slot_pairs) <= train
    assert not any(p.passage in dev_passages for p in role_pairs + slot_pairs)
    # Only the eleventh session's batch: its passages are none of the older files'.
    rows = [json.loads(line) for line in data.WRITTEN_PATH.open(encoding="utf-8")]
    older = {r["passage"] for r in rows if r["id"].rsplit("-", 1)[0] not in mix.SLOTS_BATCH}
    assert not any(p.passage in older for p in slot_pairs)


def test_polarity_rewordings_support_a_synonym_and_contradict_an_opposite() -> None:
    sentence = "The government lifted the ban on public gatherings, officials said."
    core = "The government lifted the ban on public gatherings"
    reworded = {core.replace("lifted", w) for w in ("removed", "scrapped", "waived")}
    opposite = {core.replace("lifted", w) for w in ("imposed", "tightened")}
    pairs = generate.polarity_rewordings([sentence] * 3, n=10, seed=1)
    for p in pairs:
        if p.label == StanceLabel.CONTRADICTS:
            assert p.claim in opposite and p.passage == sentence
        elif p.passage == sentence:
            assert p.label == StanceLabel.SUPPORTS and p.claim in reworded
        else:  # the mirror: the original core against its rewording
            assert p.label == StanceLabel.SUPPORTS and p.claim == core and p.passage in reworded
    assert Counter(p.label for p in pairs) == {StanceLabel.SUPPORTS: 6, StanceLabel.CONTRADICTS: 3}


def test_polarity_rewordings_skip_other_senses_of_the_verb() -> None:
    sentences = [
        "The footage ended up on a website, police said.",
        "The teacher was suspended from work on Monday.",
    ]
    assert generate.polarity_rewordings(sentences, n=10, seed=1) == []
