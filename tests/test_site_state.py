"""The site state: after any edit, an incremental ``generate`` leaves the docs folder a cold run would.

Each step changes the seeds, runs ``generate`` against the state the last
step left, and compares every generated file with a run from an empty cache
into an empty docs folder.
"""
from __future__ import annotations

import os
import pickle
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Callable

import pytest

from bench import corpus
from generator import cli
from generator.cache import ArticleCache
from generator.compare import RegionCache
from jinja2 import Environment

from generator.site_state import PageMemo, SiteState, StateFile, context_digest, value_digest

SEEDS = 16


def _generate(seeds: Path, docs: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert cli.main(["generate", "--seeds", str(seeds), "--docs", str(docs), "--cache", str(cache), "--jobs", "1"]) == 0
    return capsys.readouterr().out


def _generated_files(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def _edit(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace("다.".encode(), "다. 편집한 문장이다.".encode(), 1))


def _serve_generator(seeds: Path, docs: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> Callable[[], str]:
    """``generate`` as ``make serve`` runs it: one process, its article cache and compared regions kept between runs."""
    args = cli.build_parser().parse_args(["generate", "--seeds", str(seeds), "--docs", str(docs), "--cache", str(cache), "--jobs", "1"])
    args.article_cache = ArticleCache(cache / "articles", in_memory=True)
    args.region_cache = RegionCache()

    def run() -> str:
        capsys.readouterr()
        assert cli.generate(args) == 0
        return capsys.readouterr().out
    return run


@pytest.mark.parametrize("process", ["one-shot", "serve"])
def test_incremental_runs_match_cold_runs_across_edits(tmp_path: Path, capsys: pytest.CaptureFixture[str], process: str) -> None:
    seeds, docs, cache = tmp_path / "seeds", tmp_path / "docs", tmp_path / "cache"
    paths = corpus.write_corpus(SEEDS, seeds)
    generate = (_serve_generator(seeds, docs, cache, capsys) if process == "serve"
                else lambda: _generate(seeds, docs, cache, capsys))
    generate()
    assert (cache / cli.SITE_STATE).is_file()
    assert "61억원" in paths[11].read_text(encoding="utf-8")  # the matrix's money figure the fourth step changes

    steps = {
        "body edited": lambda: _edit(paths[3]),
        "region, title and date changed": lambda: paths[5].with_suffix(".yml").write_text(
            "regions: [daejeon]\ntitle: 고친 제목\npublished: 2021-03-04\n", encoding="utf-8"),
        "figure in the matrix changed": lambda: paths[11].write_bytes(
            paths[11].read_bytes().replace("61억원".encode(), "73억원".encode())),
        "seed added": lambda: shutil.copyfile(paths[2], seeds / "zz-added.txt") and _edit(seeds / "zz-added.txt"),
        "duplicate added": lambda: shutil.copyfile(paths[4], seeds / "zz-copy.txt"),
        "seed removed": lambda: paths[8].unlink(),
        "seed becomes a problem": lambda: paths[9].write_bytes(b"\x00\x01 not text"),
        "problem fixed, title edited again": lambda: (
            paths[9].write_bytes(paths[10].read_bytes().replace("다.".encode(), "다. 고친 문장.".encode(), 1)),
            paths[5].with_suffix(".yml").write_text("title: 다시 고친 제목\n", encoding="utf-8")),
    }
    outputs = {}
    for number, (step, change) in enumerate(steps.items()):
        change()
        outputs[step] = out = generate()
        cold_docs, cold_cache = tmp_path / f"cold-{number}" / "docs", tmp_path / f"cold-{number}" / "cache"
        _generate(seeds, cold_docs, cold_cache, capsys)
        assert _generated_files(docs) == _generated_files(cold_docs), step
        assert "unchanged" in out, step
    # A body edit changes few files: most pages were kept, not rendered and rewritten.
    written = int(outputs["body edited"].split(": ")[1].split(" written")[0])
    assert 0 < written < len(_generated_files(docs)) // 3, outputs["body edited"]


def test_an_unchanged_seed_is_not_read_but_a_racy_or_changed_one_is(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    seeds, docs, cache = tmp_path / "seeds", tmp_path / "docs", tmp_path / "cache"
    paths = corpus.write_corpus(4, seeds)
    past = 1_600_000_000_000_000_000
    for path in paths:
        os.utime(path, ns=(past, past))
    _generate(seeds, docs, cache, capsys)
    read: list[str] = []
    real = cli.generate_site.__globals__["read_seed"]

    def counting(path: Path, *args: object) -> object:
        read.append(path.name)
        return real(path, *args)

    monkeypatch.setitem(cli.generate_site.__globals__, "read_seed", counting)
    _generate(seeds, docs, cache, capsys)
    assert read == []
    _edit(paths[1])  # a changed seed is read again
    _generate(seeds, docs, cache, capsys)
    assert read == [paths[1].name]
    # A seed whose stamp matches but whose time is within a second of the last run is read (racy).
    saved: SiteState = pickle.loads((cache / cli.SITE_STATE).read_bytes())
    record = saved.seeds[paths[2].name]
    assert saved.known_key(paths[2].name, record.stamp, None) == record.key
    racy = replace(record.stamp, mtime_ns=saved.written_ns - 10)
    racy_state = replace(saved, seeds={**saved.seeds, paths[2].name: replace(record, stamp=racy)})
    assert racy_state.known_key(paths[2].name, racy, None) is None
    assert StateFile(cache / cli.SITE_STATE).load(saved.code, seeds, tmp_path / "elsewhere") is None  # another docs folder


def test_a_generated_file_changed_by_hand_is_written_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds, docs, cache = tmp_path / "seeds", tmp_path / "docs", tmp_path / "cache"
    corpus.write_corpus(4, seeds)
    _generate(seeds, docs, cache, capsys)
    before = _generated_files(docs)
    regions = docs / "atlas" / "regions" / "index.md"
    regions.write_text(regions.read_text(encoding="utf-8") + "\n손으로 고친 줄\n", encoding="utf-8")
    (docs / "data" / "facts.csv").unlink()
    out = _generate(seeds, docs, cache, capsys)
    assert _generated_files(docs) == before
    assert "2 written" in out


def test_context_digests_follow_values_not_object_sharing() -> None:
    memo, other = PageMemo(Environment(), record=True), PageMemo(Environment(), record=True)
    rows = [{"n": 1, "text": "가"}, {"n": 2, "text": "나"}]
    pager = {"rows": rows, "number": 1}
    assert memo._digest_of(pager) == other._digest_of({"rows": [{"n": 1, "text": "가"}, {"n": 2, "text": "나"}], "number": 1})
    assert memo._digest_of(pager) != other._digest_of({"rows": [{"n": 1, "text": "가"}], "number": 1})
    assert memo._digest_of(rows) != value_digest(rows)  # by parts, not pickled whole
    assert context_digest("t", {"a": rows}, memo._digest_of) == context_digest("t", {"a": list(rows)}, other._digest_of)
    shared = "같은 문장"
    one = context_digest("t.md.j2", {"rows": [shared, shared], "pages": {"b", "a"}})
    two = context_digest("t.md.j2", {"rows": [shared, "".join(["같은 ", "문장"])], "pages": {"a", "b"}})
    assert one == two
    assert one != context_digest("t.md.j2", {"rows": [shared], "pages": {"a", "b"}})
    assert one != context_digest("u.md.j2", {"rows": [shared, shared], "pages": {"a", "b"}})
