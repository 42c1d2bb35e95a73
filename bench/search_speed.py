"""Search speed at a size: first result in a fresh profile, bytes, later keystrokes, index size.

Used by ``python -m bench.search --sizes …``. Each measurement opens a new
browser context (a fresh profile: empty cache, no worker) — with ``samples``,
several, and takes the median first result —, loads the home
page from a local server that gzips as GitHub Pages does, types a one-word
query as soon as the page has loaded and waits for the first result; with
``throttle`` the Chrome DevTools Protocol limits the network to 10 Mbit/s
with 40 ms latency first. Bytes are what crossed the network (encoded, after
gzip) from navigation to the first result. Later keystrokes are the query
set typed into the same, warm page.
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from bench.search_eval import _RUN_QUERY

FIRST_QUERY = "인공지능"
# Runs in the page right after load: type, keyup, wait for a first result item.
_FIRST_RESULT = """
async (query) => {
  const start = performance.now()
  const input = document.querySelector(".md-search__input")
  input.focus()
  input.value = query
  input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  while (!document.querySelector(".md-search-result__item")) {
    await new Promise(r => setTimeout(r, 5))
    if (performance.now() - start > 120000) return -1
    // Material ignores a query typed before its worker is ready: type it again.
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  }
  return performance.now() - start
}
"""


@dataclass(frozen=True)
class SpeedReport:
    """One size, one network condition."""

    first_result_ms: float  # from load event to first result on screen
    page_to_result_ms: float  # from navigation start to first result on screen
    bytes_fetched: int  # encoded bytes over the network up to the first result
    later_p50_ms: float
    later_p95_ms: float


def index_bytes(site: Path) -> int:
    """Bytes on disk of search: the index (manifest, shards, page records), Material's worker (lunr inside), our wrapper."""
    files = [*(site / "search").rglob("*"), *(site / "assets" / "javascripts" / "workers").glob("*.js")]
    return sum(p.stat().st_size for p in files if p.is_file())


def measure(browser, url: str, queries: list[str], throttle: bool, repeat: int = 1, samples: int = 1) -> SpeedReport:
    """Fresh context, load ``url``, first query, then the later ones; with ``samples``, the first-result figures are the median of that many fresh contexts."""
    firsts = [_first_result(browser, url, throttle, queries if n == samples - 1 else [], repeat) for n in range(samples)]
    later = sorted(firsts[-1][3])
    return SpeedReport(
        first_result_ms=statistics.median(f[0] for f in firsts),
        page_to_result_ms=statistics.median(f[1] for f in firsts),
        bytes_fetched=int(statistics.median(f[2] for f in firsts)),
        later_p50_ms=statistics.median(later) if later else 0.0,
        later_p95_ms=later[min(len(later) - 1, int(len(later) * 0.95))] if later else 0.0,
    )


def _first_result(browser, url: str, throttle: bool, queries: list[str], repeat: int) -> tuple[float, float, int, list[float]]:
    """One fresh context: first result (from load, from navigation), bytes to it, then each later keystroke's time."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": 40, "downloadThroughput": 10_000_000 / 8, "uploadThroughput": 10_000_000 / 8,
        })
    fetched = [0]
    cdp.on("Network.loadingFinished", lambda e: fetched.__setitem__(0, fetched[0] + int(e.get("encodedDataLength", 0))))
    started = time.perf_counter()
    page.goto(url, wait_until="load")
    loaded = time.perf_counter()
    first = page.evaluate(_FIRST_RESULT, FIRST_QUERY)
    total = (loaded - started) * 1000 + first
    bytes_fetched = fetched[0]
    later = []
    for query in queries:
        for _ in range(repeat):
            later.append(page.evaluate(_RUN_QUERY, query)["elapsed"])
    context.close()
    return first, total, bytes_fetched, later
