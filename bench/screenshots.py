"""Screenshots of the atlas as a reader sees it, to look at (``make screenshots``).

For each corpus size — the five seeds, and 1,000 synthetic articles from
``bench/corpus.py`` — the site is built with the real command line into a
scratch folder, served locally and opened in Debian's Chromium (Playwright,
``/usr/bin/chromium``). Each view is saved in the light and the dark palette
as ``OUT/<size>/<view>-<light|dark>.png`` (the whole page, cut at
``MAX_HEIGHT`` pixels): home, a region page, an article, the 지역 비교표
matrix, a dimension page, the timeline, and search results for a Hangul
query. ``OUT`` defaults to ``bench/out/screenshots/`` (git-ignored).

    python -m bench.screenshots                      # 5 and 1,000 articles
    python -m bench.screenshots --sizes 5            # the five seeds only
    python -m bench.screenshots --sizes 5 --site DIR # an already built five-seed site

Exit status 1 (one line) if a view does not load or search finds nothing.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.browser import CHROMIUM, CHROMIUM_ARGS, search_box, serve_folder

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "screenshots"
WIDTH, HEIGHT = 1280, 900
MAX_HEIGHT = 6000
SCHEMES = ("light", "dark")
# Material's palette for each: the browser's preference picks it (mkdocs.yml).
PALETTES = {"light": "default", "dark": "slate"}
# A query a reader types: a place with a particle (광주시가 → 광주시).
QUERY = "광주시가"


@dataclass(frozen=True)
class View:
    """One screenshot: a name and the page it shows."""

    name: str
    path: str
    query: str | None = None


def _largest(site: Path, folder: str) -> str:
    """The sub-page of ``folder`` with the most content (the hardest to lay out)."""
    pages = [p for p in (site / folder).glob("*/index.html")]
    if not pages:
        raise SystemExit(f"error: {site / folder}: no pages to show")
    page = max(pages, key=lambda p: (p.stat().st_size, p.parent.name))
    return f"{folder}/{page.parent.name}/"


def views(site: Path) -> list[View]:
    """The views to capture in ``site``: the biggest region, article and dimension."""
    return [
        View("home", ""),
        View("region", _largest(site, "atlas/regions")),
        View("article", _largest(site, "atlas/articles")),
        View("matrix", "atlas/compare/"),
        View("dimension", _largest(site, "atlas/compare")),
        View("timeline", "atlas/timeline/"),
        View("search", "", QUERY),
    ]


def build(seeds: Path, work: Path) -> Path:
    """``python -m generator build`` of ``seeds`` into ``work``; the site folder."""
    command = [
        sys.executable, "-m", "generator", "build", "--seeds", str(seeds), "--docs", str(work / "docs"),
        "--site-dir", str(work / "site"), "--dist", str(work / "dist"), "--cache", str(work / "cache"),
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr.strip() or f"error: {' '.join(command)} failed")
    return work / "site"


def site_for(size: int, out: Path) -> Path:
    """Build the atlas of ``size`` articles (5: the seeds; more: synthetic) under ``out``."""
    work = out / f"work-{size}"
    if size == 5:
        return build(ROOT / "seeds", work)
    from bench.corpus import write_corpus

    corpus = work / "corpus"
    write_corpus(size, corpus)
    return build(corpus, work)


def capture(site: Path, folder: Path) -> list[Path]:
    """Every view of ``site`` in both palettes, as PNG files in ``folder``."""
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    url, server = serve_folder(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for scheme in SCHEMES:
                context = browser.new_context(
                    viewport={"width": WIDTH, "height": HEIGHT}, locale="ko-KR", color_scheme=scheme
                )
                page = context.new_page()
                for view in views(site):
                    response = page.goto(f"{url}/{view.path}")
                    if response is None or not response.ok:
                        raise SystemExit(f"error: {url}/{view.path}: status {response.status if response else 'none'}")
                    shown = page.locator("body").get_attribute("data-md-color-scheme")
                    if shown != PALETTES[scheme]:
                        raise SystemExit(f"error: {url}/{view.path}: palette {shown!r}, expected {PALETTES[scheme]!r}")
                    if view.query:
                        search_box(page, view.query)
                        try:
                            page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
                        except Exception:
                            raise SystemExit(f"error: search for {view.query!r} shows no result in {site}") from None
                    page.wait_for_timeout(150)  # tooltips, palette and fonts settle
                    target = folder / f"{view.name}-{scheme}.png"
                    if view.query:  # the search overlay covers the window
                        page.screenshot(path=str(target))
                    else:
                        height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
                        page.screenshot(path=str(target), full_page=True, clip={"x": 0, "y": 0, "width": WIDTH, "height": height})
                    written.append(target)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.screenshots", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 1000], metavar="N",
                        help="corpus sizes: 5 is the seeds, more are synthetic (default: 5 1000)")
    parser.add_argument("--out", type=Path, default=OUT, metavar="DIR", help="where the PNG files go (default: %(default)s)")
    parser.add_argument("--site", type=Path, metavar="DIR", help="an already built site to capture (with one size only)")
    args = parser.parse_args(argv)
    if args.site and len(args.sizes) != 1:
        parser.error("--site takes one size")
    if not Path(CHROMIUM).exists():
        print(f"error: {CHROMIUM} is missing: run `make screenshots`, which installs Debian's chromium", file=sys.stderr)
        return 1
    if args.site and not (args.site / "index.html").is_file():
        print(f"error: {args.site}: not a built site (no index.html); run make site", file=sys.stderr)
        return 1
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        for size in args.sizes:
            site = args.site or site_for(size, args.out)
            files = capture(site, args.out / str(size))
            print(f"{size} articles: {len(files)} screenshots in {args.out / str(size)}")
    except SystemExit as exc:
        print(exc.code if isinstance(exc.code, str) else f"error: exit {exc.code}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
