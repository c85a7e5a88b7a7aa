"""Is a published review about the *same claim* as the one being checked?

Retrieval (vectors + BM25 over review claims) finds reviews on the same topic; most of them are
about other claims ("Pope Francis endorsed Trump" vs "... endorsed Sanders"; "Amazon paid no tax
in 2018" vs "... in 2017"). Showing such a review beside a check would be wrong in the worst way:
its rating answers another question. So every candidate passes a decision fitted on a labelled set
(``eval/factcheck_match/``, ``python -m eval.factcheck_match``):

* the embedding cosine of the two claims is at least ``min_cosine``;
* the numbers do not disagree: when both claims hold numbers, and each holds one the other lacks
  (2018 vs 2017, $250 vs $150), they are different claims;
* the names do not disagree: when each claim names someone or somewhere the other never mentions
  ("Pope Francis endorsed Hillary Clinton" vs "... Donald Trump"; Orlando vs Panama City), they
  are different claims;
* below ``accept_cosine``, the stance model must also read each claim as supporting the other
  (the smaller "supports" probability at least ``min_entailment``).

Measured, the stance model does not help here: it reads "Pope Francis endorsed Hillary Clinton"
and "... endorsed Donald Trump" as entailing each other (0.97), and the fit on the labelled set
prefers the cosine with the two checks alone (cross-validated precision 0.96, recall 0.62, against
0.87 / 0.65 with the model in the grid). :data:`DEFAULT_POLICY` is that fit: ``accept_cosine``
equals ``min_cosine``, so the model is never asked. The figures are in
``eval/results/factcheck_match.md``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from factcheck.factchecks.records import FactCheck
from factcheck.stance import StanceJudge

__all__ = [
    "DEFAULT_POLICY",
    "FactCheckMatcher",
    "MatchedFactCheck",
    "PairFeatures",
    "ReviewCandidate",
    "ReviewSource",
    "SameClaimPolicy",
    "is_same_claim",
    "name_mismatch",
    "number_mismatch",
    "pair_features",
]


@dataclass(frozen=True, slots=True)
class SameClaimPolicy:
    min_cosine: float
    min_entailment: float
    accept_cosine: float
    check_numbers: bool = True
    check_names: bool = True


#: Fitted by ``python -m eval.factcheck_match`` (see its report for the figures).
DEFAULT_POLICY = SameClaimPolicy(min_cosine=0.85, min_entailment=0.5, accept_cosine=0.85)


@dataclass(frozen=True, slots=True)
class PairFeatures:
    cosine: float
    entailment: float  # min over both directions of P(supports)
    number_mismatch: str | None
    name_mismatch: str | None = None


_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")


def _numbers(text: str) -> set[str]:
    # "1,000" and "1000" are one number; "2.5" stays itself.
    return {m.replace(",", "") for m in _NUMBER.findall(text)}


def number_mismatch(a: str, b: str) -> str | None:
    """Why two claims' numbers disagree (each has one the other lacks), or None.

    Example:
        >>> number_mismatch("Amazon paid no tax in 2018.", "Amazon paid $0 in tax in 2017.")
        'numbers differ: 0, 2017 vs 2018'
        >>> number_mismatch("Sandler died at 52.", "In 2017 Adam Sandler died at the age of 52.")
    """
    x, y = _numbers(a), _numbers(b)
    if x and y and (x - y) and (y - x):
        return f"numbers differ: {', '.join(sorted(y - x))} vs {', '.join(sorted(x - y))}"
    return None


_WORD = re.compile(r"[A-Za-z][\w'.-]*")
# Capitalised words that name no one in particular, or that paraphrases drop or add freely.
_GENERIC = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "in", "on", "at", "of", "for", "and",
    "or", "but", "if", "as", "by", "to", "from", "with", "after", "before", "during", "over",
    "under", "since", "until", "while", "when", "where", "why", "how", "who", "what", "which",
    "it", "its", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "your",
    "my", "u.s.", "us", "u.s.a.", "usa", "u.k.", "uk", "america", "american", "americans",
    "president", "former", "vice", "senator", "sen.", "rep.", "gov.", "governor", "congressman",
    "congresswoman", "dr.", "mr.", "mrs.", "ms.", "sir", "king", "queen", "prince", "princess",
    "pope", "first", "lady", "minister", "prime", "secretary", "chief", "ceo", "general",
    "photo", "photograph", "photographs", "image", "images", "picture", "video", "clip",
    "footage", "meme", "post", "posts", "article", "tweet", "facebook", "twitter", "instagram",
    "whatsapp", "youtube", "tiktok", "social", "media", "viral", "tv", "covid", "covid-19",
    "coronavirus", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december"
})


def _fold(word: str) -> str:
    return word.rstrip(".'").removesuffix("'s").removesuffix("\u2019s").casefold()


def _names(text: str) -> list[list[str]]:
    """Runs of consecutive capitalised words ("Pope Francis", "Hillary Clinton") as written, less
    the first word of the text (capitalised anyway) and generic words."""
    runs: list[list[str]] = []
    current: list[str] = []
    end = 0
    for position, match in enumerate(_WORD.finditer(text)):
        token = match.group()
        word = token.rstrip(".'").removesuffix("'s").removesuffix("\u2019s")
        generic = _fold(word) in _GENERIC or token.casefold() in _GENERIC
        joined = not text[end : match.start()].strip()  # only spaces since the last word
        end = match.end()
        if current and not joined:
            runs.append(current)
            current = []
        if position and word[:1].isupper() and not generic:
            current.append(word)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _mentioned(name: str, words: set[str]) -> bool:
    # "Africa" / "African", "Klan" / "Klansman": one a prefix of the other counts as mentioned.
    return name in words or any(
        len(short) >= 4 and long.startswith(short)
        for w in words
        for short, long in ((name, w), (w, name)) if len(short) <= len(long)
    )


def _unexplained(runs: list[list[str]], other: str) -> set[str]:
    """The names not mentioned in ``other``: a run counts as mentioned when any of its words is
    ("Donald Trump" when the other says "Trump"), an acronym when the other spells it out ("CDC"
    for "Centers for Disease Control"), a run when the other abbreviates it."""
    words = {_fold(w) for w in _WORD.findall(other)}
    other_initials = "".join(w[0] for run in _names(other) for w in run).upper()
    other_acronyms = [w for run in _names(other) for w in run if w.isupper() and len(w) >= 2]
    missing: set[str] = set()
    for run in runs:
        if any(_mentioned(_fold(w), words) for w in run):
            continue
        if len(run) == 1 and run[0].isupper() and 2 <= len(run[0]) <= 6 and (
            run[0] in other_initials
        ):
            continue
        initials = "".join(w[0] for w in run).upper()
        if len(run) > 1 and any(a in initials for a in other_acronyms):
            continue
        missing.update(_fold(w) for w in run)
    return missing


def name_mismatch(a: str, b: str) -> str | None:
    """Why two claims' names disagree (each names someone the other never mentions), or None.

    Example:
        >>> name_mismatch("Pope Francis endorsed Hillary Clinton.", "Pope Francis endorsed Trump.")
        'names differ: trump vs clinton, hillary'
        >>> name_mismatch("The NRA pays no tax.", "The National Rifle Association pays no tax.")
    """
    only_a = sorted(_unexplained(_names(a), b))
    only_b = sorted(_unexplained(_names(b), a))
    if only_a and only_b:
        return f"names differ: {', '.join(only_b)} vs {', '.join(only_a)}"
    return None


def cosines(query: NDArray[np.float32], candidates: NDArray[np.float32]) -> NDArray[np.float32]:
    q = query / (np.linalg.norm(query) or 1.0)
    c = candidates / np.maximum(np.linalg.norm(candidates, axis=1, keepdims=True), 1e-12)
    return np.asarray(c @ q, dtype=np.float32)


def pair_features(
    claim: str,
    reviewed: Sequence[str],
    cosine: Sequence[float],
    judge: StanceJudge,
) -> list[PairFeatures]:
    """Features of ``claim`` against each reviewed claim (``cosine`` given, in the same order)."""
    if not reviewed:
        return []
    forward = judge.judge(claim, list(reviewed))
    backward = [judge.judge(r, [claim])[0] for r in reviewed]
    return [
        PairFeatures(
            cosine=float(c),
            entailment=min(f.scores.supports, b.scores.supports),
            number_mismatch=number_mismatch(claim, r),
            name_mismatch=name_mismatch(claim, r),
        )
        for r, c, f, b in zip(reviewed, cosine, forward, backward, strict=True)
    ]


def is_same_claim(features: PairFeatures, policy: SameClaimPolicy = DEFAULT_POLICY) -> bool:
    """The decision in the module docstring."""
    if features.cosine < policy.min_cosine:
        return False
    if policy.check_numbers and features.number_mismatch is not None:
        return False
    if policy.check_names and features.name_mismatch is not None:
        return False
    return features.cosine >= policy.accept_cosine or features.entailment >= policy.min_entailment


@dataclass(frozen=True, slots=True)
class ReviewCandidate:
    """A retrieved review and the cosine of its claim with the checked claim."""

    review: FactCheck
    similarity: float


class ReviewSource(Protocol):
    async def candidates(
        self, text: str, vector: NDArray[np.float32], *, k: int
    ) -> list[ReviewCandidate]: ...


@dataclass(frozen=True, slots=True)
class MatchedFactCheck:
    review: FactCheck
    similarity: float
    entailment: float | None  # None when the cosine alone accepted it


class FactCheckMatcher:
    """Published reviews of the same claim, newest first.

    Example:
        >>> matcher = FactCheckMatcher(source=FactCheckSearch(es, index="factcheck-factchecks"),
        ...                            judge=judge)
        >>> [m.review.rating for m in await matcher.match("Pope Francis backed Trump", vector)]
        ['false']
    """

    def __init__(
        self, *, source: ReviewSource, judge: StanceJudge,
        policy: SameClaimPolicy = DEFAULT_POLICY, candidates: int = 20,
    ) -> None:
        self.source = source
        self.judge = judge
        self.policy = policy
        self.candidates = candidates

    async def match(self, claim: str, vector: NDArray[np.float32]) -> list[MatchedFactCheck]:
        policy = self.policy
        hits = await self.source.candidates(claim, vector, k=self.candidates)
        # The cheap tests first: the stance model only sees what they let through.
        plausible = [
            h for h in hits
            if h.similarity >= policy.min_cosine
            and not (policy.check_numbers and number_mismatch(claim, h.review.claim))
            and not (policy.check_names and name_mismatch(claim, h.review.claim))
        ]
        sure = [h for h in plausible if h.similarity >= policy.accept_cosine]
        unsure = [h for h in plausible if h.similarity < policy.accept_cosine]
        features = await asyncio.to_thread(
            pair_features, claim, [h.review.claim for h in unsure],
            [h.similarity for h in unsure], self.judge,
        )
        matched = [MatchedFactCheck(h.review, h.similarity, None) for h in sure]
        matched += [
            MatchedFactCheck(h.review, h.similarity, f.entailment)
            for h, f in zip(unsure, features, strict=True)
            if is_same_claim(f, policy)
        ]
        return sorted(matched, key=lambda m: (
            -(m.review.review_date or dt.date.min).toordinal(), -m.similarity, m.review.id
        ))
