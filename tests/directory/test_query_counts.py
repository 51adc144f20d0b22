"""Query-count guards: pages make the same number of queries for 1 item as for 3 (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from creativeports.directory.models import SocialLink
from creativeports.directory.services.organisation import organisation_verify
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.integration


def _rich_organisation(**kwargs):
    """A profile with something in every related list, so a missing prefetch shows as extra queries."""
    organisation = OrganisationFactory(**kwargs)
    organisation.domains.set(["games", "design"])
    organisation.languages.set(["pl", "en"])
    organisation.sdgs.set([4])
    organisation.target_markets.set(["DE"])
    SocialLink.objects.create(organisation=organisation, platform="vimeo", url="https://vimeo.com/x")
    return organisation


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture(params=["anonymous", "member", "secretariat"])
def viewer(request, client, db):
    """The client as a visitor, a signed-in member of one profile, or the secretariat."""
    if request.param == "member":
        client.force_login(MembershipFactory(organisation=_rich_organisation()).user)
    elif request.param == "secretariat":
        client.force_login(request.getfixturevalue("secretariat"))
    return client


@pytest.mark.parametrize("path", [reverse("directory:organisation.list"), reverse("home")])
def test_list_and_home_queries_same_for_1_and_3_organisations(viewer, path):
    _rich_organisation()
    viewer.get(path)  # warm-up: sessions, content types
    one = _count(viewer, path)
    _rich_organisation()
    _rich_organisation(profile_visibility="members")

    three = _count(viewer, path)

    assert three == one


def test_list_queries_same_with_filters_for_1_and_3_matches(viewer):
    path = reverse("directory:organisation.list") + "?country=PL&type=company&q=board"
    _rich_organisation()
    viewer.get(path)
    one = _count(viewer, path)
    _rich_organisation()
    _rich_organisation()

    assert _count(viewer, path) == one


def test_list_htmx_partial_queries_same_for_1_and_3(viewer):
    path = reverse("directory:organisation.list")
    _rich_organisation()
    viewer.get(path, headers={"HX-Request": "true"})
    with CaptureQueriesContext(connection) as one:
        viewer.get(path, headers={"HX-Request": "true"})
    _rich_organisation()
    _rich_organisation()

    with CaptureQueriesContext(connection) as three:
        viewer.get(path, headers={"HX-Request": "true"})

    assert len(three) == len(one)


def test_detail_queries_same_for_1_and_3_organisations_and_related_items(viewer):
    organisation = _rich_organisation()
    path = organisation.get_absolute_url()
    viewer.get(path)
    one = _count(viewer, path)
    _rich_organisation()
    _rich_organisation()
    organisation.domains.add("music")
    organisation.languages.add("de")
    organisation.sdgs.add(5, 8)
    organisation.target_markets.add("SE", "FI")
    organisation.nace_codes.add(*organisation.nace_codes.model.objects.all()[:3])
    SocialLink.objects.create(organisation=organisation, platform="other", url="https://example.org/a")
    SocialLink.objects.create(organisation=organisation, platform="other", url="https://example.org/b")

    three = _count(viewer, path)

    assert three == one


def test_people_page_queries_same_for_1_and_3_members(client, organisation, org_admin):
    path = reverse("directory:organisation.people", kwargs={"slug": organisation.slug})
    client.force_login(org_admin)
    client.get(path)
    one = _count(client, path)
    MembershipFactory(organisation=organisation)
    MembershipFactory(organisation=organisation)

    assert _count(client, path) == one


def test_audit_page_queries_same_for_1_and_3_entries(client, organisation, secretariat):
    path = reverse("directory:organisation.audit", kwargs={"slug": organisation.slug})
    client.force_login(secretariat)
    organisation_verify(actor=secretariat, organisation=organisation)
    client.get(path)
    one = _count(client, path)
    organisation_verify(actor=secretariat, organisation=organisation, verified=False)
    organisation_verify(actor=secretariat, organisation=organisation)

    assert _count(client, path) == one


def test_dashboard_queries_same_for_1_and_3_memberships(client, org_member):
    path = reverse("dashboard")
    client.force_login(org_member)
    client.get(path)
    one = _count(client, path)
    MembershipFactory(user=org_member, organisation=_rich_organisation())
    MembershipFactory(user=org_member, organisation=_rich_organisation(), role="admin")

    assert _count(client, path) == one
