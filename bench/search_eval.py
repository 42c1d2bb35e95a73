"""Measure search quality and speed in a real browser (Playwright + Chromium).

Each query is typed into Material's search box the way a Korean IME user
types it (composed text, then a keyup), and the rendered result list is read
back once it has settled (the first pages may come before the rest): which
article pages it lists, whether the top result shows a <mark>, and how long
the first results took to appear.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.front_matter import read_front_matter

QUERIES_FILE = Path(__file__).resolve().parents[1] / "tests" / "search_queries.yml"

# Runs in the page: type, fire keyup, wait for Material to render the result.
_RUN_QUERY = """
async (query) => {
  const input = document.querySelector(".md-search__input")
  const meta = document.querySelector(".md-search-result__meta")
  input.focus()
  input.value = ""
  input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  await new Promise(r => setTimeout(r, 30))
  const before = meta.textContent
  const changed = new Promise(resolve => {
    const observer = new MutationObserver(() => {
      if (meta.textContent !== before) { observer.disconnect(); resolve() }
    })
    observer.observe(meta, { childList: true, characterData: true, subtree: true })
  })
  const start = performance.now()
  input.value = query
  input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  await Promise.race([changed, new Promise(r => setTimeout(r, 5000))])
  const elapsed = performance.now() - start
  // The first pages may be answered before the rest (atlas-search.js): read
  // the list once it has settled (no change for 100 ms, at most 3 s).
  const list = document.querySelector(".md-search-result__list")
  await new Promise(resolve => {
    let quiet = setTimeout(done, 100)
    const limit = setTimeout(done, 3000)
    const observer = new MutationObserver(() => { clearTimeout(quiet); quiet = setTimeout(done, 100) })
    observer.observe(list, { childList: true, subtree: true })
    observer.observe(meta, { childList: true, characterData: true, subtree: true })
    function done() { observer.disconnect(); clearTimeout(quiet); clearTimeout(limit); resolve() }
  })
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
  const groups = [...document.querySelectorAll(".md-search-result__list > .md-search-result__item")]
  return {
    elapsed,
    hrefs: groups.map(g => g.querySelector("a").getAttribute("href")),
    topMarked: groups.length > 0 && groups[0].querySelector("mark") !== null,
  }
}
"""


@dataclass(frozen=True)
class QueryResult:
    """What one query returned in the browser."""

    query: str
    expected: tuple[str, ...]
    articles: tuple[str, ...]  # seed ids of article results, in rank order
    results: int
    top_marked: bool
    latency_ms: float


@dataclass(frozen=True)
class SearchReport:
    """Aggregate figures over a query set."""

    recall_at_5: float
    mrr: float
    zero_result_rate: float
    highlight_rate: float
    latency_p50_ms: float
    latency_p95_ms: float
    per_query: tuple[QueryResult, ...]


def load_queries(path: Path = QUERIES_FILE) -> dict[str, tuple[str, ...]]:
    """Query → expected seed ids (the three-digit prefix of the seed file)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    return {str(q): tuple(str(s) for s in seeds) for q, seeds in data.items()}


def _seed_id(href: str, slug_to_seed: dict[str, str]) -> str | None:
    path = href.split("#")[0].split("?")[0].rstrip("/")
    return slug_to_seed.get(path.rsplit("/", 1)[-1])


def run_queries(page, url: str, queries: dict[str, tuple[str, ...]], slug_to_seed: dict[str, str], repeat: int = 1) -> SearchReport:
    """Type every query into the search box at ``url`` and score the results."""
    page.goto(url)
    page.wait_for_function("() => document.querySelector('.md-search__input') !== null")
    page.click(".md-search__input")
    # The worker builds its index in the background; a first query waits for it.
    page.evaluate(_RUN_QUERY, "인공지능")
    results, latencies = [], []
    for query, expected in queries.items():
        page.fill(".md-search__input", query)
        for _ in range(repeat):
            raw = page.evaluate(_RUN_QUERY, query)
            latencies.append(raw["elapsed"])
        articles = []
        for href in raw["hrefs"]:
            seed = _seed_id(href, slug_to_seed)
            if seed and seed not in articles:
                articles.append(seed)
        results.append(QueryResult(query, expected, tuple(articles), len(raw["hrefs"]), raw["topMarked"], raw["elapsed"]))
    return summarize(results, latencies)


def summarize(results: list[QueryResult], latencies: list[float]) -> SearchReport:
    """Recall@5, MRR, zero-result and highlight rates, latency percentiles."""
    recall = [len(set(r.articles[:5]) & set(r.expected)) / len(r.expected) for r in results]
    reciprocal = []
    for r in results:
        rank = next((i + 1 for i, seed in enumerate(r.articles) if seed in r.expected), None)
        reciprocal.append(1 / rank if rank else 0.0)
    ordered = sorted(latencies)
    return SearchReport(
        recall_at_5=statistics.fmean(recall),
        mrr=statistics.fmean(reciprocal),
        zero_result_rate=sum(1 for r in results if r.results == 0) / len(results),
        highlight_rate=sum(1 for r in results if r.top_marked) / len(results),
        latency_p50_ms=ordered[len(ordered) // 2],
        latency_p95_ms=ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
        per_query=tuple(results),
    )


def slugs_of_site(docs_dir: Path) -> dict[str, str]:
    """Article slug → seed id, read from the generated pages' front matter."""
    mapping = {}
    for path in (docs_dir / "atlas" / "articles").glob("*.md"):
        mapping[path.stem] = read_front_matter(path)["source_file"][:3]
    return mapping
