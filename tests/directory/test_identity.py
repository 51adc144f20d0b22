"""Duplicate detection keys: how names and websites are normalised, and that the stored keys follow
the profile through every way it is written."""

from __future__ import annotations

import pytest

from creativeports.directory.identity import normalise_name, website_domain
from creativeports.directory.models import Organisation
from creativeports.directory.services.organisation import organisation_update
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Malmö Spelstudio", "malmo spelstudio"),
        ("Gdańsk Design", "GDANSK-design"),
        ("Łódź Film Łąka", "Lodz Film Laka"),
        ("Vertėjų biuras", "Verteju Biuras"),
        ("Ærø Ø-Studio", "aero o studio"),
        ("Straße & Co.", "strasse co"),
    ],
)
def test_normalise_name_ignores_case_diacritics_punctuation_and_spaces(first, second):
    assert normalise_name(first) == normalise_name(second)


def test_normalise_name_keeps_different_names_apart():
    assert normalise_name("Studio Nord") != normalise_name("Studio Nordic")


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.Amber.example.org/about", "amber.example.org"),
        ("amber.example.org", "amber.example.org"),
        ("http://[::1", ""),
        ("", ""),
    ],
)
def test_website_domain(url, host):
    assert website_domain(url) == host


@pytest.mark.django_db
def test_keys_are_stored_on_save_and_follow_an_update():
    organisation = OrganisationFactory(name="Malmö Spelstudio", website="https://www.spel.example.se")
    stored = Organisation.objects.values_list("name_key", "website_key").get(pk=organisation.pk)
    assert stored == ("malmospelstudio", "spel.example.se")

    organisation_update(actor=UserFactory(), organisation=organisation, fields={"name": "Göteborg Spel", "website": ""})

    assert Organisation.objects.values_list("name_key", "website_key").get(pk=organisation.pk) == ("goteborgspel", "")


@pytest.mark.django_db
def test_keys_are_stored_by_bulk_create():
    created = Organisation.objects.bulk_create(
        [OrganisationFactory.build(name="Kūrybinė Agentūra", website="https://kuryba.example.lt")]
    )

    assert Organisation.objects.values_list("name_key", "website_key").get(pk=created[0].pk) == (
        "kurybineagentura",
        "kuryba.example.lt",
    )
