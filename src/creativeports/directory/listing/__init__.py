"""The directory's listing: filters, facet counts, sorting and map points over an in-memory snapshot.

`snapshot.py` holds a columnar copy of what the directory filters and sorts by, rebuilt when the
database's change token moves (`changes.py`: triggers on every write path). `query.py` answers the
directory page, the map, the API list and the exports from it; pages then fetch only the rows they
show from the database, through the permission rules again.
"""

from creativeports.directory.listing.query import FACETS, MULTI_FILTERS, SORTS, Filters, Listing, listing
from creativeports.directory.listing.snapshot import Snapshot, snapshot_current

__all__ = ["FACETS", "MULTI_FILTERS", "SORTS", "Filters", "Listing", "Snapshot", "listing", "snapshot_current"]
