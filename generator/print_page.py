"""The "전체 보기" pages: every article and comparison page, in printable parts.

``atlas/print.md`` is the index; the generator writes one part per 시·도 (by
year where one is large) and for the comparison pages, ``atlas/print/<part>.md``,
each with the pages to gather, in reading order, under ``print_pages`` in its
front matter, and a marker where they go. After MkDocs has built every page,
:func:`assemble_print_page` copies each listed page's rendered ``<article>``
into that marker — metadata header, citations and charts included, exactly as
the page shows them — with ids prefixed per page and links rewritten: to a
page gathered in this part they become anchors on this page, to one gathered
in another part anchors on that part, to anything else they are made
relative to this page. Links
to paragraphs and other sites carry their full address in ``data-print-url``
so the print stylesheet can show it on paper.
"""
from __future__ import annotations

import html as html_lib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

PRINT_PAGE = "atlas/print.md"
PRINT_PARTS = "atlas/print/"
T = TypeVar("T")
MARKER = '<div id="atlas-print-pages"></div>'

_ARTICLE_OPEN = re.compile(r'<article class="md-content__inner md-typeset">')
_ID_ATTRIBUTE = re.compile(r'\s(id|for|aria-labelledby|aria-describedby|aria-controls)="([^"]*)"')
_URL_ATTRIBUTE = re.compile(r'\s(href|src)="([^"]*)"')
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")
# Seed text never holds a raw "<" (it is escaped), so every "<x" is a real tag.
_OPEN_TAG = re.compile(r"<[a-zA-Z][^>]*>")
# Material's edit/view buttons and the permalink marks mean nothing on paper.
_DROPPED = re.compile(r'<a href="[^"]*" title="[^"]*" class="md-content__button md-icon"[^>]*>.*?</a>|<a class="headerlink"[^>]*>.*?</a>', re.S)


@dataclass(frozen=True)
class BuiltPage:
    """One page as built: its source path, address (relative to the site root) and file."""

    src_uri: str
    url: str
    path: Path


def _anchor_of(src_uri: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", src_uri.removesuffix(".md").lower()).strip("-")


def _article_html(page_html: str) -> str:
    start = _ARTICLE_OPEN.search(page_html)
    end = page_html.rfind("</article>")
    if not start or end < start.end():
        return ""
    return page_html[start.end() : end]


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(_TAG.sub("", html))).strip()


class _LinkRewriter:
    """Maps a link on a gathered page to its place on the print page."""

    def __init__(
        self, printed: dict[str, str], print_url: str, site_url: str, elsewhere: dict[str, tuple[str, str]] | None = None
    ) -> None:
        self.printed = printed  # page address → anchor
        self.elsewhere = elsewhere or {}  # page address → (other part's address, anchor)
        self.print_url = print_url
        self.site_url = site_url

    def __call__(self, page_url: str, attribute: str, value: str) -> tuple[str, str | None]:
        """The new value, and the address to show on paper (or None)."""
        parts = urlsplit(value)
        if parts.scheme or value.startswith("//"):
            return value, value if parts.scheme in ("http", "https") else None
        if not value or value.startswith("data:"):
            return value, None
        base = "https://site.invalid/"
        target = urlsplit(urljoin(base + page_url, value))
        path = target.path[len("/") :]
        shown = (self.site_url.rstrip("/") + "/" if self.site_url else "/") + path + (f"#{target.fragment}" if target.fragment else "")
        anchor = self.printed.get(path) if attribute == "href" else None
        if anchor is not None:
            new = f"#{anchor}--{target.fragment}" if target.fragment else f"#{anchor}"
            return new, shown if target.fragment else None
        if attribute == "href" and path in self.elsewhere:
            part, anchor = self.elsewhere[path]
            fragment = f"{anchor}--{target.fragment}" if target.fragment else anchor
            relative = posixpath.relpath(part.removesuffix("index.html") or ".", posixpath.dirname(self.print_url) or ".")
            return (relative.rstrip("/") + "/" if part.endswith("/") else relative) + f"#{fragment}", shown
        relative = posixpath.relpath(path or ".", posixpath.dirname(self.print_url) or ".")
        if path.endswith("/") or not path:
            relative += "/"
        return relative + (f"#{target.fragment}" if target.fragment else ""), None


def _gathered(page: BuiltPage, anchor: str, rewrite: _LinkRewriter) -> tuple[str, str]:
    """The page's content for the print page, and its title."""
    body = _DROPPED.sub("", _article_html(page.path.read_text(encoding="utf-8")))

    def ids(match: re.Match[str]) -> str:
        values = " ".join(f"{anchor}--{v}" for v in match.group(2).split())
        return f' {match.group(1)}="{values}"'

    def urls(match: re.Match[str]) -> str:
        value = html_lib.unescape(match.group(2))
        if match.group(1) == "href" and value.startswith("#"):
            return f' href="#{anchor}--{html_lib.escape(value[1:])}"'
        new, shown = rewrite(page.url, match.group(1), value)
        extra = f' data-print-url="{html_lib.escape(shown)}"' if shown else ""
        return f' {match.group(1)}="{html_lib.escape(new)}"{extra}'

    def tag(match: re.Match[str]) -> str:
        return _URL_ATTRIBUTE.sub(urls, _ID_ATTRIBUTE.sub(ids, match.group(0)))

    body = _OPEN_TAG.sub(tag, body)
    title_match = _H1.search(body)
    title = _plain(title_match.group(1)) if title_match else page.src_uri
    return f'<section class="atlas-print__page" id="{anchor}">{body}</section>', title


def _with_folder_urls(table: dict[str, T]) -> dict[str, T]:
    # Without directory URLs a page is ".../index.html"; links may still say ".../".
    return {**table, **{url.removesuffix("index.html"): v for url, v in table.items() if url.endswith("/index.html")}}


def elsewhere_table(parts: dict[str, tuple[BuiltPage, list[BuiltPage]]]) -> dict[str, tuple[str, str]]:
    """Page address → (address of the part gathering it, its anchor there), over every part."""
    return _with_folder_urls({
        page.url: (part.url, _anchor_of(page.src_uri)) for part, pages in parts.values() for page in pages
    })


def assemble_print_page(
    print_page: BuiltPage, pages: list[BuiltPage], site_url: str = "", elsewhere: dict[str, tuple[str, str]] | None = None
) -> str | None:
    """The print page's HTML with its marker filled by ``pages``; None if it has no marker.

    ``elsewhere`` (see :func:`elsewhere_table`) sends links to pages gathered in other parts there.
    """
    html = print_page.path.read_text(encoding="utf-8")
    if MARKER not in html:
        return None
    anchors = _with_folder_urls({page.url: _anchor_of(page.src_uri) for page in pages})
    rewrite = _LinkRewriter(anchors, print_page.url, site_url, elsewhere)
    sections, contents = [], []
    for page in pages:
        section, title = _gathered(page, anchors[page.url], rewrite)
        sections.append(section)
        contents.append(f'<li><a href="#{anchors[page.url]}">{html_lib.escape(title)}</a></li>')
    toc = f'<nav class="atlas-print__toc" aria-label="차례"><h2 id="contents">차례</h2><ol>{"".join(contents)}</ol></nav>'
    return html.replace(MARKER, f'<div id="atlas-print-pages">{toc}{"".join(sections)}</div>', 1)
