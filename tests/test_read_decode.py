"""Stages 1–2: reading bytes and decoding them to NFC text."""
from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest

from conftest import SEED_NAMES, SEEDS
from generator.decode import decode_seed
from generator.errors import SeedError
from generator.read import list_seed_files, read_seed

KOREAN = "광주시가 인공지능(AI) 거점도시 브랜드 구축에 나섰다.\n원주형 AI 얼라이언스 협업 모델을 소개한다.\n"


def _seed(tmp_path: Path, data: bytes, name: str = "x.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return read_seed(path)


def test_seed_folder_lists_the_five_seeds_in_name_order():
    assert [p.name for p in list_seed_files(SEEDS)] == SEED_NAMES


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_seed_reads_with_its_sha256_and_decodes_as_nfc_utf8(name):
    seed = read_seed(SEEDS / name)
    assert seed.sha256 == hashlib.sha256((SEEDS / name).read_bytes()).hexdigest()
    text = decode_seed(seed)
    assert text.encoding == "utf-8"
    assert "\r" not in text.text
    assert unicodedata.is_normalized("NFC", text.text)


def test_seeds_are_byte_identical_to_the_originals():
    """The repository's seeds are the originals; ``tests/seeds.sha256`` pins them (``sha256sum -c`` format)."""
    pinned = {}
    for line in (Path(__file__).parent / "seeds.sha256").read_text(encoding="utf-8").splitlines():
        digest, path = line.split(maxsplit=1)
        pinned[Path(path).name] = digest
    assert sorted(pinned) == SEED_NAMES
    for name in SEED_NAMES:
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == pinned[name], f"{name} differs from the original"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (KOREAN.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + KOREAN.encode("utf-8"), "utf-8-sig"),
        (KOREAN.encode("cp949"), "cp949"),
        (KOREAN.encode("euc-kr"), "cp949"),  # EUC-KR is a subset of CP949
        (KOREAN.encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path, data, encoding):
    text = decode_seed(_seed(tmp_path, data))
    assert text.text == KOREAN
    assert text.encoding.replace("_", "-") in (encoding, "euc-kr")


def test_line_ends_are_normalised(tmp_path):
    crlf = decode_seed(_seed(tmp_path, "가\r\n나\r다\n".encode("utf-8")))
    assert crlf.text == "가\n나\n다\n"
    assert any("LF" in note for note in crlf.notes)


def test_nfd_hangul_is_composed(tmp_path):
    nfd = unicodedata.normalize("NFD", KOREAN)
    assert nfd != KOREAN
    text = decode_seed(_seed(tmp_path, nfd.encode("utf-8")))
    assert text.text == KOREAN
    assert any("NFC" in note for note in text.notes)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "file is empty"),
        (b"  \n\t\n", "file has only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not a text file"),
        (bytes(range(0x80, 0x100)) * 20 + b"\x01\x02\x03" * 200, "not a text file"),
    ],
)
def test_unreadable_input_gets_a_one_line_reason(tmp_path, data, reason):
    with pytest.raises(SeedError) as exc:
        decode_seed(_seed(tmp_path, data, "bad.txt"))
    message = str(exc.value)
    assert message.startswith("bad.txt: ") and reason in message
    assert "\n" not in message


def test_oversized_seed_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 1001)
    with pytest.raises(SeedError, match=r"big\.txt: file is 1,001 bytes, over the 1,000-byte limit"):
        read_seed(path, max_bytes=1000)
