"""Stage 7: Markdown pages — seed text stays text, front matter is YAML, output is stable."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ALLOWED_BODY_TAGS, SEED_NAMES, body_tags, html_text, site_markdown
from generator.front_matter import split_front_matter
from generator.models import SeedBytes
from generator.pipeline import build_article, generate_site
from generator.render import render_site

HOSTILE_LINES = [
    "{{ 7*7 }} 그리고 {% for x in range(3) %}반복{% endfor %}",
    "<script>alert('xss')</script> <img src=x onerror=alert(1)> <iframe src=//evil></iframe>",
    "[눌러 보세요](javascript:alert(1)) <a href=\"javascript:alert(2)\">링크</a>",
    "# 제목처럼 보이는 줄",
    "* 별표 목록 | 표 | 구분자 |",
    "```python",
    "<!-- 닫히지 않은 주석",
    "{: #injected .class onclick=alert(1) }",
    "!!! warning \"경고\"",
    "*[HTML]: 약어 정의 흉내",
    "--8<-- \"/etc/passwd\"",
    "---",
    "title: 가짜 메타데이터",
    "1. 번호 목록처럼 보이는 줄",
    "&lt;이미 이스케이프된&gt; &amp; 앰퍼샌드",
]


def _hostile_seed(tmp_path: Path) -> SeedBytes:
    body = "\n\n".join(
        f"이것은 본문 단락으로 분류될 만큼 충분히 긴 문장입니다. 위험한 글자를 그대로 보여야 합니다: {line}" for line in HOSTILE_LINES
    )
    text = f"---\ntitle: 앞머리 가짜 제목\n---\n<b>제목|파이프</b> {{{{ 7*7 }}}}\n\n{body}\n"
    data = text.encode("utf-8")
    return SeedBytes("hostile.txt", tmp_path / "hostile.txt", data, "f" * 64)


def _render_article_html(article, rules) -> tuple[dict, str]:
    pages = render_site((article,), (), rules)
    page = next(p for p in pages if p.path.startswith("atlas/articles/"))
    front, body = split_front_matter(page.text)
    return front, site_markdown().convert(body)


def test_hostile_seed_text_shows_literally_and_adds_no_markup(tmp_path, rules):
    article = build_article(_hostile_seed(tmp_path), rules)
    front, html = _render_article_html(article, rules)
    tags = body_tags(html)
    assert tags <= ALLOWED_BODY_TAGS, tags
    assert "javascript:" not in re.sub(r">[^<]*<", "><", html)  # never inside a tag
    text = html_text(html)
    for line in HOSTILE_LINES:
        assert line.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") in text or line in text, line
    assert "49" not in text


def test_seed_front_matter_never_becomes_page_metadata(tmp_path, rules):
    article = build_article(_hostile_seed(tmp_path), rules)
    front, _ = _render_article_html(article, rules)
    assert front["title"] != "앞머리 가짜 제목"
    assert front["atlas_page"] == "article"


def test_title_is_stored_html_escaped_for_the_theme(tmp_path, rules):
    article = build_article(_hostile_seed(tmp_path), rules)
    front, _ = _render_article_html(article, rules)
    # The seed's first line is "---", so the title is the next unclaimed line.
    assert "<" not in front["title"] and ">" not in front["title"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_front_matter_is_valid_yaml_with_provenance(articles, rules, name):
    front, html = _render_article_html(articles[name], rules)
    assert front["source_file"] == name
    assert front["source_sha256"] == articles[name].meta.source_sha256
    assert front["regions"][0]["name"] == articles[name].meta.regions[0].name
    assert 'id="p-' in html


def test_generation_is_deterministic():
    first = generate_site(Path(__file__).resolve().parents[1] / "seeds").pages
    second = generate_site(Path(__file__).resolve().parents[1] / "seeds").pages
    assert first == second


def test_pages_cover_articles_regions_report_home_and_nav(articles, rules):
    paths = {p.path for p in render_site(tuple(articles.values()), (), rules)}
    assert {"index.md", "atlas/report.md", "atlas/regions/index.md", "atlas/.nav.yml"} <= paths
    for article in articles.values():
        assert f"atlas/articles/{article.slug}.md" in paths
    for region in ("gwangju", "wonju", "pohang", "national"):
        assert f"atlas/regions/{region}/index.md" in paths
    for path in paths:
        assert re.fullmatch(r"[a-z0-9./_-]+", path), path


def test_report_lists_every_dropped_line_with_its_reason(articles, rules):
    pages = render_site(tuple(articles.values()), (), rules)
    report = next(p.text for p in pages if p.path == "atlas/report.md")
    html = site_markdown().convert(split_front_matter(report)[1])
    text = html_text(html)
    for article in articles.values():
        for line in article.classification.lines:
            if line.destination.value != "본문" and line.kind.name != "BLANK":
                assert f"{line.number} {line.destination.value} {line.kind.value}" in text, line
                assert html_text(line.text) in text
    assert "search:\n  exclude: true" in report
