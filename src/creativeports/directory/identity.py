"""How the register tells that two organisations are the same: the keys duplicate detection compares.

Two organisations are the same when their normalised names match in one country, or when their
websites share a host. The keys are stored beside the profile (see `DerivedKeyField`), so an import
looks up the few rows a batch of its file could match instead of normalising the whole register.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.db import models

from creativeports.common.text import fold

_NOT_WORD = re.compile(r"[\W_]+")


def normalise_name(name: str) -> str:
    """The name for duplicate detection: no case, diacritics, punctuation or spaces."""
    return _NOT_WORD.sub("", fold(name))


def website_domain(url: str) -> str:
    """The host of a web address without "www.", for duplicate detection ("" when there is none)."""
    if not url:
        return ""
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


class DerivedKeyField(models.CharField):  # type: ignore[type-arg]  # a str column, like CharField[str, str]
    """A CharField computed from another field of the same row each time the row is written.

    `pre_save` runs on `save()` and on `bulk_create`, so the key cannot drift from its source; code
    that writes rows with its own SQL (the import's multi-row INSERT, the benchmark's COPY) calls
    `value_from` with the row's values. Migrations see a plain indexed CharField.
    """

    def __init__(self, *args: Any, source: str = "", derive: Callable[[str], str] | None = None, **kwargs: Any) -> None:
        self.source = source
        self.derive = derive
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def value_from(self, values: dict[str, Any]) -> str:
        assert self.derive is not None  # noqa: S101  # set on every model field; migrations never call it
        return self.derive(values.get(self.source) or "")[: self.max_length]

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.value_from({self.source: getattr(model_instance, self.source)})
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
