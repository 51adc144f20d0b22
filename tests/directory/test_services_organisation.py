"""The write services of organisation profiles: create, update, verify, merge, delete."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from creativeports.common.models import AuditEntry
from creativeports.directory.models import Invitation, Membership, Organisation, SocialLink
from creativeports.directory.services.organisation import (
    CONSENT_VERSION,
    organisation_create,
    organisation_delete,
    organisation_merge,
    organisation_update,
    organisation_verify,
)
from creativeports.taxonomy.models import CciDomain, Country, Language, OrganisationType, Sdg
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.unit

NOW = datetime(2026, 5, 4, 10, 30, tzinfo=UTC)

POLISH = (
    "Jesteśmy małym studiem projektowym z Gdańska. Tworzymy gry planszowe i książki obrazkowe dla dzieci, "
    "a teraz szukamy partnerów w innych krajach regionu Morza Bałtyckiego."
)
GERMAN = (
    "Wir sind ein kleines Designstudio aus Hamburg. Wir gestalten Brettspiele und Bilderbücher für Kinder "
    "und suchen Partner in den anderen Ländern rund um die Ostsee."
)
FINNISH = (
    "Olemme pieni suunnittelustudio Turusta. Suunnittelemme lautapelejä ja kuvakirjoja lapsille ja etsimme "
    "yhteistyökumppaneita muista Itämeren alueen maista."
)


def _fields(**overrides):
    fields = {
        "name": "Baltic Board Games",
        "type": OrganisationType.objects.get(code="company"),
        "country": Country.objects.get(code="PL"),
        "city": "Gdańsk",
        "description": "We design board games and picture books for children.",
        "description_lang": "en",
        "email": "play@bbg.example",
        "email_visibility": "private",
        "phone_visibility": "private",
        "contact_name_visibility": "members",
        "profile_visibility": "public",
    }
    fields.update(overrides)
    return fields


def _entries(organisation, action):
    return list(AuditEntry.objects.filter(action=action, object_id=str(organisation.pk)))


# --- organisation_create -----------------------------------------------------------------------------------------


def test_organisation_create_creator_becomes_its_only_admin(user):
    organisation = organisation_create(actor=user, fields=_fields(), consent=True)

    assert list(organisation.memberships.values_list("user", "role")) == [(user.pk, "admin")]
    assert organisation.created_by == user


def test_organisation_create_records_consent_with_version_and_time(user):
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        organisation = organisation_create(actor=user, fields=_fields(), consent=True)

    organisation.refresh_from_db()
    assert organisation.consent_at == NOW
    assert organisation.consent_by == user
    assert organisation.consent_version == CONSENT_VERSION


def test_organisation_create_without_consent_raises_and_saves_nothing(user):
    with pytest.raises(ValidationError) as excinfo:
        organisation_create(actor=user, fields=_fields(), consent=False)

    assert list(excinfo.value.message_dict) == ["consent"]
    assert Organisation.objects.count() == 0


def test_organisation_create_slug_from_name_and_country(user):
    organisation = organisation_create(actor=user, fields=_fields(), consent=True)

    assert organisation.slug == "baltic-board-games-pl"


def test_organisation_create_same_name_gets_unique_slugs(user):
    first = organisation_create(actor=user, fields=_fields(), consent=True)
    second = organisation_create(actor=user, fields=_fields(), consent=True)
    third = organisation_create(actor=user, fields=_fields(), consent=True)

    assert [first.slug, second.slug, third.slug] == [
        "baltic-board-games-pl",
        "baltic-board-games-pl-2",
        "baltic-board-games-pl-3",
    ]


def test_organisation_create_writes_audit_entry_with_the_new_values(user):
    domains = list(CciDomain.objects.filter(code__in=["games", "design"]))

    organisation = organisation_create(actor=user, fields=_fields(domains=domains), consent=True)

    [entry] = _entries(organisation, "organisation.create")
    assert entry.actor == user
    assert entry.object_repr == "Baltic Board Games"
    assert entry.changes["name"] == [None, "Baltic Board Games"]
    assert entry.changes["country"] == [None, "PL"]
    assert entry.changes["domains"] == [None, ["design", "games"]]
    assert "founded" not in entry.changes  # unchanged (empty) fields are not listed


def test_organisation_create_sets_relations_and_social_links(user):
    links = [{"platform": "instagram", "url": "https://instagram.com/bbg"}]
    sdgs = list(Sdg.objects.filter(number__in=[4, 8]))

    organisation = organisation_create(actor=user, fields=_fields(sdgs=sdgs, social_links=links), consent=True)

    assert sorted(organisation.sdgs.values_list("number", flat=True)) == [4, 8]
    assert list(organisation.social_links.values_list("platform", "url")) == [
        ("instagram", "https://instagram.com/bbg")
    ]


def test_organisation_create_without_actor_has_no_admin_and_is_flagged_demo(db):
    organisation = organisation_create(actor=None, fields=_fields(), consent=True, is_demo=True)

    assert organisation.memberships.count() == 0
    assert organisation.is_demo is True
    assert _entries(organisation, "organisation.create")[0].actor is None


def test_organisation_create_invalid_value_raises_and_saves_nothing(user):
    with pytest.raises(ValidationError) as excinfo:
        organisation_create(actor=user, fields=_fields(latitude=91.0, longitude=10.0), consent=True)

    assert list(excinfo.value.message_dict) == ["latitude"]
    assert Organisation.objects.count() == 0


def test_organisation_create_unknown_field_is_a_programming_error(user):
    with pytest.raises(ValueError, match="is_verified"):
        organisation_create(actor=user, fields=_fields(is_verified=True), consent=True)


@pytest.mark.parametrize(("text", "expected"), [(POLISH, "pl"), (GERMAN, "de"), (FINNISH, "fi")])
def test_organisation_create_detects_description_language_when_empty(user, text, expected):
    organisation = organisation_create(actor=user, fields=_fields(description=text, description_lang=""), consent=True)

    assert organisation.description_lang == expected


# --- organisation_update -----------------------------------------------------------------------------------------


def test_organisation_update_audit_entry_lists_only_changed_fields(organisation, user):
    # Coordinates of its own, so that moving to another city does not re-place it from the gazetteer.
    Organisation.objects.filter(pk=organisation.pk).update(latitude=54.35, longitude=18.65)
    organisation.refresh_from_db()
    old_city = organisation.city

    organisation_update(actor=user, organisation=organisation, fields={"city": "Sopot", "name": organisation.name})

    [entry] = _entries(organisation, "organisation.update")
    assert entry.changes == {"city": [old_city, "Sopot"]}
    assert entry.actor == user


def test_organisation_update_audit_uses_stored_state_when_instance_was_changed_before(organisation, user):
    """A ModelForm bound to the instance copies the new values onto it before the service runs."""
    old_name = organisation.name
    organisation.name = "Changed in memory"

    organisation_update(actor=user, organisation=organisation, fields={"name": "Changed in memory"})

    [entry] = _entries(organisation, "organisation.update")
    assert entry.changes == {"name": [old_name, "Changed in memory"]}


def test_organisation_update_without_changes_writes_no_audit_entry(organisation, user):
    organisation_update(actor=user, organisation=organisation, fields={"city": organisation.city})

    assert _entries(organisation, "organisation.update") == []


def test_organisation_update_leaves_fields_not_given_untouched(organisation, user):
    email, phone = organisation.email, organisation.phone

    organisation_update(actor=user, organisation=organisation, fields={"city": "Sopot"})

    organisation.refresh_from_db()
    assert (organisation.city, organisation.email, organisation.phone) == ("Sopot", email, phone)


def test_organisation_update_m2m_change_is_audited_as_codes(organisation, user):
    languages = list(Language.objects.filter(code__in=["pl", "en"]))

    organisation_update(actor=user, organisation=organisation, fields={"languages": languages})

    [entry] = _entries(organisation, "organisation.update")
    assert entry.changes == {"languages": [[], ["en", "pl"]]}


@pytest.mark.parametrize(("text", "expected"), [(POLISH, "pl"), (GERMAN, "de"), (FINNISH, "fi")])
def test_organisation_update_detects_language_when_lang_empty(organisation, user, text, expected):
    organisation_update(actor=user, organisation=organisation, fields={"description": text, "description_lang": ""})

    organisation.refresh_from_db()
    assert organisation.description_lang == expected


def test_organisation_update_detects_language_when_lang_not_given(organisation, user):
    organisation_update(actor=user, organisation=organisation, fields={"offers": GERMAN})

    organisation.refresh_from_db()
    assert organisation.offers_lang == "de"


def test_organisation_update_keeps_given_language(organisation, user):
    # A code given by the person wins over detection, even when the text reads like another language.
    organisation_update(actor=user, organisation=organisation, fields={"needs": GERMAN, "needs_lang": "SV "})

    organisation.refresh_from_db()
    assert organisation.needs_lang == "sv"


def test_organisation_update_unchanged_text_keeps_its_language(organisation, user):
    organisation_update(actor=user, organisation=organisation, fields={"description": organisation.description})

    organisation.refresh_from_db()
    assert organisation.description_lang == "en"


def test_organisation_update_emptied_text_clears_its_language(organisation, user):
    organisation_update(actor=user, organisation=organisation, fields={"description": ""})

    organisation.refresh_from_db()
    assert organisation.description_lang == ""


def test_organisation_update_too_short_text_gets_unknown_language(organisation, user):
    organisation_update(actor=user, organisation=organisation, fields={"description": "Hej!", "description_lang": ""})

    organisation.refresh_from_db()
    assert organisation.description_lang == ""


def test_organisation_update_replaces_social_links(organisation, user):
    SocialLink.objects.create(organisation=organisation, platform="other", url="https://old.example")
    links = [{"platform": "vimeo", "url": "https://vimeo.com/studio"}]

    organisation_update(actor=user, organisation=organisation, fields={"social_links": links})

    assert list(organisation.social_links.values_list("url", flat=True)) == ["https://vimeo.com/studio"]
    [entry] = _entries(organisation, "organisation.update")
    assert entry.changes == {"social_links": [["https://old.example"], ["https://vimeo.com/studio"]]}


def test_organisation_update_invalid_value_raises_and_keeps_stored_values(organisation, user):
    with pytest.raises(ValidationError):
        organisation_update(actor=user, organisation=organisation, fields={"founded": 3000})

    organisation.refresh_from_db()
    assert organisation.founded is None
    assert _entries(organisation, "organisation.update") == []


# --- organisation_verify -----------------------------------------------------------------------------------------


def test_organisation_verify_sets_badge_time_and_person(organisation, secretariat):
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        organisation_verify(actor=secretariat, organisation=organisation)

    organisation.refresh_from_db()
    assert (organisation.is_verified, organisation.verified_at, organisation.verified_by) == (True, NOW, secretariat)
    [entry] = _entries(organisation, "organisation.verify")
    assert entry.changes == {"is_verified": [False, True]}


def test_organisation_verify_twice_writes_one_audit_entry(organisation, secretariat):
    organisation_verify(actor=secretariat, organisation=organisation)
    organisation_verify(actor=secretariat, organisation=organisation)

    assert len(_entries(organisation, "organisation.verify")) == 1


def test_organisation_verify_false_removes_badge(organisation, secretariat):
    organisation_verify(actor=secretariat, organisation=organisation)

    organisation_verify(actor=secretariat, organisation=organisation, verified=False)

    organisation.refresh_from_db()
    assert (organisation.is_verified, organisation.verified_at, organisation.verified_by) == (False, None, None)
    assert len(_entries(organisation, "organisation.unverify")) == 1


# --- organisation_merge ------------------------------------------------------------------------------------------


@pytest.fixture
def pair(db):
    target = OrganisationFactory(name="Kept", city="", website="", founded=None, phone="+48 22 111 2222")
    source = OrganisationFactory(
        name="Duplicate", city="Riga", website="https://dup.example", founded=2001, phone="+371 2 000 0000"
    )
    return source, target


def test_organisation_merge_fills_blank_fields_from_source_and_keeps_own(pair, secretariat):
    source, target = pair

    organisation_merge(actor=secretariat, source=source, target=target)

    target.refresh_from_db()
    assert (target.name, target.phone) == ("Kept", "+48 22 111 2222")
    assert (target.city, target.website, target.founded) == ("Riga", "https://dup.example", 2001)


def test_organisation_merge_unites_m2m_fields(pair, secretariat):
    source, target = pair
    target.domains.set(["games", "design"])
    source.domains.set(["design", "music"])
    source.sdgs.set([4])

    organisation_merge(actor=secretariat, source=source, target=target)

    assert sorted(target.domains.values_list("code", flat=True)) == ["design", "games", "music"]
    assert list(target.sdgs.values_list("number", flat=True)) == [4]


def test_organisation_merge_moves_memberships_keeping_the_higher_role(pair, secretariat):
    source, target = pair
    only_in_source = MembershipFactory(organisation=source, role="member").user
    admin_in_source = UserFactory()
    MembershipFactory(organisation=source, user=admin_in_source, role="admin")
    MembershipFactory(organisation=target, user=admin_in_source, role="member")
    admin_in_target = UserFactory()
    MembershipFactory(organisation=target, user=admin_in_target, role="admin")
    MembershipFactory(organisation=source, user=admin_in_target, role="member")

    organisation_merge(actor=secretariat, source=source, target=target)

    roles = dict(Membership.objects.filter(organisation=target).values_list("user", "role"))
    assert roles == {only_in_source.pk: "member", admin_in_source.pk: "admin", admin_in_target.pk: "admin"}
    assert Membership.objects.filter(organisation=source).count() == 0


def test_organisation_merge_moves_invitations_and_new_social_links(pair, secretariat):
    source, target = pair
    SocialLink.objects.create(organisation=target, platform="other", url="https://same.example")
    SocialLink.objects.create(organisation=source, platform="other", url="https://same.example")
    SocialLink.objects.create(organisation=source, platform="vimeo", url="https://vimeo.com/dup")
    invitation = Invitation.objects.create(
        organisation=source, email="x@example.org", token_hash="a" * 64, expires_at=NOW
    )

    organisation_merge(actor=secretariat, source=source, target=target)

    assert sorted(target.social_links.values_list("url", flat=True)) == [
        "https://same.example",
        "https://vimeo.com/dup",
    ]
    invitation.refresh_from_db()
    assert invitation.organisation == target


def test_organisation_merge_hides_source_pointing_to_target(pair, secretariat):
    source, target = pair

    organisation_merge(actor=secretariat, source=source, target=target)

    source.refresh_from_db()
    assert source.merged_into == target
    assert _entries(source, "organisation.merge_into")[0].changes == {"merged_into": [None, target.pk]}
    assert _entries(target, "organisation.merge_from")[0].changes["merged_from"] == [None, source.pk]


def test_organisation_merge_verification_carries_over(pair, secretariat):
    source, target = pair
    Organisation.objects.filter(pk=source.pk).update(is_verified=True)
    source.refresh_from_db()

    organisation_merge(actor=secretariat, source=source, target=target)

    target.refresh_from_db()
    assert target.is_verified is True


def test_organisation_merge_into_itself_is_refused(organisation, secretariat):
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        organisation_merge(actor=secretariat, source=organisation, target=organisation)

    organisation.refresh_from_db()
    assert organisation.merged_into is None


def test_organisation_merge_of_already_merged_source_is_refused(pair, secretariat):
    source, target = pair
    third = OrganisationFactory()
    organisation_merge(actor=secretariat, source=source, target=target)

    with pytest.raises(ValidationError, match="already been merged"):
        organisation_merge(actor=secretariat, source=source, target=third)

    source.refresh_from_db()
    assert source.merged_into == target


def test_organisation_merge_into_merged_target_is_refused(pair, secretariat):
    source, target = pair
    third = OrganisationFactory()
    organisation_merge(actor=secretariat, source=source, target=target)

    with pytest.raises(ValidationError, match="already been merged"):
        organisation_merge(actor=secretariat, source=third, target=source)

    third.refresh_from_db()
    assert third.merged_into is None


# --- organisation_delete -----------------------------------------------------------------------------------------


def test_organisation_delete_removes_profile_people_and_invitations(organisation, org_admin):
    Invitation.objects.create(organisation=organisation, email="x@example.org", token_hash="b" * 64, expires_at=NOW)
    pk = organisation.pk

    organisation_delete(actor=org_admin, organisation=organisation)

    assert Organisation.objects.filter(pk=pk).exists() is False
    assert Membership.objects.filter(organisation_id=pk).exists() is False
    assert Invitation.objects.filter(organisation_id=pk).exists() is False


def test_organisation_delete_audit_entries_remain(organisation, org_admin):
    pk, name = organisation.pk, organisation.name
    organisation_update(actor=org_admin, organisation=organisation, fields={"city": "Sopot"})

    organisation_delete(actor=org_admin, organisation=organisation)

    entries = AuditEntry.objects.filter(object_id=str(pk)).order_by("id")
    assert [(e.action, e.object_repr, e.actor) for e in entries] == [
        ("organisation.update", name, org_admin),
        ("organisation.delete", name, org_admin),
    ]
