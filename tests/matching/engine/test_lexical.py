"""Lexical evidence: folding, stems across languages, shared distinctive words."""

from __future__ import annotations

import pytest

from creativeports.matching.engine.lexical import LexicalScorer, distinctive_words, fold, quote, terms

pytestmark = pytest.mark.unit


def test_fold_removes_case_and_diacritics():
    assert fold("Rīga ŁÓDŹ Malmö Straße") == "riga lodz malmo strasse"


def test_terms_share_a_stem_across_languages():
    assert set(terms("lokalizacja")) == set(terms("Lokalisierung")) == {"lokali"}


def test_scores_rank_the_document_sharing_rare_words_first():
    scorer = LexicalScorer.fit(
        {
            1: "We convert books to EPUB3 with image descriptions in Riga.",
            2: "We organise music festivals in Riga and Tallinn.",
            3: "Design studio for packaging and brands.",
        }
    )

    scores = scorer.scores("Need EPUB3 conversion of our books", [1, 2, 3])

    assert max(scores, key=scores.__getitem__) == 1
    assert scores[3] == 0.0


def test_shared_words_are_spelled_as_the_document_spells_them():
    scorer = LexicalScorer.fit({1: "Atelier in Rīga making EPUB3 books", 2: "A studio in Tallinn", 3: "Music in Oslo"})

    assert scorer.shared_words("We look for an EPUB3 partner near Riga", 1) == ["EPUB3", "Rīga"]


def test_distinctive_words_are_the_longest():
    assert distinctive_words("We need a Lithuanian translator for subtitles", 2) == ["lithuanian", "translator"]


def test_quote_takes_the_first_sentence_and_cuts_long_ones_at_a_word():
    assert quote("First one. Second one.") == "First one."
    assert quote("word " * 60, max_chars=20) == "word word word word…"
