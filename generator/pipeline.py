"""The whole pipeline, seed folder → rendered pages, one stage after another.

read → decode → classify → structure → regions/metadata → facts → render. Writing
and building live in ``site``; this module never touches the disk except to
read seeds and to use the article cache (``cache``).

Each seed's work depends on that seed alone, so it can be cached by content
and spread over processes; what depends on all seeds (duplicates, slug
collisions, comparison pages) is settled afterwards in one place, in name order.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import multiprocessing
import pickle
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from .cache import ArticleCache, code_and_rules_digest
from .classify import classify_seed
from .clock import StageClock
from .compare import RegionCache
from .decode import decode_seed
from .errors import SeedError
from .metadata import extract_metadata
from .overrides import apply_override, load_override, override_path
from .models import AnalysedArticle, Article, GeneratedSite, SeedBytes, SeedProblem
from .read import DEFAULT_MAX_SEED_BYTES, list_seed_files, read_seed
from .regions import find_regions
from .render import _environment, analyse_article, article_path, render_site
from .rules import RuleBook, load_rules
from .site_state import FileStamp, PageMemo, PageRecord, SeedRecord, SiteState, StateFile, file_stamp, inputs_digest
from .structure import body_text, build_blocks

_HEX_ID = re.compile(r"([0-9a-f]{8})[0-9a-f]*", re.IGNORECASE)
_SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")
# Below this many seeds to analyse, starting worker processes costs more than it saves.
MIN_PARALLEL_SEEDS = 64


def short_id(seed: SeedBytes) -> str:
    """Eight hex digits naming a seed: from its file name if it has some, else from its hash."""
    match = _HEX_ID.search(seed.name)
    return match.group(1).lower() if match else seed.sha256[:8]


def build_article(
    seed: SeedBytes, rules: RuleBook, override: dict | None = None, *, clock: StageClock | None = None
) -> Article:
    """One seed through cleaning and metadata; raises SeedError if it holds no article.

    ``override`` holds an editor's corrections (see ``overrides``).
    """
    clock = clock or StageClock()
    with clock.stage("clean"):
        text = decode_seed(seed)
        classification = classify_seed(text, rules)
        blocks = build_blocks(classification, rules)
        body = body_text(blocks)
    if not body.strip():
        raise SeedError(seed.name, "no article text (every line is page furniture, metadata or blank)")
    with clock.stage("analyse"):
        regions = find_regions(body, rules.gazetteer)
        meta = extract_metadata(classification, body, regions, rules)
        meta = apply_override(meta, override or {}, rules.gazetteer, seed.name)
    regions = meta.regions
    when = meta.published[:10] if meta.published else (str(meta.published_year) if meta.published_year else "undated")
    slug = _SLUG_UNSAFE.sub("-", f"{regions[0].region_id}-{when}-{short_id(seed)}".lower()).strip("-")
    return Article(slug=slug, meta=meta, blocks=blocks, classification=classification)


SeedResult = AnalysedArticle | SeedProblem


def analyse_seed(
    seed: SeedBytes, override: dict, rules: RuleBook, slug: str | None = None
) -> tuple[SeedResult, dict[str, float]]:
    """One seed's whole share of the work (article, facts, page), and the seconds per stage it took."""
    clock = StageClock()
    try:
        article = build_article(seed, rules, override, clock=clock)
    except SeedError as exc:
        return SeedProblem(exc.name, exc.reason), dict(clock.seconds)
    if slug is not None:
        article = replace(article, slug=slug)
    return analyse_article(article, rules, clock), dict(clock.seconds)


# Worker processes get the rules once, when they start.
_worker_rules: RuleBook | None = None


def _start_worker(rules: RuleBook) -> None:
    global _worker_rules
    _worker_rules = rules


def _analyse_batch(batch: list[tuple[SeedBytes, dict]]) -> list[tuple[SeedProblem | bytes, dict[str, float]]]:
    """``analyse_seed`` over a batch, each article pickled here, once: the main
    process stores those bytes in the cache as they are instead of pickling the
    article again."""
    assert _worker_rules is not None
    out: list[tuple[SeedProblem | bytes, dict[str, float]]] = []
    for seed, override in batch:
        result, seconds = analyse_seed(seed, override, _worker_rules)
        out.append((result if isinstance(result, SeedProblem) else pickle.dumps(result, pickle.HIGHEST_PROTOCOL), seconds))
    return out


def _analyse_all(
    work: list[tuple[SeedBytes, dict]], rules: RuleBook, jobs: int
) -> Iterator[tuple[SeedResult, bytes | None, dict[str, float]]]:
    """``analyse_seed`` over ``work``, in order; spread over ``jobs`` processes when it is worth it.

    Yields each result, its pickle when a worker made one (else None) and its
    seconds per stage. Results come as their batch finishes, so the caller
    stores them in the cache while the workers go on.
    """
    if jobs <= 1 or len(work) < MIN_PARALLEL_SEEDS:
        for seed, override in work:
            result, seconds = analyse_seed(seed, override, rules)
            yield result, None, seconds
        return
    # Small batches keep both workers busy to the end; spawn (not fork) because
    # Kiwi runs threads, which a forked child would inherit half-alive.
    size = max(4, len(work) // (jobs * 8))
    batches = [work[i: i + size] for i in range(0, len(work), size)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(rules,)) as pool:
        for batch in pool.map(_analyse_batch, batches):
            for sent, seconds in batch:
                if isinstance(sent, SeedProblem):
                    yield sent, None, seconds
                else:
                    yield pickle.loads(sent), sent, seconds


ReadSeed = tuple[SeedBytes, dict] | SeedProblem


@dataclass(frozen=True)
class KnownSeed:
    """A seed whose file is as the last run saw it (``site_state``): its cache key, not yet its bytes."""

    path: Path
    key: str


def _read_one(path: Path, strict: bool, max_seed_bytes: int) -> ReadSeed:
    try:
        return read_seed(path, max_seed_bytes), load_override(path)
    except SeedError as exc:
        if strict:
            raise
        return SeedProblem(exc.name, exc.reason)


def read_changed_seeds(
    seeds_dir: Path, previous: SiteState | None, *, max_seed_bytes: int = DEFAULT_MAX_SEED_BYTES
) -> tuple[list[ReadSeed | KnownSeed], dict[str, tuple[FileStamp | None, FileStamp | None]]]:
    """Every seed in name order: read, or — when ``previous`` knows its file unchanged — only its key.

    Also each seed's stamps (its file's and its override's), for the next state.
    """
    seeds: list[ReadSeed | KnownSeed] = []
    stamps: dict[str, tuple[FileStamp | None, FileStamp | None]] = {}
    for path in list_seed_files(seeds_dir):
        stamp, override = file_stamp(path), file_stamp(override_path(path))
        stamps[path.name] = (stamp, override)
        # Over the size limit (perhaps lowered since): read, so it is refused as a cold run refuses it.
        known = previous is not None and stamp is not None and stamp.size <= max_seed_bytes
        key = previous.known_key(path.name, stamp, override) if known else None  # type: ignore[union-attr]
        seeds.append(KnownSeed(path, key) if key else _read_one(path, False, max_seed_bytes))
    return seeds, stamps


def read_seeds(seeds_dir: Path, *, strict: bool = False, max_seed_bytes: int = DEFAULT_MAX_SEED_BYTES) -> list[ReadSeed]:
    """Every seed's bytes and override, in name order; an unreadable seed is a problem (or raises, if strict)."""
    return [_read_one(path, strict, max_seed_bytes) for path in list_seed_files(seeds_dir)]


def collect_analysed(
    seeds_dir: Path,
    rules: RuleBook,
    *,
    strict: bool = False,
    max_seed_bytes: int = DEFAULT_MAX_SEED_BYTES,
    cache: ArticleCache | None = None,
    jobs: int = 1,
    clock: StageClock | None = None,
    seeds: list[ReadSeed] | None = None,
) -> tuple[tuple[AnalysedArticle, ...], tuple[SeedProblem, ...]]:
    """Every seed analysed, in name order; unreadable seeds become problems (or raise, if strict).

    See ``_collect``.
    """
    analysed, problems, _ = _collect(
        seeds_dir, rules, strict=strict, max_seed_bytes=max_seed_bytes, cache=cache, jobs=jobs, clock=clock, seeds=seeds
    )
    return analysed, problems


def _collect(
    seeds_dir: Path,
    rules: RuleBook,
    *,
    strict: bool = False,
    max_seed_bytes: int = DEFAULT_MAX_SEED_BYTES,
    cache: ArticleCache | None = None,
    jobs: int = 1,
    clock: StageClock | None = None,
    seeds: list[ReadSeed | KnownSeed] | None = None,
) -> tuple[tuple[AnalysedArticle, ...], tuple[SeedProblem, ...], dict[str, str]]:
    """Every seed analysed, in name order; unreadable seeds become problems (or raise, if strict).

    Results come from ``cache`` when it has them; the rest are computed, in
    ``jobs`` processes if there are many, and stored. Duplicates and slug
    collisions are settled afterwards, in name order, so the outcome never
    depends on the cache or on the number of processes. ``seeds`` are the
    seeds already read (``read_seeds``, ``read_changed_seeds``), if they were;
    a ``KnownSeed`` is read only if its entry is not in the cache. Also
    returns each article's cache key by seed name.
    """
    clock = clock or StageClock()
    if seeds is None:
        with clock.stage("read"):
            seeds = list(read_seeds(seeds_dir, strict=strict, max_seed_bytes=max_seed_bytes))
    else:
        seeds = list(seeds)

    results: dict[int, SeedResult] = {}
    keys: dict[int, str] = {}
    with clock.stage("cache"):
        for i, entry in enumerate(seeds):
            if isinstance(entry, KnownSeed):
                found = cache.get(entry.key) if cache is not None else None
                if found is not None:
                    keys[i] = entry.key
                    results[i] = found
                    continue
                seeds[i] = entry = _read_one(entry.path, strict, max_seed_bytes)  # not cached after all: read it
            if isinstance(entry, SeedProblem):
                results[i] = entry
            elif cache is not None:
                keys[i] = cache.key(entry[0], entry[1], rules.folder)
                found = cache.get(keys[i])
                if found is not None:
                    results[i] = found
    todo = [i for i in range(len(seeds)) if i not in results]
    for i, (result, pickled, seconds) in zip(todo, _analyse_all([seeds[i] for i in todo], rules, jobs), strict=True):  # type: ignore[misc]
        clock.add(seconds)
        results[i] = result
        if cache is not None and isinstance(result, AnalysedArticle):
            with clock.stage("cache"):
                cache.put(keys[i], result, pickled)

    analysed: list[AnalysedArticle] = []
    problems: list[SeedProblem] = []
    by_hash: dict[str, str] = {}
    slugs: set[str] = set()
    for i in range(len(seeds)):
        result = results[i]
        if isinstance(result, SeedProblem):
            if strict:
                raise SeedError(result.name, result.reason)
            problems.append(result)
            continue
        article = result.article
        original = by_hash.setdefault(article.meta.source_sha256, article.meta.source_file)
        if original != article.meta.source_file:
            analysed.append(AnalysedArticle(replace(article, duplicate_of=original, facts=()), (), result.page))
            problems.append(SeedProblem(article.meta.source_file, f"same content as {original}; no separate page"))
            continue
        # Seeds are visited in name order, so a collision always resolves the same way.
        slug, n = article.slug, 2
        while slug in slugs:
            slug, n = f"{article.slug}-{n}", n + 1
        slugs.add(slug)
        if slug != article.slug:  # rare: the page and facts name the slug, so redo them
            if isinstance(seeds[i], KnownSeed):
                seeds[i] = _read_one(seeds[i].path, strict, max_seed_bytes)  # type: ignore[union-attr]
            seed, override = seeds[i]  # type: ignore[misc]
            redone, seconds = analyse_seed(seed, override, rules, slug=slug)
            clock.add(seconds)
            result = redone  # type: ignore[assignment]
        analysed.append(result)  # type: ignore[arg-type]
    named = {seeds[i][0].name if isinstance(seeds[i], tuple) else seeds[i].path.name: key  # type: ignore[union-attr]
             for i, key in keys.items()}
    return tuple(analysed), tuple(problems), named


def collect_articles(
    seeds_dir: Path, rules: RuleBook, *, strict: bool = False, max_seed_bytes: int = DEFAULT_MAX_SEED_BYTES
) -> tuple[tuple[Article, ...], tuple[SeedProblem, ...]]:
    """Every seed as an article, facts included; unreadable seeds become problems (or raise, if strict)."""
    analysed, problems = collect_analysed(seeds_dir, rules, strict=strict, max_seed_bytes=max_seed_bytes)
    return tuple(a.article for a in analysed), problems


def generate_site(
    seeds_dir: Path,
    *,
    rules: RuleBook | None = None,
    strict: bool = False,
    max_seed_bytes: int = DEFAULT_MAX_SEED_BYTES,
    handwritten: tuple[str, ...] = (),
    cache: ArticleCache | None = None,
    jobs: int = 1,
    state_file: StateFile | None = None,
    docs_dir: Path | None = None,
    region_cache: RegionCache | None = None,
) -> GeneratedSite:
    """Seeds → every generated page (nothing written yet), with seconds per stage.

    With ``cache``, ``state_file`` and ``docs_dir`` (the folder the pages go
    to), the run starts from what the last one left there (``site_state``):
    seeds whose files did not change are not read, a run whose inputs are
    the last run's keeps every page (``kept``, and ``articles`` is empty),
    and otherwise only pages whose inputs changed are in ``pages``; the
    others are listed in ``kept``. ``state`` is then what to save once the
    pages are written. Not under ``strict``, which must stop at a bad seed
    the kept pages no longer show. ``region_cache``, kept between runs of
    one process (``serve``), holds the regions compared last time.
    """
    with no_cycle_collection():
        return _generate(
            seeds_dir, rules=rules, strict=strict, max_seed_bytes=max_seed_bytes, handwritten=handwritten, cache=cache,
            jobs=jobs, state_file=state_file, docs_dir=docs_dir, region_cache=region_cache,
        )


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused for one run.

    Loading thousands of cache entries makes millions of objects, and each
    of the collector's passes walks all of them: about half of the loading
    time (measured at 1,000 articles: 0.37 s with it, 0.16–0.22 s without).
    The run makes few reference cycles; they are collected once it ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _generate(
    seeds_dir: Path,
    *,
    rules: RuleBook | None,
    strict: bool,
    max_seed_bytes: int,
    handwritten: tuple[str, ...],
    cache: ArticleCache | None,
    jobs: int,
    state_file: StateFile | None,
    docs_dir: Path | None,
    region_cache: RegionCache | None = None,
) -> GeneratedSite:
    """``generate_site``'s work."""
    rules = rules or load_rules()
    clock = StageClock()
    tracked = cache is not None and state_file is not None and docs_dir is not None and not strict
    if not tracked:
        with clock.stage("read"):
            seeds: list[ReadSeed | KnownSeed] = list(read_seeds(seeds_dir, strict=strict, max_seed_bytes=max_seed_bytes))
        analysed, problems, _ = _collect(
            seeds_dir, rules, strict=strict, max_seed_bytes=max_seed_bytes, cache=cache, jobs=jobs, clock=clock, seeds=seeds
        )
        articles = tuple(a.article for a in analysed)
        with clock.stage("render"):
            done = {a.article.slug: a for a in analysed if a.article.duplicate_of is None}
            pages = render_site(articles, problems, rules, handwritten, done)
        published = sum(1 for a in articles if a.duplicate_of is None)
        return GeneratedSite(pages=pages, articles=articles, problems=problems, timings=clock.figures(), published=published)

    assert cache is not None and state_file is not None and docs_dir is not None
    with clock.stage("read"):
        code = code_and_rules_digest(rules.folder).hex()
        previous = state_file.load(code, seeds_dir, docs_dir)
        if previous is not None and not previous.docs_as_written(docs_dir):
            previous = None  # a generated file was changed or removed by hand: start afresh
        seeds, stamps = read_changed_seeds(seeds_dir, previous, max_seed_bytes=max_seed_bytes)
    with clock.stage("cache"):
        keys = {
            (e.path.name if isinstance(e, KnownSeed) else e[0].name): (
                e.key if isinstance(e, KnownSeed) else cache.key(e[0], e[1], rules.folder))
            for e in seeds if not isinstance(e, SeedProblem)
        }
        inputs = inputs_digest(code, [
            *(f"problem {e.name} {e.reason}" if isinstance(e, SeedProblem) else keys[_name(e)] for e in seeds),
            *(f"handwritten {page}" for page in handwritten),
        ])
    records = {name: SeedRecord(stamp, override, keys[name]) for name, (stamp, override) in stamps.items()
               if name in keys and stamp is not None}
    if previous is not None and previous.inputs == inputs:
        state = replace(previous, seeds=records)
        return GeneratedSite(pages=(), articles=(), problems=previous.problems, timings=clock.figures(),
                             published=previous.published, kept=tuple(previous.pages), state=state)

    analysed, problems, named_keys = _collect(
        seeds_dir, rules, max_seed_bytes=max_seed_bytes, cache=cache, jobs=jobs, clock=clock, seeds=seeds
    )
    articles = tuple(a.article for a in analysed)
    with clock.stage("render"):
        done = {a.article.slug: a for a in analysed if a.article.duplicate_of is None}
        memo = PageMemo(_environment(), record=True, previous=previous, docs_dir=docs_dir)
        # An article's page, its parts of the data exports and its lines in the
        # cleaning report are a function of its entry (key) and its slug.
        rendered = render_site(articles, problems, rules, handwritten, done, memo, named_keys, region_cache)
        digests = {article_path(a.article): f"article {named_keys[a.article.meta.source_file]} {slug}"
                   for slug, a in done.items()}
        digests = {**memo.digests, **digests}
        pages, kept = [], []
        for page in rendered:
            digest = digests.get(page.path)
            if digest is None:  # the data exports and the navigation: by their text
                digest = "text " + hashlib.sha256(page.text.encode("utf-8")).hexdigest()
                digests[page.path] = digest
            if previous is not None and previous.unchanged_in(docs_dir, page.path, digest):
                kept.append(page.path)
            else:
                pages.append(page)
    published = sum(1 for a in articles if a.duplicate_of is None)
    state = SiteState(
        code, str(seeds_dir.resolve()), str(docs_dir.resolve()), inputs, records,
        {path: PageRecord(digest, None) for path, digest in digests.items()}, problems, published, spans=memo.spans,
    )
    return GeneratedSite(pages=tuple(pages), articles=articles, problems=problems, timings=clock.figures(),
                         published=published, kept=tuple(kept), state=state)


def _name(seed: tuple[SeedBytes, dict] | KnownSeed) -> str:
    return seed.path.name if isinstance(seed, KnownSeed) else seed[0].name
