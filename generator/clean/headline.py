"""The header of a page: which unclaimed line above the article is the headline.

Layouts print the headline, then its deck, right above the byline and date;
a kicker or section name may stand above it, captions below. ``classify_header``
names the headline, the rubric above it, the deck or pull-quote below it.
"""
from __future__ import annotations

from ..models import ClassifiedLine, LineKind
from ..rules import RuleBook, StructureRules
from .captions import ends_in_credit
from .lines import nearest_printed, normalize_for_compare


def headline_block(
    lines: list[tuple[str, bool]],
    out: list[ClassifiedLine | None],
    meta: int,
    headline_like: dict[int, bool],
    max_lines: int = 10,
) -> list[int]:
    """The unclaimed lines printed together right above a byline or date line.

    Walking up from that line, blank lines are passed over until the first
    unclaimed line; from there the block takes every unclaimed line up to the
    next blank line, passing over furniture in between (a photo credit or the
    headline's second copy between headline and deck). Past a blank line it
    goes on only to a line shaped like a headline (a deck set apart from its
    headline), never to a short rubric. It takes at most ``max_lines`` lines:
    a longer run of unclaimed lines is a menu.
    """
    block: list[int] = []
    after_blank = False
    for i in range(meta - 1, -1, -1):
        text = lines[i][0]
        if not text:
            after_blank = bool(block)
            continue
        if out[i] is not None:
            # The headline's second copy may stand apart from it, past a blank.
            if after_blank and out[i].kind is not LineKind.DUPLICATE:
                break
            continue
        if after_blank and not headline_like[i] or len(block) >= max_lines:
            break
        block.append(i)
        after_blank = False
    return block[::-1]


def headline_block_below(
    lines: list[tuple[str, bool]], out: list[ClassifiedLine | None], meta: int, end: int
) -> list[int]:
    """The unclaimed lines printed together right below a date line, before the body (a page that dates its headline from above)."""
    block: list[int] = []
    for i in range(meta + 1, end):
        if not lines[i][0]:
            if block:
                break
            continue
        if out[i] is not None:
            if not block or out[i].kind is not LineKind.DUPLICATE:
                break  # furniture between the date and the line: no headline printed right below
            continue
        block.append(i)
    return block


def title_score(text: str, repeated: bool, next_to_byline: bool, shape: StructureRules) -> float:
    """How much a header line looks like the headline.

    Headlines are printed twice more often than not (page title and heading),
    are 10–80 characters long, do not end like a written sentence and sit
    right above or below the byline and date block; section names are short
    and lead sentences end with a full stop.
    """
    score = 0.0
    length = len(text)
    score += 3 if repeated else 0
    score += 2 if 15 <= length <= 80 else (0.5 if 8 <= length < 15 else (-3 if length < 6 else 0))
    # Headlines may end in ?, ! or … but never in a full stop; sentences do.
    score -= 3 if shape.headline_full_stop.search(text) else 0
    # A kicker set in brackets above the headline ([단독], [지역 AI 현장을 가다 ③]).
    kicker = shape.headline_kicker.fullmatch(text)
    score -= 2.5 if kicker else 0
    score -= 2 if shape.summary_point.match(text) else 0
    score -= 2.5 if not kicker and shape.series_line.fullmatch(text) else 0
    score += 1 if next_to_byline else 0
    return score


def _claim_bare_names(lines: list[tuple[str, bool]], out: list[ClassifiedLine | None], body_start: int, rules: RuleBook) -> None:
    """A person's name alone on a line, right next to the date line, is the byline (권나래 / 2025년 06월 12일).

    Only next to the date: elsewhere in the header a short word that starts
    with a surname is a menu item far more often (라디오, 상단영역).
    """
    def neighbour(i: int, step: int) -> ClassifiedLine | None:
        j = nearest_printed(i, step, len(lines), lambda k: not lines[k][0])
        return None if j is None else out[j]

    for i in range(min(body_start, len(lines))):
        text = lines[i][0]
        if out[i] is not None or not rules.is_person_name(text):
            continue
        if any(n is not None and n.kind is LineKind.DATELINE for n in (neighbour(i, -1), neighbour(i, 1))):
            out[i] = ClassifiedLine(i + 1, text, LineKind.BYLINE, "bare-name", "날짜 옆에 이름만 있는 필자", (("author", text),))


def classify_header(
    lines: list[tuple[str, bool]],
    out: list[ClassifiedLine | None],
    body_start: int,
    repeats: dict[int, int],
    rules: RuleBook,
) -> None:
    """Title, rubric, deck and pull-quote among the header's unclaimed lines."""
    for i in range(min(body_start, len(lines))):
        # A caption with its credit may stand between headline and body.
        if out[i] is None and ends_in_credit(lines[i][0], rules.structure.caption_credit_tail, rules.is_credit):
            out[i] = ClassifiedLine(i + 1, lines[i][0], LineKind.BOILERPLATE, "photo-caption-shape", "사진 설명(끝에 사진 출처)")
    _claim_bare_names(lines, out, body_start, rules)
    candidates = [i for i in range(min(body_start, len(lines))) if out[i] is None]
    if not candidates:
        return
    meta_lines = [
        i for i in range(body_start) if out[i] is not None and out[i].kind in (LineKind.BYLINE, LineKind.DATELINE)
    ]
    scores = {i: title_score(lines[i][0], bool(repeats.get(i)), False, rules.structure) for i in candidates}
    # The headline tops the block of lines printed right above the byline or
    # date (headline, then deck lines); the first such block with a line of
    # headline shape counts. A page with neither prints it above the body.
    good: list[int] = []
    headline_like = {i: score >= 2 for i, score in scores.items()}
    for meta in (*meta_lines, body_start):
        # A block with no headline-shaped line (a caption, a one-line lead)
        # may hide the headline above it: look above that block too.
        block = headline_block(lines, out, meta, headline_like, rules.structure.headline_block_max_lines)
        good = [i for i in block if scores[i] >= 1]
        # Some pages print the date above the headline: the block right below
        # the date holds it when nothing above has headline shape, or when its
        # first line outscores everything above.
        if meta < body_start:
            below = headline_block_below(lines, out, meta, body_start)
            top = scores[below[0]] if below and not rules.structure.headline_full_stop.search(lines[below[0]][0]) else None
            if top is not None and top >= 2 and top > max((scores[i] for i in good), default=0):
                block = good = below
        while block and not good:
            block = headline_block(lines, out, block[0], headline_like, rules.structure.headline_block_max_lines)
            good = [i for i in block if scores[i] >= 1]
        if good:
            break
    if good:
        top = max(scores[i] for i in good)
        title = next(i for i in good if scores[i] >= top - 2)
    else:
        best = max(scores.values())
        title = next(i for i in candidates if scores[i] == best)
    body_text = normalize_for_compare(
        " ".join(line.text for line in out if line is not None and line.kind is LineKind.BODY), rules
    )

    def put(i: int, kind: LineKind, rule: str, reason: str) -> None:
        out[i] = ClassifiedLine(i + 1, lines[i][0], kind, rule, reason)

    put(title, LineKind.TITLE, "headline", "기사 제목(머리 부분에서 제목 모양이 가장 뚜렷한 줄)")
    for i in candidates:
        if i < title:
            put(i, LineKind.RUBRIC, "kicker", "제목 위의 머리말(섹션·꼭지 이름)")

    # Consecutive lines after the title form groups; a group whose text the
    # body repeats is a pull-quote, any other group is the deck.
    groups: list[list[int]] = []
    for i in (c for c in candidates if c > title):
        if groups and groups[-1][-1] == i - 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    for group in groups:
        joined = normalize_for_compare(" ".join(lines[i][0] for i in group), rules)
        if len(joined) >= 15 and joined in body_text:
            for i in group:
                put(i, LineKind.PULL_QUOTE, "pull-quote", "본문 문장을 되풀이한 인용구")
        else:
            for i in group:
                put(i, LineKind.DECK, "deck", "제목 아래 부제")
