"""Real-browser tests: Playwright driving Debian's Chromium on the built site."""
from __future__ import annotations

import re

from bench.browser import search_box

WONJU = "atlas/articles/wonju-2023-12-17-bd417f74/"


def search(page, query: str) -> None:
    """Type into Material's search box the way a Korean IME user does (composed text, then keyup)."""
    search_box(page, query)


def test_article_page_shows_its_metadata_header(page, site_url):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}/{WONJU}")
    assert page.locator("h1").inner_text() == "원주형 AI 얼라이언스 협업 모델"
    header = page.locator(".atlas-meta")
    assert "김장기" in header.locator(".atlas-meta__author").inner_text()
    assert "지식인연대 강원도부위원장·행정학 박사" in header.inner_text()
    assert header.locator("time").get_attribute("datetime") == "2023-12-17T20:29"
    assert header.locator(".atlas-meta__regions a").inner_text() == "원주"
    assert header.locator(".atlas-meta__file").inner_text() == "000_bd417f7486c5be64.txt"
    assert "84d3a13d3b8b82cb310d7ce16aa6e8f84aa2308d0b7a406b1eceafffbd513d23" in header.inner_text()
    assert "기고" in header.inner_text()
    assert page.locator("article blockquote").count() == 1
    assert page.locator("#reader-comments").count() == 1
    assert errors == []


def test_region_link_in_the_header_leads_to_the_region_page(page, site_url):
    page.goto(f"{site_url}/{WONJU}")
    page.click(".atlas-meta__regions a")
    page.wait_for_url(re.compile(r"/atlas/regions/wonju/$"))
    assert page.locator("h1").inner_text() == "원주"
    # Listed once under 기사 (the 출처 list below cites it again, paragraph by paragraph).
    assert page.locator("article h2:text-is('기사') + ul a", has_text="원주형 AI 얼라이언스 협업 모델").count() == 1


def test_search_box_finds_the_article(page, site_url):
    page.goto(f"{site_url}/")
    search(page, "원주형")
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=10_000)
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    assert any("wonju-2023-12-17-bd417f74" in h for h in hrefs), hrefs
    assert page.locator(".md-search-result mark").count() > 0


def test_home_lists_articles_by_region_and_date(page, site_url):
    page.goto(f"{site_url}/")
    text = page.locator("article").inner_text()
    for region in ("광주", "원주", "포항", "전국"):
        assert region in text
    assert page.locator("article table tbody tr").count() == 5
    assert page.locator("html").get_attribute("lang") == "ko"


def test_dark_mode_toggle_switches_the_palette(page, site_url):
    page.goto(f"{site_url}/")
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    after = page.locator("body").get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}


def test_a_matrix_citation_lands_on_the_highlighted_paragraph(page, site_url):
    page.goto(f"{site_url}/atlas/compare/")
    row = page.locator("table tr", has=page.locator("a", has_text="투자 규모와 기간"))
    citation = row.locator("td sup a").first
    citation.click()
    page.wait_for_url(re.compile(r"/atlas/articles/gwangju-2019-10-08-7efd02fe/#p-[0-9a-f]{8}$"))
    target = page.locator(":target")
    assert "4천61억원" in target.inner_text() and "2020년부터 2024년까지" in target.inner_text()
    style = target.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).backgroundColor")
    assert style.split()[0] == "solid" and "rgba(0, 0, 0, 0)" not in style  # highlighted, not plain
    # In view: the reader sees the sentence without scrolling.
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]


def test_map_reads_in_dark_mode(page, site_url):
    page.goto(f"{site_url}/")
    land = page.locator(".atlas-land").first
    light = land.evaluate("e => getComputedStyle(e).fill")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    dark = land.evaluate("e => getComputedStyle(e).fill")
    text = page.locator(".atlas-place").first.evaluate("e => getComputedStyle(e).fill")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert light != dark and text != background


# A Python or YAML value leaking into the page: a list or dict repr, None/True, null.
_LEAKED_VALUE = re.compile(r"\['|\{'|(?<![A-Za-z])(?:None|True|null)(?![A-Za-z])")


def test_no_page_shows_a_python_or_yaml_value(page, built_site, site_url):
    """Every page of the built site, its visible text and its whole navigation (collapsed sections too)."""
    found: dict[str, list[str]] = {}
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 25
    for path in pages:
        rel = path.relative_to(built_site).as_posix()
        page.goto(f"{site_url}/{rel.removesuffix('index.html')}")
        texts = [page.evaluate("document.body.innerText")]
        texts += page.locator("nav.md-nav--primary").evaluate_all("els => els.map(e => e.textContent)")
        leaks = sorted({m.group(0) for text in texts for m in _LEAKED_VALUE.finditer(text)})
        if leaks:
            found[rel] = leaks
    assert found == {}


def test_a_several_line_deck_shows_under_the_title_only(page, site_url):
    page.goto(f"{site_url}/atlas/articles/national-undated-fdad71b6/")
    deck = page.locator(".atlas-meta__deck p")
    assert deck.all_inner_texts() == [
        "업종간 융복합 디지털전환 추진위해", "올 민간차원 '산업얼라이언스' 출범", "대기업 참여로 기술개발·투자 확대", "기업에 실질적 도움 가시적 성과내야",
    ]
    assert deck.first.is_visible()
    # The navigation lists the article by its title alone.
    assert page.locator(".md-nav small").count() == 0
    assert "업종간 융복합" not in page.locator("nav.md-nav--primary").text_content()


def test_the_matrix_scrolls_sideways_with_its_first_column_in_view(browser, site_url):
    """On a narrow window the matrix is wider than the page: it scrolls, the dimension names stay."""
    context = browser.new_context(viewport={"width": 700, "height": 900}, locale="ko-KR")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/atlas/compare/")
        wrap = page.locator(".atlas-matrix .md-typeset__scrollwrap")
        width, visible = wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert width > visible
        first, second = page.locator(".atlas-matrix tbody tr").first.locator("td").all()[:2]
        left = wrap.bounding_box()["x"]
        positions = []
        furthest = width - visible
        assert furthest > 60
        for scrolled in (30, furthest):
            wrap.evaluate(f"e => {{ e.scrollLeft = {scrolled} }}")
            page.wait_for_timeout(100)
            positions.append((first.bounding_box()["x"], second.bounding_box()["x"]))
        # The first column is pinned to the scroller's left edge; the next one moves on.
        assert abs(positions[0][0] - left) < 1 and abs(positions[1][0] - left) < 1, (left, positions)
        assert abs(positions[0][1] - positions[1][1] - (furthest - 30)) < 2, positions
        # Citation numbers and dimension names are never split across lines.
        split = page.locator(".atlas-matrix sup a, .atlas-matrix td:first-child a").evaluate_all(
            "els => els.filter(e => e.getClientRects().length > 1 && !e.textContent.includes(' ')).map(e => e.textContent)"
        )
        assert split == []
    finally:
        context.close()
