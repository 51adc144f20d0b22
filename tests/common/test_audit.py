"""The audit-log helpers: the diff of two snapshots, and writing one entry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from hypothesis import given
from hypothesis import strategies as st

from creativeports.common.models import AuditEntry
from creativeports.common.services.audit import audit_changes, audit_record
from creativeports.directory.models import Organisation
from creativeports.taxonomy.models import Country

pytestmark = pytest.mark.unit

plain_values = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
snapshots = st.dictionaries(st.sampled_from(["name", "city", "phone", "size"]), plain_values)


def test_audit_changes_lists_only_fields_that_differ():
    before = {"name": "Studio", "city": "Gdańsk", "size": "micro"}
    after = {"name": "Studio", "city": "Tallinn", "size": "small"}

    assert audit_changes(before, after) == {"city": ["Gdańsk", "Tallinn"], "size": ["micro", "small"]}


def test_audit_changes_field_only_on_one_side_counts_as_none_on_the_other():
    assert audit_changes({"phone": "+48 1"}, {"website": "https://a.example"}) == {
        "phone": ["+48 1", None],
        "website": [None, "https://a.example"],
    }


def test_audit_changes_given_fields_limit_the_comparison():
    before, after = {"name": "A", "city": "X"}, {"name": "B", "city": "Y"}

    assert audit_changes(before, after, fields=["city"]) == {"city": ["X", "Y"]}


def test_audit_changes_collections_in_another_order_are_unchanged():
    assert audit_changes({"domains": [3, 1, 2]}, {"domains": (2, 3, 1)}) == {}


def test_audit_changes_collections_are_stored_sorted():
    assert audit_changes({"domains": [2, 1]}, {"domains": {3, 1}}) == {"domains": [[1, 2], [1, 3]]}


def test_audit_changes_other_values_are_stored_as_text():
    before = {"founded": dt.date(1999, 1, 1), "latitude": Decimal("54.35")}
    after = {"founded": dt.date(2001, 5, 4), "latitude": Decimal("54.35")}

    assert audit_changes(before, after) == {"founded": ["1999-01-01", "2001-05-04"]}


@pytest.mark.django_db
def test_audit_changes_model_instances_are_stored_by_primary_key():
    poland, estonia = Country.objects.get(code="PL"), Country.objects.get(code="EE")

    assert audit_changes({"country": poland}, {"country": estonia}) == {"country": ["PL", "EE"]}


@given(snapshot=snapshots)
def test_audit_changes_of_a_snapshot_with_itself_is_empty(snapshot):
    assert audit_changes(snapshot, dict(snapshot)) == {}


@given(before=snapshots, after=snapshots)
def test_audit_changes_names_exactly_the_keys_whose_values_differ(before, after):
    changes = audit_changes(before, after)

    assert set(changes) == {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert all(changes[k] == [before.get(k), after.get(k)] for k in changes)


@pytest.mark.django_db
def test_audit_record_writes_one_entry_about_the_object(user, organisation):
    entry = audit_record(actor=user, action="organisation.update", obj=organisation, changes={"city": ["a", "b"]})

    assert list(AuditEntry.objects.all()) == [entry]
    assert (entry.actor, entry.action, entry.object_id, entry.object_repr, entry.changes) == (
        user,
        "organisation.update",
        str(organisation.pk),
        str(organisation),
        {"city": ["a", "b"]},
    )
    assert entry.content_type == ContentType.objects.get_for_model(Organisation)


@pytest.mark.django_db
@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_audit_record_without_a_signed_in_actor_stores_no_actor(organisation, actor):
    entry = audit_record(actor=actor, action="organisation.update", obj=organisation)

    assert entry.actor is None
    assert entry.changes == {}


@pytest.mark.django_db
def test_audit_record_cuts_long_object_names_to_the_column(organisation):
    organisation.name = "N" * 300  # longer than any name the form accepts; never saved

    entry = audit_record(actor=None, action="organisation.update", obj=organisation)

    assert entry.object_repr == str(organisation)[: AuditEntry._meta.get_field("object_repr").max_length]
    assert len(entry.object_repr) == 255
