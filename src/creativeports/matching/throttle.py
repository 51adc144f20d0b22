"""How often one client may run a partner search (the page and the API count together)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from creativeports.common.ratelimit import rate_allows

TOO_MANY_SEARCHES = gettext_lazy("You have run many searches in the last minute; please wait a moment and try again.")


def partner_search_allowed(request: HttpRequest) -> bool:
    return rate_allows(request, action="partner-search", per_minute=settings.CREATIVEPORTS_PARTNER_SEARCHES_PER_MINUTE)
