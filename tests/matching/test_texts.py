"""What matching embeds: a typed need carries the English names of the sector concepts it names."""

from __future__ import annotations

import pytest

from creativeports.matching.engine.embedding import MAX_CHARS
from creativeports.matching.engine.lexical import concepts
from creativeports.matching.texts import search_text

pytestmark = pytest.mark.unit


def test_concepts_are_named_in_english_whatever_the_language():
    latvian = concepts("Meklējam tulkotāju, kas lokalizē mūsu datorspēli vācu valodā")
    polish = concepts("Szukamy tłumacza do naszych gier")

    assert latvian == ["games", "localisation", "translation"]
    assert polish == ["games", "translation"]
    assert concepts("Wir suchen einen Verlag für Brettspiele") == ["board game", "publishing"]


def test_a_need_is_followed_by_the_concepts_it_names():
    assert search_text("  Meklējam tulkotāju, kas lokalizē mūsu datorspēli\x00 ") == (
        "Meklējam tulkotāju, kas lokalizē mūsu datorspēli (games, localisation, translation)"
    )


def test_a_need_naming_no_concept_is_embedded_as_written():
    assert search_text("Hello there, anyone?") == "Hello there, anyone?"


def test_a_long_need_is_cut_to_leave_room_for_the_concepts():
    text = search_text("Szukamy wydawcy gier na Steamie. " * 200)

    assert len(text) <= MAX_CHARS
    assert text.endswith(". (games, publishing)")
    assert text.startswith("Szukamy wydawcy gier na Steamie.")
