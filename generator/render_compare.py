"""Stage 7b — the cross-region pages: matrix, dimensions, regions, timeline,
entities, glossary, tags, data export.

Every figure on these pages links to the paragraph it came from, with the
sentence as the link's tooltip. Seed text is escaped exactly as on article
pages; the only markup added is ours (links, ``<sup>``, ``<br>``, SVG).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Callable

import jinja2

from .charts import Bar, MapArea, MapMarker, MapStyle, bar_chart_svg, figure, korea_map_svg, shown_number
from .compare import Citation, Comparison, Dimension, Finding, MatrixGroup, RegionFacts
from .facts import shown_date
from .front_matter import dump_front_matter
from .glossary import Term
from .markdown_text import escape_html_text, escape_link_title
from .models import Article, Fact, FactKind, RenderedPage
from .regions import particle
from .errors import RuleError
from .rules import Gazetteer
from .site_state import PageMemo

GENERATED_DIR = "atlas"
DATA_DIR = "data"
COMPARE_DIR = f"{GENERATED_DIR}/compare"
NOT_MENTIONED = "기사에 언급 없음"
CELL_LABEL_CHARS = 48
PERIOD_LABEL_CHARS = 90
# Past this many regions the matrix is wider than the page and scrolls sideways.
WIDE_MATRIX_REGIONS = 6
CITES_PER_FINDING = 3
# The matrix and a region page's summary table cite each finding's first
# sentence only: every finding there is repeated, with all its citations, on
# its dimension page.
MATRIX_CITES = 1
# Page budgets: with thousands of articles a cell or a list would run to
# megabytes. Pages show this many and say how many more there are; the
# dimension page, the region page and data/facts.csv carry the rest.
CELL_FINDINGS = 6
# The matrix has a column per 시·도 (18 at scale), so its cells show fewer:
# at 6 a cell the table alone was 0.29 MB and most of a phone's main-thread
# time on that page (Lighthouse). Each cell's "외 N개" opens the rest.
MATRIX_FINDINGS = 3
LIST_ITEMS = 40
PAGE_CITES = 5
TIMELINE_ROWS = 400
REPORT_ARTICLES = 100
# The entity index and each tag's article list grow with the corpus; they are
# split into numbered pages of this many entries (each well under 1 MB of HTML).
ENTITY_ENTRIES = 250
TAG_ARTICLES = 300
# A region page lists its newest articles; all of them are on its numbered
# article list (TAG_ARTICLES a page), as a tag's are.
REGION_ARTICLES = 100
ENTITIES_PATH = f"{GENERATED_DIR}/entities.md"

FACTS_CSV_COLUMNS = (
    ("article", "기사 슬러그 (페이지 주소: atlas/articles/<slug>/)"),
    ("source_file", "씨앗 파일 이름"),
    ("anchor", "문단 앵커 (#p-…, #li-…, #h-…; 필자는 byline)"),
    ("region", "문장이 다루는 지역 id (빈칸: 다른 곳, 예: 실리콘밸리)"),
    ("kind", "organisation · person · money · count · percent · period · event · capacity · area · plan · milestone"),
    ("value", "페이지에 보이는 값 (4,061억 원, 2,800여 명, 40㎿, 15만 6,000㎡, 3대 핵심전략, 2027년 착공)"),
    ("text", "기사에 적힌 그대로의 글자"),
    ("number", "수치 (원, 개, 명, %, 용량은 MW, 면적은 ㎡); 범위(100~200억 원)면 아래쪽 끝; 없으면 빈칸"),
    ("upper", "범위의 위쪽 끝 (같은 단위); 범위가 아니면 빈칸"),
    ("unit", "단위 (원, MW, ㎡, 세는 말; 계획은 ‘대 핵심전략’처럼 세는 말과 이름)"),
    ("approximate", "true: 여·약이 붙은 어림수"),
    ("at_least", "true: 이상이 붙은 하한"),
    ("subject", "세는 대상 · 인물의 직함 · 기관 유형 · 사건을 가리킨 날짜 표현 · 일정의 대상 (데이터센터)"),
    ("event", "일정의 종류: 착공 · 준공 · 완공 · 개소 · 개원 · 출범 · 착수"),
    ("date", "사건·기간·일정의 날짜 (YYYY, YYYY-MM, YYYY-MM-DD); 기사 날짜를 몰라 정할 수 없으면 빈칸"),
    ("date_precision", "day · month · year · season (season: 초·말·상반기·하반기처럼 연도 안의 때) · unknown"),
    ("season", "연도 안의 때 (초, 말, 상반기, 하반기, 연내, 연말)"),
    ("date_inferred", "true: 기사 연도를 추정해 계산한 날짜"),
    ("end", "기간의 끝 연도"),
    ("country", "해외 기관의 나라"),
    ("quote", "사실이 나온 문장 전체"),
)


def article_url(prefix: str, citation: Citation | Fact) -> str:
    """A Markdown link target to the cited paragraph, relative to the page."""
    return f"{prefix}articles/{citation.article}.md#{citation.anchor}"


class CitationList:
    """Numbers a page's citations in order of first use and lists them at the end."""

    def __init__(self, prefix: str, titles: dict[str, str]) -> None:
        self.prefix = prefix
        self.titles = titles
        self.numbers: dict[Citation, int] = {}

    def ref(self, source: Citation | Fact, quoted: bool = True) -> str:
        """A superscript number linking to the paragraph, the sentence as tooltip unless not ``quoted``."""
        citation = source if isinstance(source, Citation) else Citation(source.article, source.anchor, source.quote)
        n = self.numbers.setdefault(citation, len(self.numbers) + 1)
        title = f' "{escape_link_title(citation.quote)}"' if quoted else ""
        return f"<sup>[{n}]({article_url(self.prefix, citation)}{title})</sup>"

    def refs(self, finding: Finding, limit: int = CITES_PER_FINDING, quoted: bool = True) -> str:
        """The references of one finding (at most ``limit``; the dimension page has all)."""
        return "".join(self.ref(c, quoted) for c in finding.citations[:limit])

    def listing(self) -> list[dict[str, Any]]:
        """The numbered sources, for the page's 출처 section."""
        return [
            {"n": n, "url": article_url(self.prefix, c), "title": self.titles.get(c.article, c.article), "quote": c.quote}
            for c, n in sorted(self.numbers.items(), key=lambda kv: kv[1])
        ]


@dataclass(frozen=True)
class Shown:
    """The first items of a list that a page shows, and how many it leaves out."""

    items: tuple[Any, ...]
    more: int


def limited(items: Any, limit: int) -> Shown:
    """The first ``limit`` of ``items``."""
    items = tuple(items)
    return Shown(items[:limit], max(0, len(items) - limit))


@dataclass(frozen=True)
class SourcedLabels:
    """Findings that rest on exactly the same sentences, shown once with all their labels."""

    labels: tuple[str, ...]
    citations: tuple[Citation, ...]


def same_sources(findings: Any) -> list[SourcedLabels]:
    """``findings`` with those citing the same sentences merged, in order of first appearance."""
    groups: dict[tuple[Citation, ...], list[str]] = {}
    for finding in findings:
        groups.setdefault(tuple(finding.citations), []).append(finding.label)
    return [SourcedLabels(tuple(labels), citations) for citations, labels in groups.items()]


@dataclass(frozen=True)
class Quoted:
    """One sentence as quoted on a page, and every paragraph that says it (the same words in several articles)."""

    quote: str
    sources: tuple[Citation, ...]


def by_quote(citations: Any) -> list[Quoted]:
    """``citations`` grouped by their sentence, in order of first appearance: each sentence is quoted once."""
    groups: dict[str, list[Citation]] = {}
    for citation in citations:
        groups.setdefault(citation.quote, []).append(citation)
    return [Quoted(quote, tuple(sources)) for quote, sources in groups.items()]


def paginate(path: str, rows: list[Any], per_page: int) -> list[dict[str, Any]]:
    """``rows`` split over ``path``, ``path``-2.md, …: each page's rows, number and neighbours.

    The first page keeps ``path``, so links to it (and the navigation) never change.
    """
    chunks = [rows[i: i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    stem = path.removesuffix(".md")
    paths = [path] + [f"{stem}-{n}.md" for n in range(2, len(chunks) + 1)]
    names = [p.rsplit("/", 1)[-1] for p in paths]
    return [
        {
            "path": p, "rows": chunk, "number": i + 1, "count": len(chunks),
            "previous": names[i - 1] if i else None, "next": names[i + 1] if i + 1 < len(names) else None,
        }
        for i, (p, chunk) in enumerate(zip(paths, chunks))
    ]


def page_limits() -> dict[str, Any]:
    """The page budgets and ``limited``, for templates."""
    return {
        "limited": limited, "same_sources": same_sources, "by_quote": by_quote,
        "cell_findings": CELL_FINDINGS, "matrix_findings": MATRIX_FINDINGS, "list_items": LIST_ITEMS, "page_cites": PAGE_CITES,
        "matrix_cites": MATRIX_CITES, "region_articles": REGION_ARTICLES,
    }


def _short(text: str, limit: int = CELL_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _anchor_id(prefix: str, text: str) -> str:
    return f"{prefix}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


@dataclass(frozen=True)
class Column:
    """A 시·도 in the matrix: its own findings, then its places' findings named by place."""

    region: str
    name: str
    parts: tuple[RegionFacts, ...]

    @property
    def places(self) -> tuple[RegionFacts, ...]:
        """Its 시·군·구 and districts with findings (not the 시·도 itself)."""
        return tuple(p for p in self.parts if p.region != self.region)

    def cell(self, dimension_id: str) -> tuple[Finding, ...]:
        """The findings on one dimension, each place's led by its name (원주 · …)."""
        return tuple(
            f if part.region == self.region else replace(f, label=f"{part.name} · {f.label}")
            for part in self.parts
            for f in part.cell(dimension_id)
        )


@dataclass(frozen=True)
class MatrixTable:
    """One table of the matrix: its group's anchor and name (None when the matrix is one table) and columns."""

    id: str | None
    name: str | None
    columns: tuple[Column, ...]


def matrix_tables(columns: tuple[Column, ...], groups: tuple[MatrixGroup, ...], gazetteer: Gazetteer) -> tuple[MatrixTable, ...]:
    """The matrix as tables: one when it fits a page, else one per group of 시·도 with columns (``matrix_groups``).

    Columns in no group come last, in a table of their own, so none is lost.
    """
    for group in groups:
        unknown = [r for r in group.regions if r not in {g.id for g in gazetteer.regions}]
        if unknown:
            raise RuleError(f"dimensions.yml: matrix_groups: {group.id}: unknown region {', '.join(unknown)}")
    if len(columns) <= WIDE_MATRIX_REGIONS or not groups:
        return (MatrixTable(None, None, columns),)
    by_region = {c.region: c for c in columns}
    tables = [
        MatrixTable(g.id, g.name, tuple(by_region[r] for r in g.regions if r in by_region))
        for g in groups
        if any(r in by_region for r in g.regions)
    ]
    grouped = {r for g in groups for r in g.regions}
    rest = tuple(c for c in columns if c.region not in grouped)
    return tuple(tables) + ((MatrixTable("others", "그 밖의 지역", rest),) if rest else ())


@dataclass(frozen=True)
class SiteData:
    """What the comparison pages are made from."""

    articles: tuple[Article, ...]
    comparison: Comparison
    gazetteer: Gazetteer
    glossary: tuple[Term, ...]
    map_style: MapStyle
    matrix_groups: tuple[MatrixGroup, ...] = ()

    @cached_property
    def titles(self) -> dict[str, str]:
        """Article title by slug."""
        return {a.slug: a.meta.title for a in self.articles}

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        """The matrix's columns: 전국 and each 시·도 with findings in it or its places."""
        by_top: dict[str, list[RegionFacts]] = defaultdict(list)
        for region in self.comparison.regions:
            by_top[self.gazetteer.top(region.region)].append(region)
        order = {r.id: i for i, r in enumerate(self.gazetteer.regions)}
        return tuple(
            Column(top, self.gazetteer.by_id(top).name, tuple(sorted(parts, key=lambda p: (p.region != top, order[p.region]))))
            for top, parts in sorted(by_top.items(), key=lambda kv: order[kv[0]])
        )

    @cached_property
    def entity_pages(self) -> list[dict[str, Any]]:
        """The entity index split into pages (``paginate``), each row a group heading's entry."""
        index = _entities(self)
        rows = [{"group": g["type"], "people": False, "continued": False, "entry": e} for g in index["types"] for e in g["entries"]]
        rows += [{"group": "인물", "people": True, "continued": False, "entry": e} for e in index["people"]]
        parts = paginate(ENTITIES_PATH, rows, ENTITY_ENTRIES)
        for before, part in zip(parts, parts[1:]):
            # A group running on from the page before says so (its heading's id stays there).
            part["rows"][0] = {**part["rows"][0], "continued": before["rows"][-1]["group"] == part["rows"][0]["group"]}
        return parts

    @cached_property
    def entity_page(self) -> dict[str, str]:
        """The file name of the index page holding each entity (by anchor id), and of the first people entry (``people``)."""
        out: dict[str, str] = {}
        for part in self.entity_pages:
            name = part["path"].rsplit("/", 1)[-1]
            for row in part["rows"]:
                out[row["entry"]["id"]] = name
                if row["people"]:
                    out.setdefault("people", name)
        return out

    @cached_property
    def timeline_facts(self) -> dict[str, list[Fact]]:
        """The dated events, milestones and periods, in article order: all (under "") and by region."""
        out: dict[str, list[Fact]] = defaultdict(list)
        for article in self.articles:
            for fact in article.facts:
                if fact.kind in TIMELINE_KINDS:
                    out[""].append(fact)
                    if fact.region:
                        out[fact.region].append(fact)
        return out

    @cached_property
    def own(self) -> dict[str, set[str]]:
        """Slugs of the articles filed under each region itself."""
        out: dict[str, set[str]] = defaultdict(set)
        for article in self.articles:
            for mention in article.meta.regions:
                out[mention.region_id].add(article.slug)
        return out

    @cached_property
    def filed(self) -> dict[str, set[str]]:
        """Slugs of the articles in each region: filed under it or, for a 시·도, under a place in it."""
        out: dict[str, set[str]] = defaultdict(set)
        for region_id, slugs in self.own.items():
            out[region_id] |= slugs
            out[self.gazetteer.top(region_id)] |= slugs
        return out


def _region_name(data: SiteData, rid: str | None) -> str:
    return data.gazetteer.by_id(rid).name if rid else "기타 지역·해외"


def _figure_bars(dimension: Dimension, regions: tuple[RegionFacts, ...]) -> tuple[list[Bar], str | None]:
    """One bar per region: its largest figure on a figures dimension, if all share one unit."""
    bars, units = [], set()
    for region in regions:
        numbers = [f for f in region.cell(dimension.id) if f.number is not None
                   and (dimension.chart_unit is None or f.unit == dimension.chart_unit)]
        if numbers:
            best = max(numbers, key=lambda f: f.number or 0)
            units.add(best.unit)
            bars.append(Bar(region.name, best.number or 0, best.label))
    if len(bars) < 2 or len(units) != 1:
        return [], None
    return bars, units.pop()


def _shade(count: int, most: int) -> int:
    """How dark a province is drawn (1–3) for its number of articles."""
    return max(1, math.ceil(3 * count / most)) if count else 0


def _places_title(data: SiteData, rid: str) -> str:
    """강원 2편 — 원주 1, 강원 1: a tooltip naming where a 시·도's articles are filed."""
    counts = [(data.gazetteer.by_id(r).name, len(data.filed[r]))
              for r in (rid, *data.gazetteer.children.get(rid, ())) if r != rid or len(data.own.get(rid, ()))]
    parts = ", ".join(f"{name} {n}" for name, n in counts if n)
    return f"{data.gazetteer.by_id(rid).name} {len(data.filed[rid])}편" + (f" — {parts}" if parts else "")


def _map(data: SiteData, title: str) -> str:
    """The whole country: each 시·도 shaded and marked by its articles (its places' included)."""
    markers, off_map, areas = [], [], []
    tops = [r for r in data.gazetteer.regions if r.province is None and data.filed.get(r.id)]
    most = max((len(data.filed[r.id]) for r in tops), default=1)
    for region in tops:
        count = len(data.filed[region.id])
        if region.at:
            tip = _places_title(data, region.id)
            markers.append(MapMarker(region.name, region.at[0], region.at[1], count, tip))
            areas.append(MapArea(region.id, _shade(count, most), tip))
        else:
            off_map.append(f"{region.name} {count}편")
    caption = title + (f" · 지도에 점이 없는 범위: {', '.join(off_map)}" if off_map else "")
    return figure(korea_map_svg(markers, data.map_style, title, tuple(areas)), caption)


def province_map(data: SiteData, rid: str) -> str | None:
    """One 시·도 with its neighbours and a circle for each of its places with articles."""
    region = data.gazetteer.by_id(rid)
    if region.province is not None or not any(pid == rid for pid, _ in data.map_style.provinces):
        return None
    markers = []
    for place in data.gazetteer.children.get(rid, ()):
        count, at = len(data.own.get(place, ())), data.gazetteer.by_id(place).at
        if count and at:
            name = data.gazetteer.by_id(place).name
            markers.append(MapMarker(name, at[0], at[1], count, f"{name} {count}편"))
    title = f"{region.name} 안 지역별 기사 수 — 원 안의 숫자가 기사 수"
    own = len(data.own.get(rid, ()))
    caption = title + (f" · {region.name} 전체를 다룬 기사 {own}편" if own else "")
    areas = (MapArea(rid, 1, _places_title(data, rid)),)
    return figure(korea_map_svg(markers, data.map_style, title, areas, focus=rid), caption)


TIMELINE_KINDS = (FactKind.EVENT, FactKind.MILESTONE, FactKind.PERIOD)
# Figures listed on a region page.
FIGURE_KINDS = (FactKind.MONEY, FactKind.COUNT, FactKind.PERCENT, FactKind.CAPACITY, FactKind.AREA, FactKind.PLAN)


def _timeline_label(fact: Fact) -> str:
    """출범 · 인공지능 중심도시 광주만들기 추진위원회; events keep their words; a period says what
    happens in it: its sentence, cut short."""
    if fact.kind is FactKind.MILESTONE:
        return f"{fact.event} · {fact.subject}" if fact.subject else str(fact.event)
    return fact.value if fact.kind is FactKind.EVENT else _short(fact.quote, PERIOD_LABEL_CHARS)


def _timeline(data: SiteData, region: str | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(dated entries sorted by date, entries whose date the article does not allow)."""
    titles = data.titles
    dated, undated = [], []
    for fact in data.timeline_facts.get(region or "", ()):
        entry = {
            "fact": fact,
            "title": titles[fact.article],
            "region": _region_name(data, fact.region),
            "label": _timeline_label(fact),
            "quote": fact.quote,
        }
        if fact.date is None:
            entry["when"] = f"‘{fact.text.strip()}’ (기사 날짜가 없어 정할 수 없음)"
            undated.append(entry)
            continue
        if fact.kind is FactKind.PERIOD:
            entry["when"] = f"{fact.date}–{fact.end}년 (기간)"
        elif fact.date_precision == "day":
            entry["when"] = fact.date
        elif fact.date_precision == "month":
            entry["when"] = f"{fact.date[:4]}년 {int(fact.date[5:7])}월 (월까지만)"
        elif fact.date_precision == "season":
            entry["when"] = f"{shown_date(fact.date, 'season', fact.season or '초')} (연도만)"
        else:
            entry["when"] = f"{fact.date}년 (연도만)"
        if fact.date_inferred:
            entry["when"] += " · 기사 연도 추정"
        dated.append(entry)
    dated.sort(key=lambda e: (e["fact"].date, e["fact"].article, e["fact"].position))
    undated.sort(key=lambda e: (e["fact"].article, e["fact"].position))
    return dated, undated


def _entities(data: SiteData) -> dict[str, Any]:
    """Organisations by type and people, each with every block that names them."""
    titles = data.titles
    orgs: dict[str, dict[str, Any]] = {}
    people: dict[str, dict[str, Any]] = {}
    for article in data.articles:
        for fact in article.facts:
            if fact.kind is FactKind.ORGANISATION:
                table, kind = orgs, fact.subject or "기타"
            elif fact.kind is FactKind.PERSON:
                table, kind = people, "인물"
            else:
                continue
            entry = table.setdefault(
                fact.value,
                {"name": fact.value, "type": kind, "country": fact.country, "roles": [], "refs": [],
                 "id": _anchor_id("e", fact.value)},
            )
            if fact.kind is FactKind.PERSON and fact.subject and fact.subject not in entry["roles"]:
                entry["roles"].append(fact.subject)
            entry["refs"].append({"fact": fact, "title": titles[fact.article]})
    for entry in [*orgs.values(), *people.values()]:
        entry["articles"] = _by_article(entry["refs"])
        entry["paragraphs"] = sum(len(a["anchors"]) for a in entry["articles"])
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in orgs.values():
        by_type[entry["type"]].append(entry)
    return {
        "types": [
            {"type": t, "entries": sorted(es, key=lambda e: (-len(e["refs"]), e["name"]))}
            for t, es in sorted(by_type.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ],
        "people": sorted(people.values(), key=lambda e: e["name"]),
    }


def _by_article(refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """References grouped by article, in order of first mention: one title, then each paragraph."""
    groups: dict[str, dict[str, Any]] = {}
    for ref in refs:
        fact = ref["fact"]
        group = groups.setdefault(fact.article, {"article": fact.article, "title": ref["title"], "anchors": []})
        if fact.anchor not in group["anchors"]:
            group["anchors"].append(fact.anchor)
    return list(groups.values())


def _region_entities(region: RegionFacts) -> list[dict[str, Any]]:
    counts: dict[str, dict[str, Any]] = {}
    for fact in region.facts:
        if fact.kind is FactKind.ORGANISATION:
            entry = counts.setdefault(fact.value, {"name": fact.value, "type": fact.subject or "기타", "n": 0,
                                                   "id": _anchor_id("e", fact.value), "first": fact})
            entry["n"] += 1
    return sorted(counts.values(), key=lambda e: (-e["n"], e["name"]))


def _csv_number(number: float | None) -> str:
    return "" if number is None else shown_number(number, None).replace(",", "")


def facts_csv(articles: tuple[Article, ...]) -> str:
    """Every fact of every article as CSV (columns in ``FACTS_CSV_COLUMNS``): the header, then each article's rows."""
    return facts_csv_header() + "".join(facts_csv_rows(article) for article in articles)


def facts_csv_header() -> str:
    """The first line of ``facts_csv``."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([name for name, _ in FACTS_CSV_COLUMNS])
    return out.getvalue()


def facts_csv_rows(article: Article) -> str:
    """One article's lines of ``facts_csv`` (empty if it has no facts)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for f in article.facts:
        writer.writerow([
            f.article, article.meta.source_file, f.anchor, f.region or "", f.kind.value, f.value, f.text,
            _csv_number(f.number), _csv_number(f.upper),
            f.unit or "", str(f.approximate).lower(), str(f.at_least).lower(), f.subject or "", f.event or "",
            f.date or "", f.date_precision or "", f.season or "", str(f.date_inferred).lower(), f.end or "",
            f.country or "", f.quote,
        ])
    return out.getvalue()


def articles_json(articles: tuple[Article, ...], front_matter: Callable[[Article], dict[str, Any]]) -> str:
    """Every article's metadata and text, one record each, as JSON (``json.dumps`` of ``{"articles": [...]}``,
    one space a level, keys sorted), put together from ``article_json_record``s."""
    return join_json_records([article_json_record(article, front_matter) for article in articles])


# ``articles_json`` is {"articles": [ records ]}: each record sits two levels deep.
JSON_HEAD, JSON_SEPARATOR, JSON_TAIL, JSON_EMPTY = '{\n "articles": [\n', ",\n", "\n ]\n}\n", '{\n "articles": []\n}\n'


def join_json_records(records: list[str]) -> str:
    """``articles_json`` from its records' text."""
    return JSON_HEAD + JSON_SEPARATOR.join(records) + JSON_TAIL if records else JSON_EMPTY


def article_json_record(article: Article, front_matter: Callable[[Article], dict[str, Any]]) -> str:
    """One article's record in ``articles_json``, as it is printed there (indented two levels)."""
    record = front_matter(article)
    record.pop("atlas_page", None)
    record["slug"] = article.slug
    record["title"] = article.meta.title
    record["author"] = article.meta.author
    record["paragraphs"] = [{"anchor": p.anchor, "text": p.text} for p in article.paragraphs]
    record["fact_count"] = len(article.facts)
    # JSON escapes newlines inside strings, so every line break is the layout's.
    text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True)
    return "\n".join("  " + line for line in text.split("\n"))


def render_comparison_pages(env: jinja2.Environment, data: SiteData, memo: PageMemo | None = None) -> list[RenderedPage]:
    """The matrix, one page per dimension, the timeline, entities, glossary and data pages (tags: ``render``).

    Each page goes through ``memo``: kept from the last run when what it is given is the same.
    """
    memo = memo or PageMemo(env)
    titles = data.titles
    comparison = data.comparison
    regions = comparison.regions
    pages: list[RenderedPage] = []

    def page(path: str, template: str, front: dict[str, Any], **context: Any) -> None:
        pages.append(memo.page(path, template, front_matter=dump_front_matter(front), **context))

    # The matrix: a column per 시·도; its places' findings in it, named.
    columns = data.columns
    cites = CitationList("../", titles)
    charts = {}  # one per numeric dimension, shown on the matrix and on its own page
    for d in comparison.dimensions:
        bars, unit = _figure_bars(d, regions)
        if bars:
            charts[d.id] = figure(bar_chart_svg(bars, f"{d.name} ({unit})"), f"{d.name}: 지역별 가장 큰 수치 ({unit})")
    page(
        f"{COMPARE_DIR}/index.md", "compare.md.j2",
        # The table takes the page's whole width: no sidebars beside it.
        {"atlas_page": "compare", "title": "지역 비교표", "hide": ["navigation", "toc"],
         "description": "지역마다 협력 모델, 주도 기관, 투자, AI 인프라, 착공·개소 일정, 인재 목표, 주력 산업, 해외 협력, 법·제도 과제를 나란히 놓고, 모든 수치를 기사 문장에 연결합니다."},
        dimensions=comparison.dimensions, tables=matrix_tables(columns, data.matrix_groups, data.gazetteer),
        cites=cites, pages=data.own.keys() | data.filed.keys(),
        charts=[{"dimension": d, "svg": charts[d.id]} for d in comparison.dimensions if d.id in charts],
        short=_short, not_mentioned=NOT_MENTIONED, prefix="../", compare="", intro=True,
        wide=len(columns) > WIDE_MATRIX_REGIONS,
        # Each citation links to its paragraph, and the dimension page (its
        # row's name) quotes every sentence by region. Quoted here as well —
        # as link titles (a phone cannot hover) and a numbered list — the
        # sentences were 0.41 MB of a 0.55 MB page and most of a phone's
        # main-thread time on it (Lighthouse).
        quote_sources=False,
    )

    # Each 시·도 with places: its own matrix, a column per place.
    for column in columns:
        if len(column.parts) >= 2:
            local = CitationList("../../", titles)
            page(
                f"{GENERATED_DIR}/regions/{column.region}/compare.md", "compare.md.j2",
                {"atlas_page": "compare", "title": escape_html_text(f"{column.name} 안 지역 비교"), "hide": ["toc"],
                 "description": escape_html_text(f"{particle(column.name, '과', '와')} 그 안의 시·군·구를 항목별로 나란히 놓았습니다.")},
                dimensions=comparison.dimensions,
                tables=[MatrixTable(None, None, tuple(memo.derived(Column(p.region, p.name, (p,)), (p.region, p.name, (p,)), "column") for p in column.parts))],
                cites=local, pages=data.own.keys() | data.filed.keys(), charts=[], short=_short,
                not_mentioned=NOT_MENTIONED, prefix="../../", compare="../../compare/", intro=False,
                whole=column, wide=len(column.parts) > WIDE_MATRIX_REGIONS, quote_sources=True,
            )

    # One page per dimension.
    for d in comparison.dimensions:
        page(
            f"{COMPARE_DIR}/{d.id}.md", "dimension.md.j2",
            {"atlas_page": "dimension", "title": escape_html_text(d.name), "description": escape_html_text(d.question)},
            dimension=d, regions=columns, titles=titles, chart=charts.get(d.id), not_mentioned=NOT_MENTIONED,
        )

    # Timeline, entities, glossary, tags, data.
    dated, undated = _timeline(data)
    # The undated events follow the dated ones over the same numbered pages
    # (at 10,000 articles they alone were a 1.1 MB last page).
    rows = [(True, e) for e in dated] + [(False, e) for e in undated]
    for part in paginate(f"{GENERATED_DIR}/timeline.md", rows, TIMELINE_ROWS):
        memo.whole(part["rows"])  # the pager holds them: one pass over this page's rows
        title = "지역 AI 연표" + (f" ({part['number']}/{part['count']})" if part["count"] > 1 else "")
        page(
            part["path"], "timeline.md.j2",
            {"atlas_page": "timeline", "title": title, "description": "기사에 나온 날짜 있는 일을 지역을 가로질러 시간순으로 늘어놓았습니다."},
            dated=memo.whole([e for is_dated, e in part["rows"] if is_dated]),
            undated=memo.whole([e for is_dated, e in part["rows"] if not is_dated]),
            pager=part, prefix="",
        )
    for part in data.entity_pages:
        title = "기관·인물 색인" + (f" ({part['number']}/{part['count']})" if part["count"] > 1 else "")
        page(
            part["path"], "entities.md.j2",
            {"atlas_page": "entities", "title": title, "description": "기사에 나온 기관과 인물, 그리고 그들이 나오는 문단."},
            rows=memo.whole(part["rows"]), pager=part, prefix="",
        )
    page(
        f"{GENERATED_DIR}/glossary.md", "glossary.md.j2",
        {"atlas_page": "glossary", "title": "용어집", "description": "클러스터와 얼라이언스, MOU, 예비타당성조사 면제, DX, AI+X 같은 말의 뜻."},
        terms=data.glossary,
    )
    page(
        f"{GENERATED_DIR}/data.md", "data.md.j2",
        {"atlas_page": "data", "title": "데이터 내려받기", "description": "연구자를 위한 기사 메타데이터(JSON)와 사실 목록(CSV)."},
        columns=FACTS_CSV_COLUMNS, article_count=len(data.articles),
        fact_count=sum(len(a.facts) for a in data.articles),
    )
    return pages


def render_region_page(
    env: jinja2.Environment, data: SiteData, group: dict[str, Any], path: str = "", memo: PageMemo | None = None
) -> str:
    """A region's page (at ``path``): its articles, a summary by dimension, figures, actors, timeline, gaps."""
    memo = memo or PageMemo(env)
    titles = data.titles
    region = next((r for r in data.comparison.regions if r.region == group["id"]), None)
    cites = CitationList("../../", titles)
    dated, undated = _timeline(data, group["id"])
    # Picked from the region's facts alone: digested as "these of those facts", not fact by fact again.
    figures = memo.derived([f for f in (region.facts if region else ()) if f.kind in FIGURE_KINDS], region, "figures")
    people = memo.derived([f for f in (region.facts if region else ()) if f.kind is FactKind.PERSON], region, "people")
    organisations = memo.derived(_region_entities(region) if region else [], region, "organisations")
    front = {
        "atlas_page": "region",
        "title": escape_html_text(group["name"]),
        "description": escape_html_text(f"{group['name']} 지역의 AI 관련 기사 {group['total']}편과 기사에 나온 수치·기관·일정"),
        "region": group["id"],
    }
    return memo.render(
        path, "region.md.j2", front_matter=dump_front_matter(front), region=group, facts=region, dimensions=data.comparison.dimensions,
        map=province_map(data, group["id"]) if group["places"] else None,
        cites=cites, figures=figures, people=people, organisations=organisations,
        entity_page=data.entity_page,
        dated=memo.whole(dated), undated=memo.whole(undated), prefix="../../", short=_short, not_mentioned=NOT_MENTIONED,
    )


def home_map(data: SiteData) -> str:
    """The map of Korea for the home page."""
    return _map(data, "지역별 기사 수 — 원 안의 숫자가 기사 수")

