"""MkDocs hooks (listed under ``hooks:`` in mkdocs.yml).

After Material's search plugin writes ``search/search_index.json``, segment
its Korean text (see ``search_index``). Runs in ``mkdocs build`` and in every
rebuild of ``mkdocs serve``. Another builder that ignores hooks still builds
the same docs; only Korean search is plainer.
"""
from __future__ import annotations

from pathlib import Path

from generator.search_index import rewrite_search_index


def on_post_build(config, **kwargs) -> None:
    """Rewrite the search index, if the search plugin wrote one."""
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if index.exists():
        rewrite_search_index(index)
