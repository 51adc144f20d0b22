"""One import row: columns mapped onto the profile's fields and validated with the profile's rules.

Every rule a profile page enforces comes from the same place: the model fields (lengths, email and
web address, phone, founding year, coordinate ranges, choices) and the profile form's shared checks
(`validate_coordinates_pair`, `sdg_number_valid`, the form's web-address scheme). The import only
adds what is specific to files: column names, semicolon-separated lists and domain labels.

It does not run the profile form itself: building and cleaning a Django form costs about half a
millisecond a row, a quarter of the whole time budget of an import of 2,000 rows a second. Each
column instead gets one cleaning function, set up once per import, that calls the model field's own
`clean` (the same validators the form's model validation runs) and looks codes up in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db.models import CharField, Field, TextField
from django.utils.translation import gettext as _

from creativeports.common.enums import Visibility
from creativeports.directory.forms import sdg_number_valid, validate_coordinates_pair
from creativeports.directory.identity import DerivedKeyField
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

# The register's duplicate keys, derived here from a row exactly as they are stored.
_NAME_KEY = Organisation._meta.get_field("name_key")
_WEBSITE_KEY = Organisation._meta.get_field("website_key")
assert isinstance(_NAME_KEY, DerivedKeyField)  # noqa: S101
assert isinstance(_WEBSITE_KEY, DerivedKeyField)  # noqa: S101

_LIST_SEPARATOR = re.compile(r"[;,]")


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
    columns: set[str] = field(default_factory=set)
    cleaners: list[tuple[str, str, Callable[[Any], Any]]] = field(default_factory=list)

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
        )
        # A domain may be given by its code or by its name in any language we hold
        # ("Audiovisual and Multimedia", "audiovisual"), without regard to case.
        for code, domain in data.domains.items():
            for label in (domain.names or {}).values():
                data.domain_aliases.setdefault(str(label).casefold(), code)
        for code in data.domains:
            data.domain_aliases[code.casefold()] = code
        # Only the columns the file has are validated and imported; the rest keep their defaults
        # (or, on update, their current values).
        data.cleaners = [
            (column, COLUMNS[column], _cleaner(COLUMNS[column], data)) for column in COLUMNS if column in data.columns
        ]
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


def _invalid_choice(value: Any) -> ValidationError:
    return ValidationError(
        _("Select a valid choice. %(value)s is not one of the available choices."),
        code="invalid_choice",
        params={"value": value},
    )


def _cleaner(name: str, reference: ReferenceData) -> Callable[[Any], Any]:
    """The cleaning function of one profile field: the stored value, or ValidationError."""
    if name in ("type", "country"):
        codes = reference.lookup(name)

        def clean_code(value: str) -> str:
            if not value:
                raise ValidationError(_("This field is required."), code="required")
            if value not in codes:
                raise _invalid_choice(value)
            return value

        return clean_code
    if name in M2M_FIELDS:
        codes = reference.lookup(name)

        def clean_codes(values: list[str]) -> list[str]:
            for value in values:
                if name == "sdgs" and not sdg_number_valid(value):
                    raise _invalid_choice(value)
                if value not in codes:
                    raise _invalid_choice(value)
            return sorted(set(values))

        return clean_codes
    model_field = Organisation._meta.get_field(name)
    assert isinstance(model_field, Field)  # noqa: S101  # COLUMNS maps scalars to concrete fields
    empty = None if model_field.null else ""
    # A model TextField's max_length is enforced by its form field only: checked here the same way.
    text_limit = (
        MaxLengthValidator(model_field.max_length)
        if isinstance(model_field, TextField) and model_field.max_length
        else None
    )
    plain_text = (
        isinstance(model_field, CharField | TextField)
        and not model_field.choices
        and all(isinstance(v, MaxLengthValidator) for v in model_field.validators)
    )
    if plain_text:
        # Text with a length limit and nothing else (names, places, descriptions): the model's
        # checks are exactly the limit, done here directly; `clean` costs ten times as much a value.
        limit = MaxLengthValidator(model_field.max_length) if model_field.max_length else None

        def clean_text(value: str) -> str:
            value = value.strip()
            no_nul(value)
            if not value and not model_field.blank:
                raise ValidationError(_("This field is required."), code="required")
            if limit is not None and len(value) > limit.limit_value:
                limit(value)  # raises with the model's own message
            return value

        return clean_text

    plain = PLAIN_VALUES.get(name)

    def clean_value(value: str) -> Any:
        value = value.strip()
        no_nul(value)
        if not value:
            if not model_field.blank:
                raise ValidationError(_("This field is required."), code="required")
            return empty
        if name == "website" and "://" not in value:
            value = f"{WEBSITE_SCHEME}://{value}"  # as the profile form's web address field does
        if plain is not None and len(value) <= PLAIN_MAX_LENGTH and plain.fullmatch(value):
            return value
        if text_limit is not None:
            text_limit(value)
        return model_field.clean(value, None)

    return clean_value


# Web and email addresses of the commonest shape, taken as they are: Django's validators cost
# about 45 µs for a web address and 15 µs for an email address, a sixth of a row's validation.
# Each pattern accepts only what the model field's `clean` accepts too (plain ASCII host names,
# a letters-only top-level domain, a short length; tests/directory/imports/test_plain_values.py
# checks it on generated addresses); anything else goes through `clean` and its messages.
_LABELS = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
PLAIN_VALUES = {
    "website": re.compile(rf"https?://{_LABELS}(?:/[\w.~%/-]*)?", re.ASCII | re.IGNORECASE),
    "email": re.compile(rf"[\w%+-]+(?:\.[\w%+-]+)*@{_LABELS}", re.ASCII | re.IGNORECASE),
}
# No longer than a host name may be (253), below both fields' limits (300 and 254).
PLAIN_MAX_LENGTH = 253

# As the profile form's text fields: NUL cannot be stored in PostgreSQL text and is never meant.
no_nul = ProhibitNullCharactersValidator()

# The scheme the profile form's web address field assumes when none is given.
WEBSITE_SCHEME = "https"


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
    """A row's values by profile field: columns renamed, lists split, codes in their canonical case."""
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
            data[form_field] = value.strip().lower() or DEFAULTS.get(form_field, "")
        elif column == "country":
            data[form_field] = value.strip().upper()
        else:
            data[form_field] = value
    return data


def row_validate(
    number: int, raw: Mapping[str, str], columns: set[str], reference: ReferenceData
) -> ValidRow | list[Problem]:
    """Validate one row with the profile's rules. Returns the row's fields, or its problems."""
    if ROW_PROBLEM in raw:
        return [Problem(number, "", raw[ROW_PROBLEM])]
    data = form_data(raw, reference)
    fields: dict[str, Any] = {}
    problems: list[Problem] = []
    for column, name, clean in reference.cleaners:
        try:
            # A JSON item may leave out a key other items have: empty, as an empty cell would be.
            fields[name] = clean(data.get(name, [] if name in M2M_FIELDS else ""))
        except ValidationError as error:
            problems.extend(Problem(number, column, message) for message in error.messages)
    if "latitude" in fields and "longitude" in fields:
        try:
            validate_coordinates_pair(fields["latitude"], fields["longitude"])
        except ValidationError as error:
            problems.extend(Problem(number, "lat", message) for message in error.messages)
    if problems:
        return problems
    return ValidRow(
        row=number,
        fields=fields,
        name_key=_NAME_KEY.value_from(fields),
        domain_key=_WEBSITE_KEY.value_from(fields),
    )
