"""Dismissing a recommended partner, and taking it back."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from creativeports.common.services.audit import audit_record
from creativeports.directory.models import Organisation
from creativeports.matching.models import Dismissal
from creativeports.matching.services.match_lists import match_lists_version_bump
from creativeports.matching.tasks import match_lists_refresh_task


@transaction.atomic
def dismissal_create(*, actor: Any, organisation: Organisation, candidate: Organisation) -> Dismissal:
    """Never recommend `candidate` to `organisation` again. Raises ValidationError for itself.
    Idempotent; writes the audit log the first time."""
    if organisation.pk == candidate.pk:
        raise ValidationError(_("An organisation cannot dismiss itself."))
    dismissal, created = Dismissal.objects.get_or_create(
        organisation=organisation, candidate=candidate, defaults={"dismissed_by": actor}
    )
    if created:
        audit_record(actor=actor, action="match.dismiss", obj=organisation, changes={"dismissed": [None, candidate.pk]})
        _lists_changed(organisation)
    return dismissal


@transaction.atomic
def dismissal_delete(*, actor: Any, organisation: Organisation, candidate: Organisation) -> None:
    """Recommend `candidate` again. Writes the audit log when there was a dismissal."""
    deleted, _rows = Dismissal.objects.filter(organisation=organisation, candidate=candidate).delete()
    if deleted:
        audit_record(
            actor=actor, action="match.undismiss", obj=organisation, changes={"dismissed": [candidate.pk, None]}
        )
        _lists_changed(organisation)


def _lists_changed(organisation: Organisation) -> None:
    """Pages drop (or show again) the candidate at once; the stored list, whose ranking dismissals
    inform, is recomputed in the background."""
    match_lists_version_bump()
    transaction.on_commit(lambda: match_lists_refresh_task.enqueue([organisation.pk]))
