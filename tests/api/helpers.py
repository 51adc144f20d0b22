"""Helpers for the API tests: tokens, the error shape, a fully filled-in organisation, a valid body."""

from __future__ import annotations

from typing import Any

from creativeports.accounts.services.account import api_token_create
from creativeports.directory.models import SocialLink
from creativeports.taxonomy.models import CciDomain, Language, Sdg
from tests.factories import OrganisationFactory

API = "/api/v1"

# The audiences a create request names explicitly (the form behind the API requires them).
AUDIENCES = {
    "contact_name_visibility": "public",
    "email_visibility": "private",
    "phone_visibility": "members",
    "profile_visibility": "public",
}


def valid_body(**overrides: Any) -> dict[str, Any]:
    """A create request the API accepts; overrides replace single fields."""
    return {"name": "Harbour Sound Lab", "type": "company", "country": "DE", "consent": True, **AUDIENCES, **overrides}


def bearer(user: Any) -> dict[str, str]:
    """Request headers carrying a fresh personal API token of the user."""
    _token, secret = api_token_create(user=user, name="tests")
    return {"Authorization": f"Bearer {secret}"}


def errors_by_field(response: Any) -> dict[str | None, list[str]]:
    body = response.json()
    result: dict[str | None, list[str]] = {}
    for error in body["errors"]:
        result.setdefault(error["field"], []).append(error["message"])
    return result


def assert_error_shape(response: Any) -> dict[str, Any]:
    """The one error shape: {"detail": str, "errors": [{"field": str | None, "message": str}]}."""
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str)
    assert body["detail"] != ""
    assert isinstance(body["errors"], list)
    for error in body["errors"]:
        assert set(error) == {"field", "message"}
        assert error["field"] is None or isinstance(error["field"], str)
        assert isinstance(error["message"], str)
    return body


def rich_organisation(**kwargs: Any) -> Any:
    """An organisation with domains, languages, SDGs and social links, as the query guards need."""
    organisation = OrganisationFactory(**kwargs)
    organisation.domains.set(CciDomain.objects.filter(code__in=["design", "games"]))
    organisation.languages.set(Language.objects.filter(code__in=["en", "pl"]))
    organisation.sdgs.set(Sdg.objects.filter(number__in=[4, 11]))
    SocialLink.objects.create(organisation=organisation, platform="instagram", url="https://instagram.com/studio")
    SocialLink.objects.create(organisation=organisation, platform="linkedin", url="https://linkedin.com/company/x")
    return organisation
