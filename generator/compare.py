"""Regions side by side: facts and sentences sorted into comparison dimensions.

The dimensions are data (``rules/dimensions.yml``). Each region gets, per
dimension, a list of findings; each finding cites the sentences it rests on
(article, anchor, quote). A region with no finding on a dimension gets an
empty list, which pages show as "기사에 언급 없음".
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from .errors import RuleError
from .facts import FactRules, Sentence, article_sentences, load_fact_rules
from .models import Article, Fact, FactKind
from .rules import RULES_DIR, compile_rule, load_yaml

KINDS = ("keywords", "organisations", "figures", "sentences")


@dataclass(frozen=True)
class Label:
    """One value a keyword dimension can take, and the words that signal it."""

    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class FigurePart:
    """Which facts a figures dimension takes: kinds, counters, and the words around them."""

    fact_kinds: tuple[FactKind, ...]
    units: tuple[str, ...] = ()
    match: re.Pattern[str] | None = None
    exclude: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Dimension:
    """A row of the comparison matrix (see ``rules/dimensions.yml``)."""

    id: str
    name: str
    question: str
    kind: str
    labels: tuple[Label, ...] = ()
    min_share: float = 0.0
    context: re.Pattern[str] | None = None
    cue: re.Pattern[str] | None = None
    cue_before: re.Pattern[str] | None = None
    window: int = 0
    types: tuple[str, ...] = ()
    foreign: bool = False
    fact_kinds: tuple[FactKind, ...] = ()
    units: tuple[str, ...] = ()
    match: re.Pattern[str] | None = None
    exclude: re.Pattern[str] | None = None
    also: re.Pattern[str] | None = None
    with_period: bool = False
    parts: tuple[FigurePart, ...] = ()
    chart_unit: str | None = None
    by_date: bool = False


@dataclass(frozen=True)
class Citation:
    """Where a finding comes from: an article's block and the sentence in it."""

    article: str
    anchor: str
    quote: str


@dataclass(frozen=True)
class Finding:
    """One entry of a matrix cell: what the articles say, and where."""

    label: str
    citations: tuple[Citation, ...]
    number: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class RegionFacts:
    """Everything the atlas knows about one region, dimension by dimension."""

    region: str
    name: str
    articles: tuple[str, ...]
    cells: tuple[tuple[str, tuple[Finding, ...]], ...]
    facts: tuple[Fact, ...]

    def cell(self, dimension_id: str) -> tuple[Finding, ...]:
        """The findings on one dimension (empty: the articles do not say)."""
        return dict(self.cells).get(dimension_id, ())


@dataclass(frozen=True)
class Comparison:
    """Every region's facts, in gazetteer order, and the dimensions compared."""

    dimensions: tuple[Dimension, ...]
    regions: tuple[RegionFacts, ...]


def _pattern(path: Path, where: str, raw: dict, key: str) -> re.Pattern[str] | None:
    return compile_rule(path, f"{where}: {key}", raw[key]) if key in raw else None


def _parts(path: Path, did: str, raw: dict) -> tuple[FigurePart, ...]:
    """A figures dimension's parts: each listed under ``parts``, or the dimension's own settings."""
    return tuple(
        FigurePart(
            fact_kinds=tuple(FactKind(k) for k in part.get("facts", [])),
            units=tuple(part.get("units", [])),
            match=_pattern(path, f"dimension {did}", part, "match"),
            exclude=_pattern(path, f"dimension {did}", part, "exclude"),
        )
        for part in raw.get("parts") or [raw]
    )


@lru_cache(maxsize=4)
def load_dimensions(folder: Path = RULES_DIR) -> tuple[Dimension, ...]:
    """Read ``dimensions.yml``; a malformed entry fails with its file and id."""
    path = folder / "dimensions.yml"
    out = []
    for raw in load_yaml(path).get("dimensions", []):
        try:
            did, kind = str(raw["id"]), str(raw["kind"])
            if kind not in KINDS:
                raise RuleError(f"{path}: dimension {did}: kind must be one of {', '.join(KINDS)}")
            out.append(
                Dimension(
                    id=did,
                    name=str(raw["name"]),
                    question=str(raw.get("question", "")),
                    kind=kind,
                    labels=tuple(
                        Label(str(v["label"]), _pattern(path, f"dimension {did}", v, "match"))  # type: ignore[arg-type]
                        for v in raw.get("labels", [])
                    ),
                    min_share=float(raw.get("min_share", 0)),
                    context=_pattern(path, f"dimension {did}", raw, "context"),
                    cue=_pattern(path, f"dimension {did}", raw, "cue"),
                    cue_before=_pattern(path, f"dimension {did}", raw, "cue_before"),
                    window=int(raw.get("window", 0)),
                    types=tuple(raw.get("types", [])),
                    foreign=bool(raw.get("foreign", False)),
                    fact_kinds=tuple(FactKind(k) for k in raw.get("facts", [])),
                    units=tuple(raw.get("units", [])),
                    match=_pattern(path, f"dimension {did}", raw, "match"),
                    exclude=_pattern(path, f"dimension {did}", raw, "exclude"),
                    also=_pattern(path, f"dimension {did}", raw, "also"),
                    with_period=bool(raw.get("with_period", False)),
                    parts=_parts(path, did, raw) if kind == "figures" else (),
                    chart_unit=raw.get("chart_unit"),
                    by_date=raw.get("order") == "date",
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError(f"{path}: dimension {raw.get('id', '?')}: missing or malformed {exc}") from None
    if len({d.id for d in out}) != len(out):
        raise RuleError(f"{path}: dimension ids must be unique")
    return tuple(out)


@dataclass(frozen=True)
class MatrixGroup:
    """A table of the matrix when it has too many columns for one: a group of 시·도 (권역)."""

    id: str
    name: str
    regions: tuple[str, ...]


def load_matrix_groups(folder: Path = RULES_DIR) -> tuple[MatrixGroup, ...]:
    """The ``matrix_groups`` of ``dimensions.yml``; a malformed entry fails with its file."""
    path = folder / "dimensions.yml"
    out = []
    for raw in load_yaml(path).get("matrix_groups") or []:
        try:
            out.append(MatrixGroup(str(raw["id"]), str(raw["name"]), tuple(str(r) for r in raw["regions"])))
        except (KeyError, TypeError) as exc:
            raise RuleError(f"{path}: matrix_groups: missing or malformed {exc}") from None
    ids = [g.id for g in out]
    regions = [r for g in out for r in g.regions]
    if len(set(ids)) != len(ids) or len(set(regions)) != len(regions):
        raise RuleError(f"{path}: matrix_groups: group ids must be unique and each region in one group only")
    return tuple(out)


def _cite(item: Sentence | Fact) -> Citation:
    if isinstance(item, Sentence):
        return Citation(item.article.slug, item.anchor, item.text.strip())
    return Citation(item.article, item.anchor, item.quote)


def _merge(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """One finding per label, citations in first-seen order."""
    # Citations are gathered per label in dicts (ordered, and a lookup is not a
    # scan: at 10,000 articles a label can have thousands).
    first: dict[str, Finding] = {}
    cites: dict[str, dict[Citation, None]] = {}
    for f in findings:
        if f.label not in first:
            first[f.label] = f
            cites[f.label] = dict.fromkeys(f.citations)
        else:
            cites[f.label].update(dict.fromkeys(f.citations))
    return tuple(
        f if len(cites[label]) == len(f.citations) else Finding(f.label, tuple(cites[label]), f.number, f.unit)
        for label, f in first.items()
    )


def _keywords(d: Dimension, sentences: list[Sentence]) -> tuple[Finding, ...]:
    hits: dict[str, list[Sentence]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for s in sentences:
        if d.context and not d.context.search(s.text):
            continue
        for label in d.labels:
            found = label.pattern.findall(s.text)
            if found:
                counts[label.label] += len(found)
                hits[label.label].append(s)
    top = max(counts.values(), default=0)
    return tuple(
        Finding(label.label, tuple(dict.fromkeys(_cite(s) for s in hits[label.label])))
        for label in d.labels
        if counts[label.label] and counts[label.label] >= d.min_share * top
    )


def keyword_labels(dimension: Dimension, sentences: list[Sentence]) -> tuple[str, ...]:
    """The labels of a keyword dimension these sentences bear out (얼라이언스, 클러스터…)."""
    return tuple(f.label for f in _keywords(dimension, sentences))


def _organisations(d: Dimension, facts: list[Fact]) -> tuple[Finding, ...]:
    found = []
    for f in facts:
        if f.kind is not FactKind.ORGANISATION or (d.types and (f.subject or "") not in d.types):
            continue
        if d.foreign:
            keep = f.country is not None
        else:
            offset = max(f.quote.find(f.text), 0)
            after = f.quote[offset + len(f.text): offset + len(f.text) + d.window]
            before = f.quote[max(0, offset - d.window): offset]
            keep = f.country is None and bool(
                (d.cue and d.cue.search(after)) or (d.cue_before and d.cue_before.search(before))
            )
        if keep:
            label = f"{f.value} ({f.country})" if d.foreign and f.country else f.value
            found.append(Finding(label, (_cite(f),)))
    return _merge(found)


def _window(f: Fact) -> str:
    offset = f.quote.find(f.text)
    if offset < 0:
        return f.quote
    return f.quote[max(0, offset - 25): offset + len(f.text) + 25]


def _takes(part: FigurePart, f: Fact) -> bool:
    if f.kind not in part.fact_kinds or (part.units and f.unit not in part.units):
        return False
    about = f.subject or _window(f)
    return not (part.match and not part.match.search(about) or part.exclude and part.exclude.search(about))


def _figure_label(f: Fact) -> str:
    """부지 15만 6,000㎡, GPU 112장; a milestone keeps its date first (2027년 착공 · 데이터센터)."""
    if f.kind is FactKind.MILESTONE:
        value = f.value if f.date else f"{f.value} (기사 날짜가 없어 날짜 미상)"
        return f"{value} · {f.subject}" if f.subject else value
    return f"{f.subject} {f.value}" if f.subject else f.value


def _figures(d: Dimension, facts: list[Fact]) -> tuple[Finding, ...]:
    periods = {(f.anchor, f.quote): f for f in facts if f.kind is FactKind.PERIOD}
    found = []
    for f in facts:
        if not any(_takes(part, f) for part in d.parts):
            continue
        label = _figure_label(f)
        period = periods.get((f.anchor, f.quote)) if d.with_period else None
        if period:
            label = f"{label} · {period.value}"
        found.append((f, Finding(label, (_cite(f),), f.number, f.unit)))
    if d.by_date:  # undated ones (the article's date unknown) last, in reading order
        found.sort(key=lambda ff: (ff[0].date is None, ff[0].date or ""))
    return _merge(finding for _, finding in found)


def _sentences(d: Dimension, sentences: list[Sentence]) -> tuple[Finding, ...]:
    found = []
    for s in sentences:
        if d.match and d.match.search(s.text) and (d.also is None or d.also.search(s.text)):
            found.append(Finding(s.text.strip(), (_cite(s),)))
    return _merge(found)


class RegionCache:
    """Regions compared by an earlier run of this process, each by a digest of what it was compared from.

    ``make serve`` keeps one for the session: after a seed is saved, only the
    regions the article is (or was) in are compared again; a region whose
    articles (entry keys and slugs, in order) are the same is taken as it
    was, with the digest of its facts the pages' cache needs (see
    ``site_state.PageMemo.vouch``). Only the last run's regions are kept.
    """

    def __init__(self) -> None:
        self._regions: dict[str, tuple[str, RegionFacts]] = {}
        self._fingerprints: dict[str, tuple[RegionFacts, str]] = {}

    def get(self, region_id: str, inputs: str) -> RegionFacts | None:
        """The region compared from ``inputs`` last time, or None."""
        found = self._regions.get(region_id)
        return found[1] if found is not None and found[0] == inputs else None

    def replace(self, regions: dict[str, tuple[str, RegionFacts]]) -> None:
        """Keep these regions (id → inputs digest, facts) for the next run, and only these."""
        self._regions = dict(regions)
        self._fingerprints = {
            rid: found for rid, found in self._fingerprints.items() if rid in regions and found[0] is regions[rid][1]
        }

    def fingerprint(self, region: RegionFacts, digest: Callable[[RegionFacts], str]) -> str:
        """``digest(region)``, made once for as long as the cache keeps this very region."""
        found = self._fingerprints.get(region.region)
        if found is None or found[0] is not region:
            found = self._fingerprints[region.region] = (region, digest(region))
        return found[1]


def _region_inputs(region_id: str, name: str, slugs: list[str], provenance: dict[str, str] | None) -> str | None:
    """A digest of what one region is compared from: its id, name and its articles' provenance, in order
    (None if one of them has none: it is not taken on trust)."""
    sources = [(provenance or {}).get(slug) for slug in slugs]
    if None in sources:
        return None
    digest = hashlib.sha256(f"{region_id}\0{name}\0".encode("utf-8"))
    for source in sources:
        digest.update(f"{source}\0".encode("utf-8"))
    return digest.hexdigest()


def _compare_region(
    rid: str, name: str, dimensions: tuple[Dimension, ...], filed: list[str], facts: list[Fact], sentences: list[Sentence]
) -> RegionFacts:
    """One region's findings on every dimension."""
    cells = []
    for d in dimensions:
        if d.kind == "keywords":
            cell = _keywords(d, sentences)
        elif d.kind == "organisations":
            cell = _organisations(d, facts)
        elif d.kind == "figures":
            cell = _figures(d, facts)
        else:
            cell = _sentences(d, sentences)
        cells.append((d.id, cell))
    return RegionFacts(rid, name, tuple(filed), tuple(cells), tuple(facts))


def compare_regions(
    articles: Iterable[Article],
    region_order: Iterable[str],
    region_names: dict[str, str],
    rules: FactRules | None = None,
    dimensions: tuple[Dimension, ...] | None = None,
    sentences_of: dict[str, tuple[Sentence, ...]] | None = None,
    provenance: dict[str, str] | None = None,
    cache: RegionCache | None = None,
) -> Comparison:
    """Sort every article's facts and sentences by region and dimension.

    ``articles`` must already carry their facts. Regions with no article and
    no fact are left out; the order follows ``region_order`` (the gazetteer).
    ``sentences_of`` (slug → ``article_sentences``) saves splitting them again.
    With ``cache`` and ``provenance`` (slug → what fixes the article: its
    entry key and slug), a region all of whose articles have a provenance
    and are those of ``cache``'s last run is taken from it.
    """
    rules = rules or load_fact_rules()
    dimensions = dimensions if dimensions is not None else load_dimensions()
    facts: dict[str, list[Fact]] = defaultdict(list)
    sentences: dict[str, list[Sentence]] = defaultdict(list)
    filed: dict[str, list[str]] = defaultdict(list)
    contributors: dict[str, list[str]] = defaultdict(list)  # slugs of the articles each region is made from, in order
    for article in articles:
        touched: set[str] = set()
        for mention in article.meta.regions:
            filed[mention.region_id].append(article.slug)
            touched.add(mention.region_id)
        for fact in article.facts:
            if fact.region:
                facts[fact.region].append(fact)
                touched.add(fact.region)
        for sentence in (sentences_of or {}).get(article.slug) or article_sentences(article, rules):
            if sentence.region:
                sentences[sentence.region].append(sentence)
                touched.add(sentence.region)
        for rid in touched:
            contributors[rid].append(article.slug)
    regions = []
    kept: dict[str, tuple[str, RegionFacts]] = {}
    for rid in region_order:
        if rid not in filed and rid not in facts:
            continue
        inputs = _region_inputs(rid, region_names[rid], contributors[rid], provenance) if cache is not None else None
        region = cache.get(rid, inputs) if cache is not None and inputs is not None else None
        if region is None:
            region = _compare_region(rid, region_names[rid], dimensions, filed.get(rid, []), facts.get(rid, []), sentences[rid])
        if inputs is not None:
            kept[rid] = (inputs, region)
        regions.append(region)
    if cache is not None:
        cache.replace(kept)
    return Comparison(dimensions, tuple(regions))
