"""Demo data: the Creative Ports partners, 200+ fictional organisations and a demo user per role.

Loading is idempotent: organisations and users that exist already are left as they are, so a
second run (every `make run`) neither duplicates nor overwrites what people changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils.text import slugify

from creativeports.accounts.models import User
from creativeports.directory.enums import MembershipRole
from creativeports.directory.models import Membership, Organisation
from creativeports.directory.services.organisation import organisation_create
from creativeports.taxonomy.models import CciDomain, Country, Language, NaceCode, OrganisationType, Sdg

DEMO_DIR = Path(__file__).resolve().parent
DEMO_PASSWORD = "creative-ports-demo"  # noqa: S105  # printed on purpose: demo accounts only


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: str
    organisation_key: str | None = None
    membership_role: str = MembershipRole.MEMBER
    is_secretariat: bool = False
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser("member@demo.example", "Maja Member (demo)", "member of an organisation", "demo-001"),
    DemoUser("orgadmin@demo.example", "Otto Orgadmin (demo)", "organisation admin", "demo-001", MembershipRole.ADMIN),
    DemoUser(
        "intermediary@demo.example", "Ilze Intermediary (demo)", "intermediary", "partner-07", MembershipRole.ADMIN
    ),
    DemoUser(
        "authority@demo.example", "Aleksandra Authority (demo)", "public authority", "partner-08", MembershipRole.ADMIN
    ),
    DemoUser(
        "secretariat@demo.example",
        "Sören Secretariat (demo)",
        "secretariat",
        "partner-04",
        MembershipRole.ADMIN,
        is_secretariat=True,
    ),
    DemoUser("admin@demo.example", "Ada Superuser (demo)", "superuser", None, is_superuser=True),
)


def _load(name: str) -> list[dict[str, Any]]:
    with (DEMO_DIR / name).open(encoding="utf-8") as fh:
        items: list[dict[str, Any]] = json.load(fh)["items"]
    return items


def _fields(item: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": item["name"],
        "type": OrganisationType.objects.get(code=item["type"]),
        "country": Country.objects.get(code=item["country"]),
        "region": item.get("region", ""),
        "city": item.get("city", ""),
        "latitude": item.get("lat"),
        "longitude": item.get("lon"),
        "size": item.get("size", ""),
        "founded": item.get("founded"),
        "website": item.get("website", ""),
        "international_experience": item.get("international_experience", ""),
        "email": item.get("email", ""),
        "email_visibility": item.get("email_visibility", "private"),
        "phone": item.get("phone", ""),
        "phone_visibility": item.get("phone_visibility", "private"),
        "domains": list(CciDomain.objects.filter(code__in=item.get("domains", []))),
        "nace_codes": list(NaceCode.objects.filter(code__in=item.get("nace", []))),
        "languages": list(Language.objects.filter(code__in=item.get("languages", []))),
        "target_markets": list(Country.objects.filter(code__in=item.get("target_markets", []))),
        "sdgs": list(Sdg.objects.filter(number__in=item.get("sdgs", []))),
        "social_links": item.get("social", []),
    }
    for text in ("description", "offers", "needs"):
        fields[text] = item.get(text, "")
        fields[f"{text}_lang"] = item.get(f"{text}_lang", "")
    return fields


def _slug(item: dict[str, Any]) -> str:
    return slugify(f"{item['name']}-{item['country']}")[:200]


@transaction.atomic
def demo_load() -> dict[str, Any]:
    """Load what is missing of the demo data set; return counts of what was created."""
    created = {"organisations": 0, "users": 0}
    by_key: dict[str, Organisation] = {}
    for filename, is_demo in (("partners.json", False), ("fictional_organisations.json", True)):
        for item in _load(filename):
            organisation = Organisation.objects.filter(slug=_slug(item)).first()
            if organisation is None:
                organisation = organisation_create(actor=None, fields=_fields(item), consent=True, is_demo=is_demo)
                created["organisations"] += 1
            by_key[item["key"]] = organisation
    for demo in DEMO_USERS:
        user = User.objects.filter(email=demo.email).first()
        if user is None:
            user = User.objects.create_user(
                email=demo.email,
                password=DEMO_PASSWORD,
                full_name=demo.full_name,
                is_secretariat=demo.is_secretariat,
                is_superuser=demo.is_superuser,
                is_staff=demo.is_superuser,
            )
            EmailAddress.objects.create(user=user, email=demo.email, verified=True, primary=True)
            created["users"] += 1
        if demo.organisation_key and demo.organisation_key in by_key:
            Membership.objects.get_or_create(
                user=user, organisation=by_key[demo.organisation_key], defaults={"role": demo.membership_role}
            )
    return created
