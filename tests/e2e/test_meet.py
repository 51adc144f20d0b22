"""Meet in a real browser: a newcomer registers for the matchmaking day, stars a session, finds
the personal calendar feed, asks for a B2B meeting; the organiser schedules and publishes; the
pages pass the accessibility check."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from creativeports.directory.enums import MembershipRole
from creativeports.events.models import Event, Meeting
from creativeports.events.services.b2b import availability_set
from creativeports.events.services.programme import session_create
from creativeports.events.services.registration import registration_create
from tests.e2e.steps import sign_in
from tests.events.factories import at, make_event
from tests.factories import MembershipFactory


@pytest.mark.e2e
def test_register_star_request_a_meeting_and_the_organiser_schedules(page, live_server, axe_check):
    organiser = MembershipFactory(role=MembershipRole.ADMIN)
    event = make_event(
        title="Baltic matchmaking day", b2b_mode=Event.B2BMode.SCHEDULED, organiser=organiser.organisation
    )
    session_create(event=event, actor=None, title="Funding for creative projects", starts=at(0, 10), ends=at(0, 11))
    session_create(event=event, actor=None, title="B2B meetings", kind="b2b", starts=at(0, 14), ends=at(0, 15))
    partner = MembershipFactory().user
    partner_registration = registration_create(event=event, user=partner, share_consent=True)
    availability_set(registration=partner_registration, slots=[0, 1, 2])
    newcomer = MembershipFactory().user

    sign_in(page, live_server.url, newcomer.email)
    page.goto(live_server.url + event.get_absolute_url())
    page.get_by_label("List me (name and organisation) among the participants other participants see").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered.", exact=True)).to_be_visible()
    assert axe_check(page) == []

    page.get_by_role("button", name=re.compile("Add to my agenda.*Funding for creative projects")).click()
    expect(page.get_by_role("button", name=re.compile("In my agenda.*Funding for creative projects"))).to_be_visible()

    page.goto(live_server.url + "/events/calendar/")
    feed = page.get_by_label("Feed address").input_value()
    assert "SUMMARY:Funding for creative projects" in page.request.get(feed).text()

    page.goto(live_server.url + event.get_absolute_url() + "b2b/")
    for label in page.locator("input[name=slot]").all()[:3]:
        label.check()
    page.get_by_role("button", name="Save my free slots").click()
    page.get_by_role("button", name=f"Ask for a meeting {partner.full_name}").click()
    expect(page.get_by_text("Your request was sent.")).to_be_visible()
    assert axe_check(page) == []

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, organiser.user.email)
    page.goto(live_server.url + event.get_absolute_url() + "b2b/")
    page.get_by_role("button", name="Schedule the open requests and publish").click()
    expect(page.get_by_text("1 meeting, 100.0% of the best possible.")).to_be_visible()
    assert Meeting.objects.filter(event=event).count() == 1
