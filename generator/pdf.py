"""Print the "전체 보기" parts of a built site to PDF with headless Chromium, one PDF per part.

Debian's Chromium renders the page exactly as a reader's browser prints it
(the print stylesheet drops the navigation, starts each article on a new
page, shows cited addresses); Korean text needs a CJK font on the machine
(Debian ``fonts-noto-cjk``). The site is served on a private localhost port
for the print, so the page loads as it does on the web.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
from pathlib import Path

from .errors import AtlasError
from .offline import ARCHIVE_NAME, build_date, source_date_epoch
from .print_page import PRINT_PARTS

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def find_chromium() -> str:
    """The Chromium executable, or a one-line error saying how to get it."""
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    raise AtlasError("chromium not found: install Debian's chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk)")


def pdf_name(epoch: int) -> str:
    """``regional-ai-atlas-YYYY-MM-DD.pdf`` for the build date."""
    return f"{ARCHIVE_NAME}-{build_date(epoch)}.pdf"


def print_parts(site_dir: Path) -> list[str]:
    """The built "전체 보기" parts' names (``atlas/print/<name>/``), sorted."""
    return sorted(p.parent.name for p in (site_dir / PRINT_PARTS).glob("*/index.html"))


def print_to_pdf(site_dir: Path, out: Path) -> list[Path]:
    """Print each of ``site_dir``'s "전체 보기" parts to ``<out stem>-<part>.pdf``; returns the PDFs."""
    parts = print_parts(site_dir)
    if not parts:
        raise AtlasError(f"{site_dir}: no {PRINT_PARTS}*/index.html; build the site first (make site)")
    chromium = find_chromium()
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out.parent.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        for part in parts:
            target = out.with_name(f"{out.stem}-{part}.pdf")
            _print_one(chromium, f"http://127.0.0.1:{server.server_address[1]}/{PRINT_PARTS}{part}/", target)
            written.append(target)
    finally:
        server.shutdown()
    return written


def _print_one(chromium: str, url: str, out: Path) -> None:
    partial = out.with_name(out.name + ".partial")
    result = subprocess.run(
        [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=20000",
            f"--print-to-pdf={partial}", url,
        ],
        capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0 or not partial.exists() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise AtlasError(f"chromium could not print {url}: {last}")
    partial.replace(out)


def default_pdf_path(dist_dir: Path) -> Path:
    """Where ``make pdf`` writes: ``dist/regional-ai-atlas-<date>-<part>.pdf``, one per part."""
    return dist_dir / pdf_name(source_date_epoch())
