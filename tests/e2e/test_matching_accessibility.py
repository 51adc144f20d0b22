"""axe-core finds no serious or critical accessibility problems on the matching pages, each shown
with content: recommendations, the calls page with every section, a call's owner view with an
interest to answer, the forms for a call and a contact, the inbox and a conversation."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from creativeports.matching.models import PartnerCall
from creativeports.matching.services.call import call_interest_create, partner_call_create
from creativeports.matching.services.contact import contact_reply, contact_request_create
from tests.e2e.steps import sign_in
from tests.factories import MembershipFactory
from tests.matching.profiles import make_all

pytestmark = pytest.mark.e2e


def test_matching_pages_have_no_serious_accessibility_violations(page, live_server, axe_check, screenshot):
    organisations = make_all()
    studio, publisher = organisations["studio_pl"], organisations["publisher_dk"]
    owner = MembershipFactory(organisation=studio, role="admin").user
    other = MembershipFactory(organisation=publisher, role="admin").user
    soon = timezone.localdate() + datetime.timedelta(days=30)
    call = partner_call_create(
        actor=owner, organisation=studio, title="Publisher for our adventure game", description="Steam.", deadline=soon
    )
    call_interest_create(actor=other, call=call, organisation=publisher, message="We publish adventure games.")
    partner_call_create(
        actor=other, organisation=publisher, title="Game studios for a co-production", description="x", deadline=soon
    )
    PartnerCall.objects.create(
        organisation=organisations["sound_se"], title="Old call", description="x", deadline=soon, status="closed"
    )
    contact = contact_request_create(
        actor=owner, sender=studio, recipient=publisher, subject="Publishing", body="Could we talk?"
    )
    contact_reply(actor=other, contact=contact, body="Gladly, next week.")

    sign_in(page, live_server.url, owner.email)
    violations = {}
    for name, path in [
        ("recommendations", f"/partners/for/{studio.slug}/"),
        ("calls", "/partners/calls/"),
        ("call (owner)", call.get_absolute_url()),
        ("new call", "/partners/calls/new/"),
        ("new contact", f"/partners/contact/{organisations['sound_se'].slug}/"),
        ("inbox", "/partners/inbox/"),
        ("conversation", f"/partners/inbox/{contact.pk}/"),
    ]:
        response = page.goto(live_server.url + path)
        assert response is not None, name
        assert response.status == 200, name
        violations[name] = axe_check(page)
        screenshot(page, f"matching-{name}")

    failing = {name: found for name, found in violations.items() if found}
    assert failing == {}, "\n".join(f"{name}: {found}" for name, found in failing.items())
