"""A colleague accepts an invitation: signs up with the invited address, verifies it, joins."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from creativeports.directory.enums import MembershipRole
from creativeports.directory.models import Membership
from creativeports.directory.services.membership import invitation_create
from tests.e2e.steps import confirm_email, fill_sign_up, invitation_link
from tests.factories import MembershipFactory, OrganisationFactory


@pytest.mark.e2e
def test_invitation_accepted_by_new_person_after_sign_up(page, live_server, mailoutbox, settings):
    settings.SITE_URL = live_server.url
    organisation = OrganisationFactory(name="Amber Sound Lab")
    inviter = MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN).user
    invitation_create(actor=inviter, organisation=organisation, email="jonas@amber.example")
    link = invitation_link(mailoutbox[0])

    page.goto(link)
    expect(page.get_by_role("heading", name="Join Amber Sound Lab")).to_be_visible()
    page.get_by_role("link", name="Create an account").click()
    fill_sign_up(page, "jonas@amber.example")
    confirm_email(page, mailoutbox[1])
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.goto(link)
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.get_by_role("status")).to_have_text("You joined Amber Sound Lab.")
    page.get_by_role("link", name="My account").click()

    expect(page.get_by_role("heading", name="Your organisations")).to_be_visible()
    expect(page.get_by_role("link", name="Amber Sound Lab")).to_be_visible()
    assert list(Membership.objects.filter(organisation=organisation).values_list("user__email", "role")) == [
        (inviter.email, MembershipRole.ADMIN),
        ("jonas@amber.example", MembershipRole.MEMBER),
    ]
