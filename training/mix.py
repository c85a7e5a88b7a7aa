"""The training mixes of the two stages, by source, with their shares and licences.

Stage ``nli`` (general inference) and stage ``stance`` (news / claim stance, topic-only neutrals,
minimal-edit contradictions, and a replay of general NLI so it is not forgotten). Each source has
a *share* of its stage's pair budget (``--nli-pairs`` / ``--stance-pairs``); a source with fewer
pairs than its share gives all it has. Licences as stated in ``/work/shared/train/README.md``;
vitaminc (BIG-bench canary), fever_symmetric (overlaps FEVER dev), anli_dev (CC BY-NC) and sick
(CC BY-NC-SA) are evaluation only and appear nowhere here. lingnli's ``val`` split and the
Climate-FEVER dev / test claims are kept out for monitoring and evaluation.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass

from training import data, generate, teacher
from training.data import Pair

log = logging.getLogger("training.mix")


@dataclass(frozen=True)
class Source:
    load: Callable[[], list[Pair]]
    share: float
    licence: str


def _fnc(unrelated: float) -> list[Pair]:
    return data.load_fnc_style("fnc1", "train", unrelated_as_neutral=unrelated)


NLI_MIX: dict[str, Source] = {
    "lingnli_train": Source(
        lambda: data.load_nli("lingnli", splits={"train"}), 0.34, "none stated (MNLI premises)"
    ),
    "mnli_dev_matched": Source(
        lambda: data.load_nli("mnli_dev_matched"), 0.16, "repo MIT; MNLI per its paper"
    ),
    "snli_dev": Source(
        lambda: data.load_nli("snli_dev_test", splits={"dev"}), 0.12, "CC BY-SA 4.0"
    ),
    "conjnli": Source(lambda: data.load_nli("conjnli"), 0.10, "MIT (Wikipedia text CC BY-SA)"),
    "snli_counterfactual_train": Source(
        lambda: data.load_nli("snli_counterfactual", splits={"train"}), 0.10, "Apache-2.0"
    ),
    "fever_nli_binary": Source(
        lambda: data.load_nli("fever_nli_binary"), 0.12, "none stated (FEVER CC BY-SA 3.0)"
    ),
    "perspectrum_train": Source(
        lambda: data.load_nli("perspectrum", splits={"train"}), 0.04, "CC BY-SA 4.0"
    ),
    "wice_dev": Source(
        lambda: data.load_nli("wice", splits={"dev"}), 0.02, "ODC-BY; CC BY-SA text"
    ),
}


def _edits(mirror: float = 0.5) -> list[Pair]:
    # Half the edits mirrored (the edited claim as the passage): run v5s showed "met" vs "have
    # yet to meet" then reads as contradicts (0.60, was 0.38 without).
    return generate.minimal_edits(generate.fnc_train_sentences(), n=8000, seed=21, mirror=mirror)


def _embedded() -> list[Pair]:
    return generate.embedded_claims(generate.fnc_train_sentences(), n=6000, seed=25)


def _titles() -> list[Pair]:
    return generate.title_claims(generate.fnc_train_sentences(), n=3000, seed=26)


def _rewordings() -> list[Pair]:
    return generate.number_rewordings(generate.fnc_train_sentences(), n=3000, seed=27)


def _news_neutrals() -> list[Pair]:
    return generate.topic_neutrals(generate.fnc_train_stories(), n=5000, seed=22)


def _cf_neutrals() -> list[Pair]:
    return generate.topic_neutrals(generate.climate_fever_train_pages(), n=2000, seed=23)


def _nli_replay() -> list[Pair]:
    rng = random.Random(24)
    pool = [p for name, s in NLI_MIX.items() if name != "wice_dev" for p in s.load()]
    rng.shuffle(pool)
    return pool


STANCE_MIX: dict[str, Source] = {
    "climate_fever_train": Source(
        lambda: data.load_climate_fever("train"), 0.15, "none stated (Wikipedia text)"
    ),
    "fnc1_train": Source(lambda: _fnc(0.03), 0.15, "none stated (UKP repo Apache-2.0)"),
    "arc_train": Source(
        lambda: data.load_fnc_style("arc", "train", unrelated_as_neutral=0.05),
        0.04,
        "UKP repo Apache-2.0",
    ),
    "emergent_train": Source(lambda: data.load_emergent("train"), 0.04, "none stated"),
    "generated_minimal_edits": Source(_edits, 0.14, "from FNC-1 train bodies"),
    # A claim under "demanded that" / "confirmed that" / "denied that", with more around it.
    "generated_embedded_claims": Source(_embedded, 0.08, "from FNC-1 train bodies"),
    "generated_titles": Source(_titles, 0.03, "from FNC-1 train bodies"),
    "generated_topic_neutrals_news": Source(_news_neutrals, 0.08, "from FNC-1 train stories"),
    "generated_topic_neutrals_wiki": Source(
        _cf_neutrals, 0.04, "from Climate-FEVER train claims' pages"
    ),
    # v4's 0.18 cost 2.6 points of MNLI mismatched in this stage; v5s's 0.30 kept lingnli val
    # (0.663 -> 0.661, against 0.649 -> 0.629 with 0.18).
    "nli_replay": Source(_nli_replay, 0.25, "the stage-1 sources"),
}

# One pass of general NLI and stance together, for a model that has been through both stages
# (v4): every sequential stage so far traded one for the other (MODEL_CARD.md, runs not shipped).
# Half the pairs are general NLI; the other half keeps v4's own stance shares (commit 681570a:
# no embedded claims or titles, edits not mirrored), whose same-topic neutrals held on the seeds.
_JOINT_STANCE = 0.5 / 0.82  # v4's stance sources summed to 0.82 beside its 0.18 of replay
JOINT_MIX: dict[str, Source] = {
    "climate_fever_train": Source(
        STANCE_MIX["climate_fever_train"].load, 0.18 * _JOINT_STANCE, "none stated (Wikipedia)"
    ),
    "fnc1_train": Source(STANCE_MIX["fnc1_train"].load, 0.20 * _JOINT_STANCE, "UKP Apache-2.0"),
    "arc_train": Source(STANCE_MIX["arc_train"].load, 0.05 * _JOINT_STANCE, "UKP Apache-2.0"),
    "emergent_train": Source(
        STANCE_MIX["emergent_train"].load, 0.05 * _JOINT_STANCE, "none stated"
    ),
    "generated_minimal_edits": Source(
        lambda: _edits(mirror=0.0), 0.18 * _JOINT_STANCE, "from FNC-1 train bodies"
    ),
    "generated_topic_neutrals_news": Source(
        _news_neutrals, 0.10 * _JOINT_STANCE, "from FNC-1 train stories"
    ),
    "generated_topic_neutrals_wiki": Source(
        _cf_neutrals, 0.06 * _JOINT_STANCE, "from Climate-FEVER train claims' pages"
    ),
    # Run v9 had no rewordings and 0.5 of replay: it read "Just over 1 million people have fled"
    # as contradicting "Over a million people have fled Ukraine" (0.79).
    "generated_number_rewordings": Source(_rewordings, 0.05, "from FNC-1 train bodies"),
    "nli_replay": Source(_nli_replay, 0.45, "the stage-1 sources"),
}



def _embedded_without_denials() -> list[Pair]:
    # The rules read "X denied that P" as no evidence for P (rules/hedges.py, the news contrast
    # set's labels); the generator's denials say "contradicts". Leave them out here.
    return [p for p in _embedded() if not p.source.endswith(":denial")]


# The joint mix plus long supports: a claim stated with a dateline, an attribution or a second
# clause around it ("supports"), beside the same claim under a demand or a hope ("neutral").
# Shipped v13 reads such sentences as neutral (supports 0.2-0.5 for a seed sentence stating
# the claim; MODEL_CARD.md, "Known weaknesses"). Run v14 measures whether this fixes it.
JOINT_LONG_MIX: dict[str, Source] = {
    **JOINT_MIX,
    "generated_embedded_claims": Source(
        _embedded_without_denials, 0.06, "from FNC-1 train bodies"
    ),
}


def _embedded_edits() -> list[Pair]:
    return generate.embedded_edits(generate.fnc_train_sentences(), n=3000, seed=28)


# joint_long plus the contradicting twins of its long supports: the same long passage against the
# claim with one fact edited. Run v14 (joint_long) was the best run on the seeds' long sentences
# but read more contradictions as support on the news contrast set (0.640, v13 0.664).
JOINT_TWINS_MIX: dict[str, Source] = {
    **JOINT_LONG_MIX,
    "generated_embedded_edits": Source(_embedded_edits, 0.04, "from FNC-1 train bodies"),
}



def _reworded_twins() -> list[Pair]:
    return generate.embedded_edits(
        generate.fnc_train_sentences(), n=6000, seed=28, reworded_supports=True
    )


def _rte_twins() -> list[Pair]:
    # Every split: RTE is in no held-out set (eval.stance.held_out_sets).
    return generate.entailment_twins(data.load_nli("rte"), seed=29)


# joint_twins with each contradicting twin beside a reworded support of the same long passage,
# plus news entailments in other words (RTE) and their edited twins. Run v15 (joint_twins) read
# fewer contradictions as support than v13 but called paraphrased support "contradicts"
# (news contrast paraphrases 0.86 -> 0.64); the edits were the only claims it saw that differ
# from their passage.
JOINT_MIRROR_MIX: dict[str, Source] = {
    **JOINT_LONG_MIX,
    "generated_embedded_edits": Source(_reworded_twins, 0.08, "from FNC-1 train bodies"),
    "rte_entailment_twins": Source(_rte_twins, 0.052, "none stated (RTE, newswire)"),
}

# joint_mirror without RTE: run v17 (joint_mirror) read paraphrases well (news contrast 0.84)
# but took topic for support more often than v15 (contradictions read as support 25 -> 41 of
# 120) and same-topic sentences for support (14 -> 21 of 127): RTE's entailments are often
# looser inferences than a newsroom may call support.
JOINT_REWORDED_MIX: dict[str, Source] = {
    **JOINT_LONG_MIX,
    "generated_embedded_edits": JOINT_MIRROR_MIX["generated_embedded_edits"],
}



def _close_rte_twins() -> list[Pair]:
    return generate.entailment_twins(data.load_nli("rte"), seed=29, min_overlap=0.75)


# joint_reworded plus the RTE entailments that reword their passage closely (three quarters of
# the claim's content words in it): v17 showed RTE fixes paraphrases, v18 that the reworded
# twins alone keep the false supports down but do not.
JOINT_CLOSE_MIX: dict[str, Source] = {
    **JOINT_REWORDED_MIX,
    "rte_close_entailment_twins": Source(_close_rte_twins, 0.03, "none stated (RTE, newswire)"),
}

def _rte_not_entailed(repeat: int = 1) -> list[Pair]:
    return repeat * data.load_not_entailed("rte", exclude=teacher.read_contradictions())


# joint_close plus RTE's non-entailments as neutral (less the ones the shipped v15 reads as
# contradictions, training/teacher.py): v17 and v19 showed human rewordings fix paraphrases but
# raise the contradictions read as support (25 -> 38-41 of 120). These are the same kind of
# news passage and claim, sharing most words, where the passage does *not* say the claim; v15
# reads 729 of the 1,370 as supports.
JOINT_NOT_ENTAILED_MIX: dict[str, Source] = {
    **JOINT_CLOSE_MIX,
    "rte_not_entailed": Source(_rte_not_entailed, 0.022, "none stated (RTE, newswire)"),
}

# joint_not_entailed with each non-entailment seen twice: run v20 (joint_not_entailed) kept every
# seed criterion and cut the contradictions read as support from v19's 38 to 32 of 120, still
# above v15's 25.
JOINT_NOT_ENTAILED_TWICE_MIX: dict[str, Source] = {
    **JOINT_CLOSE_MIX,
    "rte_not_entailed": Source(
        lambda: _rte_not_entailed(repeat=2), 0.044, "none stated (RTE, newswire)"
    ),
}
def _scoped() -> list[Pair]:
    return generate.scoped_claims(generate.fnc_train_bodies(), n=4000, seed=30)


# joint_twins plus two-clause attributed passages (generate.scoped_claims): runs v22 and v24
# (joint_twins on v22n) read fewer contradictions as support than v15 but put the seeds'
# "X occupied Y, the governor said, but a spokeswoman denied Z" on the support threshold.
JOINT_SCOPED_MIX: dict[str, Source] = {
    **JOINT_TWINS_MIX,
    "generated_scoped_claims": Source(_scoped, 0.04, "from FNC-1 train bodies"),
}

def _attributed_nli() -> list[Pair]:
    return generate.attributed_nli(data.load_nli("lingnli", splits={"train"}), n=4000, seed=31)


# joint_scoped plus human rewordings under an attribution (generate.attributed_nli): runs v25 and
# v26 (joint_scoped) read the fewest contradictions as support yet (20 / 18 of 120) but lost the
# seeds' regional-building claim, stated in other words under "Gov. Hennadiy Lahuta said".
JOINT_ATTRIBUTED_MIX: dict[str, Source] = {
    **JOINT_SCOPED_MIX,
    "generated_attributed_nli": Source(_attributed_nli, 0.05, "from lingnli train pairs"),
}

def _close_attributed_nli() -> list[Pair]:
    return generate.attributed_nli(
        data.load_nli("lingnli", splits={"train"}), n=4000, seed=31, min_overlap=0.5
    )


# joint_attributed with only the close rewordings (half the claim's content words in the
# premise): run v27 (joint_attributed) kept the seeds' regional-building claim but read more
# contradictions as support (27 of 120, v26 18) and listed "The U.N. body ... expects 4 million
# people could leave Ukraine" as support for "More than 1 million refugees have left Ukraine".
JOINT_ATTRIBUTED_CLOSE_MIX: dict[str, Source] = {
    **JOINT_SCOPED_MIX,
    "generated_attributed_nli": Source(_close_attributed_nli, 0.05, "from lingnli train pairs"),
}

# joint_attributed_close with each Climate-FEVER train pair seen twice (the split has 4,205; their
# NOT_ENOUGH_INFO evidence is neutral): the soup of v26 and v28 read fewer news contrast pairs as
# support than v15 but answered 35 of 460 Climate-FEVER test claims "supported" wrongly (v15 22),
# 13 of them gold not-enough-evidence (v15 4): retrieved sentences that are not evidence.
JOINT_ATTRIBUTED_CF_MIX: dict[str, Source] = {
    **JOINT_ATTRIBUTED_CLOSE_MIX,
    "climate_fever_train": Source(
        lambda: 2 * STANCE_MIX["climate_fever_train"].load(),
        0.36 * _JOINT_STANCE,
        "none stated (Wikipedia)",
    ),
}

# joint_attributed_cf with each Climate-FEVER train pair seen three times: doubling took the
# wrong "supported" Climate-FEVER test claims from the v26+v28 soup's 35 to v29's 25 (v15 22),
# the gold not-enough-evidence ones from 13 to 7.
JOINT_ATTRIBUTED_CF3_MIX: dict[str, Source] = {
    **JOINT_ATTRIBUTED_CLOSE_MIX,
    "climate_fever_train": Source(
        lambda: 3 * STANCE_MIX["climate_fever_train"].load(),
        0.54 * _JOINT_STANCE,
        "none stated (Wikipedia)",
    ),
}

# joint_attributed_cf with FNC-1's train pairs at twice the share: run v31 (joint_attributed_cf on
# the third NLI pass v31n) was the first over the MNLI-mm target (0.725) but 0.2 point under
# FNC-1's (0.548; its seed twin v33 0.556), whose disagree class it reads worst (F1 0.29).
JOINT_ATTRIBUTED_CF_FNC_MIX: dict[str, Source] = {
    **JOINT_ATTRIBUTED_CF_MIX,
    "fnc1_train": Source(STANCE_MIX["fnc1_train"].load, 0.40 * _JOINT_STANCE, "UKP Apache-2.0"),
}

def _polarity() -> list[Pair]:
    return generate.polarity_rewordings(generate.fnc_train_sentences(), n=3000, seed=32)


# joint_attributed_cf plus verbs of stopping and removing said another way (support, also
# mirrored) and their opposites (contradiction), generate.polarity_rewordings: v31 reads "waived
# visas" against "lifted visa requirements", "give up its plans" against "end plans" as
# contradictions (0.92-0.94). FNC-1's train bodies give about 800 such pairs; the share takes
# them all.
JOINT_ATTRIBUTED_CF_POLARITY_MIX: dict[str, Source] = {
    **JOINT_ATTRIBUTED_CF_MIX,
    "generated_polarity_rewordings": Source(_polarity, 0.017, "from FNC-1 train bodies"),
}


def _written(repeat: int) -> list[Pair]:
    return repeat * data.load_written("train")


# joint_attributed_cf plus the team-written news pairs (training/written/, invented events, each
# passage with claims of different labels: paraphrase in other words, role and slot swaps,
# attribution, lexical negation, numbers, time, scope, compound claims, same-topic neutrals), each
# up to three times: every run of the generated mixes (v15-v36) kept the news contrast set at
# 0.68-0.72, with errors of reading that no generator made pairs for. At --stance-pairs 48000 the
# share takes 11,520 pairs: each pair three times while the train split has under 3,840, fewer
# repeats of more pairs beyond, so the mix's proportions stay as the written set grows.
# The share was 0.24 (11,520 draws) up to v47, whose 11,562 train pairs filled it; the seventh
# session's batch of plain supports took the train split to about 12,900, and the share to 0.27
# (12,960 draws) for the runs from v49 on, so that each pair is still drawn about once. The
# eleventh session's batch of slots and polarity took it to 13,984 and the share to 0.29
# (13,920 draws) for the runs from v56 on.
WRITTEN_SHARE = 0.29
JOINT_ATTRIBUTED_CF_WRITTEN_MIX: dict[str, Source] = {
    **JOINT_ATTRIBUTED_CF_MIX,
    "team_written": Source(
        lambda: _written(3), WRITTEN_SHARE, "written for this project (Apache-2.0)"
    ),
}


# joint_attributed_cf_written with general NLI back at its share of v31's pass (36 %; the written
# pairs, added on top, had diluted it to 31 %): v40 read the news contrast set best of every run
# (0.745) but MNLI mismatched at 0.698 and FNC-1 at 0.544, both under their targets.
JOINT_ATTRIBUTED_CF_WRITTEN_NLI_MIX: dict[str, Source] = {
    **JOINT_ATTRIBUTED_CF_WRITTEN_MIX,
    "nli_replay": Source(_nli_replay, 0.58, "the stage-1 sources"),
}

# joint_attributed_cf_written_nli with FNC-1's train pairs at twice the share too (as v34 did
# for v31's mix): v41 read news best of every run (news contrast 0.760, hold-out 0.642) but
# FNC-1 fell to 0.530 and MNLI mismatched stayed at 0.716, both under target.
JOINT_ATTRIBUTED_CF_WRITTEN_NLI_FNC_MIX: dict[str, Source] = {
    **JOINT_ATTRIBUTED_CF_WRITTEN_NLI_MIX,
    "fnc1_train": JOINT_ATTRIBUTED_CF_FNC_MIX["fnc1_train"],
}

# joint_attributed_cf_written_nli_fnc with general NLI at 0.75 (40 % of the pass, v31's was 36 %):
# v42 met FNC-1 (0.553) but read MNLI mismatched at 0.709; each step of general NLI's share so far
# moved it up (v40 0.698 at 31 %, v41 0.716 at 36 %).
# v46 / v47 ran it again on the file with the sixth session's counter-batches (supports in
# compatible words and other frames): MNLI mismatched 0.719 / 0.714, hold-out 0.635 / 0.650.
# v49 ran it from v31 itself with the seventh session's plain supports (share 0.27): every seed
# verdict v31's, blind set 0.528 (v31 0.451), MNLI mismatched 0.714; v50, the same with seed 24,
# 0.571 and 0.720. Their weight average s51 was shipped (eighth session). v52 ran it once more
# from s51 (seed 25): news contrast 0.765, blind 0.570, MNLI mismatched 0.712; the mean of s51
# and v52, s54, was shipped (ninth session).
JOINT_ATTRIBUTED_CF_WRITTEN_NLI75_FNC_MIX: dict[str, Source] = {
    **JOINT_ATTRIBUTED_CF_WRITTEN_NLI_FNC_MIX,
    "nli_replay": Source(_nli_replay, 0.75, "the stage-1 sources"),
}

def _written_roles() -> list[Pair]:
    return [p for p in data.load_written("train") if p.group in _ROLE_PHENOMENA]


# joint_attributed_cf_written_nli75_fnc with the written role and entity swaps drawn a second
# time: after the tenth session the news contrast set's entity swaps were its worst phenomenon
# (accuracy 0.58 with s54: "Macron initiated the call" against "initiated by Putin", "John Kirby
# decided" against "Kirby said the decision was made by Austin"), though the written train split
# holds about 2,300 such pairs. The share (0.05, 2,400 draws at --stance-pairs 48000) shows each
# of them about once more per pass.
_ROLE_PHENOMENA = frozenset({"role_swap", "entity_swap"})
JOINT_ATTRIBUTED_CF_WRITTEN_ROLES_NLI75_FNC_MIX: dict[str, Source] = {
    **JOINT_ATTRIBUTED_CF_WRITTEN_NLI75_FNC_MIX,
    "team_written_roles": Source(
        _written_roles, 0.05, "written for this project (Apache-2.0)"
    ),
}

# The eleventh session's batch of slots and polarity (training/written/README.md), by id prefix.
SLOTS_BATCH = ("wt-bu", "wt-bv", "wt-bw", "wt-bx", "wt-by", "wt-bz", "wt-ca", "wt-cb")


def _written_slots() -> list[Pair]:
    with data.WRITTEN_PATH.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    passages = {r["passage"] for r in rows if r["id"].rsplit("-", 1)[0] in SLOTS_BATCH}
    return [p for p in data.load_written("train") if p.passage in passages]


# joint_attributed_cf_written_roles_nli75_fnc with the batch of slots and polarity drawn a second
# time (share 0.02: 960 draws at --stance-pairs 48000 for its ~1,050 train pairs), so that a
# pass from a model that has read the older pairs many times reads the new ones about twice.
JOINT_ATTRIBUTED_CF_WRITTEN_SLOTS_NLI75_FNC_MIX: dict[str, Source] = {
    **JOINT_ATTRIBUTED_CF_WRITTEN_ROLES_NLI75_FNC_MIX,
    "team_written_slots": Source(_written_slots, 0.02, "written for this project (Apache-2.0)"),
}

# The same with general NLI at 0.95 (46 % of the pass): v43 (0.75) read MNLI mismatched at 0.719,
# FNC-1 at 0.552. Its run v44 read MNLI mismatched at 0.713: beyond 36 % the share no longer moves
# it past seed noise.
JOINT_ATTRIBUTED_CF_WRITTEN_NLI95_FNC_MIX: dict[str, Source] = {
    **JOINT_ATTRIBUTED_CF_WRITTEN_NLI_FNC_MIX,
    "nli_replay": Source(_nli_replay, 0.95, "the stage-1 sources"),
}

# A short last pass for a model that has been through the joint pass (v31): the written pairs
# twice, half the pairs, beside a replay of the joint mix it was trained on, so the written pairs
# are a large part of the pass without the joint sources being forgotten.
_CF_TOTAL = sum(s.share for s in JOINT_ATTRIBUTED_CF_MIX.values())
WRITTEN_FINISH_MIX: dict[str, Source] = {
    **{
        k: Source(v.load, 0.5 * v.share / _CF_TOTAL, v.licence)
        for k, v in JOINT_ATTRIBUTED_CF_MIX.items()
    },
    "team_written": Source(lambda: _written(2), 0.5, "written for this project (Apache-2.0)"),
}


MIXES = {
    "nli": NLI_MIX,
    "stance": STANCE_MIX,
    "joint": JOINT_MIX,
    "joint_long": JOINT_LONG_MIX,
    "joint_twins": JOINT_TWINS_MIX,
    "joint_scoped": JOINT_SCOPED_MIX,
    "joint_attributed": JOINT_ATTRIBUTED_MIX,
    "joint_attributed_close": JOINT_ATTRIBUTED_CLOSE_MIX,
    "joint_attributed_cf": JOINT_ATTRIBUTED_CF_MIX,
    "joint_attributed_cf3": JOINT_ATTRIBUTED_CF3_MIX,
    "joint_attributed_cf_fnc": JOINT_ATTRIBUTED_CF_FNC_MIX,
    "joint_attributed_cf_polarity": JOINT_ATTRIBUTED_CF_POLARITY_MIX,
    "joint_attributed_cf_written": JOINT_ATTRIBUTED_CF_WRITTEN_MIX,
    "joint_attributed_cf_written_nli": JOINT_ATTRIBUTED_CF_WRITTEN_NLI_MIX,
    "joint_attributed_cf_written_nli_fnc": JOINT_ATTRIBUTED_CF_WRITTEN_NLI_FNC_MIX,
    "joint_attributed_cf_written_nli75_fnc": JOINT_ATTRIBUTED_CF_WRITTEN_NLI75_FNC_MIX,
    "joint_attributed_cf_written_nli95_fnc": JOINT_ATTRIBUTED_CF_WRITTEN_NLI95_FNC_MIX,
    "joint_attributed_cf_written_roles_nli75_fnc": JOINT_ATTRIBUTED_CF_WRITTEN_ROLES_NLI75_FNC_MIX,
    "joint_attributed_cf_written_slots_nli75_fnc": JOINT_ATTRIBUTED_CF_WRITTEN_SLOTS_NLI75_FNC_MIX,
    "written_finish": WRITTEN_FINISH_MIX,
    "joint_mirror": JOINT_MIRROR_MIX,
    "joint_reworded": JOINT_REWORDED_MIX,
    "joint_close": JOINT_CLOSE_MIX,
    "joint_not_entailed": JOINT_NOT_ENTAILED_MIX,
    "joint_not_entailed_twice": JOINT_NOT_ENTAILED_TWICE_MIX,
}


def build_mix(stage: str, budget: int, *, seed: int) -> tuple[list[Pair], dict[str, int]]:
    """About ``budget`` shuffled pairs of a stage's mix, and the count taken from each source."""
    pool: list[Pair] = []
    counts: dict[str, int] = {}
    for i, (name, source) in enumerate(MIXES[stage].items()):
        pairs = data.sample(source.load(), max(1, round(budget * source.share)), seed=seed + i)
        counts[name] = len(pairs)
        pool.extend(pairs)
        log.info("%s mix: %-30s %6d pairs", stage, name, len(pairs))
    random.Random(seed).shuffle(pool)
    return pool, counts


def monitor_sets() -> dict[str, list[Pair]]:
    """Dev pairs measured after every stage (never trained on)."""
    return {
        "climate_fever_dev": data.sample(data.load_climate_fever("dev"), 600, seed=5),
        "lingnli_val": data.sample(data.load_nli("lingnli", splits={"val"}), 400, seed=5),
        "written_dev": data.load_written("dev"),
    }
