"""Stage 4 — article metadata from classified lines and the body text.

Stated values come from the lines the classifier tagged; a value read off the
text instead (a derived title, a year, a kind, a national scope) is recorded
in ``inferred`` with how it was inferred. Unknown stays ``None``.
"""
from __future__ import annotations

import datetime as dt
import math
import re

from .models import ArticleMeta, Classification, LineKind, ReaderComment, RegionMention
from .rules import RuleBook

_DOTTED_DATE = re.compile(r"(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})")
_KOREAN_DATE = re.compile(r"(\d{4})년\s?(\d{1,2})월\s?(\d{1,2})일")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_WS = re.compile(r"\s+")


def parse_date(text: str) -> dt.date | None:
    """A calendar date from ``2023.12.17``, ``2019. 10.08`` or ``2019년 11월 13일``."""
    match = _DOTTED_DATE.search(text) or _KOREAN_DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def derive_title(text: str, max_chars: int) -> str:
    """A short title from the first sentence, cut at a word boundary."""
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()
    if len(first) <= max_chars:
        return first
    cut = first[:max_chars].rsplit(" ", 1)[0].rstrip(",·")
    return cut + "…"


def _first(classification: Classification, name: str) -> str | None:
    values = classification.captured(name)
    return values[0][0].strip() if values else None


def _comments(classification: Classification) -> tuple[ReaderComment, ...]:
    comments: list[ReaderComment] = []
    for line in classification.of_kind(LineKind.COMMENT):
        fields = dict(line.fields)
        if "posted" in fields:
            comments.append(ReaderComment(fields["author"], fields["posted"], ""))
        elif comments:
            last = comments[-1]
            text = f"{last.text}\n{line.text}" if last.text else line.text
            comments[-1] = ReaderComment(last.author, last.posted, text)
    return tuple(comments)


def _kind(title: str, classification: Classification, body: str, rules: RuleBook) -> tuple[str | None, str, str | None]:
    """(kind, title without its kind prefix, how the kind was inferred or None)."""
    for prefix, kind in rules.kinds.title_prefixes:
        if title.startswith(prefix):
            return kind, title[len(prefix):].strip(), None
    for section, _line in classification.captured("section"):
        words = section.split()
        for name, kind in rules.kinds.sections:
            if name in words:
                return kind, title, None
    stated = _first(classification, "kind")
    if stated:
        return stated, title, None
    for rule in rules.kinds.inferred_from_text:
        if rule.pattern.search(body):
            return rule.value, title, rule.reason
    return None, title, None


def _int(value: str | None) -> int | None:
    return int(value.replace(",", "")) if value else None


def extract_metadata(
    classification: Classification, body: str, regions: tuple[RegionMention, ...], rules: RuleBook
) -> ArticleMeta:
    """Build the article's metadata; ``body`` is its cleaned text."""
    inferred: dict[str, str] = {}
    seed = classification.seed

    titles = classification.of_kind(LineKind.TITLE)
    if titles:
        title = _WS.sub(" ", titles[0].text)
    else:
        title = derive_title(body, rules.derived_title_max_chars)
        inferred["title"] = "제목 줄이 없어 본문 첫 문장에서 만듦"
    kind, title, kind_reason = _kind(title, classification, body, rules)
    if kind_reason:
        inferred["kind"] = kind_reason

    published_date = _first(classification, "published_date")
    date = parse_date(published_date) if published_date else None
    published = None
    if date:
        published = date.isoformat()
        time = _first(classification, "published_time")
        if time:
            hour, minute = (int(x) for x in time.split(":"))
            published += f"T{hour:02d}:{minute:02d}"
    year = date.year if date else None
    if year is None:
        for rule in rules.years:
            match = rule.pattern.search(body)
            if match:
                year = int(match.group("year"))
                inferred["published_year"] = rule.reason.format(quote=match.group(0).strip())
                break

    page_date_text = _first(classification, "page_date")
    page_date = parse_date(page_date_text) if page_date_text else None

    if any(r.inferred for r in regions):
        inferred["regions"] = next(r.evidence for r in regions if r.inferred)

    section = next((line.text for line in classification.of_kind(LineKind.RUBRIC)), None) or _first(
        classification, "section"
    )
    characters = len(_WS.sub("", body))
    return ArticleMeta(
        title=title,
        deck=tuple(_WS.sub(" ", line.text) for line in classification.of_kind(LineKind.DECK)),
        kind=kind,
        section=section,
        series=_first(classification, "series"),
        author=_first(classification, "author"),
        author_role=_first(classification, "author_role"),
        author_email=_first(classification, "author_email"),
        outlet=_first(classification, "outlet"),
        published=published,
        published_year=year,
        page_date=page_date.isoformat() if page_date else None,
        regions=regions,
        characters=characters,
        reading_minutes=max(1, math.ceil(characters / rules.reading_chars_per_minute)),
        source_file=seed.seed.name,
        source_sha256=seed.seed.sha256,
        encoding=seed.encoding,
        comment_count=_int(_first(classification, "comment_count")),
        views=_int(_first(classification, "views")),
        comments=_comments(classification),
        inferred=tuple(sorted(inferred.items())),
    )
