"""Hostile and broken seeds: nothing crashes, nothing is lost, nothing runs."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bad_corpus import XSS, write_bad_corpus
from bench.browser import serve_folder
from conftest import ROOT, SEEDS, html_text
from generator.front_matter import read_front_matter


def _generator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("bad")
    expectations = write_bad_corpus(work / "seeds")
    result = _generator(
        "build", "--seeds", str(work / "seeds"), "--docs", str(work / "docs"), "--site-dir", str(work / "site"),
        "--dist", str(work / "dist"),
    )
    return work, expectations, result


def _pages_by_seed(docs: Path) -> dict[str, Path]:
    pages = {}
    for path in (docs / "atlas/articles").glob("*.md"):
        pages[read_front_matter(path)["source_file"]] = path
    return pages


def _built_text(site: Path, md_page: Path) -> str:
    html = (site / "atlas/articles" / md_page.stem / "index.html").read_text(encoding="utf-8")
    start = html.index('<article class="md-content__inner md-typeset">')
    return html_text(html[start: html.index("</article>", start)])


def test_the_run_succeeds_and_each_bad_seed_gets_one_line(bad_run):
    _, expectations, result = bad_run
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    skipped = {name: e for name, e in expectations.items() if e.outcome == "skipped"}
    assert len(lines) == len(skipped)
    for name, expect in skipped.items():
        (line,) = [l for l in lines if l.startswith(f"skipped {name}: ")]
        assert expect.reason in line


def test_every_readable_seed_becomes_a_page_showing_its_text_literally(bad_run):
    work, expectations, _ = bad_run
    pages = _pages_by_seed(work / "docs")
    for name, expect in expectations.items():
        if expect.outcome != "page":
            assert name not in pages, name
            continue
        assert name in pages, name
        assert re.fullmatch(r"[a-z0-9-]+", pages[name].stem), pages[name].stem
        text = _built_text(work / "site", pages[name])
        for shown in expect.shows:
            assert shown in text, (name, shown)
        assert "49 제목" not in text


def test_seed_front_matter_is_not_page_metadata(bad_run):
    work, _, _ = bad_run
    front = read_front_matter(_pages_by_seed(work / "docs")["front-matter.txt"])
    assert front["title"] == "진짜 제목"
    assert front["author"] is None
    report = (work / "docs/atlas/report.md").read_text(encoding="utf-8")
    assert "title: 앞머리의 가짜 제목" in report and "seed-front-matter" in report


def test_the_real_seeds_are_unaffected_by_their_bad_neighbours(bad_run, tmp_path):
    work, _, _ = bad_run
    _generator("generate", "--docs", str(tmp_path / "docs"))
    for page in (tmp_path / "docs/atlas/articles").glob("*.md"):
        assert (work / "docs/atlas/articles" / page.name).read_text(encoding="utf-8") == page.read_text(encoding="utf-8")


def test_the_duplicate_is_reported_not_overwriting(bad_run):
    work, _, _ = bad_run
    pages = _pages_by_seed(work / "docs")
    assert "duplicate of 000.txt" not in pages and "000_bd417f7486c5be64.txt" in pages
    report = html_text((work / "site/atlas/report/index.html").read_text(encoding="utf-8"))
    assert "duplicate of 000.txt" in report and "same content as 000_bd417f7486c5be64.txt" in report


def test_no_page_built_from_hostile_seeds_runs_seed_code(bad_run, browser):
    work, _, _ = bad_run
    url, server = serve_folder(work / "site")
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for html in sorted((work / "site").rglob("index.html")):
            path = html.parent.relative_to(work / "site").as_posix()
            page.goto(f"{url}/{path}/" if path != "." else f"{url}/")
            page.wait_for_timeout(50)
            assert page.evaluate("() => window.__atlas_pwned") is None, path
            article = page.locator("article")
            assert article.locator("iframe, svg[onload], [onerror], a[href^='javascript:']").count() == 0, path
            assert all("__atlas_pwned" not in s for s in article.locator("script").all_inner_texts()), path
    finally:
        context.close()
        server.shutdown()
    assert dialogs == []


def test_xss_text_is_visible_as_text(bad_run, page):
    work, _, _ = bad_run
    url, server = serve_folder(work / "site")
    try:
        stem = _pages_by_seed(work / "docs")["xss.txt"].stem
        page.goto(f"{url}/atlas/articles/{stem}/")
        assert XSS in page.locator("article").inner_text()
        assert XSS in page.locator("h1").inner_text()
    finally:
        server.shutdown()


def test_strict_stops_at_the_first_bad_seed_and_leaves_docs_alone(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    _generator("generate", "--seeds", str(seeds), "--docs", str(tmp_path / "docs"))
    before = {p: p.read_bytes() for p in (tmp_path / "docs").rglob("*") if p.is_file()}
    write_bad_corpus(seeds, with_real_seeds=False)
    result = _generator("generate", "--strict", "--seeds", str(seeds), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("error: ")
    assert {p: p.read_bytes() for p in (tmp_path / "docs").rglob("*") if p.is_file()} == before


def test_verify_reports_changed_and_vanished_seeds(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    docs = tmp_path / "docs"
    _generator("generate", "--seeds", str(seeds), "--docs", str(docs))
    clean = _generator("verify", "--seeds", str(seeds), "--docs", str(docs))
    assert clean.returncode == 0 and clean.stdout == ""
    (seeds / "000_bd417f7486c5be64.txt").write_bytes(b"changed")
    (seeds / "001_fdad71b695c55381.txt").unlink()
    (seeds / "005_new.txt").write_text("새 기사", encoding="utf-8")
    result = _generator("verify", "--seeds", str(seeds), "--docs", str(docs))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "atlas/articles/national-undated-fdad71b6.md: 001_fdad71b695c55381.txt vanished (the page's seed is no longer in the seed folder)",
        "atlas/articles/wonju-2023-12-17-bd417f74.md: 000_bd417f7486c5be64.txt changed since the page was generated (SHA-256 differs)",
        "005_new.txt has no page (new, skipped as bad input, or a duplicate)",
    ]


def test_slug_collisions_resolve_deterministically(tmp_path, rules):
    from generator.pipeline import collect_articles

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    body = "원주시는 AI 얼라이언스를 만들었다고 밝혔으며 이 문장은 본문 첫 단락이 될 만큼 충분히 길게 쓴 문장이다. 원주에서.\n"
    for name, title in (("000_abcdef12.txt", "첫째"), ("001_abcdef12.txt", "둘째"), ("002_abcdef12.txt", "셋째")):
        (seeds / name).write_text(f"{title}\n\n{body}", encoding="utf-8")
    first = [a.slug for a in collect_articles(seeds, rules)[0]]
    assert first == ["wonju-undated-abcdef12", "wonju-undated-abcdef12-2", "wonju-undated-abcdef12-3"]
    assert [a.slug for a in collect_articles(seeds, rules)[0]] == first
