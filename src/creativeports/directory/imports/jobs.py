"""Imports from the upload page, run in the background by the task worker, with visible progress.

The page stores the upload privately and queues a job; the worker (directory.tasks) runs the same
`organisation_import` as the command. Progress goes to a small JSON file beside the upload rather
than to the database: the write pass holds one transaction until the end (an import is all or
nothing), so progress written to the database would stay invisible, and on SQLite wait for that
transaction's lock.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from creativeports.directory.imports.readers import FORMATS
from creativeports.directory.imports.rows import Problem
from creativeports.directory.imports.services import ImportReport, organisation_import
from creativeports.directory.models import ImportJob, Organisation


def _folder() -> Path:
    folder = Path(settings.PRIVATE_FILES_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _upload_path(job: ImportJob) -> Path:
    return _folder() / f"{job.pk}.upload"


def _progress_path(job: ImportJob) -> Path:
    return _folder() / f"{job.pk}.progress.json"


def import_job_create(
    *,
    actor: Any,
    upload: UploadedFile[bytes],
    fmt: str,
    dry_run: bool,
    update: bool,
    intermediary: Organisation | None = None,
) -> ImportJob:
    """Keep the upload privately and queue its import; the worker picks it up. The caller has
    checked that the actor may import for `intermediary` (permissions.can_import_for)."""
    from creativeports.directory.tasks import import_job_run_task

    if fmt not in FORMATS:
        fmt = "csv"  # the reader reports a file that is not CSV as such
    job = ImportJob.objects.create(
        created_by=actor,
        source_name=(upload.name or "")[:255],
        fmt=fmt,
        dry_run=dry_run,
        update=update,
        intermediary=intermediary,
    )
    with _upload_path(job).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    _write_progress(job, {"phase": "queued", "done": 0, "total": None})
    # Queued in the same transaction as the job: the worker sees both or neither.
    import_job_run_task.enqueue(str(job.pk))
    return job


def _write_progress(job: ImportJob, progress: dict[str, Any]) -> None:
    """Replace the progress file atomically, so a reader never sees half of it."""
    path = _progress_path(job)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".progress-")
    with os.fdopen(handle, "w") as out:
        json.dump(progress, out)
    Path(temporary).replace(path)


def import_job_progress(job: ImportJob) -> dict[str, Any]:
    """{"phase": "queued" | "validate" | "write", "done": rows, "total": rows or None}."""
    try:
        progress: dict[str, Any] = json.loads(_progress_path(job).read_text())
    except (OSError, ValueError):
        return {"phase": "queued", "done": 0, "total": None}
    return progress


def report_to_json(report: ImportReport) -> dict[str, Any]:
    return {
        "problems": [vars(p) for p in report.problems],
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "skipped": report.skipped,
        "rows": report.rows,
        "row_label": report.row_label,
        "dry_run": report.dry_run,
    }


def report_from_json(data: dict[str, Any]) -> ImportReport:
    return ImportReport(**{**data, "problems": [Problem(**p) for p in data.get("problems", [])]})


def import_job_run(job_id: str) -> ImportJob:
    """Run a queued import (the task body). Never raises for a bad file: that is in the report."""
    job = ImportJob.objects.select_related("created_by", "intermediary").get(pk=job_id)
    if job.is_finished:
        return job  # a task delivered twice does not import twice
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(phase: str, done: int, total: int | None) -> None:
        _write_progress(job, {"phase": phase, "done": done, "total": total})

    upload = _upload_path(job)
    try:
        with upload.open("rb") as file:
            report = organisation_import(
                actor=job.created_by,
                file=file,
                fmt=job.fmt,
                source_name=job.source_name,
                dry_run=job.dry_run,
                update=job.update,
                progress=progress,
                intermediary=job.intermediary,
            )
        job.status = ImportJob.Status.DONE
    except OSError as exc:
        report = ImportReport(dry_run=job.dry_run)
        report.problems.append(Problem(None, "", str(exc)))
        job.status = ImportJob.Status.FAILED
    job.report = report_to_json(report)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "report", "finished_at"])
    upload.unlink(missing_ok=True)
    _progress_path(job).unlink(missing_ok=True)
    return job
