"""Stage 4 — article metadata from classified lines and the body text.

Stated values come from the lines the classifier tagged; a value read off the
text instead (a derived title, a year, a kind, a national scope) is recorded
in ``inferred`` with how it was inferred. Unknown stays ``None``.
"""
from __future__ import annotations

import datetime as dt
import math
import re

from .models import ArticleMeta, Classification, Destination, LineKind, ReaderComment, RegionMention
from .rules import RuleBook

_DOTTED_DATE = re.compile(r"(\d{4})[.-]\s?(\d{1,2})[.-]\s?(\d{1,2})")
_KOREAN_DATE = re.compile(r"(\d{4})년\s?(\d{1,2})월\s?(\d{1,2})일")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_WS = re.compile(r"\s+")


def parse_date(text: str) -> dt.date | None:
    """A calendar date from ``2023.12.17``, ``2019. 10.08``, ``2025-08-29`` or ``2019년 11월 13일``."""
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
    # Any other label in brackets before the headline ([현장], [속보]) is not part of it.
    label = rules.title_label.match(title)
    if label and label.end() < len(title):
        title = title[label.end():].strip()
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


def _kicker(classification: Classification) -> str | None:
    """The rubric printed right above the headline (only blank lines between), if any.

    Rubrics further up are mastheads, slogans and menu items, not the article's section.
    """
    above = None
    for line in classification.lines:
        if line.kind is LineKind.TITLE:
            return above.text if above is not None and above.kind is LineKind.RUBRIC else None
        if line.kind is not LineKind.BLANK:
            above = line
    return None


def find_outlet(classification: Classification, rules: RuleBook) -> str | None:
    """The outlet the page names.

    In order: a copyright line, a dateline or name line, a reporter's e-mail
    domain, a masthead or menu line above the article, and last a bare credit
    mark under the article (ⓒ 새전북신문). Spellings the
    registry knows become its canonical name; a name stated on the page that
    the registry does not know is kept as printed; an e-mail domain or a
    masthead counts only when the registry knows it. Where a later source names
    a more specific outlet (목포MBC after a network's MBC), that one is kept.
    """
    registry = rules.outlets
    # A press release reprinted by a portal names its original publisher.
    for value, _line in classification.captured("source_outlet"):
        known = registry.named(value) or registry.mentioned_in(value)
        return known.name if known else value
    found: list[str] = []
    for line in classification.lines:
        if line.rule.startswith("copyright"):
            known = registry.mentioned_in(line.text)
            if known:
                found.append(known.name)
    for value, _line in classification.captured("outlet"):
        known = registry.named(value) or registry.mentioned_in(value)
        found.append(known.name if known else value)
    for value, _line in classification.captured("author_email"):
        known = registry.by_domain(value.rsplit("@", 1)[-1])
        if known:
            found.append(known.name)
    # Mastheads: the furniture and rubric lines above the headline.
    top = next((l.number for l in classification.lines if l.kind in (LineKind.TITLE, LineKind.BODY)), 0)
    mastheads = [
        known.name
        for line in classification.lines
        if line.number < top and line.kind in (LineKind.BOILERPLATE, LineKind.RUBRIC)
        for known in [registry.mentioned_in(line.text)]
        if known
    ]
    if not found and not mastheads:
        # Last: a bare credit mark under the article (ⓒ 새전북신문) naming a news outlet.
        end = max((l.number for l in classification.lines if l.destination is Destination.BODY), default=0)
        credits = [
            known.name
            for line in classification.lines
            if line.number > end and line.rule == "photo-caption" and rules.structure.credit_mark.fullmatch(line.text)
            for known in [registry.mentioned_in(line.text)]
            if known and known.type != "government"
        ]
        return credits[0] if credits else None
    if not found:
        return mastheads[0]
    first = found[0]
    found += mastheads
    return next((name for name in found if first in name and name != first), first)


def _split_series_marker(title: str, rules: RuleBook) -> tuple[str, str | None]:
    """A headline without its trailing series marker (``… [인천 AI 대전환 ②]``) and the marker."""
    match = rules.series_marker.search(title)
    if not match or match.start() == 0:
        return title, None
    return title[: match.start()].rstrip(), match.group("series").strip()


def _author(classification: Classification, kind: str | None) -> str | None:
    """The first byline's name; in an interview, the reporter's (the name under the title is the interviewee's)."""
    names = [(value, line) for value, line in classification.captured("author")]
    if kind == "인터뷰":
        reporters = [v for v, line in names if "기자" in dict(line.fields).get("author_role", "")]
        if reporters:
            return reporters[0]
    return names[0][0].strip() if names else None


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
    title, marker = _split_series_marker(title, rules)
    kind, title, kind_reason = _kind(title, classification, body, rules)
    if kind_reason:
        inferred["kind"] = kind_reason

    # A labelled publication stamp wins; an unlabelled one counts only when
    # the page has none (an update stamp never does).
    prefix = "published" if classification.captured("published_date") else "unlabelled"
    published_date = _first(classification, f"{prefix}_date")
    date = parse_date(published_date) if published_date else None
    published = None
    if date:
        published = date.isoformat()
        time = _first(classification, f"{prefix}_time")
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

    section = _kicker(classification) or _first(classification, "section")
    characters = len(_WS.sub("", body))
    return ArticleMeta(
        title=title,
        deck=tuple(_WS.sub(" ", line.text) for line in classification.of_kind(LineKind.DECK)),
        kind=kind,
        section=section,
        series=_first(classification, "series") or marker,
        author=_author(classification, kind),
        author_role=_first(classification, "author_role"),
        author_email=_first(classification, "author_email"),
        outlet=find_outlet(classification, rules),
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
