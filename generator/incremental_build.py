"""MkDocs builds that render only the pages whose Markdown changed, when that is provably safe.

``mkdocs build --dirty`` (MkDocs 1.6) renders a page when its Markdown is
newer than its HTML and does not even read the others, so after it:

- the search index holds the rebuilt pages' records only (Material merges
  its previous in-memory index under ``serve --dirty`` by URL prefix, which
  also drops the pages below an edited section page, and only in ``serve``);
- every other page's navigation, previous/next links and title go stale when
  a title changes or a page is added or removed;
- a 전체 보기 part keeps the old copy of the pages it gathers;
- links to an anchor that disappeared are no longer checked.

This build is the same build as MkDocs' (same events, same order) with one
difference: a page whose Markdown has the digest it had at the last build is
neither read nor rendered; its title, front matter and anchors come from the
state kept after that build (``BuildState``), and its HTML is hard-linked from
the previous site. It is used only when nothing but page text changed: the
config, the navigation file, the theme overrides, the generator's code
(hooks, templates), the environment the config reads and the set of files
are as they were, the previous site is the one the
state describes, and every rebuilt page keeps its title, anchors and the list
of pages it gathers (전체 보기). A 전체 보기 part is rebuilt when a page it
gathers is. The search index is the previous build's, with the rebuilt
pages' records put in their places (``merge_search_records``, called by the
hook before the Korean rewrite), so it is byte-identical to a full build's.
Anything else falls back to a full build, which records a new state.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Callable

from .cache import PACKAGE, _folder_digest, write_pickle

log = logging.getLogger("mkdocs.atlas")

STATE_FORMAT = "atlas-mkdocs-state/1"
# The config reads these (mkdocs.yml's !ENV) or the build stamps them into every page; the
# navigation file (ATLAS_NAV_FILE) counts by its content, not its path (a staging folder).
ENV_INPUTS = ("ATLAS_SITE_URL", "ATLAS_OFFLINE_ZIP", "SOURCE_DATE_EPOCH")
# Site folders rewritten whole on every build, never linked from the previous site.
REWRITTEN_DIRS = ("search", "downloads")
# Past this share of changed pages a full build costs about the same and is simpler.
MAX_CHANGED_SHARE = 0.25
RAW_INDEX = "search/search_index.json"


@dataclass(frozen=True)
class PageMemo:
    """What other pages and the search index need of one page, as last built."""

    digest: str
    title: str | None
    meta: dict[str, Any]
    anchors: frozenset[str] | None
    links: dict[str, frozenset[str]]  # src_uri of another page → the anchors in it this page links to


@dataclass(frozen=True)
class BuildState:
    """The last successful build: its inputs, every page's memo, its raw search records, its site."""

    fingerprint: str
    files: dict[str, str]  # every docs file (relative path) → SHA-256 of its bytes
    pages: dict[str, PageMemo]  # src_uri → memo
    search_config: dict[str, Any]
    records: dict[str, list[dict[str, Any]]]  # page URL → its search records, in order
    site_digest: str


@dataclass(frozen=True)
class BuildOutcome:
    """How a build went: incremental or full (and why), how many pages were rendered."""

    incremental: bool
    rendered: int
    reason: str


class _Unsafe(Exception):
    """An incremental build found it cannot match a full build; the caller builds in full."""


@dataclass
class _Run:
    """One build in progress, seen by the hook through the module functions below."""

    rebuilt: set[str] | None  # src_uris rendered; None in a full build
    previous: BuildState | None
    previous_site: Path | None = None  # the site being replaced (the search index keeps what it can of it)
    page_urls: list[tuple[str, str]] = field(default_factory=list)  # (src_uri, url) in build order
    search_config: dict[str, Any] = field(default_factory=dict)
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


_run: _Run | None = None


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


def merge_search_records(index: Path) -> None:
    """Called by the hook on Material's raw ``search_index.json``, before the Korean rewrite.

    In a full build, remember every page's records for the next build; in an
    incremental one, the index of a full build is the previous records of
    every page not rebuilt and the new ones of the rebuilt pages, in build
    order. The file then lists every page (``atlas_pages``: location, record
    count) and holds the rebuilt pages' records only (and their previous
    ones, ``atlas_previous``): the rewrite
    (``search_update``) takes the others from the previous build, or asks for
    them (``write_all_search_records``). Outside these builds (another builder), nothing.
    """
    if _run is None:
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    fresh: dict[str, list[dict[str, Any]]] = {}
    for record in data["docs"]:
        fresh.setdefault(_page_of(record["location"]), []).append(record)
    if _run.rebuilt is None:
        _run.search_config, _run.records = data["config"], fresh
        return
    assert _run.previous is not None
    rebuilt_urls = {url for src, url in _run.page_urls if src in _run.rebuilt}
    if data["config"] != _run.previous.search_config or not set(fresh) <= rebuilt_urls:
        raise _Unsafe("the search index's settings or pages differ from the last build")
    records = {url: (fresh.get(url, []) if url in rebuilt_urls else _run.previous.records.get(url, []))
               for _, url in _run.page_urls}
    records = {url: found for url, found in records.items() if found}
    _run.search_config, _run.records = data["config"], records
    listed = [[url, len(found)] for url, found in records.items()]
    docs = [record for url in records if url in rebuilt_urls for record in records[url]]
    # As Material's search plugin writes it (generate_search_index), plus the list of pages.
    # The rebuilt pages' previous records: the rewrite compares their postings and leaves untouched shards alone.
    before = {url: _run.previous.records[url] for url in rebuilt_urls if url in _run.previous.records}
    text = json.dumps(
        {"config": data["config"], "docs": docs, "atlas_pages": listed, "atlas_previous": before}, separators=(",", ":"), default=str,
    )
    index.write_bytes(text.encode("utf-8"))


def write_all_search_records(index: Path) -> None:
    """Write every page's records into ``index``, as a full build's search plugin would (after ``merge_search_records``)."""
    if _run is None:
        return
    docs = [record for found in _run.records.values() for record in found]
    text = json.dumps({"config": _run.search_config, "docs": docs}, separators=(",", ":"), default=str)
    index.write_bytes(text.encode("utf-8"))


def previous_site() -> Path | None:
    """The site this build replaces, if the build knows one (the search index reuses its unchanged files)."""
    return _run.previous_site if _run is not None else None


def kept_print_pages() -> dict[str, list[str]]:
    """The 전체 보기 parts an incremental build did not rebuild: src_uri → the pages they gather (as last built).

    The hook needs every part to know where each page is gathered, and fills only the rebuilt ones.
    """
    if _run is None or _run.rebuilt is None or _run.previous is None:
        return {}
    return {
        src: list(memo.meta["print_pages"])
        for src, memo in _run.previous.pages.items()
        if memo.meta.get("print_pages") and src not in _run.rebuilt
    }


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def docs_digests(docs_dir: Path) -> dict[str, str]:
    """Every file in ``docs_dir`` (relative path) → SHA-256 of its bytes."""
    return {
        path.relative_to(docs_dir).as_posix(): _file_digest(path)
        for path in sorted(docs_dir.rglob("*")) if path.is_file()
    }


def fingerprint(config_file: Path, overrides: Path | None) -> str:
    """A digest of everything but the docs that a page's HTML depends on."""
    import material
    import mkdocs

    digest = hashlib.sha256(STATE_FORMAT.encode() + b"\0")
    digest.update(f"{mkdocs.__version__} {getattr(material, '__version__', '')}".encode() + b"\0")
    digest.update(config_file.read_bytes() + b"\0")
    for name in ENV_INPUTS:
        digest.update(f"{name}={os.environ.get(name, '')}".encode() + b"\0")
    nav_file = os.environ.get("ATLAS_NAV_FILE")
    if nav_file and Path(nav_file).is_file():
        digest.update(Path(nav_file).read_bytes() + b"\0")
    digest.update(_folder_digest(PACKAGE, "*.py") + _folder_digest(PACKAGE / "templates", "*"))
    if overrides is not None and overrides.is_dir():
        digest.update(_folder_digest(overrides.resolve(), "*"))
    return digest.hexdigest()


def site_digest(site_dir: Path) -> str:
    """A digest of the files that change with every different build, to know a site is the one a state describes."""
    digest = hashlib.sha256()
    for rel in ("sitemap.xml", "404.html", RAW_INDEX):
        path = site_dir / rel
        digest.update(rel.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-") + b"\0")
    return digest.hexdigest()


def load_state(path: Path) -> BuildState | None:
    """The state of the last build, or None (absent, damaged, foreign: a full build follows)."""
    try:
        with open(path, "rb") as handle:
            found = pickle.load(handle)
    except Exception:  # the cache is the user's own folder; anything unreadable is a miss
        return None
    return found if isinstance(found, BuildState) else None


def save_state(path: Path, state: BuildState) -> None:
    """Write the state atomically (temporary file, then rename)."""
    write_pickle(path, state)


def _plan(state: BuildState | None, print_: str, digests: dict[str, str], previous_site: Path | None) -> tuple[set[str] | None, str]:
    """The pages to render (None: all) and, for a full build, why."""
    if state is None:
        return None, "no state of a previous build"
    if state.fingerprint != print_:
        return None, "config, navigation, theme, code or environment changed"
    if previous_site is None or not previous_site.is_dir() or site_digest(previous_site) != state.site_digest:
        return None, "the previous site is not the one last built"
    if set(digests) != set(state.files):
        return None, "files were added or removed"
    if any(rel.split("/")[0] in REWRITTEN_DIRS for rel in digests):  # their old HTML would not be kept
        return None, f"the docs have a folder named like {' or '.join(REWRITTEN_DIRS)}"
    # Other files (data exports, images) are copied afresh by every build and no page shows their content.
    changed = {rel for rel, digest in digests.items() if state.files[rel] != digest and rel in state.pages}
    if len(changed) > MAX_CHANGED_SHARE * max(1, len(state.pages)):
        return None, f"{len(changed)} pages changed"
    # A 전체 보기 part shows the pages it gathers: rebuild it with them.
    parts = {src for src, memo in state.pages.items() if changed & set(memo.meta.get("print_pages", ()))}
    return changed | parts, ""


def _memo(page: Any) -> PageMemo:
    """A rendered page's memo (its digest is filled in by the caller)."""
    anchors = frozenset(page.present_anchor_ids) if page.present_anchor_ids is not None else None
    links = {to.src_uri: frozenset(found) for to, found in (page.links_to_anchors or {}).items()}
    return PageMemo("", page.title, dict(page.meta), anchors, links)


def _link_previous(previous_site: Path, site_dir: Path) -> None:
    """Hard-link every file of the previous site the build did not write (copy where links fail).

    One ``mkdir`` per folder and no look before each link: at 10,000 articles
    there are tens of thousands of files and each system call counts.
    """
    for root, dirs, names in os.walk(previous_site):
        rel_root = os.path.relpath(root, previous_site)
        if rel_root == ".":
            dirs[:] = [d for d in dirs if d not in REWRITTEN_DIRS]
        target_root = os.path.join(site_dir, rel_root)
        os.makedirs(target_root, exist_ok=True)
        for name in names:
            source, target = os.path.join(root, name), os.path.join(target_root, name)
            try:
                os.link(source, target)
            except FileExistsError:  # written by this build
                continue
            except OSError:
                if not os.path.exists(target):
                    shutil.copy2(source, target)


def _copy_static_files(files: Any, inclusion: Callable[[Any], bool], unchanged: Callable[[Any], bool]) -> None:
    """MkDocs' ``Files.copy_static_files``, leaving out the files ``unchanged`` says the previous site holds as they are.

    Those are hard-linked from it with the pages not rendered, so a rebuild
    writes no new copy of the theme's assets (and frees none of the last ones).
    """
    for file in files:
        if not file.is_documentation_page() and inclusion(file.inclusion) and not unchanged(file):
            file.copy_file()


def _kept_static_file(config: Any, last: dict[str, str], digests: dict[str, str], file: Any) -> bool:
    """Whether the previous site holds ``file`` as this build would copy it.

    A theme file is unchanged when the fingerprint is (it covers the theme's
    version and the overrides); a docs file when its digest is; a file a
    plugin made is always written.
    """
    if file.generated_by is not None or file.abs_src_path is None:
        return False
    if file.src_dir is not None and Path(file.src_dir) == Path(config.docs_dir):
        return file.src_uri in last and last[file.src_uri] == digests.get(file.src_uri)
    return any(Path(file.src_dir) == Path(folder) for folder in config.theme.dirs)


def _mkdocs_build(
    config: Any, rebuilt: set[str] | None, state: BuildState | None, previous_site: Path | None, serving: bool,
    digests: dict[str, str] | None = None,
) -> dict[str, PageMemo]:
    """MkDocs 1.6's ``build`` (mkdocs/commands/build.py), rendering only ``rebuilt`` (None: every page).

    The steps follow MkDocs' own function (MkDocs, BSD-2-Clause, © Tom Christie and
    contributors) and call its page-level functions; MkDocs is pinned in
    pyproject.toml, and tests/test_incremental_build.py checks a full build
    here is byte-identical to MkDocs' ``build``.

    Returns the memo of every page rendered.
    """
    from mkdocs import utils
    from mkdocs.commands.build import _build_extra_template, _build_page, _build_theme_template, _populate_page
    from mkdocs.exceptions import Abort, BuildError
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    if config.strict:
        logger.addHandler(warning_counter)
    inclusion = InclusionLevel.is_in_serve if serving else InclusionLevel.is_included
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        rendered: dict[str, PageMemo] = {}
        for file in files.documentation_pages(inclusion=inclusion):
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            page = file.page
            assert page is not None
            if _run is not None:
                _run.page_urls.append((file.src_uri, page.url))
            if rebuilt is None or file.src_uri in rebuilt:
                _populate_page(page, config, files)
                continue
            assert state is not None
            memo = state.pages[file.src_uri]
            page.title = memo.title  # type: ignore[misc]  # a weak_property: settable, as MkDocs documents
            page.meta = memo.meta
            page.present_anchor_ids = set(memo.anchors) if memo.anchors is not None else None

        if rebuilt is not None:
            assert state is not None
            removed: dict[str, frozenset[str]] = {}
            for src in sorted(rebuilt):
                page = files.get_file_from_path(src).page  # type: ignore[union-attr]
                memo = state.pages[src]
                if page.title != memo.title:
                    raise _Unsafe(f"the title of {src} changed")
                if gone := (memo.anchors or frozenset()) - frozenset(page.present_anchor_ids or ()):
                    removed[src] = gone
                if page.meta.get("print_pages") != memo.meta.get("print_pages"):
                    raise _Unsafe(f"the pages {src} gathers changed")
            # A page not rebuilt that links to an anchor gone from a rebuilt page: a full build warns of it.
            for src, memo in state.pages.items():
                if src not in rebuilt and any(anchors & removed.get(to, frozenset()) for to, anchors in memo.links.items()):
                    raise _Unsafe(f"{src} links to an anchor that is gone")

        env = config.plugins.on_env(env, config=config, files=files)
        if rebuilt is None:
            files.copy_static_files(inclusion=inclusion)
        else:
            assert state is not None and digests is not None
            _copy_static_files(files, inclusion, partial(_kept_static_file, config, state.files, digests))
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)
        doc_files = files.documentation_pages(inclusion=inclusion)
        for file in doc_files:
            if rebuilt is None or file.src_uri in rebuilt:
                assert file.page is not None
                _build_page(file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())
                rendered[file.src_uri] = _memo(file.page)
        log_level = config.validation.links.anchors
        for file in doc_files:
            if rebuilt is None or file.src_uri in rebuilt:
                assert file.page is not None
                file.page.validate_anchor_links(files=files, log_level=log_level)
        if rebuilt is not None:
            assert previous_site is not None
            # Before the hooks' post-build work, which reads the gathered pages' HTML.
            _link_previous(previous_site, Path(config.site_dir))
        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            raise Abort(f"Aborted with {', '.join(f'{v} {k.lower()}s' for k, v in counts)} in strict mode!")
        return rendered
    except _Unsafe:
        raise
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        if isinstance(exc, BuildError):
            log.error(str(exc))
            raise Abort("Aborted with a BuildError!") from exc
        raise
    finally:
        logger.removeHandler(warning_counter)


def build(
    load_config: Callable[[], Any], docs_dir: Path, site_dir: Path, state_file: Path | None, previous_site: Path | None,
    *, serving: bool = False,
) -> BuildOutcome:
    """Build ``docs_dir`` into the empty ``site_dir``: incrementally from ``previous_site`` where safe, else in full.

    ``load_config`` gives a freshly loaded MkDocs config (a fall-back after
    an incremental attempt starts again from a new one). Without
    ``state_file``, always a full build, and nothing is recorded.
    """
    global _run
    config = load_config()
    digests = docs_digests(docs_dir)
    overrides = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    print_ = fingerprint(Path(config.config_file_path), overrides)
    state = load_state(state_file) if state_file is not None else None
    rebuilt, reason = _plan(state, print_, digests, previous_site)
    if state_file is None:
        reason = "no state kept"
    started = time.perf_counter()
    if rebuilt is not None:
        _run = _Run(rebuilt, state, previous_site)
        try:
            rendered = _mkdocs_build(config, rebuilt, state, previous_site, serving, digests)
        except _Unsafe as exc:
            reason = str(exc)
            rebuilt = None
            shutil.rmtree(site_dir, ignore_errors=True)
            site_dir.mkdir(parents=True)
            config = load_config()
        finally:
            run, _run = _run, None
    if rebuilt is None:
        _run = _Run(None, None, previous_site)
        try:
            rendered = _mkdocs_build(config, None, None, None, serving)
        finally:
            run, _run = _run, None
    log.debug("atlas build: %d pages in %.2f s", len(rendered), time.perf_counter() - started)
    if state_file is not None:
        pages = {} if rebuilt is None or state is None else dict(state.pages)
        pages.update(rendered)
        pages = {src: replace(m, digest=digests.get(src, "")) for src, m in pages.items()}
        save_state(state_file, BuildState(print_, digests, pages, run.search_config, run.records, site_digest(site_dir)))
    return BuildOutcome(rebuilt is not None, len(rendered), reason)


def serve_builder(state_file: Path) -> Callable[..., None]:
    """A stand-in for MkDocs' ``build`` under ``mkdocs serve``: each rebuild is incremental where safe.

    MkDocs serves ``config.site_dir``; the build goes into a folder beside it,
    which then takes its place (two renames), so a reload never sees half a site.
    """
    from mkdocs.config import load_config

    def serve_build(config: Any, *, serve_url: str | None = None, dirty: bool = False) -> None:
        site = Path(config.site_dir)
        staging = Path(tempfile.mkdtemp(prefix=f"{site.name}-next-", dir=site.parent))
        configs = [config]

        def fresh_config() -> Any:
            if configs:  # the first is MkDocs' own; a fall-back gets a new one, as MkDocs' next rebuild would
                found = configs.pop()
            else:
                found = load_config(config_file=config.config_file_path, docs_dir=config.docs_dir, strict=config.strict)
                found.site_url = config.site_url
            found.site_dir = str(staging)
            return found

        try:
            outcome = build(fresh_config, Path(config.docs_dir), staging, state_file, site, serving=serve_url is not None)
            trash = staging.with_name(staging.name + "-previous")
            os.replace(site, trash)
            os.replace(staging, site)
            shutil.rmtree(trash, ignore_errors=True)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        config.site_dir = str(site)
        log.info("%d pages rendered (%s)", outcome.rendered, "incremental" if outcome.incremental else outcome.reason)

    return serve_build
