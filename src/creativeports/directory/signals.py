"""Signals the directory sends for apps above it (matching), which the directory must not import.

`profiles_changed` is sent after the transaction that created or changed profiles commits, with
`ids` (a list of organisation ids); receivers queue their own follow-up work.

`text_languages_detected` is sent, the same way, when the background enrichment has found the
languages of texts written without them (imports): what was computed from those texts before
(matching's language centring) may need them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

profiles_changed = Signal()
text_languages_detected = Signal()


def _send_on_commit(signal: Signal, ids: Iterable[int]) -> None:
    changed = sorted(set(ids))
    if changed:
        transaction.on_commit(lambda: signal.send(sender=None, ids=changed))


def profiles_changed_on_commit(ids: Iterable[int]) -> None:
    """Send `profiles_changed` for `ids` once the current transaction commits (now, outside one)."""
    _send_on_commit(profiles_changed, ids)


def text_languages_detected_on_commit(ids: Iterable[int]) -> None:
    """Send `text_languages_detected` for `ids` once the current transaction commits."""
    _send_on_commit(text_languages_detected, ids)
