from creativeports.events.models.b2b import B2BProfile, B2BSettings, Meeting, MeetingRequest, MeetingSeat
from creativeports.events.models.event import Event, EventOrganiser
from creativeports.events.models.feedback import EventFeedback, MeetingFeedback
from creativeports.events.models.pitch import Criterion, JurySubmission, Pitch, PitchSettings, Score, Vote
from creativeports.events.models.programme import Room, Session, Speaker, Star
from creativeports.events.models.registration import CalendarToken, Registration, RegistrationQuestion

__all__ = [
    "B2BProfile",
    "B2BSettings",
    "CalendarToken",
    "Criterion",
    "Event",
    "EventFeedback",
    "EventOrganiser",
    "JurySubmission",
    "Meeting",
    "MeetingFeedback",
    "MeetingRequest",
    "MeetingSeat",
    "Pitch",
    "PitchSettings",
    "Registration",
    "RegistrationQuestion",
    "Room",
    "Score",
    "Session",
    "Speaker",
    "Star",
    "Vote",
]
