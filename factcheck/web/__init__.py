"""The web as input: HTML pages (main text, metadata, embedded ClaimReview) and RSS/Atom feeds."""
