from creativeports.matching.models.dismissal import Dismissal
from creativeports.matching.models.vector import IndexVersion, ProfileVector

__all__ = ["Dismissal", "IndexVersion", "ProfileVector"]
