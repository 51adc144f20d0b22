from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SizeBand(models.TextChoices):
    SOLO = "solo", _("1 person")
    MICRO = "micro", _("2–9 people")
    SMALL = "small", _("10–49 people")
    MEDIUM = "medium", _("50–249 people")
    LARGE = "large", _("250 people or more")


class InternationalExperience(models.TextChoices):
    NONE = "none", pgettext_lazy("international experience", "None yet")
    SOME = "some", pgettext_lazy("international experience", "Some (occasional projects abroad)")
    EXTENSIVE = "extensive", pgettext_lazy("international experience", "Extensive (regular work abroad)")


class MembershipRole(models.TextChoices):
    MEMBER = "member", pgettext_lazy("membership role", "Member")
    ADMIN = "admin", pgettext_lazy("membership role", "Organisation admin")


class SocialPlatform(models.TextChoices):
    LINKEDIN = "linkedin", "LinkedIn"
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"
    YOUTUBE = "youtube", "YouTube"
    VIMEO = "vimeo", "Vimeo"
    BEHANCE = "behance", "Behance"
    OTHER = "other", pgettext_lazy("social platform", "Other")


# The texts written by organisations; each has a sibling `<name>_lang` with its language code.
TEXT_FIELDS = ("description", "offers", "needs")
