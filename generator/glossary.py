"""The glossary (``rules/glossary.yml``) and the tooltips it puts on pages.

A page marks the first use of each term with ``<abbr title="…">``, which
Material turns into a tooltip (``content.tooltips``). The seed text around
and inside the mark is escaped as always; only the ``abbr`` element is
markup, and its title comes from the glossary, not from a seed.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import RuleError
from .markdown_text import escape_line_start, escape_markdown
from .rules import RULES_DIR, any_of, compile_rule, load_yaml


@dataclass(frozen=True)
class Term:
    """A glossary entry."""

    id: str
    term: str
    pattern: re.Pattern[str]
    short: str
    long: str


@lru_cache(maxsize=4)
def load_glossary(folder: Path = RULES_DIR) -> tuple[Term, ...]:
    """Read ``glossary.yml``; a bad entry fails naming the file and the term."""
    path = folder / "glossary.yml"
    terms = []
    for raw in load_yaml(path).get("terms", []):
        try:
            terms.append(
                Term(str(raw["id"]), str(raw["term"]), compile_rule(path, f"term {raw.get('id', '?')}", raw["match"]), str(raw["short"]), str(raw.get("long") or raw["short"]))
            )
        except (KeyError, TypeError) as exc:
            raise RuleError(f"{path}: term {raw.get('id', '?')}: missing or malformed {exc}") from None
    return tuple(terms)


@lru_cache(maxsize=4)
def _any_term(terms: tuple[Term, ...]) -> re.Pattern[str] | None:
    return any_of([term.pattern for term in terms])


class TermMarker:
    """Marks each glossary term the first time one page uses it."""

    def __init__(self, terms: tuple[Term, ...]) -> None:
        self.terms = terms
        self.used: set[str] = set()
        self.any_term = _any_term(terms)

    def __call__(self, text: str) -> str:
        """``text`` as escaped Markdown, first uses of terms wrapped in ``<abbr>``."""
        text = " ".join(text.split())
        if self.any_term is not None and not self.any_term.search(text):
            return escape_markdown(text)  # most blocks name no term: one search instead of one per term
        spans: list[tuple[int, int, Term]] = []
        for term in self.terms:
            if term.id in self.used:
                continue
            match = term.pattern.search(text)
            while match and any(a < match.end() and match.start() < b for a, b, _ in spans):
                match = term.pattern.search(text, match.end())
            if match and match.end() > match.start():
                spans.append((match.start(), match.end(), term))
                self.used.add(term.id)
        if not spans:
            return escape_markdown(text)
        out, position = [], 0
        for start, end, term in sorted(spans, key=lambda s: s[0]):
            out.append(escape_markdown(text[position:start], inline=True))
            title = html.escape(term.short, quote=True)
            out.append(f'<abbr title="{title}">{escape_markdown(text[start:end], inline=True)}</abbr>')
            position = end
        out.append(escape_markdown(text[position:], inline=True))
        joined = "".join(out)
        # A term starts with a letter, so a line opening with one needs no line-start escape.
        return joined if joined.startswith("<abbr") else escape_line_start(joined)
