"""Browser and static-server helpers shared by the benchmarks and the tests."""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import shutil
import threading
from pathlib import Path

# Debian's Chromium, driven by Playwright; never a downloaded browser. The
# flags keep it from reaching for the network this machine does not have.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files; a missing address gets the nearest ``404.html`` above it, with status 404, as GitHub Pages does."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        page = None if path.exists() else self._not_found_page(path)
        if page is None:
            return super().send_head()
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _not_found_page(self, missing: Path) -> Path | None:
        root = Path(self.directory)
        folder = missing.parent
        while folder == root or root in folder.parents:
            if (folder / "404.html").is_file():
                return folder / "404.html"
            folder = folder.parent
        return None


# What a static host such as GitHub Pages sends compressed.
_COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class _GzipHandler(_QuietHandler):
    """Sends text files gzip-compressed when the browser asks, as GitHub Pages does."""

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the slashed address
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in _COMPRESSED or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve_folder(root: Path, prefix: str = "", compress: bool = False) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve ``root`` on a free localhost port, optionally under a sub-path like ``/atlas``.

    ``compress`` gzips text responses as a real static host does (for
    Lighthouse, whose timings simulate a slow network).
    """
    if prefix:
        mount = root.parent / f"{root.name}-mount"
        shutil.rmtree(mount, ignore_errors=True)
        (mount / prefix.strip("/")).parent.mkdir(parents=True, exist_ok=True)
        (mount / prefix.strip("/")).symlink_to(root, target_is_directory=True)
        root = mount
    handler = functools.partial(_GzipHandler if compress else _QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}{prefix}", server


def search_box(page, query: str) -> None:
    """Type ``query`` into Material's search box the way a Korean IME user does.

    Playwright inserts Hangul as composed text with no key events; a real
    IME fires keyup when composition ends, and Material listens for it.
    """
    page.click(".md-search__input")
    page.fill(".md-search__input", query)
    page.dispatch_event(".md-search__input", "keyup")
