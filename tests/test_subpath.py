"""The site works under a sub-path, as on GitHub Pages (https://user.github.io/atlas/)."""
from __future__ import annotations

import html.parser
import shutil
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


# Built without ATLAS_SITE_URL (`make site`), then published by hand under some sub-path.
MISSING = ["없는-페이지/", "atlas/articles/gwangju-2000-01-01-00000000/", "atlas/regions/없음", "a/b/c/d.html"]


@pytest.mark.parametrize("prefix", ["/atlas", "", "/deep/sub/path"])
def test_the_404_page_works_under_any_sub_path(browser, plain_site, prefix):
    from test_browser import search

    url, server = serve_folder(plain_site, prefix)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    page = context.new_page()
    page.add_init_script(  # Content-Security-Policy violations, as in test_audit
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || e.sample)));"
    )
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    # (Chromium logs every 404 response as a console error too; responses are checked below.)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error"
            and not m.text.startswith("Failed to load resource") else None)
    page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
    # The page's own probes for the site's root (HEAD …/404.html) may miss; nothing else may.
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400
            and r.request.method != "HEAD" and r.request.resource_type != "document" else None)
    try:
        for missing in MISSING:
            response = page.goto(f"{url}/{missing}")
            assert response is not None and response.status == 404
            assert page.locator("h1").inner_text() == "페이지를 찾을 수 없습니다 (404)"
            # Material's stylesheets applied: the header is coloured, the page is laid out.
            header = page.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor")
            assert header not in ("rgba(0, 0, 0, 0)", "transparent"), missing
            assert page.evaluate("__md_scope.pathname") == f"{prefix}/"
            home = page.locator("article a", has_text="첫 화면")
            assert home.evaluate("a => a.href") == f"{url}/"
            hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
            internal = [h for h in hrefs if h.startswith(url.split(prefix)[0] if prefix else url)]
            assert internal and all(h.startswith(f"{url}/") for h in internal), internal
            assert f"{url}/atlas/compare/" in hrefs
            assert page.evaluate("window.__csp") == []
        assert problems == []
        # Korean search from the 404 page, and its results under the sub-path.
        search(page, "컨벤션센터")
        page.locator(".md-search-result__item mark").first.wait_for(timeout=10_000)
        results = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
        assert any(h.startswith(f"{url}/atlas/articles/gwangju-2019-10-14-edc62c94/") for h in results), results
        # The way home works.
        page.keyboard.press("Escape")
        page.locator("article a", has_text="첫 화면").click()
        page.wait_for_url(f"{url}/")
        assert "지역 AI 아틀라스" in page.title()
        assert problems == []
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()
        server.shutdown()


def test_with_the_address_set_the_404_page_needs_no_script(built_site, plain_site):
    with_address = (built_site / "404.html").read_text(encoding="utf-8")
    assert 'href="/atlas/assets/stylesheets/' in with_address
    assert "XMLHttpRequest" not in with_address and "<base" not in with_address
    without = (plain_site / "404.html").read_text(encoding="utf-8")
    assert 'href="assets/stylesheets/' in without and 'href="/' not in without.replace('href="/"', "")
    assert without.index("Content-Security-Policy") < without.index("XMLHttpRequest") < without.index("<link")


def test_the_404_page_without_the_address_is_valid_html(plain_site, tmp_path):
    from test_audit import _nu_errors

    shutil.copyfile(plain_site / "404.html", tmp_path / "404.html")
    assert _nu_errors(tmp_path) == []
