"""Pagefind against the atlas's own search, on the same pages, in Chromium.

    python -m bench.pagefind_eval [--sizes 5,1000]      (needs: pip install -e '.[bench]')

For each size (5 = the seeds, N = N synthetic articles from bench/corpus.py)
the site is built as ``make site`` does; then every record of the atlas's
segmented search index (Kiwi units, U+200B turned into spaces so Pagefind
sees them as words) goes into a Pagefind index (language ``ko``)
(as small HTML pages for Pagefind's indexer: see ``write_pagefind``). A harness page loads
``pagefind.js`` in a fresh Chromium profile and searches; printed: Pagefind's
bundle size on disk, time and bytes to the first result (locally and at
10 Mbit/s·40 ms), later query times, and on the seeds recall@5 and
zero-result rate on tests/search_queries.yml with the queries as typed.
"""
from __future__ import annotations

import argparse
import subprocess
import html
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import CHROMIUM, CHROMIUM_ARGS, serve_folder
from bench.search_eval import load_queries

_TAG = re.compile(r"<[^>]+>")
_HARNESS = """<!doctype html><meta charset="utf-8"><title>pagefind</title>
<script type="module">
window.pagefindSearch = async (query, fragments) => {
  const start = performance.now()
  const pagefind = await import("./pagefind/pagefind.js")
  const found = await pagefind.search(query)
  const data = await Promise.all(found.results.slice(0, fragments).map(r => r.data()))
  return { ms: performance.now() - start, total: found.results.length, urls: data.map(d => "/" + d.meta.location), marked: data.length > 0 && data[0].excerpt.includes("<mark>") }
}
window.ready = true
</script>"""


def records_of(index_file: Path) -> list[dict]:
    """Every search record of a built site: from the page files of the chunked index, else the index itself."""
    index = json.loads(index_file.read_text(encoding="utf-8"))
    if "atlas" not in index["config"]:
        return index["docs"]
    docs = []
    for n in range(index["config"]["atlas"]["pages"]):
        text = (index_file.parent / "atlas" / "p" / f"{n}.js").read_text(encoding="utf-8")
        docs += json.loads(text[text.index("(") + 1: text.rindex(")")])["docs"]
    return docs


def write_pagefind(index_file: Path, site: Path) -> int:
    """Pagefind's bundle in ``site/pagefind`` for the records of ``index_file``; returns the record count.

    Each record becomes a small HTML page for Pagefind's own indexer (its
    command line, from ``pagefind_bin``). Its Python API's
    ``add_custom_record`` does the same job but took about 0.1 s per record
    here (21 s for the seeds' 208 records, awaited one by one or together),
    which at 10,000 articles (~100,000 records) is hours.
    """
    docs = records_of(index_file)
    folder = site / "records"
    folder.mkdir(parents=True)
    for n, doc in enumerate(docs):
        title = (doc.get("title") or "").replace("\u200b", " ")
        text = (doc.get("text") or "").replace("\u200b", " ")
        location = html.escape(doc["location"], quote=True)
        (folder / f"{n}.html").write_text(
            f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<main data-pagefind-body data-pagefind-meta="location:{location}"><h1>{title}</h1>{text}</main></body></html>',
            encoding="utf-8",
        )
    subprocess.run([sys.executable, "-m", "pagefind_bin", "--site", str(site), "--force-language", "ko", "--silent"], check=True)
    return len(docs)


def measure(browser, url: str, queries: list[str], throttle: bool) -> dict:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if throttle:
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 40, "downloadThroughput": 1_250_000, "uploadThroughput": 1_250_000})
    fetched = [0]
    cdp.on("Network.loadingFinished", lambda e: fetched.__setitem__(0, fetched[0] + int(e.get("encodedDataLength", 0))))
    page.goto(url)
    page.wait_for_function("() => window.ready === true")
    before = fetched[0]
    first = page.evaluate("q => pagefindSearch(q, 5)", "인공지능")
    first_bytes = fetched[0] - before
    later = sorted(page.evaluate("q => pagefindSearch(q, 5)", q)["ms"] for q in queries)
    context.close()
    return {"first_ms": first["ms"], "first_bytes": first_bytes, "p50": statistics.median(later),
            "p95": later[min(len(later) - 1, int(len(later) * 0.95))]}


def quality(browser, url: str, slugs: dict[str, str]) -> tuple[float, float]:
    """recall@5 and zero-result rate on the query set, queries as typed."""
    page = browser.new_page()
    page.goto(url)
    page.wait_for_function("() => window.ready === true")
    recall, zero = [], 0
    for query, expected in load_queries().items():
        found = page.evaluate("q => pagefindSearch(q, 50)", query)
        seeds = []
        for link in found["urls"]:
            seed = slugs.get(link.split("#")[0].rstrip("/").rsplit("/", 1)[-1])
            if seed and seed not in seeds:
                seeds.append(seed)
        recall.append(len(set(seeds[:5]) & set(expected)) / len(expected))
        zero += found["total"] == 0
    page.close()
    return statistics.fmean(recall), zero / len(recall)


def works_from_file(browser, url: str) -> str:
    """Whether Pagefind searches when the page is opened from file:// (the offline export's case)."""
    page = browser.new_page()
    try:
        page.goto(url)
        page.wait_for_function("() => window.ready === true", timeout=5000)
        found = page.evaluate("q => pagefindSearch(q, 1).then(r => r.total, e => 'error: ' + e.message)", "인공지능")
        return f"works ({found} results)" if isinstance(found, int) else found.split("\n")[0][:80]
    except Exception as error:  # the module script itself may never run
        return f"fails: {str(error).splitlines()[0][:80]}"
    finally:
        page.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="5,1000")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from bench.search import build_size, seeds_of_size
    from bench.search_eval import slugs_of_site

    queries = list(load_queries())
    print("| articles | records | Pagefind bundle on disk | index time | first result, local (bytes) | first result, 10 Mbit/s·40 ms | later p50 / p95 | recall@5 / zero-result (as typed) | from file:// |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for size in [int(n) for n in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            site, _ = build_size(seeds_of_size(size, work), work)
            root = work / "pf"
            root.mkdir()
            started = time.perf_counter()
            records = write_pagefind(site / "search" / "search_index.json", root)
            indexed = time.perf_counter() - started
            (root / "index.html").write_text(_HARNESS, encoding="utf-8")
            # What search loads (pagefind.js, its wasm, entry, meta, index chunks, fragments), not the UI kits.
            disk = sum(p.stat().st_size for p in (root / "pagefind").rglob("*")
                       if p.is_file() and "ui" not in p.name and "highlight" not in p.name and "playground" not in p.parts)
            url, server = serve_folder(root, compress=True)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                local = measure(browser, f"{url}/", queries, throttle=False)
                slow = measure(browser, f"{url}/", queries[:5], throttle=True)
                rec = quality(browser, f"{url}/", slugs_of_site(work / "docs")) if size == 5 else None
                offline = works_from_file(browser, (root / "index.html").as_uri())
                browser.close()
            server.shutdown()
        q = f"{rec[0]:.2f} / {rec[1]:.0%}" if rec else "—"
        print(f"| {size:,} | {records:,} | {disk / 1e6:.1f} MB | {indexed:.0f} s | {local['first_ms'] / 1000:.2f} s ({local['first_bytes'] / 1e3:,.0f} kB) "
              f"| {slow['first_ms'] / 1000:.2f} s | {local['p50']:.0f} / {local['p95']:.0f} ms | {q} | {offline} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
