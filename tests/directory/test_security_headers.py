"""Every page is sent with a strict Content-Security-Policy, and no page needs inline code to work."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.directory.pages import inline_code
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.integration


def _directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def pages(organisation):
    """Paths of the pages people see, with who sees them (None: anonymous)."""
    slug = organisation.slug
    return {
        "home": (reverse("home"), None),
        "list": (reverse("directory:organisation.list"), None),
        "list-filtered": (reverse("directory:organisation.list") + "?country=PL&q=x", None),
        "detail": (organisation.get_absolute_url(), None),
        "sign-in": (reverse("account_login"), None),
        "sign-up": (reverse("account_signup"), None),
        "password-reset": (reverse("account_reset_password"), None),
        "invitation": (reverse("directory:invitation.accept", kwargs={"token": "unknown"}), None),
        "create-form": (reverse("directory:organisation.create"), "org_admin"),
        "edit-form": (reverse("directory:organisation.edit", kwargs={"slug": slug}), "org_admin"),
        "logo-form": (reverse("directory:organisation.logo", kwargs={"slug": slug}), "org_admin"),
        "people": (reverse("directory:organisation.people", kwargs={"slug": slug}), "org_admin"),
        "delete": (reverse("directory:organisation.delete", kwargs={"slug": slug}), "org_admin"),
        "dashboard": (reverse("dashboard"), "org_admin"),
        "detail-as-admin": (organisation.get_absolute_url(), "org_admin"),
        "detail-as-secretariat": (organisation.get_absolute_url(), "secretariat"),
        "merge": (reverse("directory:organisation.merge", kwargs={"slug": slug}), "secretariat"),
        "audit": (reverse("directory:organisation.audit", kwargs={"slug": slug}), "secretariat"),
    }


PAGE_NAMES = [
    "home",
    "list",
    "list-filtered",
    "detail",
    "sign-in",
    "sign-up",
    "password-reset",
    "invitation",
    "create-form",
    "edit-form",
    "logo-form",
    "people",
    "delete",
    "dashboard",
    "detail-as-admin",
    "detail-as-secretariat",
    "merge",
    "audit",
]


def _get(client, request, pages, name):
    path, role = pages[name]
    if role is not None:
        client.force_login(request.getfixturevalue(role))
    return client.get(path)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_strict_csp_and_no_inline_code(client, request, pages, name):
    response = _get(client, request, pages, name)

    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = _directives(csp)
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    # Nothing the policy would block: no inline script (JSON data excepted), style or handler.
    assert inline_code(response.text) == []


@pytest.mark.parametrize("name", ["home", "detail", "sign-in"])
def test_page_has_other_security_headers(client, request, pages, name):
    response = _get(client, request, pages, name)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_form_pages_with_errors_have_no_inline_code(client, org_admin):
    client.force_login(org_admin)

    response = client.post(reverse("directory:organisation.create"), {"name": "", "email": "bad"})

    assert response.status_code == 200
    assert inline_code(response.text) == []


def test_not_found_page_has_csp_header(client, db):
    response = client.get("/organisations/no-such-studio/")

    assert response.status_code == 404
    assert _directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


def test_htmx_partial_has_csp_header_and_no_inline_code(client, organisation):
    response = client.get(reverse("directory:organisation.list"), headers={"HX-Request": "true"})

    assert _directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]
    assert inline_code(response.text) == []


def test_user_text_with_markup_does_not_become_inline_code(client, db):
    organisation = OrganisationFactory(
        name='<script>alert("x")</script>',
        description='<img src=x onerror="alert(1)"> <a href="javascript:alert(1)">x</a> <b style="color:red">y</b>',
        city='" onmouseover="alert(1)',
    )

    detail = client.get(organisation.get_absolute_url())
    listing = client.get(reverse("directory:organisation.list"))

    assert inline_code(detail.text) == []
    assert inline_code(listing.text) == []


def test_inline_code_finder_finds_what_it_should():
    html = (
        '<script>alert(1)</script><script src="/static/x.js"></script>'
        '<script type="application/json">{"a": 1}</script><p style="color:red" onclick="x()">'
        "<style>p{}</style><a href='javascript:void(0)'>x</a>"
    )

    assert inline_code(html) == [
        "inline <script {}>",
        "style= attribute on <p>",
        "onclick= handler on <p>",
        "inline <style> element",
        "javascript: URL in href of <a>",
    ]
