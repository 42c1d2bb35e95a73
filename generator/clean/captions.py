"""Photo captions and trailing furniture among the lines taken for the body.

A caption reads like article text; what gives it away is its neighbourhood:
printed twice, next to a bare credit, under an image, or among the furniture
after the last sentence.
"""
from __future__ import annotations

import re
from typing import Callable

from ..models import ClassifiedLine, Destination, LineKind
from .lines import SENTENCE_END, doubled, nearest_printed


def ends_in_credit(text: str, credit_tail: re.Pattern[str], is_credit: Callable[[str], bool]) -> bool:
    """Whether the line's last word after a sentence end credits a photo ("… 있다. 연합뉴스")."""
    tail = credit_tail.search(text) if len(text) <= 200 else None
    return tail is not None and is_credit(tail.group("credit"))


def drop_captions(
    out: list[ClassifiedLine | None],
    repeats: dict[int, int],
    body_start: int,
    credit_tail: re.Pattern[str],
    is_credit: Callable[[str], bool],
) -> None:
    """Photo captions among the body and deck lines.

    A body line printed twice in a row (or twice on one line) is a caption:
    layouts print it under the photo and again as its alt text, and an
    article paragraph is never printed twice in a row. So is a short line
    followed by a bare credit line (사진=…) or following an image placeholder,
    and a line whose last word after a sentence end is a credit (an outlet's
    or a place's name: "… 발표하고 있다. 연합뉴스").
    """

    def neighbour(i: int, step: int) -> ClassifiedLine | None:
        j = nearest_printed(i, step, len(out), lambda k: out[k] is not None and out[k].kind is LineKind.BLANK)  # type: ignore[union-attr]
        return None if j is None else out[j]

    for i, line in enumerate(out):
        # Body lines, and deck lines: a caption under the headline is no deck.
        if line is None or not (line.kind is LineKind.DECK or (line.kind is LineKind.BODY and i >= body_start)):
            continue
        twice_on_one_line = doubled(line.text) is not None and len(line.text) >= 20
        after, before = neighbour(i, 1), neighbour(i, -1)
        # A paragraph may be followed by a photo's credit; a caption is the one
        # that does not end like a written statement.
        credited = (
            after is not None
            and after.rule == "photo-caption"
            and len(after.text) <= 40
            and len(line.text) <= 100
            and not line.text.endswith("다.")
        )
        # Under an image, or under a bare credit printed above its caption (사진: 진주시).
        under_image = (
            before is not None
            and (
                before.kind is LineKind.IMAGE
                or before.rule == "markdown-image"
                or (before.rule == "photo-caption" and len(before.text) <= 30)
            )
            and len(line.text) <= 100
            and not line.text.endswith("다.")
        )
        # A written statement printed twice may be a paragraph the scrape
        # doubled: its first copy stays.
        repeated = (bool(repeats.get(i)) or twice_on_one_line) and not line.text.endswith("다.")
        if repeated or credited or under_image or ends_in_credit(line.text, credit_tail, is_credit):
            out[i] = ClassifiedLine(
                line.number, line.text, LineKind.BOILERPLATE, "photo-caption-shape", "사진 설명(두 번 인쇄되었거나 사진·출처 표시 곁의 짧은 줄)"
            )


def drop_after_last_sentence(out: list[ClassifiedLine | None]) -> None:
    """Short lines that follow page furniture after the article's last sentence are furniture too.

    Slogans, mastheads and link labels under the article are not sentences and
    come after other furniture; a line right after the last sentence is left
    alone (it may be a closing list or a signature).
    """
    body = [i for i, line in enumerate(out) if line is not None and line.kind is LineKind.BODY]
    last_sentence = max((i for i in body if SENTENCE_END.search(out[i].text)), default=None)  # type: ignore[union-attr]
    if last_sentence is None:
        return
    after_furniture = False
    for i in range(last_sentence + 1, len(out)):
        line = out[i]
        if line is None or line.kind is LineKind.BLANK:
            continue
        if line.kind is LineKind.BODY and after_furniture and len(line.text) <= 40 and not SENTENCE_END.search(line.text):
            out[i] = ClassifiedLine(
                line.number, line.text, LineKind.BOILERPLATE, "after-last-sentence", "기사 끝 꼬리말 사이의 짧은 줄(문장이 아님)"
            )
        after_furniture = out[i].destination is not Destination.BODY  # type: ignore[union-attr]


def drop_listed_headlines(out: list[ClassifiedLine | None], list_rules: frozenset[str]) -> None:
    """The headlines listed under a 관련기사 header: body lines that follow it, up to the next sentence."""
    listing = False
    for i, line in enumerate(out):
        if line is None or line.kind is LineKind.BLANK:
            continue
        if line.rule in list_rules:
            listing = True
        elif line.kind is LineKind.BODY and listing and not SENTENCE_END.search(line.text):
            out[i] = ClassifiedLine(line.number, line.text, LineKind.BOILERPLATE, "listed-headline", "관련기사 목록의 제목")
        elif line.destination is Destination.BODY:
            listing = False


def drop_reporter_profile(out: list[ClassifiedLine | None], max_chars: int) -> None:
    """A short line among the reporter's furniture under the closing byline is their profile tagline.

    The closing byline is the last byline below the body, provided no line
    longer than ``max_chars`` follows it; a body line after it that directly
    follows furniture or metadata (not another paragraph) belongs to the
    reporter's box.
    """
    lines = [(i, line) for i, line in enumerate(out) if line is not None and line.kind is not LineKind.BLANK]
    bylines = [n for n, (_, line) in enumerate(lines) if line.kind is LineKind.BYLINE]
    if not bylines:
        return
    closing = bylines[-1]
    if not any(line.kind is LineKind.BODY for _, line in lines[:closing]) or any(
        line.kind is LineKind.BODY and len(line.text) > max_chars for _, line in lines[closing:]
    ):
        return
    for n in range(closing + 1, len(lines)):
        i, line = lines[n]
        if line.kind is LineKind.BODY and lines[n - 1][1].destination is not Destination.BODY:
            out[i] = ClassifiedLine(
                line.number, line.text, LineKind.BOILERPLATE, "reporter-profile", "기사 끝 기자 소개 상자의 짧은 소개 글"
            )
