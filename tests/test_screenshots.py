"""`make screenshots` (bench/screenshots.py) at the five seeds: every view, both palettes, real pictures."""
from __future__ import annotations

import struct
import subprocess
import sys

from conftest import ROOT

VIEWS = ("home", "region", "article", "matrix", "dimension", "timeline", "search")
PNG = b"\x89PNG\r\n\x1a\n"


def test_the_screenshot_script_saves_every_view_in_both_palettes(plain_site, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bench.screenshots", "--sizes", "5", "--site", str(plain_site), "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"5 articles: 14 screenshots in {tmp_path / '5'}"
    shots = {p.stem: p.read_bytes() for p in (tmp_path / "5").glob("*.png")}
    assert set(shots) == {f"{view}-{scheme}" for view in VIEWS for scheme in ("light", "dark")}
    for name, data in shots.items():
        assert data.startswith(PNG), name
        width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
        assert width == 1280 and 900 <= height <= 6000, (name, width, height)
        # A blank 1280×900 page compresses to a few kilobytes; a page of text and tables does not.
        assert len(data) > 60_000, (name, len(data))
    for view in VIEWS:
        assert shots[f"{view}-light"] != shots[f"{view}-dark"], view
    # Whole pages, not just the window: the matrix and the article are taller than 900 pixels.
    for view in ("matrix", "article", "region"):
        assert struct.unpack(">II", shots[f"{view}-light"][16:24])[1] > 1500, view


def test_a_missing_site_is_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bench.screenshots", "--sizes", "5", "--site", str(tmp_path / "nope"), "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("error: "), result.stderr
