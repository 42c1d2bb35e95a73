"""The offline export's deflated members, kept between builds: a rebuild compresses only what changed.

After each export the cache folder keeps the archive (a hard link, no
copy) and, per member, where its deflated bytes lie in it, their CRC and
sizes, and what they were made from: the site file's identity (device,
inode, size, modification time) and the SHA-256 of its bytes. The next
export takes a member's bytes from the kept archive when its site file is
the same file — an incremental site build hard-links every page it did not
render, so the same inode, untouched — or a file with the same bytes (a
search shard written again), and deflates the member afresh otherwise.
Everything that turns a site file into a member (the generator's code, the
level, zlib's version) is part of a recipe digest; another recipe, a lost
or changed archive or an unreadable record and every member is made anew.
The archive is the same bytes either way.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .cache import PACKAGE, _folder_digest, write_pickle
from .zip_writer import Deflated, deflate

FORMAT = "atlas-offline-members/1"
ARCHIVE = "archive.zip"
RECORD = "members.pickle"


@dataclass(frozen=True)
class KeptMember:
    """One member of the kept archive and the site file it was made from."""

    source: tuple[int, int, int, int]  # device, inode, size, mtime_ns of that file
    digest: str  # SHA-256 of its bytes
    crc: int
    file_size: int
    compress_size: int
    offset: int  # where the deflated bytes start in the kept archive


@dataclass(frozen=True)
class KeptArchive:
    """The last export: its recipe, the kept archive's identity and its members (names below the top folder)."""

    recipe: str
    archive: tuple[int, int, int, int]
    members: dict[str, KeptMember]


def _identity(path: Path) -> tuple[int, int, int, int]:
    found = os.stat(path)
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns


def recipe(level: int) -> str:
    """A digest of everything that turns a site file into a member's bytes."""
    digest = hashlib.sha256(f"{FORMAT} {level} {zlib.ZLIB_RUNTIME_VERSION}".encode() + b"\0")
    digest.update(_folder_digest(PACKAGE, "*.py"))
    return digest.hexdigest()


class MemberStore:
    """Gives each member's deflated bytes, from the kept archive where they are still right; remembers the new archive."""

    def __init__(self, folder: Path | None, level: int) -> None:
        self._folder, self._level, self._recipe = folder, level, recipe(level)
        self._kept: KeptArchive | None = None
        self._archive: int | None = None
        self._made: dict[str, KeptMember] = {}
        self.reused = 0
        if folder is not None:
            self._open_kept(folder)

    def _open_kept(self, folder: Path) -> None:
        try:
            with open(folder / RECORD, "rb") as handle:
                kept = pickle.load(handle)
            if not isinstance(kept, KeptArchive) or kept.recipe != self._recipe:
                return
            archive = os.open(folder / ARCHIVE, os.O_RDONLY)
        except Exception:  # the cache is the user's own folder; anything unreadable is a miss
            return
        found = os.fstat(archive)
        if (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns) != kept.archive:
            os.close(archive)
            return
        self._kept, self._archive = kept, archive

    def close(self) -> None:
        if self._archive is not None:
            os.close(self._archive)
            self._archive = None

    def deflated(self, name: str, source: Path, make: Callable[[], bytes]) -> Deflated:
        """Member ``name``'s deflated bytes; ``make`` gives its content, from the site file ``source``."""
        identity = _identity(source)
        kept = self._kept.members.get(name) if self._kept is not None else None
        digest = kept.digest if kept is not None and kept.source == identity else _file_digest(source)
        if kept is not None and kept.digest == digest and self._archive is not None:
            data = os.pread(self._archive, kept.compress_size, kept.offset)
            if len(data) == kept.compress_size:
                self.reused += 1
                self._made[name] = KeptMember(identity, digest, kept.crc, kept.file_size, kept.compress_size, -1)
                return Deflated(data, kept.crc, kept.file_size)
        member = deflate(make(), self._level)
        self._made[name] = KeptMember(identity, digest, member.crc, member.file_size, len(member.data), -1)
        return member

    def keep(self, archive: Path, offsets: dict[str, int]) -> None:
        """Keep ``archive`` (hard-linked into the cache folder) and where each member's bytes are in it."""
        self.close()
        if self._folder is None:
            return
        self._folder.mkdir(parents=True, exist_ok=True)
        linked = self._folder / f".{ARCHIVE}.new"
        linked.unlink(missing_ok=True)
        try:
            os.link(archive, linked)
        except OSError:  # another file system: a copy would cost what it saves; keep nothing
            (self._folder / RECORD).unlink(missing_ok=True)
            return
        os.replace(linked, self._folder / ARCHIVE)
        members = {name: KeptMember(m.source, m.digest, m.crc, m.file_size, m.compress_size, offsets[name])
                   for name, m in self._made.items()}
        write_pickle(self._folder / RECORD, KeptArchive(
            self._recipe, _identity(self._folder / ARCHIVE), members))


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
