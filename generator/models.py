"""Typed data passed between pipeline stages.

Every stage takes and returns frozen dataclasses, so a stage can be tested on
its own and nothing downstream can quietly mutate what an earlier stage saw.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class SeedBytes:
    """A seed file as read from disk: its name, raw bytes and their SHA-256."""

    name: str
    path: Path
    data: bytes
    sha256: str


@dataclass(frozen=True)
class SeedText:
    """A seed decoded to NFC text with ``\\n`` line ends."""

    seed: SeedBytes
    text: str
    encoding: str
    notes: tuple[str, ...] = ()

    @property
    def lines(self) -> list[str]:
        """The text split into lines (a trailing newline adds no empty line)."""
        return self.text.split("\n") if self.text else []


class LineKind(str, Enum):
    """What one seed line is. The value is the Korean label shown to readers."""

    TITLE = "제목"
    RUBRIC = "머리말"
    DECK = "부제"
    BYLINE = "필자"
    DATELINE = "날짜"
    COUNTER = "조회·댓글 수"
    PULL_QUOTE = "인용구"
    HEADING = "소제목"
    LIST_ITEM = "목록 항목"
    BODY = "본문"
    COMMENT = "독자 댓글"
    IMAGE = "이미지 자리표시"
    BOILERPLATE = "상용구"
    DUPLICATE = "중복"
    BLANK = "빈 줄"


class Destination(str, Enum):
    """Where a classified line ends up: nothing is lost silently."""

    BODY = "본문"
    METADATA = "메타데이터"
    COMMENTS = "독자 댓글"
    DROPPED = "삭제"


DESTINATION: dict[LineKind, Destination] = {
    LineKind.BODY: Destination.BODY,
    LineKind.HEADING: Destination.BODY,
    LineKind.LIST_ITEM: Destination.BODY,
    LineKind.PULL_QUOTE: Destination.BODY,
    LineKind.TITLE: Destination.METADATA,
    LineKind.RUBRIC: Destination.METADATA,
    LineKind.DECK: Destination.METADATA,
    LineKind.BYLINE: Destination.METADATA,
    LineKind.DATELINE: Destination.METADATA,
    LineKind.COUNTER: Destination.METADATA,
    LineKind.COMMENT: Destination.COMMENTS,
    LineKind.IMAGE: Destination.DROPPED,
    LineKind.BOILERPLATE: Destination.DROPPED,
    LineKind.DUPLICATE: Destination.DROPPED,
    LineKind.BLANK: Destination.DROPPED,
}


@dataclass(frozen=True)
class ClassifiedLine:
    """One seed line with its kind, the rule that decided it and why.

    ``fields`` holds values a metadata rule captured from the line
    (e.g. ``author``, ``published``); ``text`` is the line as read (NFC).
    A body line whose first ``body_from`` characters are a glued byline
    (``(부산=뉴스1) 홍길동 기자 = …``) keeps only the rest in the body; the
    byline part is metadata, captured in ``fields``.
    """

    number: int
    text: str
    kind: LineKind
    rule: str
    reason: str
    fields: tuple[tuple[str, str], ...] = ()
    body_from: int = 0

    @property
    def content(self) -> str:
        """The part of the line that is article text (all of it, unless a byline was glued on)."""
        return self.text[self.body_from:] if self.body_from else self.text

    @property
    def destination(self) -> Destination:
        """Where this line ends up (body, metadata, comments or dropped)."""
        return DESTINATION[self.kind]


@dataclass(frozen=True)
class Classification:
    """All lines of one seed, classified, in seed order."""

    seed: SeedText
    lines: tuple[ClassifiedLine, ...]

    def of_kind(self, *kinds: LineKind) -> list[ClassifiedLine]:
        """The lines of the given kinds, in seed order."""
        return [line for line in self.lines if line.kind in kinds]

    def captured(self, name: str) -> list[tuple[str, ClassifiedLine]]:
        """Every value captured under ``name`` with the line it came from."""
        return [(value, line) for line in self.lines for key, value in line.fields if key == name]


@dataclass(frozen=True)
class RegionMention:
    """Why an article is filed under a region: how often and where it is named."""

    region_id: str
    name: str
    mentions: int
    evidence: str
    inferred: bool = False


@dataclass(frozen=True)
class ReaderComment:
    """A reader comment, kept apart from the article body."""

    author: str
    posted: str
    text: str


@dataclass(frozen=True)
class ArticleMeta:
    """Everything known about an article besides its body.

    ``None`` means unknown. ``inferred`` maps a field name to how it was
    inferred, so a reader can tell derived values from stated ones;
    ``edited`` names the fields an editor's override file set.
    """

    title: str
    deck: tuple[str, ...]
    kind: str | None
    section: str | None
    series: str | None
    author: str | None
    author_role: str | None
    author_email: str | None
    outlet: str | None
    published: str | None
    published_year: int | None
    page_date: str | None
    regions: tuple[RegionMention, ...]
    characters: int
    reading_minutes: int
    source_file: str
    source_sha256: str
    encoding: str
    comment_count: int | None
    views: int | None
    comments: tuple[ReaderComment, ...]
    inferred: tuple[tuple[str, str], ...] = ()
    edited: tuple[str, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph with a stable anchor derived from its text."""

    text: str
    anchor: str
    lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class Heading:
    """A section heading restored from a standalone line or an inline marker."""

    text: str
    anchor: str
    lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class BulletList:
    """A list restored from ``▲`` runs or bulleted lines; items are anchored paragraphs."""

    items: tuple[Paragraph, ...]
    lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class PullQuote:
    """A pull-quote the page layout repeated from the body."""

    text: str
    lines: tuple[int, ...] = ()


Block = Paragraph | Heading | BulletList | PullQuote


class FactKind(str, Enum):
    """What a fact is about."""

    ORGANISATION = "organisation"
    PERSON = "person"
    MONEY = "money"
    COUNT = "count"
    PERCENT = "percent"
    PERIOD = "period"
    EVENT = "event"
    CAPACITY = "capacity"  # power of a data centre or plant, in MW
    AREA = "area"  # a site or floor area, in ㎡
    PLAN = "plan"  # how a plan is built: 3대 핵심전략, 8개 핵심과제
    MILESTONE = "milestone"  # 착공, 준공, 개소, 출범, 개원, 완공, 착수 with its date


@dataclass(frozen=True)
class Fact:
    """One thing an article states, with the sentence that states it.

    ``value`` is how pages show it (``4,061억 원``, ``2,800여 명``); ``text``
    is the words as printed. ``anchor`` names the paragraph, list item or
    heading; ``region`` is the region the sentence is about (None when it is
    about somewhere else, such as Silicon Valley).

    ``number`` is in the kind's own unit (원, MW, ㎡, or the counter); a range
    (``100~200억 원``) has its upper end in ``upper``. A milestone names its
    ``event`` (착공, 준공 …); a date given as part of a year (하반기, 말)
    keeps that part in ``season``.
    """

    kind: FactKind
    value: str
    text: str
    article: str
    anchor: str
    quote: str
    region: str | None
    position: int = 0
    number: float | None = None
    unit: str | None = None
    approximate: bool = False
    at_least: bool = False
    subject: str | None = None
    date: str | None = None
    date_precision: str | None = None
    date_inferred: bool = False
    end: str | None = None
    country: str | None = None
    upper: float | None = None
    event: str | None = None
    season: str | None = None


@dataclass(frozen=True)
class Article:
    """A cleaned article: metadata, body blocks and the line accounting."""

    slug: str
    meta: ArticleMeta
    blocks: tuple[Block, ...]
    classification: Classification
    duplicate_of: str | None = None
    facts: tuple[Fact, ...] = ()

    @property
    def paragraphs(self) -> list[Paragraph]:
        """The body paragraphs in order."""
        return [b for b in self.blocks if isinstance(b, Paragraph)]


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, where it sits and which region it is about."""

    article: Article
    anchor: str
    text: str
    offset: int
    region: str | None

    def fact(self, kind: FactKind, value: str, match_text: str, start: int, **extra: Any) -> Fact:
        """A fact found in this sentence, ``start`` characters in."""
        return Fact(
            kind=kind,
            value=value,
            text=match_text,
            article=self.article.slug,
            anchor=self.anchor,
            quote=self.text.strip(),
            region=self.region,
            position=self.offset + start,
            **extra,
        )


@dataclass(frozen=True)
class RenderedPage:
    """A generated file: its path relative to the docs folder and its text."""

    path: str
    text: str


@dataclass(frozen=True)
class AnalysedArticle:
    """One seed's share of the work: its article (facts included), sentences and page.

    Everything here depends on the seed, its override and the rules alone, so
    it is what a worker process returns and what the cache keeps.
    """

    article: Article
    sentences: tuple[Sentence, ...]
    page: RenderedPage
    tags: tuple[str, ...] = ()  # the article's tags (region, kind, cooperation model), for the tag pages


@dataclass(frozen=True)
class SeedProblem:
    """A seed that could not become an article, and why (one line)."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass(frozen=True)
class GeneratedSite:
    """The whole generated output of one run, before it is written."""

    pages: tuple[RenderedPage, ...]
    # Empty when nothing changed since the last run (every page is kept, see ``site_state``).
    articles: tuple[Article, ...]
    problems: tuple[SeedProblem, ...] = field(default_factory=tuple)
    # Seconds per stage (read, clean, analyse, render, …), summed over workers.
    timings: tuple[tuple[str, float], ...] = ()
    published: int = 0  # articles with a page of their own (duplicates not counted)
    # Generated files already in the docs folder with the right bytes: not in ``pages``, not rewritten.
    kept: tuple[str, ...] = ()
    # The ``site_state.SiteState`` to save once the pages are written (None: no state kept).
    state: Any = None
