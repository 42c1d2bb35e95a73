"""Stage 2 — decode bytes to clean text: encoding, line ends, NFC."""
from __future__ import annotations

import re
import unicodedata

import charset_normalizer
import ftfy
from ftfy.badness import is_bad

from .errors import SeedError
from .models import SeedBytes, SeedText

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Encodings a Korean scrape plausibly comes in; detection is limited to these so
# a short CP949 file is not mistaken for, say, Big5.
_KOREAN_CANDIDATES = ["utf_8", "cp949", "euc_kr", "utf_16", "iso2022_kr", "johab"]
_HANGUL = re.compile("[가-힣]")


def _detect(data: bytes) -> str | None:
    match = charset_normalizer.from_bytes(data, cp_isolation=_KOREAN_CANDIDATES).best()
    return match.encoding if match is not None else None


def decode_seed(seed: SeedBytes) -> SeedText:
    """Decode a seed: BOM-aware UTF-8, else detected Korean legacy encodings."""
    data = seed.data
    notes: list[str] = []
    if not data.strip():
        raise SeedError(seed.name, "file is empty" if not data else "file has only whitespace")

    encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            notes.append("BOM 제거")
            break
    if encoding is None and b"\x00" in data:
        raise SeedError(seed.name, "not a text file (contains NUL bytes)")
    if encoding is None:
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = _detect(data)
            if encoding is None:
                raise SeedError(seed.name, "not a text file (no text encoding fits its bytes)") from None
            notes.append(f"{encoding} 인코딩으로 판별")
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise SeedError(seed.name, f"cannot decode as {encoding}") from None

    if "\r" in text:
        notes.append("줄바꿈(CR/CRLF)을 LF로 통일")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if is_bad(text):
        # UTF-8 that was once read as Latin-1 and saved again ("ê´\x91ì£¼…").
        repaired = ftfy.fix_text(text, normalization="NFC")
        if is_bad(repaired) or not _HANGUL.search(repaired):
            raise SeedError(seed.name, "garbled text (mojibake) that could not be repaired")
        text = repaired
        notes.append("깨진 인코딩(모지바케) 복구")
    normalized = unicodedata.normalize("NFC", text)
    if normalized != text:
        notes.append("유니코드 NFC 정규화")
    if _looks_binary(normalized):
        raise SeedError(seed.name, "not a text file (mostly control characters)")
    if not normalized.strip():
        raise SeedError(seed.name, "file has only whitespace")
    return SeedText(seed=seed, text=normalized, encoding=encoding.replace("_", "-"), notes=tuple(notes))


# Unicode category Cc (C0 and C1 controls), less line feed and tab.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 20)
