"""The whole pipeline, seed folder → rendered pages, one stage after another.

read → decode → classify → structure → regions/metadata → facts → render. Writing
and building live in ``site``; this module never touches the disk except to
read seeds.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from .classify import classify_seed
from .decode import decode_seed
from .errors import SeedError
from .facts import extract_facts, load_fact_rules
from .metadata import extract_metadata
from .overrides import apply_override, load_override
from .models import Article, GeneratedSite, SeedBytes, SeedProblem
from .read import DEFAULT_MAX_SEED_BYTES, list_seed_files, read_seed
from .regions import find_regions
from .render import render_site
from .rules import RuleBook, load_rules
from .structure import body_text, build_blocks

_HEX_ID = re.compile(r"([0-9a-f]{8})[0-9a-f]*", re.IGNORECASE)
_SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")


def short_id(seed: SeedBytes) -> str:
    """Eight hex digits naming a seed: from its file name if it has some, else from its hash."""
    match = _HEX_ID.search(seed.name)
    return match.group(1).lower() if match else seed.sha256[:8]


def build_article(seed: SeedBytes, rules: RuleBook, override: dict | None = None) -> Article:
    """One seed through every stage; raises SeedError if it holds no article.

    ``override`` holds an editor's corrections (see ``overrides``).
    """
    text = decode_seed(seed)
    classification = classify_seed(text, rules)
    blocks = build_blocks(classification, rules)
    body = body_text(blocks)
    if not body.strip():
        raise SeedError(seed.name, "no article text (every line is page furniture, metadata or blank)")
    regions = find_regions(body, rules.gazetteer)
    meta = extract_metadata(classification, body, regions, rules)
    meta = apply_override(meta, override or {}, rules.gazetteer, seed.name)
    regions = meta.regions
    when = meta.published[:10] if meta.published else (str(meta.published_year) if meta.published_year else "undated")
    slug = _SLUG_UNSAFE.sub("-", f"{regions[0].region_id}-{when}-{short_id(seed)}".lower()).strip("-")
    return Article(slug=slug, meta=meta, blocks=blocks, classification=classification)


def collect_articles(
    seeds_dir: Path, rules: RuleBook, *, strict: bool = False, max_seed_bytes: int = DEFAULT_MAX_SEED_BYTES
) -> tuple[tuple[Article, ...], tuple[SeedProblem, ...]]:
    """Every seed as an article; unreadable seeds become problems (or raise, if strict)."""
    articles: list[Article] = []
    problems: list[SeedProblem] = []
    by_hash: dict[str, str] = {}
    slugs: set[str] = set()
    for path in list_seed_files(seeds_dir):
        try:
            article = build_article(read_seed(path, max_seed_bytes), rules, load_override(path))
        except SeedError as exc:
            if strict:
                raise
            problems.append(SeedProblem(exc.name, exc.reason))
            continue
        original = by_hash.setdefault(article.meta.source_sha256, article.meta.source_file)
        if original != article.meta.source_file:
            article = replace(article, duplicate_of=original)
            problems.append(SeedProblem(path.name, f"same content as {original}; no separate page"))
        else:
            # Seeds are visited in name order, so a collision always resolves the same way.
            slug, n = article.slug, 2
            while slug in slugs:
                slug, n = f"{article.slug}-{n}", n + 1
            slugs.add(slug)
            article = replace(article, slug=slug)
            article = replace(article, facts=extract_facts(article, load_fact_rules(rules.folder)))
        articles.append(article)
    return tuple(articles), tuple(problems)


def generate_site(
    seeds_dir: Path,
    *,
    rules: RuleBook | None = None,
    strict: bool = False,
    max_seed_bytes: int = DEFAULT_MAX_SEED_BYTES,
    handwritten: tuple[str, ...] = (),
) -> GeneratedSite:
    """Seeds → every generated page (nothing written yet)."""
    rules = rules or load_rules()
    articles, problems = collect_articles(seeds_dir, rules, strict=strict, max_seed_bytes=max_seed_bytes)
    pages = render_site(articles, problems, rules, handwritten)
    return GeneratedSite(pages=pages, articles=articles, problems=problems)
