"""Load the YAML rule files into typed, compiled rules.

The rules are data an editor extends (see ``generator/rules/*.yml``); this
module only checks and compiles them, so a bad pattern fails at start-up with
the file and rule named instead of deep inside a stage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Sequence

import yaml

from .clean.datelines import DateVocabulary
from .clean.outlets import OutletRegistry
from .errors import RuleError, yaml_problem
from .models import LineKind

RULES_DIR = Path(__file__).parent / "rules"

_LINE_KINDS = {
    "byline": LineKind.BYLINE,
    "dateline": LineKind.DATELINE,
    "counter": LineKind.COUNTER,
    "rubric": LineKind.RUBRIC,
}


@dataclass(frozen=True)
class BoilerplateRule:
    """A whole-line pattern for page furniture that is dropped."""

    id: str
    reason: str
    pattern: re.Pattern[str]
    ends_article: bool = False
    starts_comments: bool = False
    starts_body: bool = False
    starts_list: bool = False
    # A vocabulary's single word, and how many lines of one word each in a
    # row make a menu printed one item per line (0: never).
    item: re.Pattern[str] | None = None
    stacked_min_lines: int = 0


@dataclass(frozen=True)
class MetadataRule:
    """A whole-line pattern whose named groups fill metadata fields."""

    id: str
    kind: LineKind
    zone: str
    reason: str
    pattern: re.Pattern[str]
    require_bullet: bool = False
    sets: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class GluedRule:
    """A byline pattern matched at the start of a line that goes on with article text."""

    id: str
    reason: str
    pattern: re.Pattern[str]
    sets: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CaptureRule:
    """Reads metadata out of a line a boilerplate rule drops."""

    rule: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class TextRule:
    """A pattern searched in the body text, with what a match means."""

    pattern: re.Pattern[str]
    value: str
    reason: str


@dataclass(frozen=True)
class KindRules:
    """How an article's kind (기고, 칼럼, 보도…) is decided."""

    title_prefixes: tuple[tuple[str, str], ...]
    sections: tuple[tuple[str, str], ...]
    inferred_from_text: tuple[TextRule, ...]


@dataclass(frozen=True)
class StructureRules:
    """How flattened text is restored to headings, lists and paragraphs."""

    heading_max_chars: int
    heading_min_blanks: int
    heading_sentence_end: re.Pattern[str]
    request_heading: re.Pattern[str]
    request_min_paragraphs: int
    sentence_end: re.Pattern[str]
    glued_break: re.Pattern[str]
    inline_heading: re.Pattern[str]
    list_marker: str
    list_min_items: int
    list_item_tail: re.Pattern[str]
    image_placeholder: re.Pattern[str]
    body_min_chars: int
    body_min_chars_any_ending: int
    lead_min_chars: int
    profile_max_chars: int
    headline_block_max_lines: int
    caption_credit_tail: re.Pattern[str]
    credit_mark: re.Pattern[str]
    headline_full_stop: re.Pattern[str]
    headline_kicker: re.Pattern[str]
    series_line: re.Pattern[str]
    summary_point: re.Pattern[str]
    statement_end: re.Pattern[str]
    front_matter_fence: str
    front_matter_max_lines: int
    bullet: re.Pattern[str]
    caption_marks: re.Pattern[str]


@dataclass(frozen=True)
class Region:
    """A gazetteer entry: one place and every name it goes by.

    ``aliases`` name it on their own; ``qualified`` are names that are also
    common words (예산 is a budget), which count only right after the name of
    the province (충남 예산). An alias several places share (동구, 고성,
    혁신도시) is settled by ``regions.scan`` from the words around it.
    """

    id: str
    name: str
    scope: str
    aliases: tuple[str, ...]
    province: str | None = None
    not_after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    at: tuple[float, float] | None = None
    official: str | None = None
    code: str | None = None
    city: str | None = None
    qualified: tuple[str, ...] = ()

    @property
    def is_province(self) -> bool:
        """A 시·도 (특별시, 광역시, 특별자치시, 도): the top of the hierarchy."""
        return self.scope in ("metropolitan", "province")


@dataclass(frozen=True)
class Gazetteer:
    """All regions plus the thresholds for filing an article under one."""

    regions: tuple[Region, ...]
    min_mentions: int
    min_share: float
    fallback: str
    abroad: tuple[str, ...] = ()
    # An article naming this many 시·도, none of them with this share of the
    # mentions, is a national story first.
    national_min_provinces: int = 0
    national_max_share: float = 0.0

    @cached_property
    def alias_set(self) -> frozenset[str]:
        """Every name of every region (and the short form of each 시/군/구 name)."""
        names = {alias for region in self.regions for alias in (region.name, *region.aliases, *region.qualified)}
        return frozenset(names | {n[:-1] for n in names if len(n) >= 3 and n[-1] in "시군구도"})

    @cached_property
    def _by_id(self) -> dict[str, Region]:
        return {r.id: r for r in self.regions}

    def by_id(self, region_id: str) -> Region:
        """The region with this id (KeyError if unknown)."""
        return self._by_id[region_id]

    def province_name(self, region_id: str) -> str | None:
        """The name of the province a region lies in, if it lies in one."""
        province = self.by_id(region_id).province
        return self.by_id(province).name if province else None

    def top(self, region_id: str) -> str:
        """The 시·도 a region belongs to (itself for a 시·도, or for 전국)."""
        return self.by_id(region_id).province or region_id

    @cached_property
    def children(self) -> dict[str, tuple[str, ...]]:
        """The places inside each 시·도, in gazetteer order (cities, then districts)."""
        out: dict[str, list[str]] = {}
        for r in self.regions:
            if r.province:
                out.setdefault(r.province, []).append(r.id)
        return {k: tuple(sorted(v, key=lambda rid: self.by_id(rid).scope == "district")) for k, v in out.items()}


@dataclass(frozen=True)
class RuleBook:
    """Every rule the pipeline uses, loaded once."""

    boilerplate: tuple[BoilerplateRule, ...]
    metadata: tuple[MetadataRule, ...]
    captures: tuple[CaptureRule, ...]
    comment_header: re.Pattern[str]
    kinds: KindRules
    years: tuple[TextRule, ...]
    reading_chars_per_minute: int
    derived_title_max_chars: int
    structure: StructureRules
    gazetteer: Gazetteer
    glued_bylines: tuple[GluedRule, ...] = ()
    labels: tuple[re.Pattern[str], ...] = ()
    series_marker: re.Pattern[str] = re.compile(r"(?!)")
    title_label: re.Pattern[str] = re.compile(r"(?!)")
    surnames: tuple[str, ...] = ()
    datelines: DateVocabulary | None = None
    outlets: OutletRegistry = OutletRegistry(())
    folder: Path = RULES_DIR
    # Matches a line's start where some boilerplate rule would (None: no shortcut);
    # derived from ``boilerplate``, so it follows it through ``replace``.
    any_boilerplate: re.Pattern[str] | None = field(init=False, default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "any_boilerplate", any_of([rule.pattern for rule in self.boilerplate]))

    def is_credit(self, name: str) -> bool:
        """Whether ``name`` can credit a photo: an outlet's or a public body's name, or a place."""
        return self.outlets.named(name) is not None or name in self.gazetteer.alias_set

    def is_person_name(self, name: str) -> bool:
        """Whether ``name`` reads as a Korean person's name: 2–4 syllables, a known surname
        first, and not a place the gazetteer knows (천안 is a city, not Mr 천)."""
        return (
            2 <= len(name) <= 4
            and all("가" <= c <= "힣" for c in name)
            and any(name.startswith(s) and len(name) > len(s) for s in self.surnames)
            and name not in self.gazetteer.alias_set
        )


def safe_load_yaml(text: str) -> Any:
    """``yaml.safe_load`` through libyaml when PyYAML has it (about ten times faster on the
    gazetteer and outlines); a document libyaml rejects is read again by the pure-Python
    loader, so a syntax error is reported exactly as ``safe_load`` reports it."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is not None:
        try:
            return yaml.load(text, Loader=loader)  # noqa: S506 - CSafeLoader is the safe loader
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def load_yaml(path: Path) -> dict[str, Any]:
    """A rule file's top-level mapping (RuleError naming the file if it is not one)."""
    try:
        data = safe_load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rules ({exc.strerror or exc.__class__.__name__})") from None
    except UnicodeDecodeError:
        raise RuleError(f"{path}: cannot read rules (not UTF-8 text)") from None
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: YAML syntax error at {yaml_problem(exc)}") from None
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a mapping at the top level")
    return data


def compile_rule(path: Path, where: str, pattern: str, *, whole: bool = False) -> re.Pattern[str]:
    """Compile a rule's pattern; a bad one is a RuleError naming the file and the rule."""
    try:
        return re.compile(rf"(?:{pattern})\Z" if whole else pattern)
    except (re.error, TypeError) as exc:
        raise RuleError(f"{path}: {where}: bad pattern {pattern!r} ({exc})") from None


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def any_of(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that finds something wherever any of ``patterns`` would: a text it
    does not match can skip them all. None when they cannot be merged (different
    flags, backreferences, groups that are not all named)."""
    if not patterns or len({p.flags for p in patterns}) != 1:
        return None
    branches = []
    for pattern in patterns:
        # Named groups become plain ones, so two patterns may use the same name.
        bare, renamed = _NAMED_GROUP.subn("(?:", pattern.pattern)
        if renamed != len(pattern.groupindex) or pattern.groups != renamed or "(?P=" in bare or re.search(r"\\\d|\\g<", bare):
            return None
        branches.append(f"(?:{bare})")
    try:
        return re.compile("|".join(branches), patterns[0].flags)
    except re.error:
        return None


def needs_digit(pattern: re.Pattern[str]) -> bool:
    """Whether every match of ``pattern`` holds a digit (``\\d``), read from its parsed
    form; False when that cannot be told. A text without a digit can skip it."""
    from re import _constants as sre, _parser as sre_parse  # the parse tree ``re`` itself compiles from

    def digit_only(item: tuple[Any, Any]) -> bool:  # one character that must be a digit
        op, arg = item
        if op is sre.LITERAL:
            return 0x30 <= arg <= 0x39
        if op is sre.IN:
            return bool(arg) and all(
                (kind is sre.LITERAL and 0x30 <= value <= 0x39)
                or (kind is sre.RANGE and 0x30 <= value[0] and value[1] <= 0x39)
                or (kind is sre.CATEGORY and value is sre.CATEGORY_DIGIT)
                for kind, value in arg
            )
        return False

    def required(item: tuple[Any, Any]) -> bool:  # every match of this item holds a digit
        op, arg = item
        if op in (sre.LITERAL, sre.IN):
            return digit_only(item)
        if op is sre.SUBPATTERN:
            return sequence(arg[-1])
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            return arg[0] >= 1 and sequence(arg[2])
        if op is sre.BRANCH:
            return all(sequence(branch) for branch in arg[1])
        if op is getattr(sre, "ATOMIC_GROUP", None):
            return sequence(arg)
        return False  # assertions, anchors, backreferences: no claim

    def sequence(items: Any) -> bool:
        return any(required(item) for item in items)

    try:
        return sequence(sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # another Python's parse tree: no claim, so no shortcut
        return False


def _expand(pattern: str, fragments: dict[str, str]) -> str:
    """A pattern with its ``%NAME%`` fragments filled in."""
    for key, value in fragments.items():
        pattern = pattern.replace(f"%{key}%", value)
    return pattern


def _vocabulary_pattern(path: Path, raw: dict[str, Any], at_least: int) -> re.Pattern[str]:
    """Whole lines whose every token is one or more words of the vocabulary, ``at_least`` tokens."""
    rid = _need(path, raw, "id", "vocabulary")
    words = sorted((str(w) for w in _need(path, raw, "words", rid)), key=len, reverse=True)
    separators = str(raw.get("separators", r"\s+"))
    # Possessive: the longest word is taken at each step and never given back,
    # so a long line of button words fails in linear time instead of trying
    # every way to split it.
    token = "(?:" + "|".join(re.escape(w) for w in words) + ")++"
    pattern = rf"(?:{separators})?{token}(?:(?:{separators}){token}){{{at_least - 1},}}(?:{separators})?"
    return compile_rule(path, f"vocabulary {rid}", pattern, whole=True)


def _vocabulary_rule(path: Path, raw: dict[str, Any]) -> BoilerplateRule:
    """A furniture rule from a vocabulary: lines made only of its words."""
    rid = _need(path, raw, "id", "vocabulary")
    return BoilerplateRule(
        id=rid,
        reason=_need(path, raw, "reason", rid),
        pattern=_vocabulary_pattern(path, raw, int(raw.get("min_tokens", 1))),
        item=_vocabulary_pattern(path, raw, 1),
        stacked_min_lines=int(raw.get("stacked_min_lines", 0)),
    )


def _need(path: Path, mapping: dict[str, Any], key: str, where: str) -> Any:
    if key not in mapping:
        raise RuleError(f"{path}: {where}: missing '{key}'")
    return mapping[key]


def _coordinates(path: Path, rid: str, raw: Any) -> tuple[float, float] | None:
    if raw is None:
        return None
    try:
        lon, lat = (float(v) for v in raw)
    except (TypeError, ValueError):
        raise RuleError(f"{path}: region {rid}: at must be [longitude, latitude]") from None
    return lon, lat


_REGION_FIELDS = {"id", "name", "scope", "aliases", "province", "not_after", "not_before", "at", "official", "code",
                  "city", "shared", "since"}


def _region_entries(path: Path, raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise RuleError(f"{path}: regions must be a list")
    for r in raw:
        rid = _need(path, r, "id", "region")
        if not isinstance(rid, str) or not re.fullmatch(r"[a-z][a-z0-9-]*", rid):
            raise RuleError(f"{path}: region {rid!r}: id must be lowercase ASCII (it is used in URLs)")
        unknown = set(r) - _REGION_FIELDS
        if unknown:
            raise RuleError(f"{path}: region {rid}: unknown field(s) {', '.join(sorted(unknown))}")
    return raw


def load_gazetteer(path: Path) -> Gazetteer:
    """``gazetteer.yml`` and the files it includes (``korea.yml``), merged.

    An entry of ``gazetteer.yml`` whose id is already known (from an included
    file or an earlier entry) amends that place: the fields it gives replace
    the ones before. Any other entry is a new place; new places are listed
    first, then the included ones in their order.
    """
    gz = load_yaml(path)
    merged: dict[str, dict[str, Any]] = {}
    for name in gz.get("include") or []:
        for r in _region_entries(path.parent / name, load_yaml(path.parent / name).get("regions") or []):
            if r["id"] in merged:
                raise RuleError(f"{path.parent / name}: region ids must be unique ({r['id']})")
            merged[r["id"]] = dict(r)
    new: dict[str, dict[str, Any]] = {}
    for r in _region_entries(path, gz.get("regions") or []):
        (merged if r["id"] in merged else new).setdefault(r["id"], {}).update(r)
    common = set(gz.get("common_words") or [])
    regions = []
    for r in [*new.values(), *merged.values()]:
        rid = r["id"]
        names = [str(a) for a in (r.get("aliases") or [])] + [str(a) for a in (r.get("shared") or [])]
        regions.append(
            Region(
                id=rid,
                name=str(_need(path, r, "name", rid)),
                scope=r.get("scope", "city"),
                aliases=tuple(a for a in names if a not in common),
                province=r.get("province"),
                not_after=tuple(r.get("not_after") or ()),
                not_before=tuple(r.get("not_before") or ()),
                at=_coordinates(path, rid, r.get("at")),
                official=r.get("official"),
                code=str(r["code"]) if r.get("code") is not None else None,
                city=r.get("city"),
                qualified=tuple(a for a in names if a in common),
            )
        )
    gazetteer = Gazetteer(
        regions=tuple(regions),
        min_mentions=int(gz.get("min_mentions", 2)),
        min_share=float(gz.get("min_share", 0.25)),
        fallback=gz.get("fallback", "national"),
        abroad=tuple(gz.get("abroad") or ()),
        national_min_provinces=int((gz.get("national") or {}).get("min_provinces", 0)),
        national_max_share=float((gz.get("national") or {}).get("max_share", 0.0)),
    )
    ids = {r.id for r in regions}
    if gazetteer.fallback not in ids:
        raise RuleError(f"{path}: fallback {gazetteer.fallback!r} is not a region id")
    for r in regions:
        for parent in (r.province, r.city):
            if parent is not None and parent not in ids:
                raise RuleError(f"{path}: region {r.id}: {parent!r} is not a region id")
    return gazetteer


@lru_cache(maxsize=4)
def load_rules(folder: Path = RULES_DIR) -> RuleBook:
    """Read and compile every rule file in ``folder``."""
    bp_path, md_path = folder / "boilerplate.yml", folder / "metadata.yml"
    st_path, gz_path = folder / "structure.yml", folder / "gazetteer.yml"

    bp = load_yaml(bp_path)
    boilerplate = tuple(
        BoilerplateRule(
            id=_need(bp_path, r, "id", "rule"),
            reason=_need(bp_path, r, "reason", f"rule {r.get('id')}"),
            pattern=compile_rule(bp_path, f"rule {r['id']}", _need(bp_path, r, "match", r["id"]), whole=True),
            ends_article=bool(r.get("ends_article", False)),
            starts_comments=bool(r.get("starts_comments", False)),
            starts_body=bool(r.get("starts_body", False)),
            starts_list=bool(r.get("starts_list", False)),
        )
        for r in bp.get("rules", [])
    ) + tuple(_vocabulary_rule(bp_path, v) for v in bp.get("vocabularies", []))
    # Any vocabulary word, one alone included: what may stand beside a date stamp (사회, 인쇄).
    labels = tuple(_vocabulary_pattern(bp_path, v, 1) for v in bp.get("vocabularies", []))

    md = load_yaml(md_path)
    fragments = {str(k): str(v) for k, v in (md.get("fragments") or {}).items()}
    metadata = []
    for r in md.get("line_rules", []):
        rid = _need(md_path, r, "id", "line rule")
        kind = _need(md_path, r, "kind", rid)
        if kind not in _LINE_KINDS:
            raise RuleError(f"{md_path}: rule {rid}: kind must be one of {sorted(_LINE_KINDS)}")
        zone = r.get("zone", "any")
        if zone not in ("header", "trailer", "any"):
            raise RuleError(f"{md_path}: rule {rid}: zone must be header, trailer or any")
        metadata.append(
            MetadataRule(
                id=rid,
                kind=_LINE_KINDS[kind],
                zone=zone,
                reason=_need(md_path, r, "reason", rid),
                pattern=compile_rule(md_path, f"rule {rid}", _expand(_need(md_path, r, "match", rid), fragments), whole=True),
                require_bullet=bool(r.get("require_bullet", False)),
                sets=tuple(sorted((r.get("sets") or {}).items())),
            )
        )
    glued = tuple(
        GluedRule(
            id=_need(md_path, g, "id", "glued byline"),
            reason=_need(md_path, g, "reason", g["id"]),
            pattern=compile_rule(md_path, f"glued byline {g['id']}", _expand(_need(md_path, g, "match", g["id"]), fragments)),
            sets=tuple(sorted((g.get("sets") or {}).items())),
        )
        for g in md.get("glued_bylines", [])
    )
    dates_raw = md.get("datelines") or {}
    datelines = DateVocabulary(
        published=tuple(str(w) for w in dates_raw.get("published", ())),
        updated=tuple(str(w) for w in dates_raw.get("updated", ())),
        filler=compile_rule(md_path, "datelines.filler", str(dates_raw.get("filler", r"\s+"))),
    )
    captures = tuple(
        CaptureRule(rule=c["rule"], pattern=compile_rule(md_path, f"capture {c['rule']}", c["match"], whole=True))
        for c in md.get("capture_from_boilerplate", [])
    )
    known = {rule.id for rule in boilerplate}
    for capture in captures:
        if capture.rule not in known:
            raise RuleError(f"{md_path}: capture_from_boilerplate names unknown rule {capture.rule!r}")
    kinds_raw = _need(md_path, md, "kinds", "top level")
    kinds = KindRules(
        title_prefixes=tuple(kinds_raw.get("title_prefixes", {}).items()),
        sections=tuple(kinds_raw.get("sections", {}).items()),
        inferred_from_text=tuple(
            TextRule(compile_rule(md_path, "kinds.inferred_from_text", t["match"]), t["kind"], t["reason"])
            for t in kinds_raw.get("inferred_from_text", [])
        ),
    )
    years = tuple(
        TextRule(compile_rule(md_path, "year_inference", y["match"]), "", y["reason"])
        for y in md.get("year_inference", [])
    )
    comment_header = compile_rule(md_path, "comments.header", _need(md_path, md, "comment_header", "top level"), whole=True)

    st = load_yaml(st_path)
    try:
        sh, rh, ih, il = (st["standalone_heading"], st["request_heading"], st["inline_heading"], st["inline_list"])
        words = "|".join(re.escape(w) for w in ih["heading_end_words"])
        marker = re.escape(ih["marker"])
        structure = StructureRules(
            heading_max_chars=int(sh["max_chars"]),
            heading_min_blanks=int(sh["min_blank_lines_around"]),
            heading_sentence_end=compile_rule(st_path, "standalone_heading", sh["sentence_end"]),
            request_heading=compile_rule(st_path, "request_heading", rh["match"], whole=True),
            request_min_paragraphs=int(rh["min_paragraphs_between"]),
            sentence_end=compile_rule(st_path, "sentence_end", st["sentence_end"]),
            glued_break=compile_rule(st_path, "glued_paragraph_break", st["glued_paragraph_break"]),
            inline_heading=compile_rule(
                st_path,
                "inline_heading",
                rf"{marker}\s*(?P<heading>[^{marker}]{{2,{int(ih['max_chars'])}}}?(?:{words}))(?=\s|$)",
            ),
            list_marker=il["marker"],
            list_min_items=int(il["min_items"]),
            list_item_tail=compile_rule(st_path, "inline_list.item_tail", il["item_tail"]),
            image_placeholder=compile_rule(st_path, "image_placeholder", st["image_placeholder"], whole=True),
            body_min_chars=int(st["body_start"]["min_chars"]),
            body_min_chars_any_ending=int(st["body_start"]["min_chars_any_ending"]),
            lead_min_chars=int(st["body_start"]["lead_min_chars"]),
            profile_max_chars=int(st["reporter_profile"]["max_chars"]),
            headline_block_max_lines=int(st["headline_block_max_lines"]),
            caption_credit_tail=compile_rule(st_path, "caption_credit_tail", st["caption_credit_tail"]),
            credit_mark=compile_rule(st_path, "credit_mark", st["credit_mark"]),
            headline_full_stop=compile_rule(st_path, "headline_shape.full_stop", st["headline_shape"]["full_stop"]),
            headline_kicker=compile_rule(st_path, "headline_shape.kicker", st["headline_shape"]["kicker"]),
            series_line=compile_rule(st_path, "headline_shape.series_line", st["headline_shape"]["series_line"]),
            summary_point=compile_rule(st_path, "headline_shape.summary_point", st["headline_shape"]["summary_point"]),
            statement_end=compile_rule(st_path, "body_start.statement_end", st["body_start"]["statement_end"]),
            front_matter_fence=str(st["seed_front_matter"]["fence"]),
            front_matter_max_lines=int(st["seed_front_matter"]["max_lines"]),
            bullet=re.compile(f"^[{re.escape(st['line_marks']['bullets'])}]\\s*"),
            caption_marks=re.compile(f"^[\\s{re.escape(st['line_marks']['caption_marks'])}]+|\\s+$"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RuleError(f"{st_path}: missing or malformed setting {exc}") from None

    gazetteer = load_gazetteer(gz_path)

    return RuleBook(
        boilerplate=boilerplate,
        metadata=tuple(metadata),
        captures=captures,
        comment_header=comment_header,
        kinds=kinds,
        years=years,
        reading_chars_per_minute=int(md.get("reading_chars_per_minute", 500)),
        derived_title_max_chars=int(md.get("derived_title_max_chars", 40)),
        structure=structure,
        gazetteer=gazetteer,
        glued_bylines=glued,
        labels=labels,
        series_marker=compile_rule(md_path, "series_marker", str(md.get("series_marker", "(?!)"))),
        title_label=compile_rule(md_path, "title_label", str(md.get("title_label", "(?!)"))),
        surnames=tuple(str(s) for s in md.get("surnames") or ()),
        datelines=datelines,
        outlets=OutletRegistry.from_mapping(load_yaml(folder / "outlets.yml"), folder / "outlets.yml"),
        folder=folder,
    )
