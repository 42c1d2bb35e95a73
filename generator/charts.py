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
PLACE_FONT_PX = 12  # .atlas-place in atlas.css
_GAP = 2.0  # pixels between two circles pushed apart

Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class PlacedMarker:
    """A marker as drawn: its circle (moved off its neighbours), its true spot and its label.

    ``label_box`` is None when no side of the circle had room: the label is
    left out and the circle's tooltip names the place.
    """

    marker: MapMarker
    x: float
    y: float
    r: float
    at: tuple[float, float]
    label_x: float
    label_y: float
    anchor: str
    label_box: Box | None


@dataclass(frozen=True)
class _Frame:
    """The projection of one map: the whole country, or one province and its neighbours."""

    west: float
    east: float
    south: float
    north: float
    width: int

    @property
    def mid(self) -> float:
        return math.radians((self.north + self.south) / 2)

    @property
    def scale(self) -> float:
        return self.width / ((self.east - self.west) * math.cos(self.mid))

    @property
    def height(self) -> int:
        return round((self.north - self.south) * self.scale)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return round((lon - self.west) * math.cos(self.mid) * self.scale, 1), round((self.north - lat) * self.scale, 1)

    def holds(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


def _frame(style: MapStyle, focus: str | None) -> _Frame:
    west, east, south, north = style.bounds_of(focus) if focus else (style.west, style.east, style.south, style.north)
    return _Frame(west, east, south, north, style.width)


def _text_width(text: str, size: float = PLACE_FONT_PX) -> float:
    """Rough width of a label: Hangul and other wide letters are one em, the rest about 0.6."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def _overlap(a: Box, b: Box) -> float:
    """Area two boxes (left, top, right, bottom) share."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _separate(centres: list[list[float]], radii: list[float], width: float, height: float, rounds: int = 300) -> None:
    """Push overlapping circles apart in place (the bigger one moves less), keeping them in the frame; deterministic."""
    for _ in range(rounds):
        moved = False
        for i in range(len(centres)):
            for j in range(i + 1, len(centres)):
                dx, dy = centres[j][0] - centres[i][0], centres[j][1] - centres[i][1]
                distance = math.hypot(dx, dy)
                need = radii[i] + radii[j] + _GAP
                if distance >= need - 1e-9:
                    continue
                if distance < 1e-6:  # the same spot (빛가람혁신도시 in 나주): split along a fixed direction per pair
                    angle = (i * 7 + j * 13) % 360
                    dx, dy, distance = math.cos(math.radians(angle)), math.sin(math.radians(angle)), 1.0
                push = need - distance
                share_i = radii[j] / (radii[i] + radii[j])
                centres[i][0] -= dx / distance * push * share_i
                centres[i][1] -= dy / distance * push * share_i
                centres[j][0] += dx / distance * push * (1 - share_i)
                centres[j][1] += dy / distance * push * (1 - share_i)
                moved = True
        for c, r in zip(centres, radii):  # 울릉도 stays inside the frame
            c[0] = min(max(c[0], r), width - r)
            c[1] = min(max(c[1], r), height - r)
        if not moved:
            return


def layout_markers(markers: list[MapMarker], style: MapStyle, focus: str | None = None) -> tuple[list[PlacedMarker], int]:
    """Circles that do not overlap and labels that overlap neither circles nor each other; the map height.

    Circles of neighbouring places (서울, 인천, 경기; 나주 and
    빛가람혁신도시) are pushed apart and keep a thin line to their true spot.
    Each label takes the first free side of its circle — right, left,
    above, below, then the corners — inside the frame; when no side is free
    it is left out (the circle's tooltip still names the place).
    """
    frame = _frame(style, focus)
    height = frame.height
    top = max((m.count for m in markers), default=1)
    # Biggest first: it is drawn first (small circles stay on top) and labelled first.
    ordered = sorted(markers, key=lambda m: (-m.count, m.name))
    spots = [frame.xy(m.lon, m.lat) for m in ordered]
    radii = [round(5 + 9 * math.sqrt(m.count / top), 1) for m in ordered]
    centres = [[x, y] for x, y in spots]
    _separate(centres, radii, style.width, height)
    circles = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(centres, radii)]
    labels: list[Box] = []
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

        def free(box: Box) -> bool:
            inside = 0 <= box[0] and box[2] <= style.width and 0 <= box[1] and box[3] <= height
            return inside and not any(_overlap(box, c) for i, c in enumerate(circles) if i != k) \
                and not any(_overlap(box, other) for other in labels)

        best = next((c for c in candidates if free(c[3])), None)
        if best is not None:
            labels.append(best[3])
        placed.append(PlacedMarker(
            m, round(x, 1), round(y, 1), r, spots[k],
            round(best[0], 1) if best else 0.0, round(best[1], 1) if best else 0.0, best[2] if best else "",
            tuple(round(v, 1) for v in best[3]) if best else None,  # type: ignore[arg-type]
        ))
    return placed, height


def korea_map_svg(
    markers: list[MapMarker],
    style: MapStyle,
    title: str,
    areas: tuple[MapArea, ...] = (),
    focus: str | None = None,
) -> str:
    """A map of South Korea (or, with ``focus``, of one province and its neighbours).

    Provinces are drawn from their outlines, shaded by ``areas``; each marker
    is a circle sized by its count, placed by ``layout_markers``: moved off
    its neighbours with a leader line to its true spot, its label beside it
    where nothing overlaps, else left to the circle's tooltip. Labels are
    drawn last, over every circle and line.
    """
    frame = _frame(style, focus)
    placed, height = layout_markers(markers, style, focus)

    shade = {a.region: a for a in areas}
    paths = []
    for pid, polygons in style.provinces:
        rings = [ring for poly in polygons for ring in poly if not focus or any(frame.holds(x, y) for x, y in poly[0])]
        if not rings:
            continue
        d = []
        for ring in rings:
            points: list[tuple[float, float]] = []
            for lon, lat in ring:
                at = frame.xy(lon, lat)
                if not points or at != points[-1]:
                    points.append(at)
            d.append("M" + " ".join(f"{x},{y}" for x, y in points) + "Z")
        classes = ["atlas-land"]
        if pid in shade:
            classes.append(f"atlas-shade-{shade[pid].shade}")
        if focus and pid != focus:
            classes.append("atlas-land--other")
        tip = f"<title>{_e(shade[pid].title)}</title>" if pid in shade else ""
        paths.append(f'<path class="{" ".join(classes)}" d="{"".join(d)}">{tip}</path>')

    leaders, dots, names = [], [], []
    for p in placed:
        if math.hypot(p.x - p.at[0], p.y - p.at[1]) > 3:  # moved off its true spot: a line back to it
            leaders.append(
                f'<line class="atlas-leader" x1="{p.at[0]}" y1="{p.at[1]}" x2="{p.x}" y2="{p.y}"/>'
                f'<circle class="atlas-spot" cx="{p.at[0]}" cy="{p.at[1]}" r="1.5"/>'
            )
        tip = f"<title>{_e(p.marker.title or f'{p.marker.name} {p.marker.count}')}</title>"
        dots.append(
            f'<g class="atlas-marker">{tip}<circle cx="{p.x}" cy="{p.y}" r="{p.r}"/>'
            f'<text class="atlas-count" x="{p.x}" y="{round(p.y + 4, 1)}" text-anchor="middle">{p.marker.count}</text></g>'
        )
        if p.label_box is not None:
            anchor = "" if p.anchor == "start" else f' text-anchor="{p.anchor}"'
            names.append(f'<text class="atlas-place" x="{p.label_x}" y="{p.label_y}"{anchor}>{_e(p.marker.name)}</text>')
    return (
        f'<svg class="atlas-map" viewBox="0 0 {style.width} {height}" width="{style.width}" height="{height}" '
        f'role="img" aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{_e(title)}</title>{''.join(paths)}{''.join(leaders)}{''.join(dots)}{''.join(names)}</svg>"
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
