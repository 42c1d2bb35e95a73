"""Refresh the outline of South Korea that the map is drawn on.

The outline in ``rules/map.yml`` comes from Natural Earth 1:50m (public
domain) as redistributed by the npm package ``world-atlas`` (ISC). It is
converted once and committed, so builds need no network. To refresh it::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m generator.map_outline package/countries-50m.json > outline.yml

then paste the ``outline`` list into ``rules/map.yml``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

SOUTH_KOREA = "410"  # ISO 3166-1 numeric


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs (quantised, delta-encoded) → lists of (lon, lat)."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        ring.extend(points if not ring else points[1:])
    return ring


def outline(topology_path: Path, country: str = SOUTH_KOREA) -> list[list[list[float]]]:
    """The outer rings of a country's polygons as [[lon, lat], …], rounded to 0.01°."""
    topology = json.loads(topology_path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    for geometry in topology["objects"]["countries"]["geometries"]:
        if str(geometry.get("id")) == country:
            polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
            rings = []
            for polygon in polygons:
                ring = [[round(x, 2), round(y, 2)] for x, y in _ring(polygon[0], arcs)]
                rings.append([p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]])
            return rings
    raise SystemExit(f"{topology_path}: no geometry with id {country}")


if __name__ == "__main__":
    for ring in outline(Path(sys.argv[1])):
        print("  - [" + ", ".join(f"[{x}, {y}]" for x, y in ring) + "]")
