from creativeports.events.models.b2b import B2BProfile, B2BSettings, Meeting, MeetingRequest, MeetingSeat
from creativeports.events.models.event import Event, EventOrganiser
from creativeports.events.models.programme import Room, Session, Speaker, Star
from creativeports.events.models.registration import CalendarToken, Registration, RegistrationQuestion

__all__ = [
    "B2BProfile",
    "B2BSettings",
    "CalendarToken",
    "Event",
    "EventOrganiser",
    "Meeting",
    "MeetingRequest",
    "MeetingSeat",
    "Registration",
    "RegistrationQuestion",
    "Room",
    "Session",
    "Speaker",
    "Star",
]
