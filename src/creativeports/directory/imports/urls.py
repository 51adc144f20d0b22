from django.urls import path

from creativeports.directory.imports import views

# Included by directory/urls.py, so the names live in the "directory" namespace.
urlpatterns = [
    path("import/", views.organisation_import_view, name="organisation.import"),
    path("import/<uuid:job_id>/", views.import_job_view, name="organisation.import_job"),
]
