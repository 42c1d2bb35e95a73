"""Fact extraction measured against the hand-labelled gold standard.

    python -m bench.facts

prints precision and recall per kind of fact and overall, and how often the
region a fact is filed under agrees with the label. Two gold standards:

- ``tests/expected_facts/*.yml``: the five seeds (labels drafted from an early
  extractor run, then corrected line by line — so read these figures as
  regression figures, not as an unbiased estimate);
- ``tests/fixtures/sixth_seed/*.facts.yml``: a held-out article written and
  labelled before the extractor ever saw it (the honest estimate).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import shutil
import tempfile

import yaml

from generator.models import Article, Fact, FactKind
from generator.pipeline import collect_articles
from generator.rules import RULES_DIR, RuleBook, load_rules

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "expected_facts"
SEEDS = ROOT / "seeds"
HELD_OUT = ROOT / "tests" / "fixtures" / "sixth_seed"


def fact_key(kind: str, anchor: str, value: str | None, date: str | None, when: str | None) -> tuple[str, str, str]:
    """What makes two facts the same fact: kind, block, and value (events: date, else the dating words)."""
    if kind == FactKind.EVENT.value:
        return kind, anchor, str(date) if date else f"~{when}"
    return kind, anchor, str(value)


def extracted_keys(fact: Fact) -> list[tuple[str, str, str]]:
    """The keys an extracted fact answers to: an organisation shown as
    ``한국과학기술원(KAIST)`` matches a label of either name."""
    key = fact_key(fact.kind.value, fact.anchor, fact.value, fact.date, fact.subject)
    keys = [key]
    if fact.kind is FactKind.ORGANISATION and fact.value.endswith(")") and "(" in fact.value:
        name, short = fact.value[:-1].split("(", 1)
        keys += [(key[0], key[1], name), (key[0], key[1], short)]
    return keys


@dataclass(frozen=True)
class Score:
    """Precision and recall of one kind (or all), with the counts behind them."""

    kind: str
    gold: int
    found: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


@dataclass(frozen=True)
class Evaluation:
    """Scores per kind and overall, region agreement, and every miss and extra."""

    scores: tuple[Score, ...]
    overall: Score
    region_agreement: float
    missed: tuple[tuple[str, tuple[str, str, str]], ...]
    extra: tuple[tuple[str, tuple[str, str, str]], ...]


def rules_with_new_region(folder: Path, entry: Path = HELD_OUT / "gazetteer_entry.yml") -> RuleBook:
    """The project's rules copied into ``folder`` plus one gazetteer entry (a region new to the atlas)."""
    target = folder / "rules"
    shutil.copytree(RULES_DIR, target)
    gazetteer = target / "gazetteer.yml"
    gazetteer.write_text(gazetteer.read_text(encoding="utf-8") + entry.read_text(encoding="utf-8"), encoding="utf-8")
    return load_rules(target)


def load_gold(gold_dir: Path = GOLD_DIR, pattern: str = "*.yml") -> dict[str, dict[tuple[str, str, str], str | None]]:
    """Gold facts per seed file: key → labelled region."""
    gold = {}
    for path in sorted(gold_dir.glob(pattern)):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        gold[data["seed"]] = {
            fact_key(f["kind"], f["anchor"], f.get("value"), f.get("date"), f.get("when")): f.get("region")
            for f in data["facts"]
        }
    return gold


def evaluate_seeds() -> Evaluation:
    """The five seeds against ``tests/expected_facts``."""
    articles, _ = collect_articles(SEEDS, load_rules())
    return evaluate(articles, load_gold(GOLD_DIR))


def evaluate_held_out() -> Evaluation:
    """The held-out sixth article (a region new to the gazetteer) against its own labels."""
    with tempfile.TemporaryDirectory() as tmp:
        articles, _ = collect_articles(HELD_OUT, rules_with_new_region(Path(tmp)))
    return evaluate(articles, load_gold(HELD_OUT, "*.facts.yml"))


def evaluate(articles: tuple[Article, ...], gold: dict[str, dict[tuple[str, str, str], str | None]]) -> Evaluation:
    """Compare every extracted fact of ``articles`` with the gold labels."""
    counts: Counter[tuple[str, str]] = Counter()
    missed, extra = [], []
    agree = compared = 0
    for article in articles:
        expected = gold.get(article.meta.source_file, {})
        found: dict[tuple[str, str, str], str | None] = {}
        for f in article.facts:
            keys = extracted_keys(f)
            label = next((k for k in keys if k in expected), keys[0])
            found[label] = f.region
        for key in expected.keys() | found.keys():
            kind = key[0]
            if key in expected:
                counts[kind, "gold"] += 1
            if key in found:
                counts[kind, "found"] += 1
            if key in expected and key in found:
                counts[kind, "matched"] += 1
                compared += 1
                agree += expected[key] == found[key]
            elif key in expected:
                missed.append((article.meta.source_file, key))
            else:
                extra.append((article.meta.source_file, key))
    scores = tuple(
        Score(k.value, counts[k.value, "gold"], counts[k.value, "found"], counts[k.value, "matched"]) for k in FactKind
    )
    overall = Score("all", sum(s.gold for s in scores), sum(s.found for s in scores), sum(s.matched for s in scores))
    return Evaluation(scores, overall, agree / compared if compared else 1.0, tuple(sorted(missed)), tuple(sorted(extra)))


def main() -> None:
    """Print both tables."""
    for name, result in (("five seeds (tests/expected_facts)", evaluate_seeds()),
                         ("held-out sixth article (tests/fixtures/sixth_seed)", evaluate_held_out())):
        print(f"\n== {name}")
        report(result)


def report(result: Evaluation) -> None:
    """Print one evaluation: per-kind table, region agreement, misses and extras."""
    print(f"{'kind':<13}{'gold':>6}{'found':>7}{'matched':>9}{'precision':>11}{'recall':>8}")
    for s in (*result.scores, result.overall):
        print(f"{s.kind:<13}{s.gold:>6}{s.found:>7}{s.matched:>9}{s.precision:>11.3f}{s.recall:>8.3f}")
    print(f"region of matched facts agrees with the label: {result.region_agreement:.3f}")
    for seed, key in result.missed:
        print(f"missed  {seed}: {key}")
    for seed, key in result.extra:
        print(f"extra   {seed}: {key}")


if __name__ == "__main__":
    main()
