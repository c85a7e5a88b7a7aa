"""Word lists shared by the text pipeline and the stance rules."""

from __future__ import annotations

# Function words that carry no topic: overlap measures and rule anchors skip them. Negation
# ("no", "not") is left out on purpose; callers that want it dropped add it themselves.
FUNCTION_WORDS: frozenset[str] = frozenset(
    {
        "a",
        "about",
        "after",
        "all",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "here",
        "him",
        "his",
        "how",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "me",
        "might",
        "more",
        "most",
        "of",
        "on",
        "or",
        "our",
        "over",
        "said",
        "say",
        "says",
        "she",
        "should",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    }
)

# Month names and their abbreviations -> month number.
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}


# Weekday names -> ISO weekday (Monday = 1). Full names only: "sun", "wed" are words too.
WEEKDAYS: dict[str, int] = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), start=1
    )
}


# -- speakers of reported speech (factcheck.text.attribution). Lowercase; they describe news
# English, not the seeds.


def wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


DETERMINERS = wordset(
    "a an the another one two three four five several some many most other both all"
)
PRONOUNS = frozenset({"he", "she", "it", "they"})
# Words between a speaker and the verb: "Lavrov earlier told", "Lavrov had said",
# "X on Monday said".
BEFORE_VERB = wordset(
    "also earlier later previously then again repeatedly separately initially originally "
    "reportedly publicly privately recently once first last has have had would will "
    "on monday tuesday wednesday thursday friday saturday sunday today yesterday"
)
PASSIVE = frozenset({"was", "were", "is", "are", "be", "been", "being"})
# Function words that open a clause before its subject: ", but a spokeswoman ... denied".
CLAUSE_OPENERS = wordset(
    "and but or nor yet so while as though although because that which who whom whose when "
    "where after before since if whereas during meanwhile however even thus then also "
    "with in on at"
)
VERBISH = wordset(
    "is are was were be been being has have had will would can could should may might must "
    "do does did not that"
)
# Heads of a speaker phrase that are not capitalised: "the official", "a spokeswoman for ...".
ROLE_NOUNS = wordset(
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
TITLE_WORDS = ROLE_NOUNS | wordset(
    "presidential press foreign defense defence prime deputy senior state security national "
    "local regional emergency interior top former acting"
)
# Heads that make a speaker an institution, not a person: "Russia's Defense Ministry" keeps its
# possessive (it is the only thing telling which ministry), and he/she never resolves to it.
INSTITUTIONS = wordset(
    "ministry agency office department army military government council committee service "
    "services kremlin pentagon commission administration forces police court parliament "
    "embassy bureau command guard authority authorities organization organisation union "
    "nations alliance bank company corporation group institute center centre party statement "
    "report data media news press post times agency network channel broadcaster tass "
    "refugees"
)
# Lowercase heads that can make a statement, beyond the role nouns: "The company said".
SPEAKER_NOUNS = (
    ROLE_NOUNS
    | INSTITUTIONS
    | wordset(
        "company companies firm firms court courts judge judges study survey researchers "
        "scientists observers monitors activists doctors hospital hospitals newspaper outlet "
        "website broadcaster station group groups campaigners organizers organisers union "
        "unions people person man woman men women citizens voters owner owners operator "
        "operators manager managers agencies ministries governments militaries statements "
        "reports census poll polls tally count estimates"
    )
)
TIME_WORDS = wordset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
    "january february march april june july august september october november "
    "december"
)
PREPOSITIONS = wordset("of for to with from at in by on about")
# "according to plan" is no source.
NOT_SOURCES = frozenset({"plan", "the plan", "schedule", "script", "expectations"})
