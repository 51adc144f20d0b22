"""The programme: sessions that fit the event and never overlap in a room; personal agendas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from creativeports.common.services.audit import audit_record
from creativeports.events.models import CalendarToken, Event, Room, Session, Star
from creativeports.events.models.registration import new_feed_token
from creativeports.taxonomy.models import Language

SESSION_FIELDS = ("title", "kind", "room", "starts", "ends", "description", "language")


def validate_session(session: Session) -> None:
    """Raise ValidationError when the session falls outside its event, ends before it starts,
    sits in another event's room, or overlaps another session in its room."""
    errors: dict[str, str] = {}
    event = session.event
    if session.ends <= session.starts:
        errors["ends"] = _("A session must end after it starts.")
    elif session.starts < event.starts or session.ends > event.ends:
        errors["starts"] = _("The session must take place within the event (%(start)s to %(end)s).") % {
            "start": event.starts.astimezone(event.tz).strftime("%Y-%m-%d %H:%M"),
            "end": event.ends.astimezone(event.tz).strftime("%Y-%m-%d %H:%M"),
        }
    if session.room is not None and session.room.event_id != event.pk:
        errors["room"] = _("This room belongs to another event.")
    if not errors and session.room is not None:
        clash = (
            Session.objects.filter(room=session.room, starts__lt=session.ends, ends__gt=session.starts)
            .exclude(pk=session.pk)
            .first()
        )
        if clash is not None:
            errors["room"] = _("%(room)s is taken by “%(title)s” at that time.") % {
                "room": session.room.name,
                "title": clash.title,
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_create(
    *,
    event: Event,
    actor: Any,
    title: str,
    starts: dt.datetime,
    ends: dt.datetime,
    kind: str = Session.Kind.TALK,
    room: Room | None = None,
    description: str = "",
    language: Language | None = None,
) -> Session:
    """Add a session. Raises ValidationError when it falls outside the event, ends before it
    starts, or overlaps another session in the same room; nothing is written then."""
    Event.objects.select_for_update().filter(pk=event.pk).first()  # one programme change at a time
    session = Session(
        event=event,
        title=title,
        kind=kind,
        room=room,
        starts=starts,
        ends=ends,
        description=description,
        language=language,
    )
    session.full_clean(exclude=["event"])
    validate_session(session)
    session.save()
    audit_record(actor=actor, action="event.session_create", obj=event, changes={"session": [None, session.title]})
    return session


@transaction.atomic
def session_update(*, session: Session, actor: Any, **fields: Any) -> Session:
    """Change a session's fields (SESSION_FIELDS) under the same rules as session_create; returns
    the changed session. Raises ValidationError (nothing written) as session_create does."""
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise ValueError(f"not session fields: {', '.join(sorted(unknown))}")
    Event.objects.select_for_update().filter(pk=session.event_id).first()
    # A fresh copy: when the change is refused, the caller's object keeps the stored values.
    session = Session.objects.select_related("event", "room").get(pk=session.pk)
    for name, value in fields.items():
        setattr(session, name, value)
    session.full_clean(exclude=["event"])
    validate_session(session)
    session.save()
    audit_record(
        actor=actor, action="event.session_update", obj=session.event, changes={"session": [None, session.title]}
    )
    return session


def star_set(*, user: Any, session: Session, starred: bool) -> None:
    """Add the session to the person's agenda, or take it out (idempotent)."""
    if starred:
        Star.objects.get_or_create(user=user, session=session)
    else:
        Star.objects.filter(user=user, session=session).delete()


def calendar_token_get(*, user: Any) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


def calendar_token_reset(*, user: Any) -> CalendarToken:
    """A new secret for the personal feed: the old feed URL stops working at once."""
    token = calendar_token_get(user=user)
    token.token = new_feed_token()
    token.save(update_fields=["token", "created"])
    return token
