"""Input of matching: the free-text need of "find partners"."""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from creativeports.matching.engine.embedding import clean_text
from creativeports.matching.models import OutcomeKind

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


class ContactForm(forms.Form):
    sender = forms.ModelChoiceField(queryset=None, label=_("Write on behalf of"), empty_label=None)  # type: ignore[arg-type]
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: object, senders: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["sender"].queryset = senders  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("What came of it?"), choices=OutcomeKind.choices)
    happened_on = forms.DateField(label=_("When"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PartnerCallForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Posted by"), empty_label=None)  # type: ignore[arg-type]
    title = forms.CharField(label=_("What are you looking for partners for?"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    programme = forms.CharField(label=_("Funding programme"), max_length=150, required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    partners_wanted = forms.IntegerField(label=_("How many partners"), min_value=1, max_value=50, initial=1)
    countries = forms.ModelMultipleChoiceField(queryset=None, label=_("Wanted countries"), required=False)  # type: ignore[arg-type]
    domains = forms.ModelMultipleChoiceField(queryset=None, label=_("Wanted CCI domains"), required=False)  # type: ignore[arg-type]
    types = forms.ModelMultipleChoiceField(queryset=None, label=_("Wanted types of organisation"), required=False)  # type: ignore[arg-type]

    def __init__(self, *args: object, organisations: object, **kwargs: object) -> None:
        from creativeports.taxonomy.models import CciDomain, OrganisationType
        from creativeports.taxonomy.selectors import network_countries

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["countries"].queryset = network_countries()  # type: ignore[attr-defined]
        self.fields["domains"].queryset = CciDomain.objects.all()  # type: ignore[attr-defined]
        self.fields["types"].queryset = OrganisationType.objects.all()  # type: ignore[attr-defined]


class InterestForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("On behalf of"), empty_label=None)  # type: ignore[arg-type]
    message = forms.CharField(label=_("Why you?"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: object, organisations: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class InterestAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[("shortlisted", _("Shortlist")), ("declined", _("Decline"))],
    )
    answer = forms.CharField(
        label=_("Answer"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
