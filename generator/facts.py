"""Stage 6 — facts with provenance: who, how much, how many, when.

Every fact names its article, the anchor of its paragraph (or list item or
heading) and the exact sentence it came from, so a page can link a figure to
the words behind it. The patterns are data (``rules/facts.yml``,
``rules/entities.yml``); Kiwi (``kiwipiepy``) supplies the morphology: what
a count counts, and where an organisation's name begins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from .errors import RuleError
from .models import Article, BulletList, Fact, FactKind, Heading, Paragraph, Sentence
from .numbers import NUMBER_PATTERN, format_grouped, format_number, format_won, parse_korean_number, parse_range
from .morphology import kiwi
from .regions import count_mentions
from .rules import RULES_DIR, Gazetteer, any_of, compile_rule, load_rules, load_yaml, needs_digit

_HANGUL = re.compile(r"[가-힣]")
_DIGIT = re.compile(r"\d")  # as wide as ``\d`` in any rule (every Unicode digit)
# Figures a reader compares (each one kept where it stands, even if its value repeats).
FIGURE_KINDS = frozenset({FactKind.MONEY, FactKind.COUNT, FactKind.PERCENT, FactKind.CAPACITY, FactKind.AREA,
                          FactKind.PLAN})
_NOUN_TAGS = {"NNG", "NNP", "SL", "SH", "SN", "XSN", "NR"}
# Inside an organisation's name: nouns, a prefix (제2…), a nominalised verb (만들기).
_NAME_TAGS = _NOUN_TAGS | {"XPN", "VV", "ETN"}
# What a capacity, an area or a milestone is of: nouns, with symbols and
# brackets inside a name (인공지능(AI) 데이터센터, 애플 제조업 R&D 지원센터).
_THING_TAGS = _NOUN_TAGS | {"SW", "SSO", "SSC"}


@dataclass(frozen=True)
class Organisation:
    """A known organisation (``entities.yml``) or a local government (gazetteer)."""

    name: str
    type: str
    spellings: tuple[str, ...]
    country: str | None = None
    not_before: tuple[str, ...] = ()
    region: str | None = None


@dataclass(frozen=True)
class DateRule:
    """A date expression and how to read it against the publication date."""

    pattern: re.Pattern[str]
    precision: str
    relative_year: int = 0
    past: bool = False
    future: bool = False
    named: bool = False
    relative_month: int = 0
    weak: bool = False


@dataclass(frozen=True)
class Unit:
    """A unit a figure may be printed in: how it converts, and how pages write it."""

    factor: float
    shown: str


@dataclass(frozen=True)
class FactRules:
    """Everything the fact extractor reads from ``rules/``."""

    sentence_break: re.Pattern[str]
    money: re.Pattern[str]
    money_bare: re.Pattern[str]
    count: re.Pattern[str]
    count_aliases: dict[str, str]
    not_counts: re.Pattern[str]
    count_strict: frozenset[str]
    machines: re.Pattern[str]
    count_window: int
    per_year: re.Pattern[str]
    capacity: re.Pattern[str]
    capacity_units: dict[str, Unit]
    area: re.Pattern[str]
    area_units: dict[str, Unit]
    plans: tuple[re.Pattern[str], ...]
    plan_chained: re.Pattern[str]
    measured_after: re.Pattern[str]
    not_things: frozenset[str]
    percent: re.Pattern[str]
    periods: tuple[re.Pattern[str], ...]
    dates: tuple[DateRule, ...]
    any_date: re.Pattern[str] | None  # matches where some date rule would (None: no shortcut)
    event_words: re.Pattern[str]
    event_modifiers: re.Pattern[str]
    milestones: tuple[tuple[str, re.Pattern[str]], ...]
    milestone_before: re.Pattern[str]
    milestone_weak_window: int
    hedges: re.Pattern[str]
    event_label_max: int
    people: tuple[re.Pattern[str], ...]
    organisations: tuple[Organisation, ...]
    org_suffixes: tuple[str, ...]
    org_generic: frozenset[str]
    org_max_words: int
    org_types: tuple[tuple[str, str], ...]
    acronym: re.Pattern[str]
    national_marker: re.Pattern[str]
    particle: re.Pattern[str]
    abroad: tuple[str, ...]
    gazetteer: Gazetteer
    event_name_after: re.Pattern[str]
    folder: Path = RULES_DIR
    # Derived once from ``organisations``: every spelling, longest first;
    # the spellings that name a region; the words Kiwi must keep whole.
    spellings: tuple[tuple[str, Organisation], ...] = ()
    regional_spellings: tuple[tuple[str, str], ...] = ()
    kiwi_words: tuple[str, ...] = ()
    # Derived once from the patterns, to skip those that need a digit in a
    # sentence without one (four in five): whether every figure pattern does,
    # and the date rules and periods that do not, in file order.
    figures_need_digit: bool = False
    dates_without_digit: tuple[DateRule, ...] = ()
    periods_without_digit: tuple[re.Pattern[str], ...] = ()


def _local_governments(gazetteer: Gazetteer) -> list[Organisation]:
    """광주시, 포항시, 경북도…: a region's name with 시/도 names its government."""
    out = []
    for region in gazetteer.regions:
        spellings = tuple(a for a in region.aliases if a.endswith(("시", "도")) and a != region.name)
        if spellings:
            shortest = min(spellings, key=lambda a: (len(a), a))
            out.append(Organisation(shortest, "지자체", spellings))
    return out


def _alternation(words: Any) -> str:
    """Words as a regex alternation, longest first (개실 before 개)."""
    return "|".join(sorted(map(re.escape, map(str, words)), key=len, reverse=True))


def _figure_pattern(template: str, parts: dict[str, str], units: Any = ()) -> str:
    """A figure pattern with its placeholders filled in (see the head of ``facts.yml``)."""
    filled = {**parts, "units": _alternation(units)}
    for key in ("quantity", "qualifiers", "end", "units", "range", "not_won", "number"):
        template = template.replace("{" + key + "}", filled[key])
    return template


def _units(raw: dict[str, Any]) -> dict[str, Unit]:
    return {str(k): Unit(float(v["factor"]), str(v["shown"])) for k, v in raw.items()}


@lru_cache(maxsize=4)
def load_fact_rules(folder: Path = RULES_DIR) -> FactRules:
    """Read ``facts.yml``, ``entities.yml`` and the gazetteer from ``folder``."""
    path, entities_path = folder / "facts.yml", folder / "entities.yml"
    raw, entities = load_yaml(path), load_yaml(entities_path)
    gazetteer = load_rules(folder).gazetteer
    try:
        fig = raw["figures"]
        parts = {
            "number": NUMBER_PATTERN,
            "range": fig["range"],
            "quantity": (
                f"(?P<approx>(?:{fig['approx_before']})\\s?)?(?P<number>{NUMBER_PATTERN})"
                f"(?:{fig['range']}(?P<upper>{NUMBER_PATTERN}))?(?P<roughly>여)?"
            ),
            "qualifiers": f"(?:\\s?(?P<approx_after>{fig['approx_after']}))?(?:\\s?(?P<at_least>{fig['at_least']}))?",
            "end": fig["end"],
            "not_won": raw["money"]["not_won"],
        }
        money, counts, capacity, area = raw["money"], raw["counts"], raw["capacity"], raw["area"]
        plans, milestones = raw["plans"], raw["milestones"]
        events = {str(k): str(v) for k, v in milestones["events"].items()}
        milestone_words = "|".join(f"(?:{v})" for v in events.values())
        people = raw["people"]
        roles = "|".join(sorted(map(re.escape, people["roles"]), key=len, reverse=True))
        organisations = [
            Organisation(
                name=str(e["name"]),
                type=str(e["type"]),
                spellings=tuple(dict.fromkeys([str(e["name"]), *map(str, e.get("aliases") or ())])),
                country=e.get("country"),
                not_before=tuple(e.get("not_before") or ()),
                region=e.get("region"),
            )
            for e in entities["organisations"]
        ]
        organisations = organisations + _local_governments(gazetteer)
        spellings = tuple(sorted(((sp, o) for o in organisations for sp in o.spellings), key=lambda x: -len(x[0])))
        rules = FactRules(
            sentence_break=compile_rule(path, "sentence_break", raw["sentence_break"]),
            money=compile_rule(path, "money", _figure_pattern(money["match"], parts, money["units"])),
            money_bare=compile_rule(path, "money.bare", _figure_pattern(money["bare"], parts)),
            count=compile_rule(path, "counts", _figure_pattern(counts["match"], parts, counts["units"])),
            count_aliases={" ".join(str(k).split()): str(v) for k, v in (counts.get("aliases") or {}).items()},
            not_counts=compile_rule(path, "counts.not_counts", _figure_pattern(counts["not_counts"], parts)),
            count_strict=frozenset(map(str, counts.get("strict_units", ()))),
            machines=compile_rule(path, "counts.machines", f"(?:{counts['machines']})\\s?$"),
            count_window=int(counts["window_chars"]),
            per_year=compile_rule(path, "counts.per_year", counts["per_year"]),
            capacity=compile_rule(path, "capacity", _figure_pattern(capacity["match"], parts, capacity["units"])),
            capacity_units=_units(capacity["units"]),
            area=compile_rule(path, "area", _figure_pattern(area["match"], parts, area["units"])),
            area_units=_units(area["units"]),
            plan_chained=compile_rule(path, "plans.chained", plans["chained"]),
            measured_after=compile_rule(path, "figures.measured_after", fig["measured_after"]),
            not_things=frozenset(map(str, fig["not_things"])),
            plans=tuple(
                compile_rule(path, "plans", plans["match"].replace("{counters}", k["counters"]).replace("{nouns}", k["nouns"]))
                for k in plans["kinds"]
            ),
            percent=compile_rule(path, "percents", _figure_pattern(raw["percents"]["match"], parts)),
            periods=tuple(compile_rule(path, "periods", p["match"]) for p in raw["periods"]),
            dates=(dates := tuple(
                DateRule(
                    compile_rule(path, "dates", d["match"]),
                    str(d["precision"]),
                    int(d.get("relative_year", 0)),
                    bool(d.get("past", False)),
                    bool(d.get("future", False)),
                    bool(d.get("named", False)),
                    int(d.get("relative_month", 0)),
                    bool(d.get("weak", False)),
                )
                for d in raw["dates"]
            )),
            any_date=any_of([d.pattern for d in dates]),
            event_words=compile_rule(path, "event_words", f"{milestone_words}|{raw['event_words']}"),
            event_modifiers=compile_rule(path, "event_modifiers", raw["event_modifiers"], whole=True),
            milestones=tuple((name, compile_rule(path, f"milestones.{name}", word)) for name, word in events.items()),
            milestone_before=compile_rule(
                path, "milestones.before", milestones["before"].replace("{events}", milestone_words)
            ),
            milestone_weak_window=int(milestones["weak_window_chars"]),
            hedges=compile_rule(path, "milestones.hedges", milestones["hedges"]),
            event_label_max=int(raw["event_label_max_chars"]),
            people=tuple(
                compile_rule(path, "people", p.format(surnames=people["surnames"], roles=roles)) for p in people["match"]
            ),
            organisations=tuple(organisations),
            spellings=spellings,
            regional_spellings=tuple((sp, o.region) for sp, o in spellings if o.region),
            kiwi_words=tuple(sorted({sp for sp, _ in spellings})),
            event_name_after=compile_rule(path, "event_name_after", raw["event_name_after"]),
            org_suffixes=tuple(sorted(raw["organisations"]["suffixes"], key=len, reverse=True)),
            org_generic=frozenset(raw["organisations"]["generic"]),
            org_max_words=int(raw["organisations"]["max_words"]),
            org_types=tuple((str(k), str(v)) for k, v in raw["organisations"]["types"].items()),
            acronym=compile_rule(path, "organisations.acronym_in_brackets", raw["organisations"]["acronym_in_brackets"]),
            national_marker=compile_rule(path, "national_markers", raw["national_markers"]),
            particle=compile_rule(path, "particles", raw["particles"]),
            abroad=tuple(gazetteer.abroad),
            gazetteer=gazetteer,
            folder=folder,
        )
        return replace(
            rules,
            figures_need_digit=all(needs_digit(p) for _, p in figure_patterns(rules)),
            dates_without_digit=tuple(d for d in rules.dates if not needs_digit(d.pattern)),
            periods_without_digit=tuple(p for p in rules.periods if not needs_digit(p)),
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise RuleError(f"{path}: missing or malformed setting {exc}") from None


def _kiwi_for(rules: FactRules) -> Any:
    return kiwi(rules.folder)


class Morphemes:
    """Kiwi's tokens of short texts, analysed together up front.

    Kiwi spreads one call over its threads and pays its per-call cost once,
    so an article's texts are read in a single call; a text not read up front
    is analysed when asked for.
    """

    def __init__(self, texts: list[str], rules: FactRules) -> None:
        self.rules = rules
        unique = list(dict.fromkeys(t for t in texts if t.strip()))
        self.tokens: dict[str, list[Any]] = dict(zip(unique, _kiwi_for(rules).tokenize(unique))) if unique else {}

    def __call__(self, text: str) -> list[Any]:
        found = self.tokens.get(text)
        if found is None:
            found = self.tokens[text] = _kiwi_for(rules=self.rules).tokenize(text)
        return found


# --- blocks and sentences -------------------------------------------------


def _blocks(article: Article) -> Iterator[tuple[str, str]]:
    """(anchor, text) of every block facts may come from, in reading order."""
    for block in article.blocks:
        if isinstance(block, (Paragraph, Heading)):
            yield block.anchor, block.text
        elif isinstance(block, BulletList):
            for item in block.items:
                yield item.anchor, item.text


def sentences(text: str, rules: FactRules) -> list[tuple[int, str]]:
    """(offset, sentence) pairs covering ``text``."""
    out, start = [], 0
    for match in rules.sentence_break.finditer(text):
        out.append((start, text[start: match.start()]))
        start = match.end()
    out.append((start, text[start:]))
    return [(i, s) for i, s in out if s.strip()]


# --- which region a sentence is about -------------------------------------


@lru_cache(maxsize=4096)
def _literal(word: str) -> re.Pattern[str]:
    return re.compile(re.escape(word))


def _word_count(text: str, word: str, rules: FactRules) -> int:
    if word not in text:  # the common case, and far cheaper than a search
        return 0
    return sum(1 for m in _literal(word).finditer(text) if _bounded(text, m.start(), m.end(), rules))


def _mentions(text: str, rules: FactRules) -> tuple[dict[str, int], int]:
    """Mentions per Korean region (its organisations included), and of places abroad."""
    counts = count_mentions(text, rules.gazetteer)
    for spelling, region in rules.regional_spellings:
        counts[region] += _word_count(text, spelling, rules)
    return dict((+counts).most_common()), sum(_word_count(text, place, rules) for place in rules.abroad)


def sentence_region(sentence: str, block: str, article: Article, rules: FactRules) -> str | None:
    """The region a sentence is about.

    A region of the article named in the sentence wins; a sentence naming
    only another region is about that region, not the article's; one led by
    the national government is national. Otherwise its block decides: the
    article's region if the block names it more often than all other
    places (at home or abroad) together, or names no place at all.
    """
    return _sentence_region(sentence, lambda: _mentions(block, rules), article, rules)


def _sentence_region(
    sentence: str, block_mentions: Callable[[], tuple[dict[str, int], int]], article: Article, rules: FactRules
) -> str | None:
    own = [r.region_id for r in article.meta.regions]
    named, abroad = _mentions(sentence, rules)
    for rid in named:
        if rid in own:
            return rid
    if named:
        return None
    if not abroad and rules.national_marker.search(sentence):
        return rules.gazetteer.fallback
    named, abroad_in_block = block_mentions()
    own_count = sum(n for rid, n in named.items() if rid in own)
    others = sum(n for rid, n in named.items() if rid not in own) + abroad_in_block
    if own_count and own_count >= others:
        return next(rid for rid in named if rid in own)
    return own[0] if not others and not abroad else None


# --- extractors -----------------------------------------------------------


# --- figures ---------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A number as printed with its qualifiers: 약 300, 2,570억여, 100~200억, 50 … 이상."""

    low: float
    high: float | None
    approximate: bool
    at_least: bool
    roughly: bool  # 여 right after the number (2,800여 명)
    about: bool  # 약 before it


def _group(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def _quantity(m: re.Match[str]) -> Quantity:
    number, upper = m.group("number"), _group(m, "upper")
    low, high = parse_range(number, upper) if upper else (parse_korean_number(number), None)
    about, roughly = bool(_group(m, "approx")), bool(_group(m, "roughly"))
    approximate = about or roughly or bool(_group(m, "approx_after"))
    return Quantity(low, high, approximate, bool(_group(m, "at_least")), roughly, about)


def _shown(q: Quantity, write: Callable[[float], str], unit: str, factor: float = 1.0) -> str:
    """How a page writes a quantity: 약 2,570억 원, 100억~200억 원, 20~30㎿, 100㎿ 이상."""
    low = write(q.low / factor)
    text = f"{low}~{write(q.high / factor)}{unit}" if q.high is not None else f"{low}{unit}"
    return ("약 " if q.approximate else "") + text + (" 이상" if q.at_least else "")


def _money(s: Sentence, m: re.Match[str]) -> Fact:
    q = _quantity(m)
    unit = _group(m, "unit") or "원"
    if unit == "원":
        write = lambda v: format_won(v).removesuffix(" 원")  # noqa: E731
    else:
        write = format_grouped
    shown = _shown(q, write, f" {unit}")
    return s.fact(
        FactKind.MONEY, shown, m.group().strip(), m.start(),
        number=q.low, upper=q.high, unit=unit, approximate=q.approximate, at_least=q.at_least,
    )


def _measure(s: Sentence, m: re.Match[str], kind: FactKind, units: dict[str, Unit], base: str,
             subject: str | None) -> Fact:
    """A capacity (MW) or an area (㎡): shown in the unit printed, compared in ``base``."""
    q = _quantity(m)
    unit = units[m.group("unit")]
    shown = _shown(q, format_grouped, unit.shown)
    high = q.high * unit.factor if q.high is not None else None
    return s.fact(
        kind, shown, m.group().strip(), m.start(), number=round(q.low * unit.factor, 6),
        upper=round(high, 6) if high is not None else None, unit=base, approximate=q.approximate,
        at_least=q.at_least, subject=subject,
    )


def _plan(s: Sentence, m: re.Match[str]) -> Fact:
    number, counter = int(m.group("number")), m.group("counter")
    noun = " ".join(m.group("noun").split())
    return s.fact(FactKind.PLAN, f"{number}{counter} {noun}", s.text[m.start("number"): m.end()], m.start("number"),
                  number=number, unit=f"{counter} {noun}")


def _count(s: Sentence, m: re.Match[str], subject: str | None, rules: FactRules) -> Fact:
    q = _quantity(m)
    unit = rules.count_aliases.get(" ".join(m.group("unit").split()), m.group("unit"))
    number = format_number(q.low) if q.high is None else f"{format_number(q.low)}~{format_number(q.high)}"
    about = q.about or (q.approximate and not q.roughly)
    shown = f"{'약 ' if about else ''}{number}" + (f"여 {unit}" if q.roughly else unit)
    if q.at_least:
        shown += " 이상"
    return s.fact(
        FactKind.COUNT, shown, m.group().strip(), m.start(), number=q.low, upper=q.high, unit=unit,
        approximate=q.approximate, at_least=q.at_least, subject=subject,
    )


def _percent(s: Sentence, m: re.Match[str]) -> Fact:
    q = _quantity(m)
    shown = _shown(q, format_number, "%")
    return s.fact(FactKind.PERCENT, shown, m.group().strip(), m.start(), number=q.low, upper=q.high, unit="%",
                  approximate=q.approximate, at_least=q.at_least)


def _is_strict_count(s: Sentence, m: re.Match[str], rules: FactRules) -> bool:
    """A 대 counts only printed apart (1천 대), before a particle or punctuation (112대를),
    or after a machine (로봇 100대 도입); 4대 강국 and 10대 업종 rank or group."""
    if m.group("unit") not in rules.count_strict or s.text[m.start("unit") - 1: m.start("unit")].isspace():
        return True
    after = s.text[m.end("unit"): m.end("unit") + 1]
    if not after.isspace():
        return True  # the end of the text, punctuation or a particle (the pattern allows nothing else)
    return bool(rules.machines.search(s.text[max(0, m.start() - 12): m.start()]))


def _restated(s: Sentence, kind: FactKind, m: re.Match[str], found: list[tuple[FactKind, re.Match[str]]]) -> bool:
    """A figure in brackets right after one of its kind restates it in other units."""
    return kind in (FactKind.MONEY, FactKind.CAPACITY, FactKind.AREA) and any(
        k is kind and s.text[f.end(): m.start()].strip() == "(" for k, f in found
    )


def figure_patterns(rules: FactRules) -> list[tuple[FactKind, re.Pattern[str]]]:
    """The figure patterns, in the order they claim a span."""
    return [
        (FactKind.MONEY, rules.money), (FactKind.MONEY, rules.money_bare), (FactKind.CAPACITY, rules.capacity),
        (FactKind.AREA, rules.area), *((FactKind.PLAN, p) for p in rules.plans), (FactKind.PERCENT, rules.percent),
        (FactKind.COUNT, rules.count),
    ]


def figure_matches(s: Sentence, rules: FactRules) -> list[tuple[FactKind, re.Match[str]]]:
    """Every figure in a sentence, none overlapping another.

    Earlier kinds win a contested span: 8개 핵심과제 is a plan, not a count;
    40메가와트 a capacity.
    """
    if rules.figures_need_digit and not _DIGIT.search(s.text):
        return []
    taken: list[tuple[int, int]] = [m.span() for m in rules.not_counts.finditer(s.text)]  # 10명 중 6명: a share
    out = []
    for kind, pattern in figure_patterns(rules):
        for m in pattern.finditer(s.text):
            a, b = m.span()
            if a == b or any(x < b and a < y for x, y in taken):
                continue
            if kind is FactKind.COUNT and not _is_strict_count(s, m, rules):
                continue
            taken.append((a, b))
            if _restated(s, kind, m, out):
                continue  # 3만3천㎡(약 1만 평): the same area in other units
            out.append((kind, m))
            chained = rules.plan_chained.match(s.text, b) if kind is FactKind.PLAN else None
            while chained and not any(x < chained.end() and chained.start() < y for x, y in taken):
                taken.append(chained.span())  # 3대 분야 10개 과제: the tasks belong to the plan
                out.append((FactKind.PLAN, chained))
                chained = rules.plan_chained.match(s.text, chained.end())
    return sorted(out, key=lambda km: km[1].start())


def _noun_chain(tokens: list[Any], text: str, forward: bool) -> str | None:
    """The run of nouns right after (or before) a position, as printed.

    Going forward, 와/과 between two nouns joins them (기업과 기관).
    """
    chain = []
    ordered = tokens if forward else list(reversed(tokens))
    for i, token in enumerate(ordered):
        if token.tag in _NOUN_TAGS:
            chain.append(token)
        elif forward and chain and token.tag == "JC" and i + 1 < len(ordered) and ordered[i + 1].tag in _NOUN_TAGS:
            chain.append(token)
        else:
            if forward and token.tag in ("XSV", "XSA"):
                return None  # 육성하겠다: a verb, not what is counted
            break
    if not chain:
        return None
    chain.sort(key=lambda t: t.start)
    return text[chain[0].start: chain[-1].end].strip() or None


def _count_windows(s: Sentence, m: re.Match[str], rules: FactRules) -> tuple[str, str, bool]:
    """The text before and after a count, and whether what follows may be what it counts."""
    before = s.text[max(0, m.start() - rules.count_window): m.start()]
    after = s.text[m.end(): m.end() + rules.count_window]
    after_is_noun = not rules.particle.match(after) or after.startswith("의 ")
    return before, after.removeprefix("의 "), after_is_noun


def _counted_thing(s: Sentence, m: re.Match[str], unit: str, rules: FactRules, morphemes: Morphemes) -> str | None:
    """What a count counts: the nouns before it (선도기업 17개사), else after (470여 개 기업)."""
    before, after, after_is_noun = _count_windows(s, m, rules)
    after_nouns = _noun_chain(morphemes(after), after, forward=True) if after_is_noun else None
    if unit == "개" and after_nouns:
        return after_nouns
    before_tokens = morphemes(before) if before.strip() else []
    # 기업을 100개 → 기업: an object or subject particle may sit between.
    if before_tokens and before_tokens[-1].tag in ("JKO", "JKS"):
        before_tokens = before_tokens[:-1]
    if before_tokens and before_tokens[-1].end < len(before.rstrip()) - 2:
        before_tokens = []
    subject = _noun_chain(before_tokens, before, forward=False) or after_nouns
    if subject is None and rules.particle.match(after):
        # 2800여 명이 배출되는: what happens to them says what they are.
        tokens = morphemes(after)
        subject = next((t.form for t in tokens[:3] if t.tag == "NNG"), None)
    if rules.per_year.search(s.text[max(0, m.start() - 2 * rules.count_window): m.start()]):
        subject = f"연간 {subject}" if subject else "연간"
    return subject


def _thing_chain(tokens: list[Any], text: str, forward: bool, rules: FactRules) -> str | None:
    """The run of nouns (brackets and symbols inside) at the start or end of ``tokens``, as printed."""
    ordered = list(tokens) if forward else list(reversed(tokens))
    chain: list[Any] = []
    for token in ordered:
        if token.tag not in _THING_TAGS:
            break
        if chain and text[min(token.end, chain[-1].end): max(token.start, chain[-1].start)].strip():
            break
        chain.append(token)
    chain.sort(key=lambda t: t.start)
    while chain and (chain[0].tag in ("SSC", "SW") or chain[0].form in rules.not_things):
        chain = chain[1:]
    while chain and chain[-1].tag in ("SSO", "SW"):
        chain = chain[:-1]
    if not chain:
        return None
    name = text[chain[0].start: chain[-1].end].strip()
    if name.count("(") != name.count(")"):
        name = name.strip("()").strip()
    name = name.strip("‘’'\"“”")
    return name if len(name) >= 2 and name not in rules.not_things else None


def _measure_windows(s: Sentence, m: re.Match[str], rules: FactRules) -> tuple[str, str]:
    """The words before a capacity or area (particles dropped later) and the nouns after 규모의/급."""
    before, after, _ = _count_windows(s, m, rules)
    lead = rules.measured_after.match(after)
    return before, after[lead.end():] if lead else after


def _measured_thing(s: Sentence, m: re.Match[str], kind: FactKind, rules: FactRules, morphemes: Morphemes) -> str | None:
    """What a capacity or an area measures: 부지 15.6만㎡, 40㎿ 규모의 데이터센터, 설비 용량을 100㎿."""
    before, after = _measure_windows(s, m, rules)
    tokens = morphemes(before) if before.strip() else []
    while tokens and tokens[-1].tag in ("JKS", "JKO", "JX", "JKB"):
        tokens = tokens[:-1]
    near = bool(tokens) and tokens[-1].end >= len(before.rstrip()) - 3
    before_thing = _thing_chain(tokens, before, False, rules) if near else None
    after_thing = _thing_chain(morphemes(after), after, True, rules) if after.strip() else None
    if kind is FactKind.CAPACITY:
        return after_thing or before_thing
    return before_thing or after_thing


_QUOTED = re.compile(r"^\s*[‘'\"“]([^’'\"”]{2,40})[’'\"”]")
_QUOTED_TOPIC = re.compile(r"[‘'\"“]([^‘’'\"“”]{2,40})[’'\"”](?:은|는|이|가)\s$")


def _milestone_thing(s: Sentence, m: re.Match[str], verb: re.Match[str] | None, rules: FactRules,
                     morphemes: Morphemes) -> str | None:
    """What a milestone is of: a name between the date and its word (지난달 23일 ‘…추진위원회’ 출범,
    2023년 5월 포항에 애플 … 지원센터의 문을 열었다), else the topic just before the date (센터는 2027년 착공)."""
    between = s.text[m.end(): verb.start()] if verb else ""
    quoted = _QUOTED.match(between)
    if quoted:
        return quoted.group(1).strip()
    if between.strip():
        tokens = morphemes(between)
        while tokens and tokens[-1].tag.startswith("J"):
            tokens = tokens[:-1]
        if tokens and tokens[-1].end >= len(between.rstrip()) - 2:
            return _thing_chain(tokens, between, False, rules)
        return None
    before = s.text[max(0, m.start() - 2 * rules.count_window): m.start()]
    hedge = rules.hedges.search(before)
    before = before[: hedge.start()] if hedge else before
    quoted = _QUOTED_TOPIC.search(before)
    if quoted:  # ‘인공지능 중심도시 광주만들기 추진위원회’는 지난달 23일 출범
        return quoted.group(1).strip()
    before = before[-rules.count_window:]
    tokens = morphemes(before) if before.strip() else []
    if len(tokens) >= 2 and tokens[-1].tag in ("JX", "JKS") and tokens[-1].end >= len(before.rstrip()) - 1:
        return _thing_chain(tokens[:-1], before, False, rules)
    return None


def _figures(
    s: Sentence, rules: FactRules, morphemes: Morphemes, matches: list[tuple[FactKind, re.Match[str]]] | None = None
) -> Iterator[Fact]:
    """The figures of a sentence as facts; ``matches`` are its ``figure_matches``, if already found."""
    for kind, m in figure_matches(s, rules) if matches is None else matches:
        if kind is FactKind.MONEY:
            yield _money(s, m)
        elif kind is FactKind.PLAN:
            yield _plan(s, m)
        elif kind is FactKind.PERCENT:
            yield _percent(s, m)
        elif kind is FactKind.COUNT:
            yield _count(s, m, _counted_thing(s, m, m.group("unit"), rules, morphemes), rules)
        else:
            units, base = (rules.capacity_units, "MW") if kind is FactKind.CAPACITY else (rules.area_units, "㎡")
            yield _measure(s, m, kind, units, base, _measured_thing(s, m, kind, rules, morphemes))


def _periods(s: Sentence, rules: FactRules) -> Iterator[Fact]:
    for pattern in rules.periods if _DIGIT.search(s.text) else rules.periods_without_digit:
        for m in pattern.finditer(s.text):
            start, end = m.group("start"), m.group("end")
            yield s.fact(
                FactKind.PERIOD, f"{start}–{end}년", m.group(), m.start(), date=start, end=end, date_precision="year"
            )


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


# How a part of a year reads after the year: 2025년 하반기, 2025년 안 (연내), 2027년께.
_SEASON_SHOWN = {"연내": " 안", "연말": " 말", "께": "께"}


def shown_date(date: str, precision: str, season: str | None = None) -> str:
    """A resolved date as pages write it: 2027년, 2027년 6월, 2025년 9월 25일, 2025년 하반기."""
    year = f"{int(date[:4])}년"
    if precision == "season":
        return year + (_SEASON_SHOWN.get(season, f" {season}") if season else "")
    if precision == "month":
        return f"{year} {int(date[5:7])}월"
    if precision == "day":
        return f"{year} {int(date[5:7])}월 {int(date[8:10])}일"
    return year


@dataclass(frozen=True)
class ResolvedDate:
    """A date expression read against the publication date (``date`` None: it cannot be)."""

    date: str | None
    precision: str
    inferred: bool
    season: str | None = None

    def shown(self, words: str) -> str:
        """The date as pages write it, or the printed words when it cannot be resolved."""
        return words if self.date is None else shown_date(self.date, self.precision, self.season)


def _resolve_date(m: re.Match[str], rule: DateRule, article: Article) -> ResolvedDate:
    """A date expression read against the publication date; relative ones need that date."""
    meta = article.meta
    groups = {k: v for k, v in m.groupdict().items() if v}
    published = meta.published or meta.page_date
    pub_year = int(published[:4]) if published else meta.published_year
    pub_month = int(published[5:7]) if published and len(published) >= 7 else None
    pub_day = int(published[8:10]) if published and len(published) >= 10 else None
    inferred = "published_year" in dict(meta.inferred) and not meta.published
    season = groups.get("season")
    unknown = ResolvedDate(None, "unknown", False, season)
    year = int(groups["year"]) if "year" in groups else None
    if year is not None:
        inferred = False
    month = int(groups["month"]) if "month" in groups else None
    day = int(groups["day"]) if "day" in groups else None
    if year is None:
        if pub_year is None:
            return unknown
        year = pub_year + rule.relative_year
        if rule.relative_month:
            if pub_month is None:
                return unknown
            year, month = _shift_month(year, pub_month, rule.relative_month)
        if month is None and day is not None:
            if pub_month is None:
                return unknown
            month = pub_month
            if pub_day is not None and rule.past and day > pub_day:
                year, month = _shift_month(year, month, -1)  # 지난 13일, written on the 3rd
            if pub_day is not None and rule.future and day < pub_day:
                year, month = _shift_month(year, month, 1)  # 오는 5일, written on the 20th
        if rule.past and month is not None and pub_month is not None and month > pub_month:
            year -= 1
        if rule.future and month is not None and pub_month is not None and month < pub_month:
            year += 1
        if rule.relative_year == 0 and not rule.past and month is not None and pub_month is None:
            inferred = True  # "10월 23일" in an article dated only by year: the year is a guess
    if rule.precision == "season":
        return ResolvedDate(f"{year}", "season", inferred, season)
    if month is None:
        return ResolvedDate(f"{year:04d}", "year", inferred)
    if day is None or rule.precision == "month" and "day" not in groups:
        return ResolvedDate(f"{year:04d}-{month:02d}", "month", inferred)
    return ResolvedDate(f"{year:04d}-{month:02d}-{day:02d}", "day", inferred)


def _middle_cut(label: str, limit: int) -> str:
    """``label`` in at most ``limit`` characters, cut in the middle at spaces: the date and what happened stay."""
    if len(label) <= limit:
        return label
    keep = limit - 3
    head = label[: keep // 2].rsplit(" ", 1)[0] if " " in label[: keep // 2] else label[: keep // 2]
    tail_start = len(label) - (keep - len(head))
    tail = label[tail_start:]
    if " " in tail:
        tail = tail.split(" ", 1)[1]
    return f"{head} … {tail}"


def _word_end(text: str, at: int) -> int:
    """Where the word running through ``at`` ends."""
    while at < len(text) and not text[at].isspace() and text[at] not in ",.":
        at += 1
    return at


def _dates(s: Sentence, rules: FactRules) -> list[tuple[re.Match[str], DateRule]]:
    """Every date expression in a sentence, in order, none overlapping another (rules in file order)."""
    if rules.any_date is not None and not rules.any_date.search(s.text):
        return []  # most sentences hold no date: one search instead of one per rule
    taken: list[tuple[int, int]] = []
    found = []
    for rule in rules.dates if _DIGIT.search(s.text) else rules.dates_without_digit:
        for m in rule.pattern.finditer(s.text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m, rule))
    return sorted(found, key=lambda mr: mr[0].start())


def _milestone(word: re.Match[str] | None, rules: FactRules) -> str | None:
    """The milestone an event word names (개소식 → 개소), if it names one."""
    if word is None:
        return None
    return next((name for name, pattern in rules.milestones if pattern.match(word.string, word.start())), None)


def _events(s: Sentence, rules: FactRules, morphemes: Morphemes) -> Iterator[Fact]:
    found = _dates(s, rules)
    for i, (m, rule) in enumerate(found):
        # A date's event word lies before the next date; a weak date (올해, 내년)
        # does not end the reach of the dates before it.
        later = [d for d, r in found[i + 1:] if rule.weak or not r.weak]
        limit = later[0].start() if later else len(s.text)
        before = s.text[max(0, m.start() - 30): m.start()]
        hedge = rules.hedges.search(before)
        named_before = rules.milestone_before.search(before)
        verb = rules.event_words.search(s.text, m.end(), limit)
        event = _milestone(named_before, rules) if named_before else _milestone(verb, rules)
        if named_before and event:
            verb = None
        if rule.weak and (event is None or verb is not None and verb.start() - m.end() > rules.milestone_weak_window):
            continue
        if verb is None and event is None and not rule.named:
            continue
        when = _resolve_date(m, rule, s.article)
        if event is not None:
            words = (hedge.group() if hedge else "") + when.shown(m.group().strip())
            shown = f"{words} {event}"
            yield s.fact(
                FactKind.MILESTONE, shown, m.group(), m.start(), date=when.date, date_precision=when.precision,
                date_inferred=when.inferred, subject=_milestone_thing(s, m, verb, rules, morphemes), event=event,
                season=when.season,
            )
            continue
        label_end = verb.end() if verb else m.end()
        if verb and rules.event_modifiers.match(s.text, verb.start(), _word_end(s.text, verb.end())):
            main = [w for w in rules.event_words.finditer(s.text, label_end, limit)]
            if main:  # 지난 8월 시카고에서 열린 … 대회에 … 참석: the last one is what happened
                label_end = main[-1].end()
        named = rules.event_name_after.match(s.text, label_end)
        if named:  # 개최되는 제1회 ‘대한민국 AI클러스터 포럼’
            label_end = named.end()
        label = _middle_cut(s.text[m.start(): label_end].strip(" ,"), rules.event_label_max)
        yield s.fact(
            FactKind.EVENT, label, m.group(), m.start(), date=when.date, date_precision=when.precision,
            date_inferred=when.inferred, subject=m.group().strip(), season=when.season,
        )


def _people(s: Sentence, rules: FactRules) -> Iterator[Fact]:
    seen: set[str] = set()
    for pattern in rules.people:
        for m in pattern.finditer(s.text):
            name = m.group("name")
            if name in seen:
                continue
            seen.add(name)
            groups = m.groupdict()
            role = " ".join(x for x in (groups.get("org"), groups.get("role")) if x)
            latin = groups.get("latin")
            if latin:  # as many Hangul words as the romanised name has
                name = " ".join(name.split(" ")[-len(latin.split(" ")):])
            elif not _is_proper_noun(name, rules):
                continue
            shown = f"{name}({latin})" if latin else name
            yield s.fact(FactKind.PERSON, shown, m.group(), m.start(), subject=role)


def _is_proper_noun(name: str, rules: FactRules) -> bool:
    """Kiwi reads the name as a proper noun (이용섭), not a common word (인공지능)."""
    return _reads_as_proper_noun(name, rules.folder)


@lru_cache(maxsize=65536)
def _reads_as_proper_noun(name: str, folder: Path) -> bool:
    tokens = kiwi(folder).tokenize(name)
    return bool(tokens) and tokens[0].tag == "NNP"


def _bounded(text: str, start: int, end: int, rules: FactRules) -> bool:
    """The span is a whole word, perhaps followed by a particle."""
    if start > 0 and re.match(r"[가-힣A-Za-z0-9]", text[start - 1]):
        return False
    if end < len(text) and _HANGUL.match(text[end]) and not rules.particle.match(text, end):
        return False
    return True


def _known_organisations(s: Sentence, rules: FactRules) -> tuple[list[Fact], list[tuple[int, int]]]:
    spans: list[tuple[int, int, Organisation]] = []
    for spelling, org in rules.spellings:
        if spelling not in s.text:
            continue
        for m in _literal(spelling).finditer(s.text):
            a, b = m.start(), m.end()
            if any(x < b and a < y for x, y, _ in spans):
                continue
            if not _bounded(s.text, a, b, rules) or s.text.startswith(org.not_before, b):
                continue
            spans.append((a, b, org))
    facts = [
        s.fact(FactKind.ORGANISATION, org.name, s.text[a:b], a, subject=org.type, country=org.country)
        for a, b, org in sorted(spans, key=lambda x: x[0])
    ]
    return facts, [(a, b) for a, b, _ in spans]


def _org_type(name: str, rules: FactRules) -> str | None:
    """The type an organisation's ending says it is (…기술원 → 연구기관)."""
    base = name.split("(", 1)[0]
    return next((kind for ending, kind in rules.org_types if base.endswith(ending)), None)


def _may_name_organisation(text: str, taken: list[tuple[int, int]], rules: FactRules) -> bool:
    """An organisation's ending occurs outside the names already found (else Kiwi has nothing to find)."""
    for suffix in rules.org_suffixes:
        start = text.find(suffix)
        while start != -1:
            end = start + len(suffix)
            if not any(a < end and start < b for a, b in taken):
                return True
            start = text.find(suffix, start + 1)
    return False


def _suffix_organisations(
    s: Sentence, tokens: list[Any], taken: list[tuple[int, int]], rules: FactRules, acronyms: dict[str, str]
) -> Iterator[Fact]:
    """Organisations not in entities.yml, found by the noun their name ends in (``tokens``: Kiwi's, of ``s``)."""
    for i, token in enumerate(tokens):
        if token.tag not in ("NNG", "NNP"):
            continue
        if i + 1 < len(tokens) and tokens[i + 1].tag in _NOUN_TAGS and tokens[i + 1].start == token.end:
            continue  # the name goes on (…센터장)
        j, words = i, 1
        while j > 0 and tokens[j - 1].tag in _NAME_TAGS:
            gap = s.text[tokens[j - 1].end: tokens[j].start]
            if gap not in ("", " ") or (gap == " " and words >= rules.org_max_words):
                break
            words += gap == " "
            j -= 1
        while j < i and tokens[j].tag not in _NOUN_TAGS | {"XPN"}:
            j += 1  # a name does not start with a verb ending
        start, end = tokens[j].start, token.end
        name = s.text[start:end].strip()
        if name in rules.org_generic or any(a < end and start < b for a, b in taken):
            continue
        if not any(name.endswith(suffix) and len(name) > len(suffix) for suffix in rules.org_suffixes):
            continue
        # "우수 연구소" describes; "에너지인공지능연구소", "산업 DX 실증센터" name.
        if " " in name and not any(t.tag in ("NNP", "SL") for t in tokens[j: i + 1]):
            continue
        bracket = rules.acronym.match(s.text, end)
        if bracket:
            acronyms.setdefault(bracket.group("acronym"), f"{name}({bracket.group('acronym')})")
            name = acronyms[bracket.group("acronym")]
            end = bracket.end()
        taken.append((start, end))
        yield s.fact(FactKind.ORGANISATION, name, s.text[start:end], start, subject=_org_type(name, rules))


def _acronym_uses(
    s: Sentence, taken: list[tuple[int, int]], acronyms: dict[str, str], rules: FactRules
) -> Iterator[Fact]:
    """Later bare uses of an acronym the article introduced in brackets (KAIST가)."""
    for acronym, name in acronyms.items():
        for m in _literal(acronym).finditer(s.text):
            if _bounded(s.text, m.start(), m.end(), rules) and not any(a < m.end() and m.start() < b for a, b in taken):
                taken.append((m.start(), m.end()))
                yield s.fact(FactKind.ORGANISATION, name, acronym, m.start(), subject=_org_type(name, rules))


def _organisations(
    s: Sentence, known: tuple[list[Fact], list[tuple[int, int]]], morphemes: Morphemes, rules: FactRules,
    acronyms: dict[str, str],
) -> Iterator[Fact]:
    """Known organisations, then ones recognised by their ending, then acronyms introduced earlier."""
    found, taken = known
    yield from found
    if _may_name_organisation(s.text, taken, rules):
        yield from _suffix_organisations(s, morphemes(s.text), taken, rules, acronyms)
    yield from _acronym_uses(s, taken, acronyms, rules)


def article_sentences(article: Article, rules: FactRules) -> tuple[Sentence, ...]:
    """Every sentence of an article's text with its block anchor and region."""
    out = []
    for anchor, block in _blocks(article):
        # A block's own mentions are counted once, and only if a sentence needs them.
        block_mentions = lru_cache(maxsize=1)(lambda block=block: _mentions(block, rules))
        for offset, text in sentences(block, rules):
            out.append(Sentence(article, anchor, text, offset, _sentence_region(text, block_mentions, article, rules)))
    return tuple(out)


def extract_facts(
    article: Article, rules: FactRules | None = None, sentences: tuple[Sentence, ...] | None = None
) -> tuple[Fact, ...]:
    """Every fact in an article's text, in reading order, plus its author.

    ``sentences`` are the article's ``article_sentences``, if already split.
    """
    rules = rules or load_fact_rules()
    facts: list[Fact] = []
    seen: set[tuple[Any, ...]] = set()
    acronyms: dict[str, str] = {}  # learnt as the article introduces them
    sentences = sentences if sentences is not None else article_sentences(article, rules)
    known = [_known_organisations(s, rules) for s in sentences]
    # Kiwi reads only what needs it: a sentence where an organisation's ending
    # lies outside the names already known, and the words around each count.
    texts = [s.text for s, (_, taken) in zip(sentences, known) if _may_name_organisation(s.text, taken, rules)]
    # Each sentence's figures are found once: here for Kiwi's windows, below for the facts.
    matches = [figure_matches(s, rules) for s in sentences]
    for s, found in zip(sentences, matches):
        for kind, m in found:
            if kind is FactKind.COUNT:
                texts.extend(_count_windows(s, m, rules)[:2])
            elif kind in (FactKind.CAPACITY, FactKind.AREA):
                texts.extend(_measure_windows(s, m, rules))
    morphemes = Morphemes(texts, rules)
    for sentence, organisations, figures in zip(sentences, known, matches):
        found = list(_organisations(sentence, organisations, morphemes, rules, acronyms))
        found.extend(_people(sentence, rules))
        found.extend(_figures(sentence, rules, morphemes, figures))
        found.extend(_periods(sentence, rules))
        found.extend(_events(sentence, rules, morphemes))
        for fact in sorted(found, key=lambda f: f.position):
            value = fact.text if fact.kind in (FactKind.EVENT, FactKind.MILESTONE) else fact.value
            # Two equal amounts in one block (도비 100억원, 시비 100억원) are two figures.
            where = fact.position if fact.kind in FIGURE_KINDS else None
            key = (fact.kind, value, fact.anchor, fact.date, where)
            if key not in seen:
                seen.add(key)
                facts.append(fact)
    meta = article.meta
    if meta.author:
        facts.append(
            Fact(
                kind=FactKind.PERSON,
                value=meta.author,
                text=meta.author,
                article=article.slug,
                anchor="byline",
                quote=" · ".join(x for x in (meta.author, meta.author_role, meta.outlet) if x),
                region=meta.regions[0].region_id,
                position=10**9,
                subject=meta.author_role or "필자",
            )
        )
    return tuple(facts)
