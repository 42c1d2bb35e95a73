"""The search index analysed in a child process beside MkDocs (``search_reader``)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from generator.errors import AtlasError
from generator.search_reader import SearchReader, entry_texts

SEPARATOR = r"[\s\-]+"
DOCS = [
    {"location": "a/", "title": "광주과학기술원", "text": "<p>김대중컨벤션센터에서 인공지능 박람회가 열린다</p>"},
    {"location": "a/#s", "title": "네이버클라우드와 협약", "text": "<p>총 4,061억 원 규모의 스마트공장 사업을 17개사가 맡는다</p>"},
    {"location": "b/", "title": "전라남도", "text": "<p>김대중컨벤션센터에서 인공지능 박람회가 열린다</p><p>데이터센터 유치</p>"},
]


def _plain_index(folder: Path) -> Path:
    path = folder / "search" / "search_index.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"config": {"separator": SEPARATOR}, "docs": DOCS}), encoding="utf-8")
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_reader_rewrites_the_index_byte_for_byte_as_the_build_process_would(tmp_path, monkeypatch):
    # The reference: rewritten and split in a fresh process, as the hook does without a reader.
    alone = _plain_index(tmp_path / "alone")
    code = ("import sys; from pathlib import Path; from generator.search_index import rewrite_search_index; "
            "from generator.search_shards import write_chunked_index; p = Path(sys.argv[1]); "
            "rewrite_search_index(p); write_chunked_index(p)")
    subprocess.run([sys.executable, "-c", code, str(alone)], cwd=ROOT, check=True,
                   env={"ATLAS_CACHE": str(tmp_path / "cache-alone"), "PATH": "/usr/bin:/bin"})
    beside = _plain_index(tmp_path / "beside")
    monkeypatch.setenv("ATLAS_CACHE", str(tmp_path / "cache-beside"))
    reader = SearchReader()
    try:
        # Handed over page by page; the last page never is: the rewrite reads it itself.
        for entry in DOCS[:-1]:
            reader.add(entry_texts([entry]))
        reader.rewrite(beside)
        reader.wait()
    finally:
        reader.close()
    assert _files(beside.parent) == _files(alone.parent)
    assert any("\u200b" in part.read_text(encoding="utf-8") for part in (beside.parent / "atlas" / "p").glob("*.js"))
    assert (tmp_path / "cache-beside" / "search-index.pickle").is_file()  # kept for the next build


def test_a_reader_that_fails_fails_the_build_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_CACHE", str(tmp_path / "cache"))
    broken = tmp_path / "search_index.json"
    broken.write_text("{not json", encoding="utf-8")
    reader = SearchReader()
    try:
        reader.add(["인공지능 박람회"])
        reader.rewrite(broken)
        with pytest.raises(AtlasError, match=r"^search index: ") as raised:
            reader.wait()
    finally:
        reader.close()
    assert "\n" not in str(raised.value)


def test_entry_texts_are_the_titles_and_texts_the_rewrite_segments():
    entries = [{"location": "x/", "title": "제목", "text": "본문"}, {"location": "y/", "title": "둘", "tags": ["t"]}]
    assert entry_texts(entries) == ["제목", "본문", "둘"]


def test_a_reader_that_cannot_start_leaves_the_rewrite_to_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_CACHE", str(tmp_path / "cache"))
    index = _plain_index(tmp_path)
    before = index.read_bytes()
    reader = SearchReader()
    try:
        reader._process.kill()  # as if the child had died while starting
        reader._process.join()
        reader.add(entry_texts(DOCS))
        reader.rewrite(index)
        assert reader.wait() is False
    finally:
        reader.close()
    assert index.read_bytes() == before  # untouched: the hook rewrites it itself
