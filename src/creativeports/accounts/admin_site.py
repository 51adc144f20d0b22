"""The admin is the secretariat's workbench; who may use it is decided by accounts.roles."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from creativeports.accounts.roles import is_secretariat


class SecretariatAdminSite(admin.AdminSite):
    site_header = _("Creative Ports secretariat")
    site_title = _("Creative Ports secretariat")
    index_title = _("Daily work")

    def has_permission(self, request: HttpRequest) -> bool:
        return is_secretariat(request.user)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # One sign-in for the whole site, so rate limits and two-factor apply to the admin too.
        if request.user.is_authenticated and not self.has_permission(request):
            # Signed in, but not secretariat: the site's login would send them straight back here.
            raise PermissionDenied
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


class SecretariatAdminConfig(AdminConfig):
    default_site = "creativeports.accounts.admin_site.SecretariatAdminSite"


class SecretariatPermissions:
    """Everything the secretariat may do in the admin, and nobody else: for model admins and their
    inlines alike (the secretariat holds no per-model Django permissions)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_secretariat(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_secretariat(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_secretariat(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_secretariat(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_secretariat(request.user)


class SecretariatModelAdmin(SecretariatPermissions, admin.ModelAdmin):
    pass


class SecretariatInline(SecretariatPermissions, admin.TabularInline):
    pass


class ReadOnlyAdmin(SecretariatModelAdmin):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
