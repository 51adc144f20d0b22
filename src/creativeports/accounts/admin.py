from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from creativeports.accounts.admin_site import ReadOnlyAdmin, SecretariatModelAdmin
from creativeports.accounts.models import ApiToken, User
from creativeports.accounts.roles import is_secretariat
from creativeports.common.models import AuditEntry


@admin.register(User)
class UserAdmin(SecretariatModelAdmin):
    list_display = ["email", "full_name", "is_active", "is_secretariat", "is_superuser", "date_joined", "last_login"]
    list_filter = ["is_active", "is_secretariat", "is_superuser", "date_joined"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    readonly_fields = ["date_joined", "last_login", "password"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        (_("Status"), {"fields": ["is_active", "is_secretariat", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["date_joined", "last_login"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Only superusers grant the powers that reach beyond the secretariat.
        fields = list(self.readonly_fields)
        if not request.user.is_superuser:  # type: ignore[union-attr]
            fields += ["is_staff", "is_superuser"]
        return fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser) and is_secretariat(request.user)  # type: ignore[union-attr]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "prefix", "created", "last_used"]
    search_fields = ["name", "user__email", "prefix"]
    exclude = ["key_hash"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_secretariat(request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created", "actor", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type", "created"]
    search_fields = ["object_repr", "actor__email", "action", "object_id"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "created"
