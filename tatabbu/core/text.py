"""Text normalisation shared by search indexing and queries (one function, both sides).

Arabic: NFKC, vowel marks and Quranic annotation signs dropped, tatweel dropped, alef forms
(أ إ آ ٱ) folded to ا, ى→ي, ة→ه, ؤ→و, ئ→ي, Arabic-Indic digits→ASCII. Latin: accents dropped, œ→oe,
æ→ae, lower case. See ECOSYSTEM.md "Full-text search".
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
        "ß": "ss",
        "’": "'",
        "‘": "'",
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
    }
)
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_WHITESPACE = re.compile(r"\s+")


def normalize_text(text: str | None) -> str:
    """Fold ``text`` for matching: the same input form for the index and for queries."""
    if not text:
        return ""
    if text.isascii():  # same result, without the Unicode passes (imports index 10⁵ rows)
        return _WHITESPACE.sub(" ", text.lower()).strip()
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text)
    text = _NON_ASCII.sub(_fold_run, text)
    decomposed = unicodedata.normalize("NFD", text)
    text = _NON_ASCII.sub(_strip_marks_run, decomposed)
    text = unicodedata.normalize("NFC", text).lower()
    return _WHITESPACE.sub(" ", text).strip()


# Folding and mark removal touch only non-ASCII characters: apply them run by run, so that
# mostly-Latin text stays in C (same result as translating the whole string).
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD)


def _strip_marks_run(match: re.Match[str]) -> str:
    return match.group().translate(_COMBINING_MARKS)


class _CombiningMarks(dict[int, int | None]):
    """A ``str.translate`` table deleting every combining character (accents, marks), filled
    as characters are met: building it for all 1.1 million code points took half a second at
    the first folded text (an import, a search)."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_COMBINING_MARKS = _CombiningMarks()


def strip_bidi_controls(text: str) -> str:
    """Remove explicit bidi controls (Trojan-Source-style spoofing in names and titles)."""
    return _BIDI_CONTROLS.sub("", text)
