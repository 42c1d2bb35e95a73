"""Stage 3: every line of every seed gets the kind a careful editor would give it."""
from __future__ import annotations

import pytest

from conftest import EXPECTED, SEED_NAMES
from generator.classify import classify_seed
from generator.clean.lines import clean_line
from generator.models import LineKind, SeedBytes, SeedText


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_non_blank_line_has_the_gold_kind(articles, name):
    lines = articles[name].classification.lines
    got: dict[str, list[int]] = {}
    for line in lines:
        if line.kind is not LineKind.BLANK:
            got.setdefault(line.kind.name, []).append(line.number)
    assert got == EXPECTED[name]["lines"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_seed_line_is_accounted_for_once(articles, name):
    classification = articles[name].classification
    numbers = [line.number for line in classification.lines]
    assert numbers == list(range(1, len(classification.seed.lines) + 1))
    for line in classification.lines:
        assert line.reason and line.rule, line


@pytest.mark.parametrize("name", SEED_NAMES)
def test_reader_comments_never_reach_the_body(articles, name):
    article = articles[name]
    comment_texts = [line.text for line in article.classification.of_kind(LineKind.COMMENT)]
    body = " ".join(p.text for p in article.paragraphs)
    for text in comment_texts:
        assert text not in body


def _classify(text: str, rules) -> list[tuple[str, str]]:
    seed = SeedText(SeedBytes("t.txt", None, b"", "0" * 64), text, "utf-8")
    return [(line.kind.name, line.text) for line in classify_seed(seed, rules).lines if line.kind is not LineKind.BLANK]


LONG = "이 문장은 본문으로 읽힐 만큼 충분히 길어서, 머리글이 아니라 기사 본문의 첫 단락으로 분류되어야 하는 문장입니다."


def test_share_buttons_copyright_and_footer_are_boilerplate(rules):
    got = _classify(
        "제목\n\n" + LONG + "\n  • 페이스북으로 보내기\n<저작권자 ⓒ 어느신문, 무단 전재 및 재배포 금지>\n처음 보는 꼬리말\n", rules
    )
    assert got == [
        ("TITLE", "제목"),
        ("BODY", LONG),
        ("BOILERPLATE", "페이스북으로 보내기"),
        ("BOILERPLATE", "<저작권자 ⓒ 어느신문, 무단 전재 및 재배포 금지>"),
        ("BOILERPLATE", "처음 보는 꼬리말"),  # after the end-of-article mark
    ]


def test_a_repeated_title_and_a_doubled_caption_collapse(rules):
    got = _classify("같은 제목\n같은 제목\n홍길동 어느협회 회장\n\n홍길동 어느협회 회장홍길동 어느협회 회장\n\n" + LONG, rules)
    kinds = [k for k, _ in got]
    assert kinds == ["TITLE", "DUPLICATE", "BYLINE", "DUPLICATE", "BODY"]


def test_a_body_paragraph_repeated_far_apart_is_kept(rules):
    got = _classify("제목\n\n" + LONG + "\n\n그렇다.\n\n" + LONG.replace("이", "그") + "\n\n그렇다.\n", rules)
    assert [k for k, _ in got].count("BODY") == 4


def test_clean_line_strips_bullets_and_nbsp(rules):
    assert clean_line("\u00a0 • 김장기 ", rules) == ("김장기", True)
    assert clean_line("\u00a0본문", rules) == ("본문", False)


def test_every_kind_has_a_destination():
    from generator.models import DESTINATION

    assert set(DESTINATION) == set(LineKind)
