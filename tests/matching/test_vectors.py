"""Profile vectors: embedded for real, only when the text changed, and kept up to date in the
background after profile edits and imports."""

from __future__ import annotations

import numpy as np
import pytest
from django_tasks_db.models import DBTaskResult

from creativeports.directory.services.enrichment import organisations_enrich
from creativeports.directory.services.organisation import organisation_update
from creativeports.matching.index import match_index_current
from creativeports.matching.models import IndexVersion, ProfileVector
from creativeports.matching.services.vectors import profile_vectors_refresh
from tests.matching.profiles import make, make_all
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


def test_the_index_holds_the_stored_vectors_centred_on_their_languages():
    organisations = make_all()
    organisations_enrich(ids=[o.pk for o in organisations.values()])  # the texts' languages
    profile_vectors_refresh()
    stored = {v.organisation_id: v.as_array() for v in ProfileVector.objects.filter(kind="profile")}

    index = match_index_current()

    for pk, vector in stored.items():
        in_index = index.profiles.vector(pk)
        assert np.isclose(np.linalg.norm(in_index), 1.0, atol=1e-5)
        # Moved, not replaced: part of the language's mean is gone, the meaning is kept.
        assert 0.5 < float(in_index @ vector) < 0.9999
    # A typed need is centred with the query role's mean of its detected language.
    need = stored[organisations["studio_pl"].pk]
    assert set(index.codes) >= {"pl", "de"}
    polish, unknown, unseen = index.query(need, "pl"), index.query(need, ""), index.query(need, "lv")
    assert np.isclose(np.linalg.norm(polish), 1.0, atol=1e-5)
    assert not np.allclose(polish, unknown)
    assert np.allclose(unseen, unknown)  # no Latvian need in the index: the overall mean


def _queued(task_name):
    return [
        result.args_kwargs["args"][0]
        for result in DBTaskResult.objects.filter(task_path__endswith=task_name).order_by("enqueued_at")
    ]


def test_languages_found_after_embedding_reach_the_index_and_the_lists(django_capture_on_commit_callbacks):
    # An import writes texts without their languages; the matching worker may embed them before
    # the enrichment task has detected the languages.
    organisations = make_all()
    ids = sorted(o.pk for o in organisations.values())
    profile_vectors_refresh()
    assert not {"pl", "de", "da"} & set(match_index_current().codes)
    token = IndexVersion.objects.get(pk=1).token

    with django_capture_on_commit_callbacks(execute=True):
        organisations_enrich(ids=ids)

    assert IndexVersion.objects.get(pk=1).token != token
    assert set(match_index_current().codes) >= {"pl", "de", "da"}
    assert _queued("match_lists_refresh_task") == [ids]


def test_languages_found_before_embedding_change_nothing_in_matching(django_capture_on_commit_callbacks):
    organisations = make_all()

    with django_capture_on_commit_callbacks(execute=True):
        organisations_enrich(ids=[o.pk for o in organisations.values()])

    assert not IndexVersion.objects.exists()
    assert _queued("match_lists_refresh_task") == []
    profile_vectors_refresh()  # the embedding comes later, and its index knows the languages
    assert set(match_index_current().codes) >= {"pl", "de", "da"}
