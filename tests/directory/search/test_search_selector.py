"""The search selector on whichever database the suite runs on (SQLite by default, PostgreSQL in CI).

The same assertions hold on both; that is the point: one selector, two implementations.
"""

from __future__ import annotations

import pytest
from django.db import connection

from creativeports.directory.models import Organisation
from creativeports.directory.search import search_hits, search_terms
from creativeports.directory.services.organisation import organisation_update
from tests.directory.search.conftest import make

pytestmark = [pytest.mark.unit, pytest.mark.postgres]


def _found(q: str, queryset=None) -> set[str]:
    """Names of the organisations the search finds (within `queryset`, when given)."""
    queryset = Organisation.objects.all() if queryset is None else queryset
    ids, _ranks = search_hits(search_terms(q))
    return set(queryset.filter(pk__in=ids).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("q", "key"),
    [
        ("Gdansk", "amber"),
        ("gdańsk", "amber"),
        ("GDANSK", "amber"),
        ("Malmo", "malmo"),
        ("oresund", "malmo"),
        ("Klaipeda", "klaipeda"),
        ("kurybine", "klaipeda"),
        ("kūrybinė dirbtuvė", "klaipeda"),
        ("juru kurybine", "klaipeda"),
        ("garso irasai", "klaipeda"),
        ("Lubeck", "koln"),
        ("kunstlerinnen", "koln"),
        ("Riga", "riga"),
        ("razosanai", "riga"),
        ("naitused", "tartu"),
        ("tootoad", "tartu"),
    ],
)
def test_search_without_diacritics_finds_words_with_them(register, q, key):
    assert _found(q) == {register[key].name}


@pytest.mark.parametrize(
    ("text", "q"),
    [
        # Letters that are not a base letter plus a mark: SQLite's FTS5 keeps them as they are unless
        # the index folds them, PostgreSQL's unaccent spells them out.
        ("Łódź", "Lodz"),
        ("Wrocław", "wroclaw"),
        ("København", "Kobenhavn"),
        ("Trondheimsfjørd", "trondheimsfjord"),
        ("Æbeltoft", "aebeltoft"),
        ("Ísafjörður", "isafjordur"),
        ("Þórshöfn", "thorshofn"),
        ("Straße", "strasse"),
        ("STRAẞE", "strasse"),
        # Typed with the letters, written without them: both sides fold.
        ("Lodz", "Łódź"),
        ("Kobenhavn", "københavn"),
    ],
)
def test_search_folds_letters_without_a_combining_mark(db, text, q):
    organisation = make("Placeholder", city=text, description=f"Studio {text.lower()}")

    assert search_hits(search_terms(q))[0] == [organisation.pk]


def test_search_folding_follows_edits(db):
    organisation = make("Placeholder", city="Łódź")
    organisation_update(actor=None, organisation=organisation, fields={"city": "Białystok"})

    assert search_hits(search_terms("lodz"))[0] == []
    assert search_hits(search_terms("bialystok"))[0] == [organisation.pk]


@pytest.mark.parametrize(
    ("q", "key"),
    [
        ("design", "designers"),  # prefix of "Designers"
        ("northern desig", "designers"),
        ("brettsp", "amber"),
        ("musikprod", "malmo"),
    ],
)
def test_search_last_word_matches_as_prefix(register, q, key):
    assert _found(q) == {register[key].name}


def test_search_earlier_words_match_whole_words_only(register):
    assert _found("desig northern") == set()


def test_search_all_words_must_match(register):
    assert _found("tartu näitused") == {register["tartu"].name}
    assert _found("tartu brettspiele") == set()


@pytest.mark.parametrize("field", ["name", "city", "description", "offers", "needs"])
def test_search_covers_each_public_text(db, field):
    fields = {"name": "Placeholder", field: "Zanzibarite"}
    organisation = make(fields.pop("name"), **fields)

    assert search_hits(["zanzibarite"])[0] == [organisation.pk]


@pytest.mark.parametrize(
    "q",
    [
        "office0@studio.example",
        "ewa@private.example",
        "secret-phone",
        "48580000000",
        "Kowalska",
    ],
)
def test_search_never_matches_contact_details(db, q):
    make(
        "Quiet Studio",
        email="ewa@private.example",
        email_visibility="private",
        phone="+48 58 000 0000",
        contact_name="Ewa Kowalska secret-phone",
        contact_name_visibility="private",
    )

    assert _found(q) == set()


def test_search_ranks_name_match_above_description_match(db):
    in_description = make("Harbour Works", description="We love puppetry in every form.")
    in_name = make("Puppetry Theatre", description="A theatre.")

    ids, ranks = search_hits(["puppetry"])

    relevance = dict(zip(ids, ranks, strict=True))
    assert set(relevance) == {in_name.pk, in_description.pk}
    assert relevance[in_name.pk] > relevance[in_description.pk]


def test_search_follows_updates_and_deletes(db):
    organisation = make("Old Name Studio")

    organisation_update(actor=None, organisation=organisation, fields={"name": "Fresh Lagoon Studio"})

    assert _found("lagoon") == {"Fresh Lagoon Studio"}
    assert _found("old name") == set()
    Organisation.objects.filter(pk=organisation.pk).update(description="Raw update text zyxwv")
    assert _found("zyxwv") == {"Fresh Lagoon Studio"}
    organisation.delete()
    assert _found("lagoon") == set()


def test_search_bulk_created_rows_are_indexed(db):
    template = make("Template")
    Organisation.objects.bulk_create(
        [
            Organisation(name=f"Bulk Mosaic {i}", slug=f"bulk-mosaic-{i}", type=template.type, country=template.country)
            for i in range(3)
        ]
    )

    assert _found("mosaic") == {"Bulk Mosaic 0", "Bulk Mosaic 1", "Bulk Mosaic 2"}


def test_search_narrows_the_given_queryset_only(register):
    only_poland = Organisation.objects.filter(country_id="PL")

    assert _found("tartu", only_poland) == set()
    assert _found("gdansk", only_poland) == {register["amber"].name}


@pytest.mark.parametrize("q", ["", "   ", "%", '"', "*", "()", "-", "\x00", "ʼ", "::", "&|!"])
def test_search_without_words_finds_nothing(register, q):
    assert _found(q) == set()


def test_search_hits_without_terms_are_empty(register):
    assert search_hits([]) == ([], [])


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Hello, World!", ["hello", "world"]),
        ('"design" OR NEAR(x)', ["design", "or", "near", "x"]),
        ("Kūrybinė", ["kūrybinė"]),
        ("Klaipe\u0307da", ["klaipėda"]),  # decomposed dot above composes
        ("snake_case", ["snake", "case"]),
        ("ʼn", ["n"]),
        ("a " * 20, ["a"] * 12),
    ],
)
def test_search_terms_split_into_lowercase_words(q, expected):
    assert search_terms(q) == expected


def test_search_uses_the_database_specific_index(register):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM directory_organisation WHERE search_vector @@ to_tsquery('simple', 'gdansk')"
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM directory_organisation_fts WHERE directory_organisation_fts MATCH 'gdansk'"
            )
        (count,) = cursor.fetchone()

    assert count == 1
