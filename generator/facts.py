"""Stage 6 — facts with provenance: who, how much, how many, when.

Every fact names its article, the anchor of its paragraph (or list item or
heading) and the exact sentence it came from, so a page can link a figure to
the words behind it. The patterns are data (``rules/facts.yml``,
``rules/entities.yml``); Kiwi (``kiwipiepy``) supplies the morphology: what
a count counts, and where an organisation's name begins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from .errors import RuleError
from .models import Article, BulletList, Fact, FactKind, Heading, Paragraph, Sentence
from .numbers import NUMBER_PATTERN, format_number, format_won, parse_korean_number
from .morphology import kiwi
from .regions import count_mentions
from .rules import RULES_DIR, Gazetteer, compile_rule, load_rules, load_yaml

_HANGUL = re.compile(r"[가-힣]")
_NOUN_TAGS = {"NNG", "NNP", "SL", "SH", "SN", "XSN", "NR"}
# Inside an organisation's name: nouns, a prefix (제2…), a nominalised verb (만들기).
_NAME_TAGS = _NOUN_TAGS | {"XPN", "VV", "ETN"}


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


@dataclass(frozen=True)
class FactRules:
    """Everything the fact extractor reads from ``rules/``."""

    sentence_break: re.Pattern[str]
    money: re.Pattern[str]
    count: re.Pattern[str]
    count_window: int
    per_year: re.Pattern[str]
    percent: re.Pattern[str]
    periods: tuple[re.Pattern[str], ...]
    dates: tuple[DateRule, ...]
    event_words: re.Pattern[str]
    event_modifiers: re.Pattern[str]
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


def _local_governments(gazetteer: Gazetteer) -> list[Organisation]:
    """광주시, 포항시, 경북도…: a region's name with 시/도 names its government."""
    out = []
    for region in gazetteer.regions:
        spellings = tuple(a for a in region.aliases if a.endswith(("시", "도")) and a != region.name)
        if spellings:
            shortest = min(spellings, key=lambda a: (len(a), a))
            out.append(Organisation(shortest, "지자체", spellings))
    return out


@lru_cache(maxsize=4)
def load_fact_rules(folder: Path = RULES_DIR) -> FactRules:
    """Read ``facts.yml``, ``entities.yml`` and the gazetteer from ``folder``."""
    path, entities_path = folder / "facts.yml", folder / "entities.yml"
    raw, entities = load_yaml(path), load_yaml(entities_path)
    gazetteer = load_rules(folder).gazetteer
    try:
        units = "|".join(sorted(map(re.escape, raw["counts"]["units"]), key=len, reverse=True))
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
        return FactRules(
            sentence_break=compile_rule(path, "sentence_break", raw["sentence_break"]),
            money=compile_rule(path, "money", raw["money"]["match"].replace("{number}", NUMBER_PATTERN)),
            count=compile_rule(
                path, "counts", raw["counts"]["match"].replace("{number}", NUMBER_PATTERN).replace("{units}", units)
            ),
            count_window=int(raw["counts"]["window_chars"]),
            per_year=compile_rule(path, "counts.per_year", raw["counts"]["per_year"]),
            percent=compile_rule(path, "percents", raw["percents"]["match"]),
            periods=tuple(compile_rule(path, "periods", p["match"]) for p in raw["periods"]),
            dates=tuple(
                DateRule(
                    compile_rule(path, "dates", d["match"]),
                    str(d["precision"]),
                    int(d.get("relative_year", 0)),
                    bool(d.get("past", False)),
                    bool(d.get("future", False)),
                    bool(d.get("named", False)),
                )
                for d in raw["dates"]
            ),
            event_words=compile_rule(path, "event_words", raw["event_words"]),
            event_modifiers=compile_rule(path, "event_modifiers", raw["event_modifiers"], whole=True),
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
    counts, _ = count_mentions(text, rules.gazetteer)
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


def _money(s: Sentence, rules: FactRules) -> Iterator[Fact]:
    for m in rules.money.finditer(s.text):
        number = m.group("number") or m.group("number2")
        approx = bool(m.group("approx") or m.group("approx2"))
        value = parse_korean_number(number)
        shown = ("약 " if approx else "") + format_won(value)
        yield s.fact(FactKind.MONEY, shown, m.group().strip(), m.start(), number=value, unit="원", approximate=approx)


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


def _counts(s: Sentence, rules: FactRules, morphemes: Morphemes) -> Iterator[Fact]:
    for m in rules.count.finditer(s.text):
        number = parse_korean_number(m.group("number"))
        unit = m.group("unit")
        approx = bool(m.group("approx") or m.group("roughly"))
        at_least = bool(m.group("at_least"))
        shown = f"{'약 ' if m.group('approx') else ''}{format_number(number)}"
        shown += f"여 {unit}" if m.group("roughly") else unit
        if at_least:
            shown += " 이상"
        subject = _counted_thing(s, m, unit, rules, morphemes)
        yield s.fact(
            FactKind.COUNT, shown, m.group().strip(), m.start(),
            number=number, unit=unit, approximate=approx, at_least=at_least, subject=subject,
        )


def _percents(s: Sentence, rules: FactRules) -> Iterator[Fact]:
    for m in rules.percent.finditer(s.text):
        value = float(m.group("number"))
        yield s.fact(FactKind.PERCENT, f"{format_number(value)}%", m.group(), m.start(), number=value, unit="%")


def _periods(s: Sentence, rules: FactRules) -> Iterator[Fact]:
    for pattern in rules.periods:
        for m in pattern.finditer(s.text):
            start, end = m.group("start"), m.group("end")
            yield s.fact(
                FactKind.PERIOD, f"{start}–{end}년", m.group(), m.start(), date=start, end=end, date_precision="year"
            )


def _resolve_date(m: re.Match[str], rule: DateRule, article: Article) -> tuple[str | None, str, bool]:
    """(ISO date or None, precision, inferred) of a date expression."""
    meta = article.meta
    groups = {k: v for k, v in m.groupdict().items() if v}
    published = meta.published or meta.page_date
    pub_year = int(published[:4]) if published else meta.published_year
    pub_month = int(published[5:7]) if published and len(published) >= 7 else None
    inferred = "published_year" in dict(meta.inferred) and not meta.published
    year = int(groups["year"]) if "year" in groups else None
    if year is not None:
        inferred = False
    month = int(groups["month"]) if "month" in groups else None
    day = int(groups["day"]) if "day" in groups else None
    if year is None:
        if pub_year is None:
            return None, "unknown", False
        year = pub_year + rule.relative_year
        if month is None and day is not None:
            if pub_month is None:
                return None, "unknown", False
            month = pub_month
        if rule.past and month is not None and pub_month is not None and month > pub_month:
            year -= 1
        if rule.future and month is not None and pub_month is not None and month < pub_month:
            year += 1
        if rule.relative_year == 0 and not rule.past and month is not None and pub_month is None:
            inferred = True  # "10월 23일" in an article dated only by year: the year is a guess
    if rule.precision == "season":
        return f"{year}", "season", inferred
    if month is None:
        return f"{year:04d}", "year", inferred
    if day is None:
        return f"{year:04d}-{month:02d}", "month", inferred
    return f"{year:04d}-{month:02d}-{day:02d}", "day", inferred


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


def _events(s: Sentence, rules: FactRules) -> Iterator[Fact]:
    taken: list[tuple[int, int]] = []
    found = []
    for rule in rules.dates:
        for m in rule.pattern.finditer(s.text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m, rule))
    found.sort(key=lambda mr: mr[0].start())
    for i, (m, rule) in enumerate(found):
        limit = found[i + 1][0].start() if i + 1 < len(found) else len(s.text)
        verb = rules.event_words.search(s.text, m.end(), limit)
        if verb is None and not rule.named:
            continue
        date, precision, inferred = _resolve_date(m, rule, s.article)
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
            FactKind.EVENT, label, m.group(), m.start(),
            date=date, date_precision=precision, date_inferred=inferred, subject=m.group().strip(),
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
    for s in sentences:
        for m in rules.count.finditer(s.text):
            texts.extend(_count_windows(s, m, rules)[:2])
    morphemes = Morphemes(texts, rules)
    for sentence, organisations in zip(sentences, known):
        found = list(_organisations(sentence, organisations, morphemes, rules, acronyms))
        found.extend(_people(sentence, rules))
        found.extend(_money(sentence, rules))
        found.extend(_counts(sentence, rules, morphemes))
        for extractor in (_percents, _periods, _events):
            found.extend(extractor(sentence, rules))
        for fact in sorted(found, key=lambda f: f.position):
            value = fact.subject if fact.kind is FactKind.EVENT else fact.value
            key = (fact.kind, value, fact.anchor, fact.date)
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
