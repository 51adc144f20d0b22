"""Export formats: CSV, XLSX, JSON and JSON-LD (schema.org Organization), built from `organisation_as_dict`.

Every writer takes the dictionaries the serializer produced for one reader, so what a reader may not
see never reaches a file: the privacy rules live in `directory.serializers` and `directory.permissions`
only. Writers stream: they take an iterator and yield (or write) piece by piece with bounded memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder

from creativeports.common.spreadsheet import neutralise_cell

# Format name → (content type, file extension).
FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
    "jsonld": ("application/ld+json", "jsonld"),
}

# The spreadsheet columns. Names follow the import format (docs/import.md) where both have the field,
# so an exported file can be imported again. List values are joined with ";" like the import expects.
COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "url",
    "type",
    "country",
    "region",
    "city",
    "lat",
    "lon",
    "website",
    "email",
    "phone",
    "contact_name",
    "domains",
    "nace",
    "languages",
    "description",
    "description_lang",
    "offers",
    "offers_lang",
    "needs",
    "needs_lang",
    "sdgs",
    "founded",
    "size",
    "target_markets",
    "international_experience",
    "social_links",
    "logo_url",
    "is_verified",
    "is_demo",
    "updated",
)

# Where a column's value sits in `organisation_as_dict` when the names differ.
_SOURCE_KEYS = {"lat": "latitude", "lon": "longitude", "nace": "nace_codes"}
_CONTACT_COLUMNS = frozenset({"email", "phone", "contact_name"})


# Employees per size band, as schema.org QuantitativeValue bounds (no upper bound for the largest).
SIZE_EMPLOYEES: dict[str, tuple[int, int | None]] = {
    "solo": (1, 1),
    "micro": (2, 9),
    "small": (10, 49),
    "medium": (50, 249),
    "large": (250, None),
}


def organisation_row(data: dict[str, Any]) -> list[Any]:
    """One spreadsheet row (in `COLUMNS` order) from `organisation_as_dict`; hidden contacts stay empty."""
    contact = data.get("contact", {})
    row: list[Any] = []
    for column in COLUMNS:
        value = contact.get(column, "") if column in _CONTACT_COLUMNS else data.get(_SOURCE_KEYS.get(column, column))
        if isinstance(value, list):
            value = ";".join(str(item) for item in value)
        elif value is None:
            value = ""
        row.append(neutralise_cell(value))
    return row


def organisation_jsonld(data: dict[str, Any]) -> dict[str, Any]:
    """A schema.org Organization (without `@context`) from `organisation_as_dict`; empty values left out."""
    node: dict[str, Any] = {"@type": "Organization", "@id": data["url"], "name": data["name"], "url": data["url"]}
    if data.get("description"):
        node["description"] = data["description"]
    address = {
        "@type": "PostalAddress",
        "addressLocality": data.get("city"),
        "addressRegion": data.get("region"),
        "addressCountry": data.get("country"),
    }
    node["address"] = {key: value for key, value in address.items() if value}
    if data.get("latitude") is not None and data.get("longitude") is not None:
        node["geo"] = {"@type": "GeoCoordinates", "latitude": data["latitude"], "longitude": data["longitude"]}
    if data.get("founded"):
        node["foundingDate"] = str(data["founded"])
    if data.get("size") in SIZE_EMPLOYEES:
        low, high = SIZE_EMPLOYEES[data["size"]]
        employees: dict[str, Any] = {"@type": "QuantitativeValue", "minValue": low}
        if high is not None:
            employees["maxValue"] = high
        node["numberOfEmployees"] = employees
    if data.get("languages"):
        node["knowsLanguage"] = list(data["languages"])
    if data.get("target_markets"):
        node["areaServed"] = [{"@type": "Country", "identifier": code} for code in data["target_markets"]]
    same_as = [url for url in [data.get("website"), *data.get("social_links", [])] if url]
    if same_as:
        node["sameAs"] = same_as
    if data.get("logo_url"):
        node["logo"] = data["logo_url"]
    contact = data.get("contact", {})
    if contact.get("email"):
        node["email"] = contact["email"]
    if contact.get("phone"):
        node["telephone"] = contact["phone"]
    if data.get("domains"):
        node["keywords"] = list(data["domains"])
    return node


class _Echo:
    """A file-like object whose `write` returns the text, so `csv.writer` can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV text, a header then one line per organisation. Starts with a BOM so Excel reads UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)
    for data in items:
        yield writer.writerow(organisation_row(data))


def json_chunks(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array of `organisation_as_dict` objects (the API's organisation shape)."""
    yield "["
    for index, data in enumerate(items):
        yield ("," if index else "") + json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield "]\n"


def jsonld_chunks(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON-LD document: the schema.org context and the organisations as `@graph`."""
    yield '{"@context":"https://schema.org","@graph":['
    for index, data in enumerate(items):
        yield ("," if index else "") + json.dumps(organisation_jsonld(data), ensure_ascii=False)
    yield "]}\n"


TEXT_WRITERS = {"csv": csv_chunks, "json": json_chunks, "jsonld": jsonld_chunks}


def xlsx_write(items: Iterable[dict[str, Any]], target: IO[bytes]) -> None:
    """An XLSX workbook into a binary file. openpyxl's write-only mode keeps rows out of memory."""
    from openpyxl import Workbook  # imported here: only XLSX exports need it

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("organisations")
    sheet.append(list(COLUMNS))
    for data in items:
        sheet.append(organisation_row(data))
    workbook.save(target)
