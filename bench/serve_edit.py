"""One edited seed regenerated the way ``make serve`` regenerates it: in its long-lived process.

    python -m bench.serve_edit --seeds DIR --docs DIR --cache DIR --edit SEED

Runs ``generate`` as ``serve`` does (one article cache held in memory for the
session), edits ``SEED`` and regenerates — once to warm up (Kiwi's model is
loaded by the first seed ``serve`` analyses), then, after putting the seed
back and regenerating, once more, timed. Prints the timed run's seconds as
JSON (``{"seconds": …}``) and leaves the seed as it found it.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import time
from pathlib import Path

from generator import cli
from generator.cache import ArticleCache
from generator.compare import RegionCache


def edited(data: bytes) -> bytes:
    """The benchmark's edit: one sentence added after the first ``다.`` (as ``bench.scale`` does)."""
    return data.replace("다.".encode(), "다. 편집한 문장이다.".encode(), 1)


def main(argv: list[str] | None = None) -> int:
    """Time one in-process regeneration after an edit; print it as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.serve_edit", description=__doc__.split("\n")[0])
    for name in ("seeds", "docs", "cache", "edit"):
        parser.add_argument(f"--{name}", type=Path, required=True)
    options = parser.parse_args(argv)
    args = cli.build_parser().parse_args([
        "generate", "--seeds", str(options.seeds), "--docs", str(options.docs), "--cache", str(options.cache),
    ])
    args.article_cache = ArticleCache(options.cache / "articles", in_memory=True)  # as ``cli.serve`` sets them
    args.region_cache = RegionCache()
    original = options.edit.read_bytes()
    quiet = io.StringIO()
    try:
        with contextlib.redirect_stdout(quiet):
            cli.generate(args)  # serve's start
            options.edit.write_bytes(edited(original))
            cli.generate(args)  # first edit: loads Kiwi
            options.edit.write_bytes(original)
            cli.generate(args)
            options.edit.write_bytes(edited(original))
            start = time.perf_counter()
            cli.generate(args)
            seconds = time.perf_counter() - start
    finally:
        options.edit.write_bytes(original)
    print(json.dumps({"seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
