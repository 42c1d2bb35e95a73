"""Editor corrections through an optional override file beside a seed."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SEEDS
from generator.errors import SeedError
from generator.pipeline import collect_articles, generate_site

POHANG = "004_20f2766e014d89d1"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def _pohang(seeds: Path, rules):
    articles, problems = collect_articles(seeds, rules)
    assert problems == ()
    return next(a for a in articles if a.meta.source_file == f"{POHANG}.txt")


def test_an_override_replaces_inferred_values_and_says_it_was_edited(seeds, rules):
    (seeds / f"{POHANG}.yml").write_text(
        "title: 포항, 디지털·AI 중심도시로\nauthor: 홍길동\npublished: 2024-01-20\nregions: [pohang, gyeongbuk]\n",
        encoding="utf-8",
    )
    article = _pohang(seeds, rules)
    meta = article.meta
    assert meta.title == "포항, 디지털·AI 중심도시로"
    assert meta.author == "홍길동"
    assert meta.published == "2024-01-20" and meta.published_year == 2024
    assert [r.name for r in meta.regions] == ["포항", "경북"]
    assert meta.edited == ("author", "published", "regions", "title")
    assert set(dict(meta.inferred)) == {"kind"}  # title and year are no longer guesses
    assert article.slug == "pohang-2024-01-20-20f2766e"
    page = next(p for p in generate_site(seeds).pages if p.path == f"atlas/articles/{article.slug}.md")
    assert "edited:\n- author\n- published\n- regions\n- title\n" in page.text


def test_no_override_changes_nothing(seeds, rules):
    assert _pohang(seeds, rules).meta.edited == ()


@pytest.mark.parametrize(
    "text, message",
    [
        ("titel: 오타\n", "unknown override field(s) titel"),
        ("regions: [atlantis]\n", "region 'atlantis' is not in the gazetteer"),
        ("published: 어제\n", "published must look like 2024-01-31"),
        ("- 목록\n", "must be a mapping"),
        ("title: [unclosed\n", "not valid YAML"),
    ],
)
def test_a_bad_override_is_a_clear_one_line_problem(seeds, rules, text, message):
    (seeds / f"{POHANG}.yml").write_text(text, encoding="utf-8")
    articles, problems = collect_articles(seeds, rules)
    assert len(articles) == 4
    (problem,) = problems
    assert message in problem.reason and "\n" not in str(problem)
    with pytest.raises(SeedError):
        collect_articles(seeds, rules, strict=True)
