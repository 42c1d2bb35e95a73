"""Scale machinery: the synthetic corpus, the cache, the process pool, incremental writes, page budgets.

Speed itself is measured by ``python -m bench.scale``, not here; these tests
check that the fast paths give exactly the slow path's output.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import corpus
from generator import render, render_compare
from generator.cache import ArticleCache
from generator.decode import decode_seed
from generator.models import GeneratedSite
from generator.pipeline import MIN_PARALLEL_SEEDS, generate_site
from generator.read import read_seed
from generator.site import WriteSummary, build_site, write_docs
from generator.site_state import StateFile

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus just big enough for the process pool to be used."""
    folder = tmp_path_factory.mktemp("corpus")
    corpus.write_corpus(MIN_PARALLEL_SEEDS + 6, folder)
    return folder


def test_corpus_is_deterministic_nested_and_marked(tmp_path: Path, synthetic: Path) -> None:
    small = corpus.write_corpus(10, tmp_path / "small")
    big = sorted(synthetic.glob("*.txt"))
    assert [p.name for p in small] == [p.name for p in big[:10]]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(small, big))
    again = corpus.write_corpus(10, tmp_path / "again")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in small]
    encodings = set()
    for number, path in enumerate(big):
        assert path.name.startswith(f"syn{number:06d}_")
        text = decode_seed(read_seed(path))
        assert corpus.SYNTHETIC_NOTE.format(number=number) in text.text
        encodings.add(text.encoding)
    assert len({p.read_bytes() for p in big}) == len(big)
    assert "utf-8" in encodings and len(encodings) >= 2, encodings  # some scrape noise is in the encoding


def test_corpus_refuses_the_docs_and_seeds_folders() -> None:
    assert corpus.main(["5", str(ROOT / "docs" / "synthetic")]) == 2
    assert corpus.main(["5", str(ROOT / "seeds")]) == 2
    assert corpus.main(["five", "/tmp/x"]) == 2


def test_the_process_pool_gives_the_serial_result(synthetic: Path) -> None:
    serial = generate_site(synthetic, jobs=1)
    pooled = generate_site(synthetic, jobs=2)
    assert [(p.path, p.text) for p in pooled.pages] == [(p.path, p.text) for p in serial.pages]
    assert pooled.problems == serial.problems


def test_a_warm_cache_gives_the_cold_result_without_analysis(synthetic: Path, tmp_path: Path) -> None:
    cold_cache = ArticleCache(tmp_path / "cache")
    cold = generate_site(synthetic, cache=cold_cache)
    assert cold_cache.hits == 0
    warm_cache = ArticleCache(tmp_path / "cache")
    warm = generate_site(synthetic, cache=warm_cache)
    assert warm_cache.hits == len(list(synthetic.glob("*.txt"))) and warm_cache.misses == 0
    assert "analyse" not in dict(warm.timings)
    assert [(p.path, p.text) for p in warm.pages] == [(p.path, p.text) for p in cold.pages]

    # A damaged entry is a miss, never an error, and the output is the same.
    entry = next((tmp_path / "cache").rglob("*.pickle"))
    entry.write_bytes(b"not a pickle")
    damaged_cache = ArticleCache(tmp_path / "cache")
    damaged = generate_site(synthetic, cache=damaged_cache)
    assert damaged_cache.misses == 1
    assert [(p.path, p.text) for p in damaged.pages] == [(p.path, p.text) for p in cold.pages]


def test_entries_pickled_by_the_workers_read_back_as_the_same_articles(synthetic: Path, tmp_path: Path) -> None:
    # Workers send each article pickled and the main process stores those bytes unchanged.
    pooled = generate_site(synthetic, cache=ArticleCache(tmp_path / "cache"), jobs=2)
    warm_cache = ArticleCache(tmp_path / "cache")
    warm = generate_site(synthetic, cache=warm_cache)
    assert warm_cache.hits == len(list(synthetic.glob("*.txt"))) and warm_cache.misses == 0
    assert warm.articles == pooled.articles
    assert [(p.path, p.text) for p in warm.pages] == [(p.path, p.text) for p in pooled.pages]


def _tracked(seeds: Path, docs: Path, cache: Path, **options) -> tuple[GeneratedSite, WriteSummary]:
    """One run as ``generate`` does it with a site state: generate, write, save the state."""
    state_file = StateFile(cache / "site-state.pickle")
    site = generate_site(seeds, cache=ArticleCache(cache / "articles"), state_file=state_file, docs_dir=docs, **options)
    state_file.discard()
    summary = write_docs(site.pages, docs, site.kept)
    state_file.save(site.state, docs)
    return site, summary


def test_an_unchanged_run_keeps_every_page_and_any_change_renders_like_a_cold_run(synthetic: Path, tmp_path: Path) -> None:
    seeds, docs, cache = tmp_path / "seeds", tmp_path / "docs", tmp_path / "cache"
    seeds.mkdir()
    for path in sorted(synthetic.glob("*.txt"))[:12]:
        (seeds / path.name).write_bytes(path.read_bytes())
    first, _ = _tracked(seeds, docs, cache)
    assert "render" in dict(first.timings) and first.published == len(first.articles) == 12 and first.kept == ()
    again, summary = _tracked(seeds, docs, cache)
    assert "render" not in dict(again.timings) and again.articles == () and again.pages == () and again.published == 12
    assert set(again.kept) == {p.path for p in first.pages} and summary.written == summary.removed == ()
    assert again.problems == first.problems
    # Another hand-written page, an edited seed, a seed too big to read: each renders again, like a cold run.
    for change in ("handwritten", "edit", "limit"):
        handwritten = ("notes.md",) if change == "handwritten" else ()
        if change == "edit":
            edited = sorted(seeds.glob("*.txt"))[3]
            edited.write_bytes(edited.read_bytes().replace("다.".encode(), "다. 편집한 문장이다.".encode(), 1))
        limit = 3_000 if change == "limit" else 10**7
        tracked, _ = _tracked(seeds, docs, cache, handwritten=handwritten, max_seed_bytes=limit)
        plain = generate_site(seeds, handwritten=handwritten, max_seed_bytes=limit)
        assert "render" in dict(tracked.timings), change
        assert tracked.pages and len(tracked.pages) + len(tracked.kept) == len(plain.pages), change
        on_disk = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in docs.rglob("*") if p.is_file()}
        assert on_disk == {p.path: p.text for p in plain.pages}, change
        assert tracked.problems == plain.problems and tracked.published == plain.published, change


def test_editing_one_seed_rewrites_only_what_depends_on_it(tmp_path: Path) -> None:
    seeds, docs, cache = tmp_path / "seeds", tmp_path / "docs", tmp_path / "cache"
    paths = corpus.write_corpus(20, seeds)

    def generate() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "generator", "generate", "--seeds", str(seeds), "--docs", str(docs), "--cache", str(cache)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )
        return done.stdout

    generate()
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    article_pages = {p for p in before if p.parent.name == "articles"}
    edited = paths[7]
    edited.write_bytes(edited.read_bytes().replace("다.".encode(), "다. 편집한 문장이다.".encode(), 1))
    out = generate()
    changed = {p for p, t in before.items() if p.stat().st_mtime_ns != t}
    changed_articles = changed & article_pages
    assert len(changed_articles) == 1, changed_articles
    assert "편집한 문장이다" in next(iter(changed_articles)).read_text(encoding="utf-8")
    assert len(changed) < len(before) // 3, sorted(p.name for p in changed)
    assert f"{len(changed)} written" in out


def test_big_pages_are_split_or_cut_with_links_to_the_rest(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Budgets small enough that 70 articles overflow every one of them.
    for module in (render, render_compare):
        monkeypatch.setattr(module, "REPORT_ARTICLES", 25, raising=False)
        monkeypatch.setattr(module, "REGION_ARTICLES", 3, raising=False)
    monkeypatch.setattr(render_compare, "TIMELINE_ROWS", 10)
    monkeypatch.setattr(render_compare, "CELL_FINDINGS", 1)
    monkeypatch.setattr(render_compare, "MATRIX_FINDINGS", 1)
    monkeypatch.setattr(render_compare, "LIST_ITEMS", 2)
    monkeypatch.setattr(render_compare, "PAGE_CITES", 1)
    monkeypatch.setattr(render_compare, "ENTITY_ENTRIES", 20)
    monkeypatch.setattr(render, "TAG_ARTICLES", 10)
    monkeypatch.setattr(render, "NAV_ARTICLES", 2)
    monkeypatch.setattr(render, "HOME_RECENT", 3)
    monkeypatch.setattr(render, "PRINT_PART_BYTES", 40_000)
    render._environment.cache_clear()
    try:
        generated = generate_site(synthetic)
    finally:
        render._environment.cache_clear()
    pages = {p.path: p.text for p in generated.pages}
    assert {"atlas/report.md", "atlas/report-2.md", "atlas/report-3.md"} <= pages.keys()
    # The navigation lists a region's articles only while there are few of them.
    nav = pages["atlas/.nav.yml"]
    regions = nav.count("atlas/regions/") - 1
    assert nav.count("atlas/articles/") <= 2 * regions < len(list(synthetic.glob("*.txt")))
    assert "[다음 쪽 →](report-2.md)" in pages["atlas/report.md"]
    assert "[← 앞 쪽](report.md)" in pages["atlas/report-2.md"]
    assert "atlas/timeline-2.md" in pages
    assert "개](model.md#" in pages["atlas/compare/index.md"]  # 외 N개 → the dimension page, at the region
    # More 시·도 than a page is wide: the matrix is one table per 권역 (each laid out only when
    # scrolled near, atlas.css), every column in one of them, and it says so.
    matrix = pages["atlas/compare/index.md"]
    headers = [line for line in matrix.splitlines() if line.startswith("| 항목 |")]
    columns = re.findall(r"\]\(\.\./regions/([a-z-]+)/index\.md\)", "\n".join(headers))
    assert len(columns) > 6 and len(set(columns)) == len(columns) and f"지역 열이 {len(columns)}개라" in matrix
    assert len(headers) == matrix.count('<div class="atlas-matrix atlas-matrix-later" markdown>') + 1 > 2
    # One sentence printed in several articles is quoted once, with its articles after it.
    assert any("같은 문장 외 " in text for path, text in pages.items() if path.startswith("atlas/compare/"))
    for path, text in pages.items():
        if path.startswith("atlas/compare/") and path != "atlas/compare/index.md":
            for finding in re.split(r"^- \*\*", text, flags=re.M)[1:]:
                quotes = re.findall(r"^    - “(.*)” — ", finding, re.M)
                assert len(quotes) == len(set(quotes)), path
    # Circles on every map (home: the 시·도; a 시·도's page: its places) never overlap: neighbours
    # are pushed apart, with a line to their true spot (tests/test_compare.py crowds them).
    maps = [text for text in pages.values() if '<svg class="atlas-map"' in text]
    assert len(maps) > 1
    for text in maps:
        circles = [tuple(map(float, c)) for c in re.findall(
            r'<g class="atlas-marker"><title>[^<]*</title><circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"/>', text)]
        assert circles
        for i, (x, y, r) in enumerate(circles):
            assert all(((x - u) ** 2 + (y - v) ** 2) ** 0.5 >= r + s for u, v, s in circles[i + 1:])
    assert "외 " in pages["atlas/compare/model.md"] and "외 " in pages["atlas/entities.md"]
    assert any("외 " in text for path, text in pages.items() if path.startswith("atlas/regions/") and path.count("/") == 3)

    # The entity index and a tag's article list are numbered pages; every entity is on exactly one,
    # and a region page links each entity on the page that holds it.
    entity_parts = sorted(p for p in pages if re.fullmatch(r"atlas/entities(-\d+)?\.md", p))
    assert len(entity_parts) > 2 and "[다음 쪽 →](entities-2.md)" in pages["atlas/entities.md"]
    ids = [i for p in entity_parts for i in re.findall(r"^### .* \{ #(e-[0-9a-f]{8}) \}$", pages[p], re.M)]
    assert len(ids) == len(set(ids)) and sum(pages[p].count("{ #people }") for p in entity_parts) == 1
    held = {i: p.removeprefix("atlas/") for p in entity_parts for i in re.findall(r"\{ #(e-[0-9a-f]{8}) \}", pages[p])}
    linked = [(page, i) for text in (t for p, t in pages.items() if p.startswith("atlas/regions/"))
              for page, i in re.findall(r"\]\(\.\./\.\./(entities(?:-\d+)?\.md)#(e-[0-9a-f]{8})\)", text)]
    assert linked and all(held[i] == page for page, i in linked)
    assert any("(이어서)" in pages[p] for p in entity_parts[1:])
    tag_parts = [p for p in pages if re.fullmatch(r"atlas/tags/t-[0-9a-f]{8}-\d+\.md", p)]
    assert tag_parts and all(pages[p].count("](../articles/") <= 10 for p in pages if p.startswith("atlas/tags/"))

    # Every timeline page holds at most its budget of rows, the undated events included.
    timeline = [t for p, t in pages.items() if re.fullmatch(r"atlas/timeline(-\d+)?\.md", p)]
    rows = [len([line for line in t.splitlines() if line.startswith("| ") and not line.startswith(("| 언제", "| 기사 속 날짜"))])
            for t in timeline]
    assert max(rows) <= 10 and sum(rows) > 10 * (len(timeline) - 1)

    # A region page lists its newest articles and links the numbered list of all of them.
    lists = sorted(p for p in pages if re.fullmatch(r"atlas/regions/[a-z-]+/articles(-\d+)?\.md", p))
    assert any(p.endswith("articles-2.md") for p in lists)
    for path in lists:
        region = pages[path.rsplit("/", 1)[0] + "/index.md"]
        listed = region.split("## 기사")[1].split("\n## ")[0]
        assert listed.count("](../../articles/") == 3 and "](articles.md)" in listed
        assert pages[path].count("](../../articles/") <= 10

    # The home page lists regions and the newest articles only.
    assert pages["index.md"].count("](atlas/articles/") == 3
    # 전체 보기: parts by 시·도, split by year past the budget; every article gathered once.
    import yaml

    parts = {p: yaml.safe_load(t.split("---")[1]) for p, t in pages.items() if p.startswith("atlas/print/")}
    gathered = [page for front in parts.values() for page in front["print_pages"]]
    articles = sorted(p for p in pages if p.startswith("atlas/articles/"))
    assert sorted(p for p in gathered if p.startswith("atlas/articles/")) == articles
    assert len(gathered) == len(set(gathered))
    assert any(re.fullmatch(r"atlas/print/[a-z]+-(\d{4}|undated)(-\d+)?\.md", p) for p in parts), sorted(parts)
    assert all(f"(print/{p.removeprefix('atlas/print/')})" in pages["atlas/print.md"] for p in parts)

    # Every added link and anchor resolves: the strict build checks them.
    docs = tmp_path / "docs"
    write_docs(generated.pages, docs)
    build_site(ROOT / "mkdocs.yml", docs, tmp_path / "site")
    assert (tmp_path / "site" / "atlas" / "report-2" / "index.html").exists()
