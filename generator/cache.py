"""A folder of per-article results, keyed by content, so unchanged seeds are never re-analysed.

An entry holds one seed's ``AnalysedArticle`` (article, facts, sentences,
page). Its key is a SHA-256 over everything the result depends on: the seed's
bytes, name and path, its override, every rule file, and the generator's own
code and templates. Change any of them and the key changes, so an entry is
never stale; it is only unused. The folder is safe to delete at any time
(``make clean`` does); a damaged entry counts as a miss.

Entries are pickles: the cache is the user's own folder, read by the user's
own process, never something downloaded.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from .models import AnalysedArticle, SeedBytes

PACKAGE = Path(__file__).resolve().parent
FORMAT = b"atlas-article-cache/1"


@lru_cache(maxsize=8)
def _folder_digest(folder: Path, pattern: str) -> bytes:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def code_and_rules_digest(rules_folder: Path) -> bytes:
    """A digest of the generator's code, templates and the rule files in ``rules_folder``."""
    return hashlib.sha256(
        FORMAT + _folder_digest(PACKAGE, "*.py") + _folder_digest(PACKAGE / "templates", "*")
        + _folder_digest(rules_folder.resolve(), "*")
    ).digest()


def write_pickle(path: Path, value: Any, pickled: bytes | None = None) -> None:
    """Pickle ``value`` to ``path`` through a temporary file and a rename, so readers never see half of it.

    ``pickled`` is ``value``'s pickle when it was made already (by a worker
    process), written as it is. Raises OSError if it cannot be written (the
    temporary file is removed).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".entry-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if pickled is None:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            else:
                handle.write(pickled)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class ArticleCache:
    """Per-article results on disk under ``folder``."""

    def __init__(self, folder: Path, *, in_memory: bool = False) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        # A long-lived process (``serve``) keeps every entry it read or stored, by key.
        self.memory: dict[str, AnalysedArticle] | None = {} if in_memory else None

    def key(self, seed: SeedBytes, override: dict[str, Any], rules_folder: Path) -> str:
        """The entry name for this seed, override and rule set."""
        digest = hashlib.sha256(code_and_rules_digest(rules_folder))
        for part in (seed.name, str(seed.path.resolve()), json.dumps(override, sort_keys=True, default=str)):
            digest.update(part.encode("utf-8") + b"\0")
        digest.update(seed.data)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> AnalysedArticle | None:
        """The stored result, or None if there is none (or it cannot be read)."""
        if self.memory is not None and key in self.memory:
            self.hits += 1
            return self.memory[key]
        try:
            with open(self._path(key), "rb") as handle:
                found = pickle.load(handle)
        except Exception:  # absent, damaged or foreign: a miss, never an error
            found = None
        if isinstance(found, AnalysedArticle):
            self.hits += 1
            if self.memory is not None:
                self.memory[key] = found
            return found
        self.misses += 1
        return None

    def put(self, key: str, result: AnalysedArticle, pickled: bytes | None = None) -> None:
        """Store a result (``pickled``: its pickle, if made already); written to a
        temporary file and renamed, so readers never see half of one."""
        if self.memory is not None:
            self.memory[key] = result
        try:
            write_pickle(self._path(key), result, pickled)
        except OSError:
            pass  # a cache that cannot be written only costs time
