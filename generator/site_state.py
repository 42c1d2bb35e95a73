"""What the last run left in the docs folder, so the next run redoes only what an edit touched.

One file (``.cache/site-state.pickle``) holds, for the docs folder it was
written into:

- each seed's stat signature and cache key (``SeedRecord``): as git's index
  does, a seed whose size, times and inode are those of the last run is not
  read or hashed again — unless its modification time is within a second of
  the last run's end ("racy": an edit in the same clock tick would not show);
- each generated file's digest and its stat signature once written
  (``PageRecord``). An article page's digest is its entry's key and slug; a
  cross-region page's is a digest of everything its template is given
  (``PageMemo``), so a page whose inputs did not change is read back from
  the docs folder instead of rendered, and an unchanged article page is
  neither loaded nor rewritten;
- for the data exports, joined from one part per article (``PageMemo.joined``),
  where each part lies in the file, so an unchanged article's part is cut
  from the last run's file rather than made again;
- the digest of all the run's inputs: when it is the last run's, every page
  is kept as it is.

Anything that does not match — another docs folder, other code or rules, a
generated file touched by hand — makes that part (or the whole state) a
miss, never a wrong page: the docs folder is written from rendered pages,
and a miss only renders again. The state is deleted before the docs folder
is changed and written again after, so a run that stops half-way leaves
none. Pickled, like the article cache: the user's own folder, read by the
user's own process.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from collections.abc import KeysView
from typing import Any, Callable

import jinja2

from .cache import write_pickle
from .models import RenderedPage, SeedProblem

FORMAT = "atlas-site-state/1"
# A file changed less than this long before the state was written may have
# changed again within the same timestamp tick: it is read, not trusted.
RACY_NS = 1_000_000_000


@dataclass(frozen=True)
class FileStamp:
    """A file's stat signature: size, modification and change times, inode."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int


def file_stamp(path: Path) -> FileStamp | None:
    """The stat signature of ``path``, or None if there is no such file."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return FileStamp(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@dataclass(frozen=True)
class SeedRecord:
    """A seed as the last run saw it: its file's and its override file's stamps, and its cache key."""

    stamp: FileStamp
    override: FileStamp | None
    key: str


@dataclass(frozen=True)
class PageRecord:
    """A generated file as the last run wrote it: the digest of its inputs and its stamp in the docs folder."""

    digest: str
    stamp: FileStamp | None


@dataclass(frozen=True)
class SiteState:
    """The last run's inputs and outputs (see the module's docstring)."""

    code: str
    seeds_dir: str
    docs_dir: str
    inputs: str
    seeds: dict[str, SeedRecord]
    pages: dict[str, PageRecord]
    problems: tuple[SeedProblem, ...]
    published: int
    written_ns: int = 0
    # For a file joined from per-article parts (``PageMemo.joined``): each part's key, start and end in its text.
    spans: dict[str, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)

    def known_key(self, name: str, stamp: FileStamp | None, override: FileStamp | None) -> str | None:
        """The cache key of seed ``name`` if its file and override are as the last run saw them (and not racy)."""
        record = self.seeds.get(name)
        if record is None or stamp is None or record.stamp != stamp or record.override != override:
            return None
        if stamp.mtime_ns >= self.written_ns - RACY_NS or (override and override.mtime_ns >= self.written_ns - RACY_NS):
            return None
        return record.key

    def unchanged_in(self, docs_dir: Path, path: str, digest: str) -> bool:
        """Whether ``docs_dir/path`` holds what the last run wrote there from inputs with this digest."""
        record = self.pages.get(path)
        return record is not None and record.digest == digest and record.stamp == file_stamp(docs_dir / path)

    def docs_as_written(self, docs_dir: Path) -> bool:
        """Whether every generated file is in ``docs_dir`` as the last run left it."""
        return all(record.stamp == file_stamp(docs_dir / path) for path, record in self.pages.items())


def inputs_digest(code: str, parts: list[str]) -> str:
    """One digest of everything a run's output depends on (``parts``: seed keys, problems, hand-written pages)."""
    digest = hashlib.sha256(f"{FORMAT}\0{code}\0".encode())
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


# How deep ``PageMemo`` looks for parts shared between pages before pickling what is below whole.
SHARED_DEPTH = 3


def _composite(value: Any) -> bool:
    """Whether ``value`` is a container or frozen dataclass (a value whose digest may be shared)."""
    return isinstance(value, (tuple, list, dict)) or is_frozen_dataclass(value)


def is_frozen_dataclass(value: Any) -> bool:
    """Whether ``value`` is an instance of a frozen dataclass (its fields cannot be reassigned)."""
    params = getattr(type(value), "__dataclass_params__", None)
    return bool(params and params.frozen)


class StateFile:
    """The site state on disk: read, discard before the docs folder changes, write after."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self, code: str, seeds_dir: Path, docs_dir: Path) -> SiteState | None:
        """The last run's state if it describes these folders with this code and rules; else None."""
        try:
            with open(self.path, "rb") as handle:
                found = pickle.load(handle)
        except Exception:  # absent, damaged or foreign: no state
            return None
        if (
            not isinstance(found, SiteState) or found.code != code
            or found.seeds_dir != str(seeds_dir.resolve()) or found.docs_dir != str(docs_dir.resolve())
        ):
            return None
        return found

    def discard(self) -> None:
        """Delete the state (before the docs folder changes: a run stopped half-way leaves none)."""
        self.path.unlink(missing_ok=True)

    def save(self, state: SiteState, docs_dir: Path) -> None:
        """Write ``state`` with each generated file's stamp as it is now in ``docs_dir``.

        A state that cannot be written only costs time (the next run renders
        everything again).
        """
        pages = {path: PageRecord(record.digest, file_stamp(docs_dir / path)) for path, record in state.pages.items()}
        final = SiteState(
            state.code, state.seeds_dir, state.docs_dir, state.inputs, state.seeds, pages, state.problems,
            state.published, time.time_ns(), state.spans,
        )
        try:
            write_pickle(self.path, final)
        except OSError:
            self.discard()


def value_digest(value: Any) -> str:
    """A digest of one value, pickled without a memo.

    With no memo an object met twice is written twice, so the bytes depend
    on the values only, not on which equal objects happen to be shared (an
    entry loaded from the cache shares less than one just analysed). Sets
    and dict key views are taken sorted; one nested in another value keeps
    the order of the process's salted string hashing, and a dict filled in
    another order pickles differently: that can only cost a render.
    """
    if isinstance(value, (set, frozenset, KeysView)):
        value = sorted(value)
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def context_digest(template: str, context: dict[str, Any], digest_of: Callable[[Any], str] = value_digest) -> str:
    """A digest of a template's name and everything it is given (each value through ``digest_of``)."""
    digest = hashlib.sha256(template.encode("utf-8") + b"\0")
    for name, value in sorted(context.items()):
        digest.update(f"{name}={digest_of(value)}\0".encode())
    return digest.hexdigest()


@dataclass
class PageMemo:
    """Renders cross-region pages, or reads them back from the docs folder when their inputs are the last run's.

    With ``record``, ``digests`` collects every page's digest for the next
    run's state; a page is kept only if ``previous`` holds the same digest
    for it and ``docs_dir`` the file it wrote.
    """

    env: jinja2.Environment
    record: bool = False
    previous: SiteState | None = None
    docs_dir: Path | None = None
    digests: dict[str, str] = field(default_factory=dict)
    spans: dict[str, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0
    # Values given to several pages (the matrix's columns, every title) are
    # digested once: by identity, holding the value so its id stays its own.
    # Pages' inputs are never changed once given to a page (a page's own
    # citation list, which its rendering fills, is digested before it is).
    _shared: dict[int, tuple[Any, str]] = field(default_factory=dict)

    def _digest_of(self, value: Any, depth: int = 0) -> str:
        """A digest of ``value``: containers and frozen dataclasses down to ``SHARED_DEPTH`` levels by their
        parts' digests, so a part met again (a region's facts in the matrix, its compare page and its own page;
        a page's rows inside its pager) is digested once."""
        if hasattr(value, "__dict__") and not callable(value) and not is_frozen_dataclass(value):
            # A helper object (a page's citation list): attribute by attribute.
            return value_digest((type(value).__qualname__, sorted(
                (name, self._digest_of(attribute, depth + 1)) for name, attribute in vars(value).items())))
        if not _composite(value):
            return value_digest(value)
        found = self._shared.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        if depth >= SHARED_DEPTH:
            digest = value_digest(value)
        else:
            def part(item: Any) -> Any:
                return ("#", self._digest_of(item, depth + 1)) if _composite(item) else item

            if isinstance(value, dict):
                parts: Any = [(name, part(item)) for name, item in value.items()]
            elif isinstance(value, (tuple, list)):
                parts = [part(item) for item in value]
            else:
                parts = [(f.name, part(getattr(value, f.name))) for f in fields(value)]
            digest = value_digest((type(value).__module__, type(value).__qualname__, parts))
        self._shared[id(value)] = (value, digest)
        return digest

    def vouch(self, value: Any, digest: str) -> None:
        """Take ``digest`` as ``value``'s wherever a page is given it (a digest made already, more cheaply
        than part by part: one region's facts, pickled whole once and kept while they are unchanged)."""
        self._shared[id(value)] = (value, digest)

    def whole(self, value: Any) -> Any:
        """``value``, digested in one pass (returned as it is).

        For a large value no other page shares parts of (an index page's
        rows): going part by part only pays where parts are shared.
        """
        if self.record:
            self.vouch(value, value_digest(value))
        return value

    def derived(self, value: Any, source: Any, how: str) -> Any:
        """``value``, made from ``source`` alone by the function named ``how``: digested as the pair (source, how).

        Returns ``value``. Only for a function of ``source`` and nothing else
        (a region's figures, picked from its facts), or a page could be kept
        when what it shows changed.
        """
        if self.record:
            self.vouch(value, value_digest(("derived", how, self._digest_of(source))))
        return value

    def render(self, path: str, template: str, **context: Any) -> str:
        """The text of the page at ``path``: ``template`` rendered with ``context``, or the same text kept from the last run."""
        if not self.record:
            self.rendered += 1
            return self.env.get_template(template).render(**context)
        digest = context_digest(template, context, self._digest_of)
        self.digests[path] = digest
        if self.previous is not None and self.docs_dir is not None and self.previous.unchanged_in(self.docs_dir, path, digest):
            try:
                text = (self.docs_dir / path).read_text(encoding="utf-8")
                self.reused += 1
                return text
            except (OSError, UnicodeDecodeError):
                pass
        self.rendered += 1
        return self.env.get_template(template).render(**context)

    def page(self, path: str, template: str, **context: Any) -> RenderedPage:
        """``render`` as a page."""
        return RenderedPage(path, self.render(path, template, **context))

    def page_given(self, path: str, template: str, digest: str, context: Callable[[], dict[str, Any]]) -> RenderedPage:
        """Like ``page``, for a page whose inputs the caller has digested (``digest`` must name all of
        them and the template); ``context`` is made only if the page is rendered."""
        if self.record:
            self.digests[path] = digest = f"{template} {digest}"
            if self.previous is not None and self.docs_dir is not None and self.previous.unchanged_in(self.docs_dir, path, digest):
                try:
                    text = (self.docs_dir / path).read_text(encoding="utf-8")
                    self.reused += 1
                    return RenderedPage(path, text)
                except (OSError, UnicodeDecodeError):
                    pass
        self.rendered += 1
        return RenderedPage(path, self.env.get_template(template).render(**context()))

    def joined(
        self, path: str, head: str, parts: list[tuple[str, Callable[[], str]]], separator: str = "", tail: str = "",
        empty: str | None = None,
    ) -> RenderedPage:
        """``head`` + the parts joined by ``separator`` + ``tail`` (``empty`` if there are no parts and it is given).

        A part is (key, how to make it); the key names everything it depends
        on (an article's entry key and slug). A part whose key the last run's
        file at ``path`` held, unchanged since, is cut from that file instead.
        """
        if not parts and empty is not None:
            return RenderedPage(path, empty)
        old_text, old_spans = "", {}
        record = self.previous.pages.get(path) if self.previous is not None and self.docs_dir is not None else None
        if record is not None and path in self.previous.spans and record.stamp == file_stamp(self.docs_dir / path):
            try:
                old_text = (self.docs_dir / path).read_text(encoding="utf-8")
                old_spans = {key: (start, end) for key, start, end in self.previous.spans[path]}
            except (OSError, UnicodeDecodeError):
                old_spans = {}
        pieces, spans, at = [head], [], len(head)
        for number, (key, make) in enumerate(parts):
            if number:
                pieces.append(separator)
                at += len(separator)
            found = old_spans.get(key) if key else None
            text = old_text[found[0]:found[1]] if found else make()
            pieces.append(text)
            spans.append((key, at, at + len(text)))
            at += len(text)
        pieces.append(tail)
        if self.record:
            self.spans[path] = tuple(spans)
        return RenderedPage(path, "".join(pieces))
