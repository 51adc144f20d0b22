"""Helpers for the pages' forms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404


def form_add_service_errors(form: Any, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors on their fields (when the form
    has them), everything else at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def posted_object_or_404(queryset: Any, value: str | None) -> Any:
    """The object of `queryset` whose id a form posted (a hidden field, a button's value). An id
    that is missing, not a number or not in the queryset is a 404, never a 500."""
    if not value or not value.isdigit():
        raise Http404("No such object.")
    return get_object_or_404(queryset, pk=int(value))
