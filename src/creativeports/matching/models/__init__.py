from creativeports.matching.models.call import CallInterest, PartnerCall
from creativeports.matching.models.contact import (
    AbuseReport,
    Block,
    ContactMessage,
    ContactRequest,
    Outcome,
    OutcomeKind,
    OutcomeSource,
)
from creativeports.matching.models.dismissal import Dismissal
from creativeports.matching.models.match_list import MatchList
from creativeports.matching.models.vector import IndexVersion, ProfileVector

__all__ = [
    "AbuseReport",
    "Block",
    "CallInterest",
    "ContactMessage",
    "ContactRequest",
    "Dismissal",
    "IndexVersion",
    "MatchList",
    "Outcome",
    "OutcomeKind",
    "OutcomeSource",
    "PartnerCall",
    "ProfileVector",
]
