"""The 404 page under any sub-path, when the build does not know the site's address.

A static host serves ``404.html`` for every missing address, at whatever
depth: ``/repo/atlas/articles/old-slug/`` shows the same file as ``/repo/x``.
MkDocs writes that page's URLs from ``site_url``; without it (``make site``,
then ``site/`` copied to ``https://user.github.io/repo/`` by hand) they start
at ``/`` and the page loses its stylesheets, scripts and links.

Without ``site_url`` the hook therefore renders the 404 page with relative
URLs and this module puts a small inline script first in its head (allowed
by its hash in the page's Content-Security-Policy, see ``csp``). The script
finds the site's root — the nearest folder above the address that holds
``404.html`` (a ``HEAD`` request per level, synchronous so it is done before
the first stylesheet is read; usually one) — and sets ``<base href>`` to
it, which ``base-uri 'self'`` allows. Everything after it (stylesheets,
scripts, navigation, the link home, Material's search and its stored
settings) then resolves from the root. From ``file://`` (the offline export)
it does nothing: the page is opened where it lies.
"""
from __future__ import annotations

import re

BASE_SCRIPT = (
    "<script>(function(){"
    'if(!/^https?:$/.test(location.protocol))return;'
    'var path=location.pathname,root="/";'
    'for(var end=path.lastIndexOf("/");end>0;end=path.lastIndexOf("/",end-1)){'
    "var folder=path.slice(0,end+1),probe=new XMLHttpRequest();"
    'try{probe.open("HEAD",folder+"404.html",false);probe.send()}catch(e){break}'
    "if(probe.status===200){root=folder;break}}"
    'var base=document.createElement("base");base.href=root;document.head.appendChild(base)'
    "})()</script>"
)
_CHARSET = re.compile(r'<meta charset="utf-8">', re.I)
# Material keys stored settings (palette…) by this URL; resolve it from <base>, not the address.
_SCOPE = re.compile(r'__md_scope=new URL\("",location\)')
_SCOPE_FROM_BASE = '__md_scope=new URL(".",document.baseURI)'


class NotFoundPageError(ValueError):
    """Material's 404 markup no longer has what this module rewrites."""


def with_base_detection(html: str) -> str:
    """A 404 page rendered with relative URLs (empty ``base_url``), made to resolve them from the site's root."""
    charset = _CHARSET.search(html)
    if not charset or not _SCOPE.search(html):
        raise NotFoundPageError("404.html: Material's markup changed (no charset meta or no __md_scope); update generator/not_found.py")
    html = _SCOPE.sub(_SCOPE_FROM_BASE, html, count=1)
    return html[: charset.end()] + "\n    " + BASE_SCRIPT + html[charset.end():]
