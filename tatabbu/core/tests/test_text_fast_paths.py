"""``normalize_text``'s fast paths (ASCII, run-wise folding) give exactly the result of the
plain algorithm of ECOSYSTEM.md on Latin, Arabic and mixed text."""

from __future__ import annotations

import unicodedata

import pytest

from tatabbu.core.text import _ARABIC_MARKS, _FOLD, _WHITESPACE, normalize_text


def reference(text: str) -> str:
    """The algorithm written plainly, one character at a time."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text)
    text = text.translate(_FOLD)
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = unicodedata.normalize("NFC", text).lower()
    return _WHITESPACE.sub(" ", text).strip()


@pytest.mark.parametrize(
    "text",
    [
        "Ratify the  Optional Protocol\tto CAT (Denmark);",
        "Poursuivre les réformes visant à consolider l’état de droit — ŒUVRE, Æ, ß",
        "مُحَمَّد ـــ أإآٱ ى ة ؤ ئ ١٢٣ ۴٥ توصي اللجنة الدولة الطرف",
        "Morocco المغرب Maroc e\u0301 A\u0301\u0327 ﬁ 𝔸 \U0001d165x Ǆ İ ǅ \u200f",
        "".join(chr(code) for code in range(0x20, 0x3000)),
        "",
    ],
)
def test_fast_paths_match_the_plain_algorithm(text: str) -> None:
    assert normalize_text(text) == reference(text)
