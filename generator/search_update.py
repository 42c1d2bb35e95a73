"""The search index's files, redone only where a page's records changed since the last build.

``search_index`` segments Material's index and ``search_shards`` splits it
into term shards and record files. Both are functions of every page's
records, but an edited seed changes the records of a few pages. This stage
writes the same files page by page and keeps, between builds, what each page
contributed (a ``SearchSnapshot`` in the cache): a page whose records are
those of the last build (same digest) is not segmented, tokenized or written
again — its record files are hard-linked from the previous site, and so is
every term shard none of the changed pages' terms (or figures) falls in. A
shard that does change is read back from the previous site, the changed
pages' postings are taken out and their new ones put in.

What one page's records cannot decide alone, and how it is kept exact:

- *Page numbers* (postings and record files name pages by their place): the
  list of pages must be the last build's, in the same order; else every page
  is redone.
- *The corpus's short nouns*, with which a long noun Kiwi cannot split is cut
  (``KoreanSegmenter._find_compound_cuts``): each page's nouns are counted;
  when the set changes, every such noun ("fallback" word) that contains an
  added or removed noun is cut again, and the pages holding one whose cuts
  changed are redone. No other word's cuts depend on the set.
- *The figures map* (value → spellings): spellings counted per page.
- *The shard count*, chosen by the index's size: each shard's share is kept;
  if the count changes, every shard is read back and filed again.

The files are byte-identical to ``rewrite_search_index`` followed by
``write_chunked_index`` (tested, also after edits). Without a snapshot that
matches the previous site (first build, other code or rules, another site)
every page is done, as a full build.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import time
import unicodedata
from array import array
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .search_index import (
    KoreanSegmenter, SearchCache, TextAnalysis, record_rewrite_seconds, search_cache_path, segmenter, with_zwsp_separator,
)
from .search_shards import (
    Tokenizer, bucket_count, manifest, number_shard, numbers_bytes, page_files, page_of, page_postings, read_term_shard,
    term_bytes, term_shard, term_shard_file,
)

SNAPSHOT_FORMAT = b"atlas-search-snapshot/1"
_FIELDS = ("title", "text")
Spelling = tuple[str, str, str]  # (value key, surface, counter)


@dataclass(frozen=True)
class PageContribution:
    """What one page's records gave the index, as the next build needs it."""

    location: str
    records: int
    digest: bytes  # of the page's records as Material wrote them
    files: int  # record files (p/<page>.js, p/<page>-<n>.js)
    shards: bytes  # array("I") of the term shards its terms are filed in
    nouns: str  # short nouns (Kiwi), for cutting unknown compounds; one a line (one string pickles fast)
    fallback_words: tuple[str, ...]  # long nouns Kiwi cannot split, cut with the corpus's nouns
    spellings: str  # figures as the page writes them: value key, surface, counter (\x1f between), one a line


@dataclass(frozen=True)
class SearchSnapshot:
    """The last build's index, as far as the next build needs it to redo only what changed."""

    key: bytes  # code, rules and format: any change starts afresh
    config: dict[str, Any]  # Material's index configuration
    manifest_file: tuple[int, int, int, int]  # (device, inode, mtime, size) of the manifest written: ties it to one site
    pages: tuple[PageContribution, ...]  # in index order (a page's place is its number)
    nouns: dict[str, int]  # noun → pages holding it
    spellings: dict[Spelling, int]  # figure spelling → pages writing it
    fallback_cuts: dict[str, tuple[int, ...]]  # fallback word → its cuts with the corpus's nouns
    buckets: int
    shard_bytes: tuple[int, ...]  # each term shard's share of the size the shard count follows
    shard_firsts: tuple[str, ...]  # first characters of each shard's terms


def snapshot_path() -> Path:
    """Where builds keep the snapshot (beside the search cache)."""
    return search_cache_path().with_name("search-snapshot.pickle")


def _key() -> bytes:
    from .cache import code_and_rules_digest
    from .rules import RULES_DIR

    return hashlib.sha256(SNAPSHOT_FORMAT + code_and_rules_digest(RULES_DIR)).digest()


def _file_identity(path: Path) -> tuple[int, int, int, int]:
    stat = path.stat()
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)


def load_snapshot(path: Path, previous_site: Path | None) -> SearchSnapshot | None:
    """The snapshot of the build that wrote ``previous_site``'s index, or None (absent, damaged, of another site or code)."""
    if previous_site is None:
        return None
    try:
        with open(path, "rb") as handle:
            found = pickle.load(handle)
        manifest_file = _file_identity(previous_site / "search" / "search_index.json")
    except Exception:  # missing, damaged or foreign: a full build
        return None
    if not isinstance(found, SearchSnapshot) or found.key != _key() or found.manifest_file != manifest_file:
        return None
    return found


def page_digest(records: list[dict[str, Any]]) -> bytes:
    """A digest of a page's records as Material writes them."""
    return hashlib.blake2b(json.dumps(records, separators=(",", ":"), default=str).encode("utf-8"), digest_size=16).digest()


@dataclass(frozen=True)
class _Page:
    """A page of this build's index: its place, location, records and their digest."""

    pid: int
    location: str
    records: list[dict[str, Any]]
    digest: bytes


def _pages(docs: list[dict[str, Any]]) -> list[_Page]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        grouped.setdefault(page_of(doc["location"]), []).append(doc)
    return [_Page(pid, location, records, page_digest(records)) for pid, (location, records) in enumerate(grouped.items())]


def _texts(records: list[dict[str, Any]]) -> list[str]:
    return [unicodedata.normalize("NFC", doc[f]) for doc in records for f in _FIELDS if isinstance(doc.get(f), str)]


def _count(counter: dict[Any, int], items: tuple[Any, ...], step: int) -> None:
    for item in items:
        left = counter.get(item, 0) + step
        if left:
            counter[item] = left
        else:
            counter.pop(item, None)


class _Segmentation:
    """The segmenter with the corpus's nouns set, each distinct text segmented once."""

    def __init__(self, seg: KoreanSegmenter, nouns: set[str]) -> None:
        seg.nouns = nouns
        seg._compound_cuts = {}  # cuts made with another set of nouns
        self.seg = seg
        self.done: dict[str, tuple[str, tuple[Spelling, ...]]] = {}

    def text(self, text: str, analysis: TextAnalysis) -> tuple[str, tuple[Spelling, ...]]:
        found = self.done.get(text)
        if found is None:
            figures = self.seg.figures(text)
            spellings = tuple((f.key, f.surface, f.counter) for f in figures)
            found = self.done[text] = (self.seg.segment(text, analysis, figures), spellings)
        return found


def _base_nouns(seg: KoreanSegmenter) -> set[str]:
    """The nouns a segmenter knows before reading any corpus (its user words)."""
    return set(w for w in seg.rules.user_words if len(w) >= 2)


class _PreviousUnusable(Exception):
    """The previous site lacks a file the snapshot says it holds: everything is done afresh."""


def _link(source: str, target: str) -> None:
    """Hard-link a file kept from the previous site (copy where links fail)."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        raise _PreviousUnusable(source) from None
    except OSError:
        shutil.copy2(source, target)


def _analyse(seg: KoreanSegmenter, pages: list[_Page], known: dict[bytes, Any], keys: list[bytes]) -> dict[int, dict[str, TextAnalysis]]:
    """Kiwi's reading of each page's texts (new chunks read in one call); the chunks' digests are added to ``keys``."""
    texts = list(dict.fromkeys(text for p in pages for text in _texts(p.records)))
    readings = dict(zip(texts, seg.analyse(texts, known)))
    keys += seg.last_keys
    return {p.pid: {text: readings[text] for text in _texts(p.records)} for p in pages}


def _nouns(analyses: dict[str, TextAnalysis]) -> tuple[str, ...]:
    return tuple(sorted({noun for analysis in analyses.values() for noun in analysis.nouns}))


def _lines(text: str) -> tuple[str, ...]:
    return tuple(text.split("\n")) if text else ()


def _spellings(text: str) -> tuple[Spelling, ...]:
    return tuple(tuple(line.split("\x1f")) for line in _lines(text))  # type: ignore[misc]


def _segmented(
    page: _Page, analyses: dict[str, TextAnalysis], segmentation: _Segmentation,
) -> tuple[list[dict[str, Any]], tuple[Spelling, ...], tuple[str, ...]]:
    """A page's records with their titles and texts segmented; the figures' spellings; its fallback words."""
    records, spellings, fallback = [], set(), set()
    seg = segmentation.seg
    for doc in page.records:
        out = dict(doc)
        for f in _FIELDS:
            if isinstance(doc.get(f), str):
                text = unicodedata.normalize("NFC", doc[f])
                out[f], found = segmentation.text(text, analyses[text])
                spellings.update(found)
        records.append(out)
    for analysis in analyses.values():
        fallback.update(form for _, form in analysis.compounds if seg._kiwi_compound_cuts(form) is None)
    return records, tuple(sorted(spellings)), tuple(sorted(fallback))


@dataclass(frozen=True)
class _Shards:
    """This build's term shards: how many, each one's size share and first characters, what to write."""

    buckets: int
    sizes: tuple[int, ...]
    firsts: tuple[str, ...]
    page_shards: dict[int, bytes]  # pages whose shard list was (re)made → array("I") bytes
    written: dict[int, bytes]  # shards whose bytes are new; the others are the previous site's


def _firsts(terms: Any) -> str:
    return "".join(sorted({term[0] for term in terms}))


def _by_shard(numbers: dict[str, Any], buckets: int) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for key, spellings in numbers.items():
        out.setdefault(number_shard(key, buckets), {})[key] = spellings
    return out


def _filed(entries: dict[str, list[int]], numbers: dict[str, Any], pages: int) -> _Shards:
    """Every shard made from every term's postings (as ``chunk_search_index`` files them)."""
    buckets = bucket_count(sum(term_bytes(t, v) for t, v in entries.items()) + numbers_bytes(numbers))
    shards: list[dict[str, Any]] = [{"terms": {}, "numbers": {}} for _ in range(buckets)]
    on_page: list[set[int]] = [set() for _ in range(pages)]
    for term, flat in entries.items():
        n = term_shard(term, buckets)
        shards[n]["terms"][term] = flat
        for pid in set(flat[0::4]):
            on_page[pid].add(n)
    for n, found in _by_shard(numbers, buckets).items():
        shards[n]["numbers"] = found
    return _Shards(
        buckets,
        tuple(sum(term_bytes(t, v) for t, v in shard["terms"].items()) for shard in shards),
        tuple(_firsts(shard["terms"]) for shard in shards),
        {pid: array("I", sorted(found)).tobytes() for pid, found in enumerate(on_page)},
        {n: term_shard_file(n, shard) for n, shard in enumerate(shards)},
    )


def _without(flat: list[int], pids: set[int]) -> list[int]:
    if pids.isdisjoint(flat[0::4]):
        return flat
    return [x for i in range(0, len(flat), 4) if flat[i] not in pids for x in flat[i:i + 4]]


def _with(flat: list[int], added: list[int]) -> list[int]:
    """Postings merged, ascending by (page, record)."""
    groups = sorted([flat[i:i + 4] for i in range(0, len(flat), 4)] + [added[i:i + 4] for i in range(0, len(added), 4)])
    return [x for group in groups for x in group]


def _numbers(spellings: dict[Spelling, int]) -> dict[str, Any]:
    """The figures map (value → every spelling with its counter), as ``segment_search_index`` makes it."""
    found: dict[str, set[tuple[str, str]]] = {}
    for key, surface, counter in spellings:
        found.setdefault(key, set()).add((surface, counter))
    return {key: sorted(map(list, spelled)) for key, spelled in sorted(found.items())}


def _updated_shards(
    pages: int, postings: dict[int, dict[str, list[int]]], old_postings: dict[int, dict[str, list[int]]],
    numbers: dict[str, Any], previous: SearchSnapshot, old_atlas: Path,
) -> _Shards:
    """The term shards after an update: only those where a redone page's postings (or a figure) changed, when the
    shard count stays; else all. A page's previous postings (``old_postings``), where known, narrow that down to
    the shards of its changed terms; else every shard it was or is filed in counts."""
    assert old_atlas is not None
    buckets, redo = previous.buckets, set(postings)
    new_by_shard: dict[int, dict[str, list[int]]] = {}
    page_shards: dict[int, bytes] = {}
    for pid in sorted(redo):
        mine = set()
        for term, flat in postings[pid].items():
            n = term_shard(term, buckets)
            mine.add(n)
            new_by_shard.setdefault(n, {}).setdefault(term, []).extend(flat)
        page_shards[pid] = array("I", sorted(mine)).tobytes()
    old_numbers, numbers_by_shard = _numbers(previous.spellings), _by_shard(numbers, buckets)
    affected: set[int] = set()
    for pid in redo:
        old, new = old_postings.get(pid), postings[pid]
        if old is None:
            affected.update(array("I", previous.pages[pid].shards))
            affected.update(array("I", page_shards[pid]))
        else:
            affected.update(term_shard(t, buckets) for t in old.keys() | new.keys() if old.get(t) != new.get(t))
    affected.update(number_shard(k, buckets) for k in set(old_numbers) | set(numbers) if old_numbers.get(k) != numbers.get(k))
    sizes, firsts = list(previous.shard_bytes), list(previous.shard_firsts)
    written: dict[int, bytes] = {}
    for n in sorted(affected):
        try:
            old = (old_atlas / "t" / f"{n}.js").read_bytes()
            shard = read_term_shard(old)
        except (OSError, ValueError, KeyError):
            raise _PreviousUnusable(f"term shard {n}") from None
        terms = shard["terms"]
        for term in list(terms):
            flat = _without(terms[term], redo)
            if flat:
                terms[term] = flat
            else:
                del terms[term]
        for term, flat in new_by_shard.get(n, {}).items():
            terms[term] = _with(terms[term], flat) if term in terms else flat
        shard["numbers"] = numbers_by_shard.get(n, {})
        sizes[n] = sum(term_bytes(t, v) for t, v in terms.items())
        firsts[n] = _firsts(terms)
        data = term_shard_file(n, shard)
        if data != old:
            written[n] = data
    if bucket_count(sum(sizes) + numbers_bytes(numbers)) != buckets:
        return _filed(_all_entries(previous, old_atlas, postings), numbers, pages)
    return _Shards(buckets, tuple(sizes), tuple(firsts), page_shards, written)


def _all_entries(previous: SearchSnapshot, old_atlas: Path, postings: dict[int, dict[str, list[int]]]) -> dict[str, list[int]]:
    """Every term's postings: the previous shards' read back, the redone pages' replaced."""
    redo = set(postings)
    entries: dict[str, list[int]] = {}
    for n in range(previous.buckets):
        try:
            terms = read_term_shard((old_atlas / "t" / f"{n}.js").read_bytes())["terms"]
        except (OSError, ValueError, KeyError):
            raise _PreviousUnusable(f"term shard {n}") from None
        for term, flat in terms.items():
            if flat := _without(flat, redo):
                entries[term] = flat
    for pid in sorted(redo):
        for term, flat in postings[pid].items():
            entries[term] = _with(entries[term], flat) if term in entries else flat
    return entries


class NeedsAllRecords(Exception):
    """The index file holds only the rebuilt pages' records, and the previous build's are not enough."""


def update_search_index(index_path: Path, previous_site: Path | None = None, cache: SearchCache | None = None) -> int:
    """Segment and split Material's ``search_index.json`` in place (``search/atlas/`` beside it); returns the manifest's size.

    ``previous_site``: the site the last build wrote; what it holds for pages whose records are
    unchanged is kept. ``cache``: Kiwi's readings, loaded (and added to) already (``search_reader``).

    The file may list every page (``atlas_pages``: location and record count, in order) and hold
    only some pages' records (``merge_search_records``): the others are the previous build's. If the
    previous build cannot stand in for them, ``NeedsAllRecords`` is raised before the file is rewritten.
    """
    start = time.perf_counter()
    index = json.loads(index_path.read_text(encoding="utf-8"))
    cache = cache if cache is not None else SearchCache(search_cache_path())
    try:
        size = _update(index, index_path, previous_site, cache)
    except _PreviousUnusable:
        if "atlas_pages" in index:
            raise NeedsAllRecords("the previous build's index files are incomplete") from None
        size = _update(index, index_path, None, cache)
    record_rewrite_seconds(time.perf_counter() - start)
    return size


def _listed(index: dict[str, Any], previous: SearchSnapshot | None) -> list[_Page]:
    """This build's pages; those the file does not hold (a partial index) are the previous build's."""
    given = _pages(index.get("docs", []))
    if "atlas_pages" not in index:
        return given
    by_location = {p.location: p for p in given}
    listed = [(str(location), int(count)) for location, count in index["atlas_pages"]]
    if set(by_location) - {location for location, _ in listed}:  # records of a page not listed: never dropped
        raise NeedsAllRecords("the index holds records of a page it does not list")
    if previous is None or len(listed) != len(previous.pages) or any(
        location != old.location or (location not in by_location and count != old.records)
        for (location, count), old in zip(listed, previous.pages)
    ) or any(len(p.records) != count for location, count in listed if (p := by_location.get(location)) is not None):
        raise NeedsAllRecords("the previous build's index does not match the pages listed")
    return [
        _Page(pid, location, by_location[location].records, by_location[location].digest) if location in by_location
        else _Page(pid, location, [], previous.pages[pid].digest)
        for pid, (location, _) in enumerate(listed)
    ]


def _update(index: dict[str, Any], index_path: Path, previous_site: Path | None, cache: SearchCache) -> int:
    seg = segmenter()
    seg.word_cuts.update(cache.words)
    raw_config = index.get("config", {})
    previous = load_snapshot(snapshot_path(), previous_site)
    if previous is not None and previous.config != raw_config:
        previous = None
    pages = _listed(index, previous)
    if previous is not None and [p.location for p in previous.pages] != [p.location for p in pages]:
        previous = None
    atlas = index_path.parent / "atlas"
    old_atlas = previous_site / "search" / "atlas" if previous is not None and previous_site is not None else None
    if old_atlas is not None and old_atlas.resolve() == atlas.resolve():
        previous, old_atlas = None, None  # rewritten in place: nothing to link from

    # The pages redone: those whose records changed (all, without a snapshot).
    redo = [p for p in pages if previous is None or previous.pages[p.pid].digest != p.digest]
    known, keys = cache.chunks, []
    analyses = _analyse(seg, redo, known, keys)
    nouns_count = dict(previous.nouns) if previous else {}
    spellings_count = dict(previous.spellings) if previous else {}
    fallback_pages: dict[str, set[int]] = {}
    for pid, page in enumerate(previous.pages if previous else ()):
        for word in page.fallback_words:
            fallback_pages.setdefault(word, set()).add(pid)
    old_nouns = _base_nouns(seg) | set(nouns_count)
    for p in redo:
        if previous is not None:
            _count(nouns_count, _lines(previous.pages[p.pid].nouns), -1)
        _count(nouns_count, _nouns(analyses[p.pid]), +1)
    new_nouns = _base_nouns(seg) | set(nouns_count)
    config = dict(raw_config)
    config["separator"] = with_zwsp_separator(config.get("separator") or r"[\s\-]+")
    config["particles"] = list(seg.rules.particles)
    config["number_pattern"] = seg.rules.number_pattern
    config["number_counters"] = sorted(seg.rules.number_counters, key=lambda c: (-len(c), c))
    tokenizer = Tokenizer(config["separator"])

    # A rebuilt page's postings as the previous build filed them, from its previous records (if the
    # file carries them): only the shards where its postings differ are then read and written again.
    old_postings: dict[int, dict[str, list[int]]] = {}
    before = index.get("atlas_previous") or {}
    if previous is not None and before:
        old_segmentation = _Segmentation(seg, old_nouns)
        for p in redo:
            records = before.get(p.location)
            if records is not None and page_digest(records) == previous.pages[p.pid].digest:
                old = _Page(p.pid, p.location, records, b"")
                segmented, _, _ = _segmented(old, _analyse(seg, [old], known, [])[p.pid], old_segmentation)
                old_postings[p.pid] = page_postings(segmented, p.pid, tokenizer)
    segmentation = _Segmentation(seg, new_nouns)

    # Fallback words whose cuts the changed nouns change: the pages holding them are redone too.
    if previous is not None and (delta := old_nouns ^ new_nouns):
        again = {
            pid for word, pids in fallback_pages.items()
            if any(noun in word for noun in delta) and tuple(seg._split_compound(word)) != previous.fallback_cuts.get(word)
            for pid in pids
        }
        more = [pages[pid] for pid in sorted(again) if pid not in analyses]
        if any(not p.records for p in more):  # a page the file does not hold is to be cut again
            raise NeedsAllRecords("a page not rebuilt is to be segmented again")
        analyses.update(_analyse(seg, more, known, keys))
        redo = sorted([*redo, *more], key=lambda p: p.pid)

    # Each redone page: its segmented records, postings, record files (written now) and what the snapshot keeps of it.
    if atlas.exists():
        shutil.rmtree(atlas)
    (atlas / "t").mkdir(parents=True)
    (atlas / "p").mkdir()
    contributions: list[PageContribution | None] = list(previous.pages) if previous else [None] * len(pages)
    entries: dict[str, list[int]] = {}  # every term's postings, in a full build (pages in order: ascending)
    postings: dict[int, dict[str, list[int]]] = {}  # the redone pages', in an update
    for p in redo:
        records, spellings, fallback = _segmented(p, analyses[p.pid], segmentation)
        found = page_postings(records, p.pid, tokenizer)
        if previous is None:
            for term, flat in found.items():
                entries.setdefault(term, []).extend(flat)
        else:
            postings[p.pid] = found
        files = page_files(records, p.pid)
        for name, data in files:
            (atlas / "p" / name).write_bytes(data)
        old = previous.pages[p.pid] if previous else None
        if old is not None:
            _count(spellings_count, _spellings(old.spellings), -1)
            for word in old.fallback_words:
                fallback_pages.get(word, set()).discard(p.pid)
        _count(spellings_count, spellings, +1)
        for word in fallback:
            fallback_pages.setdefault(word, set()).add(p.pid)
        contributions[p.pid] = PageContribution(
            p.location, len(p.records), p.digest, len(files), b"", "\n".join(_nouns(analyses[p.pid])), fallback,
            "\n".join("\x1f".join(spelling) for spelling in spellings),
        )
    fallback_cuts = {word: tuple(seg._split_compound(word)) for word, pids in fallback_pages.items() if pids}
    numbers = _numbers(spellings_count)
    config["numbers"] = numbers
    shards = _filed(entries, numbers, len(pages)) if previous is None else _updated_shards(
        len(pages), postings, old_postings, numbers, previous, old_atlas,  # type: ignore[arg-type]
    )
    kept = [
        replace(c, shards=shards.page_shards[pid]) if pid in shards.page_shards else c
        for pid, c in enumerate(contributions) if c is not None
    ]

    # The new term shards; the other files linked from the previous site (plain strings: thousands of paths).
    old, new = f"{old_atlas}{os.sep}", f"{atlas}{os.sep}"
    for n in range(shards.buckets):
        if n in shards.written:
            (atlas / "t" / f"{n}.js").write_bytes(shards.written[n])
        else:
            _link(f"{old}t{os.sep}{n}.js", f"{new}t{os.sep}{n}.js")
    done = {p.pid for p in redo}
    for p in pages:
        if p.pid in done:
            continue
        for part in range(kept[p.pid].files):
            name = f"{p.pid}.js" if part == 0 else f"{p.pid}-{part}.js"
            _link(f"{old}p{os.sep}{name}", f"{new}p{os.sep}{name}")

    raw_index = {key: value for key, value in index.items() if key not in ("atlas_pages", "atlas_previous")}
    data = json.dumps(
        manifest(raw_index, config, shards.buckets, len(pages), sum(p.records for p in kept), _firsts("".join(shards.firsts))),
        ensure_ascii=False, separators=(",", ":"),
    ).encode("utf-8")
    tmp = index_path.with_suffix(".json.tmp")
    tmp.write_bytes(data)
    tmp.replace(index_path)

    # What the next build needs. A full build keeps the readings of its own chunks only; an
    # update also keeps those of the pages it did not read again (the cache grows by edits).
    cache.words = dict(seg.word_cuts)
    if previous is None:
        cache.chunks = {key: known[key] for key in keys}
        cache.save()
    elif cache.grown():
        cache.save()
    _save(SearchSnapshot(
        _key(), raw_config, _file_identity(index_path), tuple(kept), nouns_count, spellings_count,
        fallback_cuts, shards.buckets, shards.sizes, shards.firsts,
    ))
    return len(data)


def _save(snapshot: SearchSnapshot) -> None:
    """Write the snapshot; one that cannot be written only costs the next build time."""
    from .cache import write_pickle

    try:
        write_pickle(snapshot_path(), snapshot)
    except OSError:
        pass
