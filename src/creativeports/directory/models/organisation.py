from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creativeports.common.enums import Visibility
from creativeports.common.models import TimeStampedModel
from creativeports.directory.enums import InternationalExperience, SizeBand, SocialPlatform
from creativeports.directory.identity import DerivedKeyField, normalise_name, website_domain
from creativeports.directory.validators import (
    latitude_validators,
    longitude_validators,
    validate_founded,
    validate_phone,
)
from creativeports.taxonomy.models import CciDomain, Country, Language, NaceCode, OrganisationType, Sdg

# The fields of a profile that people edit (forms, API, import, services and the audit log use these).
M2M_FIELDS = ("domains", "nace_codes", "languages", "target_markets", "sdgs")
SCALAR_FIELDS = (
    "name",
    "type",
    "country",
    "region",
    "city",
    "latitude",
    "longitude",
    "size",
    "founded",
    "website",
    "description",
    "description_lang",
    "offers",
    "offers_lang",
    "needs",
    "needs_lang",
    "international_experience",
    "contact_name",
    "contact_name_visibility",
    "email",
    "email_visibility",
    "phone",
    "phone_visibility",
    "profile_visibility",
)

LANG_FIELD = {"max_length": 8, "blank": True, "help_text": _("ISO 639-1 code; detected when left empty.")}


class Organisation(TimeStampedModel):
    """A CCI actor, intermediary or authority of the network: its public profile and contact details."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=220, unique=True)
    type = models.ForeignKey(OrganisationType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+")
    domains = models.ManyToManyField(CciDomain, verbose_name=_("CCI domains"), blank=True, related_name="organisations")
    nace_codes = models.ManyToManyField(NaceCode, verbose_name=_("NACE codes"), blank=True, related_name="+")
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="organisations"
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=latitude_validators)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=longitude_validators)
    # True when the coordinates are the city's (from the offline gazetteer), not the organisation's own.
    location_approximate = models.BooleanField(_("approximate location"), default=False)
    size = models.CharField(_("size"), max_length=16, choices=SizeBand.choices, blank=True)
    founded = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True, validators=[validate_founded])
    languages = models.ManyToManyField(
        Language, verbose_name=_("working languages"), blank=True, related_name="organisations"
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)

    description = models.TextField(_("description"), max_length=5000, blank=True)
    description_lang = models.CharField(_("language of the description"), **LANG_FIELD)
    offers = models.TextField(_("what we offer"), max_length=3000, blank=True)
    offers_lang = models.CharField(_("language of the offers"), **LANG_FIELD)
    needs = models.TextField(_("what we are looking for"), max_length=3000, blank=True)
    needs_lang = models.CharField(_("language of the needs"), **LANG_FIELD)

    target_markets = models.ManyToManyField(
        Country, verbose_name=_("target markets"), blank=True, related_name="targeted_by"
    )
    international_experience = models.CharField(
        _("international experience"), max_length=16, choices=InternationalExperience.choices, blank=True
    )
    sdgs = models.ManyToManyField(Sdg, verbose_name=_("SDGs we work on"), blank=True, related_name="organisations")

    # Contact details, each with its own audience.
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_name_visibility = models.CharField(
        _("who sees the contact person"), max_length=8, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    email = models.EmailField(_("email"), blank=True)
    email_visibility = models.CharField(
        _("who sees the email"), max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    phone_visibility = models.CharField(
        _("who sees the phone"), max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )

    profile_visibility = models.CharField(
        _("who sees this profile"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    consent_at = models.DateTimeField(_("consent to publish given"), null=True, blank=True)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_version = models.CharField(_("consent text version"), max_length=16, blank=True)

    is_verified = models.BooleanField(_("verified"), default=False, db_index=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    is_demo = models.BooleanField(_("fictional demo organisation"), default=False)
    # Duplicate detection keys (directory.identity), kept in step with the name and the website.
    name_key = DerivedKeyField(_("name for duplicate detection"), max_length=200, source="name", derive=normalise_name)
    website_key = DerivedKeyField(
        _("website host for duplicate detection"), max_length=300, source="website", derive=website_domain
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["country", "type"]),
            models.Index(fields=["profile_visibility", "merged_into"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="organisation_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="organisation_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation.detail", kwargs={"slug": self.slug})


class SocialLink(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="social_links")
    platform = models.CharField(_("platform"), max_length=16, choices=SocialPlatform.choices)
    url = models.URLField(_("address"), max_length=300)

    class Meta:
        verbose_name = _("social link")
        verbose_name_plural = _("social links")
        ordering = ["platform", "id"]

    def __str__(self) -> str:
        return self.url
