"""Stage 3 — classify every seed line (title, byline, body, boilerplate, …).

Each line gets exactly one kind, the id of the rule that decided it and a
Korean reason, so the cleaning report can account for every dropped line.
The passes run in order:

1. per line: blank, boilerplate (whole-line shapes and vocabularies), reader
   comments, duplicates, an outlet's name alone, metadata (bylines, date lines
   in any form), image; a byline glued to the lead sentence is split off;
2. the header (lines before the first body paragraph): title (scored by
   shape: repeated, headline-sized, not a sentence, next to the byline or
   date block), rubric, deck, pull-quote;
3. the body: captions printed twice, short lines after the last sentence,
   and standalone section titles become headings.

Rules describe shapes and vocabularies (``rules/*.yml``), not one outlet's
lines; an outlet's own strings are the last resort.
"""
from __future__ import annotations

from .clean.captions import drop_after_last_sentence, drop_captions, drop_listed_headlines, drop_reporter_profile
from .clean.headline import classify_header
from .clean.lines import (
    boilerplate_fields,
    clean_line,
    doubled,
    match_boilerplate,
    match_metadata,
    normalize_for_compare,
    read_dateline,
    split_glued_byline,
)
from .models import Classification, ClassifiedLine, LineKind, SeedText
from .rules import BoilerplateRule, RuleBook


def find_body_start(
    lines: list[tuple[str, bool]], boilerplate: list[BoilerplateRule | None], rules: RuleBook
) -> int:
    """Index of the first line that reads like an article paragraph.

    ``boilerplate`` holds each line's boilerplate rule (or None); lines that
    a boilerplate or any metadata rule claims never start the body. A line
    after a cue that opens the text (``[앵커]``, ``◀ 리포트 ▶``) or a line
    with a byline glued to it starts the body, however short.
    """
    st = rules.structure
    first_content = lead = None
    cue_seen = meta_seen = byline_seen = False
    standalone = True  # the previous non-blank line was furniture or metadata
    previous: BoilerplateRule | None = None  # the furniture rule of the line before
    for i, (text, bullet) in enumerate(lines):
        if boilerplate[i] is not None and boilerplate[i].starts_body:
            # A cue with the byline or date still to come ([인터뷰] above an
            # interview's headline) is a kicker, not the start of a script.
            cue_seen |= byline_seen or not _meta_follows(lines, boilerplate, i, rules)
            continue
        if not text:
            standalone = True
            continue
        meta = None if boilerplate[i] else match_metadata(text, bullet, None, rules)
        # A caption printed under its bare credit (사진: 진주시) is furniture too.
        credit_above = previous is not None and previous.id == "photo-caption" and len(lines[i - 1][0]) <= 30
        if credit_above and len(text) <= 100 and not text.endswith("다."):
            previous = None
            continue
        previous = boilerplate[i]
        if boilerplate[i] or meta or read_dateline(text, rules):
            meta_seen |= boilerplate[i] is None
            # A section label among the menus is no byline or date block.
            byline_seen |= boilerplate[i] is None and (meta is None or meta[0].kind in (LineKind.BYLINE, LineKind.DATELINE))
            standalone = True
            continue
        if rules.outlets.named(text) is not None:
            continue
        if first_content is None:
            first_content = i
        if (
            cue_seen
            or len(text) >= st.body_min_chars_any_ending
            or (len(text) >= st.body_min_chars and st.sentence_end.search(text))
            or split_glued_byline(text, rules) is not None
            # A one-sentence lead under the byline: a paragraph of its own that
            # ends like a written statement.
            or (meta_seen and standalone and len(text) >= st.lead_min_chars and st.statement_end.search(text))
        ):
            # With no byline or date above, a one-sentence lead standing alone
            # right before (furniture between) is where the body starts.
            return lead if lead is not None and not meta_seen else i
        # (Never the first line of content: that is the headline.)
        lead = (
            i
            if first_content < i and standalone and len(text) >= st.lead_min_chars and st.statement_end.search(text)
            else None
        )
        standalone = False
    # No long paragraph: the first content line is the title, the rest is body.
    return len(lines) if first_content is None else first_content + 1


def _meta_follows(lines: list[tuple[str, bool]], boilerplate: list[BoilerplateRule | None], i: int, rules: RuleBook) -> bool:
    """Whether a byline or date line comes within the few content lines after line ``i``."""
    seen = 0
    for j in range(i + 1, len(lines)):
        text, bullet = lines[j]
        if not text or boilerplate[j] is not None:
            continue
        meta = match_metadata(text, bullet, None, rules)
        if (meta and meta[0].kind in (LineKind.BYLINE, LineKind.DATELINE)) or read_dateline(text, rules):
            return True
        seen += 1
        if seen >= 4:
            return False
    return False


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
    boilerplate_of = [match_boilerplate(text, rules) if text else None for text, _ in lines]
    body_start = find_body_start(lines, boilerplate_of, rules)
    seen_outside_body: dict[str, int] = {}
    repeats: dict[int, int] = {}  # line index → how often it is printed again
    previous: tuple[str, int] | None = None
    after_end = in_comments = comment_open = False

    for i, (text, bullet) in enumerate(lines):
        number = i + 1
        if i < front_matter:
            continue

        def put(kind: LineKind, rule: str, reason: str, fields: dict[str, str] | None = None, body_from: int = 0) -> None:
            out[i] = ClassifiedLine(number, text, kind, rule, reason, tuple(sorted((fields or {}).items())), body_from)

        if not text:
            put(LineKind.BLANK, "blank", "빈 줄")
            comment_open = False
            continue
        key = normalize_for_compare(text, rules)
        boilerplate = boilerplate_of[i]
        if boilerplate:
            put(LineKind.BOILERPLATE, boilerplate.id, boilerplate.reason, boilerplate_fields(boilerplate, text, rules))
            # A ranking list or copyright line above the article is page furniture
            # too, but only one below the first paragraph ends the article.
            after_end |= boilerplate.ends_article and i >= body_start
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

        head = doubled(key)
        if head is not None and (head in seen_outside_body or (previous and previous[0] == head)):
            where = seen_outside_body.get(head) or (previous[1] if previous else number)
            repeats[where - 1] = repeats.get(where - 1, 0) + 1
            put(LineKind.DUPLICATE, "doubled-line", f"같은 글이 한 줄에 두 번 붙어 있음({where}행과 같음)")
            continue
        if previous and previous[0] == key:
            repeats[previous[1] - 1] = repeats.get(previous[1] - 1, 0) + 1
            put(LineKind.DUPLICATE, "repeated-line", f"바로 앞 {previous[1]}행과 같음")
            continue
        if key in seen_outside_body:
            repeats[seen_outside_body[key] - 1] = repeats.get(seen_outside_body[key] - 1, 0) + 1
            put(LineKind.DUPLICATE, "repeated-line", f"{seen_outside_body[key]}행과 같음")
            continue
        previous = (key, number)

        zone = "header" if i < body_start else "trailer"
        outlet = rules.outlets.named(text) if len(text) <= 30 else None
        # A city's or ministry's name alone is a place or a rubric far more often than a masthead.
        if outlet is not None and outlet.type != "government":
            put(LineKind.BOILERPLATE, "outlet-name", "언론사 이름만 있는 줄", {"outlet": outlet.name})
            continue
        meta = match_metadata(text, bullet, zone, rules)
        # A byline may carry the date too (2025-06-24 홍길동 기자): read as a date line, its byline comes along.
        dated = None if after_end or (meta and meta[0].kind is not LineKind.BYLINE) else read_dateline(text, rules)
        if meta and dated is None and not (after_end and meta[0].kind is LineKind.DATELINE):
            rule, fields = meta
            put(rule.kind, rule.id, rule.reason, fields)
            seen_outside_body.setdefault(key, number)
            continue
        if dated is not None:
            put(LineKind.DATELINE, "dateline", "게재·수정 일시(표시된 낱말로 구분)", dated)
            seen_outside_body.setdefault(key, number)
            continue
        if after_end:
            put(LineKind.BOILERPLATE, "page-footer", "기사 끝 표시 뒤의 페이지 꼬리말")
            continue
        if rules.structure.image_placeholder.match(text):
            put(LineKind.IMAGE, "image-placeholder", "이미지 파일 자리표시(사진은 수집되지 않음)")
            continue
        glued = split_glued_byline(text, rules)
        if i < body_start and glued is None:
            seen_outside_body.setdefault(key, number)
            continue  # resolved by classify_header
        if glued is not None:
            cut, rule_id, reason, fields = glued
            put(LineKind.BODY, rule_id, f"기사 본문({reason}는 메타데이터로)", fields, body_from=cut)
        elif bullet:
            put(LineKind.LIST_ITEM, "bullet-line", "글머리 기호로 시작하는 줄")
        else:
            put(LineKind.BODY, "body", "기사 본문")

    _classify_stacked_menus(out, lines, rules)
    classify_header(lines, out, body_start, repeats, rules)
    drop_captions(out, repeats, body_start, rules.structure.caption_credit_tail, rules.is_credit)
    drop_listed_headlines(out, frozenset(rule.id for rule in rules.boilerplate if rule.starts_list))
    drop_reporter_profile(out, rules.structure.profile_max_chars)
    drop_after_last_sentence(out)
    _classify_headings(out, rules)
    return Classification(seed=seed, lines=tuple(line for line in out if line is not None))


def _classify_stacked_menus(out: list[ClassifiedLine | None], lines: list[tuple[str, bool]], rules: RuleBook) -> None:
    """Menus printed one item per line: a run of lines that are each one word of a menu vocabulary."""
    for rule in rules.boilerplate:
        if not rule.stacked_min_lines or rule.item is None:
            continue
        run: list[int] = []
        for i in range(len(lines) + 1):
            text = lines[i][0] if i < len(lines) else ""
            if text and rule.item.fullmatch(text):
                run.append(i)
                continue
            if len(run) >= rule.stacked_min_lines:
                for j in run:
                    if out[j] is None or out[j].kind is not LineKind.BOILERPLATE:
                        out[j] = ClassifiedLine(j + 1, lines[j][0], LineKind.BOILERPLATE, rule.id, rule.reason)
            run = []


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
