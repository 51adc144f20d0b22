import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext as _

latitude_validators = [MinValueValidator(-90.0), MaxValueValidator(90.0)]
longitude_validators = [MinValueValidator(-180.0), MaxValueValidator(180.0)]

_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{5,28}$")


def validate_phone(value: str) -> None:
    if not _PHONE.match(value):
        raise ValidationError(
            _("Enter a phone number of digits, spaces and + ( ) - . / only, e.g. +49 40 1234567."), code="phone"
        )


def validate_founded(value: int) -> None:
    if not 1000 <= value <= timezone.now().year:
        raise ValidationError(
            _("Enter a founding year between 1000 and %(year)s.") % {"year": timezone.now().year}, code="founded"
        )
