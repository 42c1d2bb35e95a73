"""Stage 4: metadata for all five seeds, pinned to what an editor would write."""
from __future__ import annotations

import pytest

from conftest import EXPECTED, SEED_NAMES
from generator.metadata import derive_title, parse_date


@pytest.mark.parametrize("name", SEED_NAMES)
def test_metadata_matches_the_gold_values(articles, name):
    meta = articles[name].meta
    expected = EXPECTED[name]["meta"]
    got = {
        "title": meta.title,
        "deck": list(meta.deck),
        "kind": meta.kind,
        "section": meta.section,
        "series": meta.series,
        "author": meta.author,
        "author_role": meta.author_role,
        "outlet": meta.outlet,
        "published": meta.published,
        "published_year": meta.published_year,
        "page_date": meta.page_date,
        "regions": [r.name for r in meta.regions],
        "comment_count": meta.comment_count,
        "views": meta.views,
        "inferred": sorted(dict(meta.inferred)),
    }
    expected = {**expected, "published": expected["published"] and str(expected["published"]).replace(" ", "T")}
    expected["page_date"] = expected["page_date"] and str(expected["page_date"])
    assert got == expected


@pytest.mark.parametrize("name", SEED_NAMES)
def test_slug_is_region_date_and_short_id(articles, name):
    assert articles[name].slug == EXPECTED[name]["slug"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_provenance_and_counts(articles, name):
    meta = articles[name].meta
    assert meta.source_file == name
    assert len(meta.source_sha256) == 64
    assert meta.characters > 1000
    assert meta.reading_minutes == -(-meta.characters // 500)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_reader_comments(articles, name):
    got = [[c.author, c.posted, c.text] for c in articles[name].meta.comments]
    assert got == EXPECTED[name]["comments"]


def test_every_inference_is_explained(articles):
    meta = articles["004_20f2766e014d89d1.txt"].meta
    inferred = dict(meta.inferred)
    assert "이번 CES 2024" in inferred["published_year"]
    assert "첫 문장" in inferred["title"]
    assert "밝혔다" in inferred["kind"]
    national = articles["001_fdad71b695c55381.txt"].meta.regions[0]
    assert national.inferred and national.mentions == 0


def test_crawl_date_is_not_the_publish_date(articles):
    meta = articles["002_7efd02fe1706e276.txt"].meta
    assert meta.page_date == "2019-11-13"
    assert meta.published == "2019-10-08T17:57"


@pytest.mark.parametrize(
    "text, iso",
    [("2023.12.17", "2023-12-17"), ("2019. 10.08", "2019-10-08"), ("2019년 11월 13일", "2019-11-13"), ("2023.13.40", None)],
)
def test_parse_date(text, iso):
    date = parse_date(text)
    assert (date.isoformat() if date else None) == iso


def test_derived_title_is_short_and_cut_at_a_word():
    assert derive_title("짧은 문장이다. 다음 문장.", 40) == "짧은 문장이다."
    long = derive_title("가나다 " * 30 + "끝이다.", 40)
    assert len(long) <= 41 and long.endswith("…") and not long[:-1].endswith(" ")
