"""The offline export: the whole site as a zip that works from ``file://``.

Derived from the site as built (no second MkDocs build): every page is
copied with the three things ``file://`` needs changed —

- links to a folder (``../regions/``, ``../..``) name its ``index.html``,
  since a browser shows no index page for a folder on disk;
- the ``iframe-worker`` shim (npm ``iframe-worker``, copied into the export
  as ``assets/javascripts/iframe-worker.js``) is loaded before Material's
  bundle, so the search worker runs from ``file://`` with no network;
- the Content-Security-Policy ``<meta>`` goes (the shim runs the worker from
  inline code and ``file://`` has no origin for ``'self'``), and so does the
  home page's link to the zip (it is not inside itself).

The search index is inlined as ``search/search_index.js`` (``var __index``),
as Material's offline plugin does, with its locations naming ``index.html``.
The chunked index's shards (``search/atlas/``, see ``search_shards``) are
scripts already, which the Korean query wrapper loads with ``importScripts``
under ``file://`` (the shim adds them as ``<script>`` elements); the page
record files among them get their locations rewritten the same way.
Unzipped, ``index.html`` opens in a browser with no server and no network,
and Korean search works. The zip is byte-identical for the same site and
``SOURCE_DATE_EPOCH``.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from .csp import strip_content_security_policy
from .errors import AtlasError
from .offline_members import MemberStore
from .zip_writer import ZipWriter

ARCHIVE_NAME = "regional-ai-atlas"
REPO = Path(__file__).resolve().parent.parent
# The shim Material's search worker needs under file://, from npm (package.json);
# the export serves it itself instead of loading it from a CDN.
IFRAME_WORKER = REPO / "node_modules" / "iframe-worker" / "shim" / "index.js"
IFRAME_WORKER_URL = "assets/javascripts/iframe-worker.js"
MISSING_SHIM = f"{IFRAME_WORKER} is missing: run `npm ci` (make site does); the offline export's search needs it"
DOWNLOADS = "downloads"


def check_offline_shim() -> None:
    """Fail before anything is written when ``npm ci`` has not run."""
    if not IFRAME_WORKER.is_file():
        raise AtlasError(MISSING_SHIM)


_ZIP_EPOCH_MIN = 315532800  # 1980-01-01: zip cannot store earlier dates

_HREF = re.compile(r'(\shref=")([^"]*)(")')
_ZIP_LINK = re.compile(r'\n[ \t]*<p class="atlas-offline">.*?</p>', re.S)
# Material's first inline script; the shim must run before its bundle.
_SCOPE_SCRIPT = re.compile(r"\n([ \t]*)<script>__md_scope=")


def source_date_epoch() -> int:
    """``SOURCE_DATE_EPOCH`` if set, else the repository's last commit time, else now.

    Sets ``SOURCE_DATE_EPOCH`` so MkDocs stamps the sitemap with the same
    date: two builds of one commit are then byte-identical.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        try:
            value = subprocess.run(
                ["git", "-C", str(REPO), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=True, timeout=10
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            value = ""
        value = value if value.isdigit() else str(int(time.time()))
        os.environ["SOURCE_DATE_EPOCH"] = value
    return int(value)


def build_date(epoch: int) -> str:
    """``YYYY-MM-DD`` (UTC) of a ``SOURCE_DATE_EPOCH``, for file names."""
    return time.strftime("%Y-%m-%d", time.gmtime(epoch))


def offline_zip_name(epoch: int) -> str:
    """``regional-ai-atlas-offline-YYYY-MM-DD.zip`` for the build date."""
    return f"{ARCHIVE_NAME}-offline-{build_date(epoch)}.zip"


def file_url(value: str) -> str:
    """A link as it must read from ``file://``: a link to a folder of the site names its ``index.html``."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith("#") or not value:
        return value
    path, rest = parts.path, value[len(parts.path):]
    if path.endswith("/"):
        path += "index.html"
    elif path in (".", "..") or path.endswith(("/.", "/..")):
        path += "/index.html"
    else:
        return value
    return path + rest


def offline_page(html: str, depth: int) -> str:
    """One built page as the export carries it (``depth``: folders below the site root)."""
    html = strip_content_security_policy(html)
    html = _ZIP_LINK.sub("", html, count=1)
    html = _HREF.sub(lambda m: m.group(1) + file_url(m.group(2)) + m.group(3), html)
    shim = "../" * depth + IFRAME_WORKER_URL
    return _SCOPE_SCRIPT.sub(lambda m: f'\n{m.group(1)}<script src="{shim}"></script>' + m.group(0), html, count=1)


def offline_search_index(data: str) -> str:
    """``search_index.json`` as ``search_index.js`` for ``file://``, its locations naming ``index.html``."""
    index = json.loads(data)
    for doc in index.get("docs", []):
        doc["location"] = _offline_location(doc["location"])
    return "var __index = " + json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def _offline_location(location: str) -> str:
    path, sep, fragment = location.partition("#")
    return (file_url(path) if path else "index.html") + sep + fragment


_SHARD_CALL = re.compile(r"^__atlas\((.*)\)\s*$", re.S)


def offline_page_records(data: str) -> str:
    """A page record file of the chunked index (``search/atlas/p/<n>.js``), its locations naming ``index.html``."""
    match = _SHARD_CALL.match(data)
    if not match:
        return data
    payload = json.loads(match.group(1))
    for doc in payload.get("docs", []) + ([payload["head"]] if "head" in payload else []):
        doc["location"] = _offline_location(doc["location"])
    return "__atlas(" + json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + ")\n"


@dataclass(frozen=True)
class ExportFile:
    """One file of the export: the site file it is derived from and a function making its bytes."""

    source: Path
    make: Callable[[], bytes]


def offline_sources(site_dir: Path) -> dict[str, ExportFile]:
    """The export's files: path → where it comes from and how its bytes are made, derived from a built site.

    Each file is made when it is zipped (and only if its deflated bytes are
    not kept from the last export), so the export never holds the whole site
    in memory (about 0.6 GB at 10,000 articles).
    """
    check_offline_shim()
    out: dict[str, ExportFile] = {}
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if rel.split("/")[0] == DOWNLOADS:
            continue
        if rel.endswith(".html"):
            out[rel] = ExportFile(path, partial(_offline_page_bytes, path, rel.count("/")))
        elif rel == "search/search_index.json":
            out[rel] = ExportFile(path, path.read_bytes)
            out["search/search_index.js"] = ExportFile(path, partial(_offline_search_index_bytes, path))
        elif rel.startswith("search/atlas/p/") and rel.endswith(".js"):
            out[rel] = ExportFile(path, partial(_offline_page_records_bytes, path))
        else:
            out[rel] = ExportFile(path, path.read_bytes)
    out[IFRAME_WORKER_URL] = ExportFile(IFRAME_WORKER, IFRAME_WORKER.read_bytes)
    return out


def _offline_page_bytes(path: Path, depth: int) -> bytes:
    return offline_page(path.read_text(encoding="utf-8"), depth).encode("utf-8")


def _offline_search_index_bytes(path: Path) -> bytes:
    return offline_search_index(path.read_text(encoding="utf-8")).encode("utf-8")


def _offline_page_records_bytes(path: Path) -> bytes:
    return offline_page_records(path.read_text(encoding="utf-8")).encode("utf-8")


def offline_files(site_dir: Path) -> dict[str, bytes]:
    """The export's files (path → bytes), derived from a built site."""
    return {name: file.make() for name, file in offline_sources(site_dir).items()}


# Deflate level 1: about half the time of level 6 on the site's HTML and
# search shards, for an archive about a fifth larger (measured on the
# 1,000-article site: 0.48 s against 1.09 s, 20.6 MB against 17.4 MB).
ZIP_LEVEL = 1


def write_zip(files: dict[str, ExportFile], archive: Path, top: str, epoch: int, kept: Path | None = None) -> None:
    """Zip ``files`` under ``top/``: sorted entries, one timestamp, fixed modes.

    With ``kept`` (a cache folder), members whose site file is unchanged since
    the last export are copied from its archive instead of compressed again
    (see ``offline_members``); the archive is the same bytes.
    """
    stamp = time.gmtime(max(epoch, _ZIP_EPOCH_MIN))[:6]
    partial_archive = archive.with_name(archive.name + ".partial")
    store = MemberStore(kept, ZIP_LEVEL)
    try:
        offsets: dict[str, int] = {}
        with ZipWriter(partial_archive, stamp, 0o644) as writer:
            for name in sorted(files):
                offsets[name] = writer.add(f"{top}/{name}", store.deflated(name, files[name].source, files[name].make))
        os.replace(partial_archive, archive)
        store.keep(archive, offsets)
    finally:
        store.close()
        partial_archive.unlink(missing_ok=True)


def export_offline(site_dir: Path, dist_dir: Path, kept: Path | None = None) -> Path:
    """Derive the ``file://`` export from the built ``site_dir`` and zip it into ``dist_dir``; returns the zip.

    ``kept``: a cache folder where the export's deflated members are kept for the next one.
    """
    epoch = source_date_epoch()
    name = offline_zip_name(epoch)
    dist_dir.mkdir(parents=True, exist_ok=True)
    write_zip(offline_sources(site_dir), dist_dir / name, name.removesuffix(".zip"), epoch, kept)
    return dist_dir / name
