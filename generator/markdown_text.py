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


def escape_markdown(text: str) -> str:
    """Escape ``text`` so Markdown renders it verbatim, on one line."""
    text = _WS.sub(" ", text).strip()
    text = html.escape(text, quote=False)  # & < > : no raw HTML, entities or autolinks
    text = _INLINE.sub(r"\\\1", text)
    text = _ORDERED_LIST.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)
    return _LINE_START_PUNCT.sub(lambda m: f"&#{ord(m.group(1))};" if m.group(1) not in "\\&" else m.group(1), text)


def escape_html_text(text: str) -> str:
    """Escape for places the theme prints without escaping (page titles, nav)."""
    return html.escape(_WS.sub(" ", text).strip(), quote=False)
