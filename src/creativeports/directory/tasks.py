"""Background tasks of the directory (Django's tasks framework; `creativeports db_worker` runs them)."""

from __future__ import annotations

from django.tasks import task


@task
def import_job_run_task(job_id: str) -> str:
    """Run an import queued from the upload page; returns the job's final status."""
    from creativeports.directory.imports.jobs import import_job_run

    return str(import_job_run(job_id).status)


@task
def organisations_enrich_task(ids: list[int]) -> int:
    """Languages and approximate coordinates for bulk-written profiles (see services.enrichment)."""
    from creativeports.directory.services.enrichment import organisations_enrich

    return organisations_enrich(ids=ids)
