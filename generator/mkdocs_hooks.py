"""MkDocs hooks (listed under ``hooks:`` in mkdocs.yml).

- After Material's search plugin writes ``search/search_index.json``,
  segment its Korean text (see ``search_index``) and split it into shards
  the browser loads as a query needs them (see ``search_shards``). In
  ``build``, Kiwi reads each page's indexed text in a child process while
  MkDocs renders the next pages, and the child rewrites the index while this
  process fills the print pages (see ``search_reader``); in an incremental
  build, the pages not rendered are first put back into the index (see
  ``incremental_build``).
- Fill each "전체 보기" part with the pages it lists (see ``print_page``).
- Give each page a Content-Security-Policy ``<meta>`` (see ``csp``), except
  under ``mkdocs serve`` (its live-reload script is injected later, inline).
- Without ``site_url``, render the 404 page with relative URLs and let it
  find the site's root in the browser, so it works under any sub-path
  (see ``not_found``).
- Repair the two constructs of Material's markup the Nu checker rejects
  (see ``valid_html``).

The offline export is derived from the built site afterwards (see ``offline``).

Runs in ``mkdocs build`` and every rebuild of ``mkdocs serve``. Another
builder that ignores hooks still builds the same docs; Korean search is then
plainer and the print page holds only its introduction.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from generator.errors import AtlasError
from generator.csp import with_content_security_policy
from generator.incremental_build import kept_print_pages, merge_search_records, previous_site, write_all_search_records
from generator.memory import return_freed_memory
from generator.not_found import NotFoundPageError, with_base_detection
from generator.print_page import BuiltPage, assemble_print_page, elsewhere_table
from generator.search_reader import SearchReader, entry_texts, indexed_entries
from generator.search_update import NeedsAllRecords, update_search_index
from generator.valid_html import valid_material_markup

_state: dict[str, Any] = {"serving": False, "print_pages": {}, "files": {}}


def _finished_page(html: str, config: Any) -> str:
    """A built page with Material's markup repaired and, where it applies, its CSP."""
    html = valid_material_markup(html)
    if _state["serving"]:
        return html
    return with_content_security_policy(html)


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is ``mkdocs serve``."""
    _state["serving"] = command == "serve"


def on_pre_build(config: Any) -> None:
    """Start Kiwi reading the search index's text beside MkDocs (not under serve: rebuilds there read little)."""
    _close_reader()
    if not _state["serving"]:
        _state["reader"], _state["indexed"] = SearchReader(), 0


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Hand the texts the search plugin has just indexed (it runs first) to the reader."""
    reader, entries = _state.get("reader"), indexed_entries(config)
    if reader is not None and entries is not None:
        reader.add(entry_texts(entries[_state["indexed"]:]))
        _state["indexed"] = len(entries)
    return context


def on_build_error(error: Exception) -> None:
    """A failed build leaves no reader behind."""
    _close_reader()


def _close_reader() -> None:
    reader = _state.pop("reader", None)
    if reader is not None:
        reader.close()


def on_files(files: Any, config: Any) -> Any:
    """Remember where each page is built, for the print page."""
    _state["print_pages"] = {}
    _state["files"] = {f.src_uri: BuiltPage(f.src_uri, f.url, Path(f.abs_dest_path)) for f in files.documentation_pages()}
    _state["mkdocs_files"] = files
    return files


def _release_built_pages(config: Any) -> None:
    """Let go of what MkDocs and the search plugin hold once every page is written (build only).

    Each page keeps its Markdown and HTML, and the search plugin every record,
    until the build returns; at 10,000 articles that is over half a gigabyte
    of the build process, held while the index is rewritten and the print
    pages are filled, which read the written files instead. Under ``serve``
    nothing is released: Material merges a rebuild's records into the last ones.
    """
    files = _state.pop("mkdocs_files", None)
    if _state["serving"] or files is None:
        return
    for file in files.documentation_pages():
        if file.page is not None:
            file.page.markdown = None
            file.page.content = None
    entries = indexed_entries(config)
    if entries is not None:
        entries.clear()
    return_freed_memory()


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Add the page's CSP; note what the print page gathers."""
    if page.meta.get("print_pages"):
        _state["print_pages"][page.file.src_uri] = list(page.meta["print_pages"])
    return _finished_page(output, config)


def on_template_context(context: Any, template_name: str, config: Any) -> Any:
    """Without ``site_url`` the 404 page gets relative URLs (its ``<base>`` is set in the browser, see ``not_found``)."""
    if template_name == "404.html" and not config.site_url:
        context["base_url"] = ""
    return context


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """The 404 page is a template, not a page: find the site's root, then give it its CSP too."""
    if template_name != "404.html":
        return output_content
    if not config.site_url:
        try:
            output_content = with_base_detection(output_content)
        except NotFoundPageError as exc:
            raise PluginError(str(exc)) from None
    return _finished_page(output_content, config)


def on_post_build(config: Any, **kwargs: Any) -> None:
    """Rewrite the search index (in the reader's process, if it runs), fill the print page."""
    site = Path(config["site_dir"])
    index = site / "search" / "search_index.json"
    reader = _state.pop("reader", None)
    _release_built_pages(config)
    try:
        if index.exists():
            merge_search_records(index)  # an incremental build: the pages not rebuilt keep their records
        previous = previous_site()  # its search files are kept where the pages' records are unchanged
        if reader is not None and index.exists():
            reader.rewrite(index, previous)  # while this process fills the print pages
        elif index.exists():
            _rewrite_index(index, previous)
        _fill_print_pages(config)
        if reader is not None and index.exists() and not reader.wait():
            _rewrite_index(index, previous)  # the reader could not start or lacked records: as without one
    except AtlasError as exc:
        raise PluginError(str(exc)) from None
    finally:
        if reader is not None:
            reader.close()


def _rewrite_index(index: Path, previous: Path | None) -> None:
    """Segment and split the index in this process, with every page's records if the previous build's do not do."""
    try:
        update_search_index(index, previous)
    except NeedsAllRecords:
        write_all_search_records(index)
        update_search_index(index, previous)


def _fill_print_pages(config: Any) -> None:
    files = _state["files"]
    # An incremental build rebuilds only some parts; the others, kept as built, still say where pages are.
    listing = {**kept_print_pages(), **_state["print_pages"]}
    parts = {
        src: (files[src], [files[p] for p in listed if p in files])
        for src, listed in sorted(listing.items()) if src in files
    }
    elsewhere = elsewhere_table(parts)
    for src, (target, gathered) in parts.items():
        if src not in _state["print_pages"]:
            continue
        html = assemble_print_page(target, gathered, config.site_url or "", elsewhere)
        if html is not None:
            # Again: the gathered pages bring their table cells' style attributes.
            target.path.write_text(_finished_page(html, config), encoding="utf-8")
