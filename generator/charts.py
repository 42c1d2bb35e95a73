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
    """The frame of the map (``rules/map.yml``) and the province outlines (``rules/korea_outlines.yml``)."""

    west: float
    east: float
    south: float
    north: float
    width: int
    # (province id, polygons), each polygon its rings of (lon, lat): outer first, then holes.
    provinces: tuple[tuple[str, tuple[tuple[tuple[tuple[float, float], ...], ...], ...]], ...]
    margin: float = 0.15

    def bounds_of(self, province: str) -> tuple[float, float, float, float]:
        """(west, east, south, north) around one province's outline, with a margin."""
        points = [p for pid, polygons in self.provinces if pid == province for poly in polygons for p in poly[0]]
        if not points:
            return self.west, self.east, self.south, self.north
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        pad = max(max(xs) - min(xs), max(ys) - min(ys)) * self.margin + 0.02
        return min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad


@dataclass(frozen=True)
class MapMarker:
    """A place on the map: where it is, its name, the number shown and its tooltip."""

    name: str
    lon: float
    lat: float
    count: int
    title: str = ""


@dataclass(frozen=True)
class MapArea:
    """A province as the map shades it: how dark (0–3) and its tooltip."""

    region: str
    shade: int
    title: str


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: what it is, its value and the value as printed."""

    label: str
    value: float
    shown: str


@lru_cache(maxsize=4)
def load_map_style(folder: Path = RULES_DIR) -> MapStyle:
    """Read ``map.yml`` and the outlines it names."""
    path = folder / "map.yml"
    raw = load_yaml(path)
    try:
        b = raw["bounds"]
        outlines = load_yaml(folder / raw["outlines"])["provinces"]
        return MapStyle(
            float(b["west"]), float(b["east"]), float(b["south"]), float(b["north"]), int(raw["width"]),
            tuple(
                (str(pid), tuple(tuple(tuple((float(x), float(y)) for x, y in ring) for ring in poly) for poly in polygons))
                for pid, polygons in outlines.items()
            ),
            float(raw.get("zoom_margin", 0.15)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RuleError(f"{path}: missing or malformed setting {exc}") from None


def _e(text: str) -> str:
    return html.escape(text, quote=True)


# Label boxes: Hangul at the CSS font size (.atlas-place, 12px) is about this wide per character.
_CHAR_W, _LABEL_H = 12.5, 14.0


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def korea_map_svg(
    markers: list[MapMarker],
    style: MapStyle,
    title: str,
    areas: tuple[MapArea, ...] = (),
    focus: str | None = None,
) -> str:
    """A map of South Korea (or, with ``focus``, of one province and its neighbours).

    Provinces are drawn from their outlines, shaded by ``areas``; each marker
    is a circle sized by its count. Labels are placed beside their circle
    where they overlap no other circle or label (right, left, above, below),
    else left out — the circle's tooltip still names it.
    """
    west, east, south, north = style.bounds_of(focus) if focus else (style.west, style.east, style.south, style.north)
    mid = math.radians((north + south) / 2)
    scale = style.width / ((east - west) * math.cos(mid))
    height = round((north - south) * scale)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - west) * math.cos(mid) * scale, 1), round((north - lat) * scale, 1)

    shade = {a.region: a for a in areas}
    paths = []
    for pid, polygons in style.provinces:
        rings = [
            ring for poly in polygons for ring in poly
            if any(west <= x <= east and south <= y <= north for x, y in poly[0]) or not focus
        ]
        if not rings:
            continue
        d = []
        for ring in rings:
            points = []
            for lon, lat in ring:
                p = xy(lon, lat)
                if not points or p != points[-1]:
                    points.append(p)
            d.append("M" + " ".join(f"{x},{y}" for x, y in points) + "Z")
        classes = ["atlas-land"]
        if pid in shade:
            classes.append(f"atlas-shade-{shade[pid].shade}")
        if focus and pid != focus:
            classes.append("atlas-land--other")
        tip = f"<title>{_e(shade[pid].title)}</title>" if pid in shade else ""
        paths.append(f'<path class="{" ".join(classes)}" d="{"".join(d)}">{tip}</path>')

    top = max((m.count for m in markers), default=1)
    # Biggest first, so small circles stay on top and visible, and big places get their labels first.
    ordered = sorted(markers, key=lambda m: (-m.count, m.name))
    circles: list[tuple[MapMarker, float, float, float]] = []
    leaders = []
    for m in ordered:
        x0, y0 = xy(m.lon, m.lat)
        r = round(5 + 9 * math.sqrt(m.count / top), 1)
        # A place inside another (빛가람혁신도시 in 나주) would hide under it: move
        # out along a spiral until free, with a line back to where it is.
        x, y = x0, y0
        for step in range(1, 60):
            if all(math.hypot(x - cx, y - cy) >= r + cr + 1 for _, cx, cy, cr in circles):
                break
            angle, reach = math.radians(step * 40 - 90), 4 + step * 1.5
            x, y = round(x0 + reach * math.cos(angle), 1), round(y0 + reach * math.sin(angle), 1)
        if (x, y) != (x0, y0):
            leaders.append(f'<line class="atlas-leader" x1="{x0}" y1="{y0}" x2="{x}" y2="{y}"/>')
        circles.append((m, x, y, r))
    taken = [(x - r, y - r, x + r, y + r) for _, x, y, r in circles]
    dots = []
    for m, x, y, r in circles:
        w = len(m.name) * _CHAR_W
        label = None
        for lx, ly, anchor in (
            (x + r + 3, y + 4, "start"), (x - r - 3, y + 4, "end"), (x, y - r - 4, "middle"), (x, y + r + 13, "middle"),
        ):
            left = lx if anchor == "start" else lx - w if anchor == "end" else lx - w / 2
            box = (left, ly - _LABEL_H + 3, left + w, ly + 3)
            own = (x - r, y - r, x + r, y + r)
            inside = 0 <= box[0] and box[2] <= style.width and 0 <= box[1] and box[3] <= height
            if inside and not any(_overlaps(box, t) for t in taken if t != own):
                label = (round(lx, 1), round(ly, 1), anchor)
                taken.append(box)
                break
        tip = f"<title>{_e(m.title or f'{m.name} {m.count}')}</title>"
        text = ""
        if label:
            anchor = "" if label[2] == "start" else f' text-anchor="{label[2]}"'
            text = f'<text class="atlas-place" x="{label[0]}" y="{label[1]}"{anchor}>{_e(m.name)}</text>'

        dots.append(
            f'<g class="atlas-marker">{tip}<circle cx="{x}" cy="{y}" r="{r}"/>'
            f'<text class="atlas-count" x="{x}" y="{round(y + 4, 1)}" text-anchor="middle">{m.count}</text>{text}</g>'
        )
    return (
        f'<svg class="atlas-map" viewBox="0 0 {style.width} {height}" width="{style.width}" height="{height}" '
        f'role="img" aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{_e(title)}</title>{''.join(paths)}{''.join(leaders)}{''.join(dots)}</svg>"
    )


def bar_chart_svg(bars: list[Bar], title: str, width: int = 560) -> str:
    """A horizontal bar chart, one labelled bar per region, longest first."""
    # Room for the longest place name (빛가람혁신도시), at least 90 pixels.
    label_w = max(90, round(max((len(b.label) for b in bars), default=0) * _CHAR_W + 10))
    value_w, row_h, top = 110, 28, 8
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
