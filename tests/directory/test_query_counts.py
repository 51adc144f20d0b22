"""Query-count guards: pages make the same number of queries for 1 item as for 3 (no N+1)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from creativeports.directory.models import SocialLink
from creativeports.directory.services.organisation import organisation_verify
from tests.directory.queryguard import queries_of, rich_organisation
from tests.factories import MembershipFactory

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("path", [reverse("directory:organisation.list"), reverse("home")])
def test_list_and_home_queries_same_for_1_and_3_organisations(viewer, path):
    rich_organisation()
    viewer.get(path)  # warm-up: sessions, content types
    one = queries_of(viewer, path)
    rich_organisation()
    rich_organisation(profile_visibility="members")

    three = queries_of(viewer, path)

    assert three == one


def test_list_queries_same_with_filters_for_1_and_3_matches(viewer):
    path = reverse("directory:organisation.list") + "?country=PL&type=company&q=board"
    rich_organisation()
    viewer.get(path)
    one = queries_of(viewer, path)
    rich_organisation()
    rich_organisation()

    assert queries_of(viewer, path) == one


def test_list_htmx_partial_queries_same_for_1_and_3(viewer):
    path = reverse("directory:organisation.list")
    rich_organisation()
    one = queries_of(viewer, path, headers={"HX-Request": "true"})
    rich_organisation()
    rich_organisation()

    assert queries_of(viewer, path, headers={"HX-Request": "true"}) == one


def test_detail_queries_same_for_1_and_3_organisations_and_related_items(viewer):
    organisation = rich_organisation()
    path = organisation.get_absolute_url()
    viewer.get(path)
    one = queries_of(viewer, path)
    rich_organisation()
    rich_organisation()
    organisation.domains.add("music")
    organisation.languages.add("de")
    organisation.sdgs.add(5, 8)
    organisation.target_markets.add("SE", "FI")
    organisation.nace_codes.add(*organisation.nace_codes.model.objects.all()[:3])
    SocialLink.objects.create(organisation=organisation, platform="other", url="https://example.org/a")
    SocialLink.objects.create(organisation=organisation, platform="other", url="https://example.org/b")

    three = queries_of(viewer, path)

    assert three == one


def test_people_page_queries_same_for_1_and_3_members(client, organisation, org_admin):
    path = reverse("directory:organisation.people", kwargs={"slug": organisation.slug})
    client.force_login(org_admin)
    client.get(path)
    one = queries_of(client, path)
    MembershipFactory(organisation=organisation)
    MembershipFactory(organisation=organisation)

    assert queries_of(client, path) == one


def test_audit_page_queries_same_for_1_and_3_entries(client, organisation, secretariat):
    path = reverse("directory:organisation.audit", kwargs={"slug": organisation.slug})
    client.force_login(secretariat)
    organisation_verify(actor=secretariat, organisation=organisation)
    client.get(path)
    one = queries_of(client, path)
    organisation_verify(actor=secretariat, organisation=organisation, verified=False)
    organisation_verify(actor=secretariat, organisation=organisation)

    assert queries_of(client, path) == one


def test_dashboard_queries_same_for_1_and_3_memberships(client, org_member):
    path = reverse("dashboard")
    client.force_login(org_member)
    client.get(path)
    one = queries_of(client, path)
    MembershipFactory(user=org_member, organisation=rich_organisation())
    MembershipFactory(user=org_member, organisation=rich_organisation(), role="admin")

    assert queries_of(client, path) == one
