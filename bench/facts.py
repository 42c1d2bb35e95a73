"""Fact extraction measured against hand labels, on three corpora side by side.

    python -m bench.facts

prints precision and recall per kind of fact on

- **seeds** — the five seeds against ``tests/expected_facts/*.yml`` (labels
  drafted from an early extractor run, then corrected line by line: a
  regression check, not an unbiased estimate), with how often the region a
  matched fact is filed under agrees with its label;
- **dev** — the development half of the outlet corpus,
  ``tests/fixtures/outlets/dev/`` (rules may be tuned to it);
- **held-out** — ``tests/fixtures/outlets/heldout/``, pages from other outlets
  that are only ever scored (the honest figure).

The outlet pages are raw scraped pages, run through the real pipeline; their
labels (``figures:`` in each page's ``.yml``, format in
``tests/fixtures/outlets/README.md``) are the key figures a reader compares.
A figure matches an extracted fact of its kind with the same value: money in
원 (other currencies by value and unit), counts by value and counter, capacity
in MW and area in ㎡ (within 0.5 %), plans by value and counter-plus-noun,
milestones by event and date, percentages by value. A range label (``end``)
needs both ends; a single-number label accepts either end of a range found.
A figure the page repeats (the same kind, value and unit in another
paragraph) is one figure: its repeats are neither matches nor extras.
Region accuracy there is the article's region (its province for a city)
against the page's ``region``. The held-out sixth seed
(``tests/fixtures/sixth_seed``) is scored too, as before.
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import shutil
import tempfile

import yaml

from dataclasses import replace

from generator.errors import SeedError
from generator.facts import extract_facts, load_fact_rules
from generator.models import Article, Fact, FactKind, Paragraph
from generator.pipeline import build_article, collect_articles
from generator.read import read_seed
from generator.regions import find_regions
from generator.rules import RULES_DIR, RuleBook, load_rules
from generator.structure import body_text

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "expected_facts"
SEEDS = ROOT / "seeds"
HELD_OUT = ROOT / "tests" / "fixtures" / "sixth_seed"
OUTLETS = ROOT / "tests" / "fixtures" / "outlets"
# The kinds the outlet corpus labels: figures a reader compares across regions.
FIGURE_KINDS = (
    FactKind.MONEY, FactKind.COUNT, FactKind.CAPACITY, FactKind.AREA, FactKind.PLAN, FactKind.MILESTONE,
    FactKind.PERCENT,
)
TOLERANCE = 0.005  # capacity and area: 평 → ㎡ and MW conversions round differently


def fact_key(kind: str, anchor: str, value: str | None, date: str | None, when: str | None) -> tuple[str, str, str]:
    """What makes two facts the same fact: kind, block, and value (events and
    milestones: date, else the dating words)."""
    if kind in (FactKind.EVENT.value, FactKind.MILESTONE.value):
        return kind, anchor, str(date) if date else f"~{when}"
    return kind, anchor, str(value)


def extracted_keys(fact: Fact) -> list[tuple[str, str, str]]:
    """The keys an extracted fact answers to: an organisation shown as
    ``한국과학기술원(KAIST)`` matches a label of either name."""
    key = fact_key(fact.kind.value, fact.anchor, fact.value, fact.date, fact.text.strip())
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


# --- the outlet corpus -------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One labelled figure of an outlet page."""

    kind: str
    text: str
    value: float | None = None
    unit: str | None = None
    end: float | None = None
    event: str | None = None
    date: str | None = None
    approximate: bool = False
    at_least: bool = False

    @classmethod
    def from_label(cls, raw: dict) -> "Figure":
        def number(x: object) -> float | None:
            return None if x is None else float(x)  # type: ignore[arg-type]
        date = raw.get("date")
        return cls(str(raw["kind"]), str(raw.get("text", "")), number(raw.get("value")),
                   None if raw.get("unit") is None else str(raw["unit"]), number(raw.get("end")),
                   raw.get("event"), None if date is None else str(date),
                   bool(raw.get("approximate")), bool(raw.get("at_least")))


def _close(a: float | None, b: float | None, relative: float = 0.0) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= max(1e-6, relative * abs(b))


def _words(text: str | None) -> str:
    return "".join((text or "").split())


def matches(label: Figure, fact: Fact) -> bool:
    """Whether an extracted fact is the labelled figure (see the module's docstring)."""
    if fact.kind.value != label.kind:
        return False
    if label.kind == FactKind.MILESTONE.value:
        return fact.event == label.event and fact.date == label.date
    relative = TOLERANCE if label.kind in (FactKind.CAPACITY.value, FactKind.AREA.value) else 0.0
    if label.end is not None:
        value_ok = _close(fact.number, label.value, relative) and _close(fact.upper, label.end, relative)
    else:
        value_ok = _close(fact.number, label.value, relative) or (
            fact.upper is not None and _close(fact.upper, label.value, relative))
    if not value_ok:
        return False
    if label.kind == FactKind.MONEY.value:
        return (label.unit or "원") == (fact.unit or "원")
    if label.kind in (FactKind.COUNT.value, FactKind.PLAN.value):
        return _words(label.unit) == _words(fact.unit)
    return True


def _same_figure(a: Fact, b: Fact) -> bool:
    return a.kind is b.kind and a.value == b.value and a.unit == b.unit and a.date == b.date and a.event == b.event


@dataclass(frozen=True)
class PageResult:
    """One outlet page: its labels, what was extracted, and the region read."""

    name: str
    figures: tuple[Figure, ...]
    facts: tuple[Fact, ...]
    body: str
    region: str | None
    region_label: str | None
    problem: str | None = None
    dated: bool = True  # the pipeline read a publication date


@dataclass
class OutletEvaluation:
    """Scores per figure kind over one half of the outlet corpus."""

    half: str
    pages: int = 0
    scores: tuple[Score, ...] = ()
    overall: Score = field(default_factory=lambda: Score("all", 0, 0, 0))
    regions_right: int = 0
    regions_labelled: int = 0
    qualifiers_agree: int = 0
    missed: list[tuple[str, Figure, str]] = field(default_factory=list)  # with why, if the page explains it
    extra: list[tuple[str, Fact]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def region_accuracy(self) -> float | None:
        return self.regions_right / self.regions_labelled if self.regions_labelled else None


def outlet_pages(half: str, root: Path = OUTLETS) -> list[Path]:
    """The ``.txt`` pages of one half that have labels with ``figures``."""
    folder = root / half
    if not folder.is_dir():
        return []
    out = []
    for txt in sorted(folder.glob("*.txt")):
        label = txt.with_suffix(".yml")
        if label.is_file() and "figures" in (yaml.safe_load(label.read_text(encoding="utf-8")) or {}):
            out.append(txt)
    return out


def _region_name(article: Article, rules: RuleBook) -> str:
    """The article's region as the labels name it: a city's province, else the region itself."""
    rid = article.meta.regions[0].region_id
    return rules.gazetteer.province_name(rid) or rules.gazetteer.by_id(rid).name


def read_page(path: Path, rules: RuleBook, labelled_body: bool = False) -> PageResult:
    """One outlet page through the real pipeline (cleaning, metadata, facts).

    ``labelled_body``: give the extractor the page's labelled paragraphs
    (``keep:``) and publication date instead of what the cleaner made of the
    page, to tell extraction misses from cleaning misses.
    """
    labels = yaml.safe_load(path.with_suffix(".yml").read_text(encoding="utf-8")) or {}
    figures = tuple(Figure.from_label(f) for f in labels.get("figures") or ())
    try:
        article = build_article(read_seed(path), rules)
    except SeedError as exc:
        return PageResult(path.name, figures, (), "", None, labels.get("region"), exc.reason)
    if labelled_body:  # the extractor alone: the labelled paragraphs and publication date
        paragraphs = tuple(Paragraph(str(text), f"p-{i}") for i, text in enumerate(labels.get("keep") or ()))
        published = labels.get("published")
        meta = replace(
            article.meta, published=None if published is None else str(published).replace(" ", "T"),
            published_year=None if published is None else int(str(published)[:4]),
            regions=find_regions(body_text(paragraphs), rules.gazetteer),
        )
        article = replace(article, meta=meta, blocks=paragraphs)
    facts = extract_facts(article, load_fact_rules(rules.folder))
    return PageResult(path.name, figures, facts, body_text(article.blocks), _region_name(article, rules),
                      labels.get("region"), dated=bool(article.meta.published or article.meta.page_date))


def score_pages(half: str, pages: list[PageResult]) -> OutletEvaluation:
    """Precision and recall per figure kind, matching labels to facts page by page."""
    result = OutletEvaluation(half, len(pages))
    counts: Counter[tuple[str, str]] = Counter()
    for page in pages:
        if page.problem:
            result.problems.append(f"{page.name}: {page.problem}")
        found = [f for f in page.facts if f.kind in FIGURE_KINDS]
        free = list(found)
        for label in page.figures:
            counts[label.kind, "gold"] += 1
            hit = next((f for f in free if matches(label, f)), None)
            if hit is None:
                words = label.text.split("…")[0].strip()
                why = ""
                if words and _words(words) not in _words(page.body):
                    why = "not in the cleaned body"
                elif label.kind == FactKind.MILESTONE.value and label.date and not page.dated:
                    why = "publication date not read"
                result.missed.append((page.name, label, why))
                continue
            free.remove(hit)
            counts[label.kind, "matched"] += 1
            result.qualifiers_agree += hit.kind is FactKind.MILESTONE or (
                hit.approximate == label.approximate and hit.at_least == label.at_least)
        # A figure the page repeats (GPU 2만 장 in two paragraphs) is one figure, labelled once.
        matched = [f for f in found if f not in free]
        free = [f for f in free if not any(_same_figure(f, g) for g in matched)]
        found = matched + free
        for f in found:
            counts[f.kind.value, "found"] += 1
        result.extra.extend((page.name, f) for f in free)
        if page.region_label is not None:
            result.regions_labelled += 1
            result.regions_right += page.region == page.region_label
    result.scores = tuple(
        Score(k.value, counts[k.value, "gold"], counts[k.value, "found"], counts[k.value, "matched"])
        for k in FIGURE_KINDS
    )
    result.overall = Score("all", *(sum(getattr(s, a) for s in result.scores) for a in ("gold", "found", "matched")))
    return result


def evaluate_outlets(
    half: str, root: Path = OUTLETS, rules: RuleBook | None = None, labelled_body: bool = False
) -> OutletEvaluation:
    """One half of the outlet corpus (``dev`` or ``heldout``) through the pipeline, scored."""
    rules = rules or load_rules()
    return score_pages(half, [read_page(path, rules, labelled_body) for path in outlet_pages(half, root)])


# --- output -------------------------------------------------------------------


def _cell(score: Score | None) -> str:
    if score is None or (score.gold == 0 and score.found == 0):
        return f"{'—':>7}{'—':>7}{'':>9}"
    return f"{score.precision:>7.3f}{score.recall:>7.3f}{f'{score.matched}/{score.gold}/{score.found}':>9}"


def side_by_side(seeds: Evaluation, dev: OutletEvaluation, heldout: OutletEvaluation) -> str:
    """Precision, recall and matched/gold/found per kind, three corpora in columns."""
    head = f"{'':<13}" + "".join(f"{name:^23}" for name in ("seeds", f"dev ({dev.pages} pages)", f"held-out ({heldout.pages} pages)"))
    sub = f"{'kind':<13}" + f"{'P':>7}{'R':>7}{'m/g/f':>9}" * 3
    lines = [head, sub]
    by = lambda scores: {s.kind: s for s in scores}  # noqa: E731
    seed_scores, dev_scores, held_scores = by(seeds.scores), by(dev.scores), by(heldout.scores)
    for kind in FactKind:
        lines.append(f"{kind.value:<13}" + _cell(seed_scores.get(kind.value)) + _cell(dev_scores.get(kind.value))
                     + _cell(held_scores.get(kind.value)))
    lines.append(f"{'figures':<13}" + _cell(_figures_overall(seeds)) + _cell(dev.overall) + _cell(heldout.overall))
    lines.append(f"{'all facts':<13}" + _cell(seeds.overall) + _cell(None) + _cell(None))

    def pct(x: float | None) -> str:
        return f"{x:>23.3f}" if x is not None else f"{'—':>23}"
    lines.append(f"{'region':<13}" + pct(seeds.region_agreement) + pct(dev.region_accuracy) + pct(heldout.region_accuracy))
    return "\n".join(lines)


def _figures_overall(result: Evaluation) -> Score:
    kinds = {k.value for k in FIGURE_KINDS}
    scores = [s for s in result.scores if s.kind in kinds]
    return Score("figures", sum(s.gold for s in scores), sum(s.found for s in scores), sum(s.matched for s in scores))


def report_outlets(result: OutletEvaluation) -> None:
    """Every miss and extra of one half, and pages the pipeline could not read."""
    if result.pages:
        matched = result.overall.matched
        print(f"{result.half}: qualifiers (약/여/이상) agree on {result.qualifiers_agree}/{matched} matched figures")
    for problem in result.problems:
        print(f"unreadable {problem}")
    for page, label, why in result.missed:
        where = f"  [{why}]" if why else ""
        value = f"{label.event} {label.date}" if label.kind == "milestone" else f"{label.value} {label.unit or ''}".strip()
        print(f"missed  {page}: {label.kind} {label.text!r} = {value}{where}")
    for page, fact in result.extra:
        print(f"extra   {page}: {fact.kind.value} {fact.value!r} ({fact.text!r})")


def main() -> None:
    """Print the three corpora side by side, then what each missed or added."""
    seeds = evaluate_seeds()
    dev, heldout = evaluate_outlets("dev"), evaluate_outlets("heldout")
    print("precision (P), recall (R) and matched/gold/found per kind; region: seeds — matched facts filed")
    print("under their labelled region; outlets — the article's region (its province) against the label\n")
    print(side_by_side(seeds, dev, heldout))
    alone_dev, alone_held = evaluate_outlets("dev", labelled_body=True), evaluate_outlets("heldout", labelled_body=True)
    print("\nthe extractor alone — on each page's labelled paragraphs and date, not the cleaner's reading:")
    print(f"{'':<13}{'dev':^23}{'held-out':^23}")
    for a, b in zip((*alone_dev.scores, alone_dev.overall), (*alone_held.scores, alone_held.overall)):
        print(f"{a.kind if a.kind != 'all' else 'figures':<13}" + _cell(a) + _cell(b))
    verbose = "-v" in sys.argv[1:] or "--verbose" in sys.argv[1:]
    print("\n== seeds (tests/expected_facts)")
    report(seeds, table=False)
    for result in (dev, heldout):
        print(f"\n== {result.half} (tests/fixtures/outlets/{result.half})")
        if result.half == "dev" or verbose:
            report_outlets(result)
            alone = alone_dev if result.half == "dev" else alone_held
            print("-- the extractor alone:")
            report_outlets(alone)
        else:
            why = Counter(reason or "by the extractor" for _, _, reason in result.missed)
            print(f"{len(result.missed)} missed ({', '.join(f'{n} {r}' for r, n in sorted(why.items()))}),"
                  f" {len(result.extra)} extra (python -m bench.facts -v lists them; read them only after the rules"
                  " are final)")
    print("\n== held-out sixth article (tests/fixtures/sixth_seed)")
    report(evaluate_held_out())


def report(result: Evaluation, table: bool = True) -> None:
    """Print one evaluation: per-kind table, region agreement, misses and extras."""
    if table:
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
