"""``search_words``: the words of several parts are the words of each part, joined — the
importer relies on it to fold each State's names once per import instead of once per row."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tatabbu.recommendations.search_index import build_search_text, search_words

# Letters, marks (Arabic vowels, combining accents), digits, punctuation, spaces and the
# characters normalisation changes (ligatures, final sigma, tatweel, Arabic-Indic digits).
PARTS = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from("ΣσςéèÉœßأإآىةؤئـًٌٍَُِّْ٠١٢٣ ' -ﬁ\u0301\u064b\u200f"),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PARTS, max_size=6), st.integers(min_value=0, max_value=6))
def test_words_of_joined_parts_are_the_words_of_each_part(parts: list[str], cut: int) -> None:
    head, tail = search_words(parts[:cut]), search_words(parts[cut:])
    joined = f"{head} {tail}" if head and tail else head or tail
    assert search_words(parts) == joined


def test_build_search_text_folds_texts_references_and_names() -> None:
    assert (
        build_search_text(
            texts=["", "Ratifier la Convention « CEDAW »", "Ratify CEDAW"],
            paragraph="144.4",
            references=["A/HRC/21/3"],
            names=["Côte d’Ivoire", "كوت ديفوار"],
        )
        == "ratifier la convention cedaw ratify cedaw 144 4 a hrc 21 3 cote d ivoire كوت ديفوار"
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(max_codepoint=127), max_size=30), max_size=6))
def test_ascii_words_are_the_words_of_the_normalised_text(parts: list[str]) -> None:
    """``search_words`` skips ``normalize_text`` for ASCII text: same words."""
    from tatabbu.core.text import normalize_text
    from tatabbu.recommendations.search import search_tokens

    text = " ".join(part for part in parts if part)
    assert search_words(parts) == " ".join(search_tokens(normalize_text(text)))
