"""The upload page of the organisation import, for the secretariat, and the page of each import.

The upload is checked and imported in the background by the task worker (`make run` starts one);
the import's page shows its progress while it runs (HTMX polling, or a refresh without JavaScript)
and its report when it is done.

Intermediaries should be able to import "their own members", but the register has no relation
yet between an intermediary and the organisations it represents, so the page is for the
secretariat only until there is one.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from creativeports.directory import permissions
from creativeports.directory.imports.jobs import import_job_create, import_job_progress, report_from_json
from creativeports.directory.imports.readers import guess_format
from creativeports.directory.models import ImportJob

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


def _require_importer(request: HttpRequest) -> None:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def organisation_import_view(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    # Bound on every POST, even an empty one, so a missing file is reported as such.
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_job_create(
            actor=request.user,
            upload=upload,
            fmt=form.cleaned_data["format"] or guess_format(upload.name or ""),
            dry_run=form.cleaned_data["dry_run"],
            update=form.cleaned_data["update"],
        )
        return redirect("directory:organisation.import_job", job_id=job.pk)
    jobs = ImportJob.objects.filter(created_by_id=request.user.pk)[:10]
    return render(request, "directory/import.html", {"form": form, "jobs": jobs})


@login_required
@require_GET
def import_job_view(request: HttpRequest, job_id: str) -> HttpResponse:
    _require_importer(request)
    # Only the person who uploaded it sees an import (its report quotes the file's contents).
    job = ImportJob.objects.filter(pk=job_id, created_by_id=request.user.pk).first()
    if job is None:
        raise Http404("No such import.")
    progress = import_job_progress(job)
    report = report_from_json(job.report) if job.report is not None else None
    context = {
        "job": job,
        "progress": progress,
        "percent": int(100 * progress["done"] / progress["total"]) if progress.get("total") else None,
        "report": report,
    }
    htmx = request.htmx  # type: ignore[attr-defined]
    template = "directory/partials/import_job_status.html" if htmx else "directory/import_job.html"
    status = 422 if report is not None and not report.ok else 200
    # htmx swaps only 2xx answers by default; the polling partial always answers 200.
    return render(request, template, context, status=200 if htmx else status)
