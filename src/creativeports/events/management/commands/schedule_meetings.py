"""`creativeports schedule_meetings INSTANCE.json --out SCHEDULE.json`: the B2B meeting scheduler
on a file (formats in docs/scheduling.md)."""

from __future__ import annotations

import argparse
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from creativeports.events.scheduling import InstanceError, instance_from_json, schedule_to_json, solve

# The exit code for input the command cannot use (a missing, unreadable or invalid instance).
BAD_INPUT = 2


def _time_limit(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise argparse.ArgumentTypeError(_("%(value)r is not a positive number of seconds") % {"value": value})
    return seconds


def _dumps(data: dict[str, Any]) -> str:
    """JSON with one meeting per line: readable and diffable, yet compact for thousands of them."""
    meetings = ",\n".join(f"  {json.dumps(m)}" for m in data["meetings"])
    rest = ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in data.items() if k != "meetings")
    return f'{{\n "meetings": [\n{meetings}\n ],\n{rest}\n}}\n' if meetings else json.dumps(data, indent=1) + "\n"


class Command(BaseCommand):
    help = (
        "Schedule B2B meetings: read an instance (participants, availability, requests with weights, "
        "tables, pinned meetings), write the best schedule found within the time limit, with its "
        "objective and a proven upper bound. Exits with code 2 when the instance cannot be used."
    )
    # A file-to-file algorithm: the project's system checks say nothing about it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instance", help="The instance, a JSON file.")
        parser.add_argument("--out", required=True, help="Where to write the schedule (JSON).")
        parser.add_argument(
            "--time-limit",
            type=_time_limit,
            default=30.0,
            metavar="SECONDS",
            help="Wall-clock seconds the solver may use (default 30).",
        )
        parser.add_argument("--seed", type=int, default=0, help="Seed of the search's random choices (default 0).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["instance"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(_("No such file: %(path)s") % {"path": path}, returncode=BAD_INPUT) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}, returncode=BAD_INPUT
            ) from None
        except json.JSONDecodeError as exc:
            raise CommandError(
                _("%(path)s is not valid JSON: %(error)s") % {"path": path, "error": exc}, returncode=BAD_INPUT
            ) from None
        try:
            instance = instance_from_json(data)
        except InstanceError as exc:
            raise CommandError(
                _("%(path)s is not a valid instance: %(error)s") % {"path": path, "error": exc}, returncode=BAD_INPUT
            ) from None

        schedule = solve(instance, time_limit=options["time_limit"], seed=options["seed"])
        self._write(Path(options["out"]), schedule_to_json(schedule))

        if schedule.bound is None:
            quality = _("no bound computed within the time limit")
        else:
            share = 100.0 if schedule.bound <= 0 else 100.0 * schedule.objective / schedule.bound
            quality = _("%(share).2f%% of the bound") % {"share": share}
        self.stdout.write(
            _("%(count)d meetings, objective %(objective)d, %(quality)s")
            % {"count": len(schedule.meetings), "objective": schedule.objective, "quality": quality}
        )

    def _write(self, out: Path, data: dict[str, Any]) -> None:
        """Write all or nothing: a temporary file in the same folder, renamed into place."""
        temporary: Path | None = None
        try:
            handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
            temporary = Path(name)
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(_dumps(data))
            temporary.chmod(0o644)  # mkstemp's 0600 would surprise whoever reads the schedule next
            temporary.replace(out)
        except OSError as exc:
            if temporary is not None:
                temporary.unlink(missing_ok=True)
            raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": out, "error": exc}) from None
