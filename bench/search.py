"""Search benchmark: plain Material search vs. the atlas's Korean search.

    python -m bench.search [--repeat N]

Builds the same generated pages twice — once with a plain Material search
configuration (default separator, no Korean analysis, no query segmenter),
once with this project's mkdocs.yml — then types every query in
tests/search_queries.yml into each site's search box in Chromium and prints
both columns side by side.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from bench.browser import CHROMIUM, CHROMIUM_ARGS, serve_folder
from bench.search_eval import SearchReport, load_queries, run_queries, slugs_of_site
from generator.pipeline import generate_site
from generator.site import build_site, write_docs

ROOT = Path(__file__).resolve().parents[1]


def plain_config(work: Path) -> Path:
    """mkdocs.yml without the Korean search parts: what a plain Material site has."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    lines, skip = [], False
    for line in config.splitlines():
        if line.startswith("hooks:") or line.strip().startswith("separator:") or line.strip().startswith("custom_dir:"):
            skip = line.startswith("hooks:")
            continue
        if skip and line.startswith("  - "):
            continue
        skip = False
        lines.append(line)
    path = work / "mkdocs-plain.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def index_bytes_per_article(site: Path, articles: int) -> float:
    """Size of the search index divided by the number of articles."""
    return (site / "search" / "search_index.json").stat().st_size / articles


def main(argv: list[str] | None = None) -> int:
    """Build both sites, run the queries in Chromium, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="also print per-query results as JSON")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    queries = load_queries()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generated = generate_site(ROOT / "seeds")
        articles = sum(1 for a in generated.articles if a.duplicate_of is None)
        write_docs(generated.pages, work / "docs")
        build_site(plain_config(work), work / "docs", work / "site-plain")
        build_site(ROOT / "mkdocs.yml", work / "docs", work / "site-atlas")
        slugs = slugs_of_site(work / "docs")
        reports: dict[str, SearchReport] = {}
        sizes = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name in ("plain", "atlas"):
                url, server = serve_folder(work / f"site-{name}")
                page = browser.new_page()
                reports[name] = run_queries(page, f"{url}/", queries, slugs, repeat=args.repeat)
                sizes[name] = index_bytes_per_article(work / f"site-{name}", articles)
                page.close()
                server.shutdown()
            browser.close()

    rows = [
        ("recall@5 (article pages)", "recall_at_5", "{:.2f}"),
        ("MRR", "mrr", "{:.2f}"),
        ("zero-result rate", "zero_result_rate", "{:.0%}"),
        ("highlight rate (top result)", "highlight_rate", "{:.0%}"),
        ("latency p50 (ms)", "latency_p50_ms", "{:.1f}"),
        ("latency p95 (ms)", "latency_p95_ms", "{:.1f}"),
    ]
    print(f"{len(queries)} queries, {articles} articles, {args.repeat} timed runs each\n")
    print(f"| {'':30} | {'plain Material':>15} | {'atlas (Kiwi)':>15} |")
    print(f"|{'-' * 32}|{'-' * 17}|{'-' * 17}|")
    for label, attr, fmt in rows:
        print(f"| {label:30} | {fmt.format(getattr(reports['plain'], attr)):>15} | {fmt.format(getattr(reports['atlas'], attr)):>15} |")
    print(f"| {'index size (bytes/article)':30} | {sizes['plain']:>15,.0f} | {sizes['atlas']:>15,.0f} |")
    misses = [r for r in reports["atlas"].per_query if set(r.expected) - set(r.articles[:5]) or not r.top_marked]
    if misses:
        print("\natlas misses:")
        for r in misses:
            print(f"  {r.query}: expected {list(r.expected)}, top-5 {list(r.articles[:5])}, marked={r.top_marked}")
    if args.json:
        print(json.dumps({k: [vars(q) for q in v.per_query] for k, v in reports.items()}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
