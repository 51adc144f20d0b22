"""Reference data: codes with labels in several languages, loaded from `taxonomy/data/*.json`.

Labels live in a `names` JSON object keyed by language code. This is the one mechanism for
translated reference data: adding a language means adding keys to the data files, not migrations.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class NamedTaxonomy(models.Model):
    names = models.JSONField(_("names"), default=dict, help_text=_("Label per language code."))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the active language, falling back to English, then to the code."""
        language = (get_language() or "en").lower()
        names: dict[str, str] = self.names or {}
        return names.get(language) or names.get(language.split("-")[0]) or names.get("en") or str(self.pk)


class Country(NamedTaxonomy):
    code = models.CharField(_("ISO 3166-1 code"), max_length=2, primary_key=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]


class Network(NamedTaxonomy):
    """A macro-regional network (e.g. the Baltic Sea Region) and its member countries."""

    code = models.SlugField(_("code"), max_length=32, primary_key=True)
    countries = models.ManyToManyField(Country, through="NetworkMembership", related_name="networks")

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["code"]


class NetworkMembership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        NEIGHBOUR = "neighbour", _("neighbour")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="network_memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "country"], name="network_country_unique")]

    def __str__(self) -> str:
        return f"{self.network_id}:{self.country_id} ({self.role})"


class Language(NamedTaxonomy):
    code = models.CharField(_("ISO 639-1 code"), max_length=2, primary_key=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]


class CciDomain(NamedTaxonomy):
    class Kind(models.TextChoices):
        ESSNET = "essnet", _("ESSnet-Culture domain")
        SECTOR = "sector", _("creative-industry sector")

    code = models.SlugField(_("code"), max_length=32, primary_key=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    essnet_no = models.PositiveSmallIntegerField(_("ESSnet number"), null=True, blank=True)
    related = models.ManyToManyField("self", blank=True, symmetrical=True, verbose_name=_("adjacent domains"))
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=200, blank=True)
    source = models.TextField(blank=True)

    class Meta:
        verbose_name = _("CCI domain")
        verbose_name_plural = _("CCI domains")
        ordering = ["position", "code"]


class NaceCode(NamedTaxonomy):
    code = models.CharField(_("NACE Rev. 2 code"), max_length=8, primary_key=True)
    section = models.CharField(_("section"), max_length=1)
    domains = models.ManyToManyField(CciDomain, blank=True, related_name="nace_codes")
    status = models.CharField(max_length=200, blank=True)
    source = models.TextField(blank=True)

    class Meta:
        verbose_name = _("NACE code")
        verbose_name_plural = _("NACE codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Sdg(NamedTaxonomy):
    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)

    class Meta:
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"


class OrganisationType(NamedTaxonomy):
    class Category(models.TextChoices):
        ACTOR = "actor", _("CCI actor")
        INTERMEDIARY = "intermediary", _("intermediary")
        AUTHORITY = "authority", _("public authority")
        OTHER = "other", _("other")

    code = models.SlugField(_("code"), max_length=32, primary_key=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("organisation type")
        verbose_name_plural = _("organisation types")
        ordering = ["position"]
