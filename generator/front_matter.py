"""YAML front matter of generated pages: written and read in one place."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

FENCE = "---\n"


def dump_front_matter(data: dict[str, Any]) -> str:
    """``data`` as block-style YAML, Unicode kept, keys in the given order."""
    # libyaml's emitter, where PyYAML has it, writes the same text ten times faster.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)


def dump_navigation(nav: list[Any]) -> str:
    """The navigation file: PyYAML's own emitter, which keeps a long title a plain key
    (libyaml writes keys over 128 characters in the ``? key`` form)."""
    return yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a page; ``{}`` when it has none or it is not a mapping."""
    if not text.startswith(FENCE):
        return {}, text
    parts = text.split(FENCE, 2)
    if len(parts) < 3:
        return {}, text
    try:
        data = yaml.safe_load(parts[1])
    except yaml.YAMLError:
        return {}, text
    return (data if isinstance(data, dict) else {}), parts[2]


def read_front_matter(path: Path) -> dict[str, Any]:
    """The front matter of the page file at ``path``."""
    return split_front_matter(path.read_text(encoding="utf-8", errors="replace"))[0]
