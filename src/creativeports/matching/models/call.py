from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from creativeports.directory.models import Organisation
from creativeports.taxonomy.models import CciDomain, Country, OrganisationType


class PartnerCallQuerySet(models.QuerySet["PartnerCall"]):
    """What "open" means for calls, in one place (`PartnerCall.is_open` says it of one call)."""

    def _open_q(self) -> models.Q:
        return models.Q(status=PartnerCall.Status.OPEN, deadline__gte=timezone.localdate())

    def open(self) -> PartnerCallQuerySet:
        """Taking interest: not closed by the owner, and the deadline not passed."""
        return self.filter(self._open_q())

    def closed(self) -> PartnerCallQuerySet:
        """Closed by the owner, or past the deadline."""
        return self.exclude(self._open_q())


class PartnerCall(models.Model):
    """An organisation looking for partners for something (a project, an application); candidates
    see the calls that fit them and express interest. Closed calls stay readable."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("partner call", "open")
        CLOSED = "closed", pgettext_lazy("partner call", "closed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="partner_calls")
    title = models.CharField(_("what for"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    programme = models.CharField(_("funding programme"), max_length=150, blank=True)
    deadline = models.DateField(_("deadline"))
    partners_wanted = models.PositiveSmallIntegerField(
        _("partners wanted"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    countries = models.ManyToManyField(Country, verbose_name=_("wanted countries"), blank=True, related_name="+")
    domains = models.ManyToManyField(CciDomain, verbose_name=_("wanted CCI domains"), blank=True, related_name="+")
    types = models.ManyToManyField(
        OrganisationType, verbose_name=_("wanted types of organisation"), blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = PartnerCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner call")
        verbose_name_plural = _("partner calls")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matching:call.detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.deadline >= timezone.localdate()


class CallInterest(models.Model):
    class Status(models.TextChoices):
        INTERESTED = "interested", _("interested")
        SHORTLISTED = "shortlisted", _("shortlisted")
        DECLINED = "declined", pgettext_lazy("interest", "declined")

    call = models.ForeignKey(PartnerCall, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="call_interests")
    message = models.TextField(_("message"), max_length=3000)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.INTERESTED)
    answer = models.TextField(_("answer"), max_length=3000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["created", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "organisation"], name="call_interest_unique")]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.call_id}"
