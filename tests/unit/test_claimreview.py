from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from factcheck.factchecks.claimreview import has_fact_checks, parse_fact_checks
from factcheck.factchecks.records import fact_check_id, fingerprint
from factcheck.web.pages import read_page
from tests.unit.shared_factchecks import shared

ENGLISH_PAGES = sorted(p.name for p in shared("pages", "english").glob("*.html"))


def _page(name: str) -> list:  # type: ignore[type-arg]
    path = shared("pages", "english", name)
    return read_page(path.read_bytes(), origin=str(path)).reviews


@pytest.mark.parametrize("name", ENGLISH_PAGES)
def test_every_english_fact_check_page_yields_its_review(name: str) -> None:
    [review] = _page(name)
    assert review.claim and review.url and review.url.startswith("http")
    assert review.publisher and review.publisher_site and review.rating
    assert review.id == fact_check_id(url=review.url, claim=review.claim, publisher=None)


def test_afp_page_fields_come_from_its_json_ld() -> None:
    [review] = _page("afp.html")
    assert review.claim.startswith("The US Centers for Disease Control and Prevention lied")
    assert review.claimant == "multiple sources"
    assert review.claim_date == dt.date(2020, 5, 14)
    assert review.review_date == dt.date(2020, 6, 24)
    assert review.publisher == "AFP Fact Check"
    assert review.publisher_site == "factcheck.afp.com"
    assert (review.rating, review.rating_normalised) == ("False", "false")
    assert review.appearances[0].startswith("https://www.facebook.com/photo.php")


def test_mixed_json_ld_types_and_markup_in_strings() -> None:
    [review] = _page("india_today_mixed_ld_json_types.html")
    assert (review.rating, review.rating_normalised) == ("Half true", "mixed")
    [vishvas] = _page("vishvas_news_english.html")
    assert vishvas.claim == "Rishi Sunak praises Manmohan Singh's economy ideas"  # &#039; undone


def test_a_writer_named_as_author_gives_way_to_the_publishing_organisation() -> None:
    [review] = _page("boom_live.html")
    assert review.publisher == "BOOM"


def test_a_rating_sentence_is_kept_as_published_and_stays_other() -> None:
    [review] = _page("fact_check_cite.html")
    assert review.rating and review.rating.startswith("The Health Desk Experts said")
    assert review.rating_normalised == "other"


def test_data_commons_feed_item() -> None:
    path = shared("feeds-claimreview", "data-commons-feed.json")
    parsed = parse_fact_checks(json.loads(path.read_text("utf-8")), origin=str(path))
    [review] = parsed.reviews
    assert review.publisher == "Deutsche Presse-Agentur"
    assert review.claimant == "Irmin Suhl"
    assert review.claim_date == dt.date(2019, 9, 7)
    assert review.appearances and "facebook.com" in review.appearances[0]
    assert review.rating_normalised == "other"  # a German sentence: not guessed


def test_fact_check_tools_response() -> None:
    path = shared("feeds-claimreview", "fact-check-tools-response.json")
    data = json.loads(path.read_text("utf-8"))
    for shape in (data, {"claims": [data]}):
        [review] = parse_fact_checks(shape, origin=str(path)).reviews
        assert review.claimant == "FB User-Harshit Pandey"
        assert review.publisher == "vishvasnews.com" == review.publisher_site
        assert (review.language, review.rating_normalised) == ("ur", "false")
        assert review.claim_date == review.review_date == dt.date(2019, 6, 20)


def test_snopes_export_reads_whole_with_unique_ids() -> None:
    lines = shared("snopes-claimreview.jsonl").read_text("utf-8").splitlines()
    reviews = [
        r for i, line in enumerate(lines)
        for r in parse_fact_checks(json.loads(line), origin=f"snopes:{i}").reviews
    ]
    assert len(reviews) == len(lines)
    assert len({r.id for r in reviews}) == len(reviews)
    assert all(r.publisher == "Snopes" and r.language == "en" for r in reviews)


def test_graph_lists_and_several_reviews_on_one_page() -> None:
    page = """<html lang="en-GB"><head>
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebPage", "name": "x"},
      {"@type": ["ClaimReview"], "url": "https://fc.example/a",
       "claimReviewed": ["Claim one.", "Claim two."],
       "author": {"@type": "Organization", "name": "FC", "url": "https://fc.example"},
       "reviewRating": {"alternateName": "Mostly True"}}]}</script>
    <script type="application/ld+json">[{"@type": "schema:ClaimReview",
       "url": "https://fc.example/b", "claimReviewed": "Claim three.",
       "reviewRating": {"ratingValue": 1, "worstRating": 1, "bestRating": 5}},
       {"@type": "ClaimReview", "url": "https://fc.example/c"}]</script>
    <script type="application/ld+json">{not json</script>
    </head><body></body></html>"""
    content = read_page(page, origin="hand-made.html")
    assert [r.claim for r in content.reviews] == ["Claim one.", "Claim two.", "Claim three."]
    assert [r.rating_normalised for r in content.reviews] == ["mostly_true", "mostly_true", "false"]
    assert {r.language for r in content.reviews} == {"en-GB"}  # from <html lang>
    assert [p.reason for p in content.problems] == ["ClaimReview without claimReviewed"]
    assert content.article is None and content.no_article


def test_ids_survive_url_variants_and_edits_change_the_fingerprint() -> None:
    node = {"@type": "ClaimReview", "url": "https://www.fc.example/a/?utm_source=x",
            "claimReviewed": "Claim.", "reviewRating": {"alternateName": "False"}}
    [first] = parse_fact_checks(node, origin="a").reviews
    edited = {**node, "url": "https://fc.example/a", "reviewRating": {"alternateName": "True"}}
    [second] = parse_fact_checks(edited, origin="b").reviews
    assert first.id == second.id
    assert fingerprint(first) != fingerprint(second)
    [again] = parse_fact_checks(node, origin="c").reviews
    assert fingerprint(again) == fingerprint(first)  # the origin is not content


def test_articles_are_not_fact_checks(tmp_path: Path) -> None:
    assert not has_fact_checks({"id": "a", "body": "text", "claimReview": "not a list"})
    assert not has_fact_checks([[[[]]]])
