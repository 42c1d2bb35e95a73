"""Find which regions an article is about, with the evidence (gazetteer).

Every name of every place is looked for at the start of a word (과수원 is no
수원). A name several places share — 광주, 고성, 동구, 혁신도시 — is settled
from the words around it, in this order (see ``rules/gazetteer.yml``):

1. written right after its 시·도 or city (경기도 광주시, 부산 동구): that place,
   and so is the same name again later in the text (in the same paragraph
   only, where 2. would say otherwise);
2. one of the places is a 시·도: the 시·도 (광주 alone is 광주광역시);
3. the place whose 시·도 or city the same sentence names, else the same
   paragraph, else the article: a guess, said in ``Mention.why``;
4. otherwise the name is not counted.

A name that is also a common word (예산, 음성) counts only in the first way.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .models import RegionMention
from .rules import Gazetteer, Region

# How a mention was settled. The first three are read off the text; the
# others are guesses from context.
NAMED, QUALIFIED, USUAL, EARLIER = "named", "qualified", "usual", "earlier"
SENTENCE, PARAGRAPH, ARTICLE = "sentence", "paragraph", "article"
# A name written again as the text first wrote it with its 시·도 (경남 고성군 … 고성군) is read off the text too.
STATED = (NAMED, QUALIFIED, USUAL, EARLIER)
_LEVEL_WORDS = {SENTENCE: "같은 문장", PARAGRAPH: "같은 문단", ARTICLE: "기사"}
# How far back a qualifying 시·도 or city may stand (경상남도 고성군: 5 characters and a space).
QUALIFIER_CHARS = 10
# How far a sentence may reach either side of a name, at most.
SENTENCE_CHARS = 400
_SENTENCE_END = re.compile(r"[.?!](?=\s)|\n")


def particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """``word`` with the particle its last sound takes: 충북과, 경기와, 고성을, 강원으로 (not 을(를))."""
    last = word[-1] if word else ""
    code = ord(last) - 0xAC00 if last else -1
    if not 0 <= code < 11172:
        return word + after_consonant
    final = code % 28
    # (으)로 after ㄹ is 로: 울릉으로 but 서울로.
    if after_consonant == "으로" and final == 8:
        return word + after_vowel
    return word + (after_consonant if final else after_vowel)


def _quoted(word: str, after_consonant: str, after_vowel: str) -> str:
    return f"‘{word}’" + particle(word, after_consonant, after_vowel)[len(word):]


@dataclass(frozen=True)
class Mention:
    """One place name in a text and the place it was settled to."""

    region_id: str
    start: int
    end: int
    alias: str
    how: str
    why: str | None = None

    @property
    def guessed(self) -> bool:
        """Settled from context rather than read off the text."""
        return self.how not in STATED


@dataclass(frozen=True)
class _Compiled:
    """A gazetteer's names as one pattern, and what each name can mean."""

    pattern: re.Pattern[str]
    candidates: dict[str, tuple[Region, ...]]
    qualifiers: dict[str, re.Pattern[str]]


_compiled: dict[int, tuple[Gazetteer, _Compiled]] = {}


def _trie_pattern(words: list[str]) -> str:
    """One regular expression for many words, longest match first (a trie, so it stays fast)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer name first

    return build(trie) or r"(?!)"


def _compile(gazetteer: Gazetteer) -> _Compiled:
    # Keyed by identity: hashing a whole gazetteer on every call (as lru_cache
    # would) costs more than the search it saves.
    known = _compiled.get(id(gazetteer))
    if known is not None and known[0] is gazetteer:
        return known[1]
    candidates: dict[str, list[Region]] = {}
    for region in gazetteer.regions:
        for alias in (*region.aliases, *region.qualified):
            if region not in candidates.setdefault(alias, []):
                candidates[alias].append(region)
    qualifiers = {}
    for region in gazetteer.regions:
        names: list[str] = []
        for rid in (region.province, region.city):
            if rid:
                parent = gazetteer.by_id(rid)
                names += [*parent.aliases, *parent.qualified]
        if region.province:  # its own unshared name: 포항 남구, 청주 흥덕구
            names += [a for a in region.aliases if len(candidates[a]) == 1]
        if names:
            qualifiers[region.id] = re.compile("(?:" + _trie_pattern(names) + r")[ \t\u00a0]*\Z")
    pattern = re.compile(r"(?<![가-힣])" + _trie_pattern(list(candidates)))
    compiled = _Compiled(pattern, {a: tuple(rs) for a, rs in candidates.items()}, qualifiers)
    _compiled[id(gazetteer)] = (gazetteer, compiled)
    return compiled


class _Spans:
    """Sentences and paragraphs of a text, found in time linear in its length.

    A sentence is cut at ``SENTENCE_CHARS`` either side, so a text with no
    full stop (one 10⁶-character line) costs no more than a normal one.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def paragraph(self, position: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.breaks, position)
        start = self.breaks[i - 1] + 1 if i else 0
        return start, self.breaks[i] if i < len(self.breaks) else len(self.text)

    def sentence(self, position: int) -> tuple[int, int]:
        low, high = self.paragraph(position)
        start = max(low, position - SENTENCE_CHARS)
        for m in _SENTENCE_END.finditer(self.text, start, position):
            start = m.end()
        m = _SENTENCE_END.search(self.text, position, min(high, position + SENTENCE_CHARS))
        return start, m.end() if m else min(high, position + SENTENCE_CHARS)


def scan(text: str, gazetteer: Gazetteer) -> tuple[Mention, ...]:
    """Every place name in ``text``, settled to one place (names that cannot be settled are left out)."""
    compiled = _compile(gazetteer)
    names = list(compiled.pattern.finditer(text))
    if not names:  # most sentences name no place: nothing to settle
        return ()
    spans = _Spans(text)
    found: list[tuple[re.Match[str], tuple[Region, ...]]] = []
    settled: dict[int, Mention] = {}
    written_as: dict[int, str] = {}  # how a qualified name was written (경기도 광주시)
    for match in names:
        alias = match.group()
        before, after = text[max(0, match.start() - QUALIFIER_CHARS): match.start()], text[match.end(): match.end() + 10]
        options = tuple(
            r for r in compiled.candidates[alias]
            if not any(before.endswith(w) for w in r.not_after) and not any(after.startswith(w) for w in r.not_before)
        )
        if not options:
            continue
        qualified = [
            (r, q) for r in options if r.id in compiled.qualifiers for q in [compiled.qualifiers[r.id].search(before)] if q
        ]
        plain = [r for r in options if alias in r.aliases]
        i = len(found)
        found.append((match, options))
        if qualified:
            settled[i] = Mention(qualified[0][0].id, match.start(), match.end(), alias, QUALIFIED)
            written_as[i] = f"{qualified[0][1].group().strip()} {alias}"
        elif len(plain) == 1:
            settled[i] = Mention(plain[0].id, match.start(), match.end(), alias, NAMED)
        elif len(plain) > 1 and sum(r.is_province for r in plain) == 1:
            settled[i] = Mention(next(r for r in plain if r.is_province).id, match.start(), match.end(), alias, USUAL)
    # A shared name written once with its 시·도 (경기도 광주시) keeps that
    # meaning in the rest of the text — in the rest of its paragraph only,
    # when alone it would name a 시·도 (광주 is 광주광역시 elsewhere).
    written = {(m.alias, m.region_id): (m, written_as[i]) for i, m in settled.items() if m.how == QUALIFIED}
    for i, (match, options) in enumerate(found):
        plain = [r for r in options if match.group() in r.aliases]
        if len(plain) < 2 or (i in settled and settled[i].how != USUAL):
            continue
        start, end = spans.paragraph(match.start()) if i in settled else (0, len(text))
        earlier = [
            written[match.group(), r.id] for r in plain
            if (match.group(), r.id) in written and start <= written[match.group(), r.id][0].start < end
        ]
        if len(earlier) == 1:
            first, shown = earlier[0]
            region = gazetteer.by_id(first.region_id)
            where = "같은 문단" if i in settled else "기사"
            why = f"{_quoted(match.group(), '을', '를')} {where}에서 {_quoted(shown, '으로', '로')} 쓴 {particle(region.name, '으로', '로')} 봄"
            # Overriding the usual 시·도 reading is a guess; repeating a name as first written is not.
            how = PARAGRAPH if i in settled else EARLIER
            settled[i] = Mention(region.id, match.start(), match.end(), match.group(), how, why)
    # Other shared names: the place whose 시·도 or city is named nearby.
    stated = sorted((m for m in settled.values() if not m.guessed), key=lambda m: m.start)
    starts = [m.start for m in stated]
    counted: dict[tuple[int, int], Counter[str]] = {}

    def near(span: tuple[int, int]) -> Counter[str]:
        if span not in counted:  # each sentence or paragraph is counted once
            low, high = bisect.bisect_left(starts, span[0]), bisect.bisect_left(starts, span[1])
            counted[span] = Counter(m.region_id for m in stated[low:high])
        return counted[span]

    for i, (match, options) in enumerate(found):
        if i in settled:
            continue
        plain = [r for r in options if match.group() in r.aliases]
        if len(plain) < 2:
            continue  # a common word with no 시·도 before it
        for level, span in (
            (SENTENCE, spans.sentence(match.start())), (PARAGRAPH, spans.paragraph(match.start())), (ARTICLE, (0, len(text))),
        ):
            counts = near(span)
            scores = {r.id: sum(counts[p] for p in {r.id, r.province, r.city} if p) for r in plain}
            best = max(scores.values())
            winners = [rid for rid, n in scores.items() if n == best]
            if best and len(winners) == 1:
                region = gazetteer.by_id(winners[0])
                clue = next(gazetteer.by_id(p).name for p in (region.city, region.province, region.id) if p and counts[p])
                why = f"{_quoted(match.group(), '을', '를')} {_LEVEL_WORDS[level]}에 나온 {clue}에 비추어 {particle(region.name, '으로', '로')} 봄"
                settled[i] = Mention(region.id, match.start(), match.end(), match.group(), level, why)
                break
    return tuple(settled[i] for i in sorted(settled))


def count_mentions(text: str, gazetteer: Gazetteer) -> Counter[str]:
    """Mentions per region id in ``text``."""
    return Counter(mention.region_id for mention in scan(text, gazetteer))


def _sentence_at(text: str, position: int) -> str:
    start = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position)) + 1
    end_candidates = [i for i in (text.find(". ", position), text.find("\n", position)) if i != -1]
    end = min(end_candidates) + 1 if end_candidates else len(text)
    sentence = text[start:end].strip()
    return sentence if len(sentence) <= 160 else sentence[:157] + "…"


def find_regions(text: str, gazetteer: Gazetteer) -> tuple[RegionMention, ...]:
    """Regions the article is filed under, most-mentioned first.

    A region is kept when it is named at least ``min_mentions`` times and at
    least ``min_share`` as often as the most-named one. When it would not be
    kept on the names the text states alone — its shared names were settled
    from context — it is marked inferred, with the reason. An article naming
    no region falls back to the national scope, marked as inferred.
    """
    mentions = scan(text, gazetteer)
    counts = Counter(m.region_id for m in mentions)
    stated = Counter(m.region_id for m in mentions if not m.guessed)
    top = max(counts.values(), default=0)

    def enough(n: int) -> bool:
        return n >= gazetteer.min_mentions and n >= gazetteer.min_share * top

    kept = sorted((rid for rid, n in counts.items() if enough(n)), key=lambda rid: (-counts[rid], rid))
    out = []
    for rid in kept:
        own = [m for m in mentions if m.region_id == rid]
        if enough(stated[rid]):
            out.append(RegionMention(rid, gazetteer.by_id(rid).name, counts[rid], _sentence_at(text, own[0].start)))
            continue
        guess = next(m for m in own if m.guessed)
        evidence = f"{_sentence_at(text, guess.start)} — 추정: {guess.why} ({counts[rid] - stated[rid]}번)"
        out.append(RegionMention(rid, gazetteer.by_id(rid).name, counts[rid], evidence, inferred=True))
    provinces = Counter(gazetteer.top(m.region_id) for m in mentions)
    provinces.pop(gazetteer.fallback, None)
    if (
        out
        and gazetteer.national_min_provinces
        and len(provinces) >= gazetteer.national_min_provinces
        and max(provinces.values()) < gazetteer.national_max_share * sum(provinces.values())
        and all(r.region_id != gazetteer.fallback for r in out)
    ):
        national = gazetteer.by_id(gazetteer.fallback)
        names = "·".join(gazetteer.by_id(p).name for p in sorted(provinces, key=lambda p: (-provinces[p], p)))
        evidence = f"본문이 시·도 {len(provinces)}곳({names})을 고루 언급해 전국 단위 기사로 봄"
        out.insert(0, RegionMention(national.id, national.name, 0, evidence, inferred=True))
    if out:
        return tuple(out)
    fallback = gazetteer.by_id(gazetteer.fallback)
    return (
        RegionMention(
            fallback.id,
            fallback.name,
            0,
            "본문에 지역 이름이 두 번 이상 나오지 않아 전국 단위 기사로 분류함",
            inferred=True,
        ),
    )
