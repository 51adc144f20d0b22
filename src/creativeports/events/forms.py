"""Input of events: registration (with the event's own questions)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from creativeports.directory.models import Organisation
from creativeports.events.models import Event, Session
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


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _in_zone(value: dt.datetime, zone: str) -> dt.datetime:
    """A wall-clock time typed for the event's place, as an aware datetime there (the form field
    read it in the site's zone)."""
    return timezone.make_naive(value).replace(tzinfo=zoneinfo.ZoneInfo(zone))


class EventForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    """An event as its organisers describe it; times are wall-clock times in the event's time zone."""

    organisation = forms.ModelChoiceField(label=_("Organised by"), queryset=Organisation.objects.none())

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "description",
            "mode",
            "audience",
            "time_zone",
            "starts",
            "ends",
            "venue",
            "address",
            "city",
            "country",
            "stream_url",
            "capacity",
            "b2b_mode",
        ]
        widgets = {"starts": LocalDateTimeInput(), "ends": LocalDateTimeInput()}

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]
            for name in ("starts", "ends"):
                value = getattr(self.instance, name)
                self.initial[name] = value.astimezone(self.instance.tz).replace(tzinfo=None)
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]  # a ModelChoiceField
            if organisations is not None and len(organisations) == 1:
                self.fields["organisation"].initial = organisations[0]  # the usual case: nothing to choose

    def clean_time_zone(self) -> str:
        zone: str = self.cleaned_data["time_zone"]
        if zone not in zoneinfo.available_timezones():
            raise ValidationError(_("%(value)s is not a time zone (e.g. Europe/Warsaw).") % {"value": zone})
        return zone

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        zone = data.get("time_zone")
        if zone and data.get("starts") and data.get("ends"):
            data["starts"], data["ends"] = _in_zone(data["starts"], zone), _in_zone(data["ends"], zone)
            if data["ends"] <= data["starts"]:
                self.add_error("ends", _("The event must end after it starts."))
        return data


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=Session.Kind.choices)
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    starts = forms.DateTimeField(label=_("Starts"), widget=LocalDateTimeInput())
    ends = forms.DateTimeField(label=_("Ends"), widget=LocalDateTimeInput())
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, max_length=5000, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        for name in ("starts", "ends"):
            if data.get(name):
                data[name] = _in_zone(data[name], self.event.time_zone)
        return data
