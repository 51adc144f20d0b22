"""Platform-wide roles. Organisation roles (member, admin) are in directory.permissions."""

from __future__ import annotations

from typing import Any


def is_secretariat(user: Any) -> bool:
    """The network's moderators: secretariat staff and superusers."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.is_secretariat)
    )


def is_member(user: Any) -> bool:
    """A signed-in, active person: reads what organisations share with "members of the network"."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)
