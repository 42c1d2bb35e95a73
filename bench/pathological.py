"""Pathological seeds: does any stage go quadratic on one huge line?

    python -m bench.pathological

Times every stage on single-line seeds of 10,000, 100,000 and 1,000,000
characters in three shapes (sentences, no sentence end, one unbroken token)
and prints the cost per stage with the 10× ratios: about 10 means linear.
"""
from __future__ import annotations

import sys
import time

from generator.classify import classify_seed
from generator.decode import decode_seed
from generator.metadata import extract_metadata
from generator.models import Article, SeedBytes
from generator.regions import find_regions
from generator.render import render_site
from generator.rules import load_rules
from generator.search_index import segmenter
from generator.structure import body_text, build_blocks

SIZES = (10_000, 100_000, 1_000_000)
SHAPES = {
    "sentences": "광주시가 인공지능 산업을 키운다. ",
    "no sentence end": "가나다라마바사 아자차카타파하 ",
    "one token": "가",
}


def time_stages(text: str) -> dict[str, float]:
    """Seconds spent in each stage on one seed."""
    rules, seg = load_rules(), segmenter()
    seconds: dict[str, float] = {}

    def timed(name, fn, *args):
        start = time.perf_counter()
        value = fn(*args)
        seconds[name] = time.perf_counter() - start
        return value

    seed = SeedBytes("huge.txt", None, text.encode("utf-8"), "0" * 64)
    decoded = timed("decode", decode_seed, seed)
    classification = timed("classify", classify_seed, decoded, rules)
    blocks = timed("structure", build_blocks, classification, rules)
    body = body_text(blocks)
    regions = timed("regions", find_regions, body, rules.gazetteer)
    meta = timed("metadata", extract_metadata, classification, body, regions, rules)
    article = Article("huge", meta, blocks, classification)
    timed("render", render_site, (article,), (), rules)
    timed("search index", seg.segment, body)
    return seconds


def main() -> int:
    """Print a table of stage times per size and shape."""
    segmenter()  # load Kiwi before timing
    for shape, unit in SHAPES.items():
        rows = {size: time_stages((unit * (size // len(unit) + 1))[:size]) for size in SIZES}
        stages = list(rows[SIZES[0]])
        print(f"\n{shape}: seconds per stage (ratio to the 10× smaller line)")
        print(f"| {'stage':14} | " + " | ".join(f"{size:>17,}" for size in SIZES) + " |")
        print(f"|{'-' * 16}|" + "|".join("-" * 19 for _ in SIZES) + "|")
        for stage in stages:
            cells = []
            for i, size in enumerate(SIZES):
                t = rows[size][stage]
                ratio = f" ({t / rows[SIZES[i - 1]][stage]:4.1f}×)" if i and rows[SIZES[i - 1]][stage] > 1e-4 else " " * 8
                cells.append(f"{t:9.4f}{ratio}")
            print(f"| {stage:14} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
