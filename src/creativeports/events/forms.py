"""Input of events: registration (with the event's own questions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from creativeports.directory.models import Organisation
from creativeports.events.models import Event
from creativeports.events.services.registration import MAX_ANSWER_CHARS


class RegistrationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), required=False, empty_label=_("Myself")
    )
    attends_online = forms.BooleanField(label=_("I take part online"), required=False)
    share_consent = forms.BooleanField(
        label=_("List me (name and organisation) among the participants other participants see"), required=False
    )

    def __init__(self, *args: Any, event: Event, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]  # a ModelChoiceField
        if not event.has_online_part:
            del self.fields["attends_online"]
        for question in event.questions.all():
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=question.label, required=question.required, max_length=MAX_ANSWER_CHARS
            )

    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix("answer_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("answer_") and value
        }
