"""Mapping one import row onto the profile form, and validating it with the form's own rules.

Every rule a profile page enforces (lengths, email and web address, phone, founding year,
coordinates, codes that must exist, SDG numbers) comes from `OrganisationForm` and the model,
so a rule lives in one place. The import only adds what is specific to files: column names,
semicolon-separated lists and domain labels. To validate thousands of rows a second the form
here looks codes up in memory (loaded once per import) instead of querying for each row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model, QuerySet

from creativeports.common.enums import Visibility
from creativeports.directory.forms import OrganisationForm, SdgMultipleChoiceField, content_language_choices
from creativeports.directory.imports.readers import ROW_PROBLEM
from creativeports.directory.models import Organisation
from creativeports.taxonomy.models import CciDomain, Country, Language, NaceCode, OrganisationType, Sdg

# File column -> form field. The issue names these columns; docs/import.md documents them.
COLUMNS: dict[str, str] = {
    "name": "name",
    "type": "type",
    "country": "country",
    "region": "region",
    "city": "city",
    "lat": "latitude",
    "lon": "longitude",
    "website": "website",
    "email": "email",
    "email_visibility": "email_visibility",
    "phone": "phone",
    "phone_visibility": "phone_visibility",
    "contact_name": "contact_name",
    "domains": "domains",
    "nace": "nace_codes",
    "languages": "languages",
    "description": "description",
    "offers": "offers",
    "needs": "needs",
    "sdgs": "sdgs",
    "founded": "founded",
    "size": "size",
}
FIELD_COLUMNS = {form_field: column for column, form_field in COLUMNS.items()}
REQUIRED_COLUMNS = ("name", "type", "country")
LIST_COLUMNS = ("domains", "nace", "languages", "sdgs")
M2M_FIELDS = ("domains", "nace_codes", "languages", "sdgs")

# Values for the form fields a file does not carry: the model's defaults, and the default
# of a private email address.
DEFAULTS: dict[str, Any] = {
    "email_visibility": Visibility.PRIVATE,
    "phone_visibility": Visibility.PRIVATE,
    "contact_name_visibility": Visibility.MEMBERS,
    "profile_visibility": Visibility.PUBLIC,
}

_LIST_SEPARATOR = re.compile(r"[;,]")
_NOT_WORD = re.compile(r"[\W_]+")
# Letters Unicode does not decompose into a base letter and a combining mark.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "ı": "i"})


def normalise_name(name: str) -> str:
    """The name for duplicate detection: no case, diacritics, punctuation or spaces."""
    folded = unicodedata.normalize("NFKD", name.casefold().translate(_FOLD))
    return _NOT_WORD.sub("", "".join(ch for ch in folded if not unicodedata.combining(ch)))


def website_domain(url: str) -> str:
    """The host of a web address without "www.", for duplicate detection ("" when there is none)."""
    if not url:
        return ""
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


@dataclass
class ReferenceData:
    """The codes a row may use, loaded once per import."""

    types: dict[str, Any] = field(default_factory=dict)
    countries: dict[str, Any] = field(default_factory=dict)
    domains: dict[str, Any] = field(default_factory=dict)
    domain_aliases: dict[str, str] = field(default_factory=dict)
    nace_codes: dict[str, Any] = field(default_factory=dict)
    languages: dict[str, Any] = field(default_factory=dict)
    sdgs: dict[str, Any] = field(default_factory=dict)
    content_languages: list[tuple[str, str]] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)
    form: ImportOrganisationForm = field(init=False)

    @classmethod
    def load(cls, columns: set[str] | None = None) -> ReferenceData:
        data = cls(
            columns=set(columns or COLUMNS),
            types={o.code: o for o in OrganisationType.objects.all()},
            countries={o.code: o for o in Country.objects.all()},
            domains={o.code: o for o in CciDomain.objects.all()},
            nace_codes={o.code: o for o in NaceCode.objects.all()},
            languages={o.code: o for o in Language.objects.all()},
            sdgs={str(o.number): o for o in Sdg.objects.all()},
            content_languages=content_language_choices(),
        )
        # A domain may be given by its code or by its name in any language we hold
        # ("Audiovisual and Multimedia", "audiovisual"), without regard to case.
        for code, domain in data.domains.items():
            for label in (domain.names or {}).values():
                data.domain_aliases.setdefault(str(label).casefold(), code)
        for code in data.domains:
            data.domain_aliases[code.casefold()] = code
        data.form = ImportOrganisationForm(data={}, reference=data, columns=data.columns)
        return data

    def lookup(self, form_field: str) -> dict[str, Any]:
        return {
            "type": self.types,
            "country": self.countries,
            "domains": self.domains,
            "nace_codes": self.nace_codes,
            "languages": self.languages,
            "sdgs": self.sdgs,
        }[form_field]


class _LookupChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # django-stubs generic
    """A model choice resolved from the preloaded reference data instead of a query."""

    lookup: dict[str, Any]

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        try:
            return self.lookup[str(value)]
        except KeyError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None


class _LookupMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]  # as above
    lookup: dict[str, Any]

    def _check_values(self, value: Any) -> Any:
        chosen = []
        for item in value:
            try:
                chosen.append(self.lookup[str(item)])
            except KeyError:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                ) from None
        return chosen


class _LookupSdgField(SdgMultipleChoiceField, _LookupMultipleChoiceField):
    """The profile form's SDG rule first, then the in-memory lookup."""


_FIELD_CLASSES: dict[str, type[forms.Field]] = {
    "type": _LookupChoiceField,
    "country": _LookupChoiceField,
    "domains": _LookupMultipleChoiceField,
    "nace_codes": _LookupMultipleChoiceField,
    "languages": _LookupMultipleChoiceField,
    "sdgs": _LookupSdgField,
}


class ImportOrganisationForm(OrganisationForm):
    """The profile form with codes looked up in memory. Every other rule is the profile form's."""

    class Meta(OrganisationForm.Meta):
        field_classes = _FIELD_CLASSES  # type: ignore[assignment]  # the base Meta infers a narrower type

    def __init__(self, *args: Any, reference: ReferenceData, columns: set[str] | None = None, **kwargs: Any) -> None:
        # Skips OrganisationForm.__init__, which queries the content languages for every form;
        # what it sets up is repeated here from the preloaded reference data.
        forms.ModelForm.__init__(self, *args, **kwargs)
        for name in ("description_lang", "offers_lang", "needs_lang"):
            self.fields[name] = forms.ChoiceField(choices=reference.content_languages, required=False)
        for name in ("type", "country", *M2M_FIELDS):
            self.fields[name].lookup = reference.lookup(name)  # type: ignore[attr-defined]  # our field classes
        # Only the columns the file has are validated and imported; the rest keep their defaults
        # (or, on update, their current values).
        wanted = {COLUMNS[c] for c in columns or COLUMNS if c in COLUMNS}
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]

    def rebind(self, data: dict[str, Any]) -> None:
        """Validate another row with this form. Building a form copies its thirty fields deeply,
        which alone costs more than validating; the fields hold no per-row state, so one form
        serves the whole import."""
        self.data = data
        self.is_bound = True
        self._errors = None
        self.instance = Organisation()
        # The bound fields are kept: they read the form's current data each time.

    def _get_validation_exclusions(self) -> set[str]:
        # The form fields have checked that the type and country exist; the model would check again
        # with one query each.
        exclusions: set[str] = super()._get_validation_exclusions()  # type: ignore[misc]  # private in stubs
        return exclusions | {"type", "country"}

    def validate_unique(self) -> None:
        """Nothing to do: the form has no unique field, and duplicates are the import's own check."""

    def validate_constraints(self) -> None:
        """Nothing to do: the coordinate constraints repeat the field validators, in a query each."""


@dataclass
class Problem:
    row: int | None
    column: str
    message: str
    level: str = "error"  # or "warning"


@dataclass
class ValidRow:
    """A row that passed validation: the service fields (codes, not objects) of its columns."""

    row: int
    fields: dict[str, Any]
    name_key: str
    domain_key: str


def _split(value: str) -> list[str]:
    return [part.strip() for part in _LIST_SEPARATOR.split(value) if part.strip()]


def form_data(raw: Mapping[str, str], reference: ReferenceData) -> dict[str, Any]:
    """The form's input for one row: columns renamed, lists split, codes in their canonical case."""
    data: dict[str, Any] = dict(DEFAULTS)
    for column, form_field in COLUMNS.items():
        if column not in raw:
            continue
        value = raw[column]
        if column in LIST_COLUMNS:
            items = _split(value)
            if column == "domains":
                items = [reference.domain_aliases.get(item.casefold(), item) for item in items]
            elif column == "languages":
                items = [item.lower() for item in items]
            data[form_field] = items
        elif column == "type" or column == "size" or column.endswith("_visibility"):
            data[form_field] = value.lower() or DEFAULTS.get(form_field, "")
        elif column == "country":
            data[form_field] = value.upper()
        else:
            data[form_field] = value
    return data


def _plain(value: Any) -> Any:
    """A cleaned value as it is stored: objects by their key, several objects as sorted keys."""
    if isinstance(value, QuerySet):  # an empty multiple choice
        return []
    if isinstance(value, list | tuple):
        return sorted(str(v.pk) for v in value)
    if isinstance(value, Model):
        return value.pk
    return value


def row_validate(
    number: int, raw: Mapping[str, str], columns: set[str], reference: ReferenceData
) -> ValidRow | list[Problem]:
    """Validate one row with the profile form. Returns the row's fields, or its problems."""
    if ROW_PROBLEM in raw:
        return [Problem(number, "", raw[ROW_PROBLEM])]
    form = reference.form
    form.rebind(form_data(raw, reference))
    if not form.is_valid():
        problems = []
        for form_field, errors in form.errors.as_data().items():
            column = "lat" if form_field == NON_FIELD_ERRORS else FIELD_COLUMNS.get(form_field, form_field)
            for error in errors:
                for message in error.messages:
                    problems.append(Problem(number, column, message))
        return problems
    cleaned = form.cleaned_data
    fields = {COLUMNS[c]: _plain(cleaned[COLUMNS[c]]) for c in columns if c in COLUMNS}
    return ValidRow(
        row=number,
        fields=fields,
        name_key=normalise_name(cleaned["name"]),
        domain_key=website_domain(cleaned.get("website") or ""),
    )
