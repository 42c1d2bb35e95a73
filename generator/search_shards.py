"""A chunked search index the browser loads a piece at a time.

Material's search ships one JSON file with every page's text, which every
visitor downloads and lunr indexes in the browser before the first result.
After the Korean analysis (``search_index``) this stage splits that index:

- ``search/search_index.json`` keeps only the configuration (separator,
  particles, figure rules, field boosts) and a small manifest; Material's
  main thread fetches it as before (or reads it inlined, offline) and hands
  it to the worker.
- ``search/atlas/t/<n>.js`` — term shards. Every token of every page, as
  Material's tokenizer would cut it, goes to the shard of its first two
  characters (hashed into ``buckets`` files), with its postings: the record
  (page, place in the page), the file part holding that record, and the
  token's count in each field (text, title, tags) packed in one integer.
  The figures map (value → spellings, see ``search_index``) is sharded the
  same way under ``#<value>``.
- ``search/atlas/p/<page>.js``, ``<page>-<n>.js`` — a page's search records
  (the page and its sections, exactly as Material indexes them), cut into
  parts of about ``TARGET_PART_BYTES`` so that a query loads the records it
  shows, not a whole giant page (home, tags, timeline). The first part holds
  the page's own record; a later part carries the page's location and title
  (``head``) to head its group in the result list.

The worker wrapper (``atlas-search.js``) loads the shards a query needs,
scores the records from the postings as lunr would (BM25 with Material's
field boosts, no length normalisation) with Material's own boosts, loads
the parts holding the records it shows and answers in Material's result
format, highlighted as Material highlights. Each file is a script,
``__atlas({...})``, so from ``file://`` it loads with ``importScripts`` (the
offline export's iframe shim turns that into a ``<script>``), and over HTTP
it is fetched and its JSON read. Output is deterministic: sorted keys, pages
in the index's order.
"""
from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path
from typing import Any

SHARD_FORMAT = 2
# Aim for term shards of about this many bytes (before compression).
TARGET_SHARD_BYTES = 24_000
# A page's records are cut into files of about this many bytes (a record is never split), so a
# query loads the records it shows, not whole giant pages (home, tags, timeline).
TARGET_PART_BYTES = 8_000
# The fields lunr indexes; a posting packs each one's term count (capped: lunr's
# term-frequency weight saturates long before) as text + title·256 + tags·65536.
FIELDS = ("text", "title", "tags")
MAX_COUNT = 255
_TAG = re.compile(r"<[^>]*>")
_ENTITY_SEMICOLON = re.compile(r"(&#?[0-9a-z]{2,8});", re.I)
_JS_ENTITY_RULE = "(?<!&#?[0-9a-z]{2,8});"


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-16 code units (what a JavaScript string is made of)."""
    h = 0x811C9DC5
    data = text.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def shard_key(term: str) -> str:
    """The part of a term its shard is chosen by: its first two characters (UTF-16 units)."""
    units = term.encode("utf-16-le")
    return units[:4].decode("utf-16-le", errors="ignore") or term


class Tokenizer:
    """Material's tokenizer in Python: text outside tags, split on the configured separator, lower case."""

    def __init__(self, separator: str) -> None:
        # Python has no variable-width look-behind: an entity's semicolon is
        # protected before splitting instead.
        self.protect = _JS_ENTITY_RULE in separator
        self.separator = re.compile(separator.replace(_JS_ENTITY_RULE, ";"))

    def tokens(self, value: str) -> list[str]:
        out = []
        for block in _TAG.split(value):
            if self.protect:
                block = _ENTITY_SEMICOLON.sub("\\1\x00", block)
            for word in self.separator.split(block):
                if word:
                    out.append(word.replace("\x00", ";").lower())
        return out


def page_of(location: str) -> str:
    """The page a record belongs to (``page/#section`` → ``page/``)."""
    return location.split("#", 1)[0]


def _script(payload: dict[str, Any]) -> bytes:
    return ("__atlas(" + json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + ")\n").encode("utf-8")


def _parts(records: list[dict[str, Any]]) -> list[int]:
    """The file part of each record of a page: consecutive records up to ``TARGET_PART_BYTES`` (at least one a part)."""
    out, part, size = [], 0, 0
    for doc in records:
        length = len(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
        if size and size + length > TARGET_PART_BYTES:
            part, size = part + 1, 0
        out.append(part)
        size += length
    return out


def part_name(pid: int, part: int) -> str:
    """A page's record file: ``<page>.js`` for its first part (which holds the page's own record), then ``<page>-<n>.js``."""
    return f"{pid}.js" if part == 0 else f"{pid}-{part}.js"


def chunk_search_index(index: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Write the term shards and page files of a (segmented) index into ``folder``; returns the manifest index."""
    config = dict(index.get("config", {}))
    docs = index.get("docs", [])
    tokenizer = Tokenizer(config["separator"])
    pages: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        pages.setdefault(page_of(doc["location"]), []).append(doc)
    page_ids = {location: i for i, location in enumerate(pages)}
    parts = {location: _parts(records) for location, records in pages.items()}
    part_of = [parts[location] for location in pages]

    # Per term and record (page id, record's place in its page): its count in each field, as lunr counts them.
    counts: dict[str, dict[tuple[int, int], list[int]]] = {}
    for location, records in pages.items():
        pid = page_ids[location]
        for local, doc in enumerate(records):
            for f, field in enumerate(FIELDS):
                value = doc.get(field)
                values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
                for text in values:
                    for token in tokenizer.tokens(text):
                        per_doc = counts.setdefault(token, {})
                        per_doc.setdefault((pid, local), [0, 0, 0])[f] += 1

    # Shard payloads: term → [page, record, part, counts, …] (ascending), counts packed as text + title·256 + tags·65536.
    entries: dict[str, Any] = {}
    for term in sorted(counts):
        flat: list[int] = []
        for (pid, local), by_field in sorted(counts[term].items()):
            packed = sum(min(n, MAX_COUNT) << (8 * f) for f, n in enumerate(by_field))
            flat += [pid, local, part_of[pid][local], packed]
        entries[term] = flat
    numbers = config.pop("numbers", {}) or {}
    size = sum(len(t) * 3 + len(v) * 3 for t, v in entries.items()) + len(json.dumps(numbers, ensure_ascii=False))
    buckets = max(1, math.ceil(size / TARGET_SHARD_BYTES))
    shards: list[dict[str, Any]] = [{"terms": {}, "numbers": {}} for _ in range(buckets)]
    for term, flat in entries.items():
        shards[fnv1a(shard_key(term)) % buckets]["terms"][term] = flat
    for key, spellings in numbers.items():
        shards[fnv1a("#" + key) % buckets]["numbers"][key] = spellings

    if folder.exists():
        shutil.rmtree(folder)
    (folder / "t").mkdir(parents=True)
    (folder / "p").mkdir()
    for n, shard in enumerate(shards):
        (folder / "t" / f"{n}.js").write_bytes(_script({"kind": "t", "id": n, **shard}))
    for location, pid in page_ids.items():
        records, of_record = pages[location], parts[location]
        for part in sorted(set(of_record)):
            first = of_record.index(part)
            chunk = [doc for doc, p in zip(records, of_record) if p == part]
            payload = {"kind": "p", "id": pid, "part": part, "first": first, "docs": chunk}
            if part:  # what heads the page's group in the result list, without loading its first part
                payload["head"] = {"location": records[0]["location"], "title": records[0].get("title", "")}
            (folder / "p" / part_name(pid, part)).write_bytes(_script(payload))

    # One-character words are looked up whole; longer ones by their first two characters.
    firsts = sorted({term[0] for term in entries})
    config["atlas"] = {
        "format": SHARD_FORMAT,
        "buckets": buckets,
        "pages": len(page_ids),
        "records": len(docs),
        "first_characters": "".join(firsts),
    }
    return {**index, "config": config, "docs": []}


def write_chunked_index(index_path: Path) -> int:
    """Split the segmented ``search_index.json`` beside itself; returns the manifest's size in bytes."""
    index = json.loads(index_path.read_text(encoding="utf-8"))
    manifest = chunk_search_index(index, index_path.parent / "atlas")
    data = json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    tmp = index_path.with_suffix(".json.tmp")
    tmp.write_bytes(data)
    tmp.replace(index_path)
    return len(data)
