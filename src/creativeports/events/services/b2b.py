"""B2B meetings: slots from the programme's B2B blocks, availability, requests and answers,
booking a free slot (first come), and the organiser's optimal schedule (events.scheduling)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from creativeports.common.mail import mail_on_commit
from creativeports.common.services.audit import audit_record
from creativeports.events import scheduling
from creativeports.events.models import (
    B2BProfile,
    B2BSettings,
    Event,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    Registration,
)
from creativeports.events.selectors import b2b_slots

MUTUAL_WEIGHT = 3  # both asked for the meeting
ACCEPTED_WEIGHT = 2  # one asked, the other accepted
ASKED_WEIGHT = 1  # one asked, no answer yet


def b2b_settings(event: Event) -> B2BSettings:
    settings_, _created = B2BSettings.objects.get_or_create(event=event)
    return settings_


def _confirmed(registration: Registration) -> None:
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Only confirmed participants take part in B2B meetings."))


def _profile(registration: Registration) -> B2BProfile:
    profile, _created = B2BProfile.objects.get_or_create(registration=registration)
    return profile


@transaction.atomic
def availability_set(*, registration: Registration, slots: Iterable[int]) -> B2BProfile:
    """Set the slots a participant is free in. Raises ValidationError for unknown slots or for
    someone who is not a confirmed participant; meetings already booked keep their slots."""
    _confirmed(registration)
    wanted = sorted(set(slots))
    count = len(b2b_slots(registration.event))
    if any(s < 0 or s >= count for s in wanted):
        raise ValidationError(_("Choose among the event's meeting slots."))
    booked = set(MeetingSeat.objects.filter(registration=registration).values_list("slot", flat=True))
    profile = _profile(registration)
    profile.available = sorted(set(wanted) | booked)
    profile.save(update_fields=["available"])
    return profile


@transaction.atomic
def meeting_request_create(*, requester: Registration, recipient: Registration, message: str = "") -> MeetingRequest:
    """Ask another participant for a meeting. Raises ValidationError for oneself, another event,
    someone not confirmed, an event without B2B meetings, or a request already sent."""
    event = requester.event
    if requester.pk == recipient.pk:
        raise ValidationError(_("You cannot meet yourself."))
    if recipient.event_id != event.pk:
        raise ValidationError(_("This person takes part in another event."))
    if event.b2b_mode == Event.B2BMode.NONE:
        raise ValidationError(_("This event has no B2B meetings."))
    _confirmed(requester)
    _confirmed(recipient)
    text = " ".join(message.split())[:1000]
    try:
        with transaction.atomic():
            request = MeetingRequest.objects.create(event=event, requester=requester, recipient=recipient, message=text)
    except IntegrityError:
        raise ValidationError(_("You have already asked this person for a meeting.")) from None
    audit_record(actor=requester.user, action="event.meeting_request", obj=event, changes={"to": [None, recipient.pk]})
    mail_on_commit([recipient.user.email], "events/email/meeting_request", {"request": request, "event": event})
    return request


@transaction.atomic
def meeting_request_answer(*, request: MeetingRequest, accept: bool, actor: Any) -> MeetingRequest:
    """The recipient accepts or declines. Raises ValidationError for anyone else."""
    if actor.pk != request.recipient.user_id:
        raise ValidationError(_("Only the person asked can answer."))
    request.status = MeetingRequest.Status.ACCEPTED if accept else MeetingRequest.Status.DECLINED
    request.save(update_fields=["status"])
    return request


def _caps(registration: Registration, settings_: B2BSettings) -> int | None:
    own = getattr(getattr(registration, "b2b", None), "max_meetings", None)
    caps = [c for c in (own, settings_.max_meetings) if c is not None]
    return min(caps) if caps else None


def _create(
    event: Event,
    a: Registration,
    b: Registration,
    slot: int,
    table: int | None,
    table_of: Registration | None,
    request: MeetingRequest | None,
    online: bool = False,
) -> Meeting:
    meeting = Meeting.objects.create(
        event=event, a=a, b=b, slot=slot, table=table, table_of=table_of, request=request, online=online
    )
    MeetingSeat.objects.bulk_create(
        [
            MeetingSeat(meeting=meeting, registration=a, slot=slot),
            MeetingSeat(meeting=meeting, registration=b, slot=slot),
        ]
    )
    return meeting


@transaction.atomic
def meeting_book(*, request: MeetingRequest, slot: int, actor: Any) -> Meeting:
    """Book an accepted request into a slot both are free in (events where participants book
    themselves). Raises ValidationError for a slot someone is not free in, a slot or the last
    table just taken (also when another booking wins a race: the database refuses the second),
    a participant at their cap, or a request that is not accepted."""
    event = Event.objects.select_for_update().get(pk=request.event_id)
    if event.b2b_mode != Event.B2BMode.DIRECT:
        raise ValidationError(_("The organisers schedule this event's meetings."))
    if actor.pk not in (request.requester.user_id, request.recipient.user_id):
        raise ValidationError(_("Only the two participants can book their meeting."))
    if request.status != MeetingRequest.Status.ACCEPTED:
        raise ValidationError(_("The meeting request has not been accepted."))
    if Meeting.objects.filter(request=request).exists():
        raise ValidationError(_("This meeting is already booked."))
    settings_ = b2b_settings(event)
    a, b = request.requester, request.recipient
    profiles = {person.pk: _profile(person) for person in (a, b)}
    for person in (a, b):
        if slot not in profiles[person.pk].available:
            raise ValidationError(_("%(name)s is not free in that slot.") % {"name": person.user.full_name})
        cap = _caps(person, settings_)
        if cap is not None and MeetingSeat.objects.filter(registration=person).count() >= cap:
            raise ValidationError(_("%(name)s has no more room for meetings.") % {"name": person.user.full_name})
    exhibitor = next((p for p in (a, b) if profiles[p.pk].fixed_table), None)
    online = a.attends_online or b.attends_online
    table = None
    if exhibitor is None and not online:
        taken = set(Meeting.objects.filter(event=event, slot=slot, table__isnull=False).values_list("table", flat=True))
        free = [t for t in range(settings_.tables) if t not in taken]
        if not free:
            raise ValidationError(_("All tables are taken in that slot."))
        table = free[0]
    try:
        with transaction.atomic():
            meeting = _create(event, a, b, slot, table, exhibitor, request, online)
    except IntegrityError:
        raise ValidationError(_("That slot was just taken. Please choose another.")) from None
    audit_record(actor=actor, action="event.meeting_book", obj=event, changes={"meeting": [None, meeting.pk]})
    return meeting


def scheduling_instance(event: Event) -> dict[str, Any]:
    """The event's B2B meetings as the scheduler's instance (docs/scheduling.md): confirmed
    participants with their free slots, caps and exhibitor tables; open requests weighted (3 both
    asked, 2 accepted, 1 asked); meetings already confirmed pinned where they are."""
    settings_ = b2b_settings(event)
    participants = list(
        event.registrations.filter(status=Registration.Status.CONFIRMED).select_related("b2b").order_by("pk")
    )
    known = {r.pk for r in participants}
    weights: dict[frozenset[int], int] = {}
    for request in MeetingRequest.objects.filter(event=event).exclude(status=MeetingRequest.Status.DECLINED):
        pair = frozenset((request.requester_id, request.recipient_id))
        if not pair <= known:
            continue
        weight = ACCEPTED_WEIGHT if request.status == MeetingRequest.Status.ACCEPTED else ASKED_WEIGHT
        weights[pair] = MUTUAL_WEIGHT if pair in weights else weight
    pinned = []
    busy: dict[int, set[int]] = {}  # online meetings: no table to pin, but their slots are taken
    for meeting in Meeting.objects.filter(event=event):
        weights.pop(frozenset((meeting.a_id, meeting.b_id)), None)
        if meeting.table is None and meeting.table_of_id is None:
            for pk in (meeting.a_id, meeting.b_id):
                busy.setdefault(pk, set()).add(meeting.slot)
            continue
        table: int | str = f"fixed:{meeting.table_of_id}" if meeting.table_of_id else int(meeting.table or 0)
        pinned.append({"a": meeting.a_id, "b": meeting.b_id, "slot": meeting.slot, "table": table})

    def participant(r: Registration) -> dict[str, Any]:
        profile = getattr(r, "b2b", None)
        cap = _caps(r, settings_)
        taken = busy.get(r.pk, set())
        return {
            "id": r.pk,
            "available_slots": sorted(set(getattr(profile, "available", None) or []) - taken),
            "max_meetings": None if cap is None else max(0, cap - len(taken)),
            "fixed_table": bool(getattr(profile, "fixed_table", False)),
        }

    return {
        "name": event.title,
        "slots": len(b2b_slots(event)),
        "tables": settings_.tables,
        "participants": [participant(r) for r in participants],
        "requests": [
            {"a": min(pair), "b": max(pair), "weight": weight}
            for pair, weight in sorted(weights.items(), key=lambda item: sorted(item[0]))
        ],
        "pinned": pinned,
    }


@transaction.atomic
def meetings_schedule(*, event: Event, actor: Any, time_limit: float = 10.0) -> B2BSettings:
    """Run the scheduler on the open requests, keep every confirmed meeting where it is, store the
    new meetings and publish them (each participant gets an email). Returns the settings with the
    run's objective and bound. Raises ValidationError when the event's data cannot be scheduled."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    data = scheduling_instance(event)
    try:
        instance = scheduling.instance_from_json(data)
    except scheduling.InstanceError as exc:
        raise ValidationError(str(exc)) from None
    result = scheduling.solve(instance, time_limit=time_limit)
    existing = {frozenset((m.a_id, m.b_id)) for m in Meeting.objects.filter(event=event)}
    registrations = {r.pk: r for r in event.registrations.select_related("user")}
    requests = {
        frozenset((r.requester_id, r.recipient_id)): r
        for r in MeetingRequest.objects.filter(event=event).exclude(status=MeetingRequest.Status.DECLINED)
    }
    told: set[int] = set()
    for meeting in result.meetings:
        pair = frozenset((meeting.a, meeting.b))
        if pair in existing:
            continue
        fixed = meeting.table.owner if isinstance(meeting.table, scheduling.FixedTable) else None
        _create(
            event,
            registrations[meeting.a],
            registrations[meeting.b],
            meeting.slot,
            meeting.table if isinstance(meeting.table, int) else None,
            registrations[fixed] if fixed is not None else None,
            requests.get(pair),
        )
        told.update(pair)
    settings_ = b2b_settings(event)
    settings_.objective = int(result.objective)
    settings_.bound = float(result.bound) if result.bound is not None else None
    settings_.published = timezone.now()
    settings_.save()
    audit_record(
        actor=actor, action="event.meetings_schedule", obj=event, changes={"meetings": [None, len(result.meetings)]}
    )
    _mail_schedules(event, told)
    return settings_


def _mail_schedules(event: Event, registration_ids: set[int]) -> None:
    """Each person their own meeting schedule: times in the event's time zone, with whom, where."""
    slots = b2b_slots(event)
    meetings = list(
        Meeting.objects.filter(event=event).select_related("a__user", "b__user", "a__organisation", "b__organisation")
    )
    for registration_id in sorted(registration_ids):
        mine = []
        for meeting in meetings:
            if registration_id not in (meeting.a_id, meeting.b_id) or meeting.slot >= len(slots):
                continue
            other = meeting.b if meeting.a_id == registration_id else meeting.a
            mine.append({"meeting": meeting, "other": other, "starts": slots[meeting.slot][0]})
        person = next(
            m.a if m.a_id == registration_id else m.b for m in meetings if registration_id in (m.a_id, m.b_id)
        )
        mail_on_commit([person.user.email], "events/email/meetings_published", {"event": event, "meetings": mine})
