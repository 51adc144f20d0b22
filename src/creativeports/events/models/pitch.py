from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from creativeports.directory.models import Organisation
from creativeports.events.models.programme import Session
from creativeports.taxonomy.models import Sdg


class PitchSettings(models.Model):
    """The open call and the jury of a pitch session ("Pitching for a Better Baltic Sea")."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="pitching", primary_key=True)
    call_open = models.BooleanField(_("open for pitches"), default=True)
    audience_vote = models.BooleanField(_("audience vote"), default=True)
    results_published = models.BooleanField(_("results published"), default=False)
    jurors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("jury"))

    def __str__(self) -> str:
        return f"pitching of {self.session_id}"


class Criterion(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=100)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Pitch(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="pitches")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    sdgs = models.ManyToManyField(Sdg, verbose_name=_("SDGs it serves"), related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")
        ordering = ["created", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "organisation"], name="pitch_once_per_organisation")]

    def __str__(self) -> str:
        return self.title


class Score(models.Model):
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pitch", "criterion", "juror"], name="score_once"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=5), name="score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.juror_id}: {self.pitch_id}/{self.criterion_id} = {self.value}"


class JurySubmission(models.Model):
    """A juror has handed in their scores: from then on they see the others' (until then, blind)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="jury_submissions")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "juror"], name="jury_submission_once")]

    def __str__(self) -> str:
        return f"{self.juror_id} submitted {self.session_id}"


class Vote(models.Model):
    """One audience vote per person and pitch session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="votes")
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "voter"], name="vote_once")]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.pitch_id}"
