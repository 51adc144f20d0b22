"""Helpers for the import tests: write real files into tmp_path and run the real command."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

HEADER = [
    "name",
    "type",
    "country",
    "city",
    "lat",
    "lon",
    "website",
    "email",
    "phone",
    "domains",
    "nace",
    "languages",
    "description",
    "offers",
    "needs",
    "sdgs",
    "founded",
    "size",
    "email_visibility",
]


def good_row(n: int = 1, **overrides: str) -> dict[str, str]:
    row = {
        "name": f"Amber Studio {n}",
        "type": "company",
        "country": "PL",
        "city": "Gdańsk",
        "lat": "54.35",
        "lon": "18.65",
        "website": f"https://amber{n}.example.org",
        "email": f"hello@amber{n}.example.org",
        "phone": "+48 58 123 4567",
        "domains": "Audiovisual and Multimedia; design",
        "nace": "",
        "languages": "pl;EN",
        "description": "We design exhibitions and digital installations for museums around the Baltic Sea.",
        "offers": "",
        "needs": "",
        "sdgs": "4;11",
        "founded": "2015",
        "size": "micro",
        "email_visibility": "",
    }
    row.update(overrides)
    return row


def write_csv(
    path: Path, rows: list[dict[str, str]], *, header: list[str] | None = None, delimiter: str = ",", bom: bool = False
) -> Path:
    header = header or HEADER
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))
    return path


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@dataclass
class ImportRun:
    returncode: int
    stdout: str
    stderr: str
    problems: list[tuple[str, str, str]]  # (row, column, level) from the --report file
    messages: list[str]


@pytest.fixture
def run_import(tmp_path: Path) -> Any:
    def run(path: Path, *args: str) -> ImportRun:
        report = tmp_path / "report.csv"
        out, err = io.StringIO(), io.StringIO()
        returncode = 0
        try:
            call_command("import_organisations", str(path), "--report", str(report), *args, stdout=out, stderr=err)
        except CommandError as exc:
            returncode = exc.returncode
            err.write(str(exc))
        problems, messages = [], []
        if report.exists():
            with report.open(encoding="utf-8", newline="") as fh:
                for line in csv.DictReader(fh):
                    problems.append((line["row"], line["column"], line["level"]))
                    messages.append(line["message"])
            report.unlink()
        return ImportRun(returncode, out.getvalue(), err.getvalue(), problems, messages)

    return run
