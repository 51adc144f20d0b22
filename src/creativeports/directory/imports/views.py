"""The upload page of the organisation import, for the secretariat, and the page of each import.

The upload is checked and imported in the background by the task worker (`make run` starts one);
the import's page shows its progress while it runs (HTMX polling, or a refresh without JavaScript)
and its report when it is done.

The secretariat imports for the register as a whole; an admin of an intermediary (cluster,
incubator, business support organisation...) imports that intermediary's members: new profiles are
linked to it (Affiliation), and only its own members can be updated.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from creativeports.directory import permissions
from creativeports.directory.imports.jobs import import_job_create, import_job_progress, report_from_json
from creativeports.directory.imports.readers import guess_format
from creativeports.directory.models import ImportJob, Organisation


def _max_megabytes() -> int:
    return int(settings.CREATIVEPORTS_IMPORT_MAX_MB)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=lazy(
            lambda: _("CSV (UTF-8, comma or semicolon), XLSX or JSON, up to %(size)d MB.") % {"size": _max_megabytes()},
            str,
        )(),
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

    def __init__(self, *args: Any, intermediaries: list[Organisation], secretariat: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if intermediaries:
            self.fields["intermediary"] = forms.ModelChoiceField(
                label=gettext_lazy("Import as members of"),
                queryset=Organisation.objects.filter(pk__in=[o.pk for o in intermediaries]).order_by("name"),
                required=not secretariat,
                empty_label=gettext_lazy("The whole register (secretariat)") if secretariat else None,
                help_text=gettext_lazy(
                    "New organisations are linked to this organisation as its members; only its members can be updated."
                ),
            )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > _max_megabytes() * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(size)d MB.") % {"size": _max_megabytes()})
        return upload


def _require_importer(request: HttpRequest) -> None:
    if not permissions.can_import(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def organisation_import_view(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    options: dict[str, Any] = {
        "intermediaries": permissions.importable_intermediaries(request.user),
        "secretariat": permissions.can_moderate(request.user),
    }
    # Bound on every POST, even an empty one, so a missing file is reported as such.
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, **options)
    else:
        form = ImportUploadForm(**options)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        intermediary = form.cleaned_data.get("intermediary")
        if not permissions.can_import_for(request.user, intermediary):
            raise PermissionDenied
        job = import_job_create(
            actor=request.user,
            upload=upload,
            fmt=form.cleaned_data["format"] or guess_format(upload.name or ""),
            dry_run=form.cleaned_data["dry_run"],
            update=form.cleaned_data["update"],
            intermediary=intermediary,
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
