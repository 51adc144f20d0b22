"""Reasons as sentences in the reader's language, from the evidence each component found."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from creativeports.matching.engine.scoring import Reason
from creativeports.matching.innovation import innovation_groups
from creativeports.taxonomy.models import CciDomain, Country, Language, OrganisationType

# Reason parameters that name taxonomy codes, and where their labels live.
_CODED: dict[str, dict[str, Any]] = {
    "type_fit": {"mine": OrganisationType, "theirs": OrganisationType},
    "domain": {"domains": CciDomain},
    "language": {"languages": Language},
    "other_country": {"country": Country},
    "bridge": {"country": Country, "mine": Country},
}


# Reference data changes with a deploy or a `load_reference_data`: labels are kept this long.
LABELS_SECONDS = 60.0
_remembered: dict[tuple[Any, str], tuple[float, dict[str, str]]] = {}


def _all_labels(model: Any) -> dict[str, str]:
    """Every label of a taxonomy in the active language (a few hundred at most), remembered briefly."""
    key = (model, get_language() or "")
    now = time.monotonic()
    found = _remembered.get(key)
    if found is None or now - found[0] > LABELS_SECONDS:
        found = (now, {str(o.pk): str(o.label) for o in model.objects.all()})
        _remembered[key] = found
    return found[1]


class Labels:
    """Labels in the active language of every code the reasons name."""

    def __init__(self, reasons: Iterable[Reason]) -> None:
        wanted = {model for reason in reasons for model in _CODED.get(reason.code, {}).values()}
        self.labels: dict[Any, dict[str, str]] = {model: _all_labels(model) for model in wanted}

    def __call__(self, model: Any, codes: str | list[str]) -> str:
        names = self.labels.get(model, {})
        return ", ".join(names.get(str(code), str(code)) for code in ([codes] if isinstance(codes, str) else codes))


def _quoted(text: str) -> str:
    return f"“{text}”"


def reason_text(reason: Reason, label: Labels) -> str:
    """One sentence for a reason; quotes stay in the language they were written in."""
    p = reason.params
    if reason.code == "need_offer":
        return _("What they offer answers what you look for: %(quote)s") % {"quote": _quoted(p["quote"])}
    if reason.code == "offer_need":
        return _("What you offer answers what they look for: %(quote)s") % {"quote": _quoted(p["quote"])}
    if reason.code == "profile":
        return _("You work on similar things: %(quote)s") % {"quote": _quoted(p["quote"])}
    if reason.code == "lexical":
        return _("Both of you mention %(words)s.") % {"words": ", ".join(p["words"])}
    if reason.code == "type_fit":
        return _("Complementary roles: %(theirs)s and %(mine)s.") % {
            "theirs": label(OrganisationType, p["theirs"]),
            "mine": label(OrganisationType, p["mine"]),
        }
    if reason.code == "domain":
        return _("Both work in %(domains)s.") % {"domains": label(CciDomain, p["domains"])}
    if reason.code == "language":
        return _("A shared working language: %(languages)s.") % {"languages": label(Language, p["languages"])}
    if reason.code == "sdg":
        return _("Both work on SDG %(sdgs)s.") % {"sdgs": ", ".join(str(n) for n in p["sdgs"])}
    if reason.code == "other_country":
        return _("A partner across the border, in %(country)s.") % {"country": label(Country, p["country"])}
    if reason.code == "bridge":
        groups = innovation_groups()
        return _("%(country)s (%(group)s) and %(mine)s (%(my_group)s) can learn from each other.") % {
            "country": label(Country, p["country"]),
            "group": groups.get(p["country"], ""),
            "mine": label(Country, p["mine"]),
            "my_group": groups.get(p["mine"], ""),
        }
    return reason.code


def reasons_as_text(groups: list[list[Reason]]) -> list[list[str]]:
    """Sentences for each list of reasons (one list per recommendation)."""
    label = Labels(reason for reasons in groups for reason in reasons)
    return [[reason_text(reason, label) for reason in reasons] for reasons in groups]
