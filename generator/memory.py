"""Memory a process has let go of, handed back to the system (long builds hold their peak otherwise)."""
from __future__ import annotations

import ctypes
import gc


def return_freed_memory() -> None:
    """Collect garbage and hand freed heap memory back to the system.

    ``build`` calls it when the generator's articles are let go of (before
    MkDocs) and when MkDocs' pages are (before the search index is rewritten
    in a child): glibc keeps freed memory in the process otherwise, and at
    10,000 articles that was close to a gigabyte held through the MkDocs
    build, which put the process tree over 2 GB. ``malloc_trim`` returns it;
    without glibc this only collects garbage.
    """
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
