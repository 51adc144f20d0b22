"""The secretariat's admin for organisations: search, filters, verify and merge actions, audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from creativeports.accounts.admin_site import SecretariatInline, SecretariatModelAdmin
from creativeports.common.services.audit import audit_changes, audit_record
from creativeports.directory.models import Invitation, Membership, Organisation, SocialLink
from creativeports.directory.services.organisation import (
    organisation_merge,
    organisation_snapshot,
    organisation_verify,
)


class MembershipInline(SecretariatInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created"]


class SocialLinkInline(SecretariatInline):
    model = SocialLink
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SecretariatModelAdmin):
    list_display = ["name", "type", "country", "city", "is_verified", "profile_visibility", "merged_into", "updated"]
    list_filter = [
        "is_verified",
        "type",
        "country",
        "profile_visibility",
        "domains",
        "size",
        "is_demo",
        ("merged_into", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "city", "region", "email", "website", "slug"]
    list_select_related = ["type", "country", "merged_into"]
    autocomplete_fields = ["merged_into"]
    filter_horizontal = ["domains", "nace_codes", "languages", "target_markets", "sdgs"]
    readonly_fields = [
        "slug",
        "created",
        "updated",
        "consent_at",
        "consent_by",
        "consent_version",
        "verified_at",
        "verified_by",
        "created_by",
        "description_lang",
        "offers_lang",
        "needs_lang",
    ]
    inlines = [MembershipInline, SocialLinkInline]
    actions = ["verify", "unverify", "merge_into_oldest"]
    date_hierarchy = "created"

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        before = organisation_snapshot(Organisation.objects.get(pk=obj.pk)) if change else {}
        obj._audit_before = before  # type: ignore[attr-defined]  # carried to save_related, after the M2M save
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        changes = audit_changes(getattr(obj, "_audit_before", {}), organisation_snapshot(obj))
        if changes:
            audit_record(
                actor=request.user,
                action="organisation.admin_change" if change else "organisation.create",
                obj=obj,
                changes=changes,
            )

    @admin.action(description=_("Verify the selected organisations"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        for organisation in queryset:
            organisation_verify(actor=request.user, organisation=organisation, verified=True)
        self.message_user(
            request,
            ngettext("%d organisation verified.", "%d organisations verified.", queryset.count()) % queryset.count(),
        )

    @admin.action(description=_("Remove verification"))
    def unverify(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        for organisation in queryset:
            organisation_verify(actor=request.user, organisation=organisation, verified=False)
        self.message_user(request, _("Verification removed."))

    @admin.action(description=_("Merge the selected duplicates into the oldest of them"))
    def merge_into_oldest(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        organisations = list(queryset.order_by("created", "pk"))
        if len(organisations) < 2:
            self.message_user(request, _("Select at least two organisations to merge."), messages.WARNING)
            return
        target, *sources = organisations
        try:
            for source in sources:
                organisation_merge(actor=request.user, source=source, target=target)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return
        self.message_user(
            request, _("Merged %(n)d duplicates into “%(name)s”.") % {"n": len(sources), "name": target.name}
        )


@admin.register(Invitation)
class InvitationAdmin(SecretariatModelAdmin):
    list_display = ["email", "organisation", "role", "created", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role", "created"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token_hash", "created", "accepted_at", "accepted_by", "invited_by"]
    list_select_related = ["organisation"]


@admin.register(Membership)
class MembershipAdmin(SecretariatModelAdmin):
    list_display = ["user", "organisation", "role", "created"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
