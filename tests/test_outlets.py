"""The development half of the outlet-layout corpus: pages from many outlets'
layouts come out with their title, author, date, outlet and region right, their
sentences kept and their furniture out (``python -m bench.cleaning``).

The held-out half (``tests/fixtures/outlets/heldout``) is scored by the
benchmark only; no test gates it, so no rule is ever written to pass it.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.cleaning import FIELDS, FIXTURES, score_fixtures

DEV = FIXTURES / "dev"
HELD_OUT = FIXTURES / "heldout"


@pytest.fixture(scope="module")
def dev_tally(rules):
    tally, pages = score_fixtures(DEV, rules)
    assert pages >= 15
    return tally


@pytest.mark.parametrize("field", FIELDS)
def test_the_development_half_reads_right(dev_tally, field):
    share = dev_tally.share(field)
    misses = [m for m in dev_tally.misses if f": {field}:" in m]
    assert share is not None and share >= 0.95, misses


def _labels(folder: Path) -> list[tuple[Path, dict]]:
    return [(p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.yml"))]


@pytest.mark.parametrize("folder", [DEV, HELD_OUT], ids=["dev", "heldout"])
def test_labels_are_complete_and_quote_their_page(folder):
    """Every label names its fields, and every kept or dropped line is on its page."""
    labelled = _labels(folder)
    assert len(labelled) >= 15
    for path, label in labelled:
        for key in ("outlet", "title", "author", "published", "region", "keep", "drop"):
            assert key in label, (path.name, key)
        page = path.with_suffix(".txt").read_text(encoding="utf-8")
        for line in label["keep"] + label["drop"]:
            assert line in page, (path.name, line)


def test_the_halves_share_no_outlet():
    dev = {label["outlet"] for _p, label in _labels(DEV)}
    held_out = {label["outlet"] for _p, label in _labels(HELD_OUT)}
    assert not (dev & held_out) - {None}


def test_every_labelled_outlet_is_in_the_registry(rules):
    for folder in (DEV, HELD_OUT):
        for path, label in _labels(folder):
            if label["outlet"] is not None:
                assert rules.outlets.named(label["outlet"]) is not None, (path.name, label["outlet"])
