"""Korean numerals as written in the press: ``4천61억``, ``2만7천500``, ``2,800``.

Papers mix Arabic digits with the unit characters 십·백·천 (inside a group
of four digits) and 만·억·조 (groups of four digits). This module reads them
into numbers and writes them back the way Korean readers expect
(``4,061억 원``).
"""
from __future__ import annotations

import re

SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}
LARGE_UNITS = {"만": 10**4, "억": 10**8, "조": 10**12}

# One or more digit groups, each optionally followed by a unit character.
NUMBER_PATTERN = r"\d[\d,]*(?:\.\d+)?(?:[십백천만억조](?:\s?\d[\d,]*(?:\.\d+)?)?)*[십백천만억조]?"
_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[십백천만억조]")
_TRAILING_UNITS = re.compile(r"[십백천만억조]+$")


def parse_korean_number(text: str) -> float:
    """The value of a number written with digits and Korean units.

    >>> parse_korean_number("4천61억")
    406100000000.0
    >>> parse_korean_number("2만7천500")
    27500.0
    >>> parse_korean_number("1조5천억")
    1500000000000.0
    """
    total = 0.0
    section = 0.0  # the part below the next 만/억/조
    pending: float | None = None  # digits not yet given a unit
    tokens = _TOKEN.findall(text)
    if not tokens or not tokens[0][0].isdigit():
        raise ValueError(f"not a number: {text!r}")
    for token in tokens:
        if token[0].isdigit():
            if pending is not None:
                section += pending
            pending = float(token.replace(",", ""))
        elif token in SMALL_UNITS:
            section += (1.0 if pending is None else pending) * SMALL_UNITS[token]
            pending = None
        else:
            section += pending or 0.0
            total += (section or 1.0) * LARGE_UNITS[token]
            section, pending = 0.0, None
    return total + section + (pending or 0.0)


def parse_range(low: str, high: str) -> tuple[float, float]:
    """Both ends of a range whose first end may leave its units to the second.

    >>> parse_range("100", "200억")
    (10000000000.0, 20000000000.0)
    >>> parse_range("10억", "20억")
    (1000000000.0, 2000000000.0)
    >>> parse_range("5", "6천억")
    (500000000000.0, 600000000000.0)
    """
    upper = parse_korean_number(high)
    lower = parse_korean_number(low)
    trailing = _TRAILING_UNITS.search(high)
    if trailing and not _TRAILING_UNITS.search(low) and not any(u in low for u in SMALL_UNITS | LARGE_UNITS):
        lower *= parse_korean_number("1" + trailing.group())
    return lower, upper


def format_number(value: float) -> str:
    """Digits with thousands separators; decimals only when there are some."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def format_grouped(value: float) -> str:
    """A number in 조/억/만 groups, as papers print large ones (``15만 6,000``).

    Below 10,000 it is written with separators and its decimals (``5,098.7``).

    >>> format_grouped(156_000)
    '15만 6,000'
    >>> format_grouped(5098.7)
    '5,098.7'
    """
    if abs(value) < 10**4 or value != int(value):
        return format_number(value)
    value, parts = int(value), []
    for unit, size in (("조", 10**12), ("억", 10**8), ("만", 10**4)):
        count, value = divmod(value, size)
        if count:
            parts.append(f"{count:,}{unit}")
    if value:
        parts.append(f"{value:,}")
    return " ".join(parts)


def format_won(value: float) -> str:
    """An amount of money in 조/억/만 groups, as in ``4,061억 원``.

    >>> format_won(406_100_000_000)
    '4,061억 원'
    """
    return f"{format_grouped(round(value))} 원"
