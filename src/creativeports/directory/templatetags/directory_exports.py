"""Template tags of the open-data export: an organisation's JSON-LD, and links to the export files."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from creativeports.directory.exports.formats import organisation_jsonld
from creativeports.directory.models import Organisation
from creativeports.directory.serializers import organisation_as_dict

register = template.Library()

# As django.utils.html.json_script escapes: "</script>" or "<!--" in a name cannot end the element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def organisation_jsonld_script(context: template.Context, organisation: Organisation) -> SafeString:
    """`<script type="application/ld+json">` with the schema.org Organization, as the reader may see it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    node = {"@context": "https://schema.org", **organisation_jsonld(organisation_as_dict(organisation, user=user))}
    data = json.dumps(node, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))  # noqa: S308 -- escaped above


@register.simple_tag(takes_context=True)
def export_query(context: template.Context) -> str:
    """The directory's current filter as a query string for the links that carry the list elsewhere
    (the downloads, the map), without the page number."""
    request = context.get("request")
    if request is None:
        return ""
    params = request.GET.copy()
    params.pop("page", None)
    encoded: Any = params.urlencode()
    return f"?{encoded}" if encoded else ""
