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


@dataclass(frozen=True)
class PlacedMarker:
    """A marker as drawn: its circle (moved off its neighbours), its true spot and its label."""

    marker: MapMarker
    x: float
    y: float
    r: float
    at: tuple[float, float]
    label_x: float
    label_y: float
    anchor: str
    label_box: tuple[float, float, float, float]


PLACE_FONT_PX = 12  # .atlas-place in atlas.css
_GAP = 2.0


def _text_width(text: str, size: float = PLACE_FONT_PX) -> float:
    """Rough width of a label: Hangul and other wide letters are one em, the rest about 0.6."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Area two boxes (left, top, right, bottom) share."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _separate(centres: list[list[float]], radii: list[float], rounds: int = 300) -> None:
    """Push overlapping circles apart in place (the bigger one moves less); deterministic."""
    for _ in range(rounds):
        moved = False
        for i in range(len(centres)):
            for j in range(i + 1, len(centres)):
                dx, dy = centres[j][0] - centres[i][0], centres[j][1] - centres[i][1]
                distance = math.hypot(dx, dy)
                need = radii[i] + radii[j] + _GAP
                if distance >= need - 1e-9:
                    continue
                if distance < 1e-6:  # the same spot: split along a fixed direction per pair
                    angle = (i * 7 + j * 13) % 360
                    dx, dy, distance = math.cos(math.radians(angle)), math.sin(math.radians(angle)), 1.0
                push = need - distance
                share_i = radii[j] / (radii[i] + radii[j])
                centres[i][0] -= dx / distance * push * share_i
                centres[i][1] -= dy / distance * push * share_i
                centres[j][0] += dx / distance * push * (1 - share_i)
                centres[j][1] += dy / distance * push * (1 - share_i)
                moved = True
        if not moved:
            return


def layout_markers(markers: list[MapMarker], style: MapStyle) -> tuple[list[PlacedMarker], int]:
    """Circles that do not overlap and labels that overlap neither circles nor each other; the map height.

    Circles of neighbouring places (서울, 판교, 경기, 용인) are pushed apart
    and keep a thin line to their true spot. Each label takes the first free
    side of its circle — right, left, above, below, then the corners — or,
    when none is free, the side it overlaps least.
    """
    mid = math.radians((style.north + style.south) / 2)
    scale = style.width / ((style.east - style.west) * math.cos(mid))
    height = round((style.north - style.south) * scale)
    top = max((m.count for m in markers), default=1)
    # Biggest first: it is drawn first (small circles stay on top) and labelled first.
    ordered = sorted(markers, key=lambda m: (-m.count, m.name))
    spots = [((m.lon - style.west) * math.cos(mid) * scale, (style.north - m.lat) * scale) for m in ordered]
    radii = [round(6 + 10 * math.sqrt(m.count / top), 1) for m in ordered]
    centres = [[x, y] for x, y in spots]
    _separate(centres, radii)
    circles = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(centres, radii)]
    labels: list[tuple[float, float, float, float]] = []
    placed = []
    for k, (m, (x, y), r) in enumerate(zip(ordered, centres, radii)):
        w, h = _text_width(m.name), PLACE_FONT_PX
        d = r + 3
        candidates = [  # (text x, baseline y, anchor, box)
            (x + d, y + 4, "start", (x + d, y - 8, x + d + w, y + 6)),
            (x - d, y + 4, "end", (x - d - w, y - 8, x - d, y + 6)),
            (x, y - d - 3, "middle", (x - w / 2, y - d - h - 2, x + w / 2, y - d)),
            (x, y + d + h - 1, "middle", (x - w / 2, y + d, x + w / 2, y + d + h + 2)),
            (x + d * 0.7, y - d * 0.7, "start", (x + d * 0.7, y - d * 0.7 - h, x + d * 0.7 + w, y - d * 0.7 + 2)),
            (x + d * 0.7, y + d * 0.7 + h - 2, "start", (x + d * 0.7, y + d * 0.7, x + d * 0.7 + w, y + d * 0.7 + h)),
            (x - d * 0.7, y - d * 0.7, "end", (x - d * 0.7 - w, y - d * 0.7 - h, x - d * 0.7, y - d * 0.7 + 2)),
            (x - d * 0.7, y + d * 0.7 + h - 2, "end", (x - d * 0.7 - w, y + d * 0.7, x - d * 0.7, y + d * 0.7 + h)),
        ]

        def cost(candidate: tuple[float, float, str, tuple[float, float, float, float]]) -> float:
            box = candidate[3]
            outside = max(0.0, -box[0]) + max(0.0, box[2] - style.width) + max(0.0, -box[1]) + max(0.0, box[3] - height)
            hits = sum(_overlap(box, other) for i, other in enumerate(circles) if i != k)
            return outside * 100 + hits + sum(_overlap(box, other) for other in labels)

        best = min(candidates, key=lambda c: (cost(c) > 0, cost(c)))  # the first free side, else the least overlap
        labels.append(best[3])
        placed.append(PlacedMarker(
            m, round(x, 1), round(y, 1), r, (round(spots[k][0], 1), round(spots[k][1], 1)),
            round(best[0], 1), round(best[1], 1), best[2], tuple(round(v, 1) for v in best[3]),  # type: ignore[arg-type]
        ))
    return placed, height


def korea_map_svg(markers: list[MapMarker], style: MapStyle, title: str) -> str:
    """A map of South Korea with a circle per region sized by its count."""
    placed, height = layout_markers(markers, style)
    mid = math.radians((style.north + style.south) / 2)
    scale = style.width / ((style.east - style.west) * math.cos(mid))

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - style.west) * math.cos(mid) * scale, 1), round((style.north - lat) * scale, 1)

    paths = []
    for ring in style.outline:
        points = " ".join(f"{x},{y}" for x, y in (xy(lon, lat) for lon, lat in ring))
        paths.append(f'<polygon class="atlas-land" points="{points}"/>')
    leaders, dots, names = [], [], []
    for p in placed:
        if math.hypot(p.x - p.at[0], p.y - p.at[1]) > 3:  # moved off its true spot: a line back to it
            leaders.append(
                f'<line class="atlas-leader" x1="{p.at[0]}" y1="{p.at[1]}" x2="{p.x}" y2="{p.y}"/>'
                f'<circle class="atlas-spot" cx="{p.at[0]}" cy="{p.at[1]}" r="1.5"/>'
            )
        dots.append(
            f'<g class="atlas-marker"><circle cx="{p.x}" cy="{p.y}" r="{p.r}"/>'
            f'<text class="atlas-count" x="{p.x}" y="{round(p.y + 4, 1)}" text-anchor="middle">{p.marker.count}</text></g>'
        )
        anchor = "" if p.anchor == "start" else f' text-anchor="{p.anchor}"'
        names.append(f'<text class="atlas-place" x="{p.label_x}" y="{p.label_y}"{anchor}>{_e(p.marker.name)}</text>')
    return (
        f'<svg class="atlas-map" viewBox="0 0 {style.width} {height}" width="{style.width}" height="{height}" '
        f'role="img" aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{_e(title)}</title>{''.join(paths)}{''.join(leaders)}{''.join(dots)}{''.join(names)}</svg>"
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
