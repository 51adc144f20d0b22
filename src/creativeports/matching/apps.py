import json

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "creativeports.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from django.conf import settings

        from creativeports.common.page_cache import VersionMemo, page_version_add
        from creativeports.matching import signals  # noqa: F401  # connects the receivers
        from creativeports.matching.engine.scoring import Weights
        from creativeports.matching.selectors_call import partner_calls_version

        # An organisation's page lists its open calls (templatetags/partner_calls.py): the cached
        # page follows them too.
        page_version_add("directory.detail", VersionMemo(partner_calls_version))

        # A typo in the weights should stop the start, not surface on the first recommendation.
        raw = settings.CREATIVEPORTS_MATCH_WEIGHTS
        try:
            Weights.from_mapping(json.loads(raw) if raw else {})
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(f"CREATIVEPORTS_MATCH_WEIGHTS: {exc}") from exc
