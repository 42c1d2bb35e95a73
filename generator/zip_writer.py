"""A zip writer for members whose deflated bytes are already made.

Python's ``zipfile`` compresses what it is given and cannot take a member's
deflate stream as it is, and the maintained streaming writers (stream-zip,
zipstream-ng) compress themselves too; the offline export keeps each
member's deflated bytes between builds (see ``offline_members``) and only
needs them laid out. The layout is ``zipfile``'s own — the same local
headers, central directory and end records, ZIP64 where ``zipfile`` puts it
— so an archive written here is byte-identical to ``zipfile.ZipFile.writestr``
of the same members at the same compression level (tests/test_offline_zip.py).
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

# zipfile's limits and record layouts (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.14–16).
ZIP64_LIMIT = (1 << 31) - 1
ZIP_FILECOUNT_LIMIT = (1 << 16) - 1
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_END64 = struct.Struct("<4sQ2H2L4Q")
_END64_LOCATOR = struct.Struct("<4sLQL")
_DEFLATED = 8
_VERSION = 20  # deflate
_ZIP64_VERSION = 45
_UTF8_NAME = 0x800


@dataclass(frozen=True)
class Deflated:
    """One member's content as a raw deflate stream, with what its headers say of the content."""

    data: bytes
    crc: int
    file_size: int


def deflate(content: bytes, level: int) -> Deflated:
    """``content`` deflated as ``zipfile`` does it (raw stream, one compress and one flush)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Deflated(compressor.compress(content) + compressor.flush(), zlib.crc32(content), len(content))


@dataclass(frozen=True)
class _Entry:
    name: bytes
    flags: int
    crc: int
    compress_size: int
    file_size: int
    header_offset: int


class ZipWriter:
    """Writes members in the order given, every one with the same date, Unix mode and system."""

    def __init__(self, path: Path, date_time: tuple[int, ...], mode: int, create_system: int = 3) -> None:
        self._file: BinaryIO = open(path, "wb")
        year, month, day, hour, minute, second = date_time[:6]
        self._dosdate = (year - 1980) << 9 | month << 5 | day
        self._dostime = hour << 11 | minute << 5 | second // 2
        self._external_attr = mode << 16
        self._create_system = create_system
        self._entries: list[_Entry] = []

    def __enter__(self) -> ZipWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if kind is None:
                self._write_central_directory()
        finally:
            self._file.close()

    def add(self, name: str, member: Deflated) -> int:
        """Write one member; returns where its deflated bytes start in the archive."""
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        offset = self._file.tell()
        compress_size = len(member.data)
        extra, version = b"", _VERSION
        # zipfile decides from the size before compressing (compressed data can outgrow it).
        if member.file_size * 1.05 > ZIP64_LIMIT:
            extra, version = struct.pack("<HHQQ", 1, 16, member.file_size, compress_size), _ZIP64_VERSION
            sizes = (0xFFFFFFFF, 0xFFFFFFFF)
        else:
            sizes = (compress_size, member.file_size)
        self._file.write(_LOCAL.pack(
            b"PK\003\004", version, 0, flags, _DEFLATED, self._dostime, self._dosdate, member.crc, *sizes,
            len(encoded), len(extra),
        ) + encoded + extra)
        start = self._file.tell()
        self._file.write(member.data)
        self._entries.append(_Entry(encoded, flags, member.crc, compress_size, member.file_size, offset))
        return start

    def _write_central_directory(self) -> None:
        start = self._file.tell()
        for entry in self._entries:
            large: list[int] = []
            if entry.file_size > ZIP64_LIMIT or entry.compress_size > ZIP64_LIMIT:
                large += [entry.file_size, entry.compress_size]
                compress_size = file_size = 0xFFFFFFFF
            else:
                compress_size, file_size = entry.compress_size, entry.file_size
            if entry.header_offset > ZIP64_LIMIT:
                large.append(entry.header_offset)
                header_offset = 0xFFFFFFFF
            else:
                header_offset = entry.header_offset
            extra = struct.pack("<HH" + "Q" * len(large), 1, 8 * len(large), *large) if large else b""
            version = _ZIP64_VERSION if large else _VERSION
            self._file.write(_CENTRAL.pack(
                b"PK\001\002", version, self._create_system, version, 0, entry.flags, _DEFLATED,
                self._dostime, self._dosdate, entry.crc, compress_size, file_size,
                len(entry.name), len(extra), 0, 0, 0, self._external_attr, header_offset,
            ) + entry.name + extra)
        end = self._file.tell()
        count, size, offset = len(self._entries), end - start, start
        if count > ZIP_FILECOUNT_LIMIT or offset > ZIP64_LIMIT or size > ZIP64_LIMIT:
            self._file.write(_END64.pack(b"PK\006\006", 44, 45, 45, 0, 0, count, count, size, offset))
            self._file.write(_END64_LOCATOR.pack(b"PK\006\007", 0, end, 1))
            count, size, offset = min(count, 0xFFFF), min(size, 0xFFFFFFFF), min(offset, 0xFFFFFFFF)
        self._file.write(_END.pack(b"PK\005\006", 0, 0, count, count, size, offset, 0))
