"""Mark the words of a text that match a search query, on the original text (with its vowel
marks, hamza forms and accents), by folding it character by character like the index does."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tatabbu.core.text import normalize_text

from .search import ParsedQuery

_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return normalize_text(char) if not char.isspace() else " "


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character."""
    folded: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        for part in _fold_char(char):
            folded.append(part)
            positions.append(index)
    return "".join(folded), positions


def highlight(text: str, query: ParsedQuery) -> SafeString:
    """``text`` escaped, with the words matching ``query`` wrapped in ``<mark>``."""
    if not text or not query:
        return mark_safe(escape(text))  # noqa: S308 (escaped above)
    text = unicodedata.normalize("NFC", text)
    folded, positions = _folded_with_positions(text)
    terms = set(query.terms)
    prefix = query.terms[-1] if query.prefix_last else None
    spans: list[tuple[int, int]] = []
    for word in _WORD.finditer(folded):
        token = word.group()
        if token in terms or (prefix and token.startswith(prefix)):
            start = positions[word.start()]
            end = positions[word.end() - 1] + 1
            while end < len(text) and _fold_char(text[end]) == "":
                end += 1  # trailing vowel marks belong to the word
            spans.append((start, end))
    parts: list[str] = []
    cursor = 0
    for start, end in spans:
        if start < cursor:
            continue
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece is escaped)
