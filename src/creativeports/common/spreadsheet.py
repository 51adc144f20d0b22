"""Tables people download (CSV, XLSX): cells a spreadsheet would run as formulas are neutralised.

One rule for every export of the platform (the directory's, the events' participant lists and
dashboards), so a name like "=HYPERLINK(…)" is text wherever it ends up.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

# Leading characters that make spreadsheet applications evaluate a cell (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot carry (so XLSX cannot either); tab, newline and carriage return stay.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading quote; other values pass.

    Control characters go first (XLSX cannot hold them), so none can hide a formula behind it."""
    if not isinstance(value, str):
        return value
    value = _XML_ILLEGAL.sub("", value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def table_download(*, header: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, filename: str) -> HttpResponse:
    """A whole table as a CSV or XLSX attachment (`filename` without extension)."""
    cleaned = ([neutralise_cell(cell) for cell in row] for row in rows)
    if fmt == "xlsx":
        from openpyxl import Workbook  # imported here: only XLSX downloads need it

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(filename[:31])
        sheet.append([neutralise_cell(h) for h in header])
        for row in cleaned:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow([neutralise_cell(h) for h in header])
    writer.writerows(cleaned)
    return response
