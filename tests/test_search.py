"""Korean search: index-time analysis (Kiwi) and the browser gate."""
from __future__ import annotations

import json
import re

import pytest

from bench.search_eval import load_queries, run_queries, slugs_of_site
from generator.search_index import ZWSP, SearchCache, chunk_key, segment_search_index, segmenter, with_zwsp_separator


@pytest.mark.parametrize(
    "text, parts",
    [
        ("네이버클라우드", "네이버|클라우드"),
        ("한국산업지능화협회", "한국|산업|지능화|협회"),
        ("김대중컨벤션센터에서", "김대중|컨벤션|센터에서"),
        ("GIST(광주과학기술원)가", "GIST(광주|과학|기술원)가"),
        ("원주형 AI 얼라이언스의", "원주형 AI 얼라이언스의"),
        ("예산편성기준을", "예산|편성|기준을"),
        # Hangul apart from Latin letters; an entity stays inside its word.
        ("SW중심대학육성사업", "SW|중심|대학|육성|사업"),
        ("산업DX(디지털전환)", "산업|DX(디지털|전환)"),
        ("애플R&amp;D지원센터", "애플|R&amp;D|지원|센터"),
        # A figure with its counter is one unit, particles attached.
        ("4천61억원을 투입", "4천61억원을 투입"),
        ("국내 17개사가 참여", "국내 17개사가 참여"),
        ("총4천억", "총|4천억"),
    ],
)
def test_words_are_cut_into_units_with_particles_kept(text, parts):
    assert segmenter().segment(text).replace(ZWSP, "|") == parts


def test_segmenting_changes_nothing_but_invisible_boundaries():
    html = '<p>김대중컨벤션센터에서 <code>a<b</code> 열립니다.</p><a href="x">링크</a>'
    out = segmenter().segment(html)
    assert out.replace(ZWSP, "") == html
    assert '<a href="x">' in out


def test_unknown_compounds_split_at_the_corpus_nouns():
    seg = segmenter()
    seg.learn(seg.analyse(["미래 사업을 연다", "스마트 공장"]))
    assert seg.segment("미래채움사업").replace(ZWSP, "|") in ("미래|채움|사업", "미래|채움사업")


def test_index_gets_segmented_text_a_zwsp_separator_and_particles():
    index = {"config": {"separator": r"[\s\-]+"}, "docs": [{"location": "a/", "title": "광주과학기술원", "text": "<p>컨벤션센터</p>"}]}
    out = segment_search_index(index)
    assert out["docs"][0]["title"].replace(ZWSP, "|") == "광주|과학|기술원"
    assert re.compile(out["config"]["separator"]).split("가\u200b나") == ["가", "나"]
    assert "가" in out["config"]["particles"]
    assert index["docs"][0]["title"] == "광주과학기술원"  # input untouched


def test_search_cache_reads_each_chunk_once_and_a_cache_hit_gives_the_same_index(tmp_path, monkeypatch):
    seg = segmenter()
    shared = "김대중컨벤션센터에서 인공지능 박람회가 열린다"
    docs = [{"location": f"{i}/", "title": "광주과학기술원", "text": f"<p>{shared}</p><p>{extra}</p>"}
            for i, extra in enumerate(["네이버클라우드와 협약", "스마트공장 사업"])]
    index = {"config": {"separator": r"[\s\-]+"}, "docs": docs}
    read: list[str] = []
    tokenize = seg.kiwi.tokenize

    def counting(texts, **kwargs):
        if isinstance(texts, list):  # chunks (a long word alone is read as a str)
            read.extend(texts)
        return tokenize(texts, **kwargs)

    monkeypatch.setattr(seg.kiwi, "tokenize", counting, raising=False)
    cache = SearchCache(tmp_path / "search.pickle")
    cold = segment_search_index(index, seg, cache)
    assert sorted(read) == sorted(set(read)) and read.count(shared) == 1  # a paragraph on two pages: read once
    cache.save()
    read.clear()
    warm_cache = SearchCache(tmp_path / "search.pickle")
    assert chunk_key(shared) in warm_cache.chunks
    warm = segment_search_index(index, seg, warm_cache)
    assert json.dumps(warm, ensure_ascii=False) == json.dumps(cold, ensure_ascii=False)
    assert read == []  # nothing cached is read again
    # One page edited: only its new paragraph goes to Kiwi.
    read.clear()
    edited = {**index, "docs": [docs[0], {**docs[1], "text": f"<p>{shared}</p><p>새로운 문단이다</p>"}]}
    segment_search_index(edited, seg, SearchCache(tmp_path / "search.pickle"))
    assert read == ["새로운 문단이다"]


@pytest.mark.parametrize(
    "text, figures",
    [
        ("4천61억원을", [("4천61억원", "406100000000", "원")]),
        ("총 4,061억 원 규모", [("4,061억", "406100000000", "원")]),
        ("4061억", [("4061억", "406100000000", "")]),
        ("2만7천500명이", [("2만7천500명", "27500", "명")]),
        ("17개사가", [("17개사", "17", "개사")]),
        ("2800여 명", [("2800여", "2800", "명")]),
        ("38.9%를", [("38.9%", "38.9", "%")]),
        ("3개월간", [("3개월", "3", "개월")]),
        ("<sup>14</sup>", [("14", "14", "")]),
        ("CES2024에서 p-1a2b", []),
    ],
)
def test_figures_are_read_with_value_and_counter(text, figures):
    assert [(f.surface, f.key, f.counter) for f in segmenter().figures(text)] == figures


def test_index_lists_every_spelling_of_a_value():
    docs = [{"location": f"{i}/", "title": "", "text": f"<p>{t}</p>"} for i, t in enumerate(["4천61억원을 투자", "4,061억 원이다"])]
    config = segment_search_index({"config": {"separator": r"[\s\-]+"}, "docs": docs})["config"]
    assert config["numbers"]["406100000000"] == [["4,061억", "원"], ["4천61억원", "원"]]
    assert "개사" in config["number_counters"] and config["number_pattern"]


def test_separator_keeps_figures_and_entities_whole_and_splits_the_rest(built_site, page):
    # A JavaScript pattern (variable-width look-behind): tried where it runs.
    separator = json.loads((built_site / "search" / "search_index.json").read_bytes())["config"]["separator"]
    words = page.evaluate("([s, text]) => text.split(new RegExp(s)).filter(Boolean)", [separator, "4,061억 원, 38.9%를. R&amp;D와 AI·SW; 끝"])
    assert words == ["4,061억", "원", "38.9%를", "R&amp;D와", "AI", "SW", "끝"]


def test_separator_gains_zwsp_once():
    once = with_zwsp_separator(r"[\s\-]+")
    assert with_zwsp_separator(once) == once
    assert re.compile(with_zwsp_separator(r"\s+|x")).split("a\u200bb") == ["a", "b"]


def test_built_index_is_a_small_manifest_and_utf8_shards(built_site):
    raw = (built_site / "search" / "search_index.json").read_bytes()
    index = json.loads(raw)
    assert index["docs"] == [] and len(raw) < 10_000
    assert "\\u200b" in index["config"]["separator"]
    atlas = index["config"]["atlas"]
    shards = sorted((built_site / "search/atlas/t").glob("*.js"))
    pages = sorted((built_site / "search/atlas/p").glob("*.js"))
    firsts = [p for p in pages if "-" not in p.stem]
    assert len(shards) == atlas["buckets"] and len(firsts) == atlas["pages"] and len(pages) >= len(firsts)
    records = b"".join(p.read_bytes() for p in pages)
    assert "인공".encode("utf-8") in records and b"\\uc778" not in records
    assert ZWSP.encode("utf-8") in records
    assert all(p.read_bytes().startswith(b"__atlas({") for p in shards + pages)


def test_korean_search_passes_the_gate_in_chromium(page, site_url, built_site):
    queries = load_queries()
    report = run_queries(page, f"{site_url}/", queries, slugs_of_site(built_site.parent / "docs"))
    misses = [
        (r.query, r.expected, r.articles[:5], r.top_marked)
        for r in report.per_query
        if set(r.expected) - set(r.articles[:5]) or not r.top_marked or r.results == 0
    ]
    assert report.recall_at_5 >= 0.98, misses
    assert report.zero_result_rate == 0, misses
    assert report.highlight_rate >= 0.98, misses


def test_the_page_opened_from_a_result_highlights_the_hit(page, site_url):
    from test_browser import search

    page.goto(f"{site_url}/")
    search(page, "컨벤션센터")
    # The article itself (not one of its sections, nor the entity index that also names the venue).
    link = page.locator(".md-search-result__item > a[href*='gwangju-2019-10-14-edc62c94']").first
    link.wait_for(timeout=10_000)
    assert page.locator(".md-search-result__item mark").count() > 0
    assert "h=" in link.get_attribute("href") and not link.get_attribute("href").endswith("h=")
    link.click()
    page.wait_for_url(re.compile(r"gwangju-2019-10-14-edc62c94/.*h="))
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for(timeout=10_000)
    assert "컨벤션" in " ".join(marks.all_inner_texts())


@pytest.mark.parametrize(
    "query, article, preview, on_page",
    [
        # A figure typed in another spelling: the preview and the page mark the page's own.
        ("4061억", "gwangju-2019-10-08-7efd02fe", "4천61억원", "4천61억원"),
        ("4,061억 원", "gwangju-2019-10-08-7efd02fe", "4천61억원", "4천61억원"),
        ("27,500명", "gwangju-2019-10-08-7efd02fe", "2만7천500명", "2만7천500명"),
        ("17개사", "wonju-2023-12-17-bd417f74", "17개사", "17개사"),
        # Mixed scripts and an acronym with an ampersand.
        ("애플R&D지원센터", "pohang-2024-20f2766e", "R&D", "R&D"),
        ("SW중심대학", "pohang-2024-20f2766e", "SW", "중심"),
    ],
)
def test_word_forms_are_highlighted_in_the_preview_and_on_the_page(page, site_url, query, article, preview, on_page):
    from test_browser import search

    page.goto(f"{site_url}/")
    search(page, query)
    item = page.locator(f".md-search-result__item:has(> a[href*='{article}/'])").first
    item.wait_for(timeout=10_000)
    assert any(preview in m for m in item.locator("mark").all_inner_texts()), item.inner_html()[:2000]
    # A figure's other spellings are not listed as missing words.
    assert item.locator(".md-search-result__terms").count() == 0, item.inner_html()[:2000]
    item.locator(f"> a[href*='{article}/']").first.click()
    page.wait_for_url(re.compile(rf"{article}/.*h="))
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for(timeout=10_000)
    assert any(on_page in m for m in marks.all_inner_texts()), marks.all_inner_texts()


def test_shard_hash_is_fnv1a_over_utf16_units():
    from generator.search_shards import fnv1a, shard_key

    assert fnv1a("") == 0x811C9DC5 and fnv1a("a") == 0xE40C292C  # the published FNV-1a test vectors
    assert shard_key("컨벤션") == "컨벤" and shard_key("가") == "가"


def test_a_query_loads_a_few_shards_and_only_the_pages_it_shows(page, site_url, built_site):
    from test_browser import search

    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{site_url}/")
    search(page, "원주형")
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    pages = [u for u in requested if "/search/atlas/p/" in u]
    shards = [u for u in requested if "/search/atlas/t/" in u]
    total = len(list((built_site / "search/atlas/p").glob("*.js")))
    assert shards and len(shards) <= 4, shards
    assert 0 < len(pages) < total / 2, pages


def test_the_search_survives_a_visit_to_a_result_and_back(page, site_url, tmp_path):
    from test_browser import search

    page.goto(f"{site_url}/")
    search(page, "컨벤션센터")
    link = page.locator(".md-search-result__item > a[href*='gwangju-2019-10-14-edc62c94']").first
    link.wait_for(timeout=10_000)
    before = page.locator(".md-search-result__item > a").first.get_attribute("href")
    link.click()
    page.wait_for_url(re.compile(r"gwangju-2019-10-14-edc62c94/"))
    page.go_back()
    # The same query, the search open and the same first result; the address is Material's share link.
    page.locator(".md-search-result__item mark").first.wait_for(timeout=10_000)
    assert page.input_value(".md-search__input") == "컨벤션센터"
    assert page.locator(".md-search-result__item > a").first.get_attribute("href") == before
    # Open, once the browser has restored the page's form controls too (which closed it).
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.locator(".md-search-result__list").is_visible()
    page.screenshot(path=str(tmp_path / "search-after-back.png"))
    # Opening the page anew (not going back to it) does not reopen the search.
    page.goto(f"{site_url}/")
    page.wait_for_timeout(500)
    assert page.input_value(".md-search__input") == ""


def _worker_in_page(page, site_url, built_site):
    """The search worker's functions loaded into a blank page, set up with the built site's configuration."""
    page.goto(f"{site_url}/search/search_index.json")  # same origin, no CSP: a page the worker script can be added to
    page.add_script_tag(url=f"{site_url}/assets/javascripts/workers/atlas-search.js?material=none.js")
    manifest = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    page.evaluate("config => buildVocabulary({ config: config, docs: [] })", manifest["config"])
    return manifest["config"]


_COMPARE_HIGHLIGHT = """
cases => cases.filter(([text, wanted]) => {
  LARGE_BLOCK = Infinity  // every block shown whole, as Material shows it
  const keep = token => wanted.some(term => matches(term, token))
  const found = tokenTable([text], keep)
  const positions = found.tokens.map(t => t.position)
  const whole = positions.length ? highlightAll([text], found.table, positions, false)[0] : null
  return markedText(text, wanted, keep) !== whole
}).map(([text, wanted]) => [text.slice(0, 200), wanted])
"""


def test_lazy_text_highlight_shows_what_materials_highlighter_shows(page, site_url, built_site):
    """A record's text is cut only where a query term occurs, stopping at the second block shown: the same preview as cutting it all (blocks of any length shown whole)."""
    from generator.search_shards import Tokenizer

    config = _worker_in_page(page, site_url, built_site)
    tokenizer = Tokenizer(config["separator"])
    cases = []
    for part in sorted((built_site / "search/atlas/p").glob("*.js")):
        text = part.read_text(encoding="utf-8")
        for doc in json.loads(text[text.index("(") + 1:text.rindex(")")])["docs"]:
            tokens = tokenizer.tokens(doc.get("text") or "")
            if not tokens:
                continue
            # A prefix of the first token, a whole middle one, the last one, and a word nowhere in the text.
            cases += [(doc["text"], [tokens[0][:2]]), (doc["text"], [tokens[len(tokens) // 2]]),
                      (doc["text"], [tokens[-1], "없는말"]), (doc["text"], ["없는말"])]
    # A long text whose only hits are far in: the walk must pass every block before them.
    long = "".join(f"<p>문단 {n}의 내용</p>" for n in range(1500)).replace("문단 1200의", "문단 1200의 인공지능")
    cases += [(long + "<p>끝에 인공지능이</p>", ["인공지능"]), (long, ["문단"]), ("머리말 <p>인공<b>지능</b></p> 꼬리말", ["지능", "머리"])]
    assert len(cases) > 500
    assert page.evaluate(_COMPARE_HIGHLIGHT, cases) == []


def test_ranking_orders_only_the_best_as_a_full_sort_would(page, site_url, built_site):
    """bestOf (a bounded heap) gives the first ``limit`` items of the full sort, ties included."""
    _worker_in_page(page, site_url, built_site)
    differ = page.evaluate("""() => {
      const out = []
      let seed = 7
      const random = k => (seed = (seed * 1103515245 + 12345) % 2147483648) % k
      for (let round = 0; round < 200; round++) {
        const n = random(400), limit = 1 + random(100)
        const words = Array.from({ length: n }, () => random(3)), score = Array.from({ length: n }, () => random(20))
        const before = (a, b) => words[a] !== words[b] ? words[a] > words[b] : score[a] !== score[b] ? score[a] > score[b] : a < b
        const items = Array.from({ length: n }, (_, i) => i).sort(() => random(3) - 1)
        const full = items.slice().sort((a, b) => before(a, b) ? -1 : 1).slice(0, limit)
        const best = bestOf(items, limit, before)
        if (JSON.stringify(best) !== JSON.stringify(full)) out.push([n, limit])
      }
      return out
    }""")
    assert differ == []


def test_a_giant_block_is_shown_by_its_parts_that_hold_the_hit(page, site_url, built_site):
    """A long list shows its items holding the hit inside its own tags; long bare text (a timeline's table) a window around the hit."""
    _worker_in_page(page, site_url, built_site)
    items = "".join(f"<li>항목 {n} 내용</li>" for n in range(800)).replace("항목 700 내용", "항목 700 인공지능 내용")
    table = " ".join(f"2024년 {n % 12 + 1}월 지역 {n}번째 일" for n in range(2000)).replace("1500번째 일", "1500번째 인공지능 일")
    shown = page.evaluate("""([list, table]) => {
      const wanted = ["인공지능"], keep = token => matches("인공지능", token)
      return [markedText(list, wanted, keep), markedText(table, wanted, keep),
              markedText("<p>머리</p> " + table + "<p>꼬리 인공지능</p>", wanted, keep)]
    }""", [f"<p>목록</p><ul>{items}</ul>", table])
    assert shown[0] == "<ul><li>항목 700 <mark>인공지능</mark> 내용</li></ul>"
    assert shown[1].startswith("… ") and shown[1].endswith(" …") and "<mark>인공지능</mark>" in shown[1]
    assert len(shown[1]) < 1200 and "1500번째" in shown[1]
    # Bare text and the element after it in one block: each part with a hit, the window first.
    assert shown[2].startswith("… ") and shown[2].endswith("<p>꼬리 <mark>인공지능</mark></p>") and len(shown[2]) < 1300
