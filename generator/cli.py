"""Command line: ``python -m generator generate|build|serve``."""
from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import shutil
import sys
import threading
import time
from dataclasses import replace
from typing import Any
from pathlib import Path

from .cache import ArticleCache
from .compare import RegionCache
from .errors import AtlasError
from .incremental_build import serve_builder
from .search_index import rewrite_seconds
from .search_reader import wait_seconds as reader_wait_seconds
from .pipeline import generate_site, no_cycle_collection
from .read import DEFAULT_MAX_SEED_BYTES
from .verify import verify
from .models import GeneratedSite
from .offline import DOWNLOADS, check_offline_shim, export_offline, offline_zip_name, source_date_epoch
from .pdf import default_pdf_path, print_to_pdf
from .memory import return_freed_memory
from .site_state import StateFile
from .site import build_site, handwritten_pages, mkdocs_build, staged_docs, use_navigation_of, write_docs, write_docs_from

REPO = Path(__file__).resolve().parent.parent
# In the cache folder: what the last site build rendered, for an incremental next one.
MKDOCS_STATE = "mkdocs-state.pickle"
MKDOCS_SERVE_STATE = "mkdocs-serve-state.pickle"  # serve's pages differ (no CSP, its own address)
SITE_STATE = "site-state.pickle"  # what the last generate left in the docs folder (``site_state``)
OFFLINE_MEMBERS = "offline"  # the last offline zip and its members, so the next compresses only what changed


def _add_generate_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds", metavar="DIR", help="seed folder (default: %(default)s)")
    parser.add_argument("--docs", type=Path, default=REPO / "docs", metavar="DIR", help="docs folder to write into (default: %(default)s)")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first bad seed and write nothing (default: skip it, report it, go on)",
    )
    parser.add_argument(
        "--max-seed-bytes", type=int, default=DEFAULT_MAX_SEED_BYTES, metavar="N", help="largest seed accepted (default: %(default)s)"
    )
    parser.add_argument(
        "--cache", type=Path, default=REPO / ".cache", metavar="DIR",
        help="Kiwi's work on each article and on the search index, reused while the text, the rules and the "
        "code are unchanged; safe to delete (default: %(default)s)",
    )
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
        help="processes for analysing many uncached seeds; the output is the same for any N (default: %(default)s)",
    )
    parser.add_argument("--timings", action="store_true", help="print seconds per stage on stderr")


def _add_site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=REPO / "mkdocs.yml", metavar="FILE", help="MkDocs config (default: %(default)s)")


def _add_dist_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dist", type=Path, default=REPO / "dist", metavar="DIR", help="where exports go (default: %(default)s)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="지역 AI 아틀라스: turn scraped Korean articles (seeds/*.txt) into a MkDocs Material site.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    gen = sub.add_parser("generate", help="seeds → cleaned Markdown pages in the docs folder")
    _add_generate_options(gen)

    build = sub.add_parser("build", help="generate, then build the static site (mkdocs build --strict) and derive its offline zip")
    _add_generate_options(build)
    _add_site_options(build)
    _add_dist_option(build)
    build.add_argument("--site-dir", type=Path, default=REPO / "site", metavar="DIR", help="site output folder (default: %(default)s)")

    offline = sub.add_parser("offline", help="generate, then export the site for file:// as dist/<name>-offline-<date>.zip")
    _add_generate_options(offline)
    _add_site_options(offline)
    _add_dist_option(offline)

    pdf = sub.add_parser("pdf", help="print the built site's 전체 보기 parts to dist/<name>-<date>-<part>.pdf (headless Chromium)")
    pdf.add_argument("--site-dir", type=Path, default=REPO / "site", metavar="DIR", help="built site to print (default: %(default)s)")
    _add_dist_option(pdf)

    check = sub.add_parser("verify", help="re-hash the seeds and report pages whose seed changed or vanished")
    check.add_argument("--seeds", type=Path, default=REPO / "seeds", metavar="DIR", help="seed folder (default: %(default)s)")
    check.add_argument("--docs", type=Path, default=REPO / "docs", metavar="DIR", help="docs folder to check (default: %(default)s)")

    serve = sub.add_parser("serve", help="generate, then preview with live reload; edits to seeds regenerate")
    _add_generate_options(serve)
    _add_site_options(serve)
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="address to serve on (default: %(default)s)")
    return parser


def _article_cache(args: argparse.Namespace) -> ArticleCache:
    """The article cache; ``serve`` keeps one in memory across its regenerations (``args.article_cache``)."""
    return getattr(args, "article_cache", None) or ArticleCache(args.cache / "articles")


def _generated(args: argparse.Namespace) -> GeneratedSite:
    """Run the generator (nothing written yet); print one line per skipped seed."""
    site = generate_site(
        args.seeds, strict=args.strict, max_seed_bytes=args.max_seed_bytes, handwritten=tuple(handwritten_pages(args.docs)),
        cache=_article_cache(args), jobs=max(1, args.jobs), state_file=StateFile(args.cache / SITE_STATE), docs_dir=args.docs,
        region_cache=getattr(args, "region_cache", None),
    )
    os.environ["ATLAS_CACHE"] = str(args.cache.resolve())  # for the search hook in build and serve
    for problem in site.problems:
        print(f"skipped {problem}", file=sys.stderr)
    return site


def _write(args: argparse.Namespace, site: GeneratedSite, staged: tuple[Path, tuple[str, ...]] | None = None) -> None:
    """Write the generated pages into the docs folder and say what changed.

    ``staged``: the staged docs folder and the generated pages' paths in it,
    when the pages were let go of after staging (``build``, ``offline``).
    """
    start = time.perf_counter()
    state_file = StateFile(args.cache / SITE_STATE)
    state_file.discard()  # until the docs folder is written: a run stopped in between leaves no state
    if staged:
        summary = write_docs_from(staged[0], staged[1], args.docs, site.kept)
    else:
        summary = write_docs(site.pages, args.docs, site.kept)
    if site.state is not None:
        state_file.save(site.state, args.docs)
    timings = dict(site.timings, write=time.perf_counter() - start)
    published = site.published
    print(
        f"generated {published} articles into {args.docs}: "
        f"{len(summary.written)} written, {len(summary.unchanged)} unchanged, {len(summary.removed)} removed"
    )
    if args.timings:
        _print_timings(timings)


def generate(args: argparse.Namespace) -> int:
    """Run the generator and write the docs folder; print one line per problem."""
    with no_cycle_collection():  # the written state's pickling too would set it walking every article
        _write(args, _generated(args))
    if getattr(args, "article_cache", None) is not None:
        # ``serve`` holds the entries for the whole session: set them apart
        # from the cycle collector, which would otherwise walk them all on
        # every pass (MkDocs' rebuilds included).
        gc.collect()
        gc.freeze()
    return 0


def _print_timings(timings: dict[str, float]) -> None:
    print("timings: " + json.dumps({k: round(v, 4) for k, v in timings.items()}), file=sys.stderr)


def _watch_seeds(args: argparse.Namespace, stop: threading.Event) -> None:
    def snapshot() -> dict[str, tuple[float, int]]:
        seen = {}
        for path in args.seeds.glob("*.txt"):
            try:
                stat = path.stat()
            except OSError:  # removed between listing and stat
                continue
            seen[path.name] = (stat.st_mtime, stat.st_size)
        return seen

    seen = snapshot()
    while not stop.wait(0.5):
        now = snapshot()
        if now != seen:
            seen = now
            try:
                generate(args)
            except AtlasError as exc:
                print(f"error: {exc}", file=sys.stderr)


def serve(args: argparse.Namespace) -> int:
    """Generate, then serve with MkDocs' live reload while watching the seeds.

    MkDocs' messages (serving address, rebuilds, warnings) are shown as
    ``mkdocs serve`` shows them, so a page that breaks a rebuild says why.
    """
    from mkdocs.commands import serve as serve_module
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    # One article cache for the whole session, holding its entries in memory:
    # a saved seed then costs its own analysis, not loading every other entry again.
    args.article_cache = ArticleCache(args.cache / "articles", in_memory=True)
    args.region_cache = RegionCache()  # and the regions compared: a saved seed compares only its own again
    generate(args)
    use_navigation_of(args.docs)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_seeds, args=(args, stop), daemon=True)
    watcher.start()
    messages = logging.StreamHandler(sys.stderr)
    messages.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(messages)
    logger.setLevel(logging.INFO)
    # MkDocs' server, with each (re)build made by the incremental build: a saved seed
    # re-renders the pages that changed, not the whole site.
    mkdocs_build_in_serve = serve_module.build
    serve_module.build = serve_builder(args.cache / MKDOCS_SERVE_STATE)  # type: ignore[assignment]
    try:
        mkdocs_serve(config_file=str(args.config), livereload=True, dev_addr=args.dev_addr, docs_dir=str(args.docs.resolve()))
    except MkDocsException as exc:  # its cause was logged just above
        raise AtlasError(f"mkdocs serve failed: {' '.join(str(exc).split())}") from None
    finally:
        serve_module.build = mkdocs_build_in_serve
        stop.set()
        logger.removeHandler(messages)
    return 0


def verify_command(args: argparse.Namespace) -> int:
    """Print one line per page/seed mismatch; exit status 1 if there is any."""
    findings = verify(args.seeds, args.docs)
    for finding in findings:
        print(finding)
    print(f"verified {args.docs} against {args.seeds}: {len(findings)} problem(s)", file=sys.stderr)
    return 1 if findings else 0


def build_command(args: argparse.Namespace) -> int:
    """Generate, build the site, derive the offline zip from it and put a copy under ``downloads/``.

    The build reads a staged copy of the docs folder; the docs folder, the
    site and the zip in the dist folder change only once it succeeded.
    """
    check_offline_shim()
    # Only the pages and counts are needed from here on: letting go of the
    # articles (lines, blocks, facts) before MkDocs holds every page keeps the
    # build's peak memory down; so does letting go of the pages once staged.
    site = replace(_generated(args), articles=())
    paths = tuple(page.path for page in site.pages)
    start = time.perf_counter()
    # Sets SOURCE_DATE_EPOCH first: one date for the zip, its name and the sitemap.
    name = offline_zip_name(source_date_epoch())
    made: dict[str, Any] = {}
    with staged_docs(site.pages, args.docs, site.kept) as docs:
        site = replace(site, pages=())  # MkDocs and write_docs_from read them from the staged folder
        return_freed_memory()

        def offline(built: Path) -> dict[str, Path]:
            begin = time.perf_counter()
            made["archive"] = export_offline(built, docs.parent, args.cache / OFFLINE_MEMBERS)
            made["seconds"] = time.perf_counter() - begin
            return {f"{DOWNLOADS}/{name}": made["archive"]}

        outcome = build_site(
            args.config, docs, args.site_dir, extra_files=offline, shown_docs_dir=args.docs,
            state_file=args.cache / MKDOCS_STATE, ATLAS_OFFLINE_ZIP=name,
        )
        build_seconds = time.perf_counter() - start
        args.dist.mkdir(parents=True, exist_ok=True)
        shutil.move(made["archive"], args.dist / name)
        _write(args, site, (docs, paths))
    print(f"built site into {args.site_dir} (offline export: {args.dist / name})")
    print(f"mkdocs: {outcome.rendered} pages rendered, " + ("only those changed" if outcome.incremental else f"a full build ({outcome.reason})"))
    if args.timings:
        index_seconds = rewrite_seconds() + reader_wait_seconds()
        offline_seconds = float(made["seconds"])
        _print_timings({
            "offline": offline_seconds,
            "mkdocs": build_seconds - offline_seconds - index_seconds,
            "search-index": index_seconds,
        })
    return 0


def offline_command(args: argparse.Namespace) -> int:
    """Generate, build the site in a scratch folder (no zip link), derive the offline zip from it.

    The docs folder changes only if the export succeeded.
    """
    check_offline_shim()
    site = replace(_generated(args), articles=())  # as in build: MkDocs needs the pages only
    paths = tuple(page.path for page in site.pages)
    source_date_epoch()
    with staged_docs(site.pages, args.docs, site.kept) as docs:
        site = replace(site, pages=())
        return_freed_memory()
        mkdocs_build(args.config, docs, docs.parent / "site", shown_docs_dir=args.docs, ATLAS_OFFLINE_ZIP="")
        archive = export_offline(docs.parent / "site", args.dist, args.cache / OFFLINE_MEMBERS)
        _write(args, site, (docs, paths))
    print(f"wrote {archive}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; errors are one line on stderr and exit status 1."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "generate":
            return generate(args)
        if args.command == "build":
            return build_command(args)
        if args.command == "offline":
            return offline_command(args)
        if args.command == "pdf":
            for written in print_to_pdf(args.site_dir, default_pdf_path(args.dist)):
                print(f"wrote {written}")
            return 0
        if args.command == "verify":
            return verify_command(args)
        return serve(args)
    except AtlasError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not bad input: still one line, traceback on request
        if os.environ.get("ATLAS_DEBUG"):
            raise
        print(f"error: internal error ({exc.__class__.__name__}: {exc}); set ATLAS_DEBUG=1 for the traceback", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
