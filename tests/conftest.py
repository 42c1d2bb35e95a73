"""Shared fixtures: the rules, the five seeds as articles, a built site, a browser."""
from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
import yaml

from bench.browser import CHROMIUM, CHROMIUM_ARGS, serve_folder
from generator.models import Article
from generator.pipeline import build_article
from generator.read import list_seed_files, read_seed
from generator.rules import RuleBook, load_rules

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
EXPECTED = yaml.safe_load((Path(__file__).parent / "expected_articles.yml").read_text(encoding="utf-8"))
SEED_NAMES = sorted(EXPECTED)


@pytest.fixture(scope="session")
def rules() -> RuleBook:
    return load_rules()


@pytest.fixture(scope="session")
def articles(rules: RuleBook) -> dict[str, Article]:
    return {path.name: build_article(read_seed(path), rules) for path in list_seed_files(SEEDS)}


def site_markdown() -> markdown.Markdown:
    """A Markdown converter with the extensions mkdocs.yml enables."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsYamlLoader)
    names, configs = [], {}
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict):
            (name, options), = ext.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(ext)
    return markdown.Markdown(extensions=names, extension_configs=configs)


class _MkDocsYamlLoader(yaml.UnsafeLoader):
    """Reads mkdocs.yml as MkDocs does, minus its !ENV and !relative tags."""


_MkDocsYamlLoader.add_constructor("!ENV", lambda loader, node: None)


def html_text(html: str) -> str:
    """Visible text of an HTML fragment, whitespace folded."""
    import html as html_lib

    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html))).strip()


# Where the published site lives: canonical URLs, Open Graph and the sitemap use it.
PUBLISHED_URL = "https://example.github.io/atlas/"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seeds built exactly as ``make site`` does (offline zip included), strict."""
    from generator.cli import main
    from generator.site import environment

    work = tmp_path_factory.mktemp("built")
    with environment(ATLAS_SITE_URL=PUBLISHED_URL):
        status = main([
            "build", "--seeds", str(SEEDS), "--docs", str(work / "docs"), "--site-dir", str(work / "site"),
            "--dist", str(work / "dist"), "--cache", str(work / "cache"),
        ])
    assert status == 0
    return work / "site"


@pytest.fixture(scope="session")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seeds built as ``make site`` does on a laptop: no ``ATLAS_SITE_URL``."""
    import os

    from generator.cli import main

    work = tmp_path_factory.mktemp("plain")
    saved = os.environ.pop("ATLAS_SITE_URL", None)
    try:
        status = main([
            "build", "--seeds", str(SEEDS), "--docs", str(work / "docs"), "--site-dir", str(work / "site"),
            "--dist", str(work / "dist"), "--cache", str(work / "cache"),
        ])
    finally:
        if saved is not None:
            os.environ["ATLAS_SITE_URL"] = saved
    assert status == 0
    return work / "site"


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    url, server = serve_folder(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium (scripts/system-packages)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    pg = context.new_page()
    yield pg
    context.close()


# abbr: glossary tooltips, whose titles come from rules/glossary.yml, never from a seed.
ALLOWED_BODY_TAGS = {"p", "h2", "ul", "li", "blockquote", "strong", "abbr"}


def body_tags(html: str) -> set[str]:
    """Tag names in rendered article HTML, not counting heading permalinks."""
    html = re.sub(r'<a class="headerlink" href="#[^"]*" title="[^"]*">(?:¶|&para;)</a>', "", html)
    return set(re.findall(r"<([a-z0-9]+)", html))
