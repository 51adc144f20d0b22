from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from creativeports.directory.models import Organisation


class Dismissal(models.Model):
    """A recommended partner an organisation does not want to see again. It also informs ranking:
    candidates much like the dismissed ones rank lower."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="dismissals")
    candidate = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed recommendation")
        verbose_name_plural = _("dismissed recommendations")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "candidate"], name="dismissal_unique"),
            models.CheckConstraint(condition=~models.Q(organisation=models.F("candidate")), name="dismissal_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} ✕ {self.candidate_id}"
