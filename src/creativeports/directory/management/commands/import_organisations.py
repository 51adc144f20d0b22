"""`creativeports import_organisations FILE`: validate a file of organisations and import it."""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from creativeports.directory.imports.readers import FORMATS, guess_format
from creativeports.directory.imports.services import ImportReport, organisation_import, rate
from creativeports.directory.models import Organisation
from creativeports.taxonomy.models import OrganisationType


class Command(BaseCommand):
    help = (
        "Import organisations from a CSV, XLSX or JSON file (see docs/import.md). The whole file is "
        "validated first; with any error nothing is written and the command exits with code 1."
    )
    # A data command: the project's system checks (URLs, templates, settings) say nothing about the
    # file and cost a third of a second of every import; `manage.py check` and the server run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The file to import.")
        parser.add_argument("--format", choices=FORMATS, help="The file's format (default: from its extension).")
        parser.add_argument("--dry-run", action="store_true", help="Validate and count, but write nothing.")
        parser.add_argument(
            "--update", action="store_true", help="Update organisations already in the directory instead of refusing."
        )
        parser.add_argument("--report", metavar="FILE", help="Also write the problems to this CSV file.")
        parser.add_argument("--user", metavar="EMAIL", help="Record the import as done by this account.")
        parser.add_argument(
            "--intermediary",
            metavar="SLUG",
            help="Import as this intermediary's members: new organisations are linked to it, and only "
            "its members may be updated (others are left out with a warning).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(email__iexact=options["user"]).first()
            if actor is None:
                raise CommandError(_("No account with the email address %(email)s.") % {"email": options["user"]})
        intermediary = None
        if options["intermediary"]:
            intermediary = Organisation.objects.select_related("type").filter(slug=options["intermediary"]).first()
            if intermediary is None or intermediary.type.category != OrganisationType.Category.INTERMEDIARY:
                raise CommandError(
                    _("No intermediary organisation with the address name %(slug)s.")
                    % {"slug": options["intermediary"]}
                )
        started = time.perf_counter()
        with path.open("rb") as file:
            report = organisation_import(
                actor=actor,
                file=file,
                fmt=options["format"] or guess_format(path.name),
                source_name=path.name,
                dry_run=options["dry_run"],
                update=options["update"],
                progress=self._progress(started),
                intermediary=intermediary,
            )
        self.stderr.write("")
        self._print(report, rows_per_second=rate(report.rows, started))
        if options["report"]:
            self._write_report(report, Path(options["report"]))
        if not report.ok:
            count = len(report.errors)
            message = ngettext(
                "%(count)d problem found; nothing was imported.",
                "%(count)d problems found; nothing was imported.",
                count,
            )
            raise CommandError(message % {"count": count}, returncode=1)

    def _progress(self, started: float) -> Any:
        def show(stage: str, done: int, total: int | None) -> None:
            # A one-line progress bar on stderr, redrawn in place.
            if total:
                filled = int(30 * done / total)
                bar = f"[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}"
            else:
                bar = f"{done} rows"
            label = "Validating" if stage == "validate" else "Writing"
            self.stderr.write(f"\r{label}: {bar} ({rate(done, started):.0f} rows/s)", ending="")
            self.stderr.flush()

        return show

    def _print(self, report: ImportReport, *, rows_per_second: float) -> None:
        # The report's lines keep a fixed English shape ("ERROR: row 3, column lat: ..."), so they can
        # be searched and compared; the messages themselves are translated.
        for problem in report.problems:
            where = f"{report.row_label} {problem.row}" if problem.row else "file"
            column = f", column {problem.column}" if problem.column else ""
            self.stdout.write(f"{problem.level.upper()}: {where}{column}: {problem.message}")
        if not report.ok:
            return
        counts = {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "skipped": report.skipped,
            "rows": report.rows,
            "rate": round(rows_per_second),
        }
        if report.dry_run:
            summary = _("Would create %(created)d, would update %(updated)d, unchanged %(unchanged)d")
        else:
            summary = _("Created %(created)d, updated %(updated)d, unchanged %(unchanged)d")
        if report.skipped:
            summary += ", " + _("left out %(skipped)d")
        summary += " " + _("(%(rows)d rows, %(rate)d rows/s).")
        if report.created and not report.dry_run:
            summary += " " + _(
                "Text languages and map positions of the new organisations are added by the background worker."
            )
        self.stdout.write(self.style.SUCCESS(summary % counts))

    def _write_report(self, report: ImportReport, path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["row", "column", "level", "message"])
            for problem in report.problems:
                writer.writerow([problem.row or "", problem.column, problem.level, problem.message])
