"""Input of matching: the free-text need of "find partners"."""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from creativeports.matching.engine.embedding import clean_text

# A need longer than this is cut (the embedder reads about 2,000 characters anyway).
MAX_QUERY_CHARS = 10_000


def clean_need_text(value: str) -> str:
    """The need as matching reads it: control characters removed, at most MAX_QUERY_CHARS.
    Raises ValidationError when nothing readable is left (empty, or binary noise)."""
    text = clean_text(value[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS]
    letters = sum(1 for ch in text if unicodedata.category(ch).startswith("L"))
    if letters < 2:
        raise ValidationError(_("Describe what you are looking for in a few words."), code="empty")
    return text


class PartnerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("What are you looking for?"),
        max_length=MAX_QUERY_CHARS * 2,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Write it in any of the region's languages."),
    )
    country = forms.CharField(required=False, max_length=2)
    domain = forms.CharField(required=False, max_length=32)
    type = forms.CharField(required=False, max_length=32)

    def clean_q(self) -> str:
        return clean_need_text(self.cleaned_data["q"])
