"""axe-core finds no serious or critical accessibility problems on the main pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from creativeports.common.enums import Visibility
from creativeports.directory.enums import InternationalExperience, MembershipRole, SizeBand
from creativeports.directory.models import SocialLink
from creativeports.directory.services.organisation import organisation_logo_set
from creativeports.taxonomy.models import CciDomain, Country, Language, NaceCode, Sdg
from tests.e2e.steps import png_file, sign_in
from tests.factories import MembershipFactory, OrganisationFactory


def _organisation_with_every_field(tmp_path):
    organisation = OrganisationFactory(
        name="Amber Coast Design Studio",
        region="Pomorskie",
        latitude=54.35,
        longitude=18.65,
        size=SizeBand.MICRO,
        founded=2012,
        website="https://amber-coast.example",
        offers="Illustration, brand identities and picture books.",
        offers_lang="en",
        needs="Publishers and game studios in the Nordic countries.",
        needs_lang="en",
        international_experience=InternationalExperience.SOME,
        email_visibility=Visibility.PUBLIC,
        phone_visibility=Visibility.PUBLIC,
    )
    organisation.domains.set(CciDomain.objects.order_by("position", "code")[:3])
    organisation.nace_codes.set(NaceCode.objects.order_by("code")[:2])
    organisation.languages.set(Language.objects.filter(code__in=["en", "pl"]))
    organisation.target_markets.set(Country.objects.filter(code__in=["SE", "DK"]))
    organisation.sdgs.set(Sdg.objects.order_by("number")[:2])
    SocialLink.objects.create(organisation=organisation, platform="instagram", url="https://instagram.com/amber")
    admin = MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN).user
    logo = SimpleUploadedFile("logo.png", png_file(tmp_path).read_bytes(), "image/png")
    organisation_logo_set(actor=admin, organisation=organisation, upload=logo)
    return organisation, admin


@pytest.mark.e2e
def test_main_pages_have_no_serious_accessibility_violations(page, live_server, tmp_path, axe_check, screenshot):
    base = live_server.url
    organisation, admin = _organisation_with_every_field(tmp_path)
    OrganisationFactory(name="Northern Pixel Works", country=Country.objects.get(code="FI"))
    violations = {}

    for name, path in [
        ("home", "/"),
        ("sign-in", "/accounts/login/"),
        ("sign-up", "/accounts/signup/"),
        ("directory", "/organisations/"),
    ]:
        page.goto(base + path)
        violations[name] = axe_check(page)
        screenshot(page, name)

    sign_in(page, base, admin.email)
    page.goto(base + organisation.get_absolute_url())
    expect(page.get_by_role("img", name=f"Logo of {organisation.name}")).to_be_visible()
    violations["organisation"] = axe_check(page)
    screenshot(page, "organisation")
    page.goto(base + "/organisations/new/")
    violations["organisation-create"] = axe_check(page)
    screenshot(page, "organisation-create")

    failing = {name: found for name, found in violations.items() if found}
    assert failing == {}, "\n".join(f"{name}: {found}" for name, found in failing.items())


@pytest.mark.e2e
@pytest.mark.parametrize("width", [320, 400, 768])
def test_narrow_screens_have_no_serious_accessibility_violations(page, live_server, axe_check, width):
    # WCAG 2.1 reflow: the content at 320 CSS pixels wide (a 1280-pixel screen zoomed to 400 %).
    OrganisationFactory(name="Northern Pixel Works", country=Country.objects.get(code="FI"))
    page.set_viewport_size({"width": width, "height": 800})
    violations = {}
    for name, path in [("home", "/"), ("directory", "/organisations/"), ("find partners", "/partners/")]:
        page.goto(live_server.url + path)
        violations[name] = axe_check(page)
        # Nothing wider than the screen: no sideways scrolling to read a line.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name

    failing = {name: found for name, found in violations.items() if found}
    assert failing == {}, "\n".join(f"{name}: {found}" for name, found in failing.items())
