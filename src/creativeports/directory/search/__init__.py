"""Full-text search of organisations: one selector, one implementation per database.

SQLite uses an FTS5 table, PostgreSQL a trigger-maintained tsvector column with a GIN index; both
are created by migration 0003 and kept in sync by the database itself (triggers), so every write
path (services, admin, bulk import, raw updates) is indexed. Only public texts are indexed: name,
city, description, offers and needs, never contact details.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import FloatField, QuerySet, Value

from creativeports.directory.models import Organisation
from creativeports.directory.search import postgres, sqlite
from creativeports.directory.search.terms import search_terms

__all__ = ["RANK", "organisation_search", "search_terms"]

# The name of the relevance annotation added by `organisation_search(..., ranked=True)`: higher is better.
RANK = "search_rank"


def organisation_search(queryset: QuerySet[Organisation], q: str, *, ranked: bool = False) -> QuerySet[Organisation]:
    """Narrow `queryset` to organisations whose public texts match `q` (diacritics-insensitive, last word
    as a prefix). Input without any word matches nothing.

    With `ranked=True` the result carries a `search_rank` annotation (higher is more relevant) for
    ordering; use it only on the outermost queryset (the ranking refers to the organisation table by
    name, so it cannot live inside a subquery). Without it the queryset can be nested anywhere.
    """
    terms = search_terms(q)
    if not terms:
        # Still annotated, so that ordering by the rank works whatever was typed.
        return queryset.none().annotate(**{RANK: Value(0.0, output_field=FloatField())}) if ranked else queryset.none()
    vendor = connections[queryset.db].vendor
    backend = postgres if vendor == "postgresql" else sqlite
    return backend.search(queryset, terms, ranked=ranked)
