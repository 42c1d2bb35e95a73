"""The site works under a sub-path, as on GitHub Pages (https://user.github.io/atlas/)."""
from __future__ import annotations

import html.parser
import urllib.error
import urllib.parse
import urllib.request

import pytest

from bench.browser import serve_folder

PREFIX = "/atlas"


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name in ("src", "href") and tag in ("a", "link", "script", "img", "source")):
                self.urls.append(value)


@pytest.fixture(scope="module")
def subpath_url(built_site):
    url, server = serve_folder(built_site, PREFIX)
    yield url
    server.shutdown()


def _fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        return exc.code, b"", ""


def test_every_internal_link_and_asset_resolves_under_the_sub_path(subpath_url, built_site):
    origin = subpath_url[: -len(PREFIX)]
    queue, seen, broken = [f"{subpath_url}/"], set(), []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body, kind = _fetch(url)
        if status != 200:
            broken.append(url)
            continue
        if kind != "text/html":
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.urls:
            target = urllib.parse.urljoin(url, link).split("#")[0]
            if target.startswith(origin):
                assert target.startswith(f"{origin}{PREFIX}/"), f"{url} links outside the sub-path: {link}"
                queue.append(target)
    for extra in ("search/search_index.json", "search/atlas/t/0.js", "search/atlas/p/0.js", "sitemap.xml",
                  "assets/javascripts/workers/atlas-search.js"):
        if _fetch(f"{subpath_url}/{extra}")[0] != 200:
            broken.append(extra)
    pages = set()
    for index in built_site.rglob("index.html"):
        folder = index.parent.relative_to(built_site).as_posix()
        pages.add(f"{subpath_url}/" if folder == "." else f"{subpath_url}/{folder}/")
    assert pages <= seen, f"never linked: {sorted(pages - seen)}"
    assert broken == []


def test_korean_search_works_under_the_sub_path(page, subpath_url):
    from test_browser import search

    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(f"{subpath_url}/atlas/regions/")
    search(page, "컨벤션센터")
    page.locator(".md-search-result__item mark").first.wait_for(timeout=10_000)
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    assert any(f"{PREFIX}/atlas/articles/gwangju-2019-10-14-edc62c94/" in h for h in hrefs), hrefs
    assert failed == []
