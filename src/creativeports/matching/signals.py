"""Matching follows the directory: changed profiles get their vectors refreshed in the background,
and languages found after their texts were embedded reach the index."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from creativeports.directory.signals import profiles_changed, text_languages_detected

# Organisations per refresh task (a task's arguments are stored as JSON).
TASK_SIZE = 500


def _enqueue_in_chunks(task: Any, ids: list[int]) -> None:
    for start in range(0, len(ids), TASK_SIZE):
        task.enqueue(ids[start : start + TASK_SIZE])


@receiver(profiles_changed)
def queue_vector_refresh(sender: Any, ids: list[int], **kwargs: Any) -> None:
    from django.conf import settings

    from creativeports.matching.engine.embedding import switched_off
    from creativeports.matching.tasks import profile_vectors_refresh_task

    # Only the setting is read here: loading the model in every process that edits a profile (the
    # import command, web workers) would cost more than the edit; the task finds out if it is missing.
    if switched_off(settings.CREATIVEPORTS_EMBEDDER):
        return
    _enqueue_in_chunks(profile_vectors_refresh_task, ids)


@receiver(text_languages_detected)
def follow_detected_languages(sender: Any, ids: list[int], **kwargs: Any) -> None:
    """The index centres each vector on the mean of its text's language, as the organisation says
    when the index is built. An import's texts may be embedded before the enrichment finds their
    languages: those vectors then sit with the unknown ones until the index is built again. So
    every process rebuilds it, and these organisations' lists are recomputed with it."""
    from django.conf import settings

    from creativeports.matching.engine.embedding import switched_off
    from creativeports.matching.models import ProfileVector
    from creativeports.matching.services.vectors import index_version_bump
    from creativeports.matching.tasks import match_lists_refresh_task

    if switched_off(settings.CREATIVEPORTS_EMBEDDER):
        return
    vectors = ProfileVector.objects.filter(organisation_id__in=ids)
    embedded = sorted(set(vectors.values_list("organisation_id", flat=True)))
    if not embedded:
        return  # not embedded yet: the index reads the languages when their vectors arrive
    index_version_bump()
    _enqueue_in_chunks(match_lists_refresh_task, embedded)
