"""Matching in a real browser: find partners by a need in Latvian, read the reasons, contact one,
and record what came of it; the page passes the accessibility check."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from creativeports.matching.services.vectors import profile_vectors_refresh
from tests.e2e.steps import sign_in
from tests.factories import MembershipFactory
from tests.matching.profiles import make_all


@pytest.mark.e2e
def test_find_partners_in_latvian_then_contact_and_record_an_outcome(page, live_server, axe_check):
    organisations = make_all()
    profile_vectors_refresh()
    studio_person = MembershipFactory(organisation=organisations["studio_pl"]).user
    sign_in(page, live_server.url, studio_person.email)

    page.goto(live_server.url + "/partners/")
    page.get_by_label("What are you looking for?").fill(
        "Meklējam komponistu, kas radīs mūziku un skaņas mūsu datorspēlei."
    )
    page.get_by_role("button", name="Find partners").click()

    first = page.locator(".match-list .match").first
    expect(first.locator("h3")).to_have_text("Klangvarvet")
    expect(first.locator(".match-reasons li").first).to_contain_text("What they offer answers what you look for")
    assert axe_check(page) == []

    first.get_by_role("link", name="Contact Klangvarvet").click()
    page.get_by_label("Subject").fill("Music for our adventure game")
    page.get_by_label("Message").fill("Could you compose the soundtrack?")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("h1")).to_have_text("Music for our adventure game")

    page.get_by_label("What came of it?").select_option("meeting")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator("section", has_text="What came of it?").locator("li")).to_have_text(
        ["Bursztyn Interactive: a meeting was held"]
    )
