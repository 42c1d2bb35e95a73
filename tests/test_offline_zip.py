"""The offline zip's writer and its kept members: zipfile's own bytes, and a rebuild that compresses only what changed."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
import zipfile
from functools import partial
from pathlib import Path

import pytest

from generator.offline import ExportFile, write_zip
from generator.offline_members import ARCHIVE, RECORD
from generator.zip_writer import ZipWriter, deflate

EPOCH = 1767225600
STAMP = time.gmtime(EPOCH)[:6]


def stdlib_zip(files: dict[str, bytes], archive: Path, level: int = 1) -> None:
    """The archive zipfile writes for the same members, as the export wrote it before."""
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, files[name], compresslevel=level)


SAMPLE = {
    "top/index.html": "<p>지역 AI 아틀라스</p>\n".encode() * 300,
    "top/empty.txt": b"",
    "top/태그/강원/index.html": "<p>강원</p>".encode(),
    "top/search/random.bin": os.urandom(20000),
}


def test_the_writer_lays_members_out_as_zipfile_does(tmp_path: Path) -> None:
    stdlib_zip(SAMPLE, tmp_path / "stdlib.zip")
    with ZipWriter(tmp_path / "ours.zip", STAMP, 0o644) as writer:
        for name in sorted(SAMPLE):
            writer.add(name, deflate(SAMPLE[name], 1))
    assert (tmp_path / "ours.zip").read_bytes() == (tmp_path / "stdlib.zip").read_bytes()


def test_past_65535_members_the_archive_has_zip64_end_records(tmp_path: Path) -> None:
    archive = tmp_path / "many.zip"
    empty = deflate(b"", 1)
    with ZipWriter(archive, STAMP, 0o644) as writer:
        for i in range(70_000):
            writer.add(f"top/{i:05d}", empty)
        writer.add("top/last.txt", deflate(b"last", 1))
    with zipfile.ZipFile(archive) as zf:
        assert len(zf.infolist()) == 70_001
        assert zf.read("top/last.txt") == b"last"
        assert zf.testzip() is None
    if shutil.which("unzip"):
        assert subprocess.run(["unzip", "-tqq", str(archive)], capture_output=True).returncode == 0


def site_files(site: Path, made: list[str]) -> dict[str, ExportFile]:
    """Export files of every file in ``site``, each noting in ``made`` when its bytes are made."""

    def make(path: Path) -> bytes:
        made.append(path.name)
        return path.read_bytes()

    return {p.name: ExportFile(p, partial(make, p)) for p in sorted(site.iterdir())}


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    for i in range(20):
        (folder / f"page{i}.html").write_text(f"<p>페이지 {i}</p>\n" * (50 + i), encoding="utf-8")
    return folder


def test_a_rebuild_compresses_only_the_changed_files_and_gives_the_same_archive(site: Path, tmp_path: Path) -> None:
    kept, made = tmp_path / "kept", []
    write_zip(site_files(site, made), tmp_path / "first.zip", "top", EPOCH, kept)
    assert len(made) == 20 and (kept / ARCHIVE).samefile(tmp_path / "first.zip")

    # A page written again with other bytes, one written again with the same bytes, one added.
    (site / "page3.html").unlink()
    (site / "page3.html").write_text("<p>고친 페이지</p>\n", encoding="utf-8")
    same = (site / "page7.html").read_bytes()
    (site / "page7.html").unlink()
    (site / "page7.html").write_bytes(same)
    (site / "page99.html").write_text("<p>새 페이지</p>\n", encoding="utf-8")
    made.clear()
    write_zip(site_files(site, made), tmp_path / "second.zip", "top", EPOCH, kept)
    assert sorted(made) == ["page3.html", "page99.html"]

    write_zip(site_files(site, []), tmp_path / "scratch.zip", "top", EPOCH)
    assert (tmp_path / "second.zip").read_bytes() == (tmp_path / "scratch.zip").read_bytes()
    stdlib_zip({f"top/{p.name}": p.read_bytes() for p in site.iterdir()}, tmp_path / "stdlib.zip")
    assert (tmp_path / "second.zip").read_bytes() == (tmp_path / "stdlib.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "second.zip") as zf:
        assert zf.testzip() is None


def test_a_lost_changed_or_unreadable_kept_archive_means_every_member_is_made(site: Path, tmp_path: Path) -> None:
    kept, made = tmp_path / "kept", []
    write_zip(site_files(site, made), tmp_path / "first.zip", "top", EPOCH, kept)
    expected = (tmp_path / "first.zip").read_bytes()
    for damage in (
        lambda: (kept / ARCHIVE).unlink(),  # lost
        lambda: (kept / ARCHIVE).write_bytes(b"PK" + (kept / ARCHIVE).read_bytes()[2:]),  # rewritten in place
        lambda: (kept / RECORD).write_bytes(b"not a pickle"),
    ):
        write_zip(site_files(site, []), tmp_path / "again.zip", "top", EPOCH, kept)
        (tmp_path / "again.zip").unlink()
        damage()
        made.clear()
        write_zip(site_files(site, made), tmp_path / "again.zip", "top", EPOCH, kept)
        assert len(made) == 20
        assert (tmp_path / "again.zip").read_bytes() == expected
