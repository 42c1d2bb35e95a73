"""Stage 1 — read seed files as bytes and fingerprint them."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import SeedError
from .models import SeedBytes

# A scraped article is a few kilobytes; anything far larger is not one.
DEFAULT_MAX_SEED_BYTES = 2_000_000


def list_seed_files(folder: Path) -> list[Path]:
    """The ``*.txt`` files in ``folder``, sorted by name for stable output."""
    if not folder.is_dir():
        raise SeedError(str(folder), "seed folder does not exist")
    return sorted((p for p in folder.iterdir() if p.suffix == ".txt" and p.is_file()), key=lambda p: p.name)


def read_seed(path: Path, max_bytes: int = DEFAULT_MAX_SEED_BYTES) -> SeedBytes:
    """Read one seed file; fail with a one-line reason if it cannot be read."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SeedError(path.name, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (--max-seed-bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise SeedError(path.name, f"cannot read file ({exc.strerror or exc})") from None
    return SeedBytes(name=path.name, path=path, data=data, sha256=hashlib.sha256(data).hexdigest())
