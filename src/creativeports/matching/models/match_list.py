from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from creativeports.directory.models import Organisation


class MatchList(models.Model):
    """An organisation's best partner candidates with the evidence for each, computed in the
    background (services.match_lists) so that reading recommendations costs a lookup, not a search.

    `items` holds, best first, `[candidate id, score, need_offer, offer_need, profile, lexical,
    dismissed_like, [shared words]]`. Visibility is applied when read, never here: one list serves
    every reader. It counts only while `embedder` and `weights` are those in force.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="match_list"
    )
    items = models.JSONField(default=list)
    embedder = models.CharField(max_length=64)
    weights = models.CharField(max_length=16)  # fingerprint of the weights used
    computed = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("match list")
        verbose_name_plural = _("match lists")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {len(self.items)} candidates"
