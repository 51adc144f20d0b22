"""API authentication: personal tokens (`Authorization: Bearer cp_...`) or the browser session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from creativeports.accounts.services.account import api_token_authenticate


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(secret=token)
        if user is None:
            # A token that was sent but is wrong is an error, never a silent fall-back to anonymous.
            raise AuthenticationError(message=_("Invalid or revoked API token."))
        request.user = user
        return user


def anonymous(request: HttpRequest) -> Any:
    """Lets reads through without credentials; the selectors then show public data only."""
    return request.user


#: For reads: a token, the session, or nobody.
optional_auth = [ApiTokenAuth(), django_auth, anonymous]
#: For writes: a token or the session (the session needs the CSRF token).
required_auth = [ApiTokenAuth(), django_auth]
