"""The search index's files redone only where pages changed (``search_update``): always the full rewrite's bytes."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from generator.search_index import KoreanSegmenter, SearchCache, load_search_rules, segment_search_index
from generator.search_shards import chunk_search_index
from generator.search_update import NeedsAllRecords, update_search_index

SEPARATOR = r"[\s\-]+"
DOCS = [
    {"location": "a/", "title": "광주과학기술원", "text": "<p>김대중컨벤션센터에서 인공지능 박람회가 열린다</p>"},
    {"location": "a/#s", "title": "네이처글루텍과 협약", "text": "<p>총 4,061억 원 규모의 스마트공장 사업을 17개사가 맡는다</p>"},
    {"location": "b/", "title": "전라남도", "text": "<p>네이처 제품을 판다. 데이터센터 유치</p>"},
    {"location": "c/", "title": "대전", "text": "<p>양자컴퓨팅 연구소에 27,500명이 모였다</p>", "tags": ["양자"]},
    {"location": "d/", "title": "부산", "text": "<p>도시철도와 인공지능 반도체</p>"},
]


def _reference(docs: list[dict], folder: Path) -> dict[str, bytes]:
    """What ``rewrite_search_index`` then ``write_chunked_index`` write for ``docs`` (a fresh segmenter, no cache)."""
    index = {"config": {"separator": SEPARATOR}, "docs": copy.deepcopy(docs)}
    segmented = segment_search_index(index, KoreanSegmenter(load_search_rules()), SearchCache(None))
    manifest = chunk_search_index(json.loads(json.dumps(segmented)), folder / "atlas")
    (folder / "search_index.json").write_bytes(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode())
    return _files(folder)


def _built(docs: list[dict], site: Path, previous: Path | None = None) -> dict[str, bytes]:
    """``docs`` as Material writes them into ``site``, then updated from ``previous``."""
    index = site / "search" / "search_index.json"
    index.parent.mkdir(parents=True)
    index.write_text(json.dumps({"config": {"separator": SEPARATOR}, "docs": docs}, separators=(",", ":")), encoding="utf-8")
    update_search_index(index, previous)
    return _files(index.parent)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _edited(location: str, text: str, docs: list[dict] = DOCS) -> list[dict]:
    out = copy.deepcopy(docs)
    next(d for d in out if d["location"] == location)["text"] = text
    return out


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_CACHE", str(tmp_path / "cache"))


def test_a_first_build_writes_what_the_full_rewrite_writes(tmp_path):
    assert _built(DOCS, tmp_path / "site") == _reference(DOCS, tmp_path / "reference")


def test_an_edited_page_is_redone_and_every_other_file_linked_from_the_previous_site(tmp_path):
    _built(DOCS, tmp_path / "one")
    edited = _edited("c/", "<p>양자컴퓨팅 연구소에 4천61억원을 들여 3만명이 모였다. 새로운 문장이다</p>")
    assert _built(edited, tmp_path / "two", tmp_path / "one") == _reference(edited, tmp_path / "reference")
    one, two = tmp_path / "one" / "search" / "atlas", tmp_path / "two" / "search" / "atlas"
    assert (two / "p" / "0.js").stat().st_ino == (one / "p" / "0.js").stat().st_ino  # page a/: kept
    assert (two / "p" / "2.js").stat().st_ino != (one / "p" / "2.js").stat().st_ino  # page c/: redone
    # Edited back: the previous site is now the edited one.
    assert _built(DOCS, tmp_path / "three", tmp_path / "two") == _reference(DOCS, tmp_path / "reference-back")


def test_a_noun_another_page_gains_or_loses_recuts_the_compounds_it_split(tmp_path):
    # 네이처글루텍 is unknown to Kiwi: page a/ is cut with the corpus's nouns, here 네이처 from page b/.
    without = _edited("b/", "<p>버스 제품을 판다. 데이터센터 유치</p>")
    assert _reference(without, tmp_path / "r1")["atlas/p/0.js"] != _reference(DOCS, tmp_path / "r0")["atlas/p/0.js"]
    _built(DOCS, tmp_path / "one")
    assert _built(without, tmp_path / "two", tmp_path / "one") == _files(tmp_path / "r1")
    assert _built(DOCS, tmp_path / "three", tmp_path / "two") == _files(tmp_path / "r0")


def test_a_change_of_shard_count_files_every_shard_again(tmp_path):
    many = " ".join(f"단어{n}번째" for n in range(3000))
    grown = _edited("d/", f"<p>{many}</p>")
    _built(DOCS, tmp_path / "one")
    assert _built(grown, tmp_path / "two", tmp_path / "one") == _reference(grown, tmp_path / "reference")
    assert len(list((tmp_path / "two" / "search" / "atlas" / "t").iterdir())) > 1
    assert _built(DOCS, tmp_path / "three", tmp_path / "two") == _reference(DOCS, tmp_path / "reference-back")


def test_a_previous_site_the_snapshot_does_not_describe_is_not_trusted(tmp_path):
    _built(_edited("a/", "<p>다른 사이트</p>"), tmp_path / "other")
    _built(DOCS, tmp_path / "one")
    edited = _edited("b/", "<p>네이처 제품을 판다. 데이터센터 유치와 인공지능</p>")
    reference = _reference(edited, tmp_path / "reference")
    assert _built(edited, tmp_path / "two", tmp_path / "other") == reference  # not the site the snapshot was made with
    # The snapshot's site with a file gone: everything is done afresh.
    (tmp_path / "two" / "search" / "atlas" / "p" / "0.js").unlink()
    assert _built(edited, tmp_path / "three", tmp_path / "two") == reference


def test_pages_added_or_reordered_are_all_redone(tmp_path):
    _built(DOCS, tmp_path / "one")
    reordered = DOCS[2:] + DOCS[:2]
    assert _built(reordered, tmp_path / "two", tmp_path / "one") == _reference(reordered, tmp_path / "reference")


def _partial(docs: list[dict], held: set[str], site: Path, previous: Path | None, before: list[dict] | None = None) -> dict[str, bytes]:
    """As ``merge_search_records`` writes an incremental build's index: every page listed, ``held`` pages' records
    (and, from ``before``, their previous ones)."""
    listed: dict[str, int] = {}
    for doc in docs:
        page = doc["location"].split("#")[0]
        listed[page] = listed.get(page, 0) + 1
    index = site / "search" / "search_index.json"
    index.parent.mkdir(parents=True)
    held_docs = [d for d in docs if d["location"].split("#")[0] in held]
    data = {"config": {"separator": SEPARATOR}, "docs": held_docs, "atlas_pages": [[p, n] for p, n in listed.items()]}
    if before is not None:
        data["atlas_previous"] = {page: [d for d in before if d["location"].split("#")[0] == page] for page in held}
    index.write_text(json.dumps(data), encoding="utf-8")
    update_search_index(index, previous)
    return _files(index.parent)


def test_an_index_holding_only_the_rebuilt_pages_records_takes_the_others_from_the_previous_build(tmp_path):
    _built(DOCS, tmp_path / "one")
    edited = _edited("a/#s", "<p>총 5천억원 규모의 사업을 3개사가 맡는다</p>")
    assert _partial(edited, {"a/"}, tmp_path / "two", tmp_path / "one") == _reference(edited, tmp_path / "reference")


def test_the_rebuilt_pages_previous_records_narrow_the_shards_rewritten_to_those_whose_postings_changed(tmp_path):
    many = " ".join(f"{chr(0xAC00 + n * 37 % 11172)}{chr(0xAC00 + n * 101 % 11172)}{n}" for n in range(4000))  # many shards
    start = _edited("d/", f"<p>{many}</p>")
    _built(start, tmp_path / "one")
    edited = _edited("c/", "<p>양자컴퓨팅 양자컴퓨팅 센터에 27,500명이 모였다. 각각7 새말이다</p>", start)  # a term gone, counts changed
    assert _partial(edited, {"c/"}, tmp_path / "two", tmp_path / "one", start) == _reference(edited, tmp_path / "reference")
    shards = sorted((tmp_path / "two" / "search" / "atlas" / "t").iterdir())
    kept = [p for p in shards if p.stat().st_ino == (tmp_path / "one" / "search" / "atlas" / "t" / p.name).stat().st_ino]
    assert len(shards) > 2 and 0 < len(kept) < len(shards)
    # A noun page b/ loses recuts page a/ (both held, with their previous records): the old postings use the old nouns.
    without = _edited("b/", "<p>버스 제품을 판다. 데이터센터 유치</p>", edited)
    assert _partial(without, {"a/", "b/"}, tmp_path / "three", tmp_path / "two", edited) == _reference(without, tmp_path / "r3")


def test_an_index_holding_only_some_records_needs_the_others_when_the_previous_build_cannot_stand_in(tmp_path):
    _built(DOCS, tmp_path / "one")
    with pytest.raises(NeedsAllRecords):  # no previous site
        _partial(DOCS, {"a/"}, tmp_path / "two", None)
    with pytest.raises(NeedsAllRecords):  # a page's record count differs from the previous build's
        _partial([*DOCS, {"location": "b/#more", "title": "더", "text": "<p>추가</p>"}], {"a/"}, tmp_path / "three", tmp_path / "one")
    with pytest.raises(NeedsAllRecords):  # records of a page the list leaves out are not dropped
        index = tmp_path / "five" / "search" / "search_index.json"
        index.parent.mkdir(parents=True)
        index.write_text(json.dumps({"config": {"separator": SEPARATOR}, "docs": DOCS[:2] + [{"location": "z/", "title": "z", "text": "z"}],
                                     "atlas_pages": [["a/", 2], ["b/", 1], ["c/", 1], ["d/", 1]]}), encoding="utf-8")
        update_search_index(index, tmp_path / "one")
    # Page b/ loses 네이처: page a/, not held, would have to be cut again.
    without = _edited("b/", "<p>버스 제품을 판다. 데이터센터 유치</p>")
    with pytest.raises(NeedsAllRecords):
        _partial(without, {"b/"}, tmp_path / "four", tmp_path / "one")
    assert "atlas_pages" in json.loads((tmp_path / "four" / "search" / "search_index.json").read_text(encoding="utf-8"))  # untouched
