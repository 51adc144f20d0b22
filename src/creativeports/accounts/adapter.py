from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext


class _Site:
    """What allauth's emails call the site ("Hello from …"), without the sites framework."""

    def __init__(self) -> None:
        self.name = gettext("Creative Ports")
        self.domain = urlsplit(settings.SITE_URL).netloc


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.CREATIVEPORTS_SIGNUP_OPEN)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        super().send_mail(template_prefix, email, {"current_site": _Site(), **context})
