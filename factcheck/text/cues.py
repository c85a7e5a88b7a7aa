"""The cues of reported speech and cited sources, as a table of patterns (:data:`CUES`).

:mod:`factcheck.text.attribution` finds the speaker around the cue each pattern matches; the
kind of a cue says where to look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CUES", "QUOTE_CHARS", "Cue", "CueKind"]


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


QUOTE_CHARS = '"\u201c\u201d'

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
