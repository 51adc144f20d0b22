"""Demo partner calls for `make run`, so that a newcomer's first look at "Partner calls" shows the
feature at work: three open calls of demo organisations (one of them with an expression of
interest waiting for the demo organisation admin's answer, one that fits the demo accounts'
Danish publisher) and a closed one that stays readable. The organisations and the
calls are fictional; the funding programmes are real ones the region's organisations apply to.

Deadlines are set relative to the day of loading, so a fresh demo always has open calls. Loading
is idempotent: a call that exists (same organisation and title) is left as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from creativeports.accounts.models import User
from creativeports.directory.models import Organisation
from creativeports.matching.models import CallInterest, PartnerCall
from creativeports.taxonomy.models import CciDomain, Country, OrganisationType


@dataclass(frozen=True)
class DemoInterest:
    organisation: str
    message: str


@dataclass(frozen=True)
class DemoCall:
    organisation: str
    title: str
    description: str
    programme: str
    days_to_deadline: int
    partners_wanted: int
    countries: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    closed: bool = False
    # Who posted it: a demo account of the organisation, so that the owner's view can be tried.
    posted_by: str = ""
    interests: tuple[DemoInterest, ...] = ()


DEMO_CALLS = (
    DemoCall(
        organisation="Forlaget Svanesø",
        title="Illustrators and co-publishers for a Baltic picture-book series",
        description=(
            "We are preparing a series of six picture books about children growing up by the Baltic Sea, "
            "each written by a Danish author and illustrated by an artist from Estonia, Latvia, Lithuania "
            "or Poland. We look for illustrators with published picture books, and for publishers in the "
            "Baltic states and Poland who would co-publish the series in their language. We plan to apply "
            "for translation and circulation support together."
        ),
        programme="Creative Europe – Circulation of European Literary Works",
        days_to_deadline=60,
        partners_wanted=3,
        countries=("EE", "LV", "LT", "PL"),
        domains=("book_press", "visual_arts"),
        posted_by="orgadmin@demo.example",
        interests=(
            DemoInterest(
                organisation="Rūta Žemaitė Iliustracijos",
                message=(
                    "Sveiki! I illustrate picture books and covers for publishers abroad, and I would love to "
                    "draw one book of the series. Samples of my work are linked on my profile."
                ),
            ),
        ),
    ),
    DemoCall(
        organisation="Ostseeküste Kreativverbund",
        title="Partnercluster für ein Interreg-Projekt: Kreativunternehmen gemeinsam auf Auslandsmärkte",
        description=(
            "Wir bereiten einen Projektantrag im Programm Interreg South Baltic vor: Cluster und "
            "Wirtschaftsförderer aus Polen, Litauen und Schweden organisieren gemeinsam Delegationsreisen, "
            "Messestände und ein Mentoringprogramm, mit dem kleine Design-, Games- und Werbeunternehmen "
            "ihre ersten Kunden im Ausland gewinnen. Wir suchen drei Partner mit eigener Mitgliedschaft "
            "von Kreativunternehmen."
        ),
        programme="Interreg South Baltic",
        days_to_deadline=90,
        partners_wanted=3,
        countries=("PL", "LT", "SE"),
        domains=("design", "games", "advertising"),
        types=("cluster", "business_support", "incubator"),
    ),
    DemoCall(
        organisation="Wydawnictwo Lodowa Góra",
        title="Wymiana praw autorskich z wydawnictwami ze Skandynawii",
        description=(
            "Wydajemy po polsku literaturę z krajów nordyckich i bałtyckich. Szukamy wydawnictw w Danii, "
            "Szwecji i Norwegii, które chciałyby kupić prawa do przekładu współczesnej polskiej prozy i książek "
            "dla dzieci, a w zamian polecić nam swoich autorów. Razem chcemy złożyć wnioski o dofinansowanie "
            "przekładów."
        ),
        programme="©POLAND Translation Programme (Polish Book Institute)",
        days_to_deadline=45,
        partners_wanted=2,
        countries=("DK", "SE", "NO"),
        domains=("book_press",),
        types=("company",),
    ),
    DemoCall(
        organisation="Sprottenkutter Filmproduktion",
        title="Co-producer in Lithuania for a documentary on the Curonian Spit",
        description=(
            "For our documentary about amber collectors on the Curonian Spit we looked for a Lithuanian "
            "co-producer who could organise the shooting on location, take on part of the post-production "
            "and apply for Lithuanian film funding. We have found our partner: thank you to everyone who "
            "answered."
        ),
        programme="",
        days_to_deadline=30,
        partners_wanted=1,
        countries=("LT",),
        domains=("film", "audiovisual"),
        closed=True,
    ),
)


def _create(demo: DemoCall, organisation: Organisation, today: dt.date) -> PartnerCall:
    call = PartnerCall.objects.create(
        organisation=organisation,
        title=demo.title,
        description=demo.description,
        programme=demo.programme,
        deadline=today + dt.timedelta(days=demo.days_to_deadline),
        partners_wanted=demo.partners_wanted,
        status=PartnerCall.Status.CLOSED if demo.closed else PartnerCall.Status.OPEN,
        created_by=User.objects.filter(email=demo.posted_by).first() if demo.posted_by else None,
    )
    call.countries.set(Country.objects.filter(code__in=demo.countries))
    call.domains.set(CciDomain.objects.filter(code__in=demo.domains))
    call.types.set(OrganisationType.objects.filter(code__in=demo.types))
    for interest in demo.interests:
        candidate = Organisation.objects.filter(name=interest.organisation).first()
        if candidate is not None:
            CallInterest.objects.create(call=call, organisation=candidate, message=interest.message)
    return call


@transaction.atomic
def calls_demo_load() -> int:
    """Create the demo calls that are missing (after `load_demo`, whose organisations post them);
    returns how many were created. The demo data's own records: no emails, no audit entries."""
    today = timezone.localdate()
    created = 0
    for demo in DEMO_CALLS:
        organisation = Organisation.objects.filter(name=demo.organisation).first()
        if organisation is None or PartnerCall.objects.filter(organisation=organisation, title=demo.title).exists():
            continue
        _create(demo, organisation, today)
        created += 1
    return created
