"""The secretariat verifies an organisation in the admin; the public profile shows the badge."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from creativeports.directory.models import Organisation
from tests.e2e.steps import sign_in
from tests.factories import OrganisationFactory, UserFactory


@pytest.mark.e2e
def test_secretariat_verifies_organisation_in_admin_badge_shown_publicly(page, new_context, live_server):
    base = live_server.url
    secretariat = UserFactory(is_secretariat=True)
    organisation = OrganisationFactory(name="Baltic Loom Collective")
    other = OrganisationFactory(name="Northern Pixel Works")

    sign_in(page, base, secretariat.email)
    page.get_by_role("link", name="Secretariat").click()
    page.get_by_role("link", name="Organisations", exact=True).click()
    page.get_by_role("textbox", name="Search").fill("Loom")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("checkbox", name="Select this object for an action - Baltic Loom Collective").check()
    page.get_by_label("Action:").select_option(label="Verify the selected organisations")
    page.get_by_role("button", name="Run", exact=True).click()
    expect(page.get_by_text("1 organisation verified.")).to_be_visible()

    public = new_context().new_page()
    public.goto(base + organisation.get_absolute_url())
    expect(public.get_by_text("Verified by the secretariat", exact=True)).to_be_visible()
    assert list(Organisation.objects.order_by("name").values_list("name", "is_verified", "verified_by")) == [
        (organisation.name, True, secretariat.pk),
        (other.name, False, None),
    ]
