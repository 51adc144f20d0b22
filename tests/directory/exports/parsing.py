"""Read export files back with the standard parsers (csv, openpyxl, json), as a downloader would."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from openpyxl import load_workbook


def body_of(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def table_of(fmt: str, content: bytes) -> list[list[Any]]:
    """A spreadsheet export as rows of cells, the header first."""
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    return rows


def records_of(fmt: str, content: bytes) -> list[dict[str, Any]]:
    """Any export as one dictionary per organisation: spreadsheet columns, API objects or JSON-LD nodes."""
    if fmt in {"csv", "xlsx"}:
        header, *rows = table_of(fmt, content)
        # An empty XLSX cell reads back as None; CSV has only text: both become "" for comparisons.
        return [{k: ("" if v is None else v) for k, v in zip(header, row, strict=True)} for row in rows]
    data = json.loads(content.decode("utf-8"))
    return data["@graph"] if fmt == "jsonld" else data


def email_of(fmt: str, record: dict[str, Any]) -> str | None:
    """The email address an export shows for one organisation ("" when it shows none)."""
    if fmt == "json":
        return record["contact"].get("email", "")
    return record.get("email", "")
