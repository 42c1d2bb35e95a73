"""Static SVG pictures drawn at build time: the map of Korea and bar charts.

The SVG is written inline into the page, so it takes its colours from the
theme's CSS variables (``overrides/assets/stylesheets/atlas.css``) and reads
right in light and dark mode. No tiles, fonts or scripts are fetched.
Output is deterministic: coordinates are rounded and ordered.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import RuleError
from .numbers import format_number
from .rules import RULES_DIR, load_yaml


@dataclass(frozen=True)
class MapStyle:
    """The outline and frame of the map (``rules/map.yml``)."""

    west: float
    east: float
    south: float
    north: float
    width: int
    outline: tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True)
class MapMarker:
    """A region on the map: where it is, its name and the number shown."""

    name: str
    lon: float
    lat: float
    count: int


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: what it is, its value and the value as printed."""

    label: str
    value: float
    shown: str


@lru_cache(maxsize=4)
def load_map_style(folder: Path = RULES_DIR) -> MapStyle:
    """Read ``map.yml``."""
    path = folder / "map.yml"
    raw = load_yaml(path)
    try:
        b = raw["bounds"]
        return MapStyle(
            float(b["west"]), float(b["east"]), float(b["south"]), float(b["north"]), int(raw["width"]),
            tuple(tuple((float(x), float(y)) for x, y in ring) for ring in raw["outline"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RuleError(f"{path}: missing or malformed setting {exc}") from None


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def korea_map_svg(markers: list[MapMarker], style: MapStyle, title: str) -> str:
    """A map of South Korea with a circle per region sized by its count."""
    mid = math.radians((style.north + style.south) / 2)
    x_span = (style.east - style.west) * math.cos(mid)
    scale = style.width / x_span
    height = round((style.north - style.south) * scale)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - style.west) * math.cos(mid) * scale, 1), round((style.north - lat) * scale, 1)

    paths = []
    for ring in style.outline:
        points = " ".join(f"{x},{y}" for x, y in (xy(lon, lat) for lon, lat in ring))
        paths.append(f'<polygon class="atlas-land" points="{points}"/>')
    top = max((m.count for m in markers), default=1)
    dots = []
    # Biggest first, so small circles stay on top and visible.
    for m in sorted(markers, key=lambda m: (-m.count, m.name)):
        x, y = xy(m.lon, m.lat)
        r = round(6 + 10 * math.sqrt(m.count / top), 1)
        dots.append(
            f'<g class="atlas-marker"><circle cx="{x}" cy="{y}" r="{r}"/>'
            f'<text class="atlas-count" x="{x}" y="{round(y + 4, 1)}" text-anchor="middle">{m.count}</text>'
            f'<text class="atlas-place" x="{round(x + r + 3, 1)}" y="{round(y + 4, 1)}">{_e(m.name)}</text></g>'
        )
    return (
        f'<svg class="atlas-map" viewBox="0 0 {style.width} {height}" width="{style.width}" height="{height}" '
        f'role="img" aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{_e(title)}</title>{''.join(paths)}{''.join(dots)}</svg>"
    )


def bar_chart_svg(bars: list[Bar], title: str, width: int = 560) -> str:
    """A horizontal bar chart, one labelled bar per region, longest first."""
    label_w, value_w, row_h, top = 90, 110, 28, 8
    plot_w = width - label_w - value_w
    biggest = max((b.value for b in bars), default=0) or 1
    height = top * 2 + row_h * len(bars)
    rows = []
    for i, bar in enumerate(sorted(bars, key=lambda b: (-b.value, b.label))):
        y = top + i * row_h
        w = max(2.0, round(plot_w * bar.value / biggest, 1))
        rows.append(
            f'<text class="atlas-place" x="{label_w - 8}" y="{y + 18}" text-anchor="end">{_e(bar.label)}</text>'
            f'<rect class="atlas-bar" x="{label_w}" y="{y + 5}" width="{w}" height="{row_h - 10}" rx="3"/>'
            f'<text class="atlas-value" x="{round(label_w + w + 6, 1)}" y="{y + 18}">{_e(bar.shown)}</text>'
        )
    return (
        f'<svg class="atlas-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{_e(title)}</title>{''.join(rows)}</svg>"
    )


def figure(svg: str, caption: str) -> str:
    """The SVG in a ``<figure>`` with a caption, on one line (a raw HTML block in Markdown)."""
    return f'<figure class="atlas-figure">{svg}<figcaption>{_e(caption)}</figcaption></figure>'


def shown_number(value: float, unit: str | None) -> str:
    """A figure as a chart prints it (40,000명)."""
    return f"{format_number(value)}{unit or ''}"
