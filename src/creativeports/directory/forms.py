"""Forms for organisation profiles. The API validates its input with the same forms."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creativeports.common.uploads import image_reencode
from creativeports.directory.enums import MembershipRole, SocialPlatform
from creativeports.directory.models import Organisation
from creativeports.directory.models.organisation import M2M_FIELDS, SCALAR_FIELDS
from creativeports.taxonomy.models import Language

MAX_SOCIAL_LINKS = 8

# Hosts we recognise, to label social links without asking people to pick a platform.
_SOCIAL_HOSTS = {
    "linkedin.com": SocialPlatform.LINKEDIN,
    "instagram.com": SocialPlatform.INSTAGRAM,
    "facebook.com": SocialPlatform.FACEBOOK,
    "youtube.com": SocialPlatform.YOUTUBE,
    "vimeo.com": SocialPlatform.VIMEO,
    "behance.net": SocialPlatform.BEHANCE,
    "bsky.app": SocialPlatform.BLUESKY,
    "mastodon.social": SocialPlatform.MASTODON,
}


def social_platform_for(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    for known, platform in _SOCIAL_HOSTS.items():
        if host == known or host.endswith("." + known):
            return platform
    return SocialPlatform.OTHER


class SdgMultipleChoiceField(forms.ModelMultipleChoiceField):
    """SDGs by number, checked with `sdg_number_valid` before any lookup."""

    def _check_values(self, value: Any) -> Any:
        for item in value:
            if not sdg_number_valid(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


def validate_coordinates_pair(latitude: float | None, longitude: float | None) -> None:
    """Both coordinates or neither (the profile form and the import share this rule)."""
    if (latitude is None) != (longitude is None):
        raise ValidationError(_("Give both latitude and longitude, or neither."))


def sdg_number_valid(value: Any) -> bool:
    """SDG numbers are small integers; anything else is refused before it reaches the database
    (a number beyond the database's integer range would otherwise fail there, not in validation)."""
    text = str(value).strip()
    return text.isdigit() and 1 <= int(text) <= 1000


def content_language_choices() -> list[tuple[str, str]]:
    codes = settings.CREATIVEPORTS_CONTENT_LANGUAGES
    labels = {lang.code: lang.label for lang in Language.objects.filter(code__in=codes)}
    return [("", _("Detect automatically"))] + [(code, labels.get(code, code)) for code in codes]


class OrganisationForm(forms.ModelForm):
    logo_file = forms.FileField(
        label=gettext_lazy("Logo"),
        help_text=gettext_lazy("PNG, JPEG, GIF or WebP, up to 2 MB. We store a resized copy."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    social_links = forms.CharField(
        label=gettext_lazy("Social media links"),
        help_text=gettext_lazy("One address per line, up to 8."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Organisation
        fields = [*SCALAR_FIELDS, *M2M_FIELDS]
        field_classes = {"sdgs": SdgMultipleChoiceField}
        widgets = {
            "domains": forms.CheckboxSelectMultiple,
            "nace_codes": forms.CheckboxSelectMultiple,
            "sdgs": forms.CheckboxSelectMultiple,
            "languages": forms.SelectMultiple(attrs={"size": 8}),
            "target_markets": forms.SelectMultiple(attrs={"size": 8}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "offers": forms.Textarea(attrs={"rows": 4}),
            "needs": forms.Textarea(attrs={"rows": 4}),
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
        }

    # Groups of fields as the page shows them, with the legend of each group.
    FIELDSETS = (
        (gettext_lazy("Who you are"), ("name", "type", "logo_file", "size", "founded", "profile_visibility"), ""),
        (gettext_lazy("Where you are"), ("country", "region", "city", "latitude", "longitude"), ""),
        (
            gettext_lazy("What you do"),
            (
                "description",
                "description_lang",
                "offers",
                "offers_lang",
                "needs",
                "needs_lang",
                "domains",
                "nace_codes",
            ),
            gettext_lazy("Write in any language of the region. We detect the language when you leave it empty."),
        ),
        (gettext_lazy("International work"), ("languages", "target_markets", "international_experience", "sdgs"), ""),
        (
            gettext_lazy("Online and contact"),
            (
                "website",
                "social_links",
                "contact_name",
                "contact_name_visibility",
                "email",
                "email_visibility",
                "phone",
                "phone_visibility",
            ),
            "",
        ),
    )

    def fieldsets(self) -> list[tuple[str, str, list[Any]]]:
        return [
            (str(legend), str(help_text), [self[name] for name in names]) for legend, names, help_text in self.FIELDSETS
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("description_lang", "offers_lang", "needs_lang"):
            self.fields[name] = forms.ChoiceField(
                label=self.fields[name].label, choices=content_language_choices(), required=False
            )
        self.fields["type"].empty_label = None
        if self.instance.pk and "social_links" not in self.initial:
            self.initial["social_links"] = "\n".join(self.instance.social_links.values_list("url", flat=True))

    def clean_social_links(self) -> list[dict[str, str]]:
        raw = self.cleaned_data.get("social_links") or ""
        if isinstance(raw, list | tuple):
            urls = [str(u).strip() for u in raw if str(u).strip()]
        else:
            urls = [line.strip() for line in str(raw).splitlines() if line.strip()]
        if len(urls) > MAX_SOCIAL_LINKS:
            raise ValidationError(_("Give at most %(n)d links.") % {"n": MAX_SOCIAL_LINKS})
        validate = URLValidator(schemes=["http", "https"])
        links = []
        for url in urls:
            try:
                validate(url)
            except ValidationError as exc:
                raise ValidationError(_("“%(url)s” is not a web address.") % {"url": url[:100]}) from exc
            if len(url) > 300:
                raise ValidationError(_("Web addresses can be at most 300 characters long."))
            links.append({"platform": social_platform_for(url), "url": url})
        return links

    def clean_logo_file(self) -> Any:
        upload = self.cleaned_data.get("logo_file")
        if upload:
            image_reencode(upload)  # raises ValidationError for anything but a real image
            upload.seek(0)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.has_error("latitude") and not self.has_error("longitude"):
            validate_coordinates_pair(data.get("latitude"), data.get("longitude"))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values in the shape the organisation services take (the logo goes separately)."""
        fields = dict(self.cleaned_data)
        fields.pop("logo_file", None)
        return fields


class OrganisationCreateForm(OrganisationForm):
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I am authorised to list this organisation, and it agrees that the profile is published "
            "and its contact details are shown to the audiences chosen above."
        ),
        required=True,
    )

    def service_fields(self) -> dict[str, Any]:
        fields = super().service_fields()
        fields.pop("consent", None)
        return fields


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=gettext_lazy("Logo"),
        help_text=gettext_lazy("PNG, JPEG, GIF or WebP, up to 2 MB. We store a resized copy."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER)


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=gettext_lazy("Keep this organisation"),
        queryset=Organisation.objects.filter(merged_into__isnull=True),
        widget=forms.NumberInput,
        help_text=gettext_lazy("The id of the organisation that stays; this one is folded into it."),
    )
