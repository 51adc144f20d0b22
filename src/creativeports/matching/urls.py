from django.urls import path

from creativeports.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.find_partners, name="find"),
    path("for/<slug:slug>/", views.organisation_partners, name="organisation.partners"),
    path("for/<slug:slug>/dismiss/<int:candidate_id>/", views.dismiss, name="dismiss"),
    path("contact/<slug:slug>/", views.contact_new, name="contact.new"),
    path("inbox/", views.inbox, name="inbox"),
    path("calls/", views.calls, name="calls"),
    path("calls/new/", views.call_new, name="call.new"),
    path("calls/<int:pk>/", views.call_detail, name="call.detail"),
    path("inbox/<int:pk>/", views.contact_detail, name="contact.detail"),
]
