"""Writing the audit log: the one way services record who changed what."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from creativeports.common.models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return sorted(_jsonable(v) for v in value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_changes(
    before: Mapping[str, Any], after: Mapping[str, Any], *, fields: Iterable[str] | None = None
) -> dict[str, list[Any]]:
    """The fields whose values differ, as {field: [old, new]} with JSON-safe values."""
    names = fields if fields is not None else sorted(set(before) | set(after))
    changes: dict[str, list[Any]] = {}
    for name in names:
        old, new = _jsonable(before.get(name)), _jsonable(after.get(name))
        if old != new:
            changes[name] = [old, new]
    return changes


def audit_record(*, actor: Any, action: str, obj: models.Model, changes: Mapping[str, Any] | None = None) -> AuditEntry:
    """Append one entry to the audit log. Call it inside the service's transaction."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        changes=dict(changes or {}),
    )
