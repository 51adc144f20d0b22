from django.db import models


class ListingChange(models.Model):
    """A single row whose token the database replaces on every change to the directory's data.

    Triggers on the organisation table and its facet link tables write it (directory.listing.changes),
    so every write path (services, admin, bulk imports, raw SQL) is covered. The in-memory listing
    compares the token with the one it was built at; a random token rather than a counter, because a
    rolled-back transaction would let a counter repeat a value the listing had already seen.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.token
