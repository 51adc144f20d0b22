"""Profile vectors: embedded for real, only when the text changed, and kept up to date in the
background after profile edits and imports."""

from __future__ import annotations

import numpy as np
import pytest

from creativeports.directory.services.organisation import organisation_update
from creativeports.matching.models import IndexVersion, ProfileVector
from creativeports.matching.services.vectors import profile_vectors_refresh
from tests.matching.profiles import make
from tests.tasks import run_queued_tasks

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_refresh_embeds_needs_and_profile_as_unit_vectors():
    organisation = make("studio_pl")

    embedded = profile_vectors_refresh()

    assert embedded == 2
    vectors = {v.kind: v.as_array() for v in ProfileVector.objects.filter(organisation=organisation)}
    assert set(vectors) == {"needs", "profile"}
    assert [round(float(np.linalg.norm(v)), 4) for v in vectors.values()] == [1.0, 1.0]
    assert IndexVersion.objects.get(pk=1).token


def test_refresh_again_embeds_nothing_until_a_text_changes():
    organisation = make("studio_pl")
    profile_vectors_refresh()
    token = IndexVersion.objects.get(pk=1).token

    assert profile_vectors_refresh() == 0
    assert IndexVersion.objects.get(pk=1).token == token

    organisation.needs = "Szukamy kompozytora muzyki do gry."
    organisation.save()

    assert profile_vectors_refresh() == 1
    assert IndexVersion.objects.get(pk=1).token != token


def test_refresh_removes_the_vector_of_a_text_now_empty():
    organisation = make("studio_pl")
    profile_vectors_refresh()
    organisation.needs = ""
    organisation.save()

    profile_vectors_refresh()

    assert list(ProfileVector.objects.filter(organisation=organisation).values_list("kind", flat=True)) == ["profile"]


def test_profile_edit_queues_a_refresh_that_the_worker_runs(django_capture_on_commit_callbacks, user):
    organisation = make("studio_pl")
    profile_vectors_refresh()
    before = ProfileVector.objects.get(organisation=organisation, kind="needs").text_hash

    with django_capture_on_commit_callbacks(execute=True):
        organisation_update(actor=user, organisation=organisation, fields={"needs": "Szukamy tłumacza na niemiecki."})
    assert run_queued_tasks() == 1

    assert ProfileVector.objects.get(organisation=organisation, kind="needs").text_hash != before


def test_without_an_embedder_nothing_is_embedded_or_queued(no_embedder, django_capture_on_commit_callbacks, user):
    organisation = make("studio_pl")

    with django_capture_on_commit_callbacks(execute=True):
        organisation_update(actor=user, organisation=organisation, fields={"needs": "Szukamy wydawcy."})

    assert (profile_vectors_refresh(), run_queued_tasks(), ProfileVector.objects.count()) == (0, 0, 0)
