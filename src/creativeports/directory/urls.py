from django.urls import include, path

from creativeports.directory import map as map_views
from creativeports.directory import views
from creativeports.directory.exports import views as export_views

app_name = "directory"

urlpatterns = [
    path("", views.organisation_list, name="organisation.list"),
    path("new/", views.organisation_create_view, name="organisation.create"),
    path("", include("creativeports.directory.imports.urls")),
    path("map/", map_views.organisation_map, name="organisation.map"),
    path("map/data.json", map_views.map_data, name="organisation.map_data"),
    path("export.<str:fmt>", export_views.organisation_export, name="organisation.export"),
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation.accept"),
    path("<slug:slug>/", views.organisation_detail, name="organisation.detail"),
    path("<slug:slug>/edit/", views.organisation_edit, name="organisation.edit"),
    path("<slug:slug>/logo/", views.organisation_logo, name="organisation.logo"),
    path("<slug:slug>/delete/", views.organisation_delete_view, name="organisation.delete"),
    path("<slug:slug>/people/", views.organisation_people, name="organisation.people"),
    path("<slug:slug>/people/<int:membership_id>/", views.membership_change, name="membership.change"),
    path("<slug:slug>/invitations/<int:invitation_id>/revoke/", views.invitation_revoke_view, name="invitation.revoke"),
    path("<slug:slug>/verify/", views.organisation_verify_view, name="organisation.verify"),
    path("<slug:slug>/merge/", views.organisation_merge_view, name="organisation.merge"),
    path("<slug:slug>/audit/", views.organisation_audit, name="organisation.audit"),
]
