"""Publication and update times, in any of the forms Korean news pages print them.

A date line holds one or more stamps — ``입력 2024. 12.04(수) 16:30 수정 :
…``, ``2019-10-09 06:00 송고``, ``기사입력 2025-11-19 14:38`` — and little
else. Each stamp takes its role from the label next to it: a publication
label (입력, 등록, 송고 …), an update label (수정, 업데이트 …) or none. An
update time is never taken for the publication time.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

_DATE = re.compile(
    # Two-digit years (25.06.12 16:47) only with a time after them.
    r"(?:(?P<y>(?:19|20)\d{2})|(?<!\d)(?P<yy>\d{2})(?=[./-]\d{1,2}[./-]\d{1,2}\.?\s+\d{1,2}:\d{2}))\s*(?:[./-]|년)\s*(?P<m>\d{1,2})\s*(?:[./-]|월)\s*(?P<d>\d{1,2})(?!\d)(?:\s*일)?\.?"
    r"(?:\s*[(（]?\s*[월화수목금토일月火水木金土日](?:요일|曜日)?\s*[)）]?)?"
    r"(?:(?:\s*|T)[(（\[]?\s*(?P<ampm>오전|오후|AM|PM)?\s*(?P<hh>\d{1,2})\s*(?::\s*(?P<mm>\d{2})|시\s*(?P<mm2>\d{1,2})\s*분?)(?::\d{2})?(?:[+-]\d{2}:?\d{2}|Z)?\s*[)）\]]?)?"
)


@dataclass(frozen=True)
class DateVocabulary:
    """The words around a stamp: which labels mean published, which updated, what else may stand there."""

    published: tuple[str, ...]
    updated: tuple[str, ...]
    filler: re.Pattern[str]

    def is_filler(self, rest: str) -> bool:
        """Whether what a date line holds besides its stamps is decoration only (separators, 기사원문, 조회수)."""
        return not self.filler.sub("", rest)

    def label_before(self, role: str) -> re.Pattern[str]:
        """A label of ``role`` ending the text before a stamp (``입력 :``, ``수정일 |``)."""
        return _label_pattern(self.published if role == "published" else self.updated, before=True)

    def label_after(self, role: str) -> re.Pattern[str]:
        """A label of ``role`` right after a stamp (``… 송고``)."""
        return _label_pattern(self.published if role == "published" else self.updated, before=False)


@lru_cache(maxsize=16)
def _label_pattern(labels: tuple[str, ...], before: bool) -> re.Pattern[str]:
    words = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s?") for w in labels), key=len, reverse=True))
    suffix = r"(?:\s?(?:일시|일자|날짜|시간|시각|일))?"
    return re.compile(rf"(?:{words}){suffix}[\s:：|·]*\Z" if before else rf"\s*(?:{words})", re.IGNORECASE)


@dataclass(frozen=True)
class Stamp:
    """One date (and time, if printed) on a date line, with its role."""

    role: str  # "published", "updated" or "unlabelled"
    date: str  # ISO date
    time: str | None = None  # HH:MM


def _stamp(match: re.Match[str], role: str) -> Stamp | None:
    try:
        year = int(match["y"]) if match["y"] else 2000 + int(match["yy"])
        day = dt.date(year, int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    time = None
    if match["hh"] is not None:
        hour, minute = int(match["hh"]), int(match["mm"] or match["mm2"])
        if match["ampm"] in ("오후", "PM") and hour < 12:
            hour += 12
        if hour > 23 or minute > 59:
            return None
        time = f"{hour:02d}:{minute:02d}"
    return Stamp(role, day.isoformat(), time)


def read_stamps(text: str, vocabulary: DateVocabulary) -> tuple[tuple[Stamp, ...], str]:
    """Every stamp in a line and what else the line says once stamps and their labels are taken out.

    ``vocabulary.filler`` tells what of the rest is mere decoration (``DateVocabulary.is_filler``).
    """
    stamps: list[Stamp] = []
    residue: list[str] = []
    position = 0
    matches = list(_DATE.finditer(text))
    for k, match in enumerate(matches):
        before = text[position: match.start()]
        next_start = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        position = match.end()
        role = "unlabelled"
        for candidate in ("updated", "published"):
            label = vocabulary.label_before(candidate).search(before)
            if label:
                role, before = candidate, before[: label.start()]
                break
        if role == "unlabelled":
            for candidate in ("published", "updated"):
                label = vocabulary.label_after(candidate).match(text, match.end(), next_start)
                if label:
                    role, position = candidate, label.end()
                    break
        residue.append(before)
        stamp = _stamp(match, role)
        if stamp:
            stamps.append(stamp)
    residue.append(text[position:])
    return tuple(stamps), " ".join(part.strip() for part in residue if part.strip())


def publication(stamps: tuple[Stamp, ...]) -> Stamp | None:
    """The publication stamp of a line: the first labelled one, else the first unlabelled one."""
    labelled = [s for s in stamps if s.role == "published"]
    if labelled:
        return labelled[0]
    unlabelled = [s for s in stamps if s.role == "unlabelled"]
    return unlabelled[0] if unlabelled else None
