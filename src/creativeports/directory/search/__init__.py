"""Full-text search of organisations: one selector, one implementation per database.

SQLite uses an FTS5 table, PostgreSQL a trigger-maintained tsvector column with a GIN index; both
are created by migration 0003 and kept in sync by the database itself (triggers), so every write
path (services, admin, bulk import, raw updates) is indexed. Only public texts are indexed: name,
city, description, offers and needs, never contact details.
"""

from __future__ import annotations

from django.db import connections

from creativeports.directory.search import postgres, sqlite
from creativeports.directory.search.terms import search_terms

__all__ = ["search_hits", "search_terms"]


def search_hits(terms: list[str], *, using: str = "default") -> tuple[list[int], list[float]]:
    """Ids of the organisations whose public texts contain every term (diacritics-insensitive, the
    last term as a prefix) and their relevance (higher is better), in no particular order.

    Visibility is not applied here: callers intersect with what the reader may see
    (directory.listing). No terms match nothing.
    """
    if not terms:
        return [], []
    connection = connections[using]
    backend = postgres if connection.vendor == "postgresql" else sqlite
    with connection.cursor() as cursor:
        rows = backend.hits(cursor, terms)
    return [row[0] for row in rows], [row[1] for row in rows]
