"""`{% open_calls_of organisation %}`: an organisation's open partner calls, for its profile page.

A call is as visible as its organisation's profile, so whoever sees the profile may see them.
The anonymous profile page's cache follows the calls as well as the directory (the version this
app adds to it in `apps.py`).
"""

from __future__ import annotations

from typing import Any

from django import template

from creativeports.directory.models import Organisation
from creativeports.matching.selectors_call import partner_calls_open_of

register = template.Library()


@register.inclusion_tag("matching/_open_calls_of.html")
def open_calls_of(organisation: Organisation) -> dict[str, Any]:
    return {"calls": partner_calls_open_of(organisation)}
