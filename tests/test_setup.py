"""A fresh machine: `make site` then `make test` do all the set-up, and CI runs exactly those.

``scripts/system-packages`` runs here in a sandbox: a ``PATH`` holding only
bash, grep and fakes of ``id``, ``apt-get``, ``fc-list`` and ``java``, so each
case (root or not, apt-get or not, what is missing) is played without
touching the machine.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "system-packages"
BROWSER_PACKAGES = ["chromium", "fonts-noto-cjk", "default-jre-headless"]


def _fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!{shutil.which('bash')}\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def sandbox(tmp_path: Path):
    """A machine with none of the packages: not root, apt-get present, no fonts, no Java, no Chromium."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "grep"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    _fake(bin_dir, "id", 'echo "${FAKE_UID:-1000}"')
    cat, chmod = shutil.which("cat"), shutil.which("chmod")
    _fake(bin_dir, "fc-list", f'{cat} "{tmp_path}/fonts" 2>/dev/null || true')
    # apt-get records its arguments and "installs" by creating what the checks look for.
    _fake(bin_dir, "apt-get", f'''echo "$*" >> "{tmp_path}/apt.log"
for p in "$@"; do case "$p" in
  chromium) : > "{tmp_path}/chromium"; {chmod} +x "{tmp_path}/chromium";;
  fonts-noto-cjk) echo "Noto Sans CJK KR" > "{tmp_path}/fonts";;
  default-jre-headless) printf '#!/bin/sh\\n' > "{bin_dir}/java"; {chmod} +x "{bin_dir}/java";;
esac; done''')

    def run(*groups: str, **env: str) -> subprocess.CompletedProcess[str]:
        environment = {"PATH": str(bin_dir), "CHROMIUM": str(tmp_path / "chromium"), **env}
        return subprocess.run(
            [str(bin_dir / "bash"), str(SCRIPT), *groups], env=environment, capture_output=True, text=True, timeout=30
        )

    run.bin = bin_dir  # type: ignore[attr-defined]
    run.log = tmp_path / "apt.log"  # type: ignore[attr-defined]
    return run


def test_not_root_gets_one_line_naming_every_missing_package(sandbox):
    result = sandbox("browser")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0] == (
        "error: missing system packages: chromium fonts-noto-cjk default-jre-headless; "
        "install them with: sudo apt-get install chromium fonts-noto-cjk default-jre-headless (then run make again)"
    )
    assert not sandbox.log.exists()


def test_without_apt_get_the_line_says_what_to_install(sandbox):
    (sandbox.bin / "apt-get").unlink()
    result = sandbox("browser", FAKE_UID="0")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "chromium fonts-noto-cjk default-jre-headless" in result.stderr and "no apt-get" in result.stderr


def test_root_installs_only_what_is_missing(sandbox):
    _fake(sandbox.bin, "java", "")
    result = sandbox("browser", FAKE_UID="0")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "installing chromium fonts-noto-cjk (apt-get)\n"
    assert sandbox.log.read_text().splitlines() == ["update -qq", "install -y -qq chromium fonts-noto-cjk"]
    # Second run: everything is there, nothing is printed or installed.
    again = sandbox("browser", FAKE_UID="0")
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    assert len(sandbox.log.read_text().splitlines()) == 2


def test_a_failed_apt_get_is_one_line(sandbox):
    _fake(sandbox.bin, "apt-get", "exit 100")
    result = sandbox("browser", FAKE_UID="0")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("error: apt-get could not install chromium fonts-noto-cjk")


def test_a_missing_font_tool_brings_fontconfig(sandbox):
    (sandbox.bin / "fc-list").unlink()
    result = sandbox("browser")
    assert "missing system packages: chromium fontconfig fonts-noto-cjk default-jre-headless;" in result.stderr


def test_a_python_without_venv_needs_its_venv_package(sandbox):
    _fake(sandbox.bin, "python3", 'case "$2" in *ensurepip*) exit 1;; *) echo python3.11-venv;; esac')
    result = sandbox("venv")
    assert result.returncode == 1
    assert "missing system packages: python3.11-venv;" in result.stderr


def test_this_machine_has_everything():
    """The real check `make test` runs: silent, status 0."""
    env = dict(os.environ, PYTHON=str(ROOT / ".venv" / "bin" / "python"))
    result = subprocess.run([str(SCRIPT), "venv", "browser"], env=env, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_ci_runs_exactly_the_readme_quick_start():
    commands = [
        line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', "make site", "make test"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme[readme.index("## Quick start"):]
    block = quick_start[quick_start.index("```sh"): quick_start.index("```", quick_start.index("```sh") + 5)]
    assert re.findall(r"^make \S+", block, re.M) == ["make site", "make test"]


def test_make_wires_the_system_packages_in():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("test", "pdf", "audit", "screenshots", "bench-search"):
        recipe = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", makefile, re.M)
        assert recipe and "$(SYSTEM) browser" in recipe.group(1), target
    assert re.search(r"^\$\(STAMP\):.*\n\t@\$\(SYSTEM\) venv\n", makefile, re.M)
