"""``python -m bench.corpus``: build the 100k-sentence benchmark corpus and the query claims.

Base material: the 5,240 unique Wikipedia evidence sentences of CLIMATE-FEVER
(``/work/shared/eval/climate-fever/climate-fever.jsonl``), grouped by article title (articles of
more than 30 sentences are cut into parts of 30, so an "article" is news-sized), plus the
sentences of the five seed articles. That is about 5,400 sentences; the corpus repeats it
``--copies`` times (default: enough for ``--sentences``), each copy as if syndicated by another
outlet with light edits, so that no two copies of a sentence are the same text:

* copy 0 is the original text;
* copy ``r`` > 0 credits its outlet in each sentence, one of four ways chosen per sentence
  ("According to <outlet>, ...", "..., <outlet> reported.", "<outlet> noted that ...",
  "... (<outlet>)"), and shifts the first number of a sentence by ``r`` in half of the cases;
* every copy has its own article ids, outlet, URL and publication date.

The result is JSONL for ``python -m indexer`` under ``.cache/bench/`` (never in git), and
``claims.jsonl``: the 1,535 CLIMATE-FEVER claims plus claims about the seed stories, the query
set of the load tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import re
from collections import defaultdict
from pathlib import Path

from bench.common import CACHE, CLAIMS, CORPUS, SEEDS
from factcheck.articles import read_articles
from factcheck.documents import Article

CLIMATE_FEVER = Path("/work/shared/eval/climate-fever/climate-fever.jsonl")
PART = 30
OUTLETS = [
    "Harbor Gazette", "Valley Courier", "Northern Ledger", "Coastal Times", "Metro Dispatch",
    "Prairie Herald", "Lakeside Chronicle", "Capital Observer", "Summit Tribune",
    "Riverside Post", "Highland Record", "Bay Sentinel", "Granite Journal", "Delta Register",
    "Pinewood Bulletin", "Eastern Star", "Western Examiner", "Midland Monitor", "Crescent News",
    "Union Daily", "Cedar Report", "Atlas Weekly", "Beacon Press", "Meridian Review",
]
SEED_CLAIMS = [
    "Lavrov said Ukraine would be demilitarized even if a peace deal were signed",
    "Russian forces took control of the port city of Kherson",
    "Reznikov said Ukraine has every reason to be confident",
    "Russian troops seized a key government building in Kherson",
]
_NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")


def base_articles() -> list[tuple[str, list[str]]]:
    """(title, sentences) of the CLIMATE-FEVER articles (in parts) and the seed articles."""
    by_title: dict[str, dict[str, str]] = defaultdict(dict)
    for line in CLIMATE_FEVER.read_text().splitlines():
        for evidence in json.loads(line)["evidences"]:
            by_title[evidence["article"]][evidence["evidence_id"]] = evidence["evidence"]
    articles: list[tuple[str, list[str]]] = []
    for title, sentences in by_title.items():
        ordered = [text for _, text in sorted(
            sentences.items(), key=lambda kv: int(kv[0].rsplit(":", 1)[1]))]
        for start in range(0, len(ordered), PART):
            part = ordered[start : start + PART]
            articles.append((title if start == 0 else f"{title} ({start // PART + 1})", part))
    for item in read_articles([SEEDS]):
        if isinstance(item, Article):
            articles.append((item.meta.title or item.meta.id, [s.text for s in item.sentences]))
    return articles


def _choice(*parts: object) -> int:
    return int(hashlib.sha256(repr(parts).encode()).hexdigest()[:8], 16)


def _lower_first(text: str) -> str:
    # "The IPCC ..." -> "the IPCC ...", but keep acronyms and names that start with two capitals.
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def vary(sentence: str, *, copy: int, outlet: str, position: int) -> str:
    """The sentence as copy ``copy`` (credited to ``outlet``) prints it."""
    if copy == 0:
        return sentence
    pick = _choice(copy, position, sentence)
    text = sentence.strip()
    if pick % 2 == 0:
        text = _NUMBER.sub(lambda m: _shift(m.group(0), copy), text, count=1)
    body = text.rstrip(".!?\"'")
    end = text[len(body):] or "."
    match (pick >> 1) % 4:
        case 0:
            return f"According to the {outlet}, {_lower_first(text)}"
        case 1:
            return f"{body}, the {outlet} reported{end if end != '.' else '.'}"
        case 2:
            return f"The {outlet} noted that {_lower_first(text)}"
        case _:
            return f"{body} ({outlet}){end}"


def _shift(number: str, by: int) -> str:
    if "." in number:
        return f"{float(number) + by / 10:.{len(number.split('.')[1])}f}"
    return str(int(number) + by)


def build(*, sentences: int, copies: int | None) -> dict[str, object]:
    base = base_articles()
    base_sentences = sum(len(s) for _, s in base)
    copies = copies or math.ceil(sentences / base_sentences)
    start = dt.date(2020, 1, 1)
    CACHE.mkdir(parents=True, exist_ok=True)
    written = 0
    with CORPUS.open("w") as out:
        for copy in range(copies):
            outlet = OUTLETS[copy % len(OUTLETS)]
            slug = outlet.lower().replace(" ", "-")
            for n, (title, texts) in enumerate(base):
                body = " ".join(vary(t, copy=copy, outlet=outlet, position=i)
                                for i, t in enumerate(texts))
                record = {
                    "id": f"b{copy:02d}-{n:05d}",
                    "title": title,
                    "url": f"https://{slug}.example/{copy}/{n}",
                    "source": outlet,
                    "published_at": (start + dt.timedelta(days=(n * 7 + copy * 13) % 1500)
                                     ).isoformat(),
                    "body": body,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += len(texts)
    claims: list[str] = []
    for line in CLIMATE_FEVER.read_text().splitlines():
        claim = json.loads(line)["claim"]
        if claim not in claims:
            claims.append(claim)
    claims.extend(SEED_CLAIMS)
    CLAIMS.write_text("".join(json.dumps({"claim": c}) + "\n" for c in claims))
    return {"base_articles": len(base), "base_sentences": base_sentences, "copies": copies,
            "articles": copies * len(base), "source_sentences": written,
            "claims": len(claims), "corpus": str(CORPUS), "claims_file": str(CLAIMS)}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__)
    parser.add_argument("--sentences", type=int, default=105_000,
                        help="at least this many source sentences (default 105000: the text "
                             "pipeline drops about 3%%, and the corpus must index >= 100,000)")
    parser.add_argument("--copies", type=int, help="exact number of copies instead")
    args = parser.parse_args()
    summary = build(sentences=args.sentences, copies=args.copies)
    (CACHE / "corpus.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
