"""detect_language: the offline guess of the language a person wrote a profile text in."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from creativeports.common.languages import MIN_LETTERS, detect_language

pytestmark = pytest.mark.unit

# The same kind of sentence, written in each language of the network.
SAMPLES = {
    "en": "We are a small design studio from Gdańsk and we make board games and picture books for children.",
    "de": "Wir sind ein kleines Designstudio aus Hamburg und gestalten Brettspiele und Bilderbücher für Kinder.",
    "pl": "Jesteśmy małym studiem projektowym z Gdańska i tworzymy gry planszowe oraz książki obrazkowe dla dzieci.",
    "fi": "Olemme pieni suunnittelustudio Turusta ja teemme lautapelejä ja kuvakirjoja lapsille.",
    "sv": "Vi är en liten designstudio från Malmö och vi gör brädspel och bilderböcker för barn.",
    "da": "Vi er et lille designstudie fra Aarhus, og vi laver brætspil og billedbøger til børn. Hvad synes du om det?",
    "et": "Oleme väike disainistuudio Tartust ning teeme lauamänge ja pildiraamatuid lastele.",
    "lv": "Mēs esam neliela dizaina studija no Rīgas, un mēs veidojam galda spēles un bilžu grāmatas bērniem.",
    "lt": "Esame nedidelė dizaino studija iš Vilniaus ir kuriame stalo žaidimus bei paveikslėlių knygas vaikams.",
    "nb": "Vi er et lite designstudio fra Bergen, og vi lager brettspill og bildebøker for barn. Hva synes du om det?",
    "is": "Við erum lítil hönnunarstofa frá Reykjavík og við búum til borðspil og myndabækur fyrir börn.",
    "ru": "Мы небольшая дизайн-студия из Калининграда и делаем настольные игры и книжки с картинками для детей.",
}

DEFAULT_LANGUAGES = ["en", "de", "pl", "da", "sv", "fi", "et", "lv", "lt", "nb", "is", "ru"]


@pytest.fixture(autouse=True)
def _default_content_languages(settings):
    settings.CREATIVEPORTS_CONTENT_LANGUAGES = DEFAULT_LANGUAGES


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_detect_language_paragraph_in_each_network_language(code):
    assert detect_language(SAMPLES[code]) == code


@pytest.mark.parametrize("text", ["", "Hej!", "Design 2026", "a" * (MIN_LETTERS - 1)])
def test_detect_language_too_few_letters_is_unknown(text):
    assert detect_language(text) == ""


@pytest.mark.parametrize("text", ["1234567890 " * 5, "!!! ??? ... ---" * 3, "+48 58 000 0000, 80-001"])
def test_detect_language_without_words_is_unknown(text):
    assert detect_language(text) == ""


def test_detect_language_letters_count_not_characters():
    # Twelve digits and punctuation marks around eleven letters are still too little to judge.
    assert detect_language("1, 2, 3: Hejsan hoppa!") == ""


def test_detect_language_single_configured_language_is_always_that_one(settings):
    settings.CREATIVEPORTS_CONTENT_LANGUAGES = ["pl"]

    assert detect_language(SAMPLES["de"]) == "pl"


def test_detect_language_no_configured_language_is_unknown(settings):
    settings.CREATIVEPORTS_CONTENT_LANGUAGES = []

    assert detect_language(SAMPLES["de"]) == ""


def test_detect_language_chooses_only_among_configured_languages(settings):
    settings.CREATIVEPORTS_CONTENT_LANGUAGES = ["en", "de", "fi"]

    assert detect_language(SAMPLES["fi"]) == "fi"
    assert detect_language(SAMPLES["pl"]) in {"", "en", "de", "fi"}


def test_detect_language_norwegian_configured_as_no_is_reported_as_nb(settings):
    settings.CREATIVEPORTS_CONTENT_LANGUAGES = ["en", "sv", "no"]

    assert detect_language(SAMPLES["nb"]) == "nb"


def test_detect_language_unknown_configured_code_is_ignored(settings):
    settings.CREATIVEPORTS_CONTENT_LANGUAGES = ["en", "de", "xx", "pl"]

    assert detect_language(SAMPLES["pl"]) == "pl"


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_detect_language_any_text_gives_configured_code_or_unknown(text):
    assert detect_language(text) in {*DEFAULT_LANGUAGES, ""}
