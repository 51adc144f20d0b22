"""Helpers for the pages' forms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def form_add_service_errors(form: Any, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors on their fields (when the form
    has them), everything else at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
