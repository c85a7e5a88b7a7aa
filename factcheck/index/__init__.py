"""Everything that speaks to Elasticsearch; nothing outside this package imports the client.

* :mod:`~factcheck.index.layout` — the two indices' mappings, field names, document shapes, ids;
* :mod:`~factcheck.index.client` — the client, from settings;
* :mod:`~factcheck.index.errors` — what a failure means (missing index, node unavailable);
* :mod:`~factcheck.index.indices` — creating the indices, pausing their refresh for bulk loads;
* :mod:`~factcheck.index.writer` — articles in: embed, bulk-load, commit, delete;
* :mod:`~factcheck.index.retrieval` — candidate sentences for a claim (kNN + BM25, fused);
* :mod:`~factcheck.index.reader` — articles and sentences out, readiness.
"""
