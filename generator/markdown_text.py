"""Seed text → Markdown that shows the text literally.

Seed lines are data. Whatever Markdown, HTML, Jinja or YAML syntax they
contain must appear on the page as typed, never change its structure. The
escapes used are valid in Python-Markdown and in CommonMark (so the committed
pages also read right on GitHub).
"""
from __future__ import annotations

import html
import re

# Characters that start inline markup anywhere in a line. "#" is included
# because a trailing run of it would be eaten from a heading.
_INLINE = re.compile(r"([\\`*_{}\[\]|#])")
# Block syntax that only matters at the start of a line (lists, headings,
# admonitions, fences, front matter, definition lists, snippets…).
_LINE_START_PUNCT = re.compile(r"^([!-/:-@\[-`{-~])")
_ORDERED_LIST = re.compile(r"^(\d+)([.)])")
_WS = re.compile(r"\s+")


def escape_markdown(text: str, *, inline: bool = False) -> str:
    """Escape ``text`` so Markdown renders it verbatim, on one line.

    ``inline`` text goes in the middle of a line: its spaces are kept at
    both ends and line-start syntax does not apply.
    """
    text = _WS.sub(" ", text) if inline else _WS.sub(" ", text).strip()
    text = html.escape(text, quote=False)  # & < > : no raw HTML, entities or autolinks
    text = _INLINE.sub(r"\\\1", text)
    return text if inline else escape_line_start(text)


def escape_line_start(escaped: str) -> str:
    """Neutralise block syntax (lists, headings, fences…) at the start of escaped text."""
    escaped = _ORDERED_LIST.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", escaped)
    return _LINE_START_PUNCT.sub(lambda m: f"&#{ord(m.group(1))};" if m.group(1) not in "\\&" else m.group(1), escaped)


# Characters that could end or restructure a link title, or a table cell.
_TITLE_UNSAFE = str.maketrans({c: f"&#{ord(c)};" for c in "\\|()[]*_`{}"})


def escape_link_title(text: str) -> str:
    """Escape text for a Markdown link title in double quotes (a tooltip), even inside a table."""
    return html.escape(_WS.sub(" ", text).strip(), quote=True).translate(_TITLE_UNSAFE)


def escape_html_text(text: str) -> str:
    """Escape for places the theme prints without escaping (page titles, nav, meta attributes)."""
    return html.escape(_WS.sub(" ", text).strip(), quote=True)
