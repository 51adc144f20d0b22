"""`creativeports rebuild_match_index`: embed every changed profile text now, then recompute every
organisation's stored match list, with progress bars."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from creativeports.matching.embedder import embedder_current
from creativeports.matching.index import match_index_current
from creativeports.matching.services.match_lists import match_lists_refresh
from creativeports.matching.services.vectors import profile_vectors_refresh


class Command(BaseCommand):
    help = (
        "Embed the needs and profile texts of every organisation whose text or embedder changed since "
        "it was last embedded (all of them with --all), recompute every organisation's stored match "
        "list, and report the index's size."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Forget stored vectors and embed everything again.")
        parser.add_argument(
            "--if-available",
            action="store_true",
            help="Without an embedder, say so and succeed (for setup scripts) instead of failing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        embedder = embedder_current()
        if embedder is None and options["if_available"]:
            self.stdout.write("No embedder available: matching will use lexical and structured evidence only.")
            return
        if embedder is None:
            raise CommandError(
                "No embedder is available (CREATIVEPORTS_EMBEDDER is 'none', or the package failed to load); "
                "matching uses lexical and structured evidence only."
            )
        if options["all"]:
            from creativeports.matching.models import ProfileVector

            ProfileVector.objects.all().delete()
        started = time.monotonic()
        done = profile_vectors_refresh(progress=_bar("Embedding", "texts"))
        seconds = time.monotonic() - started
        index = match_index_current()
        size = index.nbytes / 2**20 if index is not None else 0.0
        self.stdout.write(
            f"Embedded {done} texts in {seconds:.1f} s with {embedder.name}; the index holds "
            f"{len(index.needs) if index else 0} needs and {len(index.profiles) if index else 0} profiles "
            f"({size:.1f} MB)."
        )
        started = time.monotonic()
        lists = match_lists_refresh(progress=_bar("Match lists", "organisations"))
        self.stdout.write(f"Stored the match lists of {lists} organisations in {time.monotonic() - started:.1f} s.")


def _bar(label: str, unit: str) -> Callable[[int, int], None]:
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(1, total)
        rate = done / max(1e-9, time.monotonic() - started)
        end = "\n" if done >= total else ""
        sys.stderr.write(
            f"\r{label}: [{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:.1f} {unit}/s){end}"
        )
        sys.stderr.flush()

    return progress
