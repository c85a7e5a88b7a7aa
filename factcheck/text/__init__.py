"""Text side of the indexer: messy news text in, clean attributed sentences out.

The pipeline, as :mod:`factcheck.articles` runs it::

    found, rest = extract_metadata(raw)          # title, date, URL, outlet, author; header removed
    body = strip_boilerplate(rest)               # ads, captions, promos, credits, sub-headings
    sentences = split_sentences(body)            # pysbd + documented fix-ups, per paragraph
    attributions = attribute(sentences)          # speaker + cue, or None for the outlet's voice

``match_key`` folds a sentence so the same wire copy matches across outlets.
"""

from __future__ import annotations

from factcheck.text.attribution import attribute
from factcheck.text.boilerplate import boilerplate_reason, strip_boilerplate
from factcheck.text.metadata import FoundMetadata, extract_metadata
from factcheck.text.sentences import match_key, paragraphs, split_sentences

__all__ = [
    "FoundMetadata",
    "attribute",
    "boilerplate_reason",
    "extract_metadata",
    "match_key",
    "paragraphs",
    "split_sentences",
    "strip_boilerplate",
]
