"""Make the bad-input corpus: broken encodings, hostile text, odd files.

    python tests/bad_corpus.py OUT_DIR

Writes one seed per case into OUT_DIR (alongside copies of the real seeds)
and returns, for each file, what the generator must do with it. Nothing here
is committed as a binary: every file is made from text in this script.
"""
from __future__ import annotations

import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

BODY = (
    "광주시는 인공지능 산업을 키우기 위해 새로운 계획을 내놓았다고 밝혔으며, 이 문장은 본문 첫 단락으로 분류될 만큼 충분히 길다.\n\n"
    "두 번째 단락에서는 지역 기업과 대학이 함께 인재를 기르는 방안을 설명한다.\n"
)
XSS = "<script>window.__atlas_pwned = 1; alert('xss')</script>"
HOSTILE_BODY = (
    f"본문에 스크립트가 들어 있어도 글자로만 보여야 한다: {XSS} 그리고 이것은 충분히 긴 첫 단락이다.\n\n"
    "<img src=x onerror=\"window.__atlas_pwned = 2; alert(2)\"> 이미지 태그도 글자다.\n\n"
    "[눌러 보세요](javascript:window.__atlas_pwned=3) 와 <a href=\"javascript:alert(3)\">링크</a> 도 글자다.\n\n"
    "<iframe src=\"javascript:alert(4)\"></iframe> 틀도 글자다. <svg onload=alert(5)>\n"
)


@dataclass(frozen=True)
class Expect:
    """What must happen to one seed: a page (showing ``shows``), or a skip with ``reason``."""

    outcome: str  # "page" | "skipped"
    shows: tuple[str, ...] = ()
    reason: str = ""


def cases() -> dict[str, tuple[bytes, Expect]]:
    """Every case: file name → (bytes, expectation)."""
    text = "인공지능 거점도시 광주\n\n" + BODY
    mojibake = text.encode("utf-8").decode("latin-1").encode("utf-8")
    long_line = ("광주시가 인공지능 산업을 키운다. " * 6000)[:100_000]
    return {
        "bom.txt": (b"\xef\xbb\xbf" + text.encode("utf-8"), Expect("page", ("인공지능 거점도시 광주",))),
        "cp949.txt": (text.encode("cp949"), Expect("page", ("새로운 계획을 내놓았다고",))),
        "euckr.txt": (("EUC-KR 기사\n\n" + BODY).encode("euc-kr"), Expect("page", ("EUC-KR 기사",))),
        "crlf.txt": (("CRLF 기사\r\n\r\n" + BODY.replace("\n", "\r\n")).encode("utf-8"), Expect("page", ("CRLF 기사",))),
        "nfd.txt": (unicodedata.normalize("NFD", "맥에서 온 기사\n\n" + BODY).encode("utf-8"), Expect("page", ("맥에서 온 기사",))),
        "mojibake.txt": (mojibake, Expect("page", ("인공지능 거점도시 광주",))),
        "empty.txt": (b"", Expect("skipped", reason="file is empty")),
        "whitespace.txt": (b"  \n\t \r\n  \n", Expect("skipped", reason="file has only whitespace")),
        "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, Expect("skipped", reason="not a text file")),
        "big-5mb.txt": ((("큰 파일\n\n" + BODY) * 40_000).encode("utf-8")[:5_000_000], Expect("skipped", reason="over the 2,000,000-byte limit")),
        "long-line.txt": (long_line.encode("utf-8"), Expect("page", ("광주시가 인공지능 산업을 키운다.",))),
        "only-boilerplate.txt": (
            "이 기사를 공유합니다\n페이스북으로 보내기\n\n<저작권자 ⓒ 어느신문, 무단 전재 및 재배포 금지>\n".encode("utf-8"),
            Expect("skipped", reason="no article text"),
        ),
        "duplicate of 000.txt": ((SEEDS / "000_bd417f7486c5be64.txt").read_bytes(), Expect("skipped", reason="same content as 000_bd417f7486c5be64.txt")),
        "공백 있는 한글 이름 (1).txt": (("이름이 이상한 파일\n\n" + BODY).encode("utf-8"), Expect("page", ("이름이 이상한 파일",))),
        "front-matter.txt": (
            ("---\ntitle: 앞머리의 가짜 제목\nauthor: 가짜 필자\n---\n진짜 제목\n\n" + BODY).encode("utf-8"),
            Expect("page", ("진짜 제목",)),
        ),
        "xss.txt": ((f"제목에도 {XSS}\n\n" + HOSTILE_BODY).encode("utf-8"), Expect("page", (XSS, "onerror=", "javascript:"))),
        "markdown.txt": (
            (
                "제목 | 파이프 | 표처럼\n\n"
                "# 제목처럼 보이지만 본문인 줄이 충분히 길게 이어지는 첫 단락이며 문장으로 끝난다.\n\n"
                "* 별표로 시작하는 줄\n\n```python\n닫히지 않은 코드 울타리\n\n<!-- 닫히지 않은 주석\n\n"
                "| 열1 | 열2 |\n|---|---|\n"
            ).encode("utf-8"),
            Expect("page", ("제목 | 파이프 | 표처럼", "```python", "<!-- 닫히지 않은 주석", "* 별표로 시작하는 줄")),
        ),
        "jinja.txt": (
            ("{{ 7*7 }} 제목\n\n{% for x in range(3) %}반복{% endfor %} 그리고 {{ config.site_name }} 도 글자로 남아야 하는 충분히 긴 첫 단락이다.\n").encode("utf-8"),
            Expect("page", ("{{ 7*7 }} 제목", "{% for x in range(3) %}반복{% endfor %}", "{{ config.site_name }}")),
        ),
    }


def write_bad_corpus(folder: Path, with_real_seeds: bool = True) -> dict[str, Expect]:
    """Write the corpus (and the five real seeds) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    if with_real_seeds:
        for seed in SEEDS.glob("*.txt"):
            shutil.copy2(seed, folder / seed.name)
    expectations = {}
    for name, (data, expect) in cases().items():
        (folder / name).write_bytes(data)
        expectations[name] = expect
    return expectations


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bad-seeds")
    for name, expect in write_bad_corpus(out).items():
        print(f"{expect.outcome:8} {name}")
