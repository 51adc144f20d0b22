from creativeports.common.models.audit import AuditEntry
from creativeports.common.models.base import TimeStampedModel

__all__ = ["AuditEntry", "TimeStampedModel"]
