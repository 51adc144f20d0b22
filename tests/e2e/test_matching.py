"""Matching in a real browser: find partners by a need in Latvian, read the reasons, contact one,
and record what came of it; the page passes the accessibility check."""

from __future__ import annotations

import re

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


@pytest.mark.e2e
def test_a_long_need_is_sent_as_a_post_and_finds_partners(page, live_server):
    organisations = make_all()
    profile_vectors_refresh()
    # About 10 KB once encoded: longer than the request lines servers and proxies accept.
    need = "Meklējam komponistu, kas radīs mūziku un skaņas mūsu datorspēlei. " * 100

    page.goto(live_server.url + "/partners/")
    page.get_by_label("What are you looking for?").fill(need)
    with page.expect_request(lambda request: request.url.startswith(live_server.url + "/partners/")) as sent:
        page.get_by_role("button", name="Find partners").click()

    assert sent.value.method == "POST"
    expect(page.locator(".match-list .match").first.locator("h3")).to_have_text(organisations["sound_se"].name)
    assert "q=" not in page.url
    # The next search is short again: a GET, whose address can be shared.
    page.get_by_label("What are you looking for?").fill("Meklējam komponistu datorspēlei.")
    page.get_by_role("button", name="Find partners").click()
    expect(page).to_have_url(re.compile(r"/partners/\?q=Mekl"))
