"""How well the cleaner reads pages it was not written for.

    python -m bench.cleaning [--details dev|seeds|heldout] [--variants]

scores title, author, publication date, outlet, region, article sentences
kept and furniture lines kept out on three sets, side by side:

- the five seeds, against ``tests/expected_articles.yml``;
- ``tests/fixtures/outlets/dev/``: the development half of the outlet-layout
  corpus (rules may be tuned to it; ``tests/test_outlets.py`` gates it);
- ``tests/fixtures/outlets/heldout/``: pages from other outlets, only scored,
  never tuned to — the honest figure.

Page fields are the share of pages right (unknown is right when the label is
null too); sentences and furniture are the share of labelled lines (furniture
counts as kept when it reaches the body or the deck under the title). ``--details``
lists what went wrong on one set (never ask it for the held-out half while
writing rules: that is what keeps its figure honest).

``--variants`` re-lays the development pages' headers the ways other outlets
print them (headline printed once, printed twice, a blank line after it, no
date line at all) and prints the share of titles still right: a probe of how
much the headline finder leans on one page's exact order. It never runs on the
held-out half.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.decode import SeedError
from generator.models import Article, Destination, LineKind, SeedBytes
from generator.pipeline import build_article
from generator.read import DEFAULT_MAX_SEED_BYTES, read_seed
from generator.rules import RuleBook, load_rules
from generator.structure import body_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_GOLD = ROOT / "tests" / "expected_articles.yml"
FIXTURES = ROOT / "tests" / "fixtures" / "outlets"
FIELDS = ("title", "author", "published", "outlet", "region", "sentences kept", "furniture kept out")
_WS = re.compile(r"\s+")


def _norm(text: str | None) -> str | None:
    return None if text is None else _WS.sub(" ", str(text)).strip()


@dataclass
class Tally:
    """Right answers out of all, per field, and what went wrong."""

    right: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    total: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, what: str, ok: bool, detail: str = "") -> None:
        """Count one answer; a wrong one is remembered with ``detail``."""
        self.total[what] += 1
        self.right[what] += ok
        if not ok:
            self.misses.append(f"{name}: {what}: {detail}")

    def share(self, what: str) -> float | None:
        """Right answers as a share (None when nothing was counted)."""
        return self.right[what] / self.total[what] if self.total[what] else None


def province_of(article: Article, rules: RuleBook) -> str:
    """The province (or 전국) the article is filed under first."""
    gazetteer = rules.gazetteer
    first = article.meta.regions[0]
    return gazetteer.province_name(first.region_id) or first.name


_LIST_MARKS = re.compile(r"[\s▲]+")


def _flat(text: str) -> str:
    """Text without spacing or inline list marks: a ▲ list restored to list items keeps its words."""
    return _LIST_MARKS.sub("", text)


def _body_lines(article: Article) -> list[str]:
    return [
        _norm(line.content) or ""
        for line in article.classification.lines
        if line.destination is Destination.BODY
    ]


def score_page(name: str, article: Article, label: dict, rules: RuleBook, tally: Tally) -> None:
    """Score one fixture page against its labels."""
    meta = article.meta
    tally.add(name, "title", _norm(meta.title) == _norm(label.get("title")), f"{meta.title!r} ≠ {label.get('title')!r}")
    tally.add(name, "author", meta.author == label.get("author"), f"{meta.author!r} ≠ {label.get('author')!r}")
    expected_date = label.get("published")
    expected_date = None if expected_date is None else str(expected_date).replace(" ", "T")
    tally.add(name, "published", meta.published == expected_date, f"{meta.published!r} ≠ {expected_date!r}")
    tally.add(name, "outlet", meta.outlet == label.get("outlet"), f"{meta.outlet!r} ≠ {label.get('outlet')!r}")
    region = province_of(article, rules)
    tally.add(name, "region", region == label.get("region"), f"{region!r} ≠ {label.get('region')!r}")
    body = _flat(body_text(article.blocks))
    for sentence in label.get("keep") or []:
        tally.add(name, "sentences kept", _flat(sentence) in body, f"lost {sentence[:50]!r}")
    # Furniture must stay out of the body and out of the deck shown under the title.
    body_lines = _body_lines(article) + [_norm(d) or "" for d in meta.deck]
    for line in label.get("drop") or []:
        wanted = _norm(line) or ""
        kept = any(wanted == b or (len(wanted) >= 8 and wanted in b) for b in body_lines)
        tally.add(name, "furniture kept out", not kept, f"kept {line[:50]!r}")


def score_fixtures(folder: Path, rules: RuleBook) -> tuple[Tally, int]:
    """Every labelled page of one half; returns the tally and the number of pages."""
    tally = Tally()
    pages = sorted(folder.glob("*.yml"))
    for label_path in pages:
        label = yaml.safe_load(label_path.read_text(encoding="utf-8"))
        seed = read_seed(label_path.with_suffix(".txt"), DEFAULT_MAX_SEED_BYTES)
        score_page(label_path.stem, build_article(seed, rules), label, rules, tally)
    return tally, len(pages)


def _same(a: str, b: str | None) -> bool:
    return _norm(a) == _norm(b)


def _headline_once(lines: list[str], label: dict) -> list[str]:
    out, seen = [], False
    for line in lines:
        if _same(line, label["title"]):
            if seen:
                continue
            seen = True
        out.append(line)
    return out


def _headline_twice(lines: list[str], label: dict) -> list[str]:
    return [copy for line in lines for copy in ([line, line] if _same(line, label["title"]) else [line])]


def _blank_after_headline(lines: list[str], label: dict) -> list[str]:
    return [part for line in lines for part in ([line, ""] if _same(line, label["title"]) else [line])]


_DATE = re.compile(r"(?:19|20)\d\d\s?[.\-/년]\s?\d")


def _no_date_line(lines: list[str], label: dict) -> list[str]:
    """Drops the furniture lines that carry a date (the date line, a byline with its date)."""
    dated = {_norm(d) for d in label.get("drop") or [] if _DATE.search(str(d))}
    return [line for line in lines if _norm(line) not in dated]


HEADER_VARIANTS = {
    "headline printed once": _headline_once,
    "headline printed twice": _headline_twice,
    "blank line after the headline": _blank_after_headline,
    "no date line": _no_date_line,
}


def score_header_variants(folder: Path, rules: RuleBook) -> dict[str, tuple[int, int, list[str]]]:
    """Titles right per header variant over one half: (right, pages, misses)."""
    results: dict[str, tuple[int, int, list[str]]] = {}
    labelled = []
    for label_path in sorted(folder.glob("*.yml")):
        label = yaml.safe_load(label_path.read_text(encoding="utf-8"))
        if label.get("title"):
            text = label_path.with_suffix(".txt").read_text(encoding="utf-8")
            labelled.append((label_path.stem, label, text.split("\n")))
    for variant, relayout in HEADER_VARIANTS.items():
        right, misses = 0, []
        for stem, label, lines in labelled:
            data = "\n".join(relayout(lines, label)).encode("utf-8")
            seed = SeedBytes(f"{stem}.txt", None, data, hashlib.sha256(data).hexdigest())
            try:
                title = build_article(seed, rules).meta.title
            except SeedError as exc:
                title = f"<{exc}>"
            if _same(title, label["title"]):
                right += 1
            else:
                misses.append(f"{stem}: {variant}: {title!r}")
        results[variant] = (right, len(labelled), misses)
    return results


def score_seeds(rules: RuleBook) -> tuple[Tally, int]:
    """The five seeds against their hand-labelled gold file."""
    gold = yaml.safe_load(SEED_GOLD.read_text(encoding="utf-8"))
    tally = Tally()
    for name, expected in gold.items():
        article = build_article(read_seed(SEEDS / name, DEFAULT_MAX_SEED_BYTES), rules)
        meta, want = article.meta, expected["meta"]
        published = None if want["published"] is None else str(want["published"])
        tally.add(name, "title", meta.title == want["title"], f"{meta.title!r}")
        tally.add(name, "author", meta.author == want["author"], f"{meta.author!r}")
        tally.add(name, "published", meta.published == published, f"{meta.published!r}")
        tally.add(name, "outlet", meta.outlet == want["outlet"], f"{meta.outlet!r}")
        names = [r.name for r in meta.regions]
        tally.add(name, "region", names == want["regions"], f"{names!r}")
        kinds = {line.number: line.kind for line in article.classification.lines}
        body_kinds = {"BODY", "HEADING", "PULL_QUOTE", "LIST_ITEM"}
        for kind, numbers in expected["lines"].items():
            for number in numbers:
                if kind in body_kinds:
                    tally.add(name, "sentences kept", kinds[number].name in body_kinds, f"line {number}")
                elif kind in ("BOILERPLATE", "DUPLICATE", "IMAGE"):
                    tally.add(name, "furniture kept out", kinds[number] is not LineKind.BODY, f"line {number}")
    return tally, len(gold)


def measure(rules: RuleBook | None = None) -> dict[str, tuple[Tally, int]]:
    """Tallies for the seeds, the development half and the held-out half."""
    rules = rules or load_rules()
    return {
        "seeds": score_seeds(rules),
        "dev": score_fixtures(FIXTURES / "dev", rules),
        "heldout": score_fixtures(FIXTURES / "heldout", rules),
    }


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def format_table(results: dict[str, tuple[Tally, int]]) -> str:
    """The figures as a Markdown table, one row per field."""
    pages = {k: n for k, (_t, n) in results.items()}
    head = (
        f"| field | seeds ({pages['seeds']}) | development ({pages['dev']}) | held-out ({pages['heldout']}) |\n"
        "|---|---:|---:|---:|"
    )
    rows = [
        f"| {f} | " + " | ".join(_cell(results[k][0].share(f)) for k in ("seeds", "dev", "heldout")) + " |"
        for f in FIELDS
    ]
    return "\n".join([head, *rows])


def main(argv: list[str] | None = None) -> int:
    """Print the table (and, with ``--details``, one set's misses)."""
    parser = argparse.ArgumentParser(prog="python -m bench.cleaning", description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", choices=("seeds", "dev", "heldout"), help="list what went wrong on one set")
    parser.add_argument("--variants", action="store_true", help="also re-lay the dev pages' headers and score titles")
    args = parser.parse_args(argv)
    results = measure()
    print(format_table(results))
    if args.details:
        print()
        print("\n".join(results[args.details][0].misses) or "no misses")
    if args.variants:
        variants = score_header_variants(FIXTURES / "dev", load_rules())
        print("\n| header variant (development pages) | title right |\n|---|---:|")
        for variant, (right, pages, _misses) in variants.items():
            print(f"| {variant} | {right}/{pages} = {right / pages:.2f} |")
        if args.details == "dev":
            print("\n".join(m for _r, _p, misses in variants.values() for m in misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
