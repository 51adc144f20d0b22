"""The organisation import: validate a whole file first, then write it in one transaction.

Two passes keep memory small for large files. The first reads the rows lazily, validates each
with the profile's rules, detects duplicates within the file (in memory) and against the register
(a batch of rows at a time, by the stored keys of directory.identity, so the cost follows the file,
not the register) and spools the rows to write into a temporary file; nothing is written when any
row has an error. The second pass writes in batches inside one transaction, so an import is all or
nothing.

New organisations are written in bulk (`_RawInsert`), not one `organisation_create` call per row:
a service call costs some twenty queries and an audit snapshot per row, far from the 2,000 rows a
second the issue asks for. The rows have passed the very same validation; the import records
consent as given by the importer, makes nobody an admin of the new profiles (an intermediary
importing its members does not run them), and writes one "organisation.import" audit entry per
batch listing the organisations created. Text languages and, for rows with a city but no
coordinates, the city's coordinates are added by the task worker afterwards
(services.enrichment): detecting languages alone would take longer than the whole import. Changes to
existing organisations (`--update`) go through `organisation_update`, one audit entry each.
"""

from __future__ import annotations

import pickle
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import DatabaseError, connections, transaction
from django.db.models import Field, ManyToManyField
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from creativeports.common.services.audit import audit_record
from creativeports.directory.identity import DerivedKeyField
from creativeports.directory.imports.readers import ImportFileError, open_source
from creativeports.directory.imports.rows import (
    COLUMNS,
    DEFAULTS,
    M2M_FIELDS,
    REQUIRED_COLUMNS,
    Problem,
    ReferenceData,
    ValidRow,
    row_validate,
)
from creativeports.directory.models import Affiliation, Organisation
from creativeports.directory.services.organisation import CONSENT_VERSION, organisation_update
from creativeports.directory.signals import profiles_changed_on_commit

BATCH_SIZE = 500
# Organisations per background enrichment task (a task's arguments are stored as JSON).
ENRICH_TASK_SIZE = 2000
Progress = Callable[[str, int, int | None], None]


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # rows an intermediary may not import (someone else's organisation)
    rows: int = 0
    row_label: str = "row"
    dry_run: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Planned:
    action: str  # "create" or "update"
    row: int
    fields: dict[str, Any]
    pk: int | None = None


def _existing_matches(rows: list[ValidRow]) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """(normalised name, country) -> id and website host -> id of the organisations in the register
    that these rows could be; the oldest wins where several match (as it does on a profile page)."""
    names = {row.name_key for row in rows}
    domains = {row.domain_key for row in rows if row.domain_key}
    by_name: dict[tuple[str, str], int] = {}
    by_domain: dict[str, int] = {}
    # Two lookups, each by its own index (with an OR, or with the merged-into condition in SQL,
    # SQLite's planner scans the table instead); merged organisations are left out here.
    rows_by_name = Organisation.objects.filter(name_key__in=names).order_by("pk")
    for pk, name_key, country, merged in rows_by_name.values_list("pk", "name_key", "country_id", "merged_into"):
        if merged is None:
            by_name.setdefault((name_key, country), pk)
    if domains:
        rows_by_domain = Organisation.objects.filter(website_key__in=domains).order_by("pk")
        for pk, website_key, merged in rows_by_domain.values_list("pk", "website_key", "merged_into"):
            if merged is None:
                by_domain.setdefault(website_key, pk)
    return by_name, by_domain


def _stored_value(organisation: Organisation, name: str, m2m: dict[str, list[str]]) -> Any:
    if name in M2M_FIELDS:
        return m2m[name]
    model_field = Organisation._meta.get_field(name)
    assert isinstance(model_field, Field)  # noqa: S101  # SCALAR names are concrete fields
    return getattr(organisation, model_field.attname)


def _changed_fields(organisation: Organisation, fields: dict[str, Any]) -> dict[str, Any]:
    m2m = {name: sorted(str(o.pk) for o in getattr(organisation, name).all()) for name in M2M_FIELDS}
    changed = {name: value for name, value in fields.items() if _stored_value(organisation, name, m2m) != value}
    if organisation.location_approximate and fields.get("latitude") is None and fields.get("longitude") is None:
        # No coordinates in the file, and the city's from the gazetteer in the register: the same.
        changed.pop("latitude", None)
        changed.pop("longitude", None)
    return changed


class _Validator:
    """The first pass: per-row validation, duplicate detection, and what to write."""

    def __init__(
        self,
        *,
        update: bool,
        report: ImportReport,
        spool: IO[bytes],
        columns: set[str],
        intermediary: Organisation | None = None,
    ) -> None:
        self.update = update
        self.report = report
        # An intermediary's import may change its own members only.
        self.members: set[int] | None = (
            set(Affiliation.objects.filter(intermediary=intermediary).values_list("member_id", flat=True))
            if intermediary is not None
            else None
        )
        self.spool = spool
        self.reference = ReferenceData.load(columns)
        self.seen_names: dict[tuple[str, str], int] = {}
        self.seen_domains: dict[str, int] = {}
        self.pending: list[ValidRow] = []
        self.batch: list[_Planned] = []
        self.planned = 0
        self.counts = {"create": 0, "update": 0}

    def add(self, row: ValidRow) -> None:
        report = self.report
        name_key = (row.name_key, str(row.fields["country"]))
        if name_key in self.seen_names:
            # Whole sentences per kind of file, so translators never assemble "row"/"item" themselves.
            if report.row_label == "item":
                message = _("Same organisation as item %(row)d (same name and country).")
            else:
                message = _("Same organisation as row %(row)d (same name and country).")
            report.problems.append(Problem(row.row, "name", message % {"row": self.seen_names[name_key]}))
            return
        if row.domain_key and row.domain_key in self.seen_domains:
            if report.row_label == "item":
                message = _("Same organisation as item %(row)d (same website domain %(domain)s).")
            else:
                message = _("Same organisation as row %(row)d (same website domain %(domain)s).")
            params = {"row": self.seen_domains[row.domain_key], "domain": row.domain_key}
            report.problems.append(Problem(row.row, "website", message % params))
            return
        self.seen_names[name_key] = row.row
        if row.domain_key:
            self.seen_domains[row.domain_key] = row.row
        self.pending.append(row)
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        """Look a batch of rows up in the register: new ones are planned, known ones compared."""
        if not self.pending:
            return
        by_name, by_domain = _existing_matches(self.pending)
        known: list[tuple[ValidRow, int, str]] = []
        for row in self.pending:
            name_match = by_name.get((row.name_key, str(row.fields["country"])))
            domain_match = by_domain.get(row.domain_key) if row.domain_key else None
            if name_match and domain_match and name_match != domain_match:
                message = _("The name matches one existing organisation and the website another; fix one of them.")
                self.report.problems.append(Problem(row.row, "website", message))
            elif name_match or domain_match:
                known.append((row, name_match or domain_match or 0, "name" if name_match else "website"))
            else:
                # The duplicate keys validation derived go along: the writer need not derive them again.
                keys = {"name_key": row.name_key, "website_key": row.domain_key}
                self._plan(_Planned("create", row.row, {**row.fields, **keys}))
        self.pending = []
        if known:
            self._compare(known)
        if self.batch:
            # One pickle per batch: the rows' field names are written once, not once per row.
            pickle.dump(self.batch, self.spool, protocol=pickle.HIGHEST_PROTOCOL)
            self.batch = []

    def _compare(self, known: list[tuple[ValidRow, int, str]]) -> None:
        """Rows matching organisations of the register: unchanged, updated, or reported."""
        existing = Organisation.objects.filter(pk__in={pk for _row, pk, _column in known}).prefetch_related(*M2M_FIELDS)
        organisations = existing.in_bulk()
        for row, pk, column in known:
            organisation = organisations[pk]
            if self.members is not None and pk not in self.members:
                message = _(
                    "“%(name)s” (%(slug)s) is already in the directory and is not one of your members; "
                    "this row is left out. The secretariat can link it to your organisation."
                )
                self.report.problems.append(
                    Problem(
                        row.row, column, message % {"name": organisation.name, "slug": organisation.slug}, "warning"
                    )
                )
                self.report.skipped += 1
                continue
            changes = _changed_fields(organisation, row.fields)
            if not changes:
                self.report.unchanged += 1
            elif self.update:
                self._plan(_Planned("update", row.row, changes, pk=pk))
            else:
                message = _("“%(name)s” (%(slug)s) is already in the directory; use --update to change it.")
                self.report.problems.append(
                    Problem(row.row, column, message % {"name": organisation.name, "slug": organisation.slug})
                )

    def _plan(self, planned: _Planned) -> None:
        self.batch.append(planned)  # spooled at the end of `flush`
        self.planned += 1
        self.counts[planned.action] += 1


def _spooled(spool: IO[bytes]) -> Iterator[_Planned]:
    spool.seek(0)
    while True:
        try:
            yield from pickle.load(spool)  # noqa: S301  # our own temporary file, written above
        except EOFError:
            return


def _new_row(fields: dict[str, Any], *, actor_id: int | None, now: Any) -> dict[str, Any]:
    """A new organisation's column values (by attribute name) from a validated row."""
    values = {**DEFAULTS, **{k: v for k, v in fields.items() if k not in M2M_FIELDS}}
    values["type_id"] = values.pop("type")
    values["country_id"] = values.pop("country")
    for name, value in list(values.items()):
        if value is None and name not in ("latitude", "longitude", "founded"):
            values[name] = ""
    values.update(consent_at=now, consent_by_id=actor_id, consent_version=CONSENT_VERSION, created_by_id=actor_id)
    return values


class _RawInsert:
    """New organisations and their links written in bulk, bypassing model instances.

    `bulk_create` spends most of an import's writing time preparing each of fifty values per row
    through its model field; the values here are already clean Python values of the right type, so
    only dates need the database's adaptation (one value for the whole import). PostgreSQL gets a
    COPY (psycopg would spend longer splitting the placeholders of a long INSERT than the server
    spends inserting), SQLite multi-row INSERTs. Either way one statement per batch, not one per
    row: per-statement triggers (PostgreSQL's change token) fire once per batch.
    """

    # SQLite allows 32,766 parameters per statement.
    MAX_PARAMETERS = 32_000

    def __init__(self, now: Any) -> None:
        self.connection = connections[Organisation.objects.db]
        self.copy = self.connection.vendor == "postgresql"
        self.fields = [f for f in Organisation._meta.concrete_fields if not f.primary_key]
        adapted_now = self.connection.ops.adapt_datetimefield_value(now)
        # Per column: the value every new row gets unless the row sets it (the model's default).
        self.defaults: dict[str, Any] = {}
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = now
            elif f.has_default():
                self.defaults[f.attname] = f.get_db_prep_save(f.get_default(), self.connection)
            else:
                self.defaults[f.attname] = None if f.null else ""
        self.adapted_now, self.now = adapted_now, now

    def organisations(self, rows: list[dict[str, Any]]) -> list[int]:
        """Insert the rows; their ids, in order (looked up by their unique slugs)."""
        adapted, now, table = self.adapted_now, self.now, Organisation._meta.db_table
        values: list[tuple[Any, ...]] = []
        for row in rows:
            line: list[Any] = []
            for f in self.fields:
                if isinstance(f, DerivedKeyField):
                    line.append(row[f.attname] if f.attname in row else f.value_from(row))
                    continue
                value = row.get(f.attname, self.defaults[f.attname])
                line.append(adapted if value is now else value)
            values.append(tuple(line))
        self._rows(table, [str(f.column) for f in self.fields], values)
        slugs = [row["slug"] for row in rows]
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT slug, id FROM {table} WHERE slug IN ({', '.join(['%s'] * len(slugs))})", slugs)  # noqa: S608
            ids = dict(cursor.fetchall())
        return [ids[slug] for slug in slugs]

    def links(self, name: str, pairs: list[tuple[int, Any]]) -> None:
        relation = Organisation._meta.get_field(name)
        assert isinstance(relation, ManyToManyField)  # noqa: S101  # M2M_FIELDS are all many-to-many
        through: Any = relation.remote_field.through
        own, other = f"{relation.m2m_field_name()}_id", f"{relation.m2m_reverse_field_name()}_id"
        self._rows(through._meta.db_table, [own, other], pairs)

    def _rows(self, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(column) for column in columns)
        with self.connection.cursor() as cursor:
            if self.copy:
                # psycopg's own cursor: its errors become Django's DatabaseError as the ORM's do.
                with (
                    self.connection.wrap_database_errors,
                    cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
                ):
                    for row in rows:
                        copy.write_row(row)
                return
            marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
            per_statement = self.MAX_PARAMETERS // len(columns)
            for start in range(0, len(rows), per_statement):
                chunk = rows[start : start + per_statement]
                cursor.execute(
                    f"INSERT INTO {quote(table)} ({names}) VALUES {', '.join([marks] * len(chunk))}",  # noqa: S608
                    [value for row in chunk for value in row],
                )


class _Writer:
    def __init__(self, *, actor: Any, source_name: str, intermediary: Organisation | None = None) -> None:
        self.intermediary = intermediary
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.source_name = source_name
        self.reference = ReferenceData.load()
        self.slugs = set(Organisation.objects.values_list("slug", flat=True).iterator(chunk_size=5000))
        self.now = timezone.now()
        self.created_ids: list[int] = []
        self.updated_ids: list[int] = []
        self.actor_id = self.actor.pk if self.actor is not None else None
        self.insert = _RawInsert(self.now)

    def _slug(self, name: str, country: str) -> str:
        base = slugify(f"{name}-{country}")[:200] or "organisation"
        candidate, n = base, 1
        while candidate in self.slugs:
            n += 1
            candidate = f"{base}-{n}"
        self.slugs.add(candidate)
        return candidate

    def create(self, batch: list[_Planned]) -> None:
        rows = []
        for planned in batch:
            row = _new_row(planned.fields, actor_id=self.actor_id, now=self.now)
            row["slug"] = self._slug(row["name"], row["country_id"])
            rows.append(row)
        ids = self.insert.organisations(rows)
        for name in M2M_FIELDS:
            pairs = [
                (pk, code) for pk, planned in zip(ids, batch, strict=True) for code in planned.fields.get(name) or []
            ]
            self.insert.links(name, pairs)
        self.created_ids += ids
        if self.intermediary is not None:
            Affiliation.objects.bulk_create(
                [Affiliation(intermediary_id=self.intermediary.pk, member_id=pk) for pk in ids]
            )
        audit_record(
            actor=self.actor,
            action="organisation.import",
            obj=Organisation(pk=ids[0], name=rows[0]["name"]),
            changes={
                "created": [None, ids],
                "source": [None, self.source_name],
                **({"intermediary": [None, self.intermediary.pk]} if self.intermediary is not None else {}),
            },
        )

    def queue_enrichment(self) -> None:
        """Languages and approximate coordinates come from the task worker (services.enrichment);
        queued in this transaction, so the worker sees the tasks only if the import commits."""
        from creativeports.directory.tasks import organisations_enrich_task

        for start in range(0, len(self.created_ids), ENRICH_TASK_SIZE):
            organisations_enrich_task.enqueue(self.created_ids[start : start + ENRICH_TASK_SIZE])

    def update(self, planned: _Planned) -> None:
        organisation = Organisation.objects.get(pk=int(planned.pk or 0))
        fields = dict(planned.fields)
        if "type" in fields:
            fields["type"] = self.reference.types[fields["type"]]
        if "country" in fields:
            fields["country"] = self.reference.countries[fields["country"]]
        organisation_update(actor=self.actor, organisation=organisation, fields=fields)
        self.updated_ids.append(organisation.pk)


def organisation_import(
    *,
    actor: Any,
    file: IO[bytes],
    fmt: str,
    source_name: str = "",
    dry_run: bool = False,
    update: bool = False,
    progress: Progress | None = None,
    intermediary: Organisation | None = None,
) -> ImportReport:
    """Validate a CSV, XLSX or JSON file of organisations and, when it has no error, import it.

    Never raises for bad input: file-level problems and per-row problems are in the report.
    With any error, or with `dry_run`, nothing is written; otherwise creates and updates happen in
    one transaction. Writes the audit log (one entry per created batch, one per update).
    """
    report = ImportReport(dry_run=dry_run)
    try:
        source = open_source(file, fmt)
    except ImportFileError as exc:
        report.problems.append(Problem(None, "", str(exc)))
        return report
    report.row_label = source.row_label
    columns = set(source.columns)
    for column in source.columns:
        if column not in COLUMNS:
            report.problems.append(Problem(None, column, _("Unknown column; it is ignored."), level="warning"))
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            report.problems.append(Problem(None, column, _("This required column is missing.")))
    if not report.ok:
        return report

    with tempfile.TemporaryFile() as spool:
        validator = _Validator(update=update, report=report, spool=spool, columns=columns, intermediary=intermediary)
        try:
            for number, raw in source.rows:
                report.rows += 1
                result = row_validate(number, raw, columns, validator.reference)
                if isinstance(result, ValidRow):
                    validator.add(result)
                else:
                    report.problems.extend(result)
                if progress and report.rows % 1000 == 0:
                    progress("validate", report.rows, None)
        except ImportFileError as exc:
            report.problems.append(Problem(None, "", str(exc)))
        validator.flush()
        # Lookups in the register come a batch at a time: the report reads in the file's order.
        report.problems.sort(key=lambda problem: problem.row or 0)
        if progress:
            progress("validate", report.rows, None)
        if report.rows == 0 and report.ok:
            report.problems.append(Problem(None, "", _("The file has no rows to import.")))
        report.created, report.updated = validator.counts["create"], validator.counts["update"]
        if not report.ok or dry_run:
            return report
        try:
            _write(
                spool,
                actor=actor,
                source_name=source_name,
                total=validator.planned,
                progress=progress,
                intermediary=intermediary,
            )
        except DatabaseError as exc:
            # The transaction has been rolled back: nothing of this import is in the database.
            report.created = report.updated = 0
            message = _("The database refused the import (%(error)s); nothing was imported.")
            report.problems.append(Problem(None, "", message % {"error": exc}))
    return report


@transaction.atomic
def _write(
    spool: IO[bytes],
    *,
    actor: Any,
    source_name: str,
    total: int,
    progress: Progress | None,
    intermediary: Organisation | None,
) -> None:
    writer = _Writer(actor=actor, source_name=source_name, intermediary=intermediary)
    batch: list[_Planned] = []
    done = 0
    for planned in _spooled(spool):
        if planned.action == "update":
            writer.update(planned)
        else:
            batch.append(planned)
            if len(batch) >= BATCH_SIZE:
                writer.create(batch)
                batch = []
        done += 1
        if progress and done % 1000 == 0:
            progress("write", done, total)
    if batch:
        writer.create(batch)
    writer.queue_enrichment()
    profiles_changed_on_commit(writer.created_ids + writer.updated_ids)
    if progress:
        progress("write", done, total)


def rate(rows: int, started: float) -> float:
    """Rows per second since `started` (a time.perf_counter() value)."""
    elapsed = time.perf_counter() - started
    return rows / elapsed if elapsed > 0 else 0.0
