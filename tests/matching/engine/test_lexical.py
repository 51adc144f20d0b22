"""Lexical evidence: folding, stems across languages, shared distinctive words."""

from __future__ import annotations

import pytest

from creativeports.matching.engine.lexical import (
    TEXTS_REMEMBERED,
    Glossary,
    LexicalScorer,
    _term_vector,
    distinctive_words,
    fold,
    glossary,
    quote,
    remembering,
    terms,
)

pytestmark = pytest.mark.unit


def test_fold_removes_case_and_diacritics():
    assert fold("Rīga ŁÓDŹ Malmö Straße") == "riga lodz malmo strasse"


def test_terms_share_a_stem_across_languages():
    stems = [{t for t in terms(word) if not t.startswith("~")} for word in ("lokalizacja", "Lokalisierung")]

    assert stems == [{"lokali"}, {"lokali"}]


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


def test_function_words_are_no_evidence_in_any_language():
    scorer = LexicalScorer.fit(
        {
            1: "Sertificēti linu audumi mūsu klientiem, kā arī audumu izstrāde.",
            2: "Spēļu lokalizācija vācu valodā.",
            3: "Wir drucken Bücher für unsere Kunden.",
        }
    )
    need = "Meklējam tulkotāju, kas lokalizē mūsu datorspēli vācu valodā"

    scores = scorer.scores(need, [1, 2, 3])

    assert scores[1] == 0.0  # "mūsu" ("our") is all they share
    assert scorer.shared_words(need, 1) == []
    assert scores[2] > 0
    assert scorer.shared_words("Wir suchen Partner für unsere Bücher", 3) == ["Bücher"]
    assert "musu" not in terms(need)
    assert "unsere" not in terms("unsere Bücher")


def test_distinctive_words_are_the_longest():
    assert distinctive_words("We need a Lithuanian translator for subtitles", 2) == ["lithuanian", "translator"]


def test_quote_takes_the_first_sentence_and_cuts_long_ones_at_a_word():
    assert quote("First one. Second one.") == "First one."
    assert quote("word " * 60, max_chars=20) == "word word word word…"


@pytest.mark.parametrize(
    "words",
    [
        ["Verlag", "wydawca", "kustantamo", "izdevējs", "leidykla", "forlag", "útgefandi", "publisher"],
        ["Übersetzung", "tulkotāju", "translation"],
        # Production vocabulary: knitwear, sewing rooms, joinery, colour grading.
        ["Strickerei", "stickeri", "kudumid", "megztiniai", "dzianina", "neuleet", "prjónaverksmiðju", "knitwear"],
        ["systue", "szwalnia", "siuvykla", "ompelimo", "Näherei", "sewing", "seamstress"],
        ["Tischlerei", "snedkeri", "stolarnia", "tisleritöökoda", "galdnieks", "joinery"],
        ["grading", "Farbkorrektur", "fargekorrigering", "värimäärittely", "VFX"],
        # Music, crafts and visual arts.
        ["jazz", "Jazzfestival", "jazzowy", "džässi", "džeza", "džiazo", "djass"],
        ["folklore", "Volksmusik", "ludowej", "folkemusik", "kansanmusiikin", "rahvamuusika", "þjóðlög"],
        ["lyrics", "Songtexte", "sångtexter", "sanoitukset", "laulusõnad", "composer"],
        ["footwear", "Schuhmacher", "obuwia", "skomakare", "jalkineet", "jalatsid", "apavu", "avalynės", "skósmiður"],
        ["printmaking", "Radierungen", "linoryty", "træsnit", "litografier", "puupiirros", "linoraižiniai"],
        ["graffiti", "Wandmalerei", "murale", "gatukonst", "katutaidetta", "tänavakunst", "grafiti", "veggmynd"],
        ["typography", "Schriftarten", "czcionki", "typsnitt", "kirjatüübid", "šriftai", "letur"],
        ["toys", "Spielzeug", "zabawki", "legetøj", "leksaker", "leluja", "mänguasjad", "žaislai", "leikföng"],
        ["film", "Spielfilm", "spillefilm", "långfilm", "spēlfilma", "vaidybinis"],
        ["sauna", "bastun", "badstue", "saunomisen", "suitsusaun", "pirtis", "gufubað"],
        # Partners, target groups and business services.
        ["auction", "Versteigerung", "aukcji", "auktionen", "huutokaupassa", "izsoles", "aukcione", "uppboði"],
        ["nonprofit", "gemeinnützige", "stowarzyszenie", "foreningen", "yhdistyksen", "biedrība", "félagasamtök"],
        ["volunteers", "Ehrenamtliche", "wolontariusze", "frivillige", "vapaaehtoisten", "vabatahtlikud", "savanoriai"],
        ["refugees", "Flüchtlinge", "uchodźców", "flygtninge", "pakolaisten", "pagulased", "bēgļiem", "pabėgėliams"],
        ["elderly", "Senioren", "seniorów", "ældrepleje", "äldreomsorg", "ikäihmisten", "pensionāriem", "aldraðir"],
        ["insurance", "Versicherung", "ubezpieczenia", "forsikring", "vakuutuksen", "apdrošināšanas", "tryggingar"],
    ],
)
def test_the_glossary_names_one_concept_across_the_regions_languages(words):
    named = glossary()

    concepts = {named.concept(fold(word)) for word in words}

    assert len(concepts) == 1
    assert None not in concepts


@pytest.mark.parametrize(
    "word",
    [
        *["tailored", "Schneider", "Lanka", "sticker", "upgrading", "band", "scores"],
        # Everyday words and names that start like the vocabulary of another language ("opera", "drone", "senior").
        *["operation", "Operator", "operativ", "dronning", "droning", "seniority", "spendera", "møter", "poodle"],
        *["Ostasien", "Latgale", "Geiger", "gidsel", "beglückwünschen", "odosobnienie", "overnaturlige", "Propst"],
        *["requisite", "restaurateur", "Konservatorium", "conservatory", "micellar", "nuomonė", "Haftung"],
        *["havnet", "hamnar", "Amber", "Urban", "Leder"],
    ],
)
def test_everyday_words_and_names_near_the_sectors_vocabulary_name_no_concept(word):
    assert glossary().concept(fold(word)) is None


def test_a_need_in_polish_shares_evidence_with_a_german_offer_through_the_glossary():
    scorer = LexicalScorer.fit({1: "Wir sind ein Verlag für Brettspiele in Leipzig", 2: "Ljudstudio i Göteborg"})
    need = "Szukamy wydawcy gier planszowych"

    scores = scorer.scores(need, [1, 2])

    assert scores[1] > 0
    assert scores[2] == 0
    assert "Verlag" in scorer.shared_words(need, 1)  # the reason names the candidate's own word


def test_the_longest_stem_decides_and_ordinary_words_name_nothing():
    named = Glossary.of({"art": {"en": ["art"]}, "artificial_intelligence": {"en": ["artificial"]}})

    assert named.concept("artist") == "art"
    assert named.concept("artificially") == "artificial_intelligence"
    assert named.concept("weather") is None


def test_a_batch_remembers_more_documents_for_a_while_then_forgets_down_to_the_usual_bound():
    documents = {i: f"Studio{i} makes games" for i in range(TEXTS_REMEMBERED + 500)}

    with remembering(len(documents)):
        scorer = LexicalScorer.fit(documents)
        assert len(_term_vector.data) >= len(documents)
    assert len(_term_vector.data) == TEXTS_REMEMBERED
    # Forgetting changes nothing but the time: the scores are the same.
    again = LexicalScorer.fit(documents)
    assert again.scores("games studio42", [1, 42]) == scorer.scores("games studio42", [1, 42])
