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
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text)
    text = text.translate(_FOLD)
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = unicodedata.normalize("NFC", text).lower()
    return _WHITESPACE.sub(" ", text).strip()


def strip_bidi_controls(text: str) -> str:
    """Remove explicit bidi controls (Trojan-Source-style spoofing in names and titles)."""
    return _BIDI_CONTROLS.sub("", text)
