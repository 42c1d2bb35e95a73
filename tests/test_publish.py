"""Publishing: the offline export from file://, the print page and PDF,
reproducible builds, page metadata for search engines, the Korean 404."""
from __future__ import annotations

import html as html_lib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.front_matter import read_front_matter
from generator.pdf import print_to_pdf

from conftest import PUBLISHED_URL, ROOT, SEEDS
from test_browser import search

ZIP_NAME = re.compile(r"regional-ai-atlas-offline-\d{4}-\d{2}-\d{2}\.zip")


def _article_titles(built_site: Path) -> list[str]:
    docs = built_site.parent / "docs" / "atlas" / "articles"
    return [html_lib.unescape(read_front_matter(p)["title"]) for p in sorted(docs.glob("*.md"))]


def _offline_zip(built_site: Path) -> Path:
    (archive,) = (built_site.parent / "dist").glob("*.zip")
    return archive


@pytest.fixture(scope="module")
def offline_root(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline zip, unpacked; the folder holding its index.html."""
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(_offline_zip(built_site)) as zf:
        zf.extractall(target)
    (top,) = target.iterdir()
    return top


@pytest.fixture
def offline_page(browser):
    """A page whose every request but file:// fails, as on a machine with no network."""
    context = browser.new_context(locale="ko-KR")
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort("internetdisconnected")

    context.route("**/*", route)
    pg = context.new_page()
    pg.blocked = blocked
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    # A load the next navigation cut short (net::ERR_ABORTED, e.g. the favicon on a busy machine)
    # is not a missing file (net::ERR_FILE_NOT_FOUND).
    pg.on("requestfailed", lambda r: pg.errors.append(f"failed: {r.url} ({r.failure})")
          if r.url.startswith("file:") and r.failure != "net::ERR_ABORTED" else None)
    yield pg
    context.close()


# -- offline export -----------------------------------------------------------

def test_offline_zip_is_dated_in_dist_and_linked_from_the_home_page(built_site):
    archive = _offline_zip(built_site)
    assert ZIP_NAME.fullmatch(archive.name)
    assert (built_site / "downloads" / archive.name).read_bytes() == archive.read_bytes()
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'href="downloads/{archive.name}"' in home
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
    top = archive.name.removesuffix(".zip")
    assert names == sorted(names) and all(n.startswith(top + "/") for n in names)
    assert f"{top}/index.html" in names and f"{top}/search/search_index.js" in names


def test_offline_links_name_the_index_page_of_a_folder():
    from generator.offline import file_url

    assert file_url("../regions/") == "../regions/index.html"
    assert file_url("../..") == "../../index.html"
    assert file_url("./#p-1") == "./index.html#p-1"
    assert file_url("../print/gwangju/#atlas-articles-x") == "../print/gwangju/index.html#atlas-articles-x"
    for kept in ("#top", "https://example.org/a/", "//cdn.example/x/", "style.css", "a.html", "mailto:x@example.org", ""):
        assert file_url(kept) == kept


def test_offline_export_carries_everything_it_loads(offline_root):
    assert (offline_root / "assets/javascripts/iframe-worker.js").read_bytes() == (
        ROOT / "node_modules/iframe-worker/shim/index.js"
    ).read_bytes()
    for page in offline_root.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # Nothing loaded from elsewhere (a canonical link is an address, not a load).
        assert not re.search(r'<(?:script|img|iframe)\b[^>]*src="(?:https?:)?//', text), page
        assert not re.search(r'<link\b(?![^>]*rel="canonical")[^>]*href="(?:https?:)?//', text), page
        assert "unpkg.com" not in text, page
        # No directory URLs: every internal page link names its .html file.
        for href in re.findall(r'<a\b[^>]*href="([^"#:]+)(?:#[^"]*)?"', text):
            assert href.endswith((".html", ".zip", ".json", ".csv")), (page, href)
    # Offline pages link no zip (it is not inside itself).
    assert "downloads/" not in (offline_root / "index.html").read_text(encoding="utf-8")


def test_offline_export_carries_the_chunked_index_with_file_locations(built_site, offline_root):
    import json

    shards = sorted(p.relative_to(built_site).as_posix() for p in (built_site / "search/atlas").rglob("*.js"))
    assert shards and all((offline_root / rel).is_file() for rel in shards)
    for records in (offline_root / "search/atlas/p").glob("*.js"):
        text = records.read_text(encoding="utf-8")
        assert text.startswith("__atlas(") and text.rstrip().endswith(")"), records
        for doc in json.loads(text[len("__atlas("):text.rstrip().rindex(")")])["docs"]:
            assert doc["location"].split("#")[0].endswith(".html"), (records, doc["location"])
    # The manifest under file:// carries no documents: they come from the shards.
    manifest = (offline_root / "search/search_index.js").read_text(encoding="utf-8")
    assert json.loads(manifest.removeprefix("var __index = "))["docs"] == []


def test_offline_export_navigates_every_page_from_file_url(offline_page, offline_root):
    pages = {p.resolve() for p in offline_root.rglob("*.html") if p.name != "404.html"}
    seen: set[Path] = set()
    queue = [(offline_root / "index.html").resolve()]
    while queue:
        current = queue.pop()
        if current in seen:
            continue
        seen.add(current)
        offline_page.goto(current.as_uri())
        assert offline_page.locator("h1").count() >= 1, current
        for href in offline_page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            if not href.startswith("file:"):
                continue
            target = Path(unquote(urlsplit(href).path))
            assert target.exists(), f"{current}: broken link {href}"
            if target.suffix == ".html" and target.resolve() not in seen:
                queue.append(target.resolve())
    assert seen == pages
    assert offline_page.blocked == [] and offline_page.errors == []


@pytest.mark.parametrize("query, expected", [
    ("광주시가", "gwangju"), ("원주형", "wonju"), ("컨벤션센터", "gwangju"),
    # Mixed scripts, figures in another spelling than the page's, counters.
    ("SW중심대학", "pohang"), ("4,061억 원", "gwangju-2019-10-08"), ("17개사", "wonju"),
])
def test_offline_export_searches_in_korean_from_file_url(offline_page, offline_root, query, expected):
    offline_page.goto((offline_root / "index.html").as_uri())
    search(offline_page, query)
    # The first five results (each a page with its matching sections): one is the article.
    results = offline_page.locator(".md-search-result__item > a:first-child")
    results.first.wait_for(timeout=10000)
    hrefs = results.evaluate_all("els => els.map(e => e.href)")[:5]
    assert all(h.startswith("file:") for h in hrefs)
    # The preview marks the hit offline too (the same worker, its shards loaded as scripts).
    assert offline_page.locator(".md-search-result__item mark").count() > 0
    hit = next(i for i, h in enumerate(hrefs) if f"/atlas/articles/{expected}-" in h)
    results.nth(hit).click()
    offline_page.wait_for_load_state()
    assert offline_page.url.split("?")[0].endswith(".html")
    assert offline_page.blocked == [] and offline_page.errors == []


# -- print page and PDF -------------------------------------------------------

def _print_parts(built_site: Path) -> dict[str, tuple[str, list[str]]]:
    """Each "전체 보기" part: its built HTML and the pages its front matter lists."""
    docs = built_site.parent / "docs"
    return {
        part.stem: (
            (built_site / "atlas/print" / part.stem / "index.html").read_text(encoding="utf-8"),
            read_front_matter(part)["print_pages"],
        )
        for part in sorted((docs / "atlas/print").glob("*.md"))
    }


def test_print_parts_gather_every_article_and_comparison_page_once(built_site):
    parts = _print_parts(built_site)
    listed = [page for _, pages in parts.values() for page in pages]
    assert len(listed) == len(set(listed))
    docs = built_site.parent / "docs"
    articles = sorted(p.relative_to(docs).as_posix() for p in (docs / "atlas/articles").glob("*.md"))
    assert sorted(p for p in listed if p.startswith("atlas/articles/")) == articles
    assert {"atlas/compare/index.md", "atlas/compare/investment.md", "atlas/timeline.md", "atlas/regions/wonju/index.md"} <= set(listed)
    # The index page links every part.
    index = (built_site / "atlas/print/index.html").read_text(encoding="utf-8")
    for name in parts:
        assert f'href="{name}/"' in index, name
    plain = ""
    cited = []
    for name, (text, pages) in parts.items():
        assert len(re.findall(r'<section class="atlas-print__page"', text)) == len(pages), name
        plain += html_lib.unescape(re.sub(r"<[^>]+>", "", text))
        ids = re.findall(r'\sid="([^"]+)"', text)
        assert len(ids) == len(set(ids)), name
        for target in set(re.findall(r'href="#([^"]+)"', text)):
            assert target in ids, (name, target)
        # A link to a page gathered in another part lands on its anchor there.
        for other, anchor in set(re.findall(r'href="\.\./([a-z0-9-]+)/#([^"]+)"', text)):
            assert f'id="{anchor}"' in parts[other][0], (name, other, anchor)
        cited += re.findall(r'href="(?:\.\./[a-z0-9-]+/)?#(atlas-articles-[^"]+)" data-print-url="([^"]+)"', text)
    for title in _article_titles(built_site):
        assert title in plain
    # Provenance travels with each article.
    assert "000_bd417f7486c5be64.txt" in plain and "84d3a13d3b8b82cb310d7ce16aa6e8f84aa2308d0b7a406b1eceafffbd513d23" in plain
    # Citations point into the gathered articles and keep their web address for paper.
    assert cited and all(url.startswith(PUBLISHED_URL + "atlas/articles/") and "#" in url for _, url in cited)


def test_print_page_is_not_searched_twice(built_site):
    records = "".join(p.read_text(encoding="utf-8") for p in (built_site / "search/atlas/p").glob("*.js"))
    assert '"location":"atlas/articles/' in records
    assert '"location":"atlas/print/' not in records.replace(" ", "")


def test_print_stylesheet_drops_navigation_and_breaks_between_pages(page, site_url):
    page.goto(f"{site_url}/atlas/print/compare/")
    assert page.locator(".md-sidebar--primary").is_visible()
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"):
        assert not page.locator(chrome).first.is_visible(), chrome
    sections = page.locator(".atlas-print__page")
    assert sections.count() > 5
    assert sections.nth(1).evaluate("e => getComputedStyle(e).breakBefore") == "page"
    shown = page.locator("a[data-print-url]").first.evaluate("e => getComputedStyle(e, '::after').content")
    assert PUBLISHED_URL in shown


def test_pdf_has_pages_and_every_article_title(built_site, tmp_path):
    from pypdf import PdfReader

    written = print_to_pdf(built_site, tmp_path / "atlas.pdf")
    # One PDF per part of the 전체 보기 page.
    assert [p.name for p in written] == [f"atlas-{name}.pdf" for name in _print_parts(built_site)]
    pages = [page for out in written for page in PdfReader(out).pages]
    assert len(pages) > 10
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))
    assert "지역AI아틀라스" in text or "전체보기" in text
    for title in _article_titles(built_site):
        assert re.sub(r"\s+", "", title) in text, title


def test_pdf_command_says_what_is_missing_in_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "generator", "pdf", "--site-dir", str(tmp_path / "nosite"), "--dist", str(tmp_path / "dist")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "build the site first" in result.stderr


# -- reproducible builds ------------------------------------------------------

def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path):
    """Separate processes, other hash seeds, cold caches: same site, same zip."""
    outputs = []
    for run, seed in (("one", "1"), ("two", "2")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "ATLAS_SITE_URL": PUBLISHED_URL}
        env.pop("SOURCE_DATE_EPOCH", None)  # both take the last commit's time
        subprocess.run(
            [
                sys.executable, "-m", "generator", "build", "--seeds", str(SEEDS), "--docs", str(tmp_path / run / "docs"),
                "--site-dir", str(tmp_path / run / "site"), "--dist", str(tmp_path / run / "dist"),
                "--cache", str(tmp_path / run / "cache"), "--jobs", "1",
            ],
            check=True, capture_output=True, env=env, cwd=ROOT,
        )
        outputs.append(tmp_path / run)
    one, two = (_tree(o / "site") for o in outputs)
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert _tree(outputs[0] / "dist") == _tree(outputs[1] / "dist")
    assert _tree(outputs[0] / "docs") == _tree(outputs[1] / "docs")


# -- metadata for search engines and link previews ----------------------------

def _meta(text: str, attribute: str, name: str) -> list[str]:
    return [html_lib.unescape(v) for v in re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', text)]


def test_every_page_has_description_open_graph_and_canonical_url(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    for path in sorted(built_site.rglob("index.html")):
        text = path.read_text(encoding="utf-8")
        folder = path.parent.relative_to(built_site).as_posix()
        address = PUBLISHED_URL + ("" if folder == "." else folder + "/")
        assert len(_meta(text, "name", "description")) == 1 and _meta(text, "name", "description")[0].strip(), path
        assert _meta(text, "property", "og:title")[0].strip(), path
        assert _meta(text, "property", "og:description") == _meta(text, "name", "description"), path
        assert _meta(text, "property", "og:locale") == ["ko_KR"]
        assert re.findall(r'<link rel="canonical" href="([^"]+)">', text) == [address], path
        assert _meta(text, "property", "og:url") == [address], path
        assert address in listed, path


SITE_DESCRIPTION = re.search(r"^site_description: (.*)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)


def test_article_pages_describe_themselves_from_their_own_text(built_site):
    for path in sorted((built_site / "atlas/articles").glob("*/index.html")):
        text = path.read_text(encoding="utf-8")
        description = _meta(text, "name", "description")[0]
        assert description not in SITE_DESCRIPTION and len(description) > 40, path
        assert _meta(text, "property", "og:type") == ["article"]


def test_not_found_page_is_korean_and_works_under_the_sub_path(built_site):
    text = (built_site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="ko"' in text
    assert "페이지를 찾을 수 없습니다" in text and "Not found" not in text
    # GitHub Pages serves it at any depth, so its links are absolute, under the site's path.
    for url in re.findall(r'(?:href|src)="([^"#]+)"', text):
        if not url.startswith(("http", "data:", "javascript:")):  # Material's share-link placeholder
            assert url.startswith("/atlas/"), url


# -- GitHub Pages workflow ------------------------------------------------------

def test_pages_workflow_builds_with_make_site_and_deploys_with_the_official_actions():
    """GitHub runs it, not this machine: check what it would do."""
    import yaml

    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "") for step in build]
    runs = [step.get("run", "") for step in build]
    assert any(run.startswith("make site") for run in runs)
    site_url = next(step["env"]["ATLAS_SITE_URL"] for step in build if step.get("run", "").startswith("make site"))
    assert "steps.pages.outputs.base_url" in site_url
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    artifact = next(step for step in build if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert "dist/*-offline-*.zip" in artifact["with"]["path"]
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])
