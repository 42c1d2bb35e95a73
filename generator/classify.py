"""Stage 3 — classify every seed line (title, byline, body, boilerplate, …).

Each line gets exactly one kind, the id of the rule that decided it and a
Korean reason, so the cleaning report can account for every dropped line.
The passes run in order:

1. per line: blank, boilerplate, reader comments, duplicates, metadata, image;
2. the header (lines before the first body paragraph): title, rubric, deck,
   pull-quote;
3. the body: standalone section titles become headings.
"""
from __future__ import annotations

import re

from .models import Classification, ClassifiedLine, LineKind, SeedText
from .rules import BoilerplateRule, MetadataRule, RuleBook

_STRIP = " \t\u00a0\u200b\u3000\ufeff"
_SPACES = re.compile(r"\s+")


def clean_line(raw: str, rules: RuleBook) -> tuple[str, bool]:
    """The line without surrounding blanks and its leading bullet, and whether it had one."""
    text = raw.strip(_STRIP).strip()
    bare = rules.structure.bullet.sub("", text)
    return bare, bare != text


def normalize_for_compare(text: str, rules: RuleBook) -> str:
    """Text with spacing and leading list/caption marks folded, for equality tests."""
    return _SPACES.sub(" ", rules.structure.caption_marks.sub("", text))


def _match_boilerplate(text: str, rules: RuleBook) -> BoilerplateRule | None:
    for rule in rules.boilerplate:
        if rule.pattern.match(text):
            return rule
    return None


def _match_metadata(
    text: str, bullet: bool, zone: str | None, rules: RuleBook
) -> tuple[MetadataRule, dict[str, str]] | None:
    """The first metadata rule matching the line in ``zone`` (``None``: in any zone)."""
    for rule in rules.metadata:
        if (zone is not None and rule.zone not in ("any", zone)) or (rule.require_bullet and not bullet):
            continue
        match = rule.pattern.match(text)
        if match:
            fields = {k: v for k, v in match.groupdict().items() if v}
            fields.update(dict(rule.sets))
            return rule, fields
    return None


def _captures(rule: BoilerplateRule, text: str, rules: RuleBook) -> dict[str, str]:
    for capture in rules.captures:
        if capture.rule == rule.id:
            match = capture.pattern.match(text)
            if match:
                return {k: v.strip() for k, v in match.groupdict().items() if v}
    return {}


def find_body_start(
    lines: list[tuple[str, bool]], boilerplate: list[BoilerplateRule | None], rules: RuleBook
) -> int:
    """Index of the first line that reads like an article paragraph.

    ``boilerplate`` holds each line's boilerplate rule (or None); lines that
    a boilerplate or any metadata rule claims never start the body.
    """
    st = rules.structure
    first_content = None
    for i, (text, bullet) in enumerate(lines):
        if not text or boilerplate[i] or _match_metadata(text, bullet, None, rules):
            continue
        if first_content is None:
            first_content = i
        if len(text) >= st.body_min_chars_any_ending or (
            len(text) >= st.body_min_chars and st.sentence_end.search(text)
        ):
            return i
    # No long paragraph: the first content line is the title, the rest is body.
    return len(lines) if first_content is None else first_content + 1


def _doubled(key: str) -> str | None:
    half = len(key) // 2
    for head in (key[:half], key[: (len(key) - 1) // 2]):
        if head and key in (head + head, head + " " + head):
            return head
    return None


def _front_matter_end(lines: list[tuple[str, bool]], rules: RuleBook) -> int:
    """Number of leading lines that form a YAML front matter block (0 if none)."""
    fence, limit = rules.structure.front_matter_fence, rules.structure.front_matter_max_lines
    if not lines or lines[0][0] != fence:
        return 0
    for i in range(1, min(len(lines), limit + 1)):
        if lines[i][0] == fence:
            return i + 1
    return 0


def classify_seed(seed: SeedText, rules: RuleBook) -> Classification:
    """Classify every line of a decoded seed."""
    lines = [clean_line(raw, rules) for raw in seed.lines]
    out: list[ClassifiedLine | None] = [None] * len(lines)
    front_matter = _front_matter_end(lines, rules)
    for i in range(front_matter):
        out[i] = ClassifiedLine(
            i + 1, lines[i][0], LineKind.BOILERPLATE, "seed-front-matter", "씨앗 맨 앞의 YAML 머리말 — 메타데이터로 쓰지 않음"
        )
    lines = [("", False) if i < front_matter else line for i, line in enumerate(lines)]
    boilerplate_of = [_match_boilerplate(text, rules) if text else None for text, _ in lines]
    body_start = find_body_start(lines, boilerplate_of, rules)
    seen_outside_body: dict[str, int] = {}
    previous: tuple[str, int] | None = None
    after_end = in_comments = comment_open = False

    for i, (text, bullet) in enumerate(lines):
        number = i + 1
        if i < front_matter:
            continue

        def put(kind: LineKind, rule: str, reason: str, fields: dict[str, str] | None = None) -> None:
            out[i] = ClassifiedLine(number, text, kind, rule, reason, tuple(sorted((fields or {}).items())))

        if not text:
            put(LineKind.BLANK, "blank", "빈 줄")
            comment_open = False
            continue
        key = normalize_for_compare(text, rules)
        boilerplate = boilerplate_of[i]
        if boilerplate:
            put(LineKind.BOILERPLATE, boilerplate.id, boilerplate.reason, _captures(boilerplate, text, rules))
            after_end |= boilerplate.ends_article
            in_comments |= boilerplate.starts_comments
            previous = (key, number)
            continue
        if in_comments:
            header = rules.comment_header.match(text)
            if header:
                put(LineKind.COMMENT, "comment-header", "독자 댓글 작성자와 시각", header.groupdict())
                comment_open = True
                continue
            if comment_open:
                put(LineKind.COMMENT, "comment-text", "독자 댓글 내용")
                continue

        head = _doubled(key)
        if head is not None and (head in seen_outside_body or (previous and previous[0] == head)):
            where = seen_outside_body.get(head) or (previous[1] if previous else number)
            put(LineKind.DUPLICATE, "doubled-line", f"같은 글이 한 줄에 두 번 붙어 있음({where}행과 같음)")
            continue
        if previous and previous[0] == key:
            put(LineKind.DUPLICATE, "repeated-line", f"바로 앞 {previous[1]}행과 같음")
            continue
        if key in seen_outside_body:
            put(LineKind.DUPLICATE, "repeated-line", f"{seen_outside_body[key]}행과 같음")
            continue
        previous = (key, number)

        zone = "header" if i < body_start else "trailer"
        meta = _match_metadata(text, bullet, zone, rules)
        if meta:
            rule, fields = meta
            put(rule.kind, rule.id, rule.reason, fields)
            seen_outside_body.setdefault(key, number)
            continue
        if after_end:
            put(LineKind.BOILERPLATE, "page-footer", "기사 끝 표시 뒤의 페이지 꼬리말")
            continue
        if rules.structure.image_placeholder.match(text):
            put(LineKind.IMAGE, "image-placeholder", "이미지 파일 자리표시(사진은 수집되지 않음)")
            continue
        if i < body_start:
            seen_outside_body.setdefault(key, number)
            continue  # resolved by _classify_header
        if bullet:
            put(LineKind.LIST_ITEM, "bullet-line", "글머리 기호로 시작하는 줄")
        else:
            put(LineKind.BODY, "body", "기사 본문")

    _classify_header(lines, out, body_start, rules)
    _classify_headings(out, rules)
    return Classification(seed=seed, lines=tuple(line for line in out if line is not None))


def _classify_header(
    lines: list[tuple[str, bool]], out: list[ClassifiedLine | None], body_start: int, rules: RuleBook
) -> None:
    """Title, rubric, deck and pull-quote among the header's unclaimed lines."""
    candidates = [i for i in range(min(body_start, len(lines))) if out[i] is None]
    if not candidates:
        return
    first_meta = next(
        (i for i in range(body_start) if out[i] is not None and out[i].kind in (LineKind.BYLINE, LineKind.DATELINE)),
        None,
    )
    before = [i for i in candidates if first_meta is None or i < first_meta]
    title = before[-1] if before else candidates[0]
    body_text = normalize_for_compare(
        " ".join(line.text for line in out if line is not None and line.kind is LineKind.BODY), rules
    )

    def put(i: int, kind: LineKind, rule: str, reason: str) -> None:
        out[i] = ClassifiedLine(i + 1, lines[i][0], kind, rule, reason)

    put(title, LineKind.TITLE, "headline", "기사 제목(본문 앞, 필자·날짜 줄 직전의 줄)")
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


def _blank_run(out: list[ClassifiedLine | None], start: int, step: int) -> int:
    count, i = 0, start
    while 0 <= i < len(out) and out[i] is not None and out[i].kind is LineKind.BLANK:
        count, i = count + 1, i + step
    return count


def _classify_headings(out: list[ClassifiedLine | None], rules: RuleBook) -> None:
    """Turn standalone short lines and briefing requests into headings."""
    st = rules.structure
    paragraphs_since_heading = 0
    for i, line in enumerate(out):
        if line is None or line.kind is not LineKind.BODY:
            continue
        text = line.text
        standalone = (
            len(text) <= st.heading_max_chars
            and not st.heading_sentence_end.search(text)
            and _blank_run(out, i - 1, -1) >= st.heading_min_blanks
            and _blank_run(out, i + 1, 1) >= st.heading_min_blanks
        )
        request = bool(st.request_heading.match(text)) and paragraphs_since_heading >= st.request_min_paragraphs
        if standalone or request:
            reason = "앞뒤가 비어 있는 짧은 줄(소제목)" if standalone else "지시·당부 문장으로 시작하는 단락 묶음의 소제목"
            out[i] = ClassifiedLine(line.number, text, LineKind.HEADING, "standalone-heading" if standalone else "request-heading", reason)
            paragraphs_since_heading = 0
        else:
            paragraphs_since_heading += 1
