"""An organisation as plain data, with only what the reader may see. Used by the API and exports."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from creativeports.directory.models import Organisation
from creativeports.directory.selectors import organisation_contact_visible


def organisation_as_dict(organisation: Organisation, *, user: Any) -> dict[str, Any]:
    """Expects the relations of `organisation_detail_queryset` to be preloaded."""
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "slug": organisation.slug,
        "url": settings.SITE_URL + organisation.get_absolute_url(),
        "type": organisation.type_id,
        "type_label": organisation.type.label,
        "country": organisation.country_id,
        "country_name": organisation.country.label,
        "region": organisation.region,
        "city": organisation.city,
        "latitude": organisation.latitude,
        "longitude": organisation.longitude,
        "domains": [d.code for d in organisation.domains.all()],
        "nace_codes": [n.code for n in organisation.nace_codes.all()],
        "size": organisation.size,
        "founded": organisation.founded,
        "languages": [lang.code for lang in organisation.languages.all()],
        "website": organisation.website,
        "social_links": [link.url for link in organisation.social_links.all()],
        "logo_url": (settings.SITE_URL + organisation.logo.url) if organisation.logo else None,
        "description": organisation.description,
        "description_lang": organisation.description_lang,
        "offers": organisation.offers,
        "offers_lang": organisation.offers_lang,
        "needs": organisation.needs,
        "needs_lang": organisation.needs_lang,
        "target_markets": [c.code for c in organisation.target_markets.all()],
        "international_experience": organisation.international_experience,
        "sdgs": [s.number for s in organisation.sdgs.all()],
        "is_verified": organisation.is_verified,
        "is_demo": organisation.is_demo,
        "contact": organisation_contact_visible(user=user, organisation=organisation),
        "updated": organisation.updated.isoformat(),
    }
