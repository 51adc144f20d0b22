"""Small steps the account tests share: signing in through the real form, reading links from mails."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

# Addresses from the documentation ranges (RFC 5737), one per simulated visitor.
IP_A = "192.0.2.10"
IP_B = "198.51.100.20"

# A password that passes all of the project's validators.
NEW_PASSWORD = "Harbour lights 2049"


def sign_in(client: Client, email: str, password: str = PASSWORD, *, next_url: str | None = None, **extra: Any) -> Any:
    """POST the site's sign-in form, as a browser does."""
    url = reverse("account_login")
    if next_url is not None:
        url = f"{url}?next={next_url}"
    return client.post(url, {"login": email, "password": password}, **extra)


def sign_up(
    client: Client, email: str, password1: str = NEW_PASSWORD, password2: str | None = None, **extra: Any
) -> Any:
    data = {"email": email, "password1": password1, "password2": password1 if password2 is None else password2}
    return client.post(reverse("account_signup"), data, **extra)


def signed_in_user(client: Client) -> Any:
    """The user the client's session belongs to (AnonymousUser when nobody is signed in)."""
    return get_user(client)  # type: ignore[arg-type]


def links_in(message: Any) -> list[str]:
    """The paths of the absolute links in a mail's plain-text body."""
    return [urlsplit(url).path for url in re.findall(r"https?://\S+", message.body)]


def link_in(message: Any) -> str:
    """The path of the one link a mail carries."""
    (link,) = links_in(message)
    return link


def form_error_codes(response: Any, form_name: str = "form") -> dict[str, list[str | None]]:
    form = response.context[form_name]
    return {field: [error.code for error in errors] for field, errors in form.errors.as_data().items()}
