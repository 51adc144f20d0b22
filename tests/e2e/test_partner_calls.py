"""A partner call in real browsers: a studio posts it and sees recommended candidates, two candidates
find it and express interest, the studio shortlists one, and that candidate reads the answer."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from creativeports.matching.models import CallInterest
from creativeports.matching.services.vectors import profile_vectors_refresh
from tests.e2e.steps import sign_in
from tests.factories import MembershipFactory
from tests.matching.profiles import make_all

pytestmark = pytest.mark.e2e

TITLE = "Publisher for our adventure game"


def _section(page: Page, heading: str):
    return page.locator("section", has=page.get_by_role("heading", name=heading, exact=True))


def test_partner_call_posted_found_by_candidates_and_answered(page, new_context, live_server, axe_check):
    base = live_server.url
    organisations = make_all()
    profile_vectors_refresh()
    owner = MembershipFactory(organisation=organisations["studio_pl"], role="admin").user

    sign_in(page, base, owner.email)
    page.goto(base + "/partners/calls/")
    page.get_by_role("link", name="Post a call").click()
    page.get_by_label("What are you looking for partners for?").fill(TITLE)
    page.get_by_label("Description").fill(
        "Szukamy wydawcy, który wyda i wypromuje naszą grę przygodową na Steamie i konsolach."
    )
    page.get_by_label("Funding programme").fill("Creative Europe")
    page.get_by_label("Deadline").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    page.get_by_label("How many partners").fill("2")
    page.get_by_label("Wanted CCI domains").select_option(["games"])
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    candidates = _section(page, "Recommended candidates").locator(".match h3")
    expect(candidates.first).to_have_text("Havnelys Games")
    call_url = page.url

    # The Danish publisher finds the call among those that fit it; the Swedish studio in the list.
    candidate_pages = {}
    for key, section, message in (
        ("publisher_dk", "Calls that fit your organisation", "We publish adventure games on Steam and consoles."),
        ("sound_se", "All open calls", "We could score the game."),
    ):
        person = MembershipFactory(organisation=organisations[key], role="admin").user
        other = new_context().new_page()
        sign_in(other, base, person.email)
        other.goto(base + "/partners/calls/")
        _section(other, section).get_by_role("link", name=TITLE).click()
        other.get_by_label("Why you?").fill(message)
        other.get_by_role("button", name="Send").click()
        expect(other.get_by_text("Your interest was sent.")).to_be_visible()
        candidate_pages[key] = other

    # The owner answers each interest with its own form (and its own field ids).
    page.goto(call_url)
    interested = _section(page, "Interested organisations").locator(".match-list > li")
    expect(interested).to_have_count(2)
    assert axe_check(page) == []
    publisher = interested.filter(has_text="Havnelys Games")
    publisher.get_by_label("Decision").select_option(label="Shortlist")
    publisher.get_by_label("Answer").fill("Let us talk next week.")
    publisher.get_by_role("button", name="Answer").click()

    expect(interested.filter(has_text="Havnelys Games").locator("h3")).to_contain_text("shortlisted")
    assert dict(CallInterest.objects.values_list("organisation__name", "status")) == {
        "Havnelys Games": "shortlisted",
        "Klangvarvet": "interested",
    }
    publisher_page = candidate_pages["publisher_dk"]
    publisher_page.reload()
    expect(publisher_page.get_by_text("Havnelys Games: shortlisted · Let us talk next week.")).to_be_visible()
