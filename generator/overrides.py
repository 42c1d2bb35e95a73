"""Editor corrections: an optional ``<seed stem>.yml`` beside a seed.

An editor who knows better (the real title, a date the page did not show)
writes only the fields to correct. Corrected fields replace what was
extracted or inferred, and the page lists them as edited.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from .errors import SeedError, yaml_problem
from .models import ArticleMeta, RegionMention
from .rules import Gazetteer

_TEXT_FIELDS = ("title", "kind", "section", "series", "author", "author_role", "author_email", "outlet")
ALLOWED_FIELDS = frozenset(_TEXT_FIELDS + ("deck", "published", "published_year", "regions"))


def override_path(seed_path: Path) -> Path:
    """Where the optional override file of a seed lives."""
    return seed_path.with_suffix(".yml")


def load_override(seed_path: Path) -> dict[str, Any]:
    """The override mapping for a seed, or ``{}`` when it has none."""
    path = override_path(seed_path)
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SeedError(path.name, f"override file is not valid YAML ({yaml_problem(exc)})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedError(path.name, f"override file is not valid YAML ({exc.__class__.__name__})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SeedError(path.name, "override file must be a mapping of field: value")
    unknown = sorted(set(map(str, data)) - ALLOWED_FIELDS)
    if unknown:
        raise SeedError(path.name, f"unknown override field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(ALLOWED_FIELDS))}")
    return data


def _published(value: Any, where: str) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    for fmt, out in (("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M"), ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"), ("%Y-%m-%d", "%Y-%m-%d")):
        try:
            return dt.datetime.strptime(str(value), fmt).strftime(out)
        except ValueError:
            continue
    raise SeedError(where, f"published must look like 2024-01-31 or 2024-01-31T09:30, not {value!r}")


def apply_override(meta: ArticleMeta, data: dict[str, Any], gazetteer: Gazetteer, where: str) -> ArticleMeta:
    """``meta`` with the editor's fields applied and recorded in ``edited``."""
    if not data:
        return meta
    changes: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        if name in data:
            changes[name] = None if data[name] is None else str(data[name]).strip()
    if "deck" in data:
        value = data["deck"] or []
        changes["deck"] = tuple(str(v) for v in (value if isinstance(value, list) else [value]))
    if "published" in data:
        changes["published"] = None if data["published"] is None else _published(data["published"], where)
        changes["published_year"] = int(changes["published"][:4]) if changes["published"] else None
    if "published_year" in data and "published" not in data:
        changes["published_year"] = None if data["published_year"] is None else int(data["published_year"])
    if "regions" in data:
        ids = data["regions"] if isinstance(data["regions"], list) else [data["regions"]]
        regions = []
        for rid in ids:
            try:
                region = gazetteer.by_id(str(rid))
            except KeyError:
                raise SeedError(where, f"region {rid!r} is not in the gazetteer (generator/rules/gazetteer.yml)") from None
            regions.append(RegionMention(region.id, region.name, 0, "편집자가 지정한 지역"))
        if not regions:
            raise SeedError(where, "regions must name at least one gazetteer id")
        changes["regions"] = tuple(regions)
    if "title" in changes and not changes["title"]:
        raise SeedError(where, "title cannot be empty")
    inferred = tuple((k, v) for k, v in meta.inferred if k not in changes)
    return dataclasses.replace(meta, **changes, inferred=inferred, edited=tuple(sorted(map(str, data))))
