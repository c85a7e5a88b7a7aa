"""Published fact-checks (schema.org ClaimReview): reading them, their records, their ratings."""
