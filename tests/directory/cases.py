"""Data shared by the directory tests: the roles, and bad input for the organisation form."""

from __future__ import annotations

from django.utils import timezone

# Every role of the platform, seen from the `organisation` fixture of tests/conftest.py:
# a visitor, an admin of another organisation, a member and an admin of this one, the secretariat
# and a superuser.
ROLES = ("anonymous", "outsider", "member", "admin", "secretariat", "superuser")

# (case id, changes to the valid data, field expected to carry the error)
BAD_INPUT = [
    ("bad-email", {"email": "hello(at)amber-sound"}, "email"),
    ("bad-url", {"website": "amber sound dot example"}, "website"),
    ("javascript-url", {"website": "javascript:alert(1)"}, "website"),
    ("unknown-country", {"country": "XX"}, "country"),
    ("lowercase-country", {"country": "lt"}, "country"),
    ("unknown-type", {"type": "pirate"}, "type"),
    ("latitude-91", {"latitude": "91"}, "latitude"),
    ("longitude-minus-181", {"longitude": "-181"}, "longitude"),
    ("latitude-not-a-number", {"latitude": "north"}, "latitude"),
    ("description-5001", {"description": "x" * 5001}, "description"),
    ("offers-3001", {"offers": "x" * 3001}, "offers"),
    ("name-201", {"name": "x" * 201}, "name"),
    ("name-missing", {"name": ""}, "name"),
    ("unknown-domain", {"domains": ["music", "underwater-basket-weaving"]}, "domains"),
    ("unknown-sdg", {"sdgs": ["4", "18"]}, "sdgs"),
    ("unknown-language", {"languages": ["xx"]}, "languages"),
    ("unknown-target-market", {"target_markets": ["ZZ"]}, "target_markets"),
    ("unknown-nace", {"nace_codes": ["99.99"]}, "nace_codes"),
    ("founded-next-year", {"founded": str(timezone.now().year + 1)}, "founded"),
    ("founded-999", {"founded": "999"}, "founded"),
    ("bad-phone-letters", {"phone": "call me maybe"}, "phone"),
    ("bad-phone-script", {"phone": "<script>1</script>"}, "phone"),
    ("unknown-size", {"size": "huge"}, "size"),
    ("unknown-visibility", {"email_visibility": "everyone"}, "email_visibility"),
    ("unknown-profile-visibility", {"profile_visibility": "world"}, "profile_visibility"),
    ("unknown-description-lang", {"description_lang": "klingon"}, "description_lang"),
    ("nine-social-links", {"social_links": "\n".join(f"https://example.org/{i}" for i in range(9))}, "social_links"),
    ("social-link-not-url", {"social_links": "instagram: ambersound"}, "social_links"),
    ("social-link-ftp", {"social_links": "ftp://files.example.org/"}, "social_links"),
]

# Our own messages, worded for the person filling in the form.
OWN_MESSAGES = {
    "founded-next-year": f"Enter a founding year between 1000 and {timezone.now().year}.",
    "founded-999": f"Enter a founding year between 1000 and {timezone.now().year}.",
    "bad-phone-letters": "Enter a phone number of digits, spaces and + ( ) - . / only, e.g. +49 40 1234567.",
    "nine-social-links": "Give at most 8 links.",
    "social-link-not-url": "“instagram: ambersound” is not a web address.",
}
