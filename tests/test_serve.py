"""`python -m generator serve`: live preview that picks up edits to seeds."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import ROOT, SEEDS

NEW_SEED = (
    "원주 새 소식\n\n"
    "원주시는 새로운 AI 전략을 발표했다. 이 문장은 본문으로 분류될 만큼 충분히 길게 써서 첫 단락이 되도록 했다. "
    "원주에서 열린 행사에는 김대중컨벤션센터 관계자도 왔다.\n"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, needle: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if needle in _get(url):
            return True
        time.sleep(0.5)
    return False


def test_serve_regenerates_when_a_seed_is_added(tmp_path: Path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--seeds", str(seeds), "--docs", str(tmp_path / "docs"),
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        region = f"http://127.0.0.1:{port}/atlas/regions/wonju/"
        assert _wait_for(region, "원주형 AI 얼라이언스 협업 모델"), "serve never came up"
        (seeds / "005_abcdef0123456789.txt").write_text(NEW_SEED, encoding="utf-8")
        assert _wait_for(region, "원주 새 소식"), "the new seed never reached the served site"
        assert "원주시는 새로운 AI 전략을 발표했다" in _get(
            f"http://127.0.0.1:{port}/atlas/articles/wonju-undated-abcdef01/"
        )
        # The Korean search index is rebuilt too (the hook runs on every rebuild).
        assert _wait_for(f"http://127.0.0.1:{port}/search/search_index.json", '"atlas":')
        assert _wait_for(f"http://127.0.0.1:{port}/search/atlas/p/0.js", "\u200b")
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Traceback" not in output, output


def test_serve_renders_only_the_pages_an_edited_seed_changes(tmp_path: Path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--seeds", str(seeds), "--docs", str(tmp_path / "docs"),
         "--cache", str(tmp_path / "cache"), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        article = f"http://127.0.0.1:{port}/atlas/articles/pohang-2024-20f2766e/"
        assert _wait_for(article, "포항"), "serve never came up"
        seed = next(seeds.glob("*20f2766e*.txt"))
        seed.write_bytes(seed.read_bytes().replace("다.".encode(), "다. 편집한 문장이다.".encode(), 1))
        assert _wait_for(article, "편집한 문장이다"), "the edit never reached the served site"
        time.sleep(1)  # the rebuild's last line
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Traceback" not in output, output
    assert "pages rendered (incremental)" in output, output
