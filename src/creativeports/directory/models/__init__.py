from creativeports.directory.models.membership import Invitation, Membership
from creativeports.directory.models.organisation import Organisation, SocialLink

__all__ = ["Invitation", "Membership", "Organisation", "SocialLink"]
