"""The search index's Korean analysis, in a child process beside MkDocs.

MkDocs renders pages on one core, and Kiwi's reading of the indexed text is
the slow part of the search-index rewrite (``search_index``). So the search
hook hands each page's indexed texts to a ``SearchReader`` as soon as
Material's search plugin has indexed the page; the reader's child process
cuts them into chunks and reads every chunk that is new (not read before in
this build, not in the search cache) with its own Kiwi, on the other core,
and Kiwi's cuts of the long nouns it finds. Once MkDocs has written the
plain index, the child rewrites it and splits it into shards (every chunk
already read; ``search_update``, which redoes only the pages that changed) while the main
process fills the print pages. The build's main process never loads Kiwi's
model nor the whole index.

A chunk's reading depends on the chunk alone, so the index is byte-identical
to one rewritten in the main process; a text the child was not handed is
read during the rewrite as before. A child that ends before it touched the
index leaves the rewrite to the main process, as without a reader; one that
fails while rewriting fails the build with its one-line reason.
"""
from __future__ import annotations

import multiprocessing
import queue
import time
import unicodedata
from pathlib import Path
from typing import Any

from .errors import AtlasError

# Seconds between checks that the child is still alive while waiting for it.
_POLL_SECONDS = 1.0


def _work(texts: Any, results: Any) -> None:
    """The child: read each batch of texts as it comes; on ``("rewrite", path)``, rewrite and split that index."""
    try:
        from .morphology import kiwi
        from .search_index import SearchCache, search_cache_path, segmenter
        from .search_update import NeedsAllRecords, update_search_index

        seg = segmenter()
        cache = SearchCache(search_cache_path())
        known = cache.chunks
        seg.word_cuts.update(cache.words)
        order = None
        while order is None:
            batches = [texts.get()]
            while True:  # whatever else is waiting goes to Kiwi in the same call (its threads share it)
                try:
                    batches.append(texts.get_nowait())
                except queue.Empty:
                    break
            order = next((b for b in batches if isinstance(b, tuple)), None)
            batch = list(dict.fromkeys(unicodedata.normalize("NFC", t) for b in batches if isinstance(b, list) for t in b))
            if batch:
                seg.read_compounds(seg.analyse(batch, known))
        # Kiwi's model is not needed any more (unless a text was missed): let it go before the index is loaded.
        for name in ("blocked", "kiwi"):
            seg.__dict__.pop(name, None)
        kiwi.cache_clear()
        index, previous = Path(order[1]), Path(order[2]) if order[2] else None
        results.put(("rewriting", 0.0))  # from here on the index file is the child's to finish
        start = time.perf_counter()
        try:
            update_search_index(index, previous, cache)
        except NeedsAllRecords:  # the index file is untouched: the build process writes every record and redoes it
            results.put(("again", 0.0))
            return
        results.put(("done", time.perf_counter() - start))
    except AtlasError as exc:
        results.put(("error", str(exc)))
    except Exception as exc:  # a bug: still one line in the parent
        results.put(("error", f"internal error ({exc.__class__.__name__}: {exc})"))


_waited = [0.0]


def wait_seconds() -> float:
    """Seconds the last build of this process waited for the reader after its own work (for ``--timings``)."""
    return _waited[0]


class SearchReader:
    """A child process with its own Kiwi that reads indexed texts as they are handed to it, then rewrites the index."""

    def __init__(self) -> None:
        # spawn, not fork: the parent may hold threads (Kiwi's, the queue's feeder).
        context = multiprocessing.get_context("spawn")
        self._texts = context.Queue()
        self._results = context.Queue()
        self._process = context.Process(target=_work, args=(self._texts, self._results), name="atlas-search-reader", daemon=True)
        self._process.start()

    def add(self, texts: list[str]) -> None:
        """Hand texts over (returns at once: a feeder thread sends them)."""
        if texts:
            self._texts.put(list(texts))

    def rewrite(self, index: Path, previous_site: Path | None = None) -> None:
        """Have the child rewrite and split ``index`` once it has read everything handed over (returns at once).

        ``previous_site``: the site the last build wrote (see ``search_update``)."""
        self._texts.put(("rewrite", str(index), str(previous_site) if previous_site else ""))

    def wait(self) -> bool:
        """Wait until the child has rewritten the index: True; False if it ended before touching it
        (it could not start, e.g. a script without a ``__main__`` guard) or found that the index
        file lacks records it needs (``NeedsAllRecords``): rewrite in this process then.
        A failure while rewriting is an ``AtlasError``."""
        start, touched = time.perf_counter(), False
        try:
            while True:
                try:
                    status, detail = self._results.get(timeout=_POLL_SECONDS)
                except queue.Empty:
                    if self._process.is_alive():
                        continue
                    if not touched:
                        return False
                    raise AtlasError(f"search index: the process analysing it ended (exit status {self._process.exitcode})") from None
                if status == "rewriting":
                    touched = True
                elif status == "done":
                    return True
                elif status == "again":
                    return False
                else:
                    raise AtlasError(f"search index: {detail}")
        finally:
            self.close()
            _waited[0] = time.perf_counter() - start

    def close(self) -> None:
        """End the child (if it still runs) and let go of the queues."""
        if self._process.is_alive():
            self._process.join(timeout=_POLL_SECONDS)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()
        for channel in (self._texts, self._results):
            channel.cancel_join_thread()
            channel.close()


def indexed_entries(config: Any) -> list[dict[str, Any]] | None:
    """The entries Material's search plugin has indexed so far in this build (None without the plugin)."""
    for plugin in config.plugins.values():
        entries = getattr(getattr(plugin, "search_index", None), "entries", None)
        if isinstance(entries, list):
            return entries
    return None


def entry_texts(entries: list[dict[str, Any]]) -> list[str]:
    """The texts the rewrite segments in these entries (title and text)."""
    return [entry[field] for entry in entries for field in ("title", "text") if isinstance(entry.get(field), str)]
