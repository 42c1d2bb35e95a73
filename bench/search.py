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
fetched up to the first result (each the median of FIRST_SAMPLES fresh
profiles), later keystrokes p50/p95, and the machine's load average.

With ``--before REV`` (and ``--sizes``), each size is also built by commit
REV — its tree exported with ``git archive`` into a temporary folder, built
there by its own generator (``python -m generator.cli build``) from the same
synthetic seeds — and both sites are measured in the same browser, one
after the other, so the table's before and after rows are one run's.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import CHROMIUM, CHROMIUM_ARGS, serve_folder
from bench.search_eval import SearchReport, load_queries, run_queries, slugs_of_site
from generator.pipeline import generate_site
from generator.site import build_site, write_docs

ROOT = Path(__file__).resolve().parents[1]
# Fresh-profile first results per build and condition; the table shows their median (one sample moves by tens of percent).
FIRST_SAMPLES = 3


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
    parser.add_argument("--before", metavar="REV", help="with --sizes: also build and measure commit REV in the same run (before/after rows)")
    parser.add_argument("--speed-only", action="store_true", help="with --sizes: skip the plain-vs-atlas quality table")
    args = parser.parse_args(argv)
    sizes_wanted = [int(n) for n in args.sizes.split(",") if n.strip()]

    from playwright.sync_api import sync_playwright

    queries = load_queries()
    if args.speed_only and sizes_wanted:
        speed_table(sizes_wanted, list(queries), args.repeat, args.before)
        return 0
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
        speed_table(sizes_wanted, list(queries), args.repeat, args.before)
    return 0


def seeds_of_size(size: int, work: Path) -> Path:
    """The seeds (5) or a folder of ``size`` synthetic articles."""
    from bench.corpus import write_corpus

    if size == 5:
        return ROOT / "seeds"
    seeds = work / "seeds"
    write_corpus(size, seeds)
    return seeds


def build_size(seeds: Path, work: Path, source: Path | None = None) -> tuple[Path, Path]:
    """The site and unpacked offline export of ``seeds``, built in ``work`` — by this tree, or by the tree at ``source``."""
    import subprocess
    import zipfile

    from generator.cli import main as cli

    arguments = ["build", "--seeds", str(seeds), "--docs", str(work / "docs"), "--site-dir", str(work / "site"),
                 "--dist", str(work / "dist")]
    # One cache for both trees: its entries are keyed by the seeds (their path included) and the generator's
    # code, so a tree whose generator is unchanged reuses the other's analysis of the same seeds.
    cache = ["--cache", str(ROOT / ".cache" / "bench-search")]
    if source is None:
        status = cli([*arguments, *cache])
    else:  # its own generator: ``python -m`` puts the working folder first on the import path
        status = subprocess.run([sys.executable, "-m", "generator.cli", *arguments, *cache], cwd=source).returncode
    if status != 0:
        raise SystemExit(f"build of {seeds} failed")
    archive = next((work / "dist").glob("*-offline-*.zip"))
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(work / "offline")
    return work / "site", next((work / "offline").iterdir())


def export_tree(rev: str, folder: Path) -> Path:
    """Commit ``rev`` of this repository, unpacked into ``folder`` (``git archive``: no checkout, no worktree), with this tree's ``node_modules``."""
    import subprocess

    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev], capture_output=True, check=False)
    if archive.returncode != 0:
        raise SystemExit(f"--before {rev}: {archive.stderr.decode(errors='replace').strip()}")
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    if (ROOT / "node_modules").is_dir():  # the offline export's worker shim (npm ci), not in git
        (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


def speed_table(sizes: list[int], queries: list[str], repeat: int, before: str | None = None) -> None:
    """Build each size (and with ``before``, that commit's build of it), measure in Chromium, print one row per size and build."""
    from playwright.sync_api import sync_playwright

    from bench.search_speed import index_bytes, measure

    print("\n| articles | build | index on disk | first result, local | first result, 10 Mbit/s·40 ms | first result, file:// | "
          "fetched to first result (local) | later keystrokes p50 / p95 | build time | load average |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    with tempfile.TemporaryDirectory() as outer:
        source = export_tree(before, Path(outer) / "before") if before else None
        for size in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                work = Path(tmp)
                seeds = seeds_of_size(size, work)
                builds = []  # (label, site, offline export, build seconds)
                for label, tree in ([(before, source)] if before else []) + [("after" if before else "", None)]:
                    started = time.perf_counter()
                    site, offline = build_size(seeds, work / (label or "build"), tree)
                    builds.append((label, site, offline, time.perf_counter() - started))
                with sync_playwright() as p:
                    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    served = []
                    for label, site, offline, built in builds:
                        url, server = serve_folder(site, compress=True)
                        served.append((label, site, offline, built, url, server))
                    # Each condition for every build in turn, so that the machine's load falls on both alike.
                    load = os.getloadavg()[0]
                    local = [measure(browser, f"{url}/", queries, throttle=False, repeat=repeat, samples=FIRST_SAMPLES)
                             for *_, url, _ in served]
                    slow = [measure(browser, f"{url}/", queries[:5], throttle=True, samples=FIRST_SAMPLES) for *_, url, _ in served]
                    from_file = [measure(browser, (offline / "index.html").as_uri(), queries[:5], throttle=False, samples=FIRST_SAMPLES)
                                 for _, _, offline, *_ in served]
                    load = (load + os.getloadavg()[0]) / 2
                    for *_, server in served:
                        server.shutdown()
                    browser.close()
                # Each size's rows as soon as they are measured (a 10,000-article build takes minutes).
                for n, (label, site, offline, built, *_) in enumerate(served):
                    print(f"| {size:,} | {label} | {index_bytes(site) / 1e6:.1f} MB | {local[n].first_result_ms / 1000:.2f} s "
                          f"| {slow[n].first_result_ms / 1000:.2f} s (page + search {slow[n].page_to_result_ms / 1000:.2f} s) "
                          f"| {from_file[n].first_result_ms / 1000:.2f} s | {local[n].bytes_fetched / 1e3:,.0f} kB "
                          f"| {local[n].later_p50_ms:.1f} / {local[n].later_p95_ms:.1f} ms | {built:.0f} s | {load:.1f} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
