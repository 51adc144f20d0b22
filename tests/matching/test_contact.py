"""Contact between organisations: requests with email, privacy of addresses, rate limit, block,
report, decline, outcomes; pages and API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from creativeports.common.models import AuditEntry
from creativeports.matching.models import AbuseReport, Block, ContactRequest, Outcome
from tests.api.helpers import bearer
from tests.factories import MembershipFactory, UserFactory
from tests.matching.profiles import make

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def sides(db):
    studio, publisher = make("studio_pl"), make("publisher_dk")
    writer = MembershipFactory(organisation=studio).user
    reader = MembershipFactory(organisation=publisher).user
    return {"studio": studio, "publisher": publisher, "writer": writer, "reader": reader}


def _send(client, sides, **data):
    client.force_login(sides["writer"])
    payload = {"sender": sides["studio"].pk, "subject": "Publishing our game", "body": "Hello, can we talk?", **data}
    return client.post(reverse("matching:contact.new", args=[sides["publisher"].slug]), payload)


def test_contact_request_emails_the_recipients_people_without_revealing_addresses(
    client, sides, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, sides)

    contact = ContactRequest.objects.get()
    assert response.status_code == 302
    assert (contact.sender, contact.recipient, contact.status) == (sides["studio"], sides["publisher"], "open")
    assert [m.to for m in mail.outbox] == [[sides["reader"].email]]
    assert sides["writer"].email not in mail.outbox[0].body
    assert reverse("matching:contact.detail", args=[contact.pk]) in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="contact.create").count() == 1


def test_the_recipient_reads_and_answers_and_the_sender_is_told(client, sides, django_capture_on_commit_callbacks):
    _send(client, sides)
    contact = ContactRequest.objects.get()
    client.force_login(sides["reader"])
    page = client.get(reverse("matching:contact.detail", args=[contact.pk]))
    assert "Hello, can we talk?" in page.content.decode()
    assert sides["writer"].email not in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:contact.detail", args=[contact.pk]), {"action": "reply", "body": "Yes!"})

    assert [m.body for m in contact.messages.all()] == ["Hello, can we talk?", "Yes!"]
    assert [m.to for m in mail.outbox] == [[sides["writer"].email]]


def test_outsiders_cannot_read_a_conversation(client, sides):
    _send(client, sides)
    client.force_login(UserFactory())

    response = client.get(reverse("matching:contact.detail", args=[ContactRequest.objects.get().pk]))

    assert response.status_code == 404


def test_a_second_open_request_to_the_same_organisation_is_refused(client, sides):
    _send(client, sides)

    response = _send(client, sides, subject="Again")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "You already have an open conversation with Havnelys Games; continue it in your inbox."
    ]
    assert ContactRequest.objects.count() == 1


def test_contact_spam_hits_the_rate_limit(client, sides, settings):
    settings.CREATIVEPORTS_CONTACT_RATE = (2, 3600)
    client.force_login(sides["writer"])
    others = [make("sound_se", name=f"Sound {i}", slug=f"sound-{i}") for i in range(3)]
    statuses = [
        client.post(
            reverse("matching:contact.new", args=[o.slug]),
            {"sender": sides["studio"].pk, "subject": "Hi", "body": "Buy our stuff"},
        ).status_code
        for o in others
    ]

    assert statuses == [302, 302, 200]
    assert ContactRequest.objects.count() == 2


def test_blocked_organisation_can_no_longer_write(client, sides):
    _send(client, sides)
    contact = ContactRequest.objects.get()
    client.force_login(sides["reader"])
    client.post(reverse("matching:contact.detail", args=[contact.pk]), {"action": "block"})
    assert Block.objects.filter(blocker=sides["publisher"], blocked=sides["studio"]).count() == 1
    contact.refresh_from_db()
    assert contact.status == "declined"

    response = _send(client, sides, subject="Let me explain")

    assert response.context["form"].non_field_errors() == [
        "Havnelys Games does not accept contact from your organisation."
    ]


def test_report_reaches_the_secretariat_who_may_then_read_it(client, sides, django_capture_on_commit_callbacks):
    secretariat = UserFactory(is_secretariat=True)
    _send(client, sides)
    contact = ContactRequest.objects.get()
    client.force_login(secretariat)
    assert client.get(reverse("matching:contact.detail", args=[contact.pk])).status_code == 404
    client.force_login(sides["reader"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:contact.detail", args=[contact.pk]), {"action": "report", "reason": "Spam"})

    assert AbuseReport.objects.get().reason == "Spam"
    assert [m.to for m in mail.outbox] == [[secretariat.email]]
    client.force_login(secretariat)
    assert client.get(reverse("matching:contact.detail", args=[contact.pk])).status_code == 200


def test_both_sides_record_outcomes(client, sides):
    _send(client, sides)
    contact = ContactRequest.objects.get()
    url = reverse("matching:contact.detail", args=[contact.pk])

    client.post(url, {"action": "outcome", "kind": "meeting", "happened_on": "2026-11-20"})
    client.force_login(sides["reader"])
    client.post(url, {"action": "outcome", "kind": "joint_application", "note": "Creative Europe"})

    recorded = sorted(Outcome.objects.values_list("organisation__name", "kind", "happened_on"))
    assert recorded == [
        ("Bursztyn Interactive", "meeting", dt.date(2026, 11, 20)),
        ("Havnelys Games", "joint_application", None),
    ]


def test_an_outcome_in_the_future_is_refused(client, sides):
    _send(client, sides)
    contact = ContactRequest.objects.get()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    response = client.post(
        reverse("matching:contact.detail", args=[contact.pk]),
        {"action": "outcome", "kind": "meeting", "happened_on": tomorrow},
    )

    assert response.status_code == 400
    assert Outcome.objects.count() == 0


def test_contact_without_an_organisation_explains_what_to_do(client, sides):
    client.force_login(UserFactory())

    response = client.get(reverse("matching:contact.new", args=[sides["publisher"].slug]))

    assert response.context["has_sender"] is False


def test_api_contact_message_and_outcome(client, sides):
    headers = bearer(sides["writer"])
    created = client.post(
        "/api/v1/contacts",
        {"sender_id": sides["studio"].pk, "recipient_id": sides["publisher"].pk, "subject": "Hi", "body": "Hello"},
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201
    contact_id = created.json()["id"]

    client.post(
        f"/api/v1/contacts/{contact_id}/outcomes",
        {"kind": "cooperation"},
        content_type="application/json",
        headers=headers,
    )
    detail = client.get(f"/api/v1/contacts/{contact_id}", headers=headers).json()

    assert [m["body"] for m in detail["messages"]] == ["Hello"]
    assert [(o["organisation_id"], o["kind"]) for o in detail["outcomes"]] == [(sides["studio"].pk, "cooperation")]
    assert [c["id"] for c in client.get("/api/v1/contacts", headers=headers).json()] == [contact_id]


def test_api_contact_for_someone_elses_organisation_is_403(client, sides):
    response = client.post(
        "/api/v1/contacts",
        {"sender_id": sides["publisher"].pk, "recipient_id": sides["studio"].pk, "subject": "Hi", "body": "Hello"},
        content_type="application/json",
        headers=bearer(sides["writer"]),
    )

    assert response.status_code == 403
    assert ContactRequest.objects.count() == 0


def test_api_contact_bad_input_is_422(client, sides):
    response = client.post(
        "/api/v1/contacts",
        {"sender_id": sides["studio"].pk, "recipient_id": sides["publisher"].pk, "subject": "", "body": "x" * 6000},
        content_type="application/json",
        headers=bearer(sides["writer"]),
    )

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"subject", "body"}
