"""The optimal B2B meeting scheduler: a pure algorithm package (no Django), see docs/scheduling.md."""

from creativeports.events.scheduling.greedy import greedy_first_come
from creativeports.events.scheduling.model import (
    FixedTable,
    Instance,
    InstanceError,
    Meeting,
    Participant,
    Request,
    Schedule,
    instance_from_json,
    instance_to_json,
    schedule_to_json,
)
from creativeports.events.scheduling.solver import solve

__all__ = [
    "FixedTable",
    "Instance",
    "InstanceError",
    "Meeting",
    "Participant",
    "Request",
    "Schedule",
    "greedy_first_come",
    "instance_from_json",
    "instance_to_json",
    "schedule_to_json",
    "solve",
]
