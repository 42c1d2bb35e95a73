"""The command line: subcommands, one-line errors, skip-or-stop policy."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SEEDS


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def _seeds_with_a_bad_one(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "999_binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    return seeds


def test_help_lists_the_subcommands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("generate", "build", "serve"):
        assert command in result.stdout
    for option in ("--seeds", "--docs", "--strict"):
        assert option in run("generate", "--help").stdout
    assert "--site-dir" in run("build", "--help").stdout


def test_a_bad_seed_is_skipped_with_one_line_by_default(tmp_path):
    seeds = _seeds_with_a_bad_one(tmp_path)
    result = run("generate", "--seeds", str(seeds), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "skipped 999_binary.txt: not a text file (contains NUL bytes)"
    assert "generated 5 articles" in result.stdout
    assert len(list((tmp_path / "docs/atlas/articles").glob("*.md"))) == 5
    assert "999\\_binary.txt" in (tmp_path / "docs/atlas/report.md").read_text(encoding="utf-8")


def test_strict_stops_at_a_bad_seed_and_writes_nothing(tmp_path):
    seeds = _seeds_with_a_bad_one(tmp_path)
    result = run("generate", "--strict", "--seeds", str(seeds), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 1
    assert result.stderr.strip() == "error: 999_binary.txt: not a text file (contains NUL bytes)"
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "docs").exists()


def test_a_missing_seed_folder_is_one_line(tmp_path):
    result = run("generate", "--seeds", str(tmp_path / "nope"), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'nope'}: seed folder does not exist"


def test_build_writes_docs_and_site(tmp_path):
    result = run("build", "--docs", str(tmp_path / "docs"), "--site-dir", str(tmp_path / "site"), "--dist", str(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/atlas/articles/pohang-2024-20f2766e/index.html").exists()
    assert len(list((tmp_path / "dist").glob("regional-ai-atlas-offline-*.zip"))) == 1
