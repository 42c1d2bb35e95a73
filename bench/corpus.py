"""A synthetic corpus for benchmarks, derived from the five seeds.

    python bench/corpus.py N OUT      (or: python -m bench.corpus N OUT)

writes N seed files into OUT. Each synthetic article takes the frame of one
real seed (its headline, byline, date line, share buttons, comment widget,
footer), a recombination of body paragraphs drawn from all five seeds, a
region, a date and an author of its own, extra boilerplate from the other
seeds, and scrape noise: repeated lines, stray blanks, trailing spaces,
non-breaking spaces, CRLF line ends, a byte-order mark, or a CP949 encoding.

The output is clearly synthetic — file names start with ``syn``, and the first
body paragraph says so — and is never meant for ``docs/`` or the repository.
Article *i* depends on *i* only, so the first 1,000 articles of a 5,000-article
corpus are the 1,000-article corpus: sizes nest, and a benchmark compares like
with like.
"""
from __future__ import annotations

import hashlib
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.classify import classify_seed
from generator.decode import decode_seed
from generator.metadata import extract_metadata
from generator.models import LineKind
from generator.read import list_seed_files, read_seed
from generator.regions import find_regions
from generator.rules import Region, RuleBook, load_rules
from generator.structure import body_text, build_blocks

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SYNTHETIC_NOTE = "※ 이 글은 성능 측정용 합성 기사입니다(bench/corpus.py, {number}번). 실제 보도가 아닙니다."
_DATE = re.compile(r"(\d{4})([.\-/]\s?|년\s?)(\d{1,2})([.\-/]\s?|월\s?)(\d{1,2})")
_SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
_GIVEN = "민서지현준우하윤도영수진예은성호태경나연동희"


@dataclass(frozen=True)
class SeedFrame:
    """One real seed cut into what a synthetic article reuses."""

    head: tuple[str, ...]  # lines before the first body paragraph
    tail: tuple[str, ...]  # lines after the last one
    title: str | None  # the headline line, as scraped (a seed may have none)
    author: str | None
    region: Region


@dataclass(frozen=True)
class SeedPool:
    """Everything the synthetic articles are drawn from."""

    frames: tuple[SeedFrame, ...]
    paragraphs: tuple[tuple[str, Region], ...]  # body paragraph, region of its seed
    boilerplate: tuple[str, ...]
    regions: tuple[Region, ...]


def load_pool(seeds_dir: Path = SEEDS, rules: RuleBook | None = None) -> SeedPool:
    """Cut the real seeds into frames, paragraphs and boilerplate lines."""
    rules = rules or load_rules()
    frames, paragraphs, boilerplate = [], [], []
    for path in list_seed_files(seeds_dir):
        classification = classify_seed(decode_seed(read_seed(path)), rules)
        body = body_text(build_blocks(classification, rules))
        mentions = find_regions(body, rules.gazetteer)
        meta = extract_metadata(classification, body, mentions, rules)
        region = rules.gazetteer.by_id(meta.regions[0].region_id)
        lines = classification.lines
        body_numbers = [line.number for line in lines if line.kind is LineKind.BODY]
        first, last = body_numbers[0], body_numbers[-1]
        texts = classification.seed.text.split("\n")
        frames.append(
            SeedFrame(
                head=tuple(texts[: first - 1]),
                tail=tuple(texts[last:]),
                title=next((line.text for line in lines if line.kind is LineKind.TITLE), None),
                author=meta.author,
                region=region,
            )
        )
        paragraphs += [(line.text, region) for line in lines if line.kind in (LineKind.BODY, LineKind.HEADING)]
        boilerplate += [line.text for line in lines if line.kind is LineKind.BOILERPLATE]
    # Synthetic articles are about a 시·도 (their paragraphs may keep a city of
    # their own seed): news concentrates on few places, not on all 250.
    places = tuple(r for r in rules.gazetteer.regions if r.aliases and r.is_province)
    return SeedPool(tuple(frames), tuple(paragraphs), tuple(dict.fromkeys(boilerplate)), places)


def _move_region(text: str, source: Region, target: Region) -> str:
    """``text`` about ``target`` instead of ``source``: each alias becomes the target's alias of the
    same rank counted from the shortest (원주 → 광주, 원주시 → 광주시)."""
    if source.id == target.id or not source.aliases:
        return text
    pattern = re.compile("|".join(re.escape(a) for a in sorted(source.aliases, key=len, reverse=True)))
    from_end = {alias: len(source.aliases) - 1 - i for i, alias in enumerate(source.aliases)}
    return pattern.sub(lambda m: target.aliases[max(0, len(target.aliases) - 1 - from_end[m.group(0)])], text)


def _author(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)


def _redate(line: str, rng: random.Random) -> str:
    year, month, day = rng.randint(2018, 2025), rng.randint(1, 12), rng.randint(1, 28)

    def swap(m: re.Match) -> str:
        return f"{year}{m.group(2)}{month:0{len(m.group(3))}d}{m.group(4)}{day:0{len(m.group(5))}d}"

    return _DATE.sub(swap, line)


def synthetic_article(number: int, pool: SeedPool) -> tuple[str, bytes]:
    """Article ``number``: its file name and bytes (a function of ``number`` alone)."""
    rng = random.Random(f"atlas-synthetic-{number}")
    frame = rng.choice(pool.frames)
    region = rng.choice(pool.regions)
    author = _author(rng)

    def localise(line: str, source: Region) -> str:
        line = _move_region(line, source, region)
        return line.replace(frame.author, author) if frame.author else line

    body = [SYNTHETIC_NOTE.format(number=number)]
    for text, source in rng.sample(pool.paragraphs, rng.randint(4, 12)):
        # Most paragraphs move to the article's region; some keep their own, so
        # articles name several regions, as real coverage does.
        body.append(localise(text, region if rng.random() < 0.2 else source))
    head = [localise(_redate(line, rng), frame.region) for line in frame.head]
    # Titles differ by number, as a month of columns under one rubric does.
    head = [f"{line} ({number})" if frame.title and line.strip() == frame.title.strip() else line for line in head]
    tail = [localise(_redate(line, rng), frame.region) for line in frame.tail]
    tail[:0] = rng.sample(pool.boilerplate, rng.randint(0, 3))

    lines = [_noise(line, rng) for line in head]
    lines += [[""], [body[0]]]  # the synthetic-article notice, left clean
    lines += [_noise(line, rng) for text in body[1:] for line in ("", text)]
    lines += [_noise(line, rng) for line in ["", *tail]]
    text = "\n".join(line for group in lines for line in group)
    newline = "\r\n" if rng.random() < 0.1 else "\n"
    text = text.replace("\n", newline)
    roll = rng.random()
    if roll < 0.05:
        data = text.encode("cp949", errors="replace")
    elif roll < 0.10:
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    else:
        data = text.encode("utf-8")
    name = f"syn{number:06d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"
    return name, data


def _noise(line: str, rng: random.Random) -> list[str]:
    """One line as a scraper might have left it: doubled, padded, or with stray blanks."""
    roll = rng.random()
    if roll < 0.03 and line.strip():
        return [line, line]  # the caption printed twice
    if roll < 0.08:
        return [line + " " * rng.randint(1, 3)]
    if roll < 0.10:
        return [line.replace(" ", "\u00a0", 1)]
    if roll < 0.14:
        return [line, ""]
    return [line]


def write_corpus(count: int, out: Path, seeds_dir: Path = SEEDS) -> list[Path]:
    """Write articles 0 … count−1 into ``out`` (created if needed); returns their paths."""
    pool = load_pool(seeds_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    articles = [synthetic_article(number, pool) for number in range(count)]
    wanted = {name for name, _ in articles}
    for stale in out.glob("syn*.txt"):  # left by another size or an older corpus.py
        if stale.name not in wanted:
            stale.unlink()
    for name, data in articles:
        path = out / name
        if not (path.exists() and path.read_bytes() == data):
            path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """``corpus.py N OUT``."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or not argv[0].isdigit():
        print("usage: python bench/corpus.py N OUT", file=sys.stderr)
        return 2
    count, out = int(argv[0]), Path(argv[1])
    if out.resolve().is_relative_to((ROOT / "docs").resolve()) or out.resolve() == SEEDS.resolve():
        print(f"error: {out}: synthetic articles never go into docs/ or seeds/", file=sys.stderr)
        return 2
    write_corpus(count, out)
    print(f"wrote {count} synthetic articles into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
