"""Stage 6 — facts with provenance, on all five seeds and a held-out article."""
from __future__ import annotations

import pytest

from bench.facts import evaluate_held_out, evaluate_seeds
from conftest import SEEDS
from generator.facts import load_fact_rules, sentence_region
from generator.models import FactKind, Heading, Paragraph, BulletList
from generator.numbers import format_won, parse_korean_number
from generator.pipeline import collect_articles


@pytest.fixture(scope="module")
def with_facts(rules):
    articles, _ = collect_articles(SEEDS, rules)
    return {a.meta.source_file: a for a in articles}


@pytest.mark.parametrize(
    ("text", "value"),
    [("4천61억", 406_100_000_000), ("2만7천500", 27_500), ("5천150", 5_150), ("1천", 1_000), ("2800", 2_800),
     ("2,800", 2_800), ("4만", 40_000), ("38.9", 38.9), ("1조5천억", 1_500_000_000_000), ("1조 2천억", 1_200_000_000_000)],
)
def test_korean_numbers(text, value):
    assert parse_korean_number(text) == value


def test_money_is_shown_in_korean_units():
    assert format_won(406_100_000_000) == "4,061억 원"
    assert format_won(1_500_000_000_000) == "1조 5,000억 원"
    assert format_won(30_000) == "3만 원"


@pytest.mark.parametrize("bad", ["", "억", "abc"])
def test_not_a_number_is_refused(bad):
    with pytest.raises(ValueError):
        parse_korean_number(bad)


def test_extraction_meets_the_gold_standard_on_the_seeds():
    result = evaluate_seeds()
    assert result.overall.precision >= 0.9 and result.overall.recall >= 0.9, (result.missed, result.extra)
    for score in result.scores:  # no kind may hide behind the others
        assert score.precision >= 0.9 and score.recall >= 0.9, score
    assert result.region_agreement >= 0.9


def test_extraction_meets_the_gold_standard_on_the_held_out_article():
    result = evaluate_held_out()
    assert result.overall.gold >= 15
    assert result.overall.precision >= 0.9 and result.overall.recall >= 0.9, (result.missed, result.extra)


def _blocks(article):
    for block in article.blocks:
        if isinstance(block, (Paragraph, Heading)):
            yield block.anchor, block.text
        elif isinstance(block, BulletList):
            yield from ((i.anchor, i.text) for i in block.items)


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_fact_quotes_its_block_and_the_words_it_read(with_facts, name):
    article = with_facts[name]
    blocks = dict(_blocks(article))
    assert article.facts
    for fact in article.facts:
        if fact.anchor == "byline":
            assert fact.kind is FactKind.PERSON and fact.value == article.meta.author
            continue
        assert fact.quote in " ".join(blocks[fact.anchor].split()) or fact.quote in blocks[fact.anchor]
        assert fact.text in fact.quote
        assert fact.region is None or fact.region in {r.id for r in load_fact_rules().gazetteer.regions}


def test_the_figures_the_issue_names(with_facts):
    gwangju = with_facts["002_7efd02fe1706e276.txt"].facts
    money = next(f for f in gwangju if f.kind is FactKind.MONEY)
    assert (money.value, money.number, money.text) == ("4,061억 원", 406_100_000_000, "4천61억원")
    period = next(f for f in gwangju if f.kind is FactKind.PERIOD)
    assert (period.date, period.end, period.anchor) == ("2020", "2024", money.anchor)
    counts = {f.value: f for f in gwangju if f.kind is FactKind.COUNT}
    assert counts["1,000개"].subject == "인공지능 스타트업 창업"
    assert counts["5,150명"].subject == "인공지능 전문인력"
    assert counts["27,500명"].number == 27_500
    assert counts["300여 곳"].approximate and not counts["280곳"].approximate

    pohang = {f.value: f for f in with_facts["004_20f2766e014d89d1.txt"].facts if f.kind is FactKind.COUNT}
    assert pohang["2,800여 명"].approximate and pohang["2,800여 명"].subject == "연간 배출"
    national = {f.value: f for f in with_facts["001_fdad71b695c55381.txt"].facts if f.kind is FactKind.COUNT}
    assert national["100개 이상"].at_least and national["470여 개"].subject == "기업과 기관"


def test_relative_dates_resolve_against_the_publication_date_or_stay_unknown(with_facts):
    dated = (FactKind.EVENT, FactKind.MILESTONE)
    events = {f.text: f for f in with_facts["003_edc62c94680fd61b.txt"].facts if f.kind in dated}
    assert events["지난 9월 23일"].date == "2019-09-23" and events["지난 1월"].date_precision == "month"
    assert (events["지난 9월 23일"].kind, events["지난 9월 23일"].event) == (FactKind.MILESTONE, "출범")
    pohang = {f.subject: f for f in with_facts["004_20f2766e014d89d1.txt"].facts if f.kind is FactKind.EVENT}
    assert pohang["지난해 5월"].date == "2023-05" and pohang["지난해 5월"].date_inferred  # the year is inferred
    assert pohang["CES 2024"].date == "2024" and not pohang["CES 2024"].date_inferred  # printed
    undated = {f.subject: f for f in with_facts["001_fdad71b695c55381.txt"].facts if f.kind is FactKind.EVENT}
    assert undated["지난해 7월"].date is None and undated["지난해 7월"].date_precision == "unknown"  # never invented


def test_a_sentence_about_somewhere_else_is_not_filed_under_the_article(with_facts, rules):
    fact_rules = load_fact_rules()
    article = with_facts["002_7efd02fe1706e276.txt"]
    block = next(p.text for p in article.paragraphs if "휴렛패커드" in p.text)
    sentence = next(s for s in block.split(". ") if "휴렛패커드" in s)
    assert sentence_region(sentence, block, article, fact_rules) is None
    pohang = with_facts["004_20f2766e014d89d1.txt"]
    government = next(f for f in pohang.facts if f.value == "40,000명")
    assert government.region == "national"  # 정부는 … AI 핵심인재 4만 명


def test_facts_are_deterministic(rules):
    first, _ = collect_articles(SEEDS, rules)
    second, _ = collect_articles(SEEDS, rules)
    assert [a.facts for a in first] == [a.facts for a in second]
