"""Background tasks of matching (Django's tasks framework; `creativeports db_worker` runs them)."""

from __future__ import annotations

from django.tasks import task


@task(queue_name="matching")
def profile_vectors_refresh_task(ids: list[int]) -> int:
    """Re-embed the changed texts of these organisations; returns how many texts were embedded."""
    from creativeports.matching.services.vectors import profile_vectors_refresh

    return profile_vectors_refresh(ids=ids)
