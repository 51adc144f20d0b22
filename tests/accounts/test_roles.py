"""Platform-wide roles: who is the secretariat, who is a signed-in member of the network."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from creativeports.accounts.roles import is_member, is_secretariat
from tests.factories import UserFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({}, False),
        ({"is_staff": True}, False),
        ({"is_secretariat": True}, True),
        ({"is_superuser": True}, True),
        ({"is_secretariat": True, "is_active": False}, False),
        ({"is_superuser": True, "is_active": False}, False),
    ],
    ids=["person", "staff-only", "secretariat", "superuser", "inactive-secretariat", "inactive-superuser"],
)
def test_is_secretariat_by_flags(flags, expected):
    assert is_secretariat(UserFactory(**flags)) is expected


@pytest.mark.parametrize("nobody", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_roles_nobody_is_neither_secretariat_nor_member(nobody):
    assert (is_secretariat(nobody), is_member(nobody)) == (False, False)


def test_is_member_active_person_is_a_member(user):
    assert is_member(user) is True


def test_is_member_inactive_person_is_not(db):
    assert is_member(UserFactory(is_active=False)) is False
