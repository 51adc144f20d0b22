"""`creativeports export_organisations`: the whole register as open data, or as the secretariat's backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from creativeports.directory.exports.formats import FORMATS, TEXT_WRITERS, xlsx_write
from creativeports.directory.exports.selectors import organisation_export_items


class _Archivist:
    """The reader of a backup: sees every profile and every field, like the secretariat.

    Not a database user, so a backup does not depend on (or show up as) anyone's account. The permission
    rules ask `is_secretariat` before looking up memberships, so no membership query is made for it."""

    is_authenticated = True
    is_active = True
    is_superuser = False
    is_secretariat = True
    pk = None


class Command(BaseCommand):
    help = (
        "Export the whole register of organisations as CSV, XLSX, JSON or JSON-LD (schema.org). "
        "By default only what an anonymous visitor may see: public profiles and public fields. "
        "--include-private exports every profile and every field, for the secretariat's backups: "
        "keep such files as confidential as the database."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv", help="The file format (default csv).")
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")
        parser.add_argument(
            "--include-private",
            action="store_true",
            help="Every profile and field, hidden ones included (secretariat backups only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt: str = options["format"]
        reader: Any = _Archivist() if options["include_private"] else AnonymousUser()
        items = organisation_export_items(user=reader)
        output: str | None = options["output"]
        if fmt == "xlsx":
            self._write_xlsx(items, output)
        elif output:
            # newline="" keeps the CSV module's own line endings (\r\n) as they are.
            with Path(output).open("w", encoding="utf-8", newline="") as target:
                for chunk in TEXT_WRITERS[fmt](items):
                    target.write(chunk)
        else:
            for chunk in TEXT_WRITERS[fmt](items):
                self.stdout.write(chunk, ending="")

    def _write_xlsx(self, items: Any, output: str | None) -> None:
        if output:
            with Path(output).open("wb") as target:
                xlsx_write(items, target)
            return
        # A workbook is binary: standard output must be a real byte stream (a pipe or a redirect).
        stream = getattr(self.stdout, "buffer", None)
        if stream is None or self.stdout.isatty():
            raise CommandError("XLSX is binary: give --output FILE or redirect standard output to a file.")
        xlsx_write(items, stream)
        stream.flush()
