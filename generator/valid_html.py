"""Two fixes to Material 9.8's markup so every page passes the Nu HTML checker.

- Its hidden toggles (``__drawer``, ``__search``) are checkboxes carrying
  ``autocomplete="off"``, which HTML allows only on text-like inputs.
- On a page whose table of contents has no toggle (a section index page),
  the contents title still says ``for="__toc"``, naming no control.

Both are fixed on the built page; nothing else is touched.
"""
from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?) autocomplete="off"')
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def valid_material_markup(html: str) -> str:
    """``html`` with Material's two invalid constructs repaired."""
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return html
