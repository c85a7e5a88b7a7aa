"""Generated training pairs: topic-only neutrals, minimal edits, embedded claims, offices.

The public stance sets teach that a passage *about* a claim's subject is evidence; newsroom claims
need the opposite lesson. The generators make pairs from text the training may read (FNC-1 *train*
bodies and headlines, Climate-FEVER *train* claims; never the seeds, never an evaluation split):

* :func:`topic_neutrals` -- a claim against sentences on its subject that neither support nor
  contradict it: other sentences of the same article / Wikipedia page, and sentences of other
  stories sharing its named entities. Labelled neutral.
* :func:`minimal_edits` -- a news sentence cut to its core (attribution dropped) is *supported* by
  the sentence (the mirrored paraphrase support); the same core with one fact changed (a number,
  a date, a weekday, a named entity, negation, "met" -> "have yet to meet", "seized" -> "failed to
  take", an antonym) is *contradicted* by it. Each contradiction has its support twin, so the
  model must read the edited word rather than the topic.
* :func:`embedded_claims` -- a core claim under an operator: "X demanded that ..." / "It is not yet
  clear whether ..." (neutral: a demand is not its outcome), "X confirmed that ..." or the claim
  with a dateline, an attribution or a second clause around it (supports), "X denied that ..."
  (contradicts).
* :func:`number_rewordings` -- a count said another way: "480 missiles" supports "more than 400
  missiles" and contradicts "fewer than 300 missiles".
* :func:`title_claims` -- who holds which office ("Foreign Minister Sergey Lavrov told ...":
  "Sergey Lavrov is a foreign minister" supported, "... a defense minister" contradicted).

All are seeded and cheap (regular expressions, no model).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from factcheck.stance.base import StanceLabel
from training.data import (
    Pair,
    content_words,
    data_root,
    load_climate_fever_claims,
    relevant_excerpt,
    split_sentences,
)

_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\b")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,.]?\d)")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-3]\d)\b")
_ATTRIBUTION_TAIL = re.compile(
    r",?\s+(?:according to [^,.]+|(?:[A-Z][\w.'-]*\s*){1,4}(?:said|says|told [^,.]+|reported)"
    r"|(?:he|she|they|officials|police) (?:said|says|added))\s*\.?$"
)
_ATTRIBUTION_HEAD = re.compile(r"^(?:According to [^,]+,|[^,]{3,60} (?:said|says) (?:that )?)\s*")
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# word -> replacement that makes the statement false (for the same subject and object).
_ANTONYMS: dict[str, str] = {
    "increased": "decreased",
    "decreased": "increased",
    "rose": "fell",
    "fell": "rose",
    "won": "lost",
    "lost": "won",
    "confirmed": "denied",
    "denied": "confirmed",
    "accepted": "rejected",
    "rejected": "accepted",
    "approved": "rejected",
    "allowed": "banned",
    "banned": "allowed",
    "opened": "closed",
    "closed": "opened",
    "survived": "died",
    "died": "survived",
    "released": "detained",
    "higher": "lower",
    "lower": "higher",
    "more": "fewer",
    "fewer": "more",
    "alive": "dead",
    "dead": "alive",
    "true": "false",
    "false": "true",
    "guilty": "innocent",
    "before": "after",
    "after": "before",
    "agreed": "refused",
    "refused": "agreed",
    "lifted": "imposed",
    "imposed": "lifted",
    "raised": "lowered",
    "lowered": "raised",
    "supported": "opposed",
    "opposed": "supported",
    "praised": "criticized",
    "criticized": "praised",
    "convicted": "acquitted",
    "acquitted": "convicted",
    "postponed": "went ahead with",
    "temporarily": "permanently",
    "permanently": "temporarily",
}
# A time said another way that moves it: "on Thursday morning" is not "Thursday afternoon",
# "last week" not "this week". The weekday, month and year edits are ``edit_date``'s.
_TIME_SWAPS: dict[str, tuple[str, ...]] = {
    "this week": ("last week", "next week"),
    "last week": ("this week",),
    "next week": ("last week", "this week"),
    "this month": ("last month",),
    "last month": ("this month",),
    "this year": ("last year",),
    "last year": ("this year",),
    "morning": ("afternoon", "evening"),
    "afternoon": ("morning", "evening"),
    "evening": ("morning", "afternoon"),
    "overnight": ("in the afternoon",),
}
_TIME_PHRASE = re.compile(r"\b(?:" + "|".join(sorted(_TIME_SWAPS, key=len, reverse=True)) + r")\b")
# Past-tense verb -> base form, for "X met Y" -> "X has yet to meet Y" / "X did not meet Y".
_PAST: dict[str, str] = {
    "met": "meet",
    "signed": "sign",
    "reached": "reach",
    "visited": "visit",
    "announced": "announce",
    "launched": "launch",
    "completed": "complete",
    "arrested": "arrest",
    "killed": "kill",
    "attacked": "attack",
    "discovered": "discover",
    "admitted": "admit",
    "paid": "pay",
    "bought": "buy",
    "sold": "sell",
    "joined": "join",
    "resigned": "resign",
    "returned": "return",
    "achieved": "achieve",
    "captured": "capture",
    "seized": "seize",
    "entered": "enter",
    "fled": "flee",
    "crashed": "crash",
    "published": "publish",
    "married": "marry",
    "hired": "hire",
    "ordered": "order",
    "filed": "file",
    "received": "receive",
    "built": "build",
    "destroyed": "destroy",
}
_CONTROL = re.compile(
    r"\b(seized|captured|took (?:control of|over)|occupied|overran)\s+(?:the\s+)?"
    r"([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
)
_NEGATABLE = re.compile(r"\b(is|are|was|were|has|have|had|will|can|could|would|should|did)\b")
_NEGATED = re.compile(r"\b(is|are|was|were|has|have|had|will|can|could|would|should|did) not\b")
_WORDS = re.compile(r"\S+")


def core_claim(sentence: str) -> str | None:
    """The sentence without its attribution ("..., police said."), or None if unusable."""
    s = sentence.strip().strip('"\u201c\u201d')
    s = _ATTRIBUTION_TAIL.sub("", s)
    s = _ATTRIBUTION_HEAD.sub("", s)
    if _ATTRIBUTION_HEAD.search(s) is None and " said" in s[-40:]:
        return None
    s = s.strip(" ,;:-\u2014\"'\u201c\u201d").rstrip(".")
    n = len(_WORDS.findall(s))
    if not 6 <= n <= 35 or "?" in s or not s[:1].isalpha():
        return None
    return s[:1].upper() + s[1:]


_SYNONYMS: dict[str, str] = {
    "said": "stated",
    "says": "states",
    "began": "started",
    "started": "began",
    "people": "individuals",
    "killed": "left dead",
    "children": "kids",
    "government": "authorities",
    "city": "town",
    "big": "large",
    "large": "big",
    "help": "assist",
    "buy": "purchase",
    "bought": "purchased",
    "show": "reveal",
    "shows": "reveals",
    "claimed": "alleged",
    "announced": "declared",
    "plans": "intends",
    "police": "officers",
    # News wording for the same event, so that a support twin need not share the verb
    # ("occupied the administration building" supports "took over the government building").
    "seized": "took over",
    "captured": "took control of",
    "occupied": "took over",
    "troops": "soldiers",
    "forces": "troops",
    "struck": "hit",
    "talks": "negotiations",
    "residents": "inhabitants",
    "fled": "left",
    "administration": "government",
    "regional": "provincial",
    "headquarters": "main offices",
    "attacked": "assaulted",
}
_DROPPABLE = re.compile(
    r"\s+(?:on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|last (?:week|month|year)|yesterday|earlier this (?:week|month|year)|this week)\b"
)


def paraphrase(text: str, rng: random.Random) -> str:
    """A meaning-preserving (or only more general) rewording: drop a time phrase or a trailing
    clause, swap a word for a synonym. The claim stays entailed by its sentence."""
    out = text
    steps = [_drop_time, _drop_tail_clause, _synonym]
    rng.shuffle(steps)
    for step in steps[: rng.choice([1, 2])]:
        out = step(out, rng)
    return out


def _drop_time(text: str, rng: random.Random) -> str:
    return _DROPPABLE.sub("", text, count=1)


def _drop_tail_clause(text: str, rng: random.Random) -> str:
    head, sep, _ = text.rpartition(", ")
    if sep and len(_WORDS.findall(head)) >= 6 and not head.endswith(("and", "but", "or")):
        return head
    return text


def _synonym(text: str, rng: random.Random) -> str:
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[a-z]+", text)]
    hits = [(s, e, w) for s, e, w in words if w in _SYNONYMS]
    if not hits:
        return text
    s, e, w = rng.choice(hits)
    return text[:s] + _SYNONYMS[w] + text[e:]


def _parse_number(token: str) -> float:
    return float(token.replace(",", ""))


def _format_like(value: float, template: str) -> str:
    if "." in template:
        return f"{value:.{len(template.split('.')[1])}f}"
    if "," in template or value >= 10_000:
        return f"{int(value):,}"
    return str(int(value))


def edit_number(text: str, rng: random.Random) -> str | None:
    matches = [m for m in _NUMBER.finditer(text) if not _YEAR.fullmatch(m.group(1))]
    if not matches:
        return None
    m = rng.choice(matches)
    value = _parse_number(m.group(1))
    if value == 0:
        new = float(rng.randint(2, 9))
    else:
        factor = rng.choice([0.1, 0.25, 0.5, 2.0, 3.0, 5.0, 10.0])
        new = value * factor
        if new < 1 or abs(new - value) / value < 0.2:
            new = value + rng.randint(3, 20)
    return text[: m.start(1)] + _format_like(new, m.group(1)) + text[m.end(1) :]


def edit_date(text: str, rng: random.Random) -> str | None:
    for names in (_WEEKDAYS, _MONTHS):
        found = [n for n in names if re.search(rf"\b{n}\b", text)]
        if found:
            old = rng.choice(found)
            new = rng.choice([n for n in names if n != old])
            return re.sub(rf"\b{old}\b", new, text, count=1)
    m = _YEAR.search(text)
    if m:
        year = int(m.group(1)) + rng.choice([-5, -3, -2, -1, 1, 2, 3])
        return text[: m.start()] + str(year) + text[m.end() :]
    return None


def edit_time(text: str, rng: random.Random) -> str | None:
    """ "... met on Thursday morning" -> "... on Thursday afternoon"; "this week" -> "last week"."""
    found = list(_TIME_PHRASE.finditer(text))
    if not found:
        return None
    m = rng.choice(found)
    return text[: m.start()] + rng.choice(_TIME_SWAPS[m.group()]) + text[m.end() :]


def edit_negation(text: str, rng: random.Random) -> str | None:
    if _NEGATED.search(text):
        return _NEGATED.sub(lambda m: m.group(1), text, count=1)
    if re.search(r"\bnever\b", text):
        return re.sub(r"\bnever\b", "always", text, count=1)
    m = _NEGATABLE.search(text)
    if m:
        return text[: m.end()] + " not" + text[m.end() :]
    return None


def edit_yet_to(text: str, rng: random.Random) -> str | None:
    """ "A and B met in Minsk" -> "A and B have yet to meet in Minsk" (or "did not meet")."""
    words = [(m.start(), m.end(), m.group().lower()) for m in re.finditer(r"[A-Za-z]+", text)]
    hits = [(s, e, w) for s, e, w in words if w in _PAST]
    if not hits:
        return None
    s, e, w = rng.choice(hits)
    if text[:s].rstrip().lower().endswith(("had", "has", "have", "was", "were", "been", "be")):
        return None
    plural = bool(re.search(r"\b(and|they|we|both)\b", text[:s], re.I))
    phrase = rng.choice([f"{'have' if plural else 'has'} yet to {_PAST[w]}", f"did not {_PAST[w]}"])
    return text[:s] + phrase + text[e:]


def edit_control(text: str, rng: random.Random) -> str | None:
    """ "Russian troops seized Kherson" -> "Kherson was still under Ukrainian control"-like."""
    m = _CONTROL.search(text)
    if not m:
        return None
    place = m.group(2)
    return rng.choice(
        [
            f"{place} was still fully under the control of its defenders",
            f"Attackers failed to take {place}",
            f"{place} remained under the control of local forces",
        ]
    )


def edit_antonym(text: str, rng: random.Random) -> str | None:
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[A-Za-z]+", text)]
    hits = [(s, e, w) for s, e, w in words if w.lower() in _ANTONYMS]
    if not hits:
        return None
    s, e, w = rng.choice(hits)
    new = _ANTONYMS[w.lower()]
    if w[0].isupper():
        new = new.capitalize()
    return text[:s] + new + text[e:]


# A statement about a role or a place that only one name can fill: swapping that name makes it
# false ("Kharkiv is Ukraine's capital", "the first city to fall", "initiated by Putin"). Any other
# swap states something else, true or not: "Russian troops seized Kharkiv" neither supports nor
# contradicts "Russian troops seized Kherson" (the news contrast set's golds, the same).
_ONE_HOLDER = re.compile(
    r"\b(?:is|was|are|were|became|becomes)\s+(?:(?:the|a|an|its|their|his|her)\s+)?"
    r"(?:[\w'-]+\s+){0,2}?(?:capital|mayor|president|prime minister|minister|governor|head|"
    r"leader|founder|chief|ceo|chairman|chairwoman|spokes(?:man|woman|person)|director|first|"
    r"only|largest|biggest|last)\b"
    r"|\b(?:the first|the only|the capital of|initiated by|caused by|founded by|born in|"
    r"located in|headquartered in|(?:lies|is) (?:north|south|east|west) of)\b",
    re.IGNORECASE,
)


def entity_swap_label(claim: str) -> StanceLabel:
    """The label of a claim whose name was swapped, against the sentence with the right name."""
    return StanceLabel.CONTRADICTS if _ONE_HOLDER.search(claim) else StanceLabel.NEUTRAL


def make_entity_editor(names: Sequence[str]) -> Callable[[str, random.Random], str | None]:
    """Swap a capitalised name (not the first word) for another name seen in the corpus."""
    pool = sorted(set(names))

    def edit(text: str, rng: random.Random) -> str | None:
        found = [m for m in _NAME.finditer(text) if m.start() > 0]
        if not found or len(pool) < 2:
            return None
        m = rng.choice(found)
        other = rng.choice(pool)
        if other == m.group(1) or other in text:
            return None
        return text[: m.start(1)] + other + text[m.end(1) :]

    return edit


def _shuffled(sentences: Iterable[str], rng: random.Random, *, longest: int) -> list[str]:
    """The sentences of 40 to ``longest`` characters, in ``rng``'s order."""
    sents = [s for s in sentences if 40 <= len(s) <= longest]
    rng.shuffle(sents)
    return sents


Editor = Callable[[str, random.Random], str | None]


def _editors(names: Sequence[str]) -> list[tuple[str, Editor]]:
    """The one-fact edits, by kind; ``names`` feed the entity swap."""
    return [
        ("number", edit_number),
        ("date", edit_date),
        ("time", edit_time),
        ("negation", edit_negation),
        ("yet_to", edit_yet_to),
        ("control", edit_control),
        ("antonym", edit_antonym),
        ("entity", make_entity_editor(names)),
    ]


def _edit_once(
    claim: str,
    editors: Sequence[tuple[str, Editor]],
    made: dict[str, int],
    cap: int,
    rng: random.Random,
) -> tuple[str, str, StanceLabel] | None:
    """The first edit (in a random order of kinds) that changes ``claim``, skipping kinds that
    have made ``cap`` edits already: (kind, edited claim, its label); ``made`` is counted up."""
    order = list(editors)
    rng.shuffle(order)
    for kind, editor in order:
        if made[kind] >= cap:
            continue
        edited = editor(claim, rng)
        if edited is None or edited == claim:
            continue
        made[kind] += 1
        label = entity_swap_label(edited) if kind == "entity" else StanceLabel.CONTRADICTS
        return kind, edited, label
    return None


def minimal_edits(
    sentences: Iterable[str],
    *,
    n: int,
    seed: int,
    source: str = "generated_edit",
    mirror: float = 0.5,
) -> list[Pair]:
    """About ``n`` pairs, half supports (core claim vs its sentence), half one-fact contradictions.

    Except name swaps: another name in the same statement is neutral (another city was seized too,
    or not) unless the statement has one holder (:func:`entity_swap_label`). Runs v9-v11, trained
    with every swap as a contradiction, read "Kharkiv remained in Ukrainian hands" as contradicting
    "Kherson was still under Ukrainian control".

    Edits are spread over the kinds (numbers, dates, times of day or week, negation, "yet to",
    control, antonyms, entities); the sentence stays the passage, so each pair differs from its
    twin by one edit.
    A share ``mirror`` of the edits also comes mirrored (source ``...:mirror``): the unedited
    claim against the edited one as the passage, because contradiction is symmetric and the
    twins alone only ever show the edit on the claim's side ("A has yet to meet B" vs "A met B",
    never "A met B" vs "A has yet to meet B").
    """
    rng = random.Random(seed)
    sents = _shuffled(sentences, rng, longest=400)
    names = [m.group(1) for s in sents[:20_000] for m in _NAME.finditer(s) if m.start() > 0]
    editors = _editors(names)
    per_kind = max(1, n // (2 * len(editors)))
    made: dict[str, int] = defaultdict(int)
    out: list[Pair] = []
    for sentence in sents:
        if all(made[k] >= per_kind for k, _ in editors):
            break
        core = core_claim(sentence)
        if core is None:
            continue
        # Both twins are reworded the same way, so only the edit tells them apart.
        claim = paraphrase(core, rng)
        if (found := _edit_once(claim, editors, made, per_kind, rng)) is None:
            continue
        kind, edited, label = found
        out.append(Pair(edited, sentence, label, f"{source}:{kind}"))
        out.append(Pair(claim, sentence, StanceLabel.SUPPORTS, f"{source}:{kind}"))
        if mirror and rng.random() < mirror:  # no draw when off: same edits as before
            out.append(Pair(claim, edited, label, f"{source}:{kind}:mirror"))
    rng.shuffle(out)
    return out


# A count as news writes it, with its qualifier and scale: "just over 1 million", "480", "nearly
# 300,000". Years and numbers glued to words (RD-180) are not counts.
# Money ("$300,000"), ranges ("30 to 40"), dates ("September 11") and estimates ("some 16
# million") are left alone.
_COUNT = re.compile(
    r"(?<![\w.,/$\u20ac\u00a3-])(?P<qual>(?i:just over|more than|over|at least|nearly|almost) )?"
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?P<scale> (?:million|billion|thousand))?"
    r"(?= [a-z])(?! (?:to|or|and) \d)"
)
_NOT_BEFORE_A_COUNT = re.compile(
    rf"\b(?:{'|'.join(_MONTHS)}|some|about|around|roughly|approximately|least|aged?|was|is|were"
    r"|are|at|by|in|to|the)\s*$",
    re.IGNORECASE,
)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_LOWER = {"just over", "more than", "over", "at least"}
_NEARLY = {"nearly", "almost"}


def _round_down(value: float) -> float:
    """480 -> 400, 2,134 -> 2,000, 16,000 -> 10,000: one significant digit, never above."""
    magnitude = 10 ** (len(str(int(value))) - 1)
    return float(int(value // magnitude) * magnitude)


def _count_text(value: float, scale: str | None) -> str:
    if scale:
        scaled = value / _SCALES[scale]
        if scale == "million" and scaled == 1:
            return random.Random(int(value)).choice(["1 million", "one million", "a million"])
        return f"{scaled:g} {scale}"
    return f"{int(value):,}"


def _reworded_counts(qual: str, value: float, scale: str | None) -> tuple[str, str, str | None]:
    """(entailed, contradicted, neither) rewordings of a count that a passage states as
    ``qual value``: "480" -> "more than 400" / "fewer than 300" / -; "more than 1 million" ->
    "over a million" / "fewer than 1 million" / "more than 2 million"."""
    if qual in _LOWER:
        same = _count_text(value, scale)
        return (
            f"{'more than' if qual != 'more than' else 'over'} {same}",
            f"{'fewer than' if qual != 'at least' else 'under'} {same}",
            f"more than {_count_text(value * 2, scale)}",
        )
    if qual in _NEARLY:
        same = _count_text(value, scale)
        return f"fewer than {same}", f"more than {same}", None
    if qual:  # "about": an estimate bounds nothing tightly enough to reword it
        raise ValueError(qual)
    floor = _round_down(value)
    entailed = (
        f"more than {_count_text(floor, scale)}"
        if floor < value
        else f"at least {_count_text(value, scale)}"
    )
    return entailed, f"fewer than {_count_text(_round_down(value * 0.6), scale)}", None


def number_rewordings(
    sentences: Iterable[str], *, n: int, seed: int, source: str = "generated_number"
) -> list[Pair]:
    """A count said another way: the sentence supports its core with the count as a bound it
    meets ("480 missiles" -> "more than 400 missiles", "just over 1 million" -> "more than a
    million"), contradicts the bound it breaks ("fewer than 300 missiles") and, for a count
    given as a lower bound, is neutral to a higher one ("more than 2 million").

    The minimal edits teach that another number contradicts; these teach that another *wording*
    of the same number does not (run ``v9`` read "Just over 1 million people have fled" as
    contradicting "Over a million people have fled Ukraine", 0.79).
    """
    rng = random.Random(seed)
    sents = _shuffled(sentences, rng, longest=300)
    out: list[Pair] = []
    for sentence in sents:
        if len(out) >= n:
            break
        core = core_claim(sentence)
        m = _COUNT.search(core) if core else None
        if core is None or m is None or _YEAR.fullmatch(m.group("num")):
            continue
        before = core[: m.start()]
        # "Channel 10 news", "Apollo 11": a number after a name is part of the name.
        if _NOT_BEFORE_A_COUNT.search(before) or re.search(r"\w\s[A-Z][a-z]+\s$", before):
            continue
        qual = (m.group("qual") or "").strip().lower()
        scale = (m.group("scale") or "").strip() or None
        value = float(m.group("num").replace(",", "")) * (_SCALES[scale] if scale else 1)
        if value < 10:
            continue
        entailed, contradicted, neither = _reworded_counts(qual, value, scale)

        def claim(count: str, core: str = core, m: re.Match[str] = m) -> str:
            text = core[: m.start()] + count + core[m.end() :]
            return text[:1].upper() + text[1:]

        out.append(Pair(claim(entailed), sentence, StanceLabel.SUPPORTS, source))
        out.append(Pair(claim(contradicted), sentence, StanceLabel.CONTRADICTS, source))
        if neither is not None:
            out.append(Pair(claim(neither), sentence, StanceLabel.NEUTRAL, source))
    rng.shuffle(out)
    return out[:n]


# Verbs of stopping, removing and putting off, which small NLI models read as negation: v31 reads
# "Ukraine temporarily waived visas" against "temporarily lifted visa requirements" as
# contradicts 0.94, "must give up its plans to join NATO" against "end plans to join NATO" 0.92,
# and so do the NLI-only runs (0.59-0.65). Each verb -> (news synonyms, words that state the
# opposite). Verbs whose object changes the sense ("blocked the road", "denied entry", "prices
# declined") are left out; an empty opposite list gives support pairs only.
_POLARITY_VERBS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "lifted": (("removed", "scrapped", "waived"), ("imposed", "tightened")),
    "ended": (("stopped", "halted", "put an end to"), ("extended", "continued")),
    "halted": (("stopped", "suspended"), ("continued",)),
    "suspended": (("halted", "paused"), ("resumed", "continued")),
    "stopped": (("halted", "ended"), ("continued",)),
    "postponed": (("delayed", "put off"), ("went ahead with",)),
    "postponing": (("delaying", "putting off"), ("going ahead with",)),
    "delayed": (("postponed", "put off"), ("went ahead with",)),
    "cancelled": (("called off", "scrapped"), ("went ahead with",)),
    "canceled": (("called off", "scrapped"), ("went ahead with",)),
    "scrapped": (("abandoned", "dropped"), ("kept",)),
    "abandoned": (("gave up", "dropped"), ("kept",)),
    "withdrew": (("pulled out", "pulled back"), ()),
    "banned": (("prohibited", "outlawed"), ("allowed", "permitted")),
    "closed": (("shut",), ("opened",)),
    "refused to": (("declined to",), ("agreed to",)),
    "failed to": (("did not manage to",), ("managed to",)),
}
# "ended up", "suspended from work" (a sanction, not a pause): other senses.
_POLARITY = re.compile(
    r"\b(" + "|".join(sorted(_POLARITY_VERBS, key=len, reverse=True)) + r")\b(?!\s+(?:up|from)\b)"
)


def polarity_rewordings(
    sentences: Iterable[str], *, n: int, seed: int, source: str = "generated_polarity"
) -> list[Pair]:
    """About ``n`` pairs around a verb of stopping or removing: the sentence *supports* its core
    with the verb said another way ("lifted the ban" -> "removed the ban"), also mirrored (the
    reworded core as the passage), and *contradicts* it with a verb that states the opposite
    ("imposed the ban"), so that only the opposite, not another word for the same act, reads as
    a contradiction."""
    rng = random.Random(seed)
    out: list[Pair] = []
    for sentence in _shuffled(sentences, rng, longest=300):
        if len(out) >= n:
            break
        core = core_claim(sentence)
        m = _POLARITY.search(core) if core else None
        if core is None or m is None:
            continue
        synonyms, opposites = _POLARITY_VERBS[m.group(1)]

        def swap(word: str, core: str = core, m: re.Match[str] = m) -> str:
            text = core[: m.start()] + word + core[m.end() :]
            return text[:1].upper() + text[1:]

        reworded = swap(rng.choice(synonyms))
        out.append(Pair(reworded, sentence, StanceLabel.SUPPORTS, source))
        out.append(Pair(core, reworded, StanceLabel.SUPPORTS, f"{source}:mirror"))
        if opposites:
            out.append(Pair(swap(rng.choice(opposites)), sentence, StanceLabel.CONTRADICTS, source))
    rng.shuffle(out)
    return out[:n]


# A claim embedded under an operator: whether the passage asserts it depends on the operator.
# Non-factive: the passage mentions the claim without stating it (a demand is not its outcome).
_NON_FACTIVE = [
    "{s} demanded that {c}",
    "{s} called for an agreement under which {c}",
    "{s} hopes that {c}",
    "{s} urged negotiators to make sure that {c}",
    "{s} asked whether {c}",
    "It is not yet clear whether {c}",
    "{s} said it was too early to say whether {c}",
    "Unconfirmed rumours that {c} spread on social media",
    "{s} said talks could resume only if {c}",
    "{s} pushed for a deal in which {c}",
]
# Factive or reporting: the passage states the claim, often with more around it (a dateline, an
# attribution, a second clause), which must not read as "more than the claim" = neutral.
_FACTIVE = [
    "{s} confirmed that {c}",
    "{s} said that {c}",
    "{c}, {s} said on {day}",
    "{place} -- {c}, {s} said",
    "{place} -- {c}, {joined}",
    "As {s} reported on {day}, {c}",
    "{c}, while {joined}",
]
# Denials: the attributed statement is against the claim.
_DENIAL = [
    "{s} denied that {c}",
    "{s} rejected reports that {c}",
    "{s} said it was not true that {c}",
]
_PLACES = ["LONDON", "KYIV", "WASHINGTON", "BRUSSELS", "MOSCOW", "NEW DELHI", "NAIROBI", "PARIS"]
# Lower case: they also stand mid-sentence ("..., the mayor said"); fill() capitalises the start.
_SPEAKERS = [
    "officials",
    "the mayor",
    "the government",
    "a spokesman for the ministry",
    "the opposition",
    "negotiators",
    "protesters",
    "the union",
    "local residents",
    "the agency",
]
_LOWER_FIRST = re.compile(
    r"^(?:The|A|An|This|That|These|Those|It|Its|They|He|She|We|There|More|Most|Some|Many|Several"
    r"|All|Both|Police|Officials|Authorities|Troops|Forces|Residents|Scientists|Researchers)\b"
)


_NOT_A_STATEMENT = re.compile(
    r"[\"\u201c\u201d:;()]|\b(?:I|me|my|we|our|us|you|your)\b"
    r"|^(?:And|But|So|Or|Yet|Also|However|In this case|This is|That is|Here|If|When|While|As)\b"
)


def _statement(core: str) -> bool:
    """A core claim that reads as a stand-alone third-person statement (no quote, no "I")."""
    return _NOT_A_STATEMENT.search(core) is None


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def _embed(claim: str) -> str:
    """The claim as a subordinate clause: "The bridge ..." -> "the bridge ..."."""
    return claim[:1].lower() + claim[1:] if _LOWER_FIRST.match(claim) else claim


def embedded_claims(
    sentences: Iterable[str], *, n: int, seed: int, source: str = "generated_embedded"
) -> list[Pair]:
    """About ``n`` pairs of a core claim and a passage that embeds it under an operator.

    The same claim comes with a non-factive passage (neutral: "Negotiators demanded that a
    ceasefire ...", "It is not yet clear whether ..."), a factive or reporting one that states it
    with more around it (supports: a dateline, an attribution, a second clause) and, for a third
    of the claims, a denial (contradicts: "Officials denied that ..."). Only the operator tells
    the passages apart, so the model must read it rather than the overlap.
    """
    rng = random.Random(seed)
    sents = _shuffled(sentences, rng, longest=300)
    cores = [c for c in (core_claim(s) for s in sents) if c is not None and _statement(c)]
    # Speakers and datelines: full names ("Barack Obama"), not single capitalised words.
    names = sorted(
        {m.group(1) for c in cores[:5000] for m in _NAME.finditer(c) if " " in m.group(1)}
    )
    out: list[Pair] = []
    for i, claim in enumerate(cores):
        if len(out) >= n:
            break
        speaker = rng.choice(_SPEAKERS if rng.random() < 0.6 or not names else names)
        other = _embed(cores[(i + 1) % len(cores)])
        slots = {
            "s": speaker,
            "c": _embed(claim),
            "day": rng.choice(_WEEKDAYS),
            "place": rng.choice(_PLACES),
            "joined": other,
        }

        def fill(template: str, slots: dict[str, str] = slots) -> str:
            text = template.format(**slots)
            return text[:1].upper() + text[1:] + "."

        neutral, support = fill(rng.choice(_NON_FACTIVE)), fill(rng.choice(_FACTIVE))
        out.append(Pair(claim, neutral, StanceLabel.NEUTRAL, f"{source}:non_factive"))
        out.append(Pair(claim, support, StanceLabel.SUPPORTS, f"{source}:factive"))
        if rng.random() < 1 / 3:
            out.append(
                Pair(claim, fill(rng.choice(_DENIAL)), StanceLabel.CONTRADICTS, f"{source}:denial")
            )
    rng.shuffle(out)
    return out[:n]


def embedded_edits(
    sentences: Iterable[str],
    *,
    n: int,
    seed: int,
    source: str = "generated_embedded_edit",
    reworded_supports: bool = False,
) -> list[Pair]:
    """About ``n`` pairs: a long passage that states a claim, against the claim with one fact
    edited (a number, a date, a negation, "has yet to", ...): contradicts; a swapped name is
    neutral unless one name can hold the role (:func:`entity_swap_label`).

    The twins of :func:`embedded_claims`' supports: without them, the only long passages around
    a claim in the mix support it, and run v14 learnt "long and on topic" = supports (news
    contrast: contradictions read as support went up).

    With ``reworded_supports`` the claim is first reworded (:func:`paraphrase`) and comes as a
    support too (source ``...:reworded``), so both twins differ from the passage and only the
    edit tells them apart. Without it, the support twin is the passage's own words and run v15
    learnt "a word the passage does not have" = contradicts (news contrast paraphrases 0.86 ->
    0.64: "temporarily waived visas" against "temporarily lifted visa requirements").
    """
    rng = random.Random(seed)
    factive = [
        p
        for p in embedded_claims(sentences, n=4 * n, seed=seed)
        if p.source.endswith(":factive")
    ]
    names = sorted({m.group(1) for p in factive for m in _NAME.finditer(p.claim) if m.start() > 0})
    editors = _editors(names)
    # Negation and name swaps fit almost any claim; a cap leaves room for the rarer kinds.
    edits = n // 2 if reworded_supports else n
    cap = max(1, (3 * edits) // 10)
    made: dict[str, int] = defaultdict(int)
    out: list[Pair] = []
    for pair in factive:
        if len(out) >= n:
            break
        claim = paraphrase(pair.claim, rng) if reworded_supports else pair.claim
        if (found := _edit_once(claim, editors, made, cap, rng)) is None:
            continue
        kind, edited, label = found
        out.append(Pair(edited, pair.passage, label, f"{source}:{kind}"))
        if reworded_supports:
            out.append(Pair(claim, pair.passage, StanceLabel.SUPPORTS, f"{source}:reworded"))
    rng.shuffle(out)
    return out



# Two attributed clauses, one asserted and one denied or doubted: which clause holds the claim
# decides the label. A seed sentence of this shape ("Russian forces have occupied the Kherson
# Regional State Administration building, Gov. Hennadiy Lahuta said, but a spokeswoman ...
# denied the port city ... was under Moscow's control") sat on the support threshold in runs
# v22-v24 (0.49-0.51).
_SCOPED = [
    "{c}, {s} said, but {s2} denied that {o}",
    "{c}, {s} said on {day}, but {s2} rejected reports that {o}",
    "{s} said {c}, but {s2} denied that {o}",
    "{place} -- {c}, {s} said, though {s2} said it was too early to say whether {o}",
    "{c}, {s} confirmed, while {s2} said it was not yet clear whether {o}",
]


def scoped_claims(
    articles: Iterable[Sequence[str]], *, n: int, seed: int, source: str = "generated_scoped"
) -> list[Pair]:
    """About ``n`` pairs of a claim and a two-clause passage (:data:`_SCOPED`) whose other
    clause is another sentence of the same article on the same subject (they share a content
    word). Asserted in the first clause, the claim is supported (half the time reworded,
    :func:`paraphrase`); the same passage with the claim in the denied or doubted clause is
    neutral, as the rules and the news contrast set read a denial (no evidence either way).

    Both twins share every word, so only the scope of "said" and "denied" tells them apart:
    neither "a long attributed sentence on the topic" nor "a related statement is denied in it"
    decides. (Run v25 drew the other clause from any article, and learnt the second: it read
    the seed sentence above as neutral, 0.69.)
    """
    rng = random.Random(seed)
    stories = [list(a) for a in articles]
    rng.shuffle(stories)
    out: list[Pair] = []
    for sentences in stories:
        if len(out) >= n:
            break
        cores = [
            c
            for c in dict.fromkeys(core_claim(s) for s in sentences if len(s) <= 300)
            if c is not None and _statement(c)
        ]
        for claim in cores:
            # Related, but not a restatement: the neutral twin must not assert the claim. Both
            # clauses within ~128 tokens, so truncation never cuts the second one.
            related = [
                o
                for o in cores
                if o != claim and 0 < _overlap(claim, o) < 0.34 and len(claim) + len(o) <= 260
            ]
            if not related or len(out) >= n:
                continue
            other = rng.choice(related)
            s, s2 = rng.sample(_SPEAKERS, 2)
            template = rng.choice(_SCOPED)
            slots = {
                "s": s,
                "s2": s2,
                "day": rng.choice(_WEEKDAYS),
                "place": rng.choice(_PLACES),
            }

            def fill(
                asserted: str,
                doubted: str,
                template: str = template,
                slots: dict[str, str] = slots,
            ) -> str:
                text = template.format(c=_embed(asserted), o=_embed(doubted), **slots)
                return text[:1].upper() + text[1:] + "."

            said = paraphrase(claim, rng) if rng.random() < 0.5 else claim
            out.append(
                Pair(said, fill(claim, other), StanceLabel.SUPPORTS, f"{source}:asserted")
            )
            out.append(Pair(claim, fill(other, claim), StanceLabel.NEUTRAL, f"{source}:doubted"))
    rng.shuffle(out)
    return out[:n]


# Speakers with a title and a name, as news attributes a statement ("Gov. Hennadiy Lahuta said").
_SPEAKER_TITLES = ["Gov.", "Mayor", "Foreign Minister", "Sen.", "Gen.", "Defense Minister", "Rep."]
_SURNAMES = ["Novak", "Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Kovalenko", "Silva"]
_FIRST_OR_REPORTED = re.compile(r"\b(?:said|says|told)\b|^(?:We|Our|My|You|Your|Yes|No)\b")
_REPORTING = ["{c}, {s} said", "{s} said {c}", "{c}, {s} told reporters on {day}"]


def attributed_nli(
    pairs: Iterable[Pair],
    *,
    n: int,
    seed: int,
    source: str = "generated_attributed_nli",
    min_overlap: float = 0.0,
) -> list[Pair]:
    """About ``n`` human-written NLI pairs whose premise is reported by a speaker, alone
    (:data:`_REPORTING`) or beside a doubted clause (:data:`_SCOPED`); the label stays the
    pair's own. For an entailment in a two-clause passage, the twin with the premise in the
    doubted clause is neutral, as in :func:`scoped_claims`.

    The generated supports reuse their passage's words; these say the claim in other words.
    Runs v25 / v26 read "Russian forces have occupied the Kherson Regional State Administration
    building, Gov. Hennadiy Lahuta said, but ..." as neutral to "Russian troops took over the
    regional government building in Kherson" (0.24 / 0.17 support) while reading the bare
    clause as support (0.65): a reworded claim under an attribution. ``min_overlap`` keeps the
    pairs with at least that share of the claim's content words in the premise (close
    rewordings, as :func:`entailment_twins`).
    """
    rng = random.Random(seed)
    pool = [
        p
        for p in pairs
        if p.label is not StanceLabel.NEUTRAL
        and 30 <= len(p.passage) <= 160
        and p.passage.count(". ") == 0
        and p.passage[:1].isupper()
        and _statement(p.passage)
        # A premise already reported ("Sawyer said ...") or in the first person at its start.
        and _FIRST_OR_REPORTED.search(p.passage) is None
        and _overlap(p.claim, p.passage) >= min_overlap
    ]
    rng.shuffle(pool)
    out: list[Pair] = []
    for i, pair in enumerate(pool):
        if len(out) >= n:
            break
        other = pool[(i + 1) % len(pool)].passage
        speaker = (
            f"{rng.choice(_SPEAKER_TITLES)} {rng.choice(_SURNAMES)}"
            if rng.random() < 0.5
            else rng.choice(_SPEAKERS)
        )
        slots = {
            "s": speaker,
            "s2": rng.choice([x for x in _SPEAKERS if x != speaker]),
            "day": rng.choice(_WEEKDAYS),
            "place": rng.choice(_PLACES),
        }
        two_clauses = rng.random() < 0.5
        template = rng.choice(_SCOPED if two_clauses else _REPORTING)

        def fill(
            asserted: str, doubted: str, template: str = template, slots: dict[str, str] = slots
        ) -> str:
            text = template.format(
                c=_embed(asserted.rstrip(". ")), o=_embed(doubted.rstrip(". ")), **slots
            )
            return text[:1].upper() + text[1:] + "."

        kind = "scoped" if two_clauses else "reported"
        out.append(Pair(pair.claim, fill(pair.passage, other), pair.label, f"{source}:{kind}"))
        if two_clauses and pair.label is StanceLabel.SUPPORTS:
            doubted = fill(other, pair.passage)
            out.append(Pair(pair.claim, doubted, StanceLabel.NEUTRAL, f"{source}:doubted"))
    rng.shuffle(out)
    return out[:n]

def entailment_twins(
    supports: Iterable[Pair],
    *,
    seed: int,
    source: str = "generated_entailment_twin",
    min_overlap: float = 0.0,
) -> list[Pair]:
    """Each human-written support (RTE's news entailments) with, where an edit fits its claim,
    a twin: the claim with one fact edited against the same passage (contradicts; a swapped name
    as in :func:`entity_swap_label`).

    The generated supports all reuse the passage's words; these say the same thing in other
    words ("Pope Benedict XVI is the new leader of the Roman Catholic Church" from "... the
    installation of new Pope Benedict XVI"), and their twins keep "reworded" from meaning
    "supports" on its own. ``min_overlap`` keeps only the supports with at least that share of
    the claim's content words in the passage: close rewordings, not looser inferences ("Rabies
    is fatal in humans" from "... causing encephalopathy and ultimately death").
    """
    rng = random.Random(seed)
    pool = [
        p
        for p in supports
        if p.label is StanceLabel.SUPPORTS and _overlap(p.claim, p.passage) >= min_overlap
    ]
    rng.shuffle(pool)
    names = sorted({m.group(1) for p in pool for m in _NAME.finditer(p.claim) if m.start() > 0})
    editors = _editors(names)
    cap = max(1, (3 * len(pool)) // 10)
    made: dict[str, int] = defaultdict(int)
    out: list[Pair] = []
    for pair in pool:
        claim = pair.claim.strip().rstrip(".")
        out.append(Pair(claim, pair.passage, StanceLabel.SUPPORTS, f"{source}:support"))
        if (found := _edit_once(claim, editors, made, cap, rng)) is not None:
            kind, edited, label = found
            out.append(Pair(edited, pair.passage, label, f"{source}:{kind}"))
    rng.shuffle(out)
    return out



def _overlap(claim: str, passage: str) -> float:
    words = content_words(claim)
    return len(words & content_words(passage)) / len(words) if words else 0.0


_TITLES = [
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Defense Minister",
    "Finance Minister",
    "Health Minister",
    "Interior Minister",
    "Secretary of State",
    "Defense Secretary",
    "Mayor",
    "Governor",
    "Senator",
    "Attorney General",
    "Chancellor",
    "spokesman",
    "spokeswoman",
]
_RANKS = re.compile(r"\b(?:Admiral|General|Colonel|Major|Captain|Rear|Vice|Deputy|Acting)\b")
_TITLED = re.compile(
    r"\b(" + "|".join(re.escape(t) for t in sorted(_TITLES, key=len, reverse=True)) + r")"
    r"\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\b"
)


def title_claims(
    sentences: Iterable[str], *, n: int, seed: int, source: str = "generated_title"
) -> list[Pair]:
    """Who holds which office: "Foreign Minister Sergey Lavrov told ..." supports "Sergey
    Lavrov is a foreign minister" and contradicts "Sergey Lavrov is a defense minister".

    News names people by their titles; a claim that gives a person another office is the entity
    swap a topical reader misses. Pairs come in twins with the same passage.
    """
    rng = random.Random(seed)
    sents = _shuffled(sentences, rng, longest=400)
    out: list[Pair] = []
    for sentence in sents:
        if len(out) >= n:
            break
        m = _TITLED.search(sentence)
        if m is None:
            continue
        title, name = m.group(1), m.group(2)
        if _RANKS.search(name):
            continue
        other = rng.choice([t for t in _TITLES if t.lower() != title.lower()])
        if {title.lower(), other.lower()} == {"spokesman", "spokeswoman"}:
            continue
        verb = rng.choice(["is", "serves as", "works as"])
        held, other_office = _a(title.lower()), _a(other.lower())
        out.append(Pair(f"{name} {verb} {held}", sentence, StanceLabel.SUPPORTS, source))
        out.append(Pair(f"{name} {verb} {other_office}", sentence, StanceLabel.CONTRADICTS, source))
    rng.shuffle(out)
    return out[:n]


def _on_topic(sentence: str, words: set[str], evidence: set[str]) -> bool:
    """Shares a content word with the claim but under 40 % of them, and is not its evidence."""
    shared = len(words & content_words(sentence))
    return (
        sentence not in evidence and 1 <= shared < 0.4 * len(words) and 30 <= len(sentence) <= 400
    )


def topic_neutrals(
    claims_with_context: Sequence[tuple[str, Sequence[str], Sequence[str]]],
    *,
    n: int,
    seed: int,
    source: str = "generated_topic",
) -> list[Pair]:
    """Neutral pairs of a claim and on-topic sentences that are not its evidence.

    ``claims_with_context``: (claim, its evidence sentences, other sentences of the same article
    or page). A candidate is kept when it shares a content word with the claim (on topic) but
    fewer than 40 % of the claim's content words, and is not one of the evidence sentences.
    Half of the pairs come from the claim's own article, half from other claims' articles that
    share a capitalised name with it ("sentences sharing its entities").
    """
    rng = random.Random(seed)
    by_name: dict[str, list[int]] = defaultdict(list)
    names_of: list[set[str]] = []
    for i, (claim, _, _) in enumerate(claims_with_context):
        names = {m.group(1) for m in _NAME.finditer(claim)} | {
            w for w in re.findall(r"\b[A-Z][a-z]{3,}\b", claim)
        }
        names_of.append(names)
        for name in names:
            by_name[name].append(i)
    out: list[Pair] = []
    order = list(range(len(claims_with_context)))
    rng.shuffle(order)
    for i in order:
        if len(out) >= n:
            break
        claim, evidence, others = claims_with_context[i]
        words = content_words(claim)
        if len(words) < 3:
            continue
        ev = set(evidence)

        own = [s for s in others if _on_topic(s, words, ev)]
        if own:
            out.append(Pair(claim, rng.choice(own), StanceLabel.NEUTRAL, f"{source}:same_article"))
        neighbours = [j for name in sorted(names_of[i]) for j in by_name[name] if j != i]
        if neighbours:
            j = rng.choice(neighbours)
            cands = [s for s in (*claims_with_context[j][1], *claims_with_context[j][2])]
            cands = [s for s in cands if _on_topic(s, words, ev)]
            if cands:
                out.append(
                    Pair(claim, rng.choice(cands), StanceLabel.NEUTRAL, f"{source}:shared_entity")
                )
    rng.shuffle(out)
    return out[:n]


# --- corpora the generators read (training splits only) ------------------------------------


def fnc_train_stories() -> list[tuple[str, list[str], list[str]]]:
    """(headline, its relevant excerpt sentences, the body's other sentences), FNC-1 train."""
    import csv
    import gzip
    import io
    import json

    folder = data_root() / "fnc1"
    with gzip.open(folder / "train_bodies.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        bodies = {
            int(r["Body ID"]): r["articleBody"] for r in csv.DictReader(io.StringIO(fh.read()))
        }
    seen: set[tuple[str, int]] = set()
    stories: list[tuple[str, list[str], list[str]]] = []
    with gzip.open(folder / "stances.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["split"] != "train" or row["orig_label"] == "unrelated":
                continue
            key = (row["hypothesis"], int(row["body_id"]))
            body = bodies.get(key[1])
            if key in seen or not body:
                continue
            seen.add(key)
            sentences = split_sentences(body)
            excerpt = relevant_excerpt(row["hypothesis"], body)
            evidence = [s for s in sentences if s in excerpt]
            rest = [s for s in sentences if s not in excerpt]
            stories.append((row["hypothesis"], evidence, rest))
    return stories


def fnc_train_sentences() -> list[str]:
    """Distinct body sentences of the FNC-1 train bodies (news text, training split)."""
    import csv
    import gzip
    import io

    path = data_root() / "fnc1" / "train_bodies.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        bodies = [r["articleBody"] for r in csv.DictReader(io.StringIO(fh.read()))]
    return sorted({s for b in bodies for s in split_sentences(b)})


def fnc_train_bodies() -> list[list[str]]:
    """The sentences of each FNC-1 train body, in body order."""
    import csv
    import gzip
    import io

    path = data_root() / "fnc1" / "train_bodies.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(io.StringIO(fh.read())))
    rows.sort(key=lambda r: int(r["Body ID"]))
    return [split_sentences(r["articleBody"]) for r in rows]


def climate_fever_train_pages() -> list[tuple[str, list[str], list[str]]]:
    """(claim, its evidence sentences, other train claims' sentences of the same pages)."""
    records = load_climate_fever_claims("train")
    by_page: dict[str, set[str]] = defaultdict(set)
    for r in records:
        for e in r["evidences"]:
            by_page[e["article"]].add(e["evidence"])
    out: list[tuple[str, list[str], list[str]]] = []
    for r in records:
        evidence = [e["evidence"] for e in r["evidences"]]
        pages = {e["article"] for e in r["evidences"]}
        others = sorted({s for p in pages for s in by_page[p]} - set(evidence))
        out.append((r["claim"], evidence, others))
    return out
