"""Revised Romanization of Korean place names, for region ids (URLs).

Only ``python -m generator.gazetteer_source`` uses it, to give a place new to
the gazetteer an ASCII id; ids already in ``rules/korea.yml`` are kept as they
are, so a change here never moves a published URL. Implements the syllable
table of the 2000 Revised Romanization and the sound changes that matter in
place names (linking, nasalisation, ㄹ after ㄴ/ㄹ/ㅇ/ㅁ), not the whole standard.
"""
from __future__ import annotations

_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_VOWELS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu",
           "eu", "ui", "i"]
# Final consonant as pronounced at the end of a word (index 0: none).
_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
           "ng", "t", "t", "k", "t", "p", "t"]
# Final consonant carried over to an initial ㅇ (linking: 종암 jongam, 목포역 mokpoyeok).
_LINKED = ["", "g", "kk", "gs", "n", "nj", "n", "d", "r", "lg", "lm", "lb", "ls", "lt", "lp", "r", "m", "b", "bs", "s",
           "ss", "ng", "j", "ch", "k", "t", "p", ""]
_R, _N, _M, _NIEUN_FINAL, _RIEUL_FINAL, _NG_FINAL, _M_FINAL = 5, 2, 6, 4, 8, 21, 16
_STOP_K, _STOP_T, _STOP_P = {1, 2, 3, 9, 24}, {7, 19, 20, 22, 23, 25, 27}, {17, 18, 14, 26}


def _parts(char: str) -> tuple[int, int, int] | None:
    code = ord(char) - 0xAC00
    if not 0 <= code < 11172:
        return None
    return code // 588, (code % 588) // 28, code % 28


def romanize(text: str) -> str:
    """``text`` in lowercase Revised Romanization (청주 → cheongju, 종로 → jongno, 울릉 → ulleung)."""
    syllables = [_parts(c) or c for c in text]
    out = []
    for i, syllable in enumerate(syllables):
        if isinstance(syllable, str):
            out.append(syllable.lower())
            continue
        initial, vowel, final = syllable
        previous = syllables[i - 1] if i and not isinstance(syllables[i - 1], str) else None
        following = syllables[i + 1] if i + 1 < len(syllables) and not isinstance(syllables[i + 1], str) else None
        # The initial, as changed by the previous syllable's final.
        head = _INITIALS[initial]
        if previous:
            before = previous[2]
            if initial == 11:  # ㅇ: the previous final moved here
                head = _LINKED[before]
            elif initial == _R:
                head = "l" if before in (_NIEUN_FINAL, _RIEUL_FINAL) else "n" if before else "r"
        # The final, as changed by the next syllable's initial.
        tail = _FINALS[final]
        if following:
            nxt = following[0]
            if nxt == 11:
                tail = ""  # linked into the next syllable
            elif nxt == _R and final == _NIEUN_FINAL:
                tail = "l"
            elif nxt in (_N, _M, _R) and final in _STOP_K:
                tail = "ng"
            elif nxt in (_N, _M, _R) and final in _STOP_T:
                tail = "n"
            elif nxt in (_N, _M, _R) and final in _STOP_P:
                tail = "m"
        out.append(head + _VOWELS[vowel] + tail)
    return "".join(out)
