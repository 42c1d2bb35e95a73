"""Audits of the built site as browsers and checkers see it: HTML validity
(Nu HTML checker), accessibility (axe-core), Content-Security-Policy.

Lighthouse scores are a benchmark (``make audit``), not a test: its
performance figure depends on the machine's load.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from test_browser import search

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE = ROOT / "node_modules/axe-core/axe.min.js"
AUDITED = {
    "home": "",
    "article": "atlas/articles/wonju-2023-12-17-bd417f74/",
    "matrix": "atlas/compare/",
    "region": "atlas/regions/gwangju/",
    "print": "atlas/print/gwangju/",
    "print-index": "atlas/print/",
}


def _nu_errors(folder: Path) -> list[str]:
    java = shutil.which("java")
    assert java, "java is missing: the Nu HTML checker (vnu.jar) needs it"
    assert VNU.exists(), f"{VNU} is missing: run npm ci (make does)"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{m.get('url', '').rsplit(str(folder), 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]


def test_every_page_is_valid_html(built_site):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 25
    assert _nu_errors(built_site) == []


def test_every_page_of_the_offline_export_is_valid_html(built_site, tmp_path):
    (archive,) = (built_site.parent / "dist").glob("*.zip")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path)
    assert _nu_errors(tmp_path) == []


def test_the_checker_does_report_invalid_html(tmp_path):
    """The validity tests above can fail: a broken page is reported."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="ko"><head><title>x</title></head><body><p id="a"><p id="a"></body></html>', encoding="utf-8"
    )
    assert any("Duplicate ID" in e for e in _nu_errors(tmp_path))


# -- accessibility --------------------------------------------------------------

@pytest.fixture
def axe_page(browser):
    """A page that lets axe-core's injected script run past the site's CSP."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR", bypass_csp=True)
    yield context.new_page()
    context.close()


def _axe(page) -> list[dict]:
    assert AXE.exists(), f"{AXE} is missing: run npm ci (make does)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("name", sorted(AUDITED))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_accessibility_violation(axe_page, site_url, name, scheme):
    axe_page.emulate_media(color_scheme=scheme)
    axe_page.goto(f"{site_url}/{AUDITED[name]}")
    assert _axe(axe_page) == []


def test_no_serious_or_critical_accessibility_violation_in_the_search_overlay(axe_page, site_url):
    axe_page.goto(f"{site_url}/")
    search(axe_page, "광주시가")
    axe_page.locator(".md-search-result__item").first.wait_for()
    axe_page.wait_for_timeout(1000)  # let the overlay finish fading in
    assert axe_page.locator(".md-search").is_visible()
    assert _axe(axe_page) == []


def test_axe_does_report_a_violation(axe_page, site_url):
    """The accessibility tests can fail: an unnamed image link is reported."""
    axe_page.goto(f"{site_url}/")
    axe_page.evaluate("document.querySelector('article').insertAdjacentHTML('beforeend', '<a href=\"x\"><img src=\"y\"></a>')")
    assert any(v["id"] in ("link-name", "image-alt") for v in _axe(axe_page))


# -- Content-Security-Policy ----------------------------------------------------

def test_every_page_carries_a_policy_without_unsafe_inline(built_site):
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        policies = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
        assert len(policies) == 1, path
        policy = policies[0]
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, path
        assert "script-src 'self' 'sha256-" in policy and "object-src 'none'" in policy, path
        # It comes before anything it governs.
        assert text.index("Content-Security-Policy") < text.index("<script"), path


def _violations(page) -> list[str]:
    return page.evaluate("window.__csp || []")


@pytest.fixture
def csp_page(page):
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || e.sample)));"
    )
    return page


@pytest.mark.parametrize("name", sorted(AUDITED))
def test_no_policy_violation_in_chromium(csp_page, site_url, name):
    errors: list[str] = []
    csp_page.on("pageerror", lambda e: errors.append(str(e)))
    csp_page.goto(f"{site_url}/{AUDITED[name]}")
    if name == "home":
        search(csp_page, "원주형")  # the search worker starts under the policy too
        csp_page.locator(".md-search-result__item").first.wait_for()
        csp_page.keyboard.press("Escape")
    # Material's palette toggle, tooltips and table of contents run their scripts.
    csp_page.locator("label.md-header__button[for^='__palette']").first.click()
    csp_page.wait_for_timeout(300)
    assert _violations(csp_page) == []
    assert errors == []


def test_policy_blocks_an_injected_inline_script(csp_page, site_url):
    """The policy is enforced, and the listener above sees what it blocks."""
    csp_page.goto(f"{site_url}/")
    csp_page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.appendChild(s) }"
    )
    csp_page.wait_for_timeout(200)
    assert csp_page.evaluate("window.__ran") is None
    assert any(v.startswith("script-src") for v in _violations(csp_page))
