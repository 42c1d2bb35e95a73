"""The one Kiwi (Korean morphological analyser) of a process.

Loading Kiwi's model takes about a second, so facts and search share one
instance, which knows every word the rules say must stay whole: organisation
spellings (``entities.yml``), region names (gazetteer) and the search
vocabulary (``search.yml``). Kiwi's typo and multi-word dictionaries are not
loaded: the atlas never asks for typo correction, and without them analysis
is about twice as fast with the same results on the gold standard
(``python -m bench.facts``).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .rules import RULES_DIR, load_rules, load_yaml


def user_words(folder: Path = RULES_DIR) -> tuple[str, ...]:
    """Words Kiwi must read as one proper noun, sorted (spaces cannot be user words)."""
    from .facts import load_fact_rules  # facts imports this module

    search = load_yaml(folder / "search.yml")
    words = set(load_fact_rules(folder).kiwi_words) | set(search.get("user_words") or ())
    words |= {alias for region in load_rules(folder).gazetteer.regions for alias in region.aliases}
    return tuple(sorted(w for w in words if w and " " not in w))


def compound_user_words(own: tuple[str, ...], min_chars: int, folder: Path = RULES_DIR) -> tuple[str, ...]:
    """Other callers' user words of ``min_chars`` or more (as ``word/NNP``): compounds a
    caller that must see their parts (search) blocks. Shorter ones are left alone, since
    blocking a word also blocks Kiwi's own entry for it (광주/NNP)."""
    mine = set(own)
    return tuple(f"{w}/NNP" for w in user_words(folder) if w not in mine and len(w) >= min_chars)


@lru_cache(maxsize=2)
def kiwi(folder: Path = RULES_DIR) -> Any:
    """The process-wide Kiwi for the rules in ``folder``."""
    from kiwipiepy import Kiwi

    analyser = Kiwi(load_typo_dict=False, load_multi_dict=False)
    for word in user_words(folder):
        analyser.add_user_word(word, "NNP")
    return analyser
