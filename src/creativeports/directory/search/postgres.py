"""Search on PostgreSQL: a trigger-maintained, unaccented `search_vector` column with a GIN index.

The column exists only on PostgreSQL (the model does not declare it). The 'simple' configuration
(no stemming, no stop words) because the texts are in a dozen languages; `unaccent` folds diacritics
on both sides, so "Gdansk" finds "Gdańsk". Requires the `unaccent` extension (the migration creates it).
"""

# Table and column names below are this module's constants; user input only ever travels as a bound
# parameter, so the SQL-building warnings do not apply.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

TABLE = "directory_organisation"

# Weights: A (name) outranks B (city) outranks C (description, offers and needs).
_VECTOR = (
    "setweight(to_tsvector('simple', unaccent(coalesce(NEW.name, ''))), 'A') || "
    "setweight(to_tsvector('simple', unaccent(coalesce(NEW.city, ''))), 'B') || "
    "setweight(to_tsvector('simple', unaccent(concat_ws(' ', NEW.description, NEW.offers, NEW.needs))), 'C')"
)

INSTALL_SQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector",
    f"""CREATE OR REPLACE FUNCTION {TABLE}_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector := {_VECTOR};
    RETURN NEW;
END
$$ LANGUAGE plpgsql""",
    f"DROP TRIGGER IF EXISTS {TABLE}_search_vector ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_search_vector BEFORE INSERT OR UPDATE OF name, city, description, offers, needs
ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {TABLE}_search_vector_update()""",
    # Fires the trigger once per existing row.
    f"UPDATE {TABLE} SET name = name",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_search_vector_gin ON {TABLE} USING gin (search_vector)",
]
UNINSTALL_SQL = [
    f"DROP TRIGGER IF EXISTS {TABLE}_search_vector ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_search_vector_update()",
    f"DROP INDEX IF EXISTS {TABLE}_search_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def install(cursor: Any) -> None:
    for statement in INSTALL_SQL:
        cursor.execute(statement)


def uninstall(cursor: Any) -> None:
    for statement in UNINSTALL_SQL:
        cursor.execute(statement)


def tsquery(terms: list[str]) -> str:
    """A to_tsquery text: the words quoted and AND-ed, the last one a prefix (`:*`)."""
    quoted = ["'" + term.replace("'", "''").replace("\\", "\\\\") + "'" for term in terms]
    quoted[-1] += ":*"
    return " & ".join(quoted)


# unaccent() on the query text too, so that typed diacritics fold like the indexed ones.
_QUERY = "to_tsquery('simple', unaccent(%s))"


def hits(cursor: Any, terms: list[str]) -> list[tuple[int, float]]:
    """(id, relevance) per matching row, from the GIN index."""
    query = tsquery(terms)
    cursor.execute(
        f"SELECT id, ts_rank(search_vector, {_QUERY}) FROM {TABLE} WHERE search_vector @@ {_QUERY}", [query, query]
    )
    return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]
