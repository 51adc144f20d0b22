"""Profiles without their own coordinates are placed at their city's, flagged approximate."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from creativeports.common.gazetteer import city_coordinates
from creativeports.directory.models import Organisation
from creativeports.directory.services.geocoding import organisations_geocode_missing
from creativeports.directory.services.organisation import organisation_create, organisation_update
from creativeports.taxonomy.models import Country, OrganisationType
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def _fields(**overrides):
    fields = {
        "name": "Amber Sound",
        "type": OrganisationType.objects.get(code="company"),
        "country": Country.objects.get(code="PL"),
        "city": "Gdansk",
    }
    fields.update(overrides)
    return fields


def _create(user, **overrides):
    return organisation_create(actor=user, fields=_fields(**overrides), consent=True)


def test_create_without_coordinates_uses_the_city_and_is_approximate(user):
    organisation = _create(user)

    organisation.refresh_from_db()
    assert (organisation.latitude, organisation.longitude) == city_coordinates("Gdańsk", "PL")
    assert organisation.location_approximate is True


def test_create_with_coordinates_keeps_them_and_is_exact(user):
    organisation = _create(user, latitude=54.4, longitude=18.57)

    organisation.refresh_from_db()
    assert (organisation.latitude, organisation.longitude) == (54.4, 18.57)
    assert organisation.location_approximate is False


def test_create_in_unknown_city_has_no_coordinates(user):
    organisation = _create(user, city="Nowhere-on-Sea")

    organisation.refresh_from_db()
    assert (organisation.latitude, organisation.longitude) == (None, None)
    assert organisation.location_approximate is False


def test_update_sending_back_the_approximate_coordinates_stays_approximate(user):
    organisation = _create(user)
    lat, lon = organisation.latitude, organisation.longitude

    organisation_update(
        actor=user,
        organisation=organisation,
        fields={"description": "Sound design.", "latitude": lat, "longitude": lon},
    )

    organisation.refresh_from_db()
    assert organisation.location_approximate is True
    assert (organisation.latitude, organisation.longitude) == (lat, lon)


def test_update_of_the_city_moves_an_approximate_location(user):
    organisation = _create(user)

    organisation_update(
        actor=user, organisation=organisation, fields={"city": "Malmö", "country": Country.objects.get(code="SE")}
    )

    organisation.refresh_from_db()
    assert (organisation.latitude, organisation.longitude) == city_coordinates("Malmo", "SE")
    assert organisation.location_approximate is True


def test_update_of_the_city_keeps_exact_coordinates(user):
    organisation = _create(user, latitude=54.4, longitude=18.57)

    organisation_update(actor=user, organisation=organisation, fields={"city": "Sopot"})

    organisation.refresh_from_db()
    assert (organisation.latitude, organisation.longitude) == (54.4, 18.57)
    assert organisation.location_approximate is False


def test_update_with_typed_coordinates_makes_an_approximate_location_exact(user):
    organisation = _create(user)

    organisation_update(actor=user, organisation=organisation, fields={"latitude": 54.35, "longitude": 18.66})

    organisation.refresh_from_db()
    assert (organisation.latitude, organisation.longitude) == (54.35, 18.66)
    assert organisation.location_approximate is False


def test_update_clearing_coordinates_falls_back_to_the_city(user):
    organisation = _create(user, latitude=54.4, longitude=18.57)

    organisation_update(actor=user, organisation=organisation, fields={"latitude": None, "longitude": None})

    organisation.refresh_from_db()
    assert (organisation.latitude, organisation.longitude) == city_coordinates("Gdańsk", "PL")
    assert organisation.location_approximate is True


def test_geocode_missing_places_known_cities_and_counts_unknown_ones():
    known = OrganisationFactory(city="Malmo", country_id="SE")
    unknown = OrganisationFactory(city="Nowhere-on-Sea")
    exact = OrganisationFactory(latitude=54.4, longitude=18.57)
    OrganisationFactory(city="")

    result = organisations_geocode_missing(batch_size=1)

    assert result == (1, 1)
    known.refresh_from_db()
    unknown.refresh_from_db()
    exact.refresh_from_db()
    assert (known.latitude, known.longitude, known.location_approximate) == (
        *city_coordinates("Malmö", "SE"),
        True,
    )
    assert (unknown.latitude, unknown.location_approximate) == (None, False)
    assert (exact.latitude, exact.longitude, exact.location_approximate) == (54.4, 18.57, False)


def test_geocode_command_reports_and_second_run_changes_nothing(capsys):
    OrganisationFactory(city="Gdansk")

    call_command("geocode_organisations")
    call_command("geocode_organisations")

    assert capsys.readouterr().out.splitlines() == [
        "1 organisations placed at their city; 0 cities not found.",
        "0 organisations placed at their city; 0 cities not found.",
    ]
    assert Organisation.objects.filter(location_approximate=True).count() == 1


def test_update_not_touching_the_place_leaves_a_never_located_profile_alone(user):
    organisation = OrganisationFactory(city="Gdańsk")

    organisation_update(actor=user, organisation=organisation, fields={"city": "Gdańsk", "name": "Renamed"})

    organisation.refresh_from_db()
    assert (organisation.latitude, organisation.longitude, organisation.location_approximate) == (None, None, False)


def test_update_of_the_city_places_a_never_located_profile(user):
    organisation = OrganisationFactory(city="Gdańsk")

    organisation_update(actor=user, organisation=organisation, fields={"city": "Sopot"})

    organisation.refresh_from_db()
    assert (organisation.latitude, organisation.longitude) == city_coordinates("Sopot", "PL")
    assert organisation.location_approximate is True
