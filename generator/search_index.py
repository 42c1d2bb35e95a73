"""Korean analysis for Material's search index.

Material's search (lunr) splits text on its separator and matches word
prefixes. A Korean word carries particles and is built from compounds, so
``클라우드`` is never the prefix of ``네이버클라우드``. This stage analyses the
indexed title and text with Kiwi and inserts an invisible U+200B between
morpheme units, which the separator then splits on: every part of a compound
becomes a word of its own, and lunr's match positions — which Material uses
to highlight — fall on the part that matched. The text shown in results is
unchanged to the eye. Particles and endings stay attached to their word.

The browser side (``overrides/assets/javascripts/workers/atlas-search.js``)
segments a typed query against the index vocabulary in the same way.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from .rules import RULES_DIR, load_rules

ZWSP = "\u200b"
# Morphemes that begin a new unit inside a word; everything else (particles,
# endings, suffixes, copula) stays attached to what precedes it.
_UNIT_START = ("NNG", "NNP", "NNB", "NR", "NP", "SL", "SH", "SN", "XR", "XPN", "MM", "MAG")
_NOUN = ("NNG", "NNP")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_WORD_CHAR = re.compile(r"[0-9A-Za-z가-힣]")
_HANGUL = re.compile(r"[가-힣]")
_CHUNK = 2000
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class _Token:
    """A Kiwi token with its offset in the whole text (not the chunk)."""

    form: str
    tag: str
    start: int
    len: int


@dataclass(frozen=True)
class SearchRules:
    """Data for Korean search: user dictionary, decompounding, particles."""

    user_words: tuple[str, ...]
    decompound_min_chars: int
    decompound_max_chars: int
    particles: tuple[str, ...]


def load_search_rules(folder: Path = RULES_DIR) -> SearchRules:
    """Read ``search.yml`` and add the gazetteer's region names to the user words."""
    data = yaml.safe_load((folder / "search.yml").read_text(encoding="utf-8")) or {}
    regions = load_rules(folder).gazetteer.regions
    words = list(data.get("user_words") or []) + [a for r in regions for a in r.aliases]
    return SearchRules(
        user_words=tuple(dict.fromkeys(unicodedata.normalize("NFC", w) for w in words)),
        decompound_min_chars=int(data.get("decompound_min_chars", 4)),
        decompound_max_chars=int(data.get("decompound_max_chars", 30)),
        particles=tuple(data.get("particles") or ()),
    )


class KoreanSegmenter:
    """Finds the morpheme-unit boundaries inside Korean words (Kiwi)."""

    def __init__(self, rules: SearchRules) -> None:
        from kiwipiepy import Kiwi

        self.rules = rules
        self.kiwi = Kiwi()
        for word in rules.user_words:
            self.kiwi.add_user_word(word, "NNP")
        self.nouns: set[str] = set(w for w in rules.user_words if len(w) >= 2)
        self._compound_cuts: dict[str, list[int]] = {}

    def _tokens(self, text: str) -> list[Any]:
        """Kiwi tokens of ``text``, analysed in chunks cut at spaces.

        Kiwi's cost grows faster than linearly on one enormous line; word
        boundaries are all that matter here, so chunks cut at whitespace lose
        nothing. A chunk with no whitespace at all is debris, not prose, and
        is left unanalysed (Kiwi is slow on it and finds nothing useful).
        """
        tokens, start = [], 0
        while start < len(text):
            end = min(len(text), start + _CHUNK)
            if end < len(text):
                space = text.rfind(" ", start + _CHUNK // 2, end)
                end = space + 1 if space != -1 else end
            chunk = text[start:end]
            if len(chunk) > self.rules.decompound_max_chars and not _SPACE.search(chunk):
                start = end
                continue
            for tok in self.kiwi.tokenize(chunk, split_complex=True):
                tokens.append(_Token(tok.form, tok.tag, start + tok.start, tok.len))
            start = end
        return tokens

    def learn_nouns(self, texts: Iterable[str]) -> None:
        """Remember the short nouns of a corpus, to split unknown compounds with."""
        for tokens in self.kiwi.tokenize(list(texts), split_complex=True):
            for tok in tokens:
                if tok.tag in _NOUN and 2 <= len(tok.form) < self.rules.decompound_min_chars and " " not in tok.form:
                    self.nouns.add(tok.form)

    def _split_compound(self, word: str) -> list[int]:
        """Offsets inside ``word`` where its parts start (not 0); memoised per word."""
        cuts = self._compound_cuts.get(word)
        if cuts is None:
            cuts = self._compound_cuts[word] = self._find_compound_cuts(word)
        return cuts

    def _find_compound_cuts(self, word: str) -> list[int]:
        tokens = self.kiwi.tokenize(word, blocklist=[f"{word}/NNP", f"{word}/NNG"])
        parts = [t for t in tokens if t.tag in _UNIT_START]
        if len(parts) >= 2 and all(t.tag in _UNIT_START for t in tokens):
            return [t.start for t in parts[1:] if 0 < t.start < len(word)]
        # Kiwi does not know the word: each known noun in it (longest first)
        # becomes a unit, and so does each unknown stretch between them.
        cuts, i = set(), 0
        while i < len(word):
            end = next((j for j in range(min(len(word), i + 8), i + 1, -1) if word[i:j] in self.nouns), None)
            if end is None:
                i += 1
                continue
            cuts.update((i, end))
            i = end
        return sorted(c for c in cuts if 0 < c < len(word))

    def boundaries(self, text: str) -> list[int]:
        """Offsets in ``text`` where a new morpheme unit starts inside a word."""
        cuts: set[int] = set()
        tokens = self._tokens(text)
        for prev, tok in zip(tokens, tokens[1:]):
            if tok.start == prev.start + prev.len and tok.tag in _UNIT_START and prev.tag != "XPN":
                cuts.add(tok.start)
        for tok in tokens:
            form = text[tok.start: tok.start + tok.len]
            if (
                tok.tag in _NOUN
                and self.rules.decompound_min_chars <= len(form) <= self.rules.decompound_max_chars
                and _HANGUL.search(form)
            ):
                cuts.update(tok.start + c for c in self._split_compound(form))
        return sorted(
            c for c in cuts if 0 < c < len(text) and _WORD_CHAR.match(text[c - 1]) and _WORD_CHAR.match(text[c])
        )

    def segment(self, text: str) -> str:
        """``text`` with U+200B at every unit boundary; markup is left alone."""
        out = []
        for piece in _TAG_OR_TEXT.split(unicodedata.normalize("NFC", text)):
            if not piece or piece.startswith("<") or not _HANGUL.search(piece):
                out.append(piece)
                continue
            last = 0
            for cut in self.boundaries(piece):
                out.append(piece[last:cut])
                out.append(ZWSP)
                last = cut
            out.append(piece[last:])
        return "".join(out)


@lru_cache(maxsize=1)
def segmenter() -> KoreanSegmenter:
    """The process-wide segmenter: Kiwi loads once (it takes about a second)."""
    return KoreanSegmenter(load_search_rules())


def with_zwsp_separator(separator: str) -> str:
    """The separator, made to split on U+200B as well."""
    if ZWSP in separator or "\\u200b" in separator:
        return separator
    if separator.startswith("[") and separator.endswith("]+"):
        return separator[:-2] + "\\u200b]+"
    return f"(?:{separator})|\\u200b"


def segment_search_index(index: dict[str, Any], seg: KoreanSegmenter | None = None) -> dict[str, Any]:
    """A copy of Material's search index with Korean text segmented."""
    seg = seg or segmenter()
    docs = index.get("docs", [])
    seg.learn_nouns(_TAG_OR_TEXT.sub(" ", f"{d.get('title', '')} {d.get('text', '')}") for d in docs)
    config = dict(index.get("config", {}))
    config["separator"] = with_zwsp_separator(config.get("separator") or r"[\s\-]+")
    # The browser drops these from the end of a query word (see atlas-search.js).
    config["particles"] = list(seg.rules.particles)
    return {
        **index,
        "config": config,
        "docs": [
            {**doc, **{f: seg.segment(doc[f]) for f in ("title", "text") if isinstance(doc.get(f), str)}}
            for doc in docs
        ],
    }


def rewrite_search_index(path: Path) -> int:
    """Segment the index file in place, written as compact UTF-8; returns its size."""
    index = json.loads(path.read_text(encoding="utf-8"))
    data = json.dumps(segment_search_index(index), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    tmp = path.with_suffix(".json.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return len(data)
