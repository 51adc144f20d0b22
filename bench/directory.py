"""Directory benchmark: N generated organisations, the real server, wrk with 16 connections.

For each database and size: a fresh data folder (and, for PostgreSQL, a fresh database), migrations,
reference data, N organisations generated in bulk from the demo data's sentences, then gunicorn
started as `make run` starts it and each endpoint loaded with wrk. Prints one table per run and
writes them to docs/benchmarks.md. See bench/README.md for what each figure means.

    .venv/bin/python bench/directory.py                       # 10,000 and 100,000 on SQLite and PostgreSQL
    .venv/bin/python bench/directory.py --sizes 10000 --databases sqlite
    .venv/bin/python bench/directory.py --quick               # smoke run: 1,000 organisations, 3 s
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c  # the bench folder is not a package

DEMO = c.CHECKOUT / "src" / "creativeports" / "directory" / "demo" / "fictional_organisations.json"
DOCS = c.CHECKOUT / "docs" / "benchmarks.md"
SEED = 2026
# A Lithuanian city written without its diacritics: the search must fold "Klaipėda" to find it.
SEARCH_WORD = "klaipeda"
FILTER = "country=PL&type=company"
DRAIN_SECONDS = 3
# Filter combinations for the uncached row: every country, type and page.
UNCACHED_LABEL = "directory, mostly uncached"
UNCACHED_PATHS = [
    f"/organisations/?country={country}&type={kind}&page={page}"
    for country in ("DE", "DK", "EE", "FI", "LT", "LV", "PL", "SE")
    for kind in ("company", "freelancer", "ngo", "cluster", "incubator")
    for page in range(1, 26)
]
DETAIL_PAGES = 20
MAP_BUDGET_BYTES = 2 * 1024 * 1024
IMPORT_BUDGET_ROWS_S = 2000
BATCH = 2000
# A 1-minute load average above this before the run means other processes share the CPUs.
BUSY_LOAD = 0.7


# --- generated data (pure Python: shared by the database generator and the import CSV) ------------
def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class Profiles:
    """Deterministic, realistic organisation profiles mixed from the fictional demo organisations.

    Countries, types, sizes, languages and text lengths follow the demo data (each profile starts
    from a randomly drawn demo organisation); the texts are that organisation's number of
    sentences drawn from all demo sentences in the same language and field; names mix words of
    names from the same country; domains are 1-3 drawn with the demo data's domain frequencies.
    """

    def __init__(self, seed: int) -> None:
        self.items: list[dict[str, Any]] = json.loads(DEMO.read_text(encoding="utf-8"))["items"]
        self.rng = random.Random(seed)
        self.pool: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.first_words: dict[str, list[str]] = defaultdict(list)
        self.last_words: dict[str, list[str]] = defaultdict(list)
        domain_counts: Counter[str] = Counter()
        for item in self.items:
            for text_field in ("description", "offers", "needs"):
                lang = item.get(f"{text_field}_lang") or "en"
                self.pool[(text_field, lang)] += _sentences(item.get(text_field, ""))
            words = item["name"].split()
            self.first_words[item["country"]].append(words[0])
            self.last_words[item["country"]].append(words[-1])
            domain_counts.update(item["domains"])
        self.domains = list(domain_counts)
        self.domain_cum_weights = list(itertools.accumulate(domain_counts[d] for d in self.domains))
        self.last_word_countries = list(self.last_words)
        # Sentences per text of each demo organisation: the generated texts keep the same lengths.
        self.counts = [
            {f: len(_sentences(item.get(f, ""))) for f in ("description", "offers", "needs")} for item in self.items
        ]

    def _text(self, item: dict[str, Any], counts: dict[str, int], text_field: str) -> str:
        pool = self.pool[(text_field, item.get(f"{text_field}_lang") or "en")]
        return " ".join(self.rng.choices(pool, k=counts[text_field]))

    def make(self, index: int) -> dict[str, Any]:
        rng = self.rng
        number = rng.randrange(len(self.items))
        item, counts = self.items[number], self.counts[number]
        country = item["country"]
        name = f"{rng.choice(self.first_words[country])} {rng.choice(self.last_words[country])}"
        if rng.random() < 0.3:  # some names have a third word
            name = f"{name} {rng.choice(self.last_words[rng.choice(self.last_word_countries)])}"
        domains: list[str] = []
        while len(domains) < min(3, max(1, len(item["domains"]))):
            domain = rng.choices(self.domains, cum_weights=self.domain_cum_weights)[0]
            if domain not in domains:
                domains.append(domain)
        where = rng.random()
        has_city, has_coordinates = where < 0.95, where < 0.9  # most have both
        # A DNS label has at most 63 characters, and the import file prefixes "import-" to it.
        label = re.sub(r"[^a-z0-9]+", "-", _fold(name)).strip("-")[:45].strip("-")
        host = f"{label}-{index}.example"
        return {
            "name": name,
            "type": item["type"],
            "country": country,
            "region": item.get("region", "") if has_city else "",
            "city": item.get("city", "") if has_city else "",
            "lat": round(item["lat"] + rng.uniform(-0.03, 0.03), 5) if has_coordinates and item.get("lat") else None,
            "lon": round(item["lon"] + rng.uniform(-0.05, 0.05), 5) if has_coordinates and item.get("lon") else None,
            "domains": domains,
            "nace": item.get("nace", []),
            "languages": item["languages"][:3],
            "sdgs": item.get("sdgs", []),
            "size": item.get("size", ""),
            "founded": item.get("founded"),
            "website": f"https://{host}",
            "email": f"hello@{host}",
            "email_visibility": item.get("email_visibility", "private"),
            "phone": item.get("phone", ""),
            "phone_visibility": item.get("phone_visibility", "private"),
            "international_experience": item.get("international_experience", ""),
            "description": self._text(item, counts, "description"),
            "description_lang": item.get("description_lang", ""),
            "offers": self._text(item, counts, "offers"),
            "offers_lang": item.get("offers_lang", ""),
            "needs": self._text(item, counts, "needs"),
            "needs_lang": item.get("needs_lang", ""),
            # Most profiles are public; some only for signed-in members or the organisation itself.
            "profile_visibility": rng.choices(["public", "members", "private"], [94, 4, 2])[0],
            "is_verified": rng.random() < 0.3,
        }


def generate_in_database(size: int, seed: int) -> None:
    """Runs in a child process configured by the environment: bulk-insert `size` organisations."""
    import django  # set up only in this child process

    django.setup()
    from django.core.management import call_command, get_commands
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone
    from django.utils.text import slugify

    from creativeports.directory.models import Organisation
    from creativeports.taxonomy.models import CciDomain, Language, NaceCode, Sdg

    started = time.monotonic()
    known = {
        "domains": set(CciDomain.objects.values_list("code", flat=True)),
        "languages": set(Language.objects.values_list("code", flat=True)),
        "sdgs": set(Sdg.objects.values_list("number", flat=True)),
        "nace_codes": set(NaceCode.objects.values_list("code", flat=True)),
    }
    source_key = {"domains": "domains", "languages": "languages", "sdgs": "sdgs", "nace_codes": "nace"}
    m2m = {name: Organisation._meta.get_field(name) for name in known}
    profiles = Profiles(seed)
    plain = {f.name for f in Organisation._meta.concrete_fields}
    through_rows = 0
    copy = connection.vendor == "postgresql"
    if copy:
        # PostgreSQL: COPY with ids chosen here skips building model instances and SQL; row triggers
        # (the search vector) still fire, and the sequences are reset afterwards.
        columns = [f for f in Organisation._meta.concrete_fields if not f.primary_key]
        now = timezone.now()
        next_id = (Organisation.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    for start in range(0, size, BATCH):
        batch, links = [], []
        for index in range(start, min(size, start + BATCH)):
            profile = profiles.make(index)
            fields = {k: v for k, v in profile.items() if k in plain and k not in ("type", "country")}
            fields |= {
                "latitude": profile["lat"],
                "longitude": profile["lon"],
                "is_demo": True,
                "type_id": profile["type"],
                "country_id": profile["country"],
                "slug": f"{slugify(profile['name'])[:200]}-{index}",
            }
            batch.append(fields)
            links.append(profile)
        with transaction.atomic():
            if copy:
                ids = list(range(next_id, next_id + len(batch)))
                next_id += len(batch)
                rows = (
                    (pk, *(_copy_value(f, fields, now) for f in columns)) for pk, fields in zip(ids, batch, strict=True)
                )
                _copy(connection, Organisation._meta.db_table, ["id", *(f.column for f in columns)], rows)
            else:
                ids = [o.pk for o in Organisation.objects.bulk_create([Organisation(**fields) for fields in batch])]
            for name, relation in m2m.items():
                through = relation.remote_field.through  # type: ignore[union-attr]
                own, other = f"{relation.m2m_field_name()}_id", f"{relation.m2m_reverse_field_name()}_id"  # type: ignore[attr-defined]
                pairs = [
                    (pk, code)
                    for pk, profile in zip(ids, links, strict=True)
                    for code in profile[source_key[name]]
                    if code in known[name]
                ]
                if copy:
                    _copy(connection, through._meta.db_table, [own, other], pairs)
                else:
                    through.objects.bulk_create([through(**{own: pk, other: code}) for pk, code in pairs])
                through_rows += len(pairs)
    if copy:
        models = [Organisation, *(relation.remote_field.through for relation in m2m.values())]  # type: ignore[union-attr]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    inserted = time.monotonic() - started
    # A search index kept by triggers needs nothing; one kept by a command is rebuilt here.
    rebuilt = [
        name
        for name in sorted(get_commands())
        if "search" in name and any(word in name for word in ("rebuild", "reindex", "index"))
    ]
    for name in rebuilt:
        call_command(name)
    # Pages and the API place organisations without coordinates at their city's (gazetteer); the
    # services do that on save, which bulk_create bypasses, so the command does it here.
    geocoded = "geocode_organisations" in get_commands()
    if geocoded:
        call_command("geocode_organisations", stdout=sys.stderr)
    if connection.vendor == "postgresql":
        # Autovacuum would soon vacuum and analyse the freshly written tables, and a checkpoint write
        # them out, each in the middle of the measurements (a checkpoint spread over minutes gave the
        # cached matches a p95 of 75 ms to 1.2 s): both now, so the server meets a settled database.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
            cursor.execute("CHECKPOINT")
    public = Organisation.objects.filter(profile_visibility="public").order_by("id")
    step = max(1, public.count() // DETAIL_PAGES)
    slugs = list(public.values_list("slug", flat=True)[::step][:DETAIL_PAGES])
    summary = {
        "organisations": Organisation.objects.count(),
        "through_rows": through_rows,
        "insert_seconds": round(inserted, 2),
        "total_seconds": round(time.monotonic() - started, 2),
        "search_index_commands": rebuilt,
        "geocoded": geocoded,
        "slugs": slugs,
        "search_hits_icontains": Organisation.objects.filter(city__icontains="Klaipėda").count(),
    }
    print("GENERATED " + json.dumps(summary), flush=True)


def _copy_value(field: Any, values: dict[str, Any], now: Any) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if hasattr(field, "value_from"):
        return field.value_from(values)  # a key derived from another column (directory.identity)
    if field.attname in values:
        return values[field.attname]
    if field.name in values:
        return values[field.name]
    return field.get_default()


def _copy(connection: Any, table: str, columns: Sequence[str], rows: Any) -> None:
    """PostgreSQL COPY of `rows` (tuples in the order of `columns`) into `table`."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def write_import_csv(path: Path, rows: int, seed: int, tag: str = "") -> None:
    """A CSV in the documented import format (docs/import.md) with names the database does not have yet."""
    profiles = Profiles(seed)
    columns = [
        "name", "type", "country", "city", "lat", "lon", "website", "email", "phone", "domains", "nace",
        "languages", "description", "offers", "needs", "sdgs", "founded", "size", "email_visibility",
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for index in range(rows):
            p = profiles.make(index)
            writer.writerow(
                {
                    **{k: p[k] for k in columns if k not in ("lat", "lon", "domains", "nace", "languages", "sdgs")},
                    "name": f"{p['name']} {index + 1}{tag}",
                    "website": p["website"].replace("https://", f"https://import{tag.strip().lower()}-"),
                    "lat": "" if p["lat"] is None else p["lat"],
                    "lon": "" if p["lon"] is None else p["lon"],
                    "domains": ";".join(p["domains"]),
                    "nace": ";".join(p["nace"]),
                    "languages": ";".join(p["languages"]),
                    "sdgs": ";".join(str(n) for n in p["sdgs"]),
                    "founded": p["founded"] or "",
                }
            )


# --- one run ----------------------------------------------------------------------------------------
@dataclass
class Run:
    database: str
    size: int
    measurements: list[c.Measurement] = field(default_factory=list)
    extras: list[tuple[str, str, str]] = field(default_factory=list)  # figure, value, target met?
    error: str = ""


def endpoints(slugs: Sequence[str]) -> list[tuple[str, list[str]]]:
    # The floor first, on a server nothing else has loaded yet.
    return [
        ("floor (/healthz)", ["/healthz"]),
        ("directory, first page", ["/organisations/"]),
        (f"directory, filtered ({FILTER})", [f"/organisations/?{FILTER}"]),
        (f"directory, search (q={SEARCH_WORD})", [f"/organisations/?q={SEARCH_WORD}"]),
        (f"organisation page ({len(slugs)} rotating)", [f"/organisations/{slug}/" for slug in slugs]),
        ("map data (/organisations/map/data.json)", ["/organisations/map/data.json"]),
        ("API list (/api/v1/organisations)", ["/api/v1/organisations"]),
        # Not one of the endpoints: rotating through more addresses than the run repeats
        # them, most answers are rendered rather than taken from the page cache (the long tail).
        (f"{UNCACHED_LABEL} ({len(UNCACHED_PATHS):,} rotating filters)", UNCACHED_PATHS),
    ]


def measure(run: Run, base: str, wrk: str, lua: Path, slugs: Sequence[str], args: argparse.Namespace) -> None:
    plan = endpoints(slugs)
    for name, paths in plan:
        m = c.Measurement(endpoint=name, path=paths[0])
        status, body = c.http_get(base + paths[0])
        if status == 404:  # not built yet: reported, not a failure
            m.status = "n/a"
        elif status != 200:
            m.status = f"HTTP {status}"
        else:
            m.body_bytes = len(body)
            if "q=" in paths[0] and "klaipėda" not in body.decode(errors="replace").lower():
                # A search that finds nothing is fast for the wrong reason.
                c.log(f"WARNING: {paths[0]} shows no organisation in Klaipėda")
        run.measurements.append(m)
    # Warm both workers and the database caches on every answering endpoint before anything is timed.
    answering = [(m, paths) for m, (_, paths) in zip(run.measurements, plan, strict=True) if m.status == "ok"]
    c.run_wrk(wrk, lua, base, [p for _, paths in answering for p in paths], seconds=2, connections=args.connections)
    # Rounds through all endpoints, and each endpoint's median round: a few seconds in which
    # something else takes a core (seen on these shared machines, with nothing in the database's
    # log) then spoil one round of one endpoint, not the figure reported for it.
    rounds: dict[str, list[tuple[float, float, float, int, int]]] = {m.endpoint: [] for m, _ in answering}
    for round_number in range(1, args.rounds + 1):
        for m, paths in answering:
            # wrk stops sending when its time is up, but the server may still be answering what
            # queued up: a pause lets it drain, so no endpoint is timed on its predecessor's backlog.
            time.sleep(DRAIN_SECONDS)
            figures = c.run_wrk(wrk, lua, base, paths, seconds=args.seconds, connections=args.connections)
            rounds[m.endpoint].append(figures)
            c.log(
                f"{run.database} {run.size:,} {m.endpoint} (round {round_number}): p50 {figures[0]:.1f} ms, "
                f"p95 {figures[1]:.1f} ms, {figures[2]:.0f} req/s"
            )
    for m, _ in answering:
        measured = rounds[m.endpoint]
        m.p50_ms, m.p95_ms, m.rps = (statistics.median(figures[i] for figures in measured) for i in range(3))
        m.requests, m.errors = sum(f[3] for f in measured), sum(f[4] for f in measured)
    map_m = next(m for m in run.measurements if m.path.startswith("/organisations/map/"))
    if map_m.body_bytes is None:
        run.extras.append(("map data response size", map_m.status, "–"))
    else:
        ok = "yes" if map_m.body_bytes <= MAP_BUDGET_BYTES else "NO"
        run.extras.append(("map data response size (≤ 2 MB)", f"{map_m.body_bytes:,} bytes", ok))


def measure_import(run: Run, env: dict[str, str], work: Path, rows: int, large_rows: int = 0) -> None:
    probe = subprocess.run(
        [str(c.BIN / "creativeports"), "help", "import_organisations"], env=env, capture_output=True, check=False
    )
    if probe.returncode != 0:
        run.extras.append(("import (--dry-run)", "n/a (no import_organisations command)", "–"))
        run.extras.append(("import", "n/a (no import_organisations command)", "–"))
        return
    path = work / "import.csv"
    write_import_csv(path, rows, SEED + 1)
    for label, extra in (("import --dry-run", ["--dry-run"]), ("import", [])):
        _timed_import(run, env, work, path, rows, label, extra)
    measure_enrichment(run, env, work, rows)
    if large_rows:
        # The done-when file: a whole register in one go, where the fixed start-up costs
        # (process, Django, reference data) weigh little.
        large = work / "import-large.csv"
        write_import_csv(large, large_rows, SEED + 2, tag=" B")
        _timed_import(run, env, work, large, large_rows, "import", [])


def _timed_import(
    run: Run, env: dict[str, str], work: Path, path: Path, rows: int, label: str, extra: list[str]
) -> None:
    log_path = work / f"{label.replace(' ', '').replace('-', '')}-{rows}.log"
    started = time.monotonic()
    with log_path.open("w") as log_file:
        done = subprocess.run(
            [str(c.BIN / "creativeports"), "import_organisations", str(path), *extra],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            check=False,
        )
    seconds = time.monotonic() - started
    name = f"{label} of {rows:,} CSV rows, from process start (≥ {IMPORT_BUDGET_ROWS_S:,} rows/s)"
    if done.returncode != 0:
        tail = log_path.read_text(errors="replace").strip().splitlines()[-3:]
        c.log(f"{label} failed with exit code {done.returncode}: {' / '.join(tail)}")
        run.extras.append((name, f"failed (exit {done.returncode})", "NO"))
        return
    rate = rows / seconds
    c.log(f"{run.database} {run.size:,} {label}: {rows:,} rows in {seconds:.1f} s = {rate:,.0f} rows/s")
    ok = "yes" if rate >= IMPORT_BUDGET_ROWS_S else "NO"
    run.extras.append((name, f"{rate:,.0f} rows/s ({seconds:.1f} s)", ok))


def measure_enrichment(run: Run, env: dict[str, str], work: Path, rows: int) -> None:
    """The background work an import queues (text languages, gazetteer positions), run to the end
    by the task worker in batch mode: not part of the import's rate, reported for what it costs."""
    if (
        "db_worker"
        not in subprocess.run(
            [str(c.BIN / "creativeports"), "help", "--commands"], env=env, capture_output=True, text=True, check=False
        ).stdout.split()
    ):
        return
    started = time.monotonic()
    with (work / "worker.log").open("w") as log_file:
        done = subprocess.run(
            [str(c.BIN / "creativeports"), "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            check=False,
        )
    seconds = time.monotonic() - started
    name = f"background enrichment of the {rows:,} imported rows (task worker; no target)"
    value = (
        f"{rows / seconds:,.0f} rows/s ({seconds:.1f} s)"
        if done.returncode == 0
        else f"failed (exit {done.returncode})"
    )
    c.log(f"{run.database} {run.size:,} {name}: {value}")
    run.extras.append((name, value, "–"))


def one_run(run: Run, args: argparse.Namespace, top: Path, wrk: str, lua: Path) -> None:
    work = top / f"{run.database}-{run.size}"
    work.mkdir()
    (work / "static").symlink_to(top / "shared" / "static", target_is_directory=True)
    env = base_env(work)
    db_name = f"creativeports_bench_{os.getpid()}_{run.size}"
    if run.database == "postgres":
        c.pg_run(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        c.pg_run(f'CREATE DATABASE "{db_name}"')
        env["DATABASE_URL"] = f"{c.PG_ADMIN_URL}/{db_name}"
    try:
        c.log(f"{run.database} {run.size:,}: migrating and loading reference data")
        c.creativeports(["migrate", "--noinput", "-v", "0"], env)
        c.creativeports(["load_reference_data", "-v", "0"], env)
        c.log(f"{run.database} {run.size:,}: generating {run.size:,} organisations")
        generated = subprocess.run(
            [sys.executable, __file__, "--generate", str(run.size)], env=env, check=True, capture_output=True, text=True
        ).stdout
        summary = json.loads(generated.split("GENERATED ", 1)[1])
        rate = summary["organisations"] / summary["insert_seconds"]
        c.log(
            f"{run.database} {run.size:,}: {summary['organisations']:,} organisations and "
            f"{summary['through_rows']:,} link rows in {summary['insert_seconds']} s ({rate:,.0f}/s); "
            f"search index commands run: {summary['search_index_commands'] or 'none'}; "
            f"geocode_organisations run: {'yes' if summary['geocoded'] else 'no (missing)'}; "
            f"organisations in Klaipėda: {summary['search_hits_icontains']:,}"
        )
        run.extras.append(("data generation (organisations inserted per second)", f"{rate:,.0f} organisations/s", "–"))
        with c.server(env, work / "gunicorn.log", c.free_port()) as base:
            c.log(f"{run.database} {run.size:,}: server up at {base}")
            measure(run, base, wrk, lua, summary["slugs"], args)
        measure_import(run, env, work, 1000 if args.quick else 10_000, 5000 if args.quick else 100_000)
    finally:
        if run.database == "postgres":
            c.pg_run(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def base_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("CREATIVEPORTS_")}
    return env | {
        "DJANGO_SETTINGS_MODULE": "creativeports.config.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
        "CREATIVEPORTS_DATA_DIR": str(data_dir),
        "CREATIVEPORTS_DEBUG": "0",
    }


# --- report -------------------------------------------------------------------------------------------
def busy(facts: dict[str, str]) -> bool:
    """Whether other processes loaded the machine before the benchmark began (1-minute load average)."""
    return float(facts["load average at start"].split()[0]) > BUSY_LOAD


def report(runs: Sequence[Run], facts: dict[str, str], command: str, args: argparse.Namespace) -> str:
    parts = [
        "# Benchmarks",
        "",
        "Written by `bench/directory.py` (see `bench/README.md` for what each figure means); do not edit by hand.",
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"- Command: `{command}`",
        f"- Load: wrk, {args.connections} connections, {args.rounds} rounds of {args.seconds:g} s per endpoint"
        " (the endpoints in turn; each figure is the median round), after a 2 s warm-up;"
        " server started as `make run` starts it (gunicorn, 2 workers × 4 threads, DEBUG off).",
        "- Targets (issue 3, at 100,000 organisations): p95 ≤ 100 ms and p50 ≤ 3 × the floor's p50 for every"
        " endpoint; map data ≤ 2 MB; import ≥ 2,000 rows/s.",
        "",
        *(
            [
                f"**The machine was busy when the run started (load average {facts['load average at start']} on"
                f" {facts['CPUs (nproc)']} CPUs): these figures are not meaningful; rerun on an idle machine.**",
                "",
            ]
            if busy(facts)
            else []
        ),
        "Machine:",
        "",
        *(f"- {key}: {value}" for key, value in facts.items()),
        "",
    ]
    for run in runs:
        parts += [f"## {run.database}, {run.size:,} organisations", ""]
        if run.error:
            parts += [f"Failed: {run.error}", ""]
        if run.measurements:
            parts += [c.markdown_table(c.result_rows(run.database, run.size, run.measurements)), ""]
        if run.extras:
            parts += [c.markdown_table(run.extras, ("figure", "value", "target met?")), ""]
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="numbers of organisations, comma-separated")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--duration", default="5s", help="wrk duration per endpoint and round (5s, 1m)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent wrk connections")
    parser.add_argument("--rounds", type=int, default=3, help="rounds through the endpoints (median reported)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1,000 organisations, 3 s per endpoint")
    parser.add_argument(
        "--output", help="Markdown report path (default docs/benchmarks.md; none for --quick unless given)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folders (for debugging)")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)  # internal: the child process
    args = parser.parse_args(argv)
    if args.generate is not None:
        generate_in_database(args.generate, SEED)
        return 0

    sizes = [1000] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    if unknown := set(databases) - {"sqlite", "postgres"}:
        parser.error(f"unknown database(s): {', '.join(sorted(unknown))}")
    args.seconds = 3.0 if args.quick else c.parse_duration(args.duration)
    if args.quick:
        args.rounds = 1
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    output = Path(args.output) if args.output else (None if args.quick else DOCS)
    command = shlex.join(["python", "bench/directory.py", *(sys.argv[1:] if argv is None else argv)])

    wrk = c.ensure_wrk()
    facts = c.machine_facts(databases)
    if busy(facts):
        c.log(
            f"WARNING: load average {facts['load average at start']} before the start: figures will not be meaningful"
        )
    # SIGTERM (e.g. from a CI timeout) unwinds like Ctrl-C, so every finally block cleans up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    top = Path(tempfile.mkdtemp(prefix="creativeports-bench-"))
    runs: list[Run] = []
    try:
        lua = top / "bench.lua"
        lua.write_text(c.WRK_LUA)
        c.log(f"collecting static files into {top / 'shared'}")
        c.creativeports(["collectstatic", "--noinput", "-v", "0"], base_env(top / "shared"))
        for database in databases:
            for size in sizes:
                run = Run(database, size)
                runs.append(run)
                try:
                    one_run(run, args, top, wrk, lua)
                except (subprocess.CalledProcessError, RuntimeError, OSError) as exc:
                    detail = getattr(exc, "stderr", None) or ""
                    run.error = f"{exc} {detail[-2000:]}".strip()
                    c.log(f"{database} {size:,} failed: {run.error}")
                print()
                if run.measurements:
                    print(c.text_table(c.result_rows(database, size, run.measurements)))
                if run.extras:
                    print(c.text_table(run.extras, ("figure", "value", "target met?")))
                print(flush=True)
    finally:
        if args.keep:
            c.log(f"kept {top}")
        else:
            shutil.rmtree(top, ignore_errors=True)
    facts["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if output:
        output.write_text(report(runs, facts, command, args) + "\n", encoding="utf-8")
        c.log(f"wrote {output}")
    return 1 if any(run.error for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
