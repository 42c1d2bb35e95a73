"""Search benchmark: plain Material search vs. the atlas's Korean search.

    python -m bench.search [--repeat N] [--sizes 5,1000,5000,10000]

Builds the same generated pages twice — once with a plain Material search
configuration (default separator, no Korean analysis, no query segmenter),
once with this project's mkdocs.yml — then types every query in
tests/search_queries.yml into each site's search box in Chromium and prints
both columns side by side.

With ``--sizes``, also builds N synthetic articles (bench/corpus.py) per size
exactly as ``make site`` does and prints the speed table (bench/search_speed.py):
index size on disk, first result in a fresh profile locally, on a throttled
network (10 Mbit/s, 40 ms) and from file:// in the offline export, bytes
fetched up to the first result, later keystrokes p50/p95.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
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
    """Size of the search index (all its files) divided by the number of articles."""
    return sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file()) / articles


def main(argv: list[str] | None = None) -> int:
    """Build both sites, run the queries in Chromium, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="also print per-query results as JSON")
    parser.add_argument("--sizes", default="", help="comma-separated sizes for the speed table: 5 = the seeds, N = N synthetic articles")
    args = parser.parse_args(argv)
    sizes_wanted = [int(n) for n in args.sizes.split(",") if n.strip()]

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
    if sizes_wanted:
        speed_table(sizes_wanted, list(queries), args.repeat)
    return 0


def build_size(size: int, work: Path) -> tuple[Path, Path]:
    """The site and unpacked offline export of the seeds (5) or of ``size`` synthetic articles."""
    import zipfile

    from bench.corpus import write_corpus
    from generator.cli import main as cli

    seeds = ROOT / "seeds"
    if size != 5:
        seeds = work / "seeds"
        write_corpus(size, seeds)
    status = cli(["build", "--seeds", str(seeds), "--docs", str(work / "docs"), "--site-dir", str(work / "site"),
                  "--dist", str(work / "dist"), "--cache", str(ROOT / ".cache" / "bench-search")])
    if status != 0:
        raise SystemExit(f"build of {size} articles failed")
    archive = next((work / "dist").glob("*-offline-*.zip"))
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(work / "offline")
    return work / "site", next((work / "offline").iterdir())


def speed_table(sizes: list[int], queries: list[str], repeat: int) -> None:
    """Build each size, measure it in Chromium, print one row per size."""
    from playwright.sync_api import sync_playwright

    from bench.search_speed import index_bytes, measure

    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            site, offline = build_size(size, Path(tmp))
            built = time.perf_counter() - started
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                url, server = serve_folder(site, compress=True)
                local = measure(browser, f"{url}/", queries, throttle=False, repeat=repeat)
                slow = measure(browser, f"{url}/", queries[:5], throttle=True)
                server.shutdown()
                from_file = measure(browser, (offline / "index.html").as_uri(), queries[:5], throttle=False)
                browser.close()
            rows.append((size, index_bytes(site), local, slow, from_file, built))
    print("\n| articles | index on disk | first result, local | first result, 10 Mbit/s·40 ms | first result, file:// | "
          "fetched to first result (local) | later keystrokes p50 / p95 | build |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, disk, local, slow, from_file, built in rows:
        print(f"| {size:,} | {disk / 1e6:.1f} MB | {local.first_result_ms / 1000:.2f} s | {slow.first_result_ms / 1000:.2f} s "
              f"(page + search {slow.page_to_result_ms / 1000:.2f} s) | {from_file.first_result_ms / 1000:.2f} s | "
              f"{local.bytes_fetched / 1e3:,.0f} kB | {local.later_p50_ms:.1f} / {local.later_p95_ms:.1f} ms | {built:.0f} s |")


if __name__ == "__main__":
    sys.exit(main())
