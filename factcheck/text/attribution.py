"""Who a sentence is attributed to: reported speech and cited sources, found by rules.

No parser model can be downloaded here, so attribution is a table of cue patterns (:data:`CUES`)
plus speaker extraction from the words around the cue. It is built for news English as wires and
outlets write it:

- ``X said ...``, ``..., X said.``, ``“...,” X said.``, ``X earlier told journalists ...``,
  ``X, a member of ..., said ...``, ``“...,” said the official, who ...``,
  ``..., indicated mayor X``
- ``..., according to X.``, ``..., citing X.``
- ``X ... , saying/writing/telling ...`` and ``X did Y ..., and warned ...`` (speaker: the subject)
- ``AP quoted X as saying``, ``X was quoted as saying``
- relays (``..., DW reported.``) count only when nothing else in the sentence names a speaker.

Across sentences (in reading order): a sentence whose speaker is he/she takes the speaker of the
sentence before when that one names a person; a sentence that opens with a quotation and has no cue
continues the previous sentence's quotation.

Known limits: no coreference beyond one sentence back; cue words inside quotation marks are
ignored (they are the speaker's words); a speaker named only in a long clause without punctuation
may be missed; passive reports ("was told") are skipped rather than inverted; one speaker per
sentence (the first in reading order; a relaying outlet only as a last resort).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from factcheck.documents import Attribution

__all__ = ["CUES", "Cue", "CueKind", "attribute"]


class CueKind(StrEnum):
    BEFORE = "before"  # the speaker is named before the verb ("X said"), or right after it
    AFTER = "after"  # the speaker follows the cue ("according to X")
    PARTICIPLE = "participle"  # ", saying ...": the speaker is the subject of the sentence
    QUOTED_AS = "quoted_as"  # "AP quoted X as saying": the speaker sits inside the cue


@dataclass(frozen=True, slots=True)
class Cue:
    name: str
    kind: CueKind
    regex: re.Pattern[str]
    relay: bool = False  # an outlet passing on someone else's words: used only as a last resort


def _verbs(*words: str, tail: str = "") -> re.Pattern[str]:
    # (?<![\w-]) keeps "so-called" from reading as "called".
    return re.compile(r"(?<![\w-])(?P<cue>" + "|".join(words) + r")\b" + tail)


_QUOTE_CHARS = '"\u201c\u201d'

CUES: tuple[Cue, ...] = (
    Cue(
        "quoted as saying",
        CueKind.QUOTED_AS,
        re.compile(
            r"(?<![\w-])(?P<cue>quoted)\s+(?P<speaker>[^,;:\"\u201c\u201d]{1,80}?)\s+as\s+"
            r"(?:saying|telling|writing|stating)\b"
        ),
        relay=False,
    ),
    Cue(
        "was quoted as saying",
        CueKind.BEFORE,
        re.compile(
            r"(?<![\w-])(?P<cue>(?:was|were) quoted (?:by [^,;]{1,60}? )?as (?:saying|telling))\b"
        ),
    ),
    Cue(
        "speech verb",
        CueKind.BEFORE,
        _verbs(
            "said",
            "says",
            "told",
            "tells",
            "stated",
            "announced",
            "announces",
            "claimed",
            "claims",
            "insisted",
            "insists",
            "warned",
            "warns",
            "noted",
            "denied",
            "denies",
            "confirmed",
            "confirms",
            "indicated",
            "declared",
            "wrote",
            "writes",
            "tweeted",
            "explained",
            "argued",
            "argues",
            "asserted",
            "acknowledged",
            "admitted",
            "alleged",
            "estimated",
            "accused",
        ),
    ),
    # "added" also means "added 500 jobs": speech only when that/a comma/colon/quote follows.
    Cue(
        "added",
        CueKind.BEFORE,
        _verbs("added", "adds", tail=r"(?=\s*(?:that\b|[,:\"\u201c]))"),
    ),
    # "called"/"described" report speech only with the quoted words they label: He called reports
    # "disinformation." ("Putin also called Macron" is a phone call.)
    Cue(
        "called",
        CueKind.BEFORE,
        _verbs("called", "described", tail=r"(?=\s+[^,;:\"\u201c\u201d]{1,80}?\s*[\"\u201c])"),
    ),
    Cue("according to", CueKind.AFTER, re.compile(r"(?<![\w-])(?P<cue>according to)\s+", re.I)),
    Cue("citing", CueKind.AFTER, re.compile(r",\s+(?P<cue>citing)\s+")),
    Cue(
        "participle",
        CueKind.PARTICIPLE,
        re.compile(
            r",\s+(?:and\s+)?(?P<cue>saying|adding|telling|writing|noting|warning|claiming|"
            r"insisting|arguing|stating|declaring|explaining|announcing|tweeting)\b"
        ),
    ),
    Cue("reported", CueKind.BEFORE, _verbs("reported", "reports"), relay=True),
)

# ---------------------------------------------------------------------------------------------
# Word lists. Lowercase; they describe news English, not the seeds.


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DETERMINERS = _wordset(
    "a an the another one two three four five several some many most other both all"
)
_PRONOUNS = frozenset({"he", "she", "it", "they"})
# Words between a speaker and the verb: "Lavrov earlier told", "Lavrov had said",
# "X on Monday said".
_BEFORE_VERB = _wordset(
    "also earlier later previously then again repeatedly separately initially originally "
    "reportedly publicly privately recently once first last has have had would will "
    "on monday tuesday wednesday thursday friday saturday sunday today yesterday"
)
_PASSIVE = frozenset({"was", "were", "is", "are", "be", "been", "being"})
# Function words that open a clause before its subject: ", but a spokeswoman ... denied".
_CLAUSE_OPENERS = _wordset(
    "and but or nor yet so while as though although because that which who whom whose when "
    "where after before since if whereas during meanwhile however even thus then also "
    "with in on at"
)
_VERBISH = _wordset(
    "is are was were be been being has have had will would can could should may might must "
    "do does did not that"
)
# Heads of a speaker phrase that are not capitalised: "the official", "a spokeswoman for ...".
_ROLE_NOUNS = _wordset(
    "official officials spokesman spokeswoman spokesperson spokespeople governor mayor minister "
    "ministry ministers agency adviser advisor aide aides negotiator negotiators envoy diplomat "
    "diplomats source sources president leader leaders commander commanders general officer "
    "officers military army government authorities authority police delegation delegations "
    "sides side body statement report data figures analysts analyst experts expert "
    "witness witnesses residents resident lawmaker lawmakers senator secretary chief "
    "director head prosecutor prosecutors investigators ambassador council committee "
    "administration office department service forces troops regulator"
)
# Title words that may stand inside a subject phrase: "Pentagon press secretary John Kirby".
_TITLE_WORDS = _ROLE_NOUNS | _wordset(
    "presidential press foreign defense defence prime deputy senior state security national "
    "local regional emergency interior top former acting"
)
# Heads that make a speaker an institution, not a person: "Russia's Defense Ministry" keeps its
# possessive (it is the only thing telling which ministry), and he/she never resolves to it.
_INSTITUTIONS = _wordset(
    "ministry agency office department army military government council committee service "
    "services kremlin pentagon commission administration forces police court parliament "
    "embassy bureau command guard authority authorities organization organisation union "
    "nations alliance bank company corporation group institute center centre party statement "
    "report data media news press post times agency network channel broadcaster tass "
    "refugees"
)
# Lowercase heads that can make a statement, beyond the role nouns: "The company said".
_SPEAKER_NOUNS = (
    _ROLE_NOUNS
    | _INSTITUTIONS
    | _wordset(
        "company companies firm firms court courts judge judges study survey researchers "
        "scientists observers monitors activists doctors hospital hospitals newspaper outlet "
        "website broadcaster station group groups campaigners organizers organisers union "
        "unions people person man woman men women citizens voters owner owners operator "
        "operators manager managers agencies ministries governments militaries statements "
        "reports census poll polls tally count estimates"
    )
)
_TIME_WORDS = _wordset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
    "january february march april june july august september october november "
    "december"
)
_PREPOSITIONS = _wordset("of for to with from at in by on about")
# "according to plan" is no source.
_NOT_SOURCES = frozenset({"plan", "the plan", "schedule", "script", "expectations"})
# "according to data from X": X is the source.
_SOURCE_PREFIX = re.compile(
    r"^(?:(?:the )?(?:latest |new |official |preliminary )?(?:data|figures|estimates|statistics|"
    r"numbers|count|tally)\s+(?:released |published |compiled )?(?:from|by|of)\s+)",
    re.I,
)

_BOUNDARY = re.compile(
    r",(?=\s|$)\s*|;\s*|:(?=\s|$)\s*|[\"\u201c\u201d]|\s[-\u2013\u2014]\s|[\u2013\u2014()]"
)
# The speaker after the verb ends at punctuation or at a relative/prepositional tail.
_INVERTED_NP = re.compile(
    r"^\s+(?P<np>[^,.;:!?\"\u201c\u201d()]{1,80}?)(?=\s*(?:[,.;:!?\"\u201c\u201d(]|$)|"
    r"\s+(?:who|which|in|on|at|during|after|before|while|when|as|from|to|according)\b)"
)
_AFTER_NP = re.compile(
    r"^(?P<np>[^;:\"\u201c\u201d()]{1,120}?)(?=\s*(?:,\s|;|:|\s[-\u2013\u2014]\s|[\u2013\u2014(]|"
    r"\s(?:which|who|that|as|after|before|when|while)\b|[.!?][\"'\u201d\u2019]?\s*$|$))"
)
_CAPITALISED = re.compile(r"^[A-Z0-9][\w.'\u2019&-]*$")
_POSSESSIVE = re.compile(r"^[A-Z][\w.-]*['\u2019]s$")
_WINDOW = 300
_PUNCT_EDGES = " \t,;:.!?\"'\u201c\u201d\u2018\u2019"
_EDGE_PUNCT = _PUNCT_EDGES.replace(".", "")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-z]\.[A-Za-z]\.|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St)\.)$")


def _words(text: str) -> list[str]:
    return text.split()


def _is_capitalised(word: str) -> bool:
    return bool(_CAPITALISED.match(word)) and word.lower().rstrip(".") not in _TIME_WORDS


def _quoted_mask(sentence: str) -> list[bool]:
    """True for characters inside double quotes; “ opens, ” closes, " toggles (they get mixed)."""
    mask: list[bool] = []
    inside = False
    for ch in sentence:
        if ch == "\u201c":
            mask.append(inside)
            inside = True
        elif ch == "\u201d":
            mask.append(inside)
            inside = False
        elif ch == '"':
            mask.append(inside)
            inside = not inside
        else:
            mask.append(inside)
    return mask


# ---------------------------------------------------------------------------------------------
# Speaker phrases


def _strip_openers(words: list[str]) -> list[str]:
    while words and words[0].lower() in _CLAUSE_OPENERS:
        words = words[1:]
    return words


def _head_ok(words: list[str]) -> bool:
    """The head noun must be a name or a noun that can speak.

    English noun phrases end in their head, except that a prepositional tail follows it
    ("the mayor of Mariupol", "a spokeswoman for the ministry"). This is what rejects "Following
    days of disputed" (from "... disputed claims").
    """
    head = words[-1]
    for i in range(1, len(words)):
        if words[i].lower() in _PREPOSITIONS:
            head = words[i - 1]
            break
    bare = head.strip(_PUNCT_EDGES)
    if bare.lower() in _SPEAKER_NOUNS:
        return True
    return _is_capitalised(bare) and bare.lower() not in _DETERMINERS


def _speaker_ok(words: list[str], *, max_words: int = 12) -> bool:
    if not words or len(words) > max_words:
        return False
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return True
    if any(w.lower() in _VERBISH or any(q in w for q in _QUOTE_CHARS) for w in words):
        return False
    first = words[0]
    first_ok = (
        _is_capitalised(first)
        or first.lower() in _DETERMINERS
        or first.lower() in _TITLE_WORDS
        or _POSSESSIVE.match(first) is not None
    )
    return first_ok and _head_ok(words)


def _trailing_name_run(words: list[str]) -> int:
    """Index where the run of capitalised words ending the phrase starts (len if none)."""
    i = len(words)
    while i > 0 and _is_capitalised(words[i - 1]):
        i -= 1
    return i


def _is_institution(words: list[str]) -> bool:
    return bool(words) and words[-1].lower().rstrip(".") in _INSTITUTIONS


def _tidy(words: list[str]) -> list[str]:
    """Trim what is not the speaker: "A defiant Ukrainian President X" → "Ukrainian President X";
    "an attempt Mayor X" → "Mayor X"; "Ukraine's Defense Minister X" → "Defense Minister X"."""
    if len(words) >= 3 and words[0].lower() in {"a", "an", "the"}:
        start = _trailing_name_run(words)
        if (
            len(words) - start >= 2
            and not _is_institution(words)
            and words[start - 1].lower() not in _PREPOSITIONS
        ):
            words = words[start:]
    if len(words) >= 3 and _POSSESSIVE.match(words[0]) and not _is_institution(words):
        rest = words[1:]
        if _is_capitalised(rest[-1]) and len(rest) - _trailing_name_run(rest) >= 2:
            words = rest
    return words


def _strip_edges(words: list[str]) -> list[str]:
    text = " ".join(words).strip(_EDGE_PUNCT)
    # A final full stop is the sentence's, unless it closes an abbreviation ("The U.N.").
    if text.endswith(".") and not _ABBREVIATION_END.search(text):
        text = text[:-1]
    return text.split()


def _finish(words: list[str], *, max_words: int = 12) -> str | None:
    words = _strip_openers(_strip_edges(words))
    if not _speaker_ok(words, max_words=max_words):
        return None
    return " ".join(_tidy(words))


def _segments(left: str) -> list[str]:
    return [s.strip() for s in _BOUNDARY.split(left)]


def _looks_like_name(segment: str) -> bool:
    words = _words(segment)
    return 1 <= len(words) <= 4 and all(_is_capitalised(w) for w in words)


def _subject(sentence: str) -> str | None:
    """The subject phrase opening a sentence, after an introductory phrase ("Despite X, ...")."""
    text = sentence.strip().lstrip(_QUOTE_CHARS)[: 2 * _WINDOW]
    for _ in range(3):
        first = text.split(" ", 1)[0].lower().rstrip(",")
        intro = (
            first in _CLAUSE_OPENERS
            or first in _PREPOSITIONS
            or first in {"despite", "amid", "following", "under", "without", "asked", "earlier"}
            or first.endswith(("ing", "ly"))
        )
        comma = text.find(", ")
        if not intro or comma < 0:
            break
        text = text[comma + 2 :]
    words = _words(text)
    if words and words[0].lower() in _PRONOUNS:
        return words[0]
    taken: list[str] = []
    for i, word in enumerate(words):
        bare = word.rstrip(",")
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if (
            (i == 0 and bare.lower() in _DETERMINERS)
            or _is_capitalised(bare)
            or _POSSESSIVE.match(bare)
            or bare.lower() in _TITLE_WORDS
            or (bare.lower() in {"of", "for", "and"} and _is_capitalised(nxt))
        ):
            taken.append(bare)
            if word.endswith(","):
                break
        else:
            break
    while taken and (taken[-1].lower() in _DETERMINERS or taken[-1].lower() in _PREPOSITIONS):
        taken.pop()
    if not taken:
        return None
    last = taken[-1]
    if not (_is_capitalised(last) or last.lower() in _ROLE_NOUNS):
        return None
    return _finish(taken)


# ---------------------------------------------------------------------------------------------
# One cue, one speaker


def _before_verb(sentence: str, m: re.Match[str]) -> str | None:
    start = m.start("cue")
    # A speaker stands near its verb; the window keeps run-on "sentences" linear.
    left_words = _words(sentence[max(0, start - _WINDOW) : start])
    if start > _WINDOW:
        left_words = left_words[1:]  # may be cut mid-word
    while left_words and left_words[-1].lower().rstrip(",") in _BEFORE_VERB:
        left_words.pop()
    if (
        left_words
        and left_words[-1].lower() in _PASSIVE
        and not m.group("cue").startswith(("was", "were"))
    ):
        return None  # "civilians were denied access": passive, not a report
    left = " ".join(left_words)
    segments = _segments(left)
    last = segments[-1] if segments else ""
    if not _strip_openers(_words(last)):
        # Nothing between the last comma/quote and the verb.
        inverted = _INVERTED_NP.match(sentence[m.end("cue") :])
        if inverted is not None:
            speaker = _finish(_words(inverted.group("np")), max_words=8)
            if speaker is not None and speaker.lower() not in _PRONOUNS:
                return speaker  # "“...,” said the official", "..., indicated mayor X"
        if _words(last) and _words(last)[0].lower() in {"and", "but"}:
            return _subject(sentence)  # "X recorded ..., and warned that ..."
        filled = [s for s in segments if s]
        if left.rstrip().endswith(",") and len(filled) >= 2:
            return _finish(_words(filled[-2]))  # "Roscosmos, the Russian space agency, said"
        return None
    words = _words(last)
    if words[-1].lower() in {"and", "but"}:
        return _subject(sentence)  # "X did A and warned B"
    filled = [s for s in segments if s]
    if (
        len(filled) == 2
        and words[0].lower() in {"a", "an"}
        and _looks_like_name(filled[0])
        and sentence.strip().startswith(filled[0])
    ):
        return _finish(_words(filled[0]))  # "Mykhailo Podolyak, a member of X's delegation said"
    return _finish(words)


def _after_cue(sentence: str, m: re.Match[str]) -> str | None:
    rest = sentence[m.end() :]
    np = _AFTER_NP.match(rest)
    if np is None:
        return None
    phrase = _SOURCE_PREFIX.sub("", np.group("np").strip())
    if phrase.lower().strip(_PUNCT_EDGES) in _NOT_SOURCES:
        return None
    return _finish(_words(phrase))


def _quoted_as(sentence: str, m: re.Match[str]) -> str | None:
    return _finish(_words(m.group("speaker")), max_words=8)


def _participle(sentence: str, m: re.Match[str]) -> str | None:
    return _subject(sentence)


_EXTRACTORS: dict[CueKind, Callable[[str, re.Match[str]], str | None]] = {
    CueKind.BEFORE: _before_verb,
    CueKind.AFTER: _after_cue,
    CueKind.QUOTED_AS: _quoted_as,
    CueKind.PARTICIPLE: _participle,
}


def _cue_text(cue: Cue, m: re.Match[str]) -> str:
    if cue.kind is CueKind.QUOTED_AS:
        return "quoted as saying"
    text = " ".join(m.group("cue").lower().split())
    return re.sub(r"^(?:was|were) quoted .*$", "quoted as saying", text)


def _attribute_one(sentence: str) -> Attribution | None:
    # No quotation mark, nothing quoted: the mask (a list per character) is not needed.
    quoted = any(q in sentence for q in _QUOTE_CHARS)
    mask = _quoted_mask(sentence) if quoted else None
    matches = sorted(
        (
            (m.start("cue"), order, cue, m)
            for order, cue in enumerate(CUES)
            for m in cue.regex.finditer(sentence)
            if mask is None or not mask[m.start("cue")]  # quoted: the speaker's words
        ),
        key=lambda item: (item[0], item[1]),
    )
    relayed: Attribution | None = None
    # The first cue in reading order with a speaker wins; a relay only if nothing else does.
    for _, _, cue, m in matches:
        speaker = _EXTRACTORS[cue.kind](sentence, m)
        if speaker is None:
            continue
        found = Attribution(speaker=speaker, cue=_cue_text(cue, m))
        if not cue.relay:
            return found
        relayed = relayed or found
    return relayed


# ---------------------------------------------------------------------------------------------
# Context: pronouns and continued quotations


def _names_person(speaker: str) -> bool:
    words = _words(speaker)
    return (
        bool(words)
        and words[0].lower() not in _DETERMINERS
        and words[0].lower() not in _PRONOUNS
        and _is_capitalised(words[-1])
        and not _is_institution(words)
    )


def _opens_with_quote(sentence: str) -> bool:
    return sentence.lstrip()[:1] in ("\u201c", '"')


def attribute(sentences: Sequence[str]) -> list[Attribution | None]:
    """One attribution per sentence, in order; None where the outlet speaks in its own voice.

    Example:
        >>> [a and (a.speaker, a.cue) for a in attribute([
        ...     "Kherson fell, Gov. Hennadiy Lahuta said.",
        ...     "He added that the city was calm.",
        ...     "The river is wide.",
        ... ])]
        [('Gov. Hennadiy Lahuta', 'said'), ('Gov. Hennadiy Lahuta', 'added'), None]
    """
    results: list[Attribution | None] = []
    previous: Attribution | None = None
    previous_sentence = ""
    for sentence in sentences:
        found = _attribute_one(sentence)
        if found is not None and found.speaker.lower() in _PRONOUNS:
            speaker = _resolve(found.speaker, previous, previous_sentence)
            if speaker is not None:
                found = Attribution(speaker=speaker, cue=found.cue)
        elif found is None and previous is not None and _opens_with_quote(sentence):
            found = previous  # the quotation goes on
        results.append(found)
        previous, previous_sentence = found, sentence
    return results


def _resolve(pronoun: str, previous: Attribution | None, previous_sentence: str) -> str | None:
    if pronoun.lower() in {"he", "she"}:
        if previous is not None and _names_person(previous.speaker):
            return previous.speaker
        subject = _subject(previous_sentence) if previous_sentence else None
        if subject is not None and _names_person(subject):
            return subject
        return None
    if previous is not None and previous.speaker.lower() not in _PRONOUNS:
        return previous.speaker  # it / they: an institution or a group
    return None
