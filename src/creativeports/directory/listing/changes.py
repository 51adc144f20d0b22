"""The directory's change token: database triggers replace it whenever the directory's data changes.

SQLite has only row triggers (cheap there: a bulk insert of 100,000 rows rewrites one row 100,000
times in well under a second); PostgreSQL gets statement triggers, so a bulk write costs one upsert.
"""

# Table names below come from model metadata, never from input.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from django.db import connections

from creativeports.common.page_cache import VersionMemo
from creativeports.directory.models import ListingChange, Organisation, SocialLink

# The facets that live in link tables (a change there changes counts and filters): the model field,
# and the column naming the linked value.
LINKED_COLUMNS = {
    "domain": ("domains", "ccidomain_id"),
    "language": ("languages", "language_id"),
    "sdg": ("sdgs", "sdg_id"),
}


# Other relations public pages show (an organisation's page, the API): not in the listing, but part of
# what the token versions, so that cached pages (common.page_cache) follow them too.
SHOWN_RELATIONS = ("nace_codes", "target_markets")


def watched_tables() -> list[str]:
    tables = [Organisation._meta.db_table, SocialLink._meta.db_table]
    for name in [*(field for field, _column in LINKED_COLUMNS.values()), *SHOWN_RELATIONS]:
        tables.append(Organisation._meta.get_field(name).remote_field.through._meta.db_table)  # type: ignore[union-attr]
    return tables


def _sqlite_trigger_names() -> list[str]:
    return [f"{table}_listing_{op}" for table in watched_tables() for op in ("ai", "au", "ad")]


def _sqlite_install_sql() -> list[str]:
    token = ListingChange._meta.db_table
    statements = []
    for table in watched_tables():
        for op, event in (("ai", "INSERT"), ("au", "UPDATE"), ("ad", "DELETE")):
            # A plain UPDATE, not an upsert: SQLite applies the conflict rule of the statement that
            # fired a trigger to the trigger's own statements, so inside Django's `INSERT OR IGNORE`
            # (adding many-to-many links) an `INSERT OR REPLACE` would silently do nothing. When the
            # row is missing (a flushed database) `current_token` creates it, with a new token.
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_listing_{op}",
                f"CREATE TRIGGER {table}_listing_{op} AFTER {event} ON {table} BEGIN "
                f"UPDATE {token} SET token = lower(hex(randomblob(16))) WHERE id = 1; END",
            ]
    return statements


_PG_FUNCTION = "directory_listing_changed"


def _postgres_install_sql() -> list[str]:
    token = ListingChange._meta.db_table
    statements = [
        f"""CREATE OR REPLACE FUNCTION {_PG_FUNCTION}() RETURNS trigger AS $$
BEGIN
    INSERT INTO {token}(id, token) VALUES (1, md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""
    ]
    for table in watched_tables():
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_listing ON {table}",
            f"CREATE TRIGGER {table}_listing AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_PG_FUNCTION}()",
        ]
    return statements


def install(connection: Any) -> None:
    if connection.vendor == "sqlite":
        statements = _sqlite_install_sql()
    elif connection.vendor == "postgresql":
        statements = _postgres_install_sql()
    else:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in _sqlite_trigger_names():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            for table in watched_tables():
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_listing ON {table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {_PG_FUNCTION}()")


def ensure_triggers(connection: Any) -> bool:
    """Restore SQLite triggers that a table rebuild (Django's way to alter a SQLite table) dropped.

    Runs after every `migrate`; True when something had to be restored.
    """
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        present = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
        tables = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    if ListingChange._meta.db_table not in tables or set(_sqlite_trigger_names()) <= present:
        return False  # before the migration that installs them, or intact
    install(connection)
    return True


def current_token(using: str = "default") -> str:
    """The token of the data as this connection sees it now (inside a transaction: that transaction's)."""
    table = ListingChange._meta.db_table
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = 1")
        row = cursor.fetchone()
        if row is None:
            # A fresh or flushed database: start a token, so that the next write changes a known value.
            ListingChange.objects.using(using).get_or_create(id=1, defaults={"token": _fresh_token()})
            cursor.execute(f"SELECT token FROM {table} WHERE id = 1")
            row = cursor.fetchone()
    return str(row[0])


# The version of everything public directory pages show, for the page cache (common.page_cache).
directory_version = VersionMemo(current_token)


def _fresh_token() -> str:
    import secrets

    return secrets.token_hex(16)
