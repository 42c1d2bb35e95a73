"""Build the same docs/ with Zensical and report what differs from the MkDocs site.

    make zensical-check    # = python -m bench.zensical_check --zensical .cache/zensical/bin/zensical

Material for MkDocs reaches end of life on 2027-05-05; Zensical, its
successor, reads mkdocs.yml. This copies mkdocs.yml, docs/ and overrides/
into ``bench/out/zensical/`` (so nothing of the repository is written),
builds there with Zensical, and compares the result with ``site/`` (build it
first: ``make site``): pages missing on either side, then one line per atlas
feature — present in the MkDocs site, present in the Zensical one? — and the
builder's own warnings. The table is printed and written to
``bench/out/zensical-report.md``. Exit status 0: this is a report, not a gate.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
ARTICLE = "atlas/articles/wonju-2023-12-17-bd417f74/index.html"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _search_text(site: Path) -> str:
    # The atlas's chunked index keeps the records in search/atlas/p/; Zensical writes search.json.
    records = "".join(_read(p) for p in sorted((site / "search" / "atlas" / "p").glob("*.js")))
    return records or _read(site / "search" / "search_index.json") or _read(site / "search.json")


# Each atlas feature: a name and how to see it in a built site.
FEATURES = [
    ("Article metadata header (overrides/partials)", lambda s: 'class="atlas-meta"' in _read(s / ARTICLE)),
    ("Provenance: seed file name and SHA-256", lambda s: "000_bd417f7486c5be64.txt" in _read(s / ARTICLE)),
    ("Korean search: morpheme boundaries (U+200B) in the index (hook)", lambda s: "\u200b" in _search_text(s)),
    ("Korean query segmenter (atlas-search.js, main.html block)", lambda s: "atlas-search.js" in _read(s / "index.html")),
    ("Content-Security-Policy meta (hook)", lambda s: "Content-Security-Policy" in _read(s / ARTICLE)),
    ("Open Graph tags (main.html extrahead)", lambda s: 'property="og:title"' in _read(s / ARTICLE)),
    ("전체 보기 parts filled with their pages (hook)", lambda s: _read(s / "atlas/print/compare/index.html").count('class="atlas-print__page"') > 5),
    ("Korean 404 page (overrides/404.html)", lambda s: "페이지를 찾을 수 없습니다" in _read(s / "404.html")),
    ("Tags index (atlas/tags.md, tags as md-tag links)", lambda s: "md-tag" in _read(s / "atlas/tags/index.html")),
    ("Search dialog has an accessible name (overrides/partials/search.html)", lambda s: 'role="dialog" aria-label=' in _read(s / "index.html")),
    ("Offline zip linked from the home page (extra.offline_zip)", lambda s: "downloads/" in _read(s / "index.html")),
    ("Data downloads copied (docs/data/*.json, *.csv)", lambda s: (s / "data" / "articles.json").exists()),
]


def pages(site: Path) -> set[str]:
    """The HTML pages of a built site, relative to it."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def build_with_zensical(zensical: Path, scratch: Path) -> tuple[int, str]:
    """Copy the project's config, docs and overrides into ``scratch`` and build there."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    for name in ("docs", "overrides", "generator"):
        shutil.copytree(ROOT / name, scratch / name, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^site_dir: .*$", "site_dir: site", config, flags=re.M)
    (scratch / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = {"ATLAS_NAV_FILE": str(scratch / "docs/atlas/.nav.yml"), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    result = subprocess.run(
        [str(zensical), "build", "-f", str(scratch / "mkdocs.yml")], cwd=scratch, env=env, capture_output=True, text=True, timeout=600
    )
    return result.returncode, _ANSI.sub("", result.stdout + result.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zensical", type=Path, required=True, help="the zensical executable")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the MkDocs site to compare with")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        sys.exit(f"error: {args.site} has no index.html; run make site first")
    args.zensical = args.zensical.resolve()
    version = subprocess.run([str(args.zensical), "--version"], capture_output=True, text=True).stdout.strip()
    scratch = OUT / "zensical"
    status, log = build_with_zensical(args.zensical, scratch)
    built = scratch / "site"
    lines = [f"# Zensical check ({version or 'zensical'}) against MkDocs + Material", ""]
    lines.append(f"- Zensical build exit status: {status}")
    warnings = Counter(line.strip() for line in log.splitlines() if re.match(r"\s*(Warning|Error|error)\b", line))
    lines += [f"- builder says {count}×: {text}" for text, count in warnings.most_common(10)]
    fatal = [line for line in log.splitlines() if "Error:" in line and "Warning" not in line]
    lines += [f"- fatal: {line.strip()}" for line in fatal[-3:]]
    if built.exists():
        mkdocs_pages, zensical_pages = pages(args.site), pages(built)
        missing, extra = sorted(mkdocs_pages - zensical_pages), sorted(zensical_pages - mkdocs_pages)
        lines.append(f"- pages: MkDocs {len(mkdocs_pages)}, Zensical {len(zensical_pages)}; "
                     f"missing in Zensical {len(missing)} {missing[:5]}; only in Zensical {len(extra)} {extra[:5]}")
        lines += ["", "| feature | MkDocs | Zensical |", "|---|---|---|"]
        for name, present in FEATURES:
            lines.append(f"| {name} | {'yes' if present(args.site) else 'no'} | {'yes' if present(built) else '**no**'} |")
    report = "\n".join(lines) + "\n"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "zensical-report.md").write_text(report, encoding="utf-8")
    print(report, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
