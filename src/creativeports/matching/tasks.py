"""Background tasks of matching (Django's tasks framework; `creativeports db_worker` runs them)."""

from __future__ import annotations

from django.tasks import task

# Above this share of the register, a change refreshes every match list in one batch: cheaper
# than finding, organisation by organisation, whose lists it touches.
FULL_REFRESH_SHARE = 0.2


@task(queue_name="matching")
def profile_vectors_refresh_task(ids: list[int]) -> int:
    """Re-embed the changed texts of these organisations, then refresh the match lists the change
    may alter (theirs, and those of organisations close to their old or new vectors). Returns how
    many texts were embedded."""
    from creativeports.directory.models import Organisation
    from creativeports.matching.services.match_lists import match_lists_affected, match_lists_refresh
    from creativeports.matching.services.vectors import profile_vectors_refresh

    before = match_lists_affected(ids)
    embedded = profile_vectors_refresh(ids=ids)
    if not embedded:
        # Same texts, same vectors: other organisations' lists stay as they are (a profile hidden
        # since is filtered out when lists are read; one newly shown joins them at their next
        # computation); only these organisations' own lists are brought up to date.
        match_lists_refresh(ids=ids)
        return 0
    touched = {*ids, *before, *match_lists_affected(ids)}
    if len(touched) >= FULL_REFRESH_SHARE * Organisation.objects.count():
        match_lists_refresh()
    else:
        match_lists_refresh(ids=touched)
    return embedded


@task(queue_name="matching")
def match_lists_refresh_task(ids: list[int]) -> int:
    """Recompute the match lists of these organisations (after a dismissal, say)."""
    from creativeports.matching.services.match_lists import match_lists_refresh

    return match_lists_refresh(ids=ids)
