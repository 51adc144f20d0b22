from creativeports.events.models.event import Event, EventOrganiser
from creativeports.events.models.programme import Room, Session, Speaker, Star
from creativeports.events.models.registration import CalendarToken, Registration, RegistrationQuestion

__all__ = [
    "CalendarToken",
    "Event",
    "EventOrganiser",
    "Registration",
    "RegistrationQuestion",
    "Room",
    "Session",
    "Speaker",
    "Star",
]
