"""The upload page of the organisation import, for the secretariat.

Intermediaries should be able to import "their own members", but the register has no relation
yet between an intermediary and the organisations it represents, so the page is for the
secretariat only until there is one. The import runs inside the request; a background task with
a progress indicator is still to come.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from creativeports.directory import permissions
from creativeports.directory.imports.readers import guess_format
from creativeports.directory.imports.services import organisation_import

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (UTF-8, comma or semicolon), XLSX or JSON, up to 50 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.json"}),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[
            ("", gettext_lazy("From the file name")),
            ("csv", "CSV"),
            ("xlsx", "XLSX"),
            ("json", "JSON"),
        ],
        required=False,
    )
    update = forms.BooleanField(
        label=gettext_lazy("Update organisations that are already in the directory"), required=False
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Only check the file; import nothing"), required=False, initial=True
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def organisation_import_view(request: HttpRequest) -> HttpResponse:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    # Bound on every POST, even an empty one, so a missing file is reported as such.
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = organisation_import(
            actor=request.user,
            file=upload,
            fmt=form.cleaned_data["format"] or guess_format(upload.name or ""),
            source_name=upload.name or "",
            dry_run=form.cleaned_data["dry_run"],
            update=form.cleaned_data["update"],
        )
    status = 422 if report is not None and not report.ok else 200
    return render(request, "directory/import.html", {"form": form, "report": report}, status=status)
