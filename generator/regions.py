"""Find which regions an article is about, with the evidence (gazetteer)."""
from __future__ import annotations

import re
from collections import Counter

from .models import RegionMention
from .rules import Gazetteer, Region

_patterns: dict[int, tuple[Gazetteer, re.Pattern[str], dict[str, Region]]] = {}


def _alias_pattern(gazetteer: Gazetteer) -> tuple[re.Pattern[str], dict[str, Region]]:
    # Keyed by identity: hashing a whole gazetteer on every call (as lru_cache
    # would) costs more than the search it saves.
    known = _patterns.get(id(gazetteer))
    if known is not None and known[0] is gazetteer:
        return known[1], known[2]
    by_alias = {alias: region for region in gazetteer.regions for alias in region.aliases}
    # Longest alias first, so 광주광역시 is one mention, not 광주 plus leftovers.
    ordered = sorted(by_alias, key=lambda a: (-len(a), a))
    pattern = re.compile("|".join(map(re.escape, ordered)) or r"(?!)")
    _patterns[id(gazetteer)] = (gazetteer, pattern, by_alias)
    return pattern, by_alias


def count_mentions(text: str, gazetteer: Gazetteer) -> tuple[Counter[str], dict[str, str]]:
    """Mentions per region id in ``text`` and the sentence of each region's first mention."""
    pattern, by_alias = _alias_pattern(gazetteer)
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for match in pattern.finditer(text):
        region = by_alias[match.group()]
        before, after = text[max(0, match.start() - 10): match.start()], text[match.end(): match.end() + 10]
        if any(before.endswith(w) for w in region.not_after) or any(after.startswith(w) for w in region.not_before):
            continue
        counts[region.id] += 1
        if region.id not in first:
            first[region.id] = _sentence_at(text, match.start())
    return counts, first


def _sentence_at(text: str, position: int) -> str:
    start = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position)) + 1
    end_candidates = [i for i in (text.find(". ", position), text.find("\n", position)) if i != -1]
    end = min(end_candidates) + 1 if end_candidates else len(text)
    sentence = text[start:end].strip()
    return sentence if len(sentence) <= 160 else sentence[:157] + "…"


def find_regions(text: str, gazetteer: Gazetteer) -> tuple[RegionMention, ...]:
    """Regions the article is filed under, most-mentioned first.

    A region is kept when it is named at least ``min_mentions`` times and at
    least ``min_share`` as often as the most-named one. An article naming no
    region falls back to the national scope, marked as inferred.
    """
    counts, first = count_mentions(text, gazetteer)
    top = max(counts.values(), default=0)
    kept = sorted(
        (rid for rid, n in counts.items() if n >= gazetteer.min_mentions and n >= gazetteer.min_share * top),
        key=lambda rid: (-counts[rid], rid),
    )
    if kept:
        return tuple(
            RegionMention(rid, gazetteer.by_id(rid).name, counts[rid], first[rid]) for rid in kept
        )
    fallback = gazetteer.by_id(gazetteer.fallback)
    return (
        RegionMention(
            fallback.id,
            fallback.name,
            0,
            "본문에 지역 이름이 두 번 이상 나오지 않아 전국 단위 기사로 분류함",
            inferred=True,
        ),
    )
