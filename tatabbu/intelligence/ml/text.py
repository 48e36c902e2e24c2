"""Feature extraction shared by every task: the normalised text (``core.text``: Arabic and
Latin folding), word 1–2-grams, character 2–5-grams inside word boundaries, and the first
words of the recommendation as positional features (the verb decides the UPR Info action
category: "continue" → 2, "consider" → 3, "ratify" → 5)."""

from __future__ import annotations

import itertools
import re

import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from tatabbu.core.text import normalize_text

_WORD = re.compile(r"\w+")
_LEADING_MARKERS = re.compile(r"^[\W\d_]+")
LEAD_WORDS = 4


def clean(text: str) -> str:
    """Normalised text without list markers ("-", "(a)", "1.") in front."""
    text = normalize_text(text)
    text = re.sub(r"^\(?[a-z\u0600-\u06ff]\)\s+", "", text)
    return _LEADING_MARKERS.sub("", text)


def lead_tokens(text: str) -> str:
    """``P0_ratify P1_the … B_ratify_the …``: position-tagged first words and their bigrams."""
    words = _WORD.findall(text)[:LEAD_WORDS]
    tagged = [f"P{index}_{word}" for index, word in enumerate(words)]
    tagged += [f"B_{first}_{second}" for first, second in itertools.pairwise(words)]
    return " ".join(tagged)


class TextFeatures:
    """Word, character and lead-word TF-IDF blocks, stacked. ``word_feature_names`` gives the
    readable features (words and word pairs) used to explain a suggestion."""

    def __init__(self, *, min_df: int = 2, char: bool = True, lead: bool = True) -> None:
        self.word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=min_df)
        self.char = (
            TfidfVectorizer(
                analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=min_df
            )
            if char
            else None
        )
        self.lead = (
            TfidfVectorizer(token_pattern=r"\S+", lowercase=False)  # noqa: S106
            if lead
            else None
        )

    def _blocks(self) -> list[tuple[TfidfVectorizer, bool]]:
        blocks = [(self.word, False)]
        if self.char is not None:
            blocks.append((self.char, False))
        if self.lead is not None:
            blocks.append((self.lead, True))
        return blocks

    def fit_transform(self, texts: list[str]) -> sp.csr_matrix:
        cleaned = [clean(text) for text in texts]
        return sp.hstack(
            [
                vectorizer.fit_transform([lead_tokens(t) for t in cleaned] if lead else cleaned)
                for vectorizer, lead in self._blocks()
            ]
        ).tocsr()

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        cleaned = [clean(text) for text in texts]
        return sp.hstack(
            [
                vectorizer.transform([lead_tokens(t) for t in cleaned] if lead else cleaned)
                for vectorizer, lead in self._blocks()
            ]
        ).tocsr()

    @property
    def word_feature_count(self) -> int:
        return len(self.word.vocabulary_)

    def word_feature_names(self) -> list[str]:
        return list(self.word.get_feature_names_out())
