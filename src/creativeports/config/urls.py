from django.contrib import admin
from django.urls import include, path, re_path

from creativeports.api.site import api
from creativeports.api.site import not_found as api_not_found
from creativeports.common import views as common_views
from creativeports.directory import views as directory_views

urlpatterns = [
    path("", directory_views.home, name="home"),
    path("me/", directory_views.dashboard, name="dashboard"),
    path("me/", include("creativeports.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("creativeports.directory.urls")),
    path("partners/", include("creativeports.matching.urls")),
    path("events/", include("creativeports.events.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", api_not_found, name="api-not-found"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", common_views.health, name="health"),
    path("favicon.ico", common_views.favicon, name="favicon"),
    re_path(r"^media/(?P<path>.+)$", common_views.media_serve, name="media"),
]
