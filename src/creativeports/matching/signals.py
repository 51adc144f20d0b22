"""Matching follows the directory: changed profiles get their vectors refreshed in the background."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from creativeports.directory.signals import profiles_changed

# Organisations per refresh task (a task's arguments are stored as JSON).
TASK_SIZE = 500


@receiver(profiles_changed)
def queue_vector_refresh(sender: Any, ids: list[int], **kwargs: Any) -> None:
    from django.conf import settings

    from creativeports.matching.tasks import profile_vectors_refresh_task

    # Only the setting is read here: loading the model in every process that edits a profile (the
    # import command, web workers) would cost more than the edit; the task finds out if it is missing.
    if settings.CREATIVEPORTS_EMBEDDER in ("", "none"):
        return
    for start in range(0, len(ids), TASK_SIZE):
        profile_vectors_refresh_task.enqueue(ids[start : start + TASK_SIZE])
