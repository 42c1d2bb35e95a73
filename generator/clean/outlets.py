"""The registry of Korean news outlets (``rules/outlets.yml``) and its look-ups.

An outlet is named on a page by a copyright line, a wire dateline
(``(부산=뉴스1)``), a reporter's e-mail domain or a line with its name alone.
The registry turns any of those spellings into one canonical name; a name it
does not know stays unknown unless the page states it in a copyright line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import RuleError

_DOMAIN = re.compile(r"[\w.+-]+@(?P<mail>[\w-]+(?:\.[\w-]+)+)|(?:https?://)?(?:www\.)?(?P<web>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|kr|net|co\.kr|or\.kr|go\.kr|tv))\b", re.IGNORECASE)
_FOLD = re.compile(r"[\s·\-_.]+")


def _fold(text: str) -> str:
    return _FOLD.sub("", text).casefold()


@dataclass(frozen=True)
class Outlet:
    """One news outlet: its canonical name, other spellings and domains."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    type: str
    region: str | None = None


@dataclass(frozen=True)
class OutletRegistry:
    """Every known outlet, with look-ups by spelling and by domain (built once, in ``from_mapping``)."""

    outlets: tuple[Outlet, ...]
    spellings: dict[str, Outlet] = field(default_factory=dict, compare=False)
    domains: dict[str, Outlet] = field(default_factory=dict, compare=False)
    mentions: re.Pattern[str] = field(default=re.compile(r"(?!)"), compare=False)

    @classmethod
    def from_mapping(cls, data: dict[str, Any], path: Path) -> "OutletRegistry":
        """Build the registry from ``outlets.yml``'s mapping (RuleError naming the entry if malformed)."""
        outlets = []
        for i, raw in enumerate(data.get("outlets") or []):
            if not isinstance(raw, dict) or not raw.get("name"):
                raise RuleError(f"{path}: outlet #{i + 1}: needs a name")
            outlets.append(
                Outlet(
                    name=str(raw["name"]),
                    aliases=tuple(str(a) for a in raw.get("aliases") or ()),
                    domains=tuple(str(d).lower() for d in raw.get("domains") or ()),
                    type=str(raw.get("type") or "internet"),
                    region=raw.get("region"),
                )
            )
        names = [o.name for o in outlets]
        if len(names) != len(set(names)):
            raise RuleError(f"{path}: outlet names must be unique")
        spellings: dict[str, Outlet] = {}
        for outlet in outlets:
            for spelling in (outlet.name, *outlet.aliases):
                spellings.setdefault(_fold(spelling), outlet)
        ordered = sorted({s for o in outlets for s in (o.name, *o.aliases) if len(s) >= 2}, key=lambda s: (-len(s), s))
        # A spelling counts inside a longer text only where it is not part of a longer
        # Latin word or of a domain (biz.sbs.co.kr is not SBS).
        mentions = re.compile(
            r"(?<![A-Za-z0-9.@/])(?:" + ("|".join(re.escape(s) for s in ordered) or "(?!)") + r")(?![A-Za-z0-9@]|\.[A-Za-z])",
            re.IGNORECASE,
        )
        return cls(tuple(outlets), spellings, {d: o for o in outlets for d in o.domains}, mentions)

    def named(self, text: str) -> Outlet | None:
        """The outlet this whole text is a spelling of (``뉴스1``, ``news1``, ``연합뉴스``)."""
        return self.spellings.get(_fold(text)) if text.strip() else None

    def by_domain(self, domain: str) -> Outlet | None:
        """The outlet owning a web or e-mail domain, or one of its parents (``m.yna.co.kr``)."""
        parts = domain.lower().removeprefix("www.").split(".")
        for i in range(len(parts) - 1):
            found = self.domains.get(".".join(parts[i:]))
            if found:
                return found
        return None

    def mentioned_in(self, text: str) -> Outlet | None:
        """The outlet a longer text names: its longest known spelling, else a domain in it."""
        best: Outlet | None = None
        best_length = 0
        for match in self.mentions.finditer(text):
            outlet = self.named(match.group())
            if outlet and len(match.group()) > best_length:
                best, best_length = outlet, len(match.group())
        if best:
            return best
        for match in _DOMAIN.finditer(text):
            found = self.by_domain(match.group("mail") or match.group("web"))
            if found:
                return found
        return None
