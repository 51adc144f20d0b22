"""Organisation pages embed their schema.org JSON-LD, with only what the reader may see."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.integration

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def _jsonld(response):
    assert response.status_code == 200
    scripts = SCRIPT.findall(response.content.decode())
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_detail_page_embeds_the_organisation_as_json_ld(client, organisation):
    node = _jsonld(client.get(organisation.get_absolute_url()))

    assert node["@context"] == "https://schema.org"
    assert node["@type"] == "Organization"
    assert node["name"] == organisation.name
    assert node["address"] == {"@type": "PostalAddress", "addressLocality": "Gdańsk", "addressCountry": "PL"}


@pytest.mark.parametrize(
    ("role", "sees_email", "sees_phone"),
    [("anonymous", False, False), ("outsider", False, True), ("member", True, True), ("secretariat", True, True)],
)
def test_detail_page_json_ld_contacts_only_for_their_audience(client_as, organisation, role, sees_email, sees_phone):
    node = _jsonld(client_as(role).get(organisation.get_absolute_url()))

    assert ("email" in node) is sees_email
    assert ("telephone" in node) is sees_phone


def test_detail_page_json_ld_cannot_close_its_script_element(client, organisation):
    organisation.name = "</script><script>alert(1)</script><!--"
    organisation.save()

    response = client.get(organisation.get_absolute_url())

    assert _jsonld(response)["name"] == organisation.name
    assert response.content.decode().count("</script>") == response.content.decode().count("<script")
