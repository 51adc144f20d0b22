"""The secretariat creates and edits events, their programme and questions here; a session's
rules (inside the event, no overlap in a room) are checked by the programme service's own check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from creativeports.accounts.admin_site import SecretariatInline, SecretariatModelAdmin
from creativeports.events.models import (
    B2BProfile,
    B2BSettings,
    Criterion,
    Event,
    EventOrganiser,
    PitchSettings,
    RegistrationQuestion,
    Room,
    Session,
    Speaker,
)
from creativeports.events.services.programme import validate_session


class OrganiserInline(SecretariatInline):
    model = EventOrganiser
    extra = 1
    autocomplete_fields = ["organisation"]


class RoomInline(SecretariatInline):
    model = Room
    extra = 1


class QuestionInline(SecretariatInline):
    model = RegistrationQuestion
    extra = 0


class B2BInline(SecretariatInline):
    model = B2BSettings
    fields = ["slot_minutes", "tables", "max_meetings"]
    max_num = 1


@admin.register(Event)
class EventAdmin(SecretariatModelAdmin):
    list_display = ["title", "starts", "mode", "status", "audience", "capacity"]
    list_filter = ["status", "mode", "audience"]
    search_fields = ["title", "city"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [OrganiserInline, RoomInline, QuestionInline, B2BInline]


class SpeakerInline(SecretariatInline):
    model = Speaker
    extra = 1
    autocomplete_fields = ["organisation"]
    fields = ["name", "organisation", "position"]


class PitchSettingsInline(SecretariatInline):
    model = PitchSettings
    max_num = 1
    filter_horizontal = ["jurors"]
    fields = ["call_open", "audience_vote", "results_published", "jurors"]


class CriterionInline(SecretariatInline):
    model = Criterion
    extra = 0
    fields = ["name", "weight", "position"]


class SessionAdminForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    class Meta:
        model = Session
        fields = ["event", "title", "kind", "room", "starts", "ends", "description", "language"]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not self.errors:
            fields = ("event", "title", "kind", "room", "starts", "ends")
            validate_session(Session(pk=self.instance.pk, **{name: data.get(name) for name in fields}))
        return data


@admin.register(Session)
class SessionAdmin(SecretariatModelAdmin):
    form = SessionAdminForm
    list_display = ["title", "event", "kind", "room", "starts", "ends"]
    list_filter = ["kind", "event"]
    search_fields = ["title"]
    inlines = [SpeakerInline, PitchSettingsInline, CriterionInline]


@admin.register(B2BProfile)
class B2BProfileAdmin(SecretariatModelAdmin):
    """Exhibitors with their own table and personal caps are set here."""

    list_display = ["registration", "fixed_table", "max_meetings"]
    list_filter = ["fixed_table", "registration__event"]
    fields = ["registration", "fixed_table", "max_meetings", "available"]
    readonly_fields = ["registration"]

    def has_add_permission(self, request: Any) -> bool:
        return False  # profiles come with registrations
