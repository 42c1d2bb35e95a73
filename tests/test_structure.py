"""Stage 5: headings, lists, pull-quotes and paragraphs restored; every sentence kept."""
from __future__ import annotations

import re

import pytest

from conftest import EXPECTED, SEED_NAMES, SEEDS
from generator.models import BulletList, Heading, Paragraph, PullQuote
from generator.structure import body_text

_SENTENCE = re.compile(r"[^.!?]+[.!?]?")


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", text)


def gold_article_lines(name: str) -> list[str]:
    """The seed lines the gold file says are article text (body, headings, pull-quote)."""
    lines = (SEEDS / name).read_text(encoding="utf-8").split("\n")
    kinds = EXPECTED[name]["lines"]
    numbers = sorted(kinds.get("BODY", []) + kinds.get("HEADING", []))
    return [lines[n - 1] for n in numbers]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_article_sentence_is_kept_in_order(articles, name):
    body = _fold(body_text(articles[name].blocks))
    position = 0
    for line in gold_article_lines(name):
        for sentence in _SENTENCE.findall(line.replace("▲", " ").replace("◆", " ")):
            folded = _fold(sentence)
            if not folded:
                continue
            found = body.find(folded, position)
            assert found != -1, f"lost or reordered: {sentence!r}"
            position = found


@pytest.mark.parametrize("name", SEED_NAMES)
def test_headings_and_lists_are_restored(articles, name):
    blocks = articles[name].blocks
    assert [b.text for b in blocks if isinstance(b, Heading)] == EXPECTED[name]["headings"]
    assert sum(len(b.items) for b in blocks if isinstance(b, BulletList)) == EXPECTED[name]["list_items"]


def test_pull_quote_is_a_block_quote_before_the_body(articles):
    blocks = articles["000_bd417f7486c5be64.txt"].blocks
    assert isinstance(blocks[0], PullQuote)
    assert blocks[0].text == "원주형 AI 얼라이언스의 산업육성 모델은 전략적이고 개방적이며, 구체적일 때에 실천 가능성이 높다는 점을 명심해야만 한다."


def test_a_sentence_broken_over_two_lines_is_one_paragraph(articles):
    texts = [b.text for b in articles["003_edc62c94680fd61b.txt"].blocks if isinstance(b, Paragraph)]
    assert "창업투자회사(VC, Venture Capital)인 빌더스 벤처캐피탈(Builders VC)과 MOU를 체결했습니다." in " ".join(texts)


def test_the_flattened_pohang_article_is_split_back_into_sections(articles):
    blocks = articles["004_20f2766e014d89d1.txt"].blocks
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == [
        "Paragraph", "Paragraph",  # glued break "…가능하다.경북도는"
        "Heading", "Paragraph", "BulletList", "Paragraph", "BulletList", "Paragraph",
        "Heading", "Paragraph", "BulletList", "Paragraph",
    ]
    first_list = next(b for b in blocks if isinstance(b, BulletList))
    assert first_list.items[0].text == "AI 기반의 제품생산 전 과정의 지능자동화 공장을 확산·구축하는 ‘스마트팩토리 보급사업’"
    assert first_list.items[-1].text.endswith("안전진단 플랫폼 연구’")
    assert blocks[1].text.startswith("경북도는 ‘포항’을")


@pytest.mark.parametrize("name", SEED_NAMES)
def test_anchors_are_unique_and_stable(articles, rules, name):
    from generator.pipeline import build_article
    from generator.read import read_seed

    def anchors(article):
        out = []
        for b in article.blocks:
            if isinstance(b, Paragraph):
                out.append(b.anchor)
            elif isinstance(b, BulletList):
                out.extend(i.anchor for i in b.items)
        return out

    first = anchors(articles[name])
    assert len(first) == len(set(first))
    assert anchors(build_article(read_seed(SEEDS / name), rules)) == first
