"""Everything that speaks to Elasticsearch."""
