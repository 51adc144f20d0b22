"""The export selector: the reader's organisations, in chunks, exactly as the serializer shows them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from creativeports.directory.exports.selectors import organisation_export_items
from creativeports.directory.listing import Filters
from creativeports.directory.selectors import directory_filters_from_query, organisation_detail_queryset
from creativeports.directory.serializers import organisation_as_dict
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.unit


def test_export_items_in_small_chunks_equal_the_serializer_output(db, org_member):
    organisations = [OrganisationFactory(name=f"Chunk {n}") for n in range(5)]
    for organisation in organisations:
        organisation.domains.set(["games"])
        organisation.sdgs.set([4])
    items = list(organisation_export_items(user=org_member, chunk_size=2))

    expected = [organisation_as_dict(o, user=org_member) for o in organisation_detail_queryset().order_by("name", "id")]
    assert items == expected


def test_export_items_for_a_visitor_leave_out_hidden_profiles(db):
    OrganisationFactory(name="Shown")
    OrganisationFactory(name="Hidden", profile_visibility="members")

    names = [item["name"] for item in organisation_export_items(user=AnonymousUser())]

    assert names == ["Shown"]


def test_export_items_follow_the_filters(db):
    OrganisationFactory(name="Polish", country_id="PL")
    OrganisationFactory(name="Danish", country_id="DK")

    names = [item["name"] for item in organisation_export_items(user=AnonymousUser(), filters=Filters(country=("DK",)))]

    assert names == ["Danish"]


def test_directory_filters_from_query_reads_lists_and_cleans_values():
    params = QueryDict("q=%20games%00%20&country=lt&country=LV&country=&sdg=4&verified=1&page=2&sort=newest")

    filters = directory_filters_from_query(params)

    assert filters == Filters(q="games", country=("LT", "LV"), sdg=(4,), verified=True)
