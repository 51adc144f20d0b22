"""The secretariat's view of reported conversations (and only those: others stay private)."""

from __future__ import annotations

from django.contrib import admin

from creativeports.accounts.admin_site import SecretariatModelAdmin
from creativeports.matching.models import AbuseReport


@admin.register(AbuseReport)
class AbuseReportAdmin(SecretariatModelAdmin):
    list_display = ["contact", "reporter", "created", "handled"]
    list_filter = ["handled"]
    readonly_fields = ["contact", "reporter", "reason", "created"]
    fields = ["contact", "reporter", "reason", "created", "handled"]
