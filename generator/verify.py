"""Integrity check: do the generated pages still match their seeds?

Every article page records its seed's file name and SHA-256. ``verify``
re-hashes the seeds and reports pages whose seed changed or vanished, and
seeds that have no page yet.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .front_matter import read_front_matter
from .render import GENERATED_DIR


@dataclass(frozen=True)
class VerifyFinding:
    """One mismatch between a page and the seeds (``problem``: changed, missing, unpublished)."""

    page: str | None
    seed: str
    problem: str

    def __str__(self) -> str:
        where = f"{self.page}: " if self.page else ""
        return f"{where}{self.seed} {self.problem}"


def verify(seeds_dir: Path, docs_dir: Path) -> list[VerifyFinding]:
    """Compare the seeds' hashes with those recorded in the article pages."""
    findings: list[VerifyFinding] = []
    recorded: set[str] = set()
    for page in sorted((docs_dir / GENERATED_DIR / "articles").glob("*.md")):
        meta = read_front_matter(page)
        name, digest = meta.get("source_file"), meta.get("source_sha256")
        if not name:
            continue
        recorded.add(name)
        rel = page.relative_to(docs_dir).as_posix()
        seed = seeds_dir / name
        if not seed.is_file():
            findings.append(VerifyFinding(rel, name, "vanished (the page's seed is no longer in the seed folder)"))
        elif hashlib.sha256(seed.read_bytes()).hexdigest() != digest:
            findings.append(VerifyFinding(rel, name, "changed since the page was generated (SHA-256 differs)"))
    for seed in sorted(seeds_dir.glob("*.txt")):
        if seed.name not in recorded:
            findings.append(VerifyFinding(None, seed.name, "has no page (new, skipped as bad input, or a duplicate)"))
    return findings
