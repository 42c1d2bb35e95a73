"""Readers of single lines: what furniture shape, byline, date line or glued byline a line is.

Each takes one line (after ``clean_line``) and the rule book, and answers
without looking at the rest of the page; ``generator.classify`` decides with
their answers and the line's place on the page.
"""
from __future__ import annotations

import re
from typing import Callable

from ..models import LineKind
from ..rules import BoilerplateRule, MetadataRule, RuleBook
from .datelines import publication, read_stamps

_STRIP = " \t\u00a0\u200b\u3000\ufeff"
_SPACES = re.compile(r"\s+")
_NUMBERED_FIELD = re.compile(r"_\d+$")
# Separators around what a date line holds besides its stamps (| · l : and the like).
_SEPARATORS = re.compile(r"^(?:[\s|:：/·,-]|l(?![A-Za-z]))+|(?:[\s|:：/·,-]|(?<![A-Za-z])l)+$")
# A line that ends like a written sentence (다. 요. ? ! or a closing quote).
SENTENCE_END = re.compile(r"[.!?…。][\"”’'」』)\]]*$|[\"”’」』]$")


def nearest_printed(i: int, step: int, count: int, is_blank: Callable[[int], bool]) -> int | None:
    """The index of the first line past ``i`` (walking by ``step``) that ``is_blank`` does not pass over, or None."""
    j = i + step
    while 0 <= j < count and is_blank(j):
        j += step
    return j if 0 <= j < count else None


def clean_line(raw: str, rules: RuleBook) -> tuple[str, bool]:
    """The line without surrounding blanks and its leading bullet, and whether it had one."""
    text = raw.strip(_STRIP).strip()
    bare = rules.structure.bullet.sub("", text)
    return bare, bare != text


def normalize_for_compare(text: str, rules: RuleBook) -> str:
    """Text with spacing and leading list/caption marks folded, for equality tests."""
    return _SPACES.sub(" ", rules.structure.caption_marks.sub("", text))


def match_boilerplate(text: str, rules: RuleBook) -> BoilerplateRule | None:
    """The first furniture rule the whole line matches (an outlet's name may lead it), or None."""
    # Most lines match no rule: one merged match instead of one per rule.
    if rules.any_boilerplate is None or rules.any_boilerplate.match(text):
        for rule in rules.boilerplate:
            if rule.pattern.match(text):
                return rule
    # Mastheads put the outlet's name before their buttons ("연합뉴스 본문 바로가기").
    first, _, rest = text.partition(" ")
    if rest and rules.outlets.named(first) is not None:
        return match_boilerplate(rest, rules)
    return None


def match_metadata(
    text: str, bullet: bool, zone: str | None, rules: RuleBook
) -> tuple[MetadataRule, dict[str, str]] | None:
    """The first metadata rule matching the line in ``zone`` (``None``: in any zone)."""
    for rule in rules.metadata:
        if (zone is not None and rule.zone not in ("any", zone)) or (rule.require_bullet and not bullet):
            continue
        match = rule.pattern.match(text)
        if match:
            fields = captured_fields(match)
            if "author" in fields and not rules.is_person_name(fields["author"]):
                continue
            fields.update(dict(rule.sets))
            return rule, fields
    return None


def captured_fields(match: re.Match[str]) -> dict[str, str]:
    """A match's named groups as metadata fields (``outlet_2`` fills ``outlet``; first value wins)."""
    fields: dict[str, str] = {}
    for key, value in match.groupdict().items():
        if value and value.strip():
            fields.setdefault(_NUMBERED_FIELD.sub("", key), value.strip())
    return fields


def read_dateline(text: str, rules: RuleBook) -> dict[str, str] | None:
    """The stamps of a date line in any form as fields, or None if the line is not one.

    A line holding a byline, an outlet's name or furniture (a section name)
    besides its stamps (``홍길동 기자 | 입력 …``, ``2025.09.11 과학기술정보통신부``,
    ``2024-10-08 19:47 사회``) is a date line too, and the byline's or outlet's
    fields come along.
    """
    if rules.datelines is None:
        return None
    stamps, rest = read_stamps(text, rules.datelines)
    if not stamps:
        return None
    fields: dict[str, str] = {}
    if not rules.datelines.is_filler(rest):
        rest = _SEPARATORS.sub("", rest)
        byline = match_metadata(rest, False, None, rules)
        outlet = rules.outlets.named(rest)
        if byline is not None and byline[0].kind is LineKind.BYLINE:
            fields.update(byline[1])
        elif outlet is not None:
            fields["outlet"] = outlet.name
        elif not any(label.match(rest) for label in rules.labels):  # a section name or a button may stand beside it
            return None
    first = publication(stamps)
    if first is not None:
        prefix = "published" if first.role == "published" else "unlabelled"
        fields[f"{prefix}_date"] = first.date
        if first.time:
            fields[f"{prefix}_time"] = first.time
    updated = next((s for s in stamps if s.role == "updated"), None)
    if updated is not None:
        fields["updated"] = updated.date + (f"T{updated.time}" if updated.time else "")
    return fields


def split_glued_byline(text: str, rules: RuleBook) -> tuple[int, str, str, dict[str, str]] | None:
    """(where the article text starts, rule id, reason, fields) for a byline glued to a sentence."""
    for rule in rules.glued_bylines:
        match = rule.pattern.match(text)
        if not match or len(text) - match.end() < 10:
            continue
        fields = captured_fields(match)
        if "author" in fields and not rules.is_person_name(fields["author"]):
            continue
        fields.update(dict(rule.sets))
        return match.end(), rule.id, rule.reason, fields
    return None


def boilerplate_fields(rule: BoilerplateRule, text: str, rules: RuleBook) -> dict[str, str]:
    """Metadata read out of a furniture line its rule drops (the outlet in a copyright line)."""
    for capture in rules.captures:
        if capture.rule == rule.id:
            match = capture.pattern.match(text)
            if match:
                return {k: v.strip() for k, v in match.groupdict().items() if v}
    return {}


def doubled(key: str) -> str | None:
    """The half of a line printed twice on itself ("AA" or "A A"), or None."""
    half = len(key) // 2
    for head in (key[:half], key[: (len(key) - 1) // 2]):
        if head and key in (head + head, head + " " + head):
            return head
    return None
