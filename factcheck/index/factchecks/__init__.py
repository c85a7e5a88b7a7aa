"""The fact-check index: published reviews (ClaimReview), one document each.

* :mod:`~factcheck.index.factchecks.layout` — its mapping, field names and document shape;
* :mod:`~factcheck.index.factchecks.writer` — reviews in: embed the claims, bulk-load, replace;
* :mod:`~factcheck.index.factchecks.search` — candidates for a claim, listings and lookups.
"""
