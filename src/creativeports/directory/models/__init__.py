from creativeports.directory.models.imports import ImportJob
from creativeports.directory.models.listing import ListingChange
from creativeports.directory.models.membership import Invitation, Membership
from creativeports.directory.models.organisation import Organisation, SocialLink

__all__ = ["ImportJob", "Invitation", "ListingChange", "Membership", "Organisation", "SocialLink"]
