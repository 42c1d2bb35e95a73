"""Stage 8: atomic writes, hand-written pages, committed docs, strict build."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SEEDS
from generator.errors import AtlasError
from generator.pipeline import generate_site
from generator.site import build_site, staged_docs, write_docs, write_docs_from


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "about.md").write_text("# 소개\n\n손으로 쓴 페이지.\n", encoding="utf-8")
    write_docs(generate_site(SEEDS, handwritten=("about.md",)).pages, folder)
    return folder


def test_committed_docs_are_not_stale():
    """The generated Markdown is committed so it reads on GitHub; it must match the seeds."""
    pages = generate_site(SEEDS, handwritten=()).pages
    expected = {p.path: p.text for p in pages}
    committed = {
        p.relative_to(ROOT / "docs").as_posix(): p.read_text(encoding="utf-8")
        for p in (ROOT / "docs").rglob("*")
        if p.is_file()
        and (p.name == "index.md" and p.parent == ROOT / "docs" or p.relative_to(ROOT / "docs").parts[0] in ("atlas", "data"))
    }
    stale = sorted(path for path in expected.keys() | committed.keys() if expected.get(path) != committed.get(path))
    assert not stale, f"docs/ is stale against seeds/ — run `make generate` and commit: {stale}"


def test_unchanged_pages_keep_their_mtime_and_hand_written_pages_are_untouched(docs):
    before = _snapshot(docs)
    summary = write_docs(generate_site(SEEDS, handwritten=("about.md",)).pages, docs)
    assert summary.written == ()
    assert _snapshot(docs) == before


def test_docs_written_from_the_staged_copy_are_the_same_and_unchanged_pages_keep_their_mtime(docs):
    before = _snapshot(docs)
    pages = generate_site(SEEDS, handwritten=("about.md",)).pages
    edited = tuple(type(p)(p.path, p.text + "\n변경") if p.path.endswith(".nav.yml") else p for p in pages)
    with staged_docs(edited, docs) as staged:
        summary = write_docs_from(staged, [p.path for p in edited], docs)
    assert [path for path in summary.written] == [p.path for p in edited if p.path.endswith(".nav.yml")]
    after = _snapshot(docs)
    assert after.keys() == before.keys()
    for path, (data, mtime) in after.items():
        if path.endswith(".nav.yml"):
            assert data == before[path][0] + "\n변경".encode()
        else:
            assert (data, mtime) == before[path]
    assert not list(docs.parent.glob(".atlas-staging-*"))


def test_hand_written_pages_join_the_navigation(docs):
    nav = yaml.safe_load((docs / "atlas/.nav.yml").read_text(encoding="utf-8"))["nav"]
    assert "about.md" in nav
    assert (docs / "about.md").read_text(encoding="utf-8") == "# 소개\n\n손으로 쓴 페이지.\n"


def test_a_failed_write_leaves_the_previous_docs_as_they_were(docs, monkeypatch):
    before = _snapshot(docs)
    pages = generate_site(SEEDS).pages
    changed = tuple(type(p)(p.path, p.text + "\n변경") for p in pages)
    calls = {"n": 0}
    real_write = Path.write_bytes

    def failing_write(self, data):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(OSError):
        write_docs(changed, docs)
    assert _snapshot(docs) == before
    assert not list(docs.parent.glob(".atlas-staging-*"))


def test_a_rename_failing_half_way_puts_back_every_file_already_replaced(docs, monkeypatch):
    """Changes go in by renames after everything is staged; if one fails, the ones done are undone."""
    before = _snapshot(docs)
    pages = generate_site(SEEDS, handwritten=("about.md",)).pages
    changed = tuple(type(p)(p.path, p.text + "\n변경") for p in pages)
    calls = {"n": 0}
    real_replace = os.replace

    def failing_replace(source, target):
        if ".atlas-staging-" in str(source) and "/new/" in str(source):
            calls["n"] += 1
            if calls["n"] == 5:
                raise OSError(13, "Permission denied")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_docs(changed, docs)
    assert calls["n"] == 5
    assert {k: v[0] for k, v in _snapshot(docs).items()} == {k: v[0] for k, v in before.items()}
    assert not list(docs.parent.glob(".atlas-staging-*"))


def test_kept_pages_are_left_alone_and_the_rest_removed(docs):
    pages = generate_site(SEEDS, handwritten=("about.md",)).pages
    before = _snapshot(docs)
    article = next(p for p in pages if p.path.startswith("atlas/articles/"))
    others = tuple(p for p in pages if p.path != article.path)
    summary = write_docs(others, docs, kept=(article.path,))
    assert summary.removed == () and summary.written == () and _snapshot(docs) == before
    summary = write_docs(others, docs)
    assert summary.removed == (article.path,) and not (docs / article.path).exists()


def test_a_hand_written_home_page_is_never_overwritten(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 내 홈\n", encoding="utf-8")
    with pytest.raises(AtlasError, match="hand-written page"):
        write_docs(generate_site(SEEDS).pages, docs)
    assert (docs / "index.md").read_text(encoding="utf-8") == "# 내 홈\n"
    assert not (docs / "atlas").exists()


def test_strict_build_has_zero_warnings(tmp_path, docs):
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                records.append(record)

    handler = Collect()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        build_site(ROOT / "mkdocs.yml", docs, tmp_path / "site")
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    assert [r.getMessage() for r in records] == []
    assert (tmp_path / "site/index.html").exists()
    assert (tmp_path / "site/about/index.html").exists()


def test_a_failed_build_leaves_the_previous_site(tmp_path, docs):
    site = tmp_path / "site"
    build_site(ROOT / "mkdocs.yml", docs, site)
    before = _snapshot(site)
    (docs / "about.md").write_text("[깨진 링크](없는-페이지.md)\n", encoding="utf-8")
    with pytest.raises(AtlasError, match="mkdocs build failed"):
        build_site(ROOT / "mkdocs.yml", docs, site)
    assert _snapshot(site) == before
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site-staging-")]


def test_built_article_page_carries_provenance_in_its_body(built_site):
    html = (built_site / "atlas/articles/wonju-2023-12-17-bd417f74/index.html").read_text(encoding="utf-8")
    assert "000_bd417f7486c5be64.txt" in html
    assert "84d3a13d3b8b82cb310d7ce16aa6e8f84aa2308d0b7a406b1eceafffbd513d23" in html
    assert 'lang="ko"' in html
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_site_makes_no_external_requests(built_site):
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for src in __import__("re").findall(r'(?:src|href)="(https?://[^"]+)"', html):
            assert not src.endswith((".js", ".css", ".woff2", ".woff")), (path, src)


def _article_text(html: str) -> str:
    from conftest import html_text

    start = html.index('<article class="md-content__inner md-typeset">')
    return html_text(html[start: html.index("</article>", start)])


def test_built_pages_keep_no_boilerplate_line(built_site):
    from conftest import EXPECTED

    for name, gold in EXPECTED.items():
        lines = (SEEDS / name).read_text(encoding="utf-8").split("\n")
        page = built_site / "atlas/articles" / gold["slug"] / "index.html"
        text = _article_text(page.read_text(encoding="utf-8"))
        for number in gold["lines"].get("BOILERPLATE", []) + gold["lines"].get("IMAGE", []):
            line = lines[number - 1].strip(" \u00a0•")
            assert line not in text, (name, number, line)


def test_the_footer_and_the_counts_read_in_korean(built_site):
    for page in ("index.html", "404.html", "atlas/compare/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert "Made with" not in html and "Material for MkDocs</a>로 만들었습니다." in html, page
    article = (built_site / "atlas/articles/gwangju-2019-10-14-edc62c94/index.html").read_text(encoding="utf-8")
    assert "<span>댓글 0개</span> · <span>조회 635회</span>" in article
