"""Search on SQLite: an FTS5 table over the organisation table, kept in sync by triggers."""

# Table and column names below are this module's constants; user input only ever travels as a bound
# parameter, so the SQL-building warnings do not apply.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from creativeports.common.text import UNDECOMPOSABLE_LETTERS, fold_undecomposable

TABLE = "directory_organisation"
FTS = "directory_organisation_fts"
COLUMNS = ("name", "city", "description", "offers", "needs")
# bm25 weight per column, in COLUMNS order: a word in the name counts most, then the city.
WEIGHTS = (10.0, 4.0, 1.0, 1.0, 1.0)


def _letter_pairs() -> list[tuple[str, str]]:
    """(letter, replacement) for each letter `remove_diacritics` leaves alone, in both cases: SQL's
    replace() runs before the tokenizer lowercases, and SQLite's lower() knows only ASCII."""
    pairs = []
    for letter, plain in UNDECOMPOSABLE_LETTERS.items():
        # Upper cases that are ASCII or two letters ("SS") need no replacing.
        pairs += [
            (variant, plain)
            for variant in dict.fromkeys((letter, letter.upper()))
            if len(variant) == 1 and not variant.isascii()
        ]
    return [*pairs, ("ẞ", "ss")]  # capital sharp s, which "ß".upper() is not


_LETTER_PAIRS = _letter_pairs()


def _folded(expression: str) -> str:
    """SQL for the text of `expression` with ł, ø, æ, ß... spelled as PostgreSQL's unaccent spells them."""
    for letter, plain in _LETTER_PAIRS:
        expression = f"replace({expression}, '{letter}', '{plain}')"
    return expression


_COLS = ", ".join(COLUMNS)
_NEW = ", ".join(_folded(f"new.{c}") for c in COLUMNS)
_OLD = ", ".join(_folded(f"old.{c}") for c in COLUMNS)
_ALL = ", ".join(_folded(c) for c in COLUMNS)

# External content: the texts stay in the organisation table only; FTS5 keeps just the index.
# `remove_diacritics 2` folds "Gdańsk" and "Gdansk" to the same token. Letters that are not a base
# letter plus a mark (Łódź, København, Straße, Ísafjörður) it keeps, so the triggers index them
# replaced (`_folded`) and queries are replaced alike; the index thus holds texts that differ from
# the table's, which is fine for an index only ever asked for rowids and ranks (no snippets), as long
# as every write to it folds: hence no FTS5 'rebuild' (it would read the table's texts), see REINDEX_SQL.
# The prefix indexes make "design*"-style queries (every search's last word) index lookups, not scans.
CREATE_SQL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5({_COLS}, content='{TABLE}', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
]
TRIGGERS_SQL = [
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}(rowid, {_COLS}) VALUES (new.id, {_NEW}); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, {_COLS}) VALUES ('delete', old.id, {_OLD}); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF {_COLS} ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, {_COLS}) VALUES ('delete', old.id, {_OLD}); "
    f"INSERT INTO {FTS}(rowid, {_COLS}) VALUES (new.id, {_NEW}); END",
]
REINDEX_SQL = [
    f"INSERT INTO {FTS}({FTS}) VALUES ('delete-all')",
    f"INSERT INTO {FTS}(rowid, {_COLS}) SELECT id, {_ALL} FROM {TABLE}",
]
DROP_TRIGGERS_SQL = [
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_au",
]
DROP_SQL = [*DROP_TRIGGERS_SQL, f"DROP TABLE IF EXISTS {FTS}"]


def install(cursor: Any) -> None:
    """Create the index and its triggers (idempotent) and index what is already there.

    Django rebuilds a SQLite table to alter it (copy, drop, rename), which drops its triggers: calling
    this again after such a migration restores them; the rebuild re-reads every row.
    """
    for statement in [*CREATE_SQL, *TRIGGERS_SQL, *REINDEX_SQL]:
        cursor.execute(statement)


def reinstall(cursor: Any) -> None:
    """Replace the triggers with this module's and reindex every row (a migration's step)."""
    for statement in DROP_TRIGGERS_SQL:
        cursor.execute(statement)
    install(cursor)


def ensure_triggers(connection: Any) -> bool:
    """Restore the triggers if a table rebuild dropped them (see `install`); True when it had to.

    Runs after every `migrate` (post_migrate), so a future migration that alters the organisation
    table on SQLite cannot silently stop the search index from following the data.
    """
    with connection.cursor() as cursor:
        names = {
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s", [f"{FTS}%"]
            ).fetchall()
        }
        if FTS not in names or {f"{FTS}_ai", f"{FTS}_ad", f"{FTS}_au"} <= names:
            return False  # not installed yet (before 0003_search), or intact
        install(cursor)
    return True


def uninstall(cursor: Any) -> None:
    for statement in DROP_SQL:
        cursor.execute(statement)


def match_expression(terms: list[str]) -> str:
    """An FTS5 query: every word as a quoted string (so nothing in it is syntax), the last one a prefix."""
    quoted = ['"' + fold_undecomposable(term).replace('"', '""') + '"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def hits(cursor: Any, terms: list[str]) -> list[tuple[int, float]]:
    """(id, relevance) per matching row. The FTS table alone answers: no join for the planner to get
    wrong (joined to the organisation table, SQLite may scan that table and probe the index per row).
    bm25 is lower for better matches; negated so that relevance is "higher is better" on both databases.
    """
    weights = ", ".join(str(w) for w in WEIGHTS)
    cursor.execute(f"SELECT rowid, -bm25({FTS}, {weights}) FROM {FTS} WHERE {FTS} MATCH %s", [match_expression(terms)])
    return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]
