"""Browser and static-server helpers shared by the benchmarks and the tests."""
from __future__ import annotations

import functools
import http.server
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
    def log_message(self, *args: object) -> None:
        pass


def serve_folder(root: Path, prefix: str = "") -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve ``root`` on a free localhost port, optionally under a sub-path like ``/atlas``."""
    if prefix:
        mount = root.parent / f"{root.name}-mount"
        shutil.rmtree(mount, ignore_errors=True)
        (mount / prefix.strip("/")).parent.mkdir(parents=True, exist_ok=True)
        (mount / prefix.strip("/")).symlink_to(root, target_is_directory=True)
        root = mount
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}{prefix}", server
