from django.contrib import admin
from django.urls import include, path, re_path

from creativeports.api.site import api
from creativeports.common import views as common_views
from creativeports.directory import views as directory_views

urlpatterns = [
    path("", directory_views.home, name="home"),
    path("me/", directory_views.dashboard, name="dashboard"),
    path("me/", include("creativeports.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("creativeports.directory.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", common_views.health, name="health"),
    re_path(r"^media/(?P<path>.+)$", common_views.media_serve, name="media"),
]
