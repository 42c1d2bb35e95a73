"""The offline export: the whole site as a zip that works from ``file://``.

Built with Material's offline plugin (``ATLAS_OFFLINE=true`` in mkdocs.yml:
no directory URLs, the search index inlined as a script), plus the
``iframe-worker`` shim served from the export itself (see ``mkdocs_hooks``):
unzipped, ``index.html`` opens in a browser with no server and no network,
and Korean search works. The zip is byte-identical for the same docs and
``SOURCE_DATE_EPOCH``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

from .errors import AtlasError
from .site import mkdocs_build

ARCHIVE_NAME = "regional-ai-atlas"
REPO = Path(__file__).resolve().parent.parent
# The shim Material's offline plugin expects, from npm (package.json); the
# export serves it itself instead of loading it from a CDN (see mkdocs_hooks).
IFRAME_WORKER = REPO / "node_modules" / "iframe-worker" / "shim" / "index.js"
MISSING_SHIM = f"{IFRAME_WORKER} is missing: run `npm ci` (make site does); the offline export's search needs it"


def check_offline_shim() -> None:
    """Fail before anything is written when ``npm ci`` has not run."""
    if not IFRAME_WORKER.is_file():
        raise AtlasError(MISSING_SHIM)
_ZIP_EPOCH_MIN = 315532800  # 1980-01-01: zip cannot store earlier dates


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


def write_zip(folder: Path, archive: Path, top: str, epoch: int) -> None:
    """Zip ``folder`` under ``top/``: sorted entries, one timestamp, fixed modes."""
    stamp = time.gmtime(max(epoch, _ZIP_EPOCH_MIN))[:6]
    partial = archive.with_name(archive.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever builds it
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    os.replace(partial, archive)


def export_offline(config_file: Path, docs_dir: Path, dist_dir: Path, *, shown_docs_dir: Path | None = None) -> Path:
    """Build ``docs_dir`` for ``file://`` and zip it into ``dist_dir``; returns the zip."""
    epoch = source_date_epoch()
    name = offline_zip_name(epoch)
    dist_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".offline-", dir=dist_dir))
    try:
        mkdocs_build(
            config_file, docs_dir, scratch / "site", shown_docs_dir=shown_docs_dir, ATLAS_OFFLINE="true", ATLAS_OFFLINE_ZIP=""
        )
        write_zip(scratch / "site", dist_dir / name, name.removesuffix(".zip"), epoch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return dist_dir / name
