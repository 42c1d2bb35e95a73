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

import hashlib
import json
import os
import pickle
import re
import time
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable

from .morphology import compound_user_words, kiwi
from .numbers import parse_korean_number
from .rules import RULES_DIR, load_rules, load_yaml

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
class Figure:
    """A number as a page writes it: where, the index token it begins, its value and counter."""

    start: int
    end: int
    surface: str  # lower case, as the index tokenizes it (4천61억원, 4,061억)
    key: str  # the value, spelled one way (406100000000)
    counter: str  # 원, 개사, … or ""


def value_key(value: float) -> str:
    """A value spelled one way, for the browser to look up (atlas-search.js spells it alike)."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class TextAnalysis:
    """What Kiwi says about one indexed text; depends on the text and the rules alone (so it is cached)."""

    cuts: tuple[int, ...]  # unit boundaries between adjacent tokens
    compounds: tuple[tuple[int, str], ...]  # long nouns to split, with their offsets
    nouns: tuple[str, ...]  # short nouns, to split unknown compounds with


@dataclass(frozen=True)
class ChunkReading:
    """What Kiwi says about one chunk of text, offsets within the chunk; cached by the chunk's digest."""

    cuts: tuple[int, ...]
    compounds: tuple[tuple[int, str], ...]
    nouns: tuple[str, ...]


@dataclass(frozen=True)
class SearchRules:
    """Data for Korean search: user dictionary, decompounding, particles."""

    user_words: tuple[str, ...]
    decompound_min_chars: int
    decompound_max_chars: int
    particles: tuple[str, ...]
    number_pattern: str = r"[0-9]+"
    number_counters: tuple[str, ...] = ()

    @cached_property
    def figure(self) -> re.Pattern[str]:
        """A figure in indexed text: the number, then a counter glued to it or after one space."""
        counters = "|".join(re.escape(c) for c in sorted(self.number_counters, key=lambda c: (-len(c), c))) or "(?!)"
        particles = "|".join(re.escape(p) for p in sorted(self.particles, key=lambda p: (-len(p), p))) or "(?!)"
        return re.compile(
            rf"(?<![0-9A-Za-z.,])(?P<number>{self.number_pattern})(?![A-Za-z])"
            rf"(?:(?P<approx>여)?(?P<counter>{counters})"
            rf"|(?P<spaced_approx>여)?\s(?P<spaced>{counters})(?=$|[^가-힣]|(?:{particles})(?![가-힣])))?"
        )


def load_search_rules(folder: Path = RULES_DIR) -> SearchRules:
    """Read ``search.yml`` and add the gazetteer's region names to the user words."""
    data = load_yaml(folder / "search.yml")
    regions = load_rules(folder).gazetteer.regions
    words = list(data.get("user_words") or []) + [a for r in regions for a in r.aliases]
    return SearchRules(
        user_words=tuple(dict.fromkeys(unicodedata.normalize("NFC", w) for w in words)),
        decompound_min_chars=int(data.get("decompound_min_chars", 4)),
        decompound_max_chars=int(data.get("decompound_max_chars", 30)),
        particles=tuple(data.get("particles") or ()),
        number_pattern=str(data.get("number_pattern") or r"[0-9]+"),
        number_counters=tuple(str(c) for c in data.get("number_counters") or ()),
    )


class KoreanSegmenter:
    """Finds the morpheme-unit boundaries inside Korean words (Kiwi)."""

    def __init__(self, rules: SearchRules) -> None:
        self.rules = rules
        # The shared Kiwi also knows organisation names as single words (for
        # facts); search must see their parts, so those words are blocked here.
        self.others = compound_user_words(rules.user_words, rules.decompound_min_chars)
        self.nouns: set[str] = set(w for w in rules.user_words if len(w) >= 2)
        self._compound_cuts: dict[str, list[int]] = {}
        # Kiwi's cuts of long nouns, by word (kept in the search cache between builds).
        self.word_cuts: dict[str, list[int] | None] = {}
        # Digests of the chunks the last ``analyse`` read (what the search cache keeps).
        self.last_keys: list[bytes] = []

    @cached_property
    def kiwi(self) -> Any:
        """The shared Kiwi, loaded only when a text is not in the cache."""
        return kiwi()

    @cached_property
    def blocked(self) -> Any:
        from kiwipiepy import MorphemeSet

        return MorphemeSet(self.kiwi, self.others)

    def _chunks(self, text: str) -> list[tuple[int, str]]:
        """(offset, chunk) pieces of ``text`` for Kiwi, cut at spaces.

        Kiwi's cost grows faster than linearly on one enormous line; word
        boundaries are all that matter here, so chunks cut at whitespace lose
        nothing. A chunk with no whitespace at all is debris, not prose, and
        is left unanalysed (Kiwi is slow on it and finds nothing useful).
        Markup is never analysed.
        """
        out, base = [], 0
        for piece_text in _TAG_OR_TEXT.split(text):
            base, piece_start = base + len(piece_text), base
            if not piece_text or piece_text.startswith("<") or not _HANGUL.search(piece_text):
                continue
            start = 0
            while start < len(piece_text):
                end = min(len(piece_text), start + _CHUNK)
                if end < len(piece_text):
                    space = piece_text.rfind(" ", start + _CHUNK // 2, end)
                    end = space + 1 if space != -1 else end
                chunk = piece_text[start:end]
                if len(chunk) <= self.rules.decompound_max_chars or _SPACE.search(chunk):
                    out.append((piece_start + start, chunk))
                start = end
        return out

    def analyse(self, texts: list[str], known: dict[bytes, ChunkReading] | None = None) -> list[TextAnalysis]:
        """Kiwi's reading of each (NFC) text: unit boundaries, long nouns, short nouns.

        A text is read chunk by chunk (see ``_chunks``) and a chunk's reading
        depends on the chunk alone, so each distinct chunk goes to Kiwi once —
        the same paragraph on an article, its region page and a tag listing
        costs one reading — and chunks already in ``known`` (by digest) not at
        all. New readings are added to ``known``. The new chunks go to Kiwi in
        one call, which spreads them over its threads.
        """
        known = {} if known is None else known
        split = [[(offset, chunk, chunk_key(chunk)) for offset, chunk in self._chunks(text)] for text in texts]
        self.last_keys = [key for pieces in split for _, _, key in pieces]
        new = list(dict.fromkeys((key, chunk) for pieces in split for _, chunk, key in pieces if key not in known))
        if new:
            found = self.kiwi.tokenize([chunk for _, chunk in new], split_complex=True, blocklist=self.blocked)
            for (key, chunk), tokens in zip(new, found):
                known[key] = self._chunk_reading(chunk, tokens)
        return [_combined([(offset, known[key]) for offset, _, key in pieces]) for pieces in split]

    def _chunk_reading(self, chunk: str, tokens: list[Any]) -> ChunkReading:
        cuts: list[int] = []
        compounds, nouns = [], set()
        for prev, tok in zip(tokens, tokens[1:]):
            if tok.start == prev.start + prev.len and tok.tag in _UNIT_START and prev.tag != "XPN":
                cuts.append(tok.start)
        for tok in tokens:
            if tok.tag not in _NOUN:
                continue
            form = chunk[tok.start: tok.start + tok.len]
            if 2 <= len(tok.form) < self.rules.decompound_min_chars and " " not in tok.form:
                nouns.add(tok.form)
            if self.rules.decompound_min_chars <= len(form) <= self.rules.decompound_max_chars and _HANGUL.search(form):
                compounds.append((tok.start, form))
        return ChunkReading(tuple(sorted(set(cuts))), tuple(compounds), tuple(sorted(nouns)))

    def read_compounds(self, analyses: Iterable[TextAnalysis]) -> None:
        """Have Kiwi cut every long noun of ``analyses`` now (kept in ``word_cuts``), not while segmenting."""
        for analysis in analyses:
            for _, form in analysis.compounds:
                self._kiwi_compound_cuts(form)

    def learn(self, analyses: Iterable[TextAnalysis]) -> None:
        """Remember the short nouns of a corpus, to split unknown compounds with."""
        for analysis in analyses:
            self.nouns.update(analysis.nouns)

    def _split_compound(self, word: str) -> list[int]:
        """Offsets inside ``word`` where its parts start (not 0); memoised per word."""
        cuts = self._compound_cuts.get(word)
        if cuts is None:
            cuts = self._compound_cuts[word] = self._find_compound_cuts(word)
        return cuts

    def _kiwi_compound_cuts(self, word: str) -> list[int] | None:
        """Where Kiwi, denied the whole word, cuts it into nouns; None if it cannot."""
        if word not in self.word_cuts:
            from kiwipiepy import MorphemeSet

            tokens = self.kiwi.tokenize(word, blocklist=MorphemeSet(self.kiwi, [*self.others, f"{word}/NNP", f"{word}/NNG"]))
            parts = [t for t in tokens if t.tag in _UNIT_START]
            ok = len(parts) >= 2 and all(t.tag in _UNIT_START for t in tokens)
            self.word_cuts[word] = [t.start for t in parts[1:] if 0 < t.start < len(word)] if ok else None
        return self.word_cuts[word]

    def _find_compound_cuts(self, word: str) -> list[int]:
        cuts = self._kiwi_compound_cuts(word)
        if cuts is not None:
            return cuts
        # Kiwi does not know the word: each known noun in it (longest first)
        # becomes a unit, and so does each unknown stretch between them.
        found, i = set(), 0
        while i < len(word):
            end = next((j for j in range(min(len(word), i + 8), i + 1, -1) if word[i:j] in self.nouns), None)
            if end is None:
                i += 1
                continue
            found.update((i, end))
            i = end
        return sorted(c for c in found if 0 < c < len(word))

    def boundaries(self, text: str, analysis: TextAnalysis | None = None, figures: list[Figure] | None = None) -> list[int]:
        """Offsets in (NFC) ``text`` where a new morpheme unit starts inside a word (``figures``: of ``text``, if known)."""
        analysis = analysis or self.analyse([text])[0]
        cuts = set(analysis.cuts)
        for start, form in analysis.compounds:
            cuts.update(start + c for c in self._split_compound(form))
        # A figure is one unit (4천61억원, 17개사가), starting a unit of its own.
        inside: set[int] = set()
        for figure in self.figures(text) if figures is None else figures:
            cuts.add(figure.start)
            inside.update(range(figure.start + 1, figure.end))
        return sorted(
            c for c in cuts - inside
            if 0 < c < len(text) and _WORD_CHAR.match(text[c - 1]) and _WORD_CHAR.match(text[c])
        )

    def figures(self, text: str) -> list[Figure]:
        """The figures in the text parts (not the markup) of ``text``."""
        out, base = [], 0
        for piece in _TAG_OR_TEXT.split(text):
            if piece and not piece.startswith("<") and any(map(str.isdigit, piece)):
                for m in self.rules.figure.finditer(piece):
                    counter = m.group("counter") or m.group("spaced") or ""
                    surface = m.group("number") + (m.group("approx") or m.group("spaced_approx") or "") + (m.group("counter") or "")
                    try:
                        value = parse_korean_number(m.group("number"))
                    except ValueError:
                        continue
                    out.append(Figure(base + m.start(), base + m.start() + len(surface), surface.lower(), value_key(value), counter))
            base += len(piece)
        return out

    def segment(self, text: str, analysis: TextAnalysis | None = None, figures: list[Figure] | None = None) -> str:
        """``text`` with U+200B at every unit boundary; markup is left alone."""
        text = unicodedata.normalize("NFC", text)
        out, last = [], 0
        for cut in self.boundaries(text, analysis, figures):
            out.append(text[last:cut])
            out.append(ZWSP)
            last = cut
        out.append(text[last:])
        return "".join(out)


def chunk_key(chunk: str) -> bytes:
    """The digest a chunk's reading is kept under."""
    return hashlib.blake2b(chunk.encode("utf-8"), digest_size=16).digest()


def _combined(readings: list[tuple[int, ChunkReading]]) -> TextAnalysis:
    """A text's analysis from its chunks' readings (each with the chunk's offset in the text)."""
    cuts = sorted({offset + c for offset, reading in readings for c in reading.cuts})
    compounds = tuple((offset + start, form) for offset, reading in readings for start, form in reading.compounds)
    nouns = sorted({n for _, reading in readings for n in reading.nouns})
    return TextAnalysis(tuple(cuts), compounds, tuple(nouns))


@lru_cache(maxsize=1)
def segmenter() -> KoreanSegmenter:
    """The process-wide segmenter (its Kiwi is the one facts use too)."""
    return KoreanSegmenter(load_search_rules())


def with_zwsp_separator(separator: str) -> str:
    """The separator, made to split on U+200B as well."""
    if ZWSP in separator or "\\u200b" in separator:
        return separator
    if separator.startswith("[") and separator.endswith("]+"):
        return separator[:-2] + "\\u200b]+"
    return f"(?:{separator})|\\u200b"


def segment_search_index(
    index: dict[str, Any], seg: KoreanSegmenter | None = None, cache: SearchCache | None = None
) -> dict[str, Any]:
    """A copy of Material's search index with Korean text segmented.

    Each chunk's Kiwi reading comes from ``cache`` when that chunk was indexed
    before (or earlier in this index); only new chunks go to Kiwi.
    """
    seg = seg or segmenter()
    cache = cache or SearchCache(None)
    seg.word_cuts.update(cache.words)
    docs = index.get("docs", [])
    fields = [(i, f, unicodedata.normalize("NFC", d[f])) for i, d in enumerate(docs) for f in ("title", "text")
              if isinstance(d.get(f), str)]
    texts = list(dict.fromkeys(text for _, _, text in fields))
    known = dict(cache.chunks)
    readings = dict(zip(texts, seg.analyse(texts, known)))
    seg.learn(readings.values())  # type: ignore[arg-type]
    config = dict(index.get("config", {}))
    config["separator"] = with_zwsp_separator(config.get("separator") or r"[\s\-]+")
    # The browser drops these from the end of a query word (see atlas-search.js).
    config["particles"] = list(seg.rules.particles)
    config["number_pattern"] = seg.rules.number_pattern
    config["number_counters"] = sorted(seg.rules.number_counters, key=lambda c: (-len(c), c))
    out_docs = [dict(doc) for doc in docs]
    spellings: dict[str, set[tuple[str, str]]] = {}
    segmented: dict[str, str] = {}
    for text in texts:  # each distinct text once (a paragraph recurs on several pages)
        figures = seg.figures(text)
        segmented[text] = seg.segment(text, readings[text], figures)
        for figure in figures:
            spellings.setdefault(figure.key, set()).add((figure.surface, figure.counter))
    for i, f, text in fields:
        out_docs[i][f] = segmented[text]
    # Value → how the pages write it: the browser rewrites a typed figure to these.
    config["numbers"] = {key: sorted(map(list, found)) for key, found in sorted(spellings.items())}
    # Only the chunks of this index are kept, so the file holds what the last build used.
    cache.chunks = {key: known[key] for key in seg.last_keys}
    cache.words = dict(seg.word_cuts)
    return {**index, "config": config, "docs": out_docs}


class SearchCache:
    """Kiwi's readings of indexed text chunks (by digest) and of long words, kept between builds in one file.

    The file is tied to the code and rules that made it (any change starts it
    afresh) and holds only what the last build used, so it never grows stale.
    An edited page costs only its changed chunks (paragraphs, mostly).
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.chunks: dict[bytes, ChunkReading] = {}
        self.words: dict[str, list[int] | None] = {}
        self.loaded = (0, 0)
        if path is None:
            return
        try:
            with open(path, "rb") as handle:
                stored = pickle.load(handle)
            if stored.get("digest") == _digest():
                self.chunks, self.words = stored["chunks"], stored["words"]
        except Exception:  # missing, damaged or foreign: start afresh
            pass
        self.loaded = (len(self.chunks), len(self.words))  # what the file holds (see ``grown``)

    def grown(self) -> bool:
        """Whether readings were added since the file was read (when they are only ever added)."""
        return (len(self.chunks), len(self.words)) != self.loaded

    def save(self) -> None:
        """Write the cache (to a temporary file first); a cache that cannot be written only costs time."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            with open(tmp, "wb") as handle:
                pickle.dump({"digest": _digest(), "chunks": self.chunks, "words": self.words}, handle, pickle.HIGHEST_PROTOCOL)
            tmp.replace(self.path)
        except OSError:
            pass


def _digest() -> bytes:
    from .cache import code_and_rules_digest

    return code_and_rules_digest(RULES_DIR)


def search_cache_path() -> Path:
    """Where builds keep the search cache: ``$ATLAS_CACHE`` (set by the CLI's ``--cache``), else ``.cache/``."""
    return Path(os.environ.get("ATLAS_CACHE") or RULES_DIR.parent.parent / ".cache") / "search-index.pickle"


_rewrite_seconds = [0.0]


def rewrite_seconds() -> float:
    """Seconds the last rewrite of the index in this process took (for ``--timings``)."""
    return _rewrite_seconds[0]


def record_rewrite_seconds(seconds: float) -> None:
    """Note how long a rewrite of the index took (``search_update``)."""
    _rewrite_seconds[0] = seconds


def rewrite_search_index(
    path: Path, chunks: dict[bytes, ChunkReading] | None = None, words: dict[str, list[int] | None] | None = None
) -> int:
    """Segment the index file in place, written as compact UTF-8; returns its size.

    ``chunks`` and ``words``: Kiwi's readings made already (see ``search_reader``), used as cached ones.
    """
    start = time.perf_counter()
    index = json.loads(path.read_text(encoding="utf-8"))
    cache = SearchCache(search_cache_path())
    cache.chunks.update(chunks or {})
    cache.words.update(words or {})
    data = json.dumps(segment_search_index(index, cache=cache), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    cache.save()
    tmp = path.with_suffix(".json.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    _rewrite_seconds[0] = time.perf_counter() - start
    return len(data)
