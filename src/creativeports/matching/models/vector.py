from __future__ import annotations

import numpy as np
from django.db import models
from django.utils.translation import gettext_lazy as _

from creativeports.directory.models import Organisation


class VectorKind(models.TextChoices):
    # What the organisation looks for, embedded in the "query" role.
    NEEDS = "needs", _("needs")
    # Who the organisation is and what it offers (name, description, offers), "passage" role.
    PROFILE = "profile", _("profile")


class ProfileVector(models.Model):
    """An embedding of one of an organisation's texts, stored so that every web process and every
    PostgreSQL deployment's workers share it; `text_hash` says which text and embedder made it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="vectors")
    kind = models.CharField(max_length=8, choices=VectorKind.choices)
    embedder = models.CharField(max_length=64)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()  # float32, little-endian
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile vector")
        verbose_name_plural = _("profile vectors")
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"], name="profile_vector_unique")]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.kind}"

    def as_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.vector), dtype="<f4")


class IndexVersion(models.Model):
    """One row whose token changes whenever vectors do, so each process knows when to reload its
    in-memory index (one cheap query, at most once a second)."""

    token = models.CharField(max_length=32)
    # Changes whenever stored match lists or dismissals do (cached recommendation pages follow it);
    # unlike `token`, it does not make processes reload their vectors.
    lists = models.CharField(max_length=32, default="")

    def __str__(self) -> str:
        return self.token
