from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    """Who may read a field. Ordered from widest to narrowest audience."""

    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Signed-in members of the network")
    PRIVATE = "private", _("Only the organisation and the secretariat")
