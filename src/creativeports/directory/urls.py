from django.urls import path

from creativeports.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.organisation_list, name="organisation.list"),
    path("new/", views.organisation_create_view, name="organisation.create"),
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
