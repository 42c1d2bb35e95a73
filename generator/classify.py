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

import re

from .clean.datelines import publication, read_stamps
from .models import Classification, ClassifiedLine, Destination, LineKind, SeedText
from .rules import BoilerplateRule, MetadataRule, RuleBook

_STRIP = " \t\u00a0\u200b\u3000\ufeff"
_SPACES = re.compile(r"\s+")
_NUMBERED_FIELD = re.compile(r"_\d+$")
_KICKER = re.compile(r"[\[【<〈][^\]】>〉]{1,40}[\]】>〉]|[◆■▶●]\s?.{1,30}")
# A line that ends like a written sentence (다. 요. ? ! or a closing quote).
_SENTENCE_END = re.compile(r"[.!?…。][\"”’'」』)\]]*$|[\"”’」』]$")


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
    # Mastheads put the outlet's name before their buttons ("연합뉴스 본문 바로가기").
    first, _, rest = text.partition(" ")
    if rest and rules.outlets.named(first) is not None:
        return _match_boilerplate(rest, rules)
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
            fields = captured_fields(match)
            if "author" in fields and not rules.is_person_name(fields["author"]):
                continue
            fields.update(dict(rule.sets))
            return rule, fields
    return None


def captured_fields(match: re.Match[str]) -> dict[str, str]:
    """A match's named groups as metadata fields (``outlet_2`` fills ``outlet``; first value wins)."""
    fields: dict[str, str] = {}
    for key, value in match.groupdict().items():
        if value and value.strip():
            fields.setdefault(_NUMBERED_FIELD.sub("", key), value.strip())
    return fields


def read_dateline(text: str, rules: RuleBook) -> dict[str, str] | None:
    """The stamps of a date line in any form as fields, or None if the line is not one.

    A line holding a byline besides its stamps (``홍길동 기자 | 입력 …``) is a
    date line too, and the byline's fields come along.
    """
    if rules.datelines is None:
        return None
    stamps, left = read_stamps(text, rules.datelines)
    if not stamps:
        return None
    fields: dict[str, str] = {}
    if left:
        byline = _match_metadata(left, False, None, rules)
        if byline is None or byline[0].kind is not LineKind.BYLINE:
            return None
        fields.update(byline[1])
    first = publication(stamps)
    if first is not None:
        prefix = "published" if first.role == "published" else "unlabelled"
        fields[f"{prefix}_date"] = first.date
        if first.time:
            fields[f"{prefix}_time"] = first.time
    updated = next((s for s in stamps if s.role == "updated"), None)
    if updated is not None:
        fields["updated"] = updated.date + (f"T{updated.time}" if updated.time else "")
    return fields


def split_glued_byline(text: str, rules: RuleBook) -> tuple[int, str, str, dict[str, str]] | None:
    """(where the article text starts, rule id, reason, fields) for a byline glued to a sentence."""
    for rule in rules.glued_bylines:
        match = rule.pattern.match(text)
        if not match or len(text) - match.end() < 10:
            continue
        fields = captured_fields(match)
        if "author" in fields and not rules.is_person_name(fields["author"]):
            continue
        fields.update(dict(rule.sets))
        return match.end(), rule.id, rule.reason, fields
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
    a boilerplate or any metadata rule claims never start the body. A line
    after a cue that opens the text (``[앵커]``, ``◀ 리포트 ▶``) or a line
    with a byline glued to it starts the body, however short.
    """
    st = rules.structure
    first_content = None
    cue_seen = meta_seen = False
    standalone = True  # the previous non-blank line was furniture or metadata
    for i, (text, bullet) in enumerate(lines):
        if boilerplate[i] is not None and boilerplate[i].starts_body:
            cue_seen = True
            continue
        if not text:
            standalone = True
            continue
        if boilerplate[i] or _match_metadata(text, bullet, None, rules) or read_dateline(text, rules):
            meta_seen |= boilerplate[i] is None
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
            return i
        standalone = False
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
            put(LineKind.BOILERPLATE, boilerplate.id, boilerplate.reason, _captures(boilerplate, text, rules))
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

        head = _doubled(key)
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
        meta = _match_metadata(text, bullet, zone, rules)
        dated = None if meta or after_end else read_dateline(text, rules)
        if meta and not (after_end and meta[0].kind is LineKind.DATELINE):
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
            continue  # resolved by _classify_header
        if glued is not None:
            cut, rule_id, reason, fields = glued
            put(LineKind.BODY, rule_id, f"기사 본문({reason}는 메타데이터로)", fields, body_from=cut)
        elif bullet:
            put(LineKind.LIST_ITEM, "bullet-line", "글머리 기호로 시작하는 줄")
        else:
            put(LineKind.BODY, "body", "기사 본문")

    _classify_header(lines, out, body_start, repeats, rules)
    _drop_repeated_captions(out, repeats, body_start)
    _drop_after_last_sentence(out)
    _classify_headings(out, rules)
    return Classification(seed=seed, lines=tuple(line for line in out if line is not None))


def _drop_repeated_captions(out: list[ClassifiedLine | None], repeats: dict[int, int], body_start: int) -> None:
    """Photo captions among the body lines.

    A body line printed twice in a row (or twice on one line) is a caption:
    layouts print it under the photo and again as its alt text, and an
    article paragraph is never printed twice in a row. So is a short line
    followed by a bare credit line (사진=…) or following an image placeholder.
    """

    def neighbour(i: int, step: int) -> ClassifiedLine | None:
        j = i + step
        while 0 <= j < len(out) and out[j] is not None and out[j].kind is LineKind.BLANK:  # type: ignore[union-attr]
            j += step
        return out[j] if 0 <= j < len(out) else None

    for i, line in enumerate(out):
        if line is None or line.kind is not LineKind.BODY or i < body_start:
            continue
        doubled = _doubled(line.text) is not None and len(line.text) >= 20
        after, before = neighbour(i, 1), neighbour(i, -1)
        # A paragraph may be followed by a photo's credit; a caption is the one
        # that does not end like a written statement.
        credited = (
            after is not None
            and after.rule == "photo-caption"
            and len(after.text) <= 25
            and len(line.text) <= 100
            and not line.text.endswith("다.")
        )
        under_image = (
            before is not None
            and (before.kind is LineKind.IMAGE or before.rule == "markdown-image")
            and len(line.text) <= 100
            and not line.text.endswith("다.")
        )
        # A written statement printed twice may be a paragraph the scrape
        # doubled: its first copy stays.
        repeated = (bool(repeats.get(i)) or doubled) and not line.text.endswith("다.")
        if repeated or credited or under_image:
            out[i] = ClassifiedLine(
                line.number, line.text, LineKind.BOILERPLATE, "photo-caption-shape", "사진 설명(두 번 인쇄되었거나 사진·출처 표시 곁의 짧은 줄)"
            )


def _drop_after_last_sentence(out: list[ClassifiedLine | None]) -> None:
    """Short lines that follow page furniture after the article's last sentence are furniture too.

    Slogans, mastheads and link labels under the article are not sentences and
    come after other furniture; a line right after the last sentence is left
    alone (it may be a closing list or a signature).
    """
    body = [i for i, line in enumerate(out) if line is not None and line.kind is LineKind.BODY]
    last_sentence = max((i for i in body if _SENTENCE_END.search(out[i].text)), default=None)  # type: ignore[union-attr]
    if last_sentence is None:
        return
    after_furniture = False
    for i in range(last_sentence + 1, len(out)):
        line = out[i]
        if line is None or line.kind is LineKind.BLANK:
            continue
        if line.kind is LineKind.BODY and after_furniture and len(line.text) <= 40 and not _SENTENCE_END.search(line.text):
            out[i] = ClassifiedLine(
                line.number, line.text, LineKind.BOILERPLATE, "after-last-sentence", "기사 끝 꼬리말 사이의 짧은 줄(문장이 아님)"
            )
        after_furniture = out[i].destination is not Destination.BODY  # type: ignore[union-attr]


def _headline_block(
    lines: list[tuple[str, bool]], out: list[ClassifiedLine | None], meta: int, headline_like: dict[int, bool]
) -> list[int]:
    """The unclaimed lines printed together right above a byline or date line.

    Walking up from that line, blank lines are passed over until the first
    unclaimed line; from there the block takes every unclaimed line up to the
    next blank line, passing over furniture in between (a photo credit or the
    headline's second copy between headline and deck). Past a blank line it
    goes on only to a line shaped like a headline (a deck set apart from its
    headline), never to a short rubric.
    """
    block: list[int] = []
    after_blank = False
    for i in range(meta - 1, -1, -1):
        text = lines[i][0]
        if not text:
            after_blank = bool(block)
            continue
        if out[i] is not None:
            if after_blank:
                break
            continue
        if after_blank and not headline_like[i]:
            break
        block.append(i)
        after_blank = False
    return block[::-1]


def title_score(text: str, repeated: bool, next_to_byline: bool) -> float:
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
    score -= 3 if _SENTENCE_END.search(text) and not text.endswith(("”", "\"", "’", "'")) else 0
    # A kicker set in brackets above the headline ([단독], [지역 AI 현장을 가다 ③]).
    score -= 2.5 if _KICKER.fullmatch(text) else 0
    score += 1 if next_to_byline else 0
    return score


def _classify_header(
    lines: list[tuple[str, bool]],
    out: list[ClassifiedLine | None],
    body_start: int,
    repeats: dict[int, int],
    rules: RuleBook,
) -> None:
    """Title, rubric, deck and pull-quote among the header's unclaimed lines."""
    candidates = [i for i in range(min(body_start, len(lines))) if out[i] is None]
    if not candidates:
        return
    meta_lines = [
        i for i in range(body_start) if out[i] is not None and out[i].kind in (LineKind.BYLINE, LineKind.DATELINE)
    ]
    scores = {i: title_score(lines[i][0], bool(repeats.get(i)), False) for i in candidates}
    # The headline tops the block of lines printed right above the byline or
    # date (headline, then deck lines); the first such block with a line of
    # headline shape counts.
    good: list[int] = []
    headline_like = {i: score >= 2 for i, score in scores.items()}
    for meta in meta_lines:
        good = [i for i in _headline_block(lines, out, meta, headline_like) if scores[i] >= 1]
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
