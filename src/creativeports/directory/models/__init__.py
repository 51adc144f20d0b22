from creativeports.directory.models.listing import ListingChange
from creativeports.directory.models.membership import Invitation, Membership
from creativeports.directory.models.organisation import Organisation, SocialLink

__all__ = ["Invitation", "ListingChange", "Membership", "Organisation", "SocialLink"]
