"""Stage 5 — restore the structure the scrape flattened.

Body lines become paragraphs (lines broken mid-sentence are joined), inline
``◆`` markers become headings, ``▲`` runs become bulleted lists, and a
paragraph break the scrape glued ("…다.경북도는") is put back. Every
paragraph and list item gets an anchor derived from its text, so a link to
it survives edits elsewhere in the article.
"""
from __future__ import annotations

import hashlib
import re

from .models import Block, BulletList, Classification, ClassifiedLine, Heading, LineKind, Paragraph, PullQuote
from .rules import RuleBook, StructureRules

_SPACES = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


class _Anchors:
    """Hands out ``p-<hash>`` anchors, unique within one article."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, text: str, prefix: str = "p") -> str:
        base = f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}"
        anchor, n = base, 2
        while anchor in self.used:
            anchor, n = f"{base}-{n}", n + 1
        self.used.add(anchor)
        return anchor


def _join(left: str, right: str) -> str:
    # A parenthesis that opens the next line belongs to the word before it.
    return left + right if right.startswith("(") or left.endswith("(") else f"{left} {right}"


def _paragraph_runs(classification: Classification, st: StructureRules) -> list[tuple[LineKind, str, tuple[int, ...]]]:
    """Body lines grouped into runs: (kind, text, seed line numbers)."""
    runs: list[tuple[LineKind, str, tuple[int, ...]]] = []
    last: ClassifiedLine | None = None
    for line in classification.lines:
        if line.kind not in (LineKind.BODY, LineKind.HEADING, LineKind.LIST_ITEM, LineKind.PULL_QUOTE):
            continue
        text = _squash(line.content)
        # Adjacent lines of one run: a pull-quote spread over lines, or a
        # sentence the scrape broke (the previous line does not end it).
        continuing = (
            last is not None
            and line.kind is last.kind
            and line.number == last.number + 1
            and (
                line.kind is LineKind.PULL_QUOTE
                or (line.kind is LineKind.BODY and not st.sentence_end.search(runs[-1][1]))
            )
        )
        if continuing:
            kind, joined, numbers = runs[-1]
            runs[-1] = (kind, _join(joined, text), numbers + (line.number,))
        else:
            runs.append((line.kind, text, (line.number,)))
        last = line
    return runs


def _split_list(text: str, lines: tuple[int, ...], st: StructureRules, anchor: _Anchors) -> list[Block]:
    """Prose with ``▲`` items → paragraphs and bulleted lists, in order."""
    if text.count(st.list_marker) < st.list_min_items:
        return [Paragraph(text, anchor(text), lines)]
    parts = text.split(st.list_marker)
    blocks: list[Block] = []
    if parts[0].strip():
        blocks.append(Paragraph(parts[0].strip(), anchor(parts[0].strip()), lines))
    items: list[Paragraph] = []
    for part in parts[1:]:
        tail = st.list_item_tail.search(part)
        item, rest = (part[: tail.start()], part[tail.end():]) if tail else (part, "")
        items.append(Paragraph(item.strip(), anchor(item.strip(), "li"), lines))
        if rest.strip():
            blocks.append(BulletList(tuple(items), lines))
            blocks.append(Paragraph(rest.strip(), anchor(rest.strip()), lines))
            items = []
    if items:
        blocks.append(BulletList(tuple(items), lines))
    return blocks


def _split_inline(text: str, lines: tuple[int, ...], st: StructureRules, anchor: _Anchors) -> list[Block]:
    """One scraped paragraph → paragraphs, inline headings and lists."""
    blocks: list[Block] = []
    for piece in (p.strip() for p in st.glued_break.split(text)):
        if not piece:
            continue
        position = 0
        for match in st.inline_heading.finditer(piece):
            before = piece[position: match.start()].strip()
            if before:
                blocks.extend(_split_list(before, lines, st, anchor))
            heading = match.group("heading").strip()
            blocks.append(Heading(heading, anchor(heading, "h"), lines))
            position = match.end()
        rest = piece[position:].strip()
        if rest:
            blocks.extend(_split_list(rest, lines, st, anchor))
    return blocks


def build_blocks(classification: Classification, rules: RuleBook) -> tuple[Block, ...]:
    """The article body as a sequence of blocks, in reading order."""
    st = rules.structure
    anchor = _Anchors()
    blocks: list[Block] = []
    pending_items: list[Paragraph] = []
    pending_lines: tuple[int, ...] = ()

    def flush_items() -> None:
        nonlocal pending_items, pending_lines
        if pending_items:
            blocks.append(BulletList(tuple(pending_items), pending_lines))
            pending_items, pending_lines = [], ()

    for kind, text, lines in _paragraph_runs(classification, st):
        if kind is LineKind.LIST_ITEM:
            pending_items.append(Paragraph(text, anchor(text, "li"), lines))
            pending_lines += lines
            continue
        flush_items()
        if kind is LineKind.PULL_QUOTE:
            blocks.append(PullQuote(text, lines))
        elif kind is LineKind.HEADING:
            blocks.append(Heading(text, anchor(text, "h"), lines))
        else:
            blocks.extend(_split_inline(text, lines, st, anchor))
    flush_items()
    return tuple(blocks)


def body_text(blocks: tuple[Block, ...]) -> str:
    """The article's own words (no pull-quote repeats), one block per line."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, BulletList):
            out.extend(item.text for item in block.items)
        elif isinstance(block, (Paragraph, Heading)):
            out.append(block.text)
    return "\n".join(out)
