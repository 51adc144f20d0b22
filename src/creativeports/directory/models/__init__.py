from creativeports.directory.models.imports import ImportJob
from creativeports.directory.models.listing import ListingChange
from creativeports.directory.models.membership import Affiliation, Invitation, Membership
from creativeports.directory.models.organisation import Organisation, SocialLink

__all__ = ["Affiliation", "ImportJob", "Invitation", "ListingChange", "Membership", "Organisation", "SocialLink"]
