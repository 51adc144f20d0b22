from django.urls import path

from creativeports.directory.imports import views

# Included by directory/urls.py, so the names live in the "directory" namespace.
urlpatterns = [
    path("import/", views.organisation_import_view, name="organisation.import"),
]
