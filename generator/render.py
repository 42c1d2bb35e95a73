"""Stage 7 — render articles and index pages to Markdown with Jinja2.

Templates live in ``generator/templates``. Seed text reaches them as data and
is escaped with the ``md`` filter, so nothing in a seed is ever evaluated as
Jinja, Markdown or HTML. Front matter is written with PyYAML.

Material prints ``title``, ``description`` and ``author`` from front matter
without escaping, so those three are stored HTML-escaped; the overrides
print every other field through ``|e``.
"""
from __future__ import annotations

import hashlib
import html
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from .charts import load_map_style
from .clock import StageClock
from .compare import RegionCache, compare_regions, keyword_labels, load_dimensions, load_matrix_groups
from .facts import article_sentences, extract_facts, load_fact_rules
from .front_matter import dump_front_matter, dump_navigation
from .glossary import TermMarker, load_glossary
from .markdown_text import escape_html_text, escape_markdown
from .numbers import format_number
from .print_page import PRINT_PAGE
from .models import (
    AnalysedArticle,
    Article,
    BulletList,
    Destination,
    Heading,
    LineKind,
    Paragraph,
    PullQuote,
    RenderedPage,
    SeedProblem,
    Sentence,
)
from .render_compare import (
    COMPARE_DIR,
    DATA_DIR,
    SiteData,
    JSON_EMPTY,
    JSON_HEAD,
    JSON_SEPARATOR,
    JSON_TAIL,
    article_json_record,
    facts_csv_header,
    facts_csv_rows,
    home_map,
    page_limits,
    paginate,
    REGION_ARTICLES,
    REPORT_ARTICLES,
    TAG_ARTICLES,
    render_comparison_pages,
    render_region_page,
)
from .regions import particle
from .rules import Gazetteer, RuleBook
from .site_state import PageMemo, value_digest

TEMPLATES_DIR = Path(__file__).parent / "templates"
GENERATED_DIR = "atlas"
NAV_FILE = f"{GENERATED_DIR}/.nav.yml"
DESCRIPTION_CHARS = 150
NAV_ARTICLES = 30
# The home page lists this many of the newest articles (the rest: region pages).
HOME_RECENT = 20
# A "전체 보기" part gathers at most this much Markdown (its HTML is about 1.3×).
PRINT_PART_BYTES = 600_000


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # output is Markdown; seed text goes through |md
    )
    env.filters["md"] = escape_markdown
    env.filters["n"] = format_number  # counts with thousands separators: 1,000편
    env.filters["josa"] = lambda word, after_consonant, after_vowel: particle(word, after_consonant, after_vowel)[len(word):]
    env.globals.update(page_limits())
    return env


def article_path(article: Article) -> str:
    """Where an article page lives, relative to the docs folder."""
    return f"{GENERATED_DIR}/articles/{article.slug}.md"


def region_path(region_id: str) -> str:
    """Where a region's page lives, relative to the docs folder."""
    return f"{GENERATED_DIR}/regions/{region_id}/index.md"


def region_compare_path(region_id: str) -> str:
    """Where a 시·도's comparison of its own places lives (only for one with places)."""
    return f"{GENERATED_DIR}/regions/{region_id}/compare.md"


def date_label(article: Article) -> str:
    """The publication date as a reader sees it (stated, inferred year, or unknown)."""
    meta = article.meta
    if meta.published:
        return meta.published.replace("T", " ")
    if meta.published_year:
        return f"{meta.published_year}년(추정)"
    return "날짜 미상"


def _description(article: Article) -> str:
    text = " ".join(p.text for p in article.paragraphs)
    if len(text) > DESCRIPTION_CHARS:
        text = text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return html.escape(text, quote=True)


def article_tags(article: Article, models: tuple[str, ...] = ()) -> list[str]:
    """An article's tags: its regions, kind of article, cooperation models (each has a page, see ``render_tag_pages``)."""
    tags = [r.name for r in article.meta.regions]
    if article.meta.kind:
        tags.append(article.meta.kind)
    tags.extend(models)
    return list(dict.fromkeys(tags))


def tag_page_id(tag: str) -> str:
    """The file name (without ``.md``) of a tag's page under ``atlas/tags/``: ASCII and stable."""
    return f"t-{hashlib.sha256(tag.encode('utf-8')).hexdigest()[:8]}"


def article_front_matter(article: Article, gazetteer: Gazetteer, tags: list[str] | None = None) -> dict[str, Any]:
    """The YAML front matter of an article page (also its data record)."""
    meta = article.meta
    front: dict[str, Any] = {
        "atlas_page": "article",
        "title": html.escape(meta.title, quote=True),
        "description": _description(article),
        # Not Material's `subtitle` key: Material prints that under the page's
        # title in the navigation of every page (a list as Python's repr).
        "deck": list(meta.deck) or None,
        "kind": meta.kind,
        "section": meta.section,
        "series": meta.series,
        "author": html.escape(meta.author, quote=True) if meta.author else None,
        "author_role": meta.author_role,
        "author_email": meta.author_email,
        "outlet": meta.outlet,
        "published": meta.published,
        "published_year": meta.published_year,
        "page_date": meta.page_date,
        "regions": [
            {"id": r.region_id, "name": r.name, "mentions": r.mentions, "evidence": r.evidence, "inferred": r.inferred}
            for r in meta.regions
        ],
        "province": gazetteer.province_name(meta.regions[0].region_id),
        "characters": meta.characters,
        "reading_minutes": meta.reading_minutes,
        "comment_count": meta.comment_count,
        "views": meta.views,
        "source_file": meta.source_file,
        "source_sha256": meta.source_sha256,
        "source_encoding": meta.encoding,
        "inferred": dict(meta.inferred) or None,
        "edited": list(meta.edited) or None,
    }
    if tags:
        front["tags"] = [html.escape(t, quote=False) for t in tags]
        # Each tag's own page (partials/tags.html links the tag there).
        front["tag_pages"] = [tag_page_id(t) for t in tags]
    return front


def article_byline(article: Article) -> str:
    """The closing byline: author (role) · outlet · date, as papers print it."""
    meta = article.meta
    author = f"{meta.author} ({meta.author_role})" if meta.author and meta.author_role else meta.author or meta.author_role
    return " · ".join(x for x in (author, meta.outlet, date_label(article)) if x)


def _block_views(article: Article) -> list[dict[str, Any]]:
    views: list[dict[str, Any]] = []
    for block in article.blocks:
        if isinstance(block, PullQuote):
            views.append({"type": "quote", "text": block.text})
        elif isinstance(block, Heading):
            views.append({"type": "heading", "text": block.text, "anchor": block.anchor})
        elif isinstance(block, Paragraph):
            views.append({"type": "paragraph", "text": block.text, "anchor": block.anchor})
        elif isinstance(block, BulletList):
            views.append({"type": "list", "entries": [{"text": i.text, "anchor": i.anchor} for i in block.items]})
    return views


@dataclass(frozen=True)
class _Listing:
    """One article as listed on index pages."""

    slug: str
    title: str
    date: str
    byline: str
    region_ids: tuple[str, ...]
    sort_date: str


def _listing(article: Article) -> _Listing:
    meta = article.meta
    byline = " · ".join(x for x in (meta.author, meta.outlet, meta.kind) if x)
    return _Listing(
        slug=article.slug,
        title=meta.title,
        date=date_label(article),
        byline=byline,
        region_ids=tuple(r.region_id for r in meta.regions),
        sort_date=meta.published or (str(meta.published_year) if meta.published_year else ""),
    )


def _regions_with_articles(articles: tuple[Article, ...], gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """Every region with a page, in the order of the navigation: 전국, then each 시·도
    (in official order) followed by its 시·군·구 and districts.

    A region has a page when an article is filed under it; a 시·도 also when
    one is filed under a place in it. Each group lists the articles filed
    under the region itself; a 시·도's group also lists its places (``places``)
    and counts every article in it (``total``).
    """
    grouped: dict[str, list[_Listing]] = defaultdict(list)
    within: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        for region in article.meta.regions:
            grouped[region.region_id].append(_listing(article))
            within[gazetteer.top(region.region_id)].add(article.slug)

    def group(rid: str) -> dict[str, Any]:
        region = gazetteer.by_id(rid)
        top = gazetteer.top(rid)
        return {
            "id": rid,
            "name": region.name,
            "official": region.official if region.official and region.official != region.name else None,
            "province": gazetteer.by_id(top).name if top != rid else None,
            "province_id": top if top != rid else None,
            "articles": sorted(grouped.get(rid, ()), key=lambda l: (l.sort_date, l.slug), reverse=True),
            "city": gazetteer.by_id(region.city).name if region.city else None,
            "city_id": region.city if region.city in grouped else None,
            "places": [],
            "compare": False,
            "total": len(within[rid]) if top == rid else len(grouped.get(rid, ())),
        }

    out = []
    for region in gazetteer.regions:
        if region.province is not None or not within.get(region.id):
            continue
        top = group(region.id)
        places = [group(rid) for rid in gazetteer.children.get(region.id, ()) if rid in grouped]
        top["places"] = places
        # Its own comparison page when it and its places make two columns or more.
        top["compare"] = len(places) + bool(top["articles"]) >= 2
        out += [top, *places]
    return out


def _report_lines(article: Article) -> dict[str, Any]:
    lines = article.classification.lines
    counts: dict[str, int] = defaultdict(int)
    for line in lines:
        counts[line.destination.value] += 1
    return {
        "title": article.meta.title,
        "slug": article.slug,
        "source_file": article.meta.source_file,
        "encoding": article.meta.encoding,
        "notes": list(article.classification.seed.notes),
        "total": len(lines),
        "counts": counts,
        "blank": sum(1 for line in lines if line.kind is LineKind.BLANK),
        "rows": sorted([
            {
                "number": line.number,
                "destination": line.destination.value,
                "kind": line.kind.value,
                "rule": line.rule,
                "reason": line.reason,
                "text": line.text,
            }
            for line in lines
            if line.destination is not Destination.BODY and line.kind is not LineKind.BLANK
        ]
        # A byline glued to a body line leaves the body too: its part is listed.
        + [
            {
                "number": line.number,
                # A glued broadcast cue carries nothing; a glued byline is metadata.
                "destination": (Destination.METADATA if line.fields else Destination.DROPPED).value,
                "kind": (LineKind.BYLINE if line.fields else LineKind.BOILERPLATE).value,
                "rule": line.rule,
                "reason": line.reason,
                "text": line.text[: line.body_from].strip(),
            }
            for line in lines
            if line.body_from
        ], key=lambda row: row["number"]),
        "duplicate_of": article.duplicate_of,
    }


def _article_models(article: Article, sentences: tuple[Sentence, ...], folder: Path) -> tuple[str, ...]:
    """The cooperation models (얼라이언스, 클러스터…) the article itself speaks of, region by region."""
    model = next((d for d in load_dimensions(folder) if d.id == "model"), None)
    if model is None:
        return ()
    labels = (
        keyword_labels(model, [s for s in sentences if s.region == r.region_id]) for r in article.meta.regions
    )
    return tuple(dict.fromkeys(label for found in labels for label in found))


def render_article_page(article: Article, tags: list[str], rules: RuleBook) -> RenderedPage:
    """An article's page; it depends on the article and the rules alone (so it is cached with it)."""
    text = _environment().get_template("article.md.j2").render(
        front_matter=dump_front_matter(article_front_matter(article, rules.gazetteer, tags)),
        byline=article_byline(article),
        blocks=_block_views(article),
        comments=article.meta.comments,
        terms=TermMarker(load_glossary(rules.folder)),
    )
    return RenderedPage(article_path(article), text)


def analyse_article(article: Article, rules: RuleBook, clock: StageClock | None = None) -> AnalysedArticle:
    """An article with its facts, its sentences and its page (its slug must be final)."""
    clock = clock or StageClock()
    fact_rules = load_fact_rules(rules.folder)
    with clock.stage("analyse"):
        # Sentences only carry their article's slug and metadata, never its facts.
        sentences = article_sentences(article, fact_rules)
        article = replace(article, facts=extract_facts(article, fact_rules, sentences))
    with clock.stage("render"):
        tags = article_tags(article, _article_models(article, sentences, rules.folder))
        page = render_article_page(article, tags, rules)
    return AnalysedArticle(article, sentences, page, tuple(tags))


def render_site(
    articles: tuple[Article, ...],
    problems: tuple[SeedProblem, ...],
    rules: RuleBook,
    handwritten: tuple[str, ...] = (),
    analysed: dict[str, AnalysedArticle] | None = None,
    memo: PageMemo | None = None,
    part_keys: dict[str, str] | None = None,
    region_cache: RegionCache | None = None,
) -> tuple[RenderedPage, ...]:
    """Every generated page, in a stable order; ``handwritten`` pages join the navigation.

    ``analysed`` (slug → ``AnalysedArticle``) holds the per-article work done
    already (by worker processes, or found in the cache); any article missing
    from it is analysed here. Cross-region pages are rendered through
    ``memo``, which keeps those whose inputs are the last run's; the data
    exports and the cleaning report's pages are made through it from
    per-article parts, each named by ``part_keys`` (source file → the cache
    key of its entry, which fixes everything about the article but its
    slug; an article without one is made afresh). ``region_cache`` (kept by
    ``serve`` between runs) saves comparing again the regions an edit did
    not touch.
    """
    env = _environment()
    memo = memo or PageMemo(env)
    gazetteer = rules.gazetteer
    pages: list[RenderedPage] = []
    published = [a for a in articles if a.duplicate_of is None]
    analysed = analysed or {}
    done = {a.slug: analysed.get(a.slug) or analyse_article(a, rules) for a in published}
    published = [done[a.slug].article for a in published]
    region_groups = _regions_with_articles(tuple(published), gazetteer)
    data = SiteData(
        articles=tuple(published),
        comparison=compare_regions(
            published, [r.id for r in gazetteer.regions], {r.id: r.name for r in gazetteer.regions},
            rules=load_fact_rules(rules.folder), dimensions=load_dimensions(rules.folder),
            sentences_of={slug: work.sentences for slug, work in done.items()},
            provenance=_provenance(published, part_keys or {}), cache=region_cache,
        ),
        gazetteer=gazetteer,
        glossary=load_glossary(rules.folder),
        map_style=load_map_style(rules.folder),
        matrix_groups=load_matrix_groups(rules.folder),
    )
    if memo.record:
        # A region's facts reach several pages (its own, the matrix, each dimension's): digested
        # whole, once (and, in ``serve``, once for as long as the region is unchanged).
        for region in data.comparison.regions:
            memo.vouch(region, region_cache.fingerprint(region, value_digest) if region_cache else value_digest(region))
        for column in data.columns:  # the matrix's columns, by their regions' digests
            memo.derived(column, (column.region, column.name, column.parts), "column")
    pages.extend(work.page for work in done.values())

    listings = sorted((_listing(a) for a in published), key=lambda l: (l.sort_date, l.slug), reverse=True)
    pages.append(memo.page(
        "index.md", "home.md.j2",
        regions=region_groups, by_date=listings[:HOME_RECENT], article_count=len(published), problems=problems,
        map=home_map(data), dimensions=data.comparison.dimensions, names={r.id: r.name for r in gazetteer.regions},
    ))
    pages.append(memo.page(f"{GENERATED_DIR}/regions/index.md", "regions.md.j2", regions=region_groups))
    for group in region_groups:
        path = region_path(group["id"])
        pages.append(RenderedPage(path, render_region_page(env, data, group, path, memo)))
        if len(group["articles"]) > REGION_ARTICLES:
            pages.extend(_region_article_pages(memo, group))
    pages.extend(render_comparison_pages(env, data, memo))
    # The data exports: one part per article, cut from the last run's file when the article is unchanged.
    part_keys = part_keys or {}
    def part_key(article: Article) -> str:
        key = part_keys.get(article.meta.source_file)
        return f"{key} {article.slug}" if key else ""

    pages.append(memo.joined(f"{DATA_DIR}/facts.csv", facts_csv_header(), [
        (part_key(a), lambda a=a: facts_csv_rows(a)) for a in data.articles]))
    pages.append(memo.joined(f"{DATA_DIR}/articles.json", JSON_HEAD, [
        (part_key(a), lambda a=a: article_json_record(a, lambda a: article_front_matter(a, gazetteer)))
        for a in data.articles], JSON_SEPARATOR, JSON_TAIL, JSON_EMPTY))
    pages.extend(render_tag_pages(memo, [(listing, done[listing.slug].tags) for listing in listings],
                                  {r.id: r.name for r in gazetteer.regions}))
    for part in paginate(f"{GENERATED_DIR}/report.md", list(articles), REPORT_ARTICLES):
        pages.append(_report_part(memo, part, problems if part["number"] == 1 else (), part_keys))
    weight = {p.path: len(p.text.encode("utf-8")) for p in pages}
    pages.extend(print_pages(memo, region_groups, published, data.comparison.dimensions, weight))
    nav = navigation(region_groups, published, data.comparison.dimensions, handwritten)
    pages.append(RenderedPage(NAV_FILE, dump_navigation(nav)))
    return tuple(sorted(pages, key=lambda p: p.path))


def _provenance(articles: list[Article], part_keys: dict[str, str]) -> dict[str, str]:
    """Slug → what fixes the article (its entry's key and its slug), for the articles that have a key."""
    return {a.slug: f"{key} {a.slug}" for a in articles if (key := part_keys.get(a.meta.source_file))}


def _report_part(
    memo: PageMemo, part: dict[str, Any], problems: tuple[SeedProblem, ...], part_keys: dict[str, str]
) -> RenderedPage:
    """One page of the cleaning report (``part``: its articles and pager).

    Its lines come from every line of its articles' seeds: when each article
    has a key in ``part_keys`` (source file → what its entry depends on),
    the page's digest is taken from those keys, and the lines are read only
    if the page has to be rendered.
    """
    def context() -> dict[str, Any]:
        rows = [_report_lines(a) for a in part["rows"]]
        return {"articles": rows, "problems": problems, "pager": {**part, "rows": rows}}

    keys = [part_keys.get(a.meta.source_file) for a in part["rows"]]
    if not all(keys):
        return memo.page(part["path"], "report.md.j2", **context())
    inputs = (
        [f"{key} {a.slug} {a.duplicate_of}" for key, a in zip(keys, part["rows"])],
        problems, {name: value for name, value in part.items() if name != "rows"},
    )
    return memo.page_given(part["path"], "report.md.j2", value_digest(inputs), context)


def _region_article_pages(memo: PageMemo, group: dict[str, Any]) -> list[RenderedPage]:
    """Every article filed under a region, newest first, in numbered pages beside its region page."""
    pages = []
    folder = region_path(group["id"]).rsplit("/", 1)[0]
    for part in paginate(f"{folder}/articles.md", group["articles"], TAG_ARTICLES):
        title = f"{group['name']}의 기사" + (f" ({part['number']}/{part['count']})" if part["count"] > 1 else "")
        front = {"atlas_page": "region-articles", "title": escape_html_text(title),
                 "description": escape_html_text(f"{group['name']} 지역 기사 {len(group['articles'])}편, 최근 기사부터.")}
        pages.append(memo.page(part["path"], "region_articles.md.j2",
                               front_matter=dump_front_matter(front), region=group, articles=part["rows"], pager=part))
    return pages


def render_tag_pages(
    memo: PageMemo, tagged: list[tuple[_Listing, tuple[str, ...]]], names: dict[str, str]
) -> list[RenderedPage]:
    """The tag index (``atlas/tags.md``: every tag and its count) and each tag's article list, newest first,
    split into pages of ``TAG_ARTICLES`` (a tag on most articles would otherwise be megabytes)."""
    by_tag: dict[str, list[_Listing]] = {}
    for listing, tags in tagged:  # ``tagged`` is newest first
        for tag in tags:
            by_tag.setdefault(tag, []).append(listing)
    index = [{"name": tag, "page": tag_page_id(tag), "count": len(found)}
             for tag, found in sorted(by_tag.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    pages = [memo.page(
        f"{GENERATED_DIR}/tags.md", "tags.md.j2",
        front_matter=dump_front_matter({"atlas_page": "tags", "title": "태그",
                                        "description": "지역·기사 종류·협력 모델 태그로 기사를 찾습니다."}),
        tags=index)]
    for entry in index:
        name = entry["name"]
        for part in paginate(f"{GENERATED_DIR}/tags/{entry['page']}.md", by_tag[name], TAG_ARTICLES):
            title = f"태그: {name}" + (f" ({part['number']}/{part['count']})" if part["count"] > 1 else "")
            front = {"atlas_page": "tag", "title": escape_html_text(title),
                     "description": escape_html_text(f"‘{name}’ 태그가 달린 기사 {len(by_tag[name])}편, 최근 기사부터.")}
            pages.append(memo.page(
                part["path"], "tag.md.j2", front_matter=dump_front_matter(front), tag=name, count=len(by_tag[name]),
                articles=part["rows"], pager=part, names=names))
    return pages


def _year(listing: _Listing) -> str:
    return listing.sort_date[:4] if listing.sort_date[:4].isdigit() else "날짜 미상"


def _packed(pages: list[str], weight: dict[str, int], budget: int) -> list[list[str]]:
    """``pages`` in order, cut into runs of at most ``budget`` bytes of Markdown (a page never split)."""
    runs: list[list[str]] = [[]]
    used = 0
    for page in pages:
        if runs[-1] and used + weight.get(page, 0) > budget:
            runs.append([])
            used = 0
        runs[-1].append(page)
        used += weight.get(page, 0)
    return [run for run in runs if run]


def print_parts(
    region_groups: list[dict[str, Any]], articles: list[Article], dimensions: Any, weight: dict[str, int]
) -> list[dict[str, Any]]:
    """The "전체 보기" parts, in reading order: one per 시·도 (its pages, then the articles
    filed first under it or its places, newest first), split by year — and a year
    into numbered parts — where a 시·도 outgrows ``PRINT_PART_BYTES`` of Markdown;
    then the comparison pages and the timeline, packed to the same budget.
    """
    by_slug = {a.slug: a for a in articles}
    parts: list[dict[str, Any]] = []

    def add(part_id: str, title: str, pages: list[str], count: int) -> None:
        parts.append({"id": part_id, "title": title, "pages": pages, "articles": count})

    tops = [g for g in region_groups if g["province_id"] is None]
    for top in tops:
        groups = [top, *top["places"]]
        region_pages: list[str] = []
        listed: list[_Listing] = []
        for group in groups:
            region_pages.append(region_path(group["id"]))
            if group["compare"]:
                region_pages.append(region_compare_path(group["id"]))
            listed += [l for l in group["articles"] if l.region_ids[0] == group["id"]]
        listed.sort(key=lambda l: (l.sort_date, l.slug), reverse=True)
        article_pages = [article_path(by_slug[l.slug]) for l in listed]
        everything = region_pages + article_pages
        if sum(weight.get(p, 0) for p in everything) <= PRINT_PART_BYTES:
            add(top["id"], top["name"], everything, len(article_pages))
            continue
        for number, run in enumerate(_packed(region_pages, weight, PRINT_PART_BYTES), 1):
            suffix = f" ({number})" if number > 1 else ""
            add(f"{top['id']}-regions" + (f"-{number}" if number > 1 else ""), f"{top['name']} 지역 페이지{suffix}", run, 0)
        years: dict[str, list[str]] = defaultdict(list)
        for listing in listed:
            years[_year(listing)].append(article_path(by_slug[listing.slug]))
        for year, pages in years.items():
            runs = _packed(pages, weight, PRINT_PART_BYTES)
            for number, run in enumerate(runs, 1):
                slug_year = year if year.isdigit() else "undated"
                part_id = f"{top['id']}-{slug_year}" + (f"-{number}" if number > 1 else "")
                title = f"{top['name']} {year}" + (f" ({number}/{len(runs)})" if len(runs) > 1 else "")
                add(part_id, title, run, len(run))
    compare = [f"{GENERATED_DIR}/regions/index.md", f"{COMPARE_DIR}/index.md"]
    compare.extend(f"{COMPARE_DIR}/{d.id}.md" for d in dimensions)
    compare.extend(sorted(
        (p for p in weight if re.fullmatch(rf"{GENERATED_DIR}/timeline(-\d+)?\.md", p)),
        key=lambda p: int(re.sub(r"\D", "", p) or 1),
    ))
    runs = _packed(compare, weight, PRINT_PART_BYTES)
    for number, run in enumerate(runs, 1):
        add("compare" + (f"-{number}" if number > 1 else ""), "지역 비교·연표" + (f" ({number}/{len(runs)})" if len(runs) > 1 else ""), run, 0)
    return parts


def print_pages(
    memo: PageMemo, region_groups: list[dict[str, Any]], articles: list[Article], dimensions: Any,
    weight: dict[str, int],
) -> list[RenderedPage]:
    """The "전체 보기" index and its parts (``atlas/print/<part>.md``).

    Each part lists the pages it gathers, in reading order, in its front
    matter; ``print_page.assemble_print_page`` fills it after the build. The
    index lists the parts; no page gathers everything, so none outgrows what a
    browser (or a PDF) handles comfortably.
    """
    parts = print_parts(region_groups, articles, dimensions, weight)
    out = []
    for part in parts:
        front = {
            "atlas_page": "print", "title": f"전체 보기: {part['title']}",
            "description": f"{part['title']}의 지역 페이지와 기사를 인쇄하거나 PDF로 저장하기 좋게 한 페이지에 모았습니다."
            if part["articles"] or not part["id"].startswith("compare")
            else "지역 비교 페이지와 연표를 인쇄하거나 PDF로 저장하기 좋게 한 페이지에 모았습니다.",
            "hide": ["toc"], "search": {"exclude": True}, "print_pages": part["pages"],
        }
        out.append(memo.page(
            print_part_path(part["id"]), "print.md.j2", front_matter=dump_front_matter(front),
            article_count=part["articles"], other_count=len(part["pages"]) - part["articles"],
        ))
    front = {
        "atlas_page": "print-index", "title": "전체 보기·인쇄",
        "description": "모든 기사와 지역 비교 페이지를 지역별로 나눠 인쇄하거나 PDF로 저장하기 좋게 모았습니다.",
        "search": {"exclude": True},
    }
    out.append(memo.page(PRINT_PAGE, "print_index.md.j2", front_matter=dump_front_matter(front), parts=parts,
                         article_count=len(articles)))
    return out


def print_part_path(part_id: str) -> str:
    """Where a "전체 보기" part lives, relative to the docs folder."""
    return f"{GENERATED_DIR}/print/{part_id}.md"


def navigation(
    region_groups: list[dict[str, Any]], articles: list[Article], dimensions: Any = (), handwritten: tuple[str, ...] = ()
) -> list[Any]:
    """The site navigation: home, regions, comparison, reference pages, the report, hand-written pages.

    Regions are grouped by 시·도: each 시·도 is a section holding its page,
    its own articles and one sub-section per 시·군·구 or district with
    articles. An article is listed under its first region only, so each page
    has one place in the navigation (previous/next links stay meaningful); a
    region with more than ``NAV_ARTICLES`` articles lists only its page.
    """
    by_slug = {a.slug: a for a in articles}
    nav: list[Any] = [{"홈": "index.md"}]
    regions_section: list[Any] = [f"{GENERATED_DIR}/regions/index.md"]

    def entries(group: dict[str, Any]) -> list[Any]:
        out: list[Any] = [region_path(group["id"])]
        listed = [listing for listing in group["articles"] if listing.region_ids[0] == group["id"]]
        # Every page carries the whole navigation, so listing thousands of
        # articles would make the site grow with the square of their number;
        # past NAV_ARTICLES a region's articles are reached from its page.
        if len(listed) <= NAV_ARTICLES:
            out.extend({escape_html_text(l.title): article_path(by_slug[l.slug])} for l in listed)
        return out

    # One section per 시·도 (and 전국), its places as sub-sections.
    for group in region_groups:
        if group["province_id"] is None:
            section = entries(group)
            if group["compare"]:
                section.append({f"{group['name']} 안 지역 비교": region_compare_path(group["id"])})
            section.extend({place["name"]: entries(place)} for place in group["places"])
            regions_section.append({group["name"]: section})
    nav.append({"지역별 기사": regions_section})
    compare: list[Any] = [f"{COMPARE_DIR}/index.md"]
    compare.extend({escape_html_text(d.name): f"{COMPARE_DIR}/{d.id}.md"} for d in dimensions)
    compare.append({"연표": f"{GENERATED_DIR}/timeline.md"})
    nav.append({"지역 비교": compare})
    nav.append({"찾아보기": [
        {"기관·인물 색인": f"{GENERATED_DIR}/entities.md"},
        {"용어집": f"{GENERATED_DIR}/glossary.md"},
        {"태그": f"{GENERATED_DIR}/tags.md"},
        {"데이터 내려받기": f"{GENERATED_DIR}/data.md"},
    ]})
    nav.append({"정리 보고서": f"{GENERATED_DIR}/report.md"})
    nav.append({"전체 보기·인쇄": PRINT_PAGE})
    nav.extend(handwritten)
    return nav

