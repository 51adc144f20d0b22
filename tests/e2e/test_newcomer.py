"""A newcomer joins, lists their organisation, adds a logo and invites a colleague."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from creativeports.directory.models import Organisation
from creativeports.taxonomy.models import CciDomain, Country, OrganisationType
from tests.e2e.steps import confirm_email, fill_sign_up, png_file

POLISH_DESCRIPTION = (
    "Jesteśmy małym studiem projektowym z Gdańska. Tworzymy gry planszowe, ilustracje i książki "
    "dla dzieci, a teraz szukamy partnerów w krajach nordyckich do wspólnych projektów."
)


@pytest.mark.e2e
def test_newcomer_signs_up_lists_organisation_and_invites_colleague(page, live_server, mailoutbox, tmp_path):
    base = live_server.url
    ngo = OrganisationType.objects.get(code="ngo")
    poland = Country.objects.get(code="PL")
    domain = CciDomain.objects.order_by("position", "code").first()

    # Sign up from the home page and verify the address from the email.
    page.goto(base + "/")
    page.get_by_role("link", name="Join the network").first.click()
    expect(page).to_have_url(base + "/accounts/signup/")
    fill_sign_up(page, "anna@harbour.example")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["anna@harbour.example"], f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Please Confirm Your Email Address")
    ]
    confirm_email(page, mailoutbox[0])
    expect(page).to_have_url(base + "/me/")
    expect(page.get_by_role("heading", name="Hello, anna@harbour.example")).to_be_visible()

    # List the organisation.
    page.get_by_role("link", name="Add an organisation").click()
    page.get_by_label("Name:", exact=True).fill("Harbour Games")
    page.get_by_label("Type:", exact=True).select_option(label=ngo.label)
    page.get_by_label("Country:", exact=True).select_option(label=poland.label)
    page.get_by_label("City:", exact=True).fill("Gdańsk")
    page.get_by_label("Description:", exact=True).fill(POLISH_DESCRIPTION)
    page.get_by_role("group", name="CCI domains").get_by_label(domain.label, exact=True).check()
    page.get_by_label(re.compile(r"^I am authorised to list this organisation")).check()
    page.get_by_role("button", name="Create profile").click()

    expect(page.get_by_role("heading", level=1, name="Harbour Games")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("The organisation was created. You are its admin.")
    expect(page.locator("p[lang='pl']")).to_have_text(POLISH_DESCRIPTION)
    organisation = Organisation.objects.get(name="Harbour Games")
    assert (organisation.type_id, organisation.country_id, organisation.city, organisation.description_lang) == (
        "ngo",
        "PL",
        "Gdańsk",
        "pl",
    )
    assert list(organisation.domains.values_list("code", flat=True)) == [domain.code]

    # Upload a logo and see it on the profile.
    page.get_by_role("link", name="Logo", exact=True).click()
    page.get_by_label("Logo:", exact=True).set_input_files(png_file(tmp_path))
    page.get_by_role("button", name="Upload").click()
    logo = page.get_by_role("img", name="Logo of Harbour Games")
    expect(logo).to_be_visible()
    # Visible comes before decoded: wait (up to the default timeout) for the image to load.
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=logo.element_handle())
    response = page.request.get(logo.evaluate("img => img.src"))
    assert (response.status, response.headers["content-type"]) == (200, "image/png")

    # Invite a colleague on the People page.
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_label("Email address:", exact=True).fill("jonas@harbour.example")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_have_text("Invitation sent to jonas@harbour.example.")
    assert [(m.to, m.subject) for m in mailoutbox[1:]] == [
        (["jonas@harbour.example"], "Harbour Games invites you to Creative Ports")
    ]

    # Sign out.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    assert page.get_by_role("button", name="Sign out").count() == 0
