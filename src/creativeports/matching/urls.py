from django.urls import path

from creativeports.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.find_partners, name="find"),
    path("for/<slug:slug>/", views.organisation_partners, name="organisation.partners"),
    path("for/<slug:slug>/dismiss/<int:candidate_id>/", views.dismiss, name="dismiss"),
]
