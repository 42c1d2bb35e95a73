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
from functools import lru_cache
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


def page_postings(records: list[dict[str, Any]], pid: int, tokenizer: Tokenizer) -> dict[str, list[int]]:
    """One page's postings per term, ``[page, record, part, counts, …]`` in record order, as lunr counts tokens.

    Counts are per field (text, title, tags), capped, packed as text + title·256 + tags·65536.
    """
    part_of = _parts(records)
    out: dict[str, list[int]] = {}
    for local, doc in enumerate(records):
        counts: dict[str, list[int]] = {}
        for f, field in enumerate(FIELDS):
            value = doc.get(field)
            values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
            for text in values:
                for token in tokenizer.tokens(text):
                    per_field = counts.get(token)
                    if per_field is None:
                        per_field = counts[token] = [0, 0, 0]
                    per_field[f] += 1
        part = part_of[local]
        for token, (text_n, title_n, tags_n) in counts.items():
            packed = min(text_n, MAX_COUNT) | min(title_n, MAX_COUNT) << 8 | min(tags_n, MAX_COUNT) << 16
            out.setdefault(token, []).extend((pid, local, part, packed))
    return out


def term_bytes(term: str, postings: list[int]) -> int:
    """A term's share of the size the shard count is chosen by."""
    return len(term) * 3 + len(postings) * 3


def numbers_bytes(numbers: dict[str, Any]) -> int:
    """The figures map's share of that size."""
    return len(json.dumps(numbers, ensure_ascii=False))


def bucket_count(size: int) -> int:
    """How many term shards an index of ``size`` is split into."""
    return max(1, math.ceil(size / TARGET_SHARD_BYTES))


@lru_cache(maxsize=65536)
def _hash(key: str) -> int:
    return fnv1a(key)


def term_shard(term: str, buckets: int) -> int:
    """The shard a term is filed in (by its first two characters)."""
    return _hash(shard_key(term)) % buckets


def number_shard(key: str, buckets: int) -> int:
    """The shard a value of the figures map is filed in (under ``#<value>``)."""
    return _hash("#" + key) % buckets


def term_shard_file(n: int, shard: dict[str, Any]) -> bytes:
    """The bytes of term shard ``n`` (``{"terms": …, "numbers": …}``)."""
    return _script({"kind": "t", "id": n, **shard})


def read_term_shard(data: bytes) -> dict[str, Any]:
    """A term shard file's ``{"terms": …, "numbers": …}`` (as ``term_shard_file`` wrote it)."""
    payload = json.loads(data.decode("utf-8")[len("__atlas("):-len(")\n")])
    return {"terms": payload["terms"], "numbers": payload["numbers"]}


def page_files(records: list[dict[str, Any]], pid: int) -> list[tuple[str, bytes]]:
    """A page's record files: (name under ``p/``, bytes), first part first."""
    of_record = _parts(records)
    out = []
    for part in sorted(set(of_record)):
        first = of_record.index(part)
        chunk = [doc for doc, p in zip(records, of_record) if p == part]
        payload = {"kind": "p", "id": pid, "part": part, "first": first, "docs": chunk}
        if part:  # what heads the page's group in the result list, without loading its first part
            payload["head"] = {"location": records[0]["location"], "title": records[0].get("title", "")}
        out.append((part_name(pid, part), _script(payload)))
    return out


def manifest(index: dict[str, Any], config: dict[str, Any], buckets: int, pages: int, records: int, firsts: str) -> dict[str, Any]:
    """The manifest that replaces ``search_index.json``: the configuration (figures map left out) and ``config.atlas``."""
    config = {key: value for key, value in config.items() if key != "numbers"}
    config["atlas"] = {"format": SHARD_FORMAT, "buckets": buckets, "pages": pages, "records": records, "first_characters": firsts}
    return {**index, "config": config, "docs": []}


def chunk_search_index(index: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Write the term shards and page files of a (segmented) index into ``folder``; returns the manifest index."""
    config = dict(index.get("config", {}))
    docs = index.get("docs", [])
    tokenizer = Tokenizer(config["separator"])
    pages: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        pages.setdefault(page_of(doc["location"]), []).append(doc)

    # Term → postings of every page, pages in index order (so each list is ascending).
    entries: dict[str, list[int]] = {}
    for pid, records in enumerate(pages.values()):
        for term, postings in page_postings(records, pid, tokenizer).items():
            entries.setdefault(term, []).extend(postings)
    numbers = config.get("numbers", {}) or {}
    buckets = bucket_count(sum(term_bytes(t, v) for t, v in entries.items()) + numbers_bytes(numbers))
    shards: list[dict[str, Any]] = [{"terms": {}, "numbers": {}} for _ in range(buckets)]
    for term, flat in entries.items():
        shards[term_shard(term, buckets)]["terms"][term] = flat
    for key, spellings in numbers.items():
        shards[number_shard(key, buckets)]["numbers"][key] = spellings

    if folder.exists():
        shutil.rmtree(folder)
    (folder / "t").mkdir(parents=True)
    (folder / "p").mkdir()
    for n, shard in enumerate(shards):
        (folder / "t" / f"{n}.js").write_bytes(term_shard_file(n, shard))
    for pid, records in enumerate(pages.values()):
        for name, data in page_files(records, pid):
            (folder / "p" / name).write_bytes(data)

    # One-character words are looked up whole; longer ones by their first two characters.
    firsts = "".join(sorted({term[0] for term in entries}))
    return manifest(index, config, buckets, len(pages), len(docs), firsts)


def write_chunked_index(index_path: Path) -> int:
    """Split the segmented ``search_index.json`` beside itself; returns the manifest's size in bytes."""
    index = json.loads(index_path.read_text(encoding="utf-8"))
    manifest = chunk_search_index(index, index_path.parent / "atlas")
    data = json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    tmp = index_path.with_suffix(".json.tmp")
    tmp.write_bytes(data)
    tmp.replace(index_path)
    return len(data)
