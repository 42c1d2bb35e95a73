"""How the atlas scales: generator stages, search index, MkDocs, memory and sizes, per corpus size.

    python -m bench.scale                 # sizes 100, 1000, 5000 (about 15 minutes here)
    python -m bench.scale --sizes 100,1000

For each size N it writes the synthetic corpus (``bench/corpus.py``) under
``bench/out/`` and runs the real command line in a child process:

1. ``generate`` with an empty cache (cold) and again with the cache filled (warm);
2. ``build`` (what ``make site`` runs) with an empty cache: generator, MkDocs,
   search-index rewriting, total wall time, and the peak memory of the whole
   process tree (the main process and its workers, sampled every 50 ms);
3. the floor: a plain ``mkdocs build`` of the same generated Markdown with the
   same theme and plugins but without the atlas's search hook;
4. one edited seed in the warm corpus: the generator's time and how many files
   it rewrote (the others keep their modification time), then ``build`` of the
   whole site with that edit (article and search caches warm); the same edit
   regenerated in a long-lived process as ``make serve`` does it
   (``bench/serve_edit.py``); and what of the one-shot ``generate`` is not the
   edit's own work: Python's start-up and the generator's imports, and loading
   Kiwi's model (each timed in a child process of its own).

Results are written after each size, so a long run stopped early keeps what it measured.

Then the five real seeds: ``build`` against the bare ``mkdocs build`` of the
same pages, timed back to back in one run (the machine is shared; ratios
measured together are what to compare). Results go to ``bench/results.md``
with a log-log chart, ``bench/results-scale.svg``.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
_TIMINGS = re.compile(r"^timings: (\{.*\})$", re.MULTILINE)


@dataclass
class Run:
    """One child process: wall seconds, peak memory of its process tree, stage timings, output."""

    seconds: float
    peak_rss_mb: float
    timings: dict[str, float] = field(default_factory=dict)
    output: str = ""


def _tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as handle:
                pages = int(handle.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(rss.get(pid, 0) for pid in tree)


def run(args: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a command, sampling its process tree's memory; fail loudly if it fails."""
    start = time.perf_counter()
    child = subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, **(env or {})}
    )
    peak = 0
    chunks: list[str] = []
    reader = threading.Thread(target=lambda: chunks.append(child.stdout.read() if child.stdout else ""))
    reader.start()
    while child.poll() is None:
        peak = max(peak, _tree_rss_kb(child.pid))
        time.sleep(0.05)
    reader.join()
    seconds = time.perf_counter() - start
    output = "".join(chunks)
    if child.returncode != 0:
        raise SystemExit(f"failed ({child.returncode}): {' '.join(args)}\n{output[-2000:]}")
    timings: dict[str, float] = {}
    for found in _TIMINGS.findall(output):
        timings.update(json.loads(found))
    return Run(seconds, peak / 1024, timings, output)


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _largest(folder: Path, pattern: str) -> tuple[str, float]:
    path = max(folder.rglob(pattern), key=lambda p: p.stat().st_size)
    return path.relative_to(folder).as_posix(), path.stat().st_size / 1e6


def _bare_config(docs: Path, work: Path) -> Path:
    """mkdocs.yml for the floor: same theme, plugins and extensions, no atlas hook, this docs folder."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^hooks:\n(?:  - .*\n)+", "", config)
    config = re.sub(r"(?m)^docs_dir: .*$", f"docs_dir: {docs.resolve()}", config)
    path = work / "mkdocs-bare.yml"
    path.write_text(config, encoding="utf-8")
    # Relative paths in the config (custom_dir: overrides) are resolved against its folder.
    for name in ("overrides",):
        link = work / name
        if not link.exists():
            link.symlink_to(ROOT / name)
    return path


def generator_command(command: str, seeds: Path, docs: Path, cache: Path, site: Path | None = None) -> list[str]:
    """``python -m generator <command>`` with every folder given."""
    args = [PYTHON, "-m", "generator", command, "--seeds", str(seeds), "--docs", str(docs), "--cache", str(cache), "--timings"]
    return args + (["--site-dir", str(site)] if site else [])


def bare_build(docs: Path, site: Path, work: Path) -> Run:
    """A plain ``mkdocs build`` of ``docs`` (the floor)."""
    config = _bare_config(docs, work)
    env = {"ATLAS_NAV_FILE": str((docs / "atlas" / ".nav.yml").resolve())}
    return run([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)], env)


def _fresh(*folders: Path) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def measure_size(n: int) -> dict[str, object]:
    """Every figure for a corpus of ``n`` synthetic articles."""
    work = OUT / f"n{n}"
    seeds, docs, site, cache, bare_site = (work / x for x in ("seeds", "docs", "site", "cache", "site-bare"))
    _fresh(docs, site, cache, bare_site)
    write_corpus(n, seeds)

    cold = run(generator_command("generate", seeds, docs, cache))
    warm = run(generator_command("generate", seeds, docs, cache))
    _fresh(docs, cache)
    build = run(generator_command("build", seeds, docs, cache, site))
    bare = bare_build(docs, bare_site, work)

    # One edited seed, warm cache: only what depends on it is rewritten.
    edited = sorted(seeds.glob("*.txt"))[n // 2]
    original = edited.read_bytes()
    mtimes = {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    try:
        edited.write_bytes(original.replace("다.".encode(), "다. 편집한 문장이다.".encode(), 1))
        incremental = run(generator_command("generate", seeds, docs, cache))
        touched = sum(1 for p, t in mtimes.items() if p.exists() and p.stat().st_mtime_ns != t)
        # The whole site brought up to date after that edit (article and search caches warm).
        incremental_build = run(generator_command("build", seeds, docs, cache, site))
    finally:
        edited.write_bytes(original)
    run(generator_command("generate", seeds, docs, cache))  # back to the unedited output
    serve_edit = run([PYTHON, "-m", "bench.serve_edit", "--seeds", str(seeds), "--docs", str(docs), "--cache", str(cache),
                      "--edit", str(edited)])
    run(generator_command("generate", seeds, docs, cache))
    startup = run([PYTHON, "-c", "import generator.cli, generator.pipeline"])
    kiwi_load = run([PYTHON, "-c", KIWI_LOAD])

    generator_stages = {k: v for k, v in build.timings.items() if k not in ("mkdocs", "search-index", "offline")}
    html_sizes = sorted((p.stat().st_size for p in site.rglob("*.html")), reverse=True)
    print_parts = list((site / "atlas" / "print").glob("*/index.html"))
    largest_md = _largest(docs, "*.md")
    largest_html = _largest(site, "*.html")
    return {
        "n": n,
        "cold_s": cold.seconds,
        "cold_per_s": n / cold.seconds,
        "cold_stages": cold.timings,
        "warm_s": warm.seconds,
        "warm_per_s": n / warm.seconds,
        "warm_stages": warm.timings,
        "generator_s": sum(generator_stages.values()),
        "stages": generator_stages,
        "search_index_s": build.timings.get("search-index", 0.0),
        "mkdocs_s": build.timings.get("mkdocs", 0.0),
        "build_s": build.seconds,
        "offline_s": build.timings.get("offline", 0.0),
        "ratio": build.seconds / bare.seconds,
        "home_mb": (site / "index.html").stat().st_size / 1e6,
        "html_over_1mb": sum(1 for size in html_sizes if size > 1_000_000),
        "print_parts": len(print_parts),
        "largest_print_part": _largest(site / "atlas" / "print", "*/index.html"),
        "peak_rss_mb": build.peak_rss_mb,
        "bare_mkdocs_s": bare.seconds,
        "bare_peak_rss_mb": bare.peak_rss_mb,
        "incremental_s": incremental.seconds,
        "incremental_startup_s": startup.seconds,
        "incremental_kiwi_s": _seconds(kiwi_load.output),
        "incremental_rest_s": incremental.seconds - startup.seconds - _seconds(kiwi_load.output),
        "incremental_serve_s": _seconds(serve_edit.output),
        "incremental_written": _written(incremental.output),
        "incremental_build_s": incremental_build.seconds,
        "incremental_search_index_s": incremental_build.timings.get("search-index", 0.0),
        "incremental_mkdocs_s": incremental_build.timings.get("mkdocs", 0.0),
        "incremental_offline_s": incremental_build.timings.get("offline", 0.0),
        "incremental_rendered": _rendered(incremental_build.output),
        "incremental_mtime_changed": touched,
        "docs_files": sum(1 for _ in docs.rglob("*.md")),
        "site_mb": _size_mb(site),
        "search_index_mb": sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file()) / 1e6,
        "largest_md": largest_md,
        "largest_html": largest_html,
    }


# Kiwi's model as the generator loads it: the first analysis finishes loading it.
KIWI_LOAD = (
    "import json, time\nfrom generator.morphology import kiwi\nstart = time.perf_counter()\n"
    "kiwi().analyze('세종시는 데이터센터를 짓는다.')\nprint(json.dumps({'seconds': time.perf_counter() - start}))"
)


def _seconds(output: str) -> float:
    """The ``seconds`` a child printed as JSON on its last line."""
    return float(json.loads(output.strip().splitlines()[-1])["seconds"])


def _rendered(output: str) -> str:
    """MkDocs' pages rendered by a build, and whether only the changed ones were (``build`` prints it)."""
    found = re.search(r"mkdocs: (\d+) pages rendered, (only those changed|a full build)", output)
    return f"{found.group(1)} ({'incremental' if found.group(2).startswith('only') else 'full'})" if found else "?"


def _written(output: str) -> int:
    found = re.search(r"(\d+) written", output)
    return int(found.group(1)) if found else -1


def measure_seeds() -> dict[str, float]:
    """The five real seeds: ``build`` (cold and warm cache) against a bare ``mkdocs build``, back to back."""
    work = OUT / "seeds"
    docs, site, cache, bare_site = (work / x for x in ("docs", "site", "cache", "site-bare"))
    _fresh(docs, site, cache, bare_site)
    work.mkdir(parents=True, exist_ok=True)
    cold = run(generator_command("build", ROOT / "seeds", docs, cache, site))
    warm = run(generator_command("build", ROOT / "seeds", docs, cache, site))
    bare = bare_build(docs, bare_site, work)
    return {"build_cold_s": cold.seconds, "build_warm_s": warm.seconds, "bare_s": bare.seconds,
            "ratio_cold": cold.seconds / bare.seconds, "ratio_warm": warm.seconds / bare.seconds}


def chart_svg(results: list[dict[str, object]]) -> str:
    """Time against N on log-log axes: cold generator, warm generator, whole build, bare MkDocs."""
    series = [
        ("build (make site)", "build_s", "#3f51b5"),
        ("bare mkdocs build", "bare_mkdocs_s", "#9e9e9e"),
        ("generator, cold", "cold_s", "#e65100"),
        ("generator, warm", "warm_s", "#2e7d32"),
    ]
    width, height, left, bottom, top, right = 640, 400, 60, 40, 20, 170
    ns = [float(r["n"]) for r in results]  # type: ignore[arg-type]
    values = [float(r[key]) for r in results for _, key, _ in series]  # type: ignore[arg-type]
    x0, x1 = math.log10(min(ns)) - 0.1, math.log10(max(ns)) + 0.1
    y0, y1 = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))

    def x(n: float) -> float:
        return left + (math.log10(n) - x0) / (x1 - x0) * (width - left - right)

    def y(v: float) -> float:
        return height - bottom - (math.log10(v) - y0) / (y1 - y0) * (height - bottom - top)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
             '<title>Seconds against number of articles, log-log</title>', f'<rect width="{width}" height="{height}" fill="white"/>']
    for e in range(y0, y1 + 1):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(10**e):.1f}" y2="{y(10**e):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y(10**e) + 4:.1f}" text-anchor="end">{10**e:g} s</text>')
    for n in ns:
        parts.append(f'<text x="{x(n):.1f}" y="{height - bottom + 16}" text-anchor="middle">{int(n):,}</text>')
    parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 6}" text-anchor="middle">articles (log scale)</text>')
    for i, (label, key, colour) in enumerate(series):
        points = " ".join(f"{x(float(r['n'])):.1f},{y(float(r[key])):.1f}" for r in results)  # type: ignore[arg-type]
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for r in results:
            parts.append(f'<circle cx="{x(float(r["n"])):.1f}" cy="{y(float(r[key])):.1f}" r="3" fill="{colour}"/>')  # type: ignore[arg-type]
        parts.append(f'<text x="{width - right + 10}" y="{top + 20 + 18 * i}" fill="{colour}">{label}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def report(results: list[dict[str, object]], seeds: dict[str, float]) -> str:
    """bench/results.md."""
    lines = [
        "# Scale benchmark results",
        "",
        f"Measured by `python -m bench.scale` ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores). "
        "Synthetic corpus from `bench/corpus.py`; every figure is one run on a shared machine.",
        "",
        "![seconds against articles, log-log](results-scale.svg)",
        "",
        "| | " + " | ".join(f"{r['n']:,}" for r in results) + " |",
        "|---|" + "---:|" * len(results),
    ]

    def row(label: str, fmt: str, key: str) -> None:
        lines.append(f"| {label} | " + " | ".join(fmt.format(r[key]) for r in results) + " |")

    row("generator cold, s", "{:.1f}", "cold_s")
    row("generator cold, articles/s", "{:.0f}", "cold_per_s")
    row("generator warm (cache hit), s", "{:.2f}", "warm_s")
    row("generator warm, articles/s", "{:.0f}", "warm_per_s")
    for stage in ("read", "cache", "clean", "analyse", "render", "write"):
        lines.append(f"| &nbsp;&nbsp;in build: {stage}, s | " + " | ".join(
            f"{r['stages'].get(stage, 0):.2f}" for r in results) + " |")  # type: ignore[union-attr]
    row("search-index rewrite (Kiwi), s", "{:.1f}", "search_index_s")
    row("mkdocs build (in build), s", "{:.1f}", "mkdocs_s")
    row("offline export derived from the site (in build), s", "{:.1f}", "offline_s")
    row("**build total (make site), s**", "{:.1f}", "build_s")
    row("floor: bare mkdocs build, s", "{:.1f}", "bare_mkdocs_s")
    row("**build ÷ floor** (target ≤ 2)", "{:.2f}", "ratio")
    row("peak memory, build (process tree), MB", "{:.0f}", "peak_rss_mb")
    row("peak memory, bare mkdocs, MB", "{:.0f}", "bare_peak_rss_mb")
    row("one seed edited: generator, s", "{:.2f}", "incremental_s")
    row("&nbsp;&nbsp;of which Python start-up and imports, s", "{:.2f}", "incremental_startup_s")
    row("&nbsp;&nbsp;of which loading Kiwi's model, s", "{:.2f}", "incremental_kiwi_s")
    row("&nbsp;&nbsp;the rest (the edit's own work), s", "{:.2f}", "incremental_rest_s")
    row("one seed edited: generator in serve's process, s", "{:.2f}", "incremental_serve_s")
    row("one seed edited: files rewritten", "{}", "incremental_written")
    row("one seed edited: whole site rebuilt (build, warm caches), s", "{:.1f}", "incremental_build_s")
    row("&nbsp;&nbsp;pages MkDocs rendered", "{}", "incremental_rendered")
    row("&nbsp;&nbsp;of which mkdocs (only the changed pages), s", "{:.1f}", "incremental_mkdocs_s")
    row("&nbsp;&nbsp;of which search-index rewrite, s", "{:.1f}", "incremental_search_index_s")
    row("&nbsp;&nbsp;of which offline export, s", "{:.1f}", "incremental_offline_s")
    row("one seed edited: .md files whose mtime changed", "{}", "incremental_mtime_changed")
    row("Markdown pages", "{:,}", "docs_files")
    row("site/ size, MB", "{:.1f}", "site_mb")
    row("search index, MB", "{:.1f}", "search_index_mb")
    row("home page (HTML), MB", "{:.2f}", "home_mb")
    row("HTML pages over 1 MB (target 0)", "{}", "html_over_1mb")
    row("전체 보기 parts", "{}", "print_parts")
    for label, key in (("largest page (Markdown), MB", "largest_md"), ("largest page (HTML), MB", "largest_html"),
                       ("largest 전체 보기 part (HTML), MB", "largest_print_part")):
        lines.append(f"| {label} | " + " | ".join(f"{r[key][1]:.2f} ({r[key][0]})" for r in results) + " |")  # type: ignore[index]
    if len(results) >= 2:
        a, b = results[-2], results[-1]
        lines += ["", f"Cost from {a['n']:,} to {b['n']:,} articles (×{int(b['n']) // int(a['n'])}): "  # type: ignore[call-overload]
                  f"build ×{float(b['build_s']) / float(a['build_s']):.2f}, "  # type: ignore[arg-type]
                  f"generator cold ×{float(b['cold_s']) / float(a['cold_s']):.2f}, "  # type: ignore[arg-type]
                  f"bare mkdocs ×{float(b['bare_mkdocs_s']) / float(a['bare_mkdocs_s']):.2f}."]  # type: ignore[arg-type]
    lines += [
        "",
        "Five real seeds, back to back: "
        f"`python -m generator build` {seeds['build_cold_s']:.1f} s with an empty cache, "
        f"{seeds['build_warm_s']:.1f} s with a warm one; bare `mkdocs build` of the same pages {seeds['bare_s']:.1f} s "
        f"(ratio {seeds['ratio_cold']:.2f} cold, {seeds['ratio_warm']:.2f} warm).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure, print, and write bench/results.md and the chart."""
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated corpus sizes (default: %(default)s)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/results.md alone")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    seeds = measure_seeds()
    print(yaml.safe_dump({"five_seeds": seeds}, sort_keys=False), flush=True)
    results = []
    for n in sizes:
        result = measure_size(n)
        results.append(result)
        print(yaml.safe_dump({f"n={n}": result}, sort_keys=False, allow_unicode=True), flush=True)
        text = report(results, seeds)
        # Written after every size, so a long run that is stopped keeps what it measured.
        if not args.no_write:
            (ROOT / "bench" / "results.md").write_text(text, encoding="utf-8")
            (ROOT / "bench" / "results-scale.svg").write_text(chart_svg(results), encoding="utf-8")
    print(report(results, seeds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
