"""Content-Security-Policy for each built page, as a ``<meta>`` tag.

A static host such as GitHub Pages sets no headers we control, so the policy
travels in the page. It allows the site's own files and, by SHA-256, exactly
the inline scripts and style attributes Material writes into that page (its
``__md_scope`` bootstrap embeds the page's depth, so hashes differ per page).
Anything a seed could smuggle in — it cannot, text is escaped — would still
not run: no ``'unsafe-inline'``, no other origin.
"""
from __future__ import annotations

import base64
import hashlib
import re

# Inline <script> without src and not a JSON data block (data is not executed).
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S | re.I)
_INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)
# Markdown tables align cells with style="text-align: …"; allowed by hash.
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"', re.I)
_CHARSET = re.compile(r"<meta charset=\"utf-8\">", re.I)
_POLICY_META = re.compile(r'\n\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(html: str) -> str:
    """The policy for one page: own origin only, plus hashes of its inline code."""
    import html as html_lib

    scripts = sorted({_hash(s) for s in _INLINE_SCRIPT.findall(html)})
    styles = sorted({_hash(s) for s in _INLINE_STYLE.findall(html)})
    # The browser hashes the attribute's value after entity decoding.
    attributes = sorted({_hash(html_lib.unescape(s)) for s in _STYLE_ATTRIBUTE.findall(html)})
    style_sources = ["'self'", *styles]
    if attributes:
        style_sources += ["'unsafe-hashes'", *attributes]
    directives = [
        "default-src 'self'",
        "script-src " + " ".join(["'self'", *scripts]),
        "style-src " + " ".join(style_sources),
        # Material draws icons as data: SVG masks in its stylesheets.
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    return "; ".join(directives)


def with_content_security_policy(html: str) -> str:
    """``html`` with its policy as the first ``<meta>`` after the charset (replacing any)."""
    html = _POLICY_META.sub("", html)
    match = _CHARSET.search(html)
    if not match:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(html)}">'
    return html[: match.end()] + "\n    " + meta + html[match.end() :]


def strip_content_security_policy(html: str) -> str:
    """``html`` without its policy ``<meta>`` (for the ``file://`` export)."""
    return _POLICY_META.sub("", html, count=1)
