"""Incremental site builds: only the changed pages rendered, and a site byte-identical to a full build's."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

# One build date for every build here: the sitemap and the zip carry it.
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
STATE = "mkdocs-state.pickle"


def build(work: Path, site: str = "site", cache: str = "cache") -> str:
    """``python -m generator build`` of ``work/seeds`` into ``work/<site>``; returns its mkdocs line."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--seeds", str(work / "seeds"), "--docs", str(work / "docs"),
         "--cache", str(work / cache), "--site-dir", str(work / site), "--dist", str(work / f"dist-{site}")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=ENV,
    )
    assert result.returncode == 0, result.stderr
    return next(line for line in result.stdout.splitlines() if line.startswith("mkdocs: "))


def full_build(work: Path) -> str:
    """A full build of the same docs into ``work/site-full``: the article caches, no MkDocs state, no kept zip members."""
    shutil.rmtree(work / "cache-full", ignore_errors=True)
    shutil.copytree(work / "cache", work / "cache-full")
    (work / "cache-full" / STATE).unlink()
    shutil.rmtree(work / "cache-full" / "offline")
    shutil.rmtree(work / "site-full", ignore_errors=True)
    line = build(work, "site-full", "cache-full")
    assert "a full build (no state" in line
    return line


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_site(work: Path) -> None:
    incremental, full = files_of(work / "site"), files_of(work / "site-full")
    assert sorted(incremental) == sorted(full)
    assert [name for name in full if incremental[name] != full[name]] == []


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("incremental")
    shutil.copytree(SEEDS, work / "seeds")
    (work / "docs").mkdir()
    (work / "docs" / "about.md").write_text("# 이 아틀라스에 대하여\n\n손으로 쓴 페이지.\n", encoding="utf-8")
    line = build(work)
    assert "a full build (no state" in line
    return work


def edit(seed: Path, old: str, new: str) -> None:
    text = seed.read_bytes()
    assert old.encode() in text
    seed.write_bytes(text.replace(old.encode(), new.encode(), 1))


def test_an_edited_seed_renders_only_its_pages_and_gives_the_full_build(work: Path) -> None:
    seed = sorted((work / "seeds").glob("*.txt"))[2]
    edit(seed, "다.", "다. 편집한 문장이다.")
    assets = {p: p.stat().st_ino for p in (work / "site" / "assets").rglob("*") if p.is_file()}
    line = build(work)
    assert "only those changed" in line
    # The theme's files are the previous site's, hard-linked, not copied again.
    assert assets and {p: p.stat().st_ino for p in assets} == assets
    rendered = int(line.split()[1])
    pages = sum(1 for _ in (work / "site").rglob("*.html"))
    assert 0 < rendered < pages / 2
    full_build(work)
    assert_same_site(work)
    # Nothing changed: nothing rendered, the same site.
    assert build(work).startswith("mkdocs: 0 pages rendered, only those changed")
    assert_same_site(work)


def test_without_the_search_snapshot_an_incremental_build_still_gives_the_full_build(work: Path) -> None:
    # The index file then holds only the rebuilt pages' records: the hook writes every record and rewrites it whole.
    (work / "cache" / "search-snapshot.pickle").unlink()
    seed = sorted((work / "seeds").glob("*.txt"))[3]
    edit(seed, "다.", "다. 스냅숏 없이 편집한 문장이다.")
    assert "only those changed" in build(work)
    full_build(work)
    assert_same_site(work)
    assert (work / "cache" / "search-snapshot.pickle").is_file()  # made again for the next build


def test_a_changed_title_falls_back_to_a_full_build(work: Path) -> None:
    # A hand-written page is in the navigation by path: its title comes from its heading.
    edit(work / "docs" / "about.md", "# 이 아틀라스에 대하여", "# 아틀라스 소개")
    line = build(work)
    assert "a full build (the title of about.md changed)" in line
    full_build(work)
    assert_same_site(work)


def test_an_added_or_removed_seed_falls_back_to_a_full_build(work: Path) -> None:
    seed = sorted((work / "seeds").glob("*.txt"))[0]
    moved = work / seed.name
    shutil.move(seed, moved)
    assert "a full build" in build(work)
    full_build(work)
    assert_same_site(work)
    shutil.move(moved, seed)
    assert "a full build" in build(work)
    full_build(work)
    assert_same_site(work)


def test_a_lost_or_foreign_site_falls_back_to_a_full_build(work: Path) -> None:
    (work / "site" / "sitemap.xml").write_text("not the site last built", encoding="utf-8")
    assert "a full build (the previous site is not the one last built)" in build(work)
    (work / "cache" / STATE).write_bytes(b"damaged")
    assert "a full build (no state" in build(work)
    full_build(work)
    assert_same_site(work)


def test_a_full_build_is_mkdocs_own_build(work: Path) -> None:
    """The build that can skip pages, skipping none, writes what ``mkdocs build`` writes."""
    script = (
        "import os, sys; from mkdocs.config import load_config; from mkdocs.commands.build import build; "
        "build(load_config(config_file=sys.argv[1], docs_dir=sys.argv[2], site_dir=sys.argv[3], strict=True))"
    )
    env = {**ENV, "ATLAS_NAV_FILE": str(work / "docs" / "atlas" / ".nav.yml"),
           "ATLAS_OFFLINE_ZIP": next((work / "dist-site").glob("*.zip")).name, "ATLAS_CACHE": str(work / "cache")}
    subprocess.run([sys.executable, "-c", script, str(ROOT / "mkdocs.yml"), str(work / "docs"), str(work / "site-mkdocs")],
                   cwd=ROOT, check=True, capture_output=True, timeout=300, env=env)
    ours, theirs = files_of(work / "site"), files_of(work / "site-mkdocs")
    assert sorted(name for name in ours if not name.startswith("downloads/")) == sorted(theirs)
    assert [name for name in theirs if ours[name] != theirs[name]] == []
