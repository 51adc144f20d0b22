"""Reading import files lazily: each reader yields (row number, {column: text}) pairs.

Row numbers are what a person sees in their spreadsheet: the header is row 1, so the first data
row is row 2 (for JSON, the first object is item 1). Problems with the file as a whole (bad
encoding, not a spreadsheet, no header) raise ImportFileError with a plain message.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

FORMATS = ("csv", "xlsx", "json")

# A row that cannot be read at all carries its problem under this key (never a real column name).
ROW_PROBLEM = "\x00problem"

# Spreadsheets exported by hand may carry cells of any size; the longest field we store is 5,000
# characters, so anything beyond this is rejected by validation anyway.
csv.field_size_limit(1_000_000)


class ImportFileError(Exception):
    """The file cannot be read as a whole (not a per-row problem)."""


@dataclass
class ImportSource:
    """An opened import file: its header (normalised column names) and a lazy iterator of rows."""

    columns: list[str]
    rows: Iterator[tuple[int, dict[str, str]]]
    row_label: str  # "row" or "item", for the report


def guess_format(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else "csv"


def _column(name: Any) -> str:
    return str(name if name is not None else "").strip().lstrip("\ufeff").strip().lower()


def _text(value: Any) -> str:
    """A cell as text. Formula-looking cells ("=SUM(A1)") are data like any other: stored as given."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ";".join(_text(v) for v in value)
    return str(value).strip()


def _check_header(columns: list[str]) -> list[str]:
    if not any(columns):
        raise ImportFileError(_("The file has no header row with column names."))
    return columns


def _read_csv(binary: IO[bytes]) -> ImportSource:
    head = binary.read(64 * 1024)
    if not head.strip():
        raise ImportFileError(_("The file is empty."))
    if b"\x00" in head:
        raise ImportFileError(_("This is not a text file. Save it as CSV in UTF-8, or choose another format."))
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("The file is not UTF-8 text (problem at byte %(pos)d). Save it as CSV in UTF-8.") % {"pos": exc.start}
        ) from exc
    binary.seek(0)
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    first_line = head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()[0]
    # The header decides the separator: Excel in many European locales writes semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The file is not UTF-8 text. Save it as CSV in UTF-8.")) from exc
    columns = _check_header([_column(c) for c in header])

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            # Records, not lines, are counted: a quoted cell may span lines, and a spreadsheet
            # shows each record as one row.
            for number, values in enumerate(reader, start=2):
                if not any(v.strip() for v in values):
                    continue
                yield number, {c: v.strip() for c, v in zip(columns, values, strict=False) if c}
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("The file is not UTF-8 text (near line %(line)d). Save it as CSV in UTF-8.")
                % {"line": reader.line_num + 1}
            ) from exc
        except csv.Error as exc:
            raise ImportFileError(
                _("The CSV file is malformed near line %(line)d: %(error)s") % {"line": reader.line_num, "error": exc}
            ) from exc

    return ImportSource(columns=columns, rows=rows(), row_label="row")


def _read_xlsx(binary: IO[bytes]) -> ImportSource:
    from openpyxl import load_workbook  # imported here: only XLSX imports pay for it

    try:
        # read_only streams the sheet row by row instead of loading it whole.
        workbook = load_workbook(binary, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(_("This is not an XLSX spreadsheet.")) from exc
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        raise ImportFileError(_("The file is empty."))
    values = sheet.iter_rows(values_only=True)
    try:
        header = next(values)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    columns = [_column(c) for c in header]
    while columns and not columns[-1]:
        columns.pop()
    columns = _check_header(columns)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for number, row in enumerate(values, start=2):
            cells = [_text(v) for v in row]
            if not any(cells):
                continue
            yield number, {c: v for c, v in zip(columns, cells, strict=False) if c}
        workbook.close()

    return ImportSource(columns=columns, rows=rows(), row_label="row")


def _read_json(binary: IO[bytes]) -> ImportSource:
    raw = binary.read()
    if not raw.strip():
        raise ImportFileError(_("The file is empty."))
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The file is not UTF-8 text.")) from exc
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            _("The file is not valid JSON (line %(line)d, column %(col)d).") % {"line": exc.lineno, "col": exc.colno}
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise ImportFileError(_('The JSON file must hold a list of objects, or an object with a list in "items".'))
    columns: list[str] = []
    for item in data:
        if isinstance(item, dict):
            columns.extend(c for c in (_column(k) for k in item) if c not in columns)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for number, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                yield number, {ROW_PROBLEM: _("This item is not an object.")}
                continue
            yield number, {_column(k): _text(v) for k, v in item.items()}

    return ImportSource(columns=columns, rows=rows(), row_label="item")


def open_source(binary: IO[bytes], fmt: str) -> ImportSource:
    """Open a binary file in the given format. Raises ImportFileError for unreadable files."""
    if fmt == "csv":
        return _read_csv(binary)
    if fmt == "xlsx":
        return _read_xlsx(binary)
    if fmt == "json":
        return _read_json(binary)
    raise ImportFileError(_("Unknown format “%(format)s”: use csv, xlsx or json.") % {"format": fmt})
