"""Stage 8 — write the generated pages and build the site, atomically.

The generator owns exactly three things in the docs folder: ``index.md``,
the ``atlas/`` folder and the ``data/`` folder (downloads). Changed files are
written to a staging folder first and renamed into place, with the old ones
put back if a rename fails, so a failed run leaves the previous output as it
was (see ``_replace_owned``). Files whose bytes did not change are not
touched (they keep their modification time), so live reload only sees real edits.
Everything else in ``docs/`` is hand-written and never touched.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import yaml

from . import incremental_build
from .errors import AtlasError, yaml_problem
from .incremental_build import BuildOutcome
from .front_matter import read_front_matter
from .models import RenderedPage
from .render import GENERATED_DIR, NAV_FILE
from .render_compare import DATA_DIR

HOME = "index.md"
OWNERSHIP_KEY = "atlas_page"
# Each owned folder and the file that proves the generator made it.
OWNED_DIRS = {GENERATED_DIR: Path(NAV_FILE).name, DATA_DIR: "articles.json"}


@dataclass(frozen=True)
class WriteSummary:
    """What a write changed."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def check_ownership(docs_dir: Path) -> None:
    """Refuse to overwrite a hand-written ``index.md`` or a foreign ``atlas/``."""
    home = docs_dir / HOME
    if home.exists() and OWNERSHIP_KEY not in read_front_matter(home):
        raise AtlasError(f"{home}: hand-written page in the generator's place; move it (the generator writes {HOME})")
    for folder, marker in OWNED_DIRS.items():
        generated = docs_dir / folder
        if generated.exists() and not (generated / marker).exists():
            raise AtlasError(f"{generated}: folder exists but was not made by the generator; move it or pick another --docs")


def handwritten_pages(docs_dir: Path) -> list[str]:
    """Markdown pages in ``docs_dir`` the generator does not own, sorted."""
    if not docs_dir.is_dir():
        return []
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        if rel == HOME or rel.split("/")[0] in OWNED_DIRS or any(part.startswith(".") for part in path.parts):
            continue
        pages.append(rel)
    return pages


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def write_docs(pages: tuple[RenderedPage, ...], docs_dir: Path, kept: Iterable[str] = ()) -> WriteSummary:
    """Bring ``docs_dir/index.md``, ``atlas/`` and ``data/`` to ``pages``.

    ``kept`` names generated files already in ``docs_dir`` with the right
    bytes (an incremental run did not render them again); they are left as
    they are. Every other file in the generator's folders is removed.
    """
    return _replace_owned(((page.path, page.text.encode("utf-8")) for page in pages), docs_dir, kept)


def write_docs_from(staged: Path, paths: Iterable[str], docs_dir: Path, kept: Iterable[str] = ()) -> WriteSummary:
    """Like ``write_docs``, with the pages at ``paths`` taken from a staged docs folder (``staged_docs``).

    A changed page is hard-linked from there, so ``build`` need not hold
    every page's text in memory while MkDocs runs.
    """
    return _replace_owned(((path, staged / path) for path in paths), docs_dir, kept)


def _replace_owned(pages: Iterable[tuple[str, bytes | Path]], docs_dir: Path, kept: Iterable[str] = ()) -> WriteSummary:
    """Bring the generator's files in ``docs_dir`` to ``pages`` (path, bytes or a file holding them), in place.

    Only what changed is touched, so an edit to one seed costs a few files,
    not the ~10,000 of a whole atlas. Still, a failed run never leaves a
    half-written docs folder:

    1. every changed file is first written whole into a staging folder
       beside ``docs_dir`` (same file system), and every folder it needs is
       made: all that can run out of space or hit a bad path happens here,
       before ``docs_dir`` is touched;
    2. then each change is applied by one ``os.replace`` (or an unlink for a
       removed file), after hard-linking the old file into the staging
       folder; if any of these fails (permissions changed under us, a full
       directory block), the files already replaced are put back from those
       links and the error is raised, so ``docs_dir`` is as it was.

    What is left is a process killed between two renames of step 2 (each
    file is then whole, old or new): the incremental state is deleted before
    step 2 (``pipeline``), so the next run renders and compares every page.
    """
    check_ownership(docs_dir)
    docs_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".atlas-staging-", dir=docs_dir.parent))
    written: list[str] = []
    unchanged: list[str] = []
    new_paths: set[str] = set()
    try:
        for path, content in pages:
            _check_owned(path)
            new_paths.add(path)
            previous = docs_dir / path
            if isinstance(content, Path) and _same_file(content, previous):  # staged_docs linked it: unchanged
                unchanged.append(path)
                continue
            data = content.read_bytes() if isinstance(content, Path) else content
            if _same_bytes(previous, data):
                unchanged.append(path)
                continue
            target = staging / "new" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                _link_or_copy(content, target)
            else:
                target.write_bytes(data)
            written.append(path)
        present = set(_owned_files(docs_dir))
        for path in kept:
            _check_owned(path)
            if path in new_paths or path not in present:
                raise AtlasError(f"internal: kept page {path} is missing from {docs_dir} or was rendered again")
            new_paths.add(path)
            unchanged.append(path)
        removed = sorted(present - new_paths - {HOME})  # every run generates the home page
        for path in written:
            (docs_dir / path).parent.mkdir(parents=True, exist_ok=True)
        _apply(docs_dir, staging, written, removed)
        _remove_empty_folders(docs_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return WriteSummary(tuple(written), tuple(unchanged), tuple(removed))


def _owned_files(docs_dir: Path) -> list[str]:
    """Every file in the generator's folders of ``docs_dir``, relative to it (``os.walk``: pathlib's
    ``rglob`` took seconds over the 10,600 files of a 10,000-article atlas)."""
    found = [HOME] if (docs_dir / HOME).is_file() else []
    for folder in OWNED_DIRS:
        for root, _, files in os.walk(docs_dir / folder):
            prefix = os.path.relpath(root, docs_dir).replace(os.sep, "/")
            found.extend(f"{prefix}/{name}" for name in files)
    return found


def _check_owned(path: str) -> None:
    if path != HOME and path.split("/")[0] not in OWNED_DIRS:
        raise AtlasError(f"internal: page {path} is outside the generator's folders")


def _apply(docs_dir: Path, staging: Path, written: list[str], removed: list[str]) -> None:
    """Step 2 of ``_replace_owned``: rename the staged files in, unlink the removed ones; undo all on failure."""
    done: list[tuple[str, bool]] = []  # (path, had an old file)
    try:
        for path, replacement in [*((p, True) for p in written), *((p, False) for p in removed)]:
            target, backup = docs_dir / path, staging / "old" / path
            had_old = target.exists()
            if had_old:
                backup.parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(target, backup)
            if replacement:
                os.replace(staging / "new" / path, target)
            else:
                target.unlink()
            done.append((path, had_old))
    except OSError:
        for path, had_old in reversed(done):
            target = docs_dir / path
            if had_old:
                os.replace(staging / "old" / path, target)
            else:
                target.unlink(missing_ok=True)
        raise


def _remove_empty_folders(docs_dir: Path) -> None:
    """Folders in the generator's folders left empty by removed pages (deepest first)."""
    for folder in OWNED_DIRS:
        for root, _, files in os.walk(docs_dir / folder, topdown=False):
            if not files and root != str(docs_dir / folder):
                with contextlib.suppress(OSError):
                    os.rmdir(root)  # only succeeds when empty (its sub-folders were tried first)


def _linked(source: Path, target: Path) -> bool:
    """Hard-link ``source`` as ``target``; False where the file system cannot."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def use_navigation_of(docs_dir: Path) -> None:
    """Point mkdocs.yml's ``INHERIT`` at the generated navigation of ``docs_dir``."""
    os.environ["ATLAS_NAV_FILE"] = str((docs_dir / NAV_FILE).resolve())


@contextlib.contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables (read by mkdocs.yml's ``!ENV``) for one build."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class _MkDocsMessages(logging.Handler):
    """Keeps what MkDocs logs at WARNING and above during one build (it aborts with a generic line)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if message and message not in self.messages:
            self.messages.append(message)


# At most this many of MkDocs' messages are repeated in the error.
MAX_MESSAGES = 10


def _build_failure(exc: Exception, messages: list[str], docs_dir: Path, shown_docs_dir: Path) -> str:
    """The error of a failed build: what MkDocs said caused it, not only that it aborted."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, yaml.YAMLError):  # mkdocs.yml (or a file it inherits) is not YAML
        mark = getattr(cause, "problem_mark", None)
        where = mark.name if mark and mark.name and not mark.name.startswith("<") else "the MkDocs config"
        messages = [f"{where}: YAML syntax error at {yaml_problem(cause)}"]
    elif not messages:
        messages = [" ".join(str(exc).split())]
    messages = [m.replace(str(docs_dir), str(shown_docs_dir)) for m in messages]
    strict = "in strict mode" in str(exc)
    head = "mkdocs build failed" + (" (strict mode: every warning is an error)" if strict else "")
    if len(messages) == 1:
        return f"{head}: {messages[0]}"
    lines = [f"{head}, {len(messages)} problems:"]
    lines += ["  " + m.replace("\n", "\n    ") for m in messages[:MAX_MESSAGES]]
    if len(messages) > MAX_MESSAGES:
        lines.append(f"  … and {len(messages) - MAX_MESSAGES} more")
    return "\n".join(lines)


def mkdocs_build(
    config_file: Path, docs_dir: Path, site_dir: Path, *, shown_docs_dir: Path | None = None,
    state_file: Path | None = None, previous_site: Path | None = None, **env: str,
) -> BuildOutcome:
    """``mkdocs build --strict`` of ``docs_dir`` into the empty ``site_dir``, with ``env`` set.

    With ``state_file`` (kept between builds) and ``previous_site`` (the site
    last built), only the pages whose Markdown changed are rendered when that
    gives the same site as a full build (see ``incremental_build``).
    A failure is an ``AtlasError`` carrying what MkDocs logged as its cause
    (paths in ``docs_dir`` shown as in ``shown_docs_dir``, for staging folders).
    """
    from mkdocs import exceptions
    from mkdocs.config import load_config

    use_navigation_of(docs_dir)
    collector = _MkDocsMessages()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        with environment(**env):
            return incremental_build.build(
                lambda: load_config(
                    config_file=str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(site_dir), strict=True
                ),
                docs_dir, site_dir, state_file, previous_site,
            )
    except exceptions.MkDocsException as exc:
        raise AtlasError(_build_failure(exc, collector.messages, docs_dir.resolve(), shown_docs_dir or docs_dir)) from None
    finally:
        logger.removeHandler(collector)


@contextlib.contextmanager
def staged_docs(pages: tuple[RenderedPage, ...], docs_dir: Path, kept: Iterable[str] = ()) -> Iterator[Path]:
    """A complete docs folder to build from: ``docs_dir``'s hand-written files plus ``pages``
    (and the generated files ``kept`` as they are in ``docs_dir``).

    It lives in a staging folder beside ``docs_dir`` and is removed on exit,
    so a build that fails leaves ``docs_dir`` exactly as it was; write the
    pages into ``docs_dir`` (``write_docs_from`` the staged folder) once the
    build succeeded, before leaving the ``with``.
    """
    check_ownership(docs_dir)
    docs_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".atlas-staging-", dir=docs_dir.parent))
    try:
        staged = staging / "docs"
        staged.mkdir()
        for rel in [*handwritten_files(docs_dir), *kept]:
            target = staged / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(docs_dir / rel, target)
            except OSError:
                shutil.copy2(docs_dir / rel, target)
        made: set[Path] = set()
        for page in pages:
            target = staged / page.path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            data = page.text.encode("utf-8")
            # An unchanged page is the docs folder's own file, hard-linked: no new file to write now,
            # to compare in write_docs_from or to delete with the staging folder.
            if not _same_bytes(docs_dir / page.path, data) or not _linked(docs_dir / page.path, target):
                target.write_bytes(data)
        pages = ()  # so the caller can let go of them (see ``write_docs_from``)
        yield staged
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def handwritten_files(docs_dir: Path) -> list[str]:
    """Every file in ``docs_dir`` the generator does not own (pages, images…), sorted."""
    if not docs_dir.is_dir():
        return []
    return sorted(
        rel
        for path in docs_dir.rglob("*")
        if path.is_file() and (rel := path.relative_to(docs_dir).as_posix()) != HOME and rel.split("/")[0] not in OWNED_DIRS
    )


def build_site(
    config_file: Path, docs_dir: Path, site_dir: Path,
    extra_files: Callable[[Path], dict[str, Path]] | None = None,
    *, shown_docs_dir: Path | None = None, state_file: Path | None = None, **env: str,
) -> BuildOutcome:
    """Build the site (strict) into a staging folder, add ``extra_files(staging)`` (site path → file), then swap it in.

    ``extra_files`` sees the built site before the swap: the offline export is derived from it there.
    With ``state_file``, the build is incremental where that is safe (see ``mkdocs_build``).
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-staging-", dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a site is for serving
    try:
        outcome = mkdocs_build(
            config_file, docs_dir, staging, shown_docs_dir=shown_docs_dir, state_file=state_file, previous_site=site_dir, **env
        )
        for name, source in (extra_files(staging) if extra_files else {}).items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(source, staging / name)  # the offline zip: hundreds of megabytes at 10,000 articles
        trash = staging.with_name(staging.name + "-previous")
        if site_dir.exists():
            os.replace(site_dir, trash)
        os.replace(staging, site_dir)
        shutil.rmtree(trash, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return outcome
