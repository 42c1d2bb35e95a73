"""Property tests for the reader and the cleaner (hypothesis)."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ALLOWED_BODY_TAGS, SEED_NAMES, SEEDS, body_tags, html_text, site_markdown
from generator.decode import decode_seed
from generator.errors import SeedError
from generator.front_matter import split_front_matter
from generator.models import Article, BulletList, Heading, Paragraph, PullQuote, SeedBytes
from generator.pipeline import build_article
from generator.read import read_seed
from generator.render import render_site
from generator.rules import load_rules
from generator.structure import body_text

HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
PUNCT = st.sampled_from(list("…·‘’“”「」◆▲△▶•|#*_`<>&{}[]()!?.,:;-=~^$%\\/\"' \u00a0\t"))
LINE = st.text(st.one_of(HANGUL, ASCII, PUNCT), max_size=120)
TEXT = st.lists(st.one_of(LINE, st.just("")), max_size=25).map("\n".join)
SENTENCE = st.lists(st.text(HANGUL, min_size=1, max_size=8), min_size=3, max_size=14).map(lambda ws: " ".join(ws) + "다.")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=6).map(" ".join)
ARTICLE = st.tuples(st.text(HANGUL, min_size=2, max_size=20), st.lists(PARAGRAPH, min_size=1, max_size=8))

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _seed(data: bytes) -> SeedBytes:
    return SeedBytes("prop.txt", None, data, "0" * 64)


@SETTINGS
@given(st.binary(max_size=2000))
def test_reading_arbitrary_bytes_never_raises_anything_but_a_seed_error(data):
    try:
        text = decode_seed(_seed(data))
    except SeedError as exc:
        assert str(exc).startswith("prop.txt: ") and "\n" not in str(exc)
    else:
        assert "\r" not in text.text


@SETTINGS
@given(TEXT)
def test_cleaning_arbitrary_text_accounts_for_every_line_and_renders_safely(rules, text):
    try:
        article = build_article(_seed(text.encode("utf-8")), rules)
    except SeedError as exc:
        assert "\n" not in str(exc)
        return
    assert len(article.classification.lines) == len(text.split("\n"))
    page = next(p for p in render_site((article,), (), rules) if p.path.startswith("atlas/articles/"))
    html = site_markdown().convert(split_front_matter(page.text)[1])
    assert body_tags(html) <= ALLOWED_BODY_TAGS
    shown = re.sub(r"\s+", "", html_text(html))
    for block in article.blocks:
        texts = [i.text for i in block.items] if isinstance(block, BulletList) else [block.text]
        for t in texts:
            assert re.sub(r"\s+", "", t) in shown, t


def plain_text(article: Article) -> str:
    """The cleaned article written back as a seed: title, then blocks."""
    out = [] if "title" in dict(article.meta.inferred) else [article.meta.title, ""]
    for block in article.blocks:
        if isinstance(block, Heading):
            out += ["", "", block.text, "", ""]
        elif isinstance(block, Paragraph):
            out += [block.text, ""]
        elif isinstance(block, BulletList):
            out += [f"• {item.text}" for item in block.items] + [""]
    return "\n".join(out)


def _reclean(article: Article, rules) -> Article:
    return build_article(_seed(plain_text(article).encode("utf-8")), rules)


def test_cleaning_the_five_cleaned_seeds_again_changes_nothing(rules):
    for name in SEED_NAMES:
        article = build_article(read_seed(SEEDS / name), rules)
        again = _reclean(article, rules)
        assert body_text(again.blocks) == body_text(article.blocks), name
        assert [type(b) for b in again.blocks if not isinstance(b, PullQuote)] == [
            type(b) for b in article.blocks if not isinstance(b, PullQuote)
        ], name


@SETTINGS
@given(ARTICLE)
def test_cleaning_is_idempotent(rules, parts):
    title, paragraphs = parts
    seed = f"{title}\n\n" + "\n\n".join(paragraphs) + "\n이 기사를 공유합니다\n"
    try:
        article = build_article(_seed(seed.encode("utf-8")), rules)
    except SeedError:
        return
    again = _reclean(article, rules)
    assert body_text(again.blocks) == body_text(article.blocks)
    assert again.meta.title == article.meta.title


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TEXT, min_size=1, max_size=3))
def test_generated_markdown_always_builds_strict(tmp_path_factory, texts):
    from conftest import ROOT
    from generator.pipeline import generate_site
    from generator.site import build_site, write_docs

    work = tmp_path_factory.mktemp("prop-site")
    seeds = work / "seeds"
    seeds.mkdir()
    for i, text in enumerate(texts):
        (seeds / f"{i:03d}_prop.txt").write_text(text, encoding="utf-8")
    (seeds / "100_real.txt").write_bytes((SEEDS / "002_7efd02fe1706e276.txt").read_bytes())
    write_docs(generate_site(seeds).pages, work / "docs")
    build_site(ROOT / "mkdocs.yml", work / "docs", work / "site")  # strict: raises on any warning
    assert (work / "site" / "index.html").exists()


# Furniture as outlets print it, built from shapes (not a list of one site's lines).
NAME = st.tuples(st.sampled_from("김이박최정강조윤장임한오서신권황안송"), st.text(HANGUL, min_size=1, max_size=2)).map("".join)
DATE = st.tuples(
    st.integers(2019, 2026), st.integers(1, 12), st.integers(1, 28), st.integers(0, 23), st.integers(0, 59)
).map(lambda t: f"{t[0]}.{t[1]:02d}.{t[2]:02d} {t[3]:02d}:{t[4]:02d}")
FURNITURE = st.one_of(
    st.tuples(st.sampled_from(["입력", "등록", "수정", "기사입력", "업데이트"]), DATE).map(" ".join),
    NAME.map(lambda n: f"{n} 기자"),
    NAME.map(lambda n: f"- {n} 기자"),
    st.sampled_from(["페이스북", "카카오톡", "트위터", "URL복사", "기사듣기 기사듣기중지", "가 가 가 가", "목록", "맨위로", "스크랩", "인쇄"]),
    st.text(HANGUL, min_size=2, max_size=6).map(lambda org: f"사진={org} 제공"),
    st.text(HANGUL, min_size=2, max_size=6).map(lambda org: f"[{org} 제공. 재판매 및 DB 금지]"),
    st.text(HANGUL, min_size=2, max_size=6).map(lambda tag: f"#AI #{tag}"),
)


# An article never prints one sentence twice in a row (a doubled line is a caption).
# Article sentences are words of two or more syllables, and a paragraph is a few of them.
ARTICLE_SENTENCE = st.lists(st.text(HANGUL, min_size=2, max_size=8), min_size=6, max_size=14).map(
    lambda ws: " ".join(ws) + "다."
)
DISTINCT_PARAGRAPH = (
    st.lists(ARTICLE_SENTENCE, min_size=3, max_size=6, unique=True).map(" ".join).filter(lambda p: len(p) >= 60)
)
PAGE = st.tuples(st.text(HANGUL, min_size=2, max_size=20), st.lists(DISTINCT_PARAGRAPH, min_size=1, max_size=8, unique=True))


@SETTINGS
@given(PAGE, st.lists(st.tuples(st.integers(0, 8), FURNITURE), max_size=8))
def test_furniture_between_paragraphs_never_reaches_the_body_and_no_sentence_is_lost(article, furniture):
    rules = load_rules()
    title, paragraphs = article
    lines = [title, ""]
    for i, paragraph in enumerate(paragraphs):
        lines += [text for at, text in furniture if at == i] + [paragraph, ""]
    built = build_article(_seed("\n".join(lines).encode("utf-8")), rules)
    body = body_text(built.blocks)
    for paragraph in paragraphs:
        assert paragraph in body
    for _at, text in furniture:
        assert text not in body.split("\n")
