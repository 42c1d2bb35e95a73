"""Lighthouse 13 on the built site: home page, the comparison matrix, the largest region page and one article.

    make audit            # = python -m bench.audit [--site site] [--runs 3]

Serves ``site/`` on localhost with gzip (as GitHub Pages does), runs the
npm ``lighthouse`` (node_modules, pinned in package.json) against Debian's
Chromium via ``CHROME_PATH``, default mobile settings (simulated slow 4G and
a 4× slower CPU), and prints the four category scores per page — the median
of ``--runs`` runs, since the performance score moves between runs on a
shared machine. Exit status 1 if any page misses a target: performance ≥ 95,
accessibility 100, best practices ≥ 95, SEO ≥ 95. Reports go to
``bench/out/lighthouse-*.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from bench.browser import CHROMIUM, CHROMIUM_ARGS, serve_folder

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
OUT = ROOT / "bench" / "out"
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}


def first_article(site: Path) -> str:
    """The address of the first article page, by path."""
    pages = sorted((site / "atlas" / "articles").glob("*/index.html"))
    if not pages:
        sys.exit(f"error: {site} has no article pages; run make site")
    return pages[0].parent.relative_to(site).as_posix() + "/"


def largest_region(site: Path) -> str:
    """The address of the heaviest region page (the one that grows most with the corpus)."""
    pages = [p for p in (site / "atlas" / "regions").glob("*/index.html") if p.parent.name != "regions"]
    if not pages:
        sys.exit(f"error: {site} has no region pages; run make site")
    page = max(pages, key=lambda p: (p.stat().st_size, p.as_posix()))
    return page.parent.relative_to(site).as_posix() + "/"


def lighthouse_scores(url: str, report: Path) -> dict[str, int | None]:
    """One Lighthouse run: category → score 0–100, None where the run could not score it.

    On a loaded machine Lighthouse now and then sees no first paint (NO_FCP)
    and leaves the performance score empty.
    """
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    result = subprocess.run(
        [
            str(LIGHTHOUSE), url, "--quiet", f"--chrome-flags={flags}",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--output=json", f"--output-path={report}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        sys.exit(f"error: lighthouse failed on {url}: {(result.stderr.strip().splitlines() or ['no output'])[-1]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    return {name: None if category["score"] is None else round(category["score"] * 100)
            for name, category in data["categories"].items()}


def scored_runs(url: str, name: str, runs: int) -> tuple[list[dict[str, int]], int]:
    """``runs`` runs with every category scored (a run that missed one is repeated, up to ``runs`` times); and how many missed."""
    scored, missed = [], 0
    while len(scored) < runs and missed < runs:
        scores = lighthouse_scores(url, OUT / f"lighthouse-{name}-{len(scored) + missed}.json")
        if any(scores.get(k) is None for k in TARGETS):
            missed += 1
        else:
            scored.append(scores)
    return scored, missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        sys.exit("error: node_modules/.bin/lighthouse is missing; run npm ci (make does)")
    OUT.mkdir(parents=True, exist_ok=True)
    base, server = serve_folder(args.site, compress=True)
    pages = {"home": "", "matrix": "atlas/compare/", "region": largest_region(args.site), "article": first_article(args.site)}
    failed = False
    try:
        print(f"Lighthouse (median of {args.runs} runs, mobile defaults), targets {TARGETS}")
        print(f"{'page':<8} {'performance':>11} {'accessibility':>13} {'best-practices':>14} {'seo':>4}  address")
        for name, path in pages.items():
            runs, missed = scored_runs(f"{base}/{path}", name, args.runs)
            if not runs:
                failed = True
                print(f"{name:<8} no run scored every category ({missed} tried; reports: {OUT}/lighthouse-{name}-*.json)")
                continue
            scores = {k: int(statistics.median(r[k] for r in runs)) for k in TARGETS}
            note = f" ({missed} run(s) without a score repeated)" if missed else ""
            print(f"{name:<8} {scores['performance']:>11} {scores['accessibility']:>13} {scores['best-practices']:>14} {scores['seo']:>4}  /{path}{note}")
            misses = [k for k, target in TARGETS.items() if scores[k] < target]
            if misses:
                failed = True
                print(f"  below target: {', '.join(misses)} (reports: {OUT}/lighthouse-{name}-*.json)")
    finally:
        server.shutdown()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
