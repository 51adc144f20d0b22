"""Signals the directory sends for apps above it (matching), which the directory must not import.

`profiles_changed` is sent after the transaction that created or changed profiles commits, with
`ids` (a list of organisation ids); receivers queue their own follow-up work.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

profiles_changed = Signal()


def profiles_changed_on_commit(ids: Iterable[int]) -> None:
    """Send `profiles_changed` for `ids` once the current transaction commits (now, outside one)."""
    changed = sorted(set(ids))
    if changed:
        transaction.on_commit(lambda: profiles_changed.send(sender=None, ids=changed))
