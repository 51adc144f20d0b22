"""Demo events for `make run`: a past hybrid conference modelled on the Creative Ports final
conference (Szczecin, 6-8 September 2021, hosted by the Westpomeranian Region; the Danish Cultural
Institute ran "Pitching for a Better Baltic Sea"; TalTech presented the CCI regional profiles; Xamk
wrote the policy recommendations; sources in ../shared/data/partners.csv) and an upcoming
matchmaking day. Session titles and times are illustrative, and say so."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.db import transaction
from django.utils import timezone

from creativeports.accounts.models import User
from creativeports.directory.models import Organisation
from creativeports.events.models import (
    B2BProfile,
    B2BSettings,
    Criterion,
    Event,
    EventOrganiser,
    PitchSettings,
    Registration,
    RegistrationQuestion,
    Room,
    Session,
    Speaker,
)
from creativeports.events.selectors import b2b_slots
from creativeports.taxonomy.models import Country, Language

SZCZECIN = "creative-ports-final-conference-szczecin-2021"
MATCHMAKING = "baltic-cci-matchmaking-day"
# Szczecin's coordinates as in ../shared/data/hubs.csv (GeoNames, CC BY 4.0).
SZCZECIN_LAT, SZCZECIN_LON = 53.42894, 14.55302


def _organisation(name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name).first()


def _at(day: dt.date, hour: int, minute: int, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)


def _programme(event: Event, rows: list[tuple[Any, ...]]) -> None:
    rooms: dict[str, Room] = {}
    english = Language.objects.filter(pk="en").first()
    for start, end, title, kind, room, speakers, description in rows:
        if room and room not in rooms:
            rooms[room] = Room.objects.create(event=event, name=room, position=len(rooms))
        session = Session.objects.create(
            event=event,
            title=title,
            kind=kind,
            room=rooms.get(room),
            starts=start,
            ends=end,
            description=description,
            language=english,
        )
        for i, (name, organisation) in enumerate(speakers):
            Speaker.objects.create(session=session, name=name, organisation=_organisation(organisation), position=i)


@transaction.atomic
def events_demo_load() -> int:
    """Create the demo events that are missing; returns how many were created."""
    created = 0
    if not Event.objects.filter(slug=SZCZECIN).exists():
        created += 1
        warsaw = zoneinfo.ZoneInfo("Europe/Warsaw")
        day1, day2, day3 = dt.date(2021, 9, 6), dt.date(2021, 9, 7), dt.date(2021, 9, 8)
        event = Event.objects.create(
            title="Creative Ports final conference (demo)",
            slug=SZCZECIN,
            description=(
                "Demo event modelled on the hybrid final conference of the Creative Ports project in Szczecin, "
                "6–8 September 2021, hosted by the Westpomeranian Region. Session titles and times are "
                "illustrative."
            ),
            mode=Event.Mode.HYBRID,
            status=Event.Status.PUBLISHED,
            starts=_at(day1, 9, 0, warsaw),
            ends=_at(day3, 16, 0, warsaw),
            time_zone="Europe/Warsaw",
            city="Szczecin",
            country=Country.objects.filter(pk="PL").first(),
            latitude=SZCZECIN_LAT,
            longitude=SZCZECIN_LON,
            stream_url="https://stream.example.org/creative-ports-2021",
            capacity=150,
            b2b_mode=Event.B2BMode.SCHEDULED,
        )
        for name, role in (
            ("Westpomeranian Region (Zachodniopomorskie Voivodeship)", EventOrganiser.Role.ORGANISER),
            ("Danish Cultural Institute", EventOrganiser.Role.CO_ORGANISER),
        ):
            if (organisation := _organisation(name)) is not None:
                EventOrganiser.objects.create(event=event, organisation=organisation, role=role)
        taltech = "Tallinn University of Technology (TalTech)"
        xamk = "South-Eastern Finland University of Applied Sciences (Xamk)"
        dci = "Danish Cultural Institute"
        _programme(
            event,
            [
                (
                    _at(day1, 10, 0, warsaw),
                    _at(day1, 10, 45, warsaw),
                    "Opening: a permanent space for the Baltic Sea Region's creative industries",
                    Session.Kind.TALK,
                    "Main hall",
                    [],
                    "Welcome by the hosts and the project's lead partner.",
                ),
                (
                    _at(day1, 11, 0, warsaw),
                    _at(day1, 12, 0, warsaw),
                    "CCI regional profiles",
                    Session.Kind.TALK,
                    "Main hall",
                    [("TalTech project team", taltech)],
                    "What the regional profiles show about the creative industries of the partner regions.",
                ),
                (
                    _at(day1, 11, 0, warsaw),
                    _at(day1, 12, 30, warsaw),
                    "Workshop: taking a design studio abroad",
                    Session.Kind.WORKSHOP,
                    "Room B",
                    [],
                    "Hands-on: choosing a first foreign market, partners and funding.",
                ),
                (
                    _at(day1, 14, 0, warsaw),
                    _at(day1, 15, 30, warsaw),
                    "Panel: policy recommendations for the CCI",
                    Session.Kind.PANEL,
                    "Main hall",
                    [("Xamk project team", xamk)],
                    "The project's recommendations to public authorities, discussed with regions and cities.",
                ),
                (
                    _at(day2, 10, 0, warsaw),
                    _at(day2, 12, 0, warsaw),
                    "Pitching for a Better Baltic Sea",
                    Session.Kind.PITCH,
                    "Main hall",
                    [("CCI Contact Desk", dci)],
                    "Creative companies pitch solutions for the Baltic Sea to a jury.",
                ),
                (
                    _at(day2, 13, 0, warsaw),
                    _at(day2, 16, 0, warsaw),
                    "B2B meetings",
                    Session.Kind.B2B,
                    "Matchmaking area",
                    [],
                    "Scheduled one-to-one meetings, on site and online.",
                ),
                (
                    _at(day3, 10, 0, warsaw),
                    _at(day3, 11, 30, warsaw),
                    "Closing: what comes after the project",
                    Session.Kind.PANEL,
                    "Main hall",
                    [],
                    "How the network carries on.",
                ),
            ],
        )
    if not Event.objects.filter(slug=MATCHMAKING).exists():
        created += 1
        riga = zoneinfo.ZoneInfo("Europe/Riga")
        day = timezone.localdate() + dt.timedelta(days=40)
        event = Event.objects.create(
            title="Baltic CCI matchmaking day (demo)",
            slug=MATCHMAKING,
            description=(
                "Demo event: one day of short talks and one-to-one B2B meetings between creative companies, "
                "intermediaries and funders of the region, in Riga and online."
            ),
            mode=Event.Mode.HYBRID,
            status=Event.Status.PUBLISHED,
            starts=_at(day, 9, 0, riga),
            ends=_at(day, 17, 0, riga),
            time_zone="Europe/Riga",
            city="Riga",
            country=Country.objects.filter(pk="LV").first(),
            stream_url="https://meet.example.org/baltic-cci-matchmaking",
            capacity=60,
            b2b_mode=Event.B2BMode.SCHEDULED,
        )
        for name, role in (
            ("Danish Cultural Institute", EventOrganiser.Role.ORGANISER),
            ("Hamburg Kreativ Gesellschaft", EventOrganiser.Role.CO_ORGANISER),
        ):
            if (organisation := _organisation(name)) is not None:
                EventOrganiser.objects.create(event=event, organisation=organisation, role=role)
        RegistrationQuestion.objects.create(event=event, label="What would you like to find at this event?", position=0)
        B2BSettings.objects.create(event=event, slot_minutes=20, tables=12)
        _programme(
            event,
            [
                (
                    _at(day, 9, 30, riga),
                    _at(day, 10, 0, riga),
                    "Welcome and how the matchmaking works",
                    Session.Kind.TALK,
                    "Hall",
                    [],
                    "",
                ),
                (
                    _at(day, 10, 0, riga),
                    _at(day, 10, 45, riga),
                    "Funding for cross-border creative projects",
                    Session.Kind.PANEL,
                    "Hall",
                    [],
                    "Programmes that fund co-operation across the region's borders.",
                ),
                (
                    _at(day, 11, 0, riga),
                    _at(day, 16, 0, riga),
                    "B2B meetings",
                    Session.Kind.B2B,
                    "Meeting tables",
                    [],
                    "Twenty-minute one-to-one meetings, scheduled by the organisers.",
                ),
                (
                    _at(day, 16, 15, riga),
                    _at(day, 17, 0, riga),
                    "Pitches: new products from the Baltic states",
                    Session.Kind.PITCH,
                    "Hall",
                    [],
                    "",
                ),
            ],
        )
        # Demo accounts already take part (listed, free all day), so a newcomer has someone to meet.
        slots = list(range(len(b2b_slots(event))))
        for email in ("member@demo.example", "orgadmin@demo.example", "authority@demo.example"):
            user = User.objects.filter(email=email).first()
            if user is None:
                continue
            membership = user.memberships.select_related("organisation").first()
            registration = Registration.objects.create(
                event=event,
                user=user,
                organisation=membership.organisation if membership else None,
                status=Registration.Status.CONFIRMED,
                share_consent=True,
            )
            B2BProfile.objects.create(registration=registration, available=slots)
        pitch = Session.objects.get(event=event, kind=Session.Kind.PITCH)
        pitching = PitchSettings.objects.create(session=pitch)
        # The demo secretariat account sits on the jury (accounts from `load_demo`).
        pitching.jurors.set(User.objects.filter(email="secretariat@demo.example"))
        for position, (name, weight) in enumerate(
            (("Benefit for the Baltic Sea", 3), ("Market potential", 2), ("Team and feasibility", 1))
        ):
            Criterion.objects.create(session=pitch, name=name, weight=weight, position=position)
    return created
