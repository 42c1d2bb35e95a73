"""Adding a sixth seed about a region new to the atlas needs the seed alone:
the gazetteer knows every 시·도 and 시·군·구 (no code, template or rule edit).
An editor's entry for a place it knows amends that place."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.facts import HELD_OUT, rules_with_new_region
from conftest import ROOT, SEEDS
from generator.pipeline import generate_site
from generator.rules import load_rules
from generator.site import build_site, write_docs

NEW_SEED = "005_6a1e5c0ffee0d4e7.txt"


@pytest.fixture(scope="module")
def six_seeds(tmp_path_factory) -> Path:
    seeds = tmp_path_factory.mktemp("six") / "seeds"
    shutil.copytree(SEEDS, seeds)
    shutil.copy(HELD_OUT / NEW_SEED, seeds / NEW_SEED)
    return seeds


def test_a_new_region_needs_only_its_seed(six_seeds, tmp_path):
    generated = generate_site(six_seeds, rules=load_rules())
    pages = {p.path: p.text for p in generated.pages}

    article = next(a for a in generated.articles if a.meta.source_file == NEW_SEED)
    assert article.meta.regions[0].region_id == "daejeon" and not generated.problems
    region = pages["atlas/regions/daejeon/index.md"]
    assert "2,400억 원 · 2025–2029년" in region and "설계 전문인력 1,200명" in region
    matrix = pages["atlas/compare/index.md"]
    assert "[대전](../regions/daejeon/index.md)" in matrix
    leads = next(line for line in matrix.splitlines() if line.startswith("| [주도 기관]"))
    assert "한국과학기술원(KAIST)" in leads  # "KAIST가 주관하고": an organisation the rules did not list
    assert "대전" in pages["atlas/.nav.yml"] and "2024-02-14" in pages["atlas/timeline.md"]
    assert pages["index.md"].count("<circle") == 4 and ">대전</text>" in pages["index.md"]  # on the map

    # The five existing articles' pages do not change when a sixth arrives.
    five = {p.path: p.text for p in generate_site(SEEDS).pages if p.path.startswith("atlas/articles/")}
    assert all(pages[path] == text for path, text in five.items())

    # And the whole site still builds with --strict (every citation anchor resolves).
    docs = tmp_path / "docs"
    write_docs(generated.pages, docs)
    build_site(ROOT / "mkdocs.yml", docs, tmp_path / "site")
    assert (tmp_path / "site" / "atlas" / "regions" / "daejeon" / "index.html").exists()


def test_an_entry_for_a_known_place_amends_it(six_seeds, tmp_path):
    rules = rules_with_new_region(tmp_path)  # the project's rules plus the entry in tests/fixtures
    daejeon = rules.gazetteer.by_id("daejeon")
    assert daejeon.aliases == ("대전광역시", "대전시", "대전") and daejeon.at == (127.38, 36.35)
    assert daejeon.official == "대전광역시" and rules.gazetteer.by_id("daejeon-yuseong").province == "daejeon"
    generated = generate_site(six_seeds, rules=rules)
    article = next(a for a in generated.articles if a.meta.source_file == NEW_SEED)
    assert article.meta.regions[0].region_id == "daejeon" and not article.meta.regions[0].inferred


def test_a_region_the_gazetteer_does_not_know_is_filed_as_national(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = (HELD_OUT / NEW_SEED).read_text(encoding="utf-8")
    for name in ("대전", "유성구", "대덕특구", "KAIST", "한국과학기술원"):
        text = text.replace(name, "아틀란티스")
    (seeds / NEW_SEED).write_text(text, encoding="utf-8")
    article = generate_site(seeds, rules=load_rules()).articles[0]
    # Unknown region: filed under the national scope, labelled as inferred, never dropped.
    assert article.meta.regions[0].region_id == "national" and article.meta.regions[0].inferred
