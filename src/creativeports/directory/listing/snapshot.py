"""A columnar, in-memory copy of what the directory filters, counts, sorts and maps by.

At 100,000 organisations, SQL that counts eight facets under each other's filters costs hundreds of
milliseconds a page on either database. Held as numpy arrays (a few MB), the same work is a handful
of vectorised passes taking about a millisecond. Texts stay in the database: the snapshot holds
codes, flags, coordinates and sort orders only, never anything a reader might not be allowed to see.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connections

from creativeports.common.enums import Visibility
from creativeports.directory.listing.changes import LINKED_COLUMNS, current_token
from creativeports.directory.models import Organisation

# Scalar facets: column in the organisation table.
SCALAR_COLUMNS = {"country": "country_id", "region": "region", "type": "type_id", "size": "size"}
# Searches remembered per snapshot (their hit positions and ranks), most recent first.
SEARCH_CACHE_SIZE = 256


@dataclass
class Codes:
    """One facet's values as small integer codes into `values`."""

    values: list[Any]
    index: dict[Any, int]

    @classmethod
    def of(cls, raw: list[Any]) -> tuple[Codes, np.ndarray]:
        index: dict[Any, int] = {}
        codes = np.fromiter((index.setdefault(v, len(index)) for v in raw), dtype=np.int32, count=len(raw))
        return cls(values=list(index), index=index), codes

    def codes_of(self, wanted: list[Any]) -> np.ndarray:
        return np.array([self.index[v] for v in wanted if v in self.index], dtype=np.int32)


@dataclass
class Links:
    """A many-to-many facet: parallel arrays of row positions and value codes, one pair per link."""

    codes: Codes
    rows: np.ndarray
    values: np.ndarray


@dataclass
class Snapshot:
    token: str
    ids: np.ndarray  # organisation ids, ascending; a row's position is its index here
    visibility: np.ndarray  # codes into VISIBILITY
    merged: np.ndarray  # bool: merged into another profile
    verified: np.ndarray  # bool
    latitude: np.ndarray  # float64, NaN when unknown
    longitude: np.ndarray
    scalars: dict[str, tuple[Codes, np.ndarray]]
    links: dict[str, Links]
    by_name: np.ndarray  # row positions in (name, id) order
    by_newest: np.ndarray  # row positions in (-created, -id) order
    searches: OrderedDict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = field(default_factory=OrderedDict)
    searches_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def size(self) -> int:
        return len(self.ids)

    def positions_of(self, ids: np.ndarray | list[int]) -> np.ndarray:
        """Row positions of the given ids that are in the snapshot (others are dropped)."""
        wanted = np.asarray(ids, dtype=np.int64)
        if not len(self.ids) or not len(wanted):
            return np.empty(0, dtype=np.int64)
        found = np.searchsorted(self.ids, wanted)
        found = np.minimum(found, len(self.ids) - 1)
        kept: np.ndarray = found[self.ids[found] == wanted]
        return kept


VISIBILITY = [str(v) for v in Visibility.values]


def build(using: str = "default", token: str | None = None) -> Snapshot:
    """Read the snapshot from the database. The token is read before the data (or given, read
    before): data newer than its token only costs an extra rebuild later, while the other order
    could label old data with a new token."""
    if token is None:
        token = current_token(using)
    table = Organisation._meta.db_table
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, profile_visibility, merged_into_id IS NOT NULL, is_verified, latitude, longitude, "  # noqa: S608
            f"{', '.join(SCALAR_COLUMNS.values())} FROM {table} ORDER BY id"
        )
        rows = cursor.fetchall()
        cursor.execute(f"SELECT id FROM {table} ORDER BY name, id")  # noqa: S608
        name_order = [r[0] for r in cursor.fetchall()]
        cursor.execute(f"SELECT id FROM {table} ORDER BY created DESC, id DESC")  # noqa: S608
        newest_order = [r[0] for r in cursor.fetchall()]
        linked_rows = {}
        for facet, (name, column) in LINKED_COLUMNS.items():
            through = Organisation._meta.get_field(name).remote_field.through  # type: ignore[union-attr]
            cursor.execute(f"SELECT organisation_id, {column} FROM {through._meta.db_table}")  # noqa: S608
            linked_rows[facet] = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * (6 + len(SCALAR_COLUMNS))
    ids = np.array(columns[0], dtype=np.int64)
    visibility_index = {v: i for i, v in enumerate(VISIBILITY)}
    snapshot = Snapshot(
        token=token,
        ids=ids,
        visibility=np.array([visibility_index.get(v, len(VISIBILITY)) for v in columns[1]], dtype=np.int8),
        merged=np.array(columns[2], dtype=bool),
        verified=np.array(columns[3], dtype=bool),
        latitude=np.array([np.nan if v is None else v for v in columns[4]], dtype=np.float64),
        longitude=np.array([np.nan if v is None else v for v in columns[5]], dtype=np.float64),
        scalars={facet: Codes.of(list(columns[6 + i]) if rows else []) for i, facet in enumerate(SCALAR_COLUMNS)},
        links={},
        by_name=np.empty(0, dtype=np.int64),
        by_newest=np.empty(0, dtype=np.int64),
    )
    snapshot.by_name = snapshot.positions_of(name_order)
    snapshot.by_newest = snapshot.positions_of(newest_order)
    for facet, pairs in linked_rows.items():
        owners = np.array([p[0] for p in pairs], dtype=np.int64)
        positions = np.searchsorted(ids, owners) if len(ids) else np.empty(0, dtype=np.int64)
        codes, values = Codes.of([p[1] for p in pairs])
        snapshot.links[facet] = Links(codes=codes, rows=positions, values=values)
    return snapshot


class _Holder:
    """The latest snapshot per database, rebuilt when the change token moves (one builder at a time)."""

    def __init__(self) -> None:
        self.snapshots: dict[str, Snapshot] = {}
        self.lock = threading.Lock()

    def get(self, using: str) -> Snapshot:
        token = current_token(using)
        snapshot = self.snapshots.get(using)
        if snapshot is not None and snapshot.token == token:
            return snapshot
        with self.lock:
            # Another thread may have built it for this very token meanwhile.
            snapshot = self.snapshots.get(using)
            if snapshot is None or snapshot.token != token:
                snapshot = build(using, token)
                self.snapshots[using] = snapshot
        return snapshot


_holder = _Holder()


def snapshot_current(using: str = "default") -> Snapshot:
    """The snapshot matching the data this connection sees now (built or rebuilt if needed)."""
    return _holder.get(using)
