"""Writes to organisation profiles: create, update, logo, verify, merge, delete.

Every function here runs in one transaction and writes the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from creativeports.common.gazetteer import city_coordinates
from creativeports.common.languages import detect_language
from creativeports.common.services.audit import audit_changes, audit_record
from creativeports.common.uploads import image_reencode
from creativeports.directory.enums import TEXT_FIELDS, MembershipRole
from creativeports.directory.models import Membership, Organisation, SocialLink
from creativeports.directory.models.organisation import M2M_FIELDS, SCALAR_FIELDS
from creativeports.directory.signals import profiles_changed_on_commit

# Bump when the wording of the consent checkbox changes, so we know what each profile agreed to.
CONSENT_VERSION = "2026-11"


def _attname(name: str) -> str:
    """The attribute holding a field's raw value (`type_id` for the foreign key `type`)."""
    field = Organisation._meta.get_field(name)
    return str(getattr(field, "attname", name))


def organisation_snapshot(organisation: Organisation) -> dict[str, Any]:
    """The audited state of a profile: scalar values, and M2M fields as sorted lists of codes."""
    state: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        state[name] = getattr(organisation, _attname(name))
    if organisation.pk:
        for name in M2M_FIELDS:
            state[name] = sorted(str(pk) for pk in getattr(organisation, name).values_list("pk", flat=True))
        state["social_links"] = sorted(organisation.social_links.values_list("url", flat=True))
    state["logo"] = organisation.logo.name or ""
    return state


def _unique_slug(name: str, country_code: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(f"{name}-{country_code}")[:200] or "organisation"
    candidate, n = base, 1
    others = Organisation.objects.exclude(pk=exclude_pk) if exclude_pk else Organisation.objects.all()
    while others.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _apply_text_languages(organisation: Organisation, fields: Mapping[str, Any], before: Mapping[str, Any]) -> None:
    """Store each text's language: as given, or detected offline when new text came without one."""
    for name in TEXT_FIELDS:
        text = getattr(organisation, name) or ""
        lang_field = f"{name}_lang"
        given = (fields.get(lang_field) or "").strip().lower()
        if not text.strip():
            setattr(organisation, lang_field, "")
        elif given:
            setattr(organisation, lang_field, given)
        elif text != before.get(name) or not getattr(organisation, lang_field):
            setattr(organisation, lang_field, detect_language(text))


def organisation_locate(organisation: Organisation, before: Mapping[str, Any]) -> None:
    """Place a profile without its own coordinates at its city's (offline gazetteer), flagged approximate.

    `before` is the stored state ({} for a new profile). Coordinates the person typed are theirs;
    the approximate ones an edit form sends back unchanged stay approximate, and follow the city
    when it changes. Does not save.
    """
    lat, lon = organisation.latitude, organisation.longitude
    has_coordinates = lat is not None and lon is not None
    coordinates_changed = (lat, lon) != (before.get("latitude"), before.get("longitude"))
    place_changed = (organisation.city, organisation.country_id) != (before.get("city"), before.get("country"))
    if not coordinates_changed and not place_changed:
        # Nothing about the place changed: an unrelated edit leaves the location (and the audit
        # log) alone; profiles never located are the job of `creativeports geocode_organisations`.
        return
    if has_coordinates and (coordinates_changed or not organisation.location_approximate):
        organisation.location_approximate = False
        return
    found = city_coordinates(organisation.city, organisation.country_id)
    organisation.latitude, organisation.longitude = found if found else (None, None)
    organisation.location_approximate = found is not None


def _apply(organisation: Organisation, fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(SCALAR_FIELDS) - set(M2M_FIELDS) - {"social_links"}
    if unknown:
        raise ValueError(f"Unknown organisation fields: {sorted(unknown)}")
    for name in SCALAR_FIELDS:
        if name in fields and not name.endswith("_lang"):
            value = fields[name]
            setattr(
                organisation, name, "" if value is None and name not in {"latitude", "longitude", "founded"} else value
            )


def _set_relations(organisation: Organisation, fields: Mapping[str, Any]) -> None:
    for name in M2M_FIELDS:
        if name in fields:
            getattr(organisation, name).set(fields[name] or [])
    if "social_links" in fields:
        _social_links_set(organisation, fields["social_links"] or [])


def _social_links_set(organisation: Organisation, links: Iterable[Mapping[str, str]]) -> None:
    organisation.social_links.all().delete()
    SocialLink.objects.bulk_create(
        SocialLink(organisation=organisation, platform=link["platform"], url=link["url"]) for link in links
    )


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
    fields: Mapping[str, Any],
    consent: bool,
    is_demo: bool = False,
    logo: UploadedFile[bytes] | None = None,
) -> Organisation:
    """Create a profile (with its logo, if given); the creator becomes its first admin.

    Raises ValidationError when consent to publish is missing or the logo is no image.
    Writes the audit log.
    """
    if not consent:
        raise ValidationError({"consent": _("Please confirm that the organisation agrees to be listed.")})
    organisation = Organisation(is_demo=is_demo)
    _apply(organisation, fields)
    _apply_text_languages(organisation, fields, {})
    organisation_locate(organisation, {})
    organisation.slug = _unique_slug(organisation.name, organisation.country_id)
    now = timezone.now()
    actor_or_none = actor if getattr(actor, "is_authenticated", False) else None
    organisation.consent_at, organisation.consent_by, organisation.consent_version = now, actor_or_none, CONSENT_VERSION
    organisation.created_by = actor_or_none
    organisation.full_clean(exclude=["slug", "logo"])
    organisation.save()
    _set_relations(organisation, fields)
    if actor_or_none is not None:
        Membership.objects.create(user=actor_or_none, organisation=organisation, role=MembershipRole.ADMIN)
    audit_record(
        actor=actor,
        action="organisation.create",
        obj=organisation,
        changes=audit_changes({}, organisation_snapshot(organisation)),
    )
    if logo is not None:
        organisation_logo_set(actor=actor, organisation=organisation, upload=logo)
    profiles_changed_on_commit([organisation.pk])
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: Any,
    organisation: Organisation,
    fields: Mapping[str, Any],
    logo: UploadedFile[bytes] | None = None,
) -> Organisation:
    """Change a profile (and its logo, if one is given). Only the given fields change; texts get
    their language (re)detected. Raises ValidationError for invalid values or a logo that is no image."""
    # The stored state, not the instance's: a ModelForm bound to the instance has already copied the
    # new values onto it, and the audit log would then miss every changed field.
    before = organisation_snapshot(Organisation.objects.get(pk=organisation.pk))
    _apply(organisation, fields)
    _apply_text_languages(organisation, fields, before)
    organisation_locate(organisation, before)
    organisation.full_clean(exclude=["slug", "logo"])
    organisation.save()
    _set_relations(organisation, fields)
    changes = audit_changes(before, organisation_snapshot(organisation))
    if changes:
        audit_record(actor=actor, action="organisation.update", obj=organisation, changes=changes)
        profiles_changed_on_commit([organisation.pk])
    if logo is not None:
        organisation_logo_set(actor=actor, organisation=organisation, upload=logo)
    return organisation


@transaction.atomic
def organisation_logo_set(
    *, actor: Any, organisation: Organisation, upload: UploadedFile[bytes] | None
) -> Organisation:
    """Replace (or with None remove) the logo. Raises ValidationError for anything but a real image."""
    old_name = organisation.logo.name or ""
    if upload is None:
        organisation.logo.name = ""
    else:
        content = image_reencode(upload)
        organisation.logo.save(content.name or "logo.png", content, save=False)
    organisation.save(update_fields=["logo", "updated"])
    if old_name and old_name != organisation.logo.name:
        storage = organisation.logo.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    audit_record(
        actor=actor,
        action="organisation.logo",
        obj=organisation,
        changes={"logo": [old_name, organisation.logo.name or ""]},
    )
    return organisation


@transaction.atomic
def organisation_verify(*, actor: Any, organisation: Organisation, verified: bool = True) -> Organisation:
    """Give (or take away) the secretariat's verification badge."""
    if organisation.is_verified == verified:
        return organisation
    organisation.is_verified = verified
    organisation.verified_at = timezone.now() if verified else None
    organisation.verified_by = actor if verified else None
    organisation.save(update_fields=["is_verified", "verified_at", "verified_by", "updated"])
    audit_record(
        actor=actor,
        action="organisation.verify" if verified else "organisation.unverify",
        obj=organisation,
        changes={"is_verified": [not verified, verified]},
    )
    return organisation


@transaction.atomic
def organisation_merge(*, actor: Any, source: Organisation, target: Organisation) -> Organisation:
    """Fold a duplicate profile into another and hide the duplicate.

    The target keeps its own values; blanks in it are filled from the source; related codes are
    united; people, invitations and social links move over (a person in both keeps the higher role).
    The source stays in the database, marked `merged_into`, so links to it can redirect.
    Raises ValidationError when asked to merge a profile into itself or into a merged one.
    """
    if source.pk == target.pk:
        raise ValidationError(_("An organisation cannot be merged into itself."))
    if source.merged_into_id is not None or target.merged_into_id is not None:
        raise ValidationError(_("One of these organisations has already been merged."))
    before = organisation_snapshot(target)
    for name in SCALAR_FIELDS:
        attname = _attname(name)
        if getattr(target, attname) in (None, "") and getattr(source, attname) not in (None, ""):
            setattr(target, attname, getattr(source, attname))
    if not target.logo and source.logo:
        target.logo = source.logo
    target.is_verified = target.is_verified or source.is_verified
    target.save()
    for name in M2M_FIELDS:
        getattr(target, name).add(*getattr(source, name).all())
    existing_urls = set(target.social_links.values_list("url", flat=True))
    source.social_links.exclude(url__in=existing_urls).update(organisation=target)
    target_roles = dict(target.memberships.values_list("user_id", "role"))
    for membership in source.memberships.all():
        if membership.user_id not in target_roles:
            membership.organisation = target
            membership.save(update_fields=["organisation"])
        elif membership.role == MembershipRole.ADMIN:
            target.memberships.filter(user_id=membership.user_id).update(role=MembershipRole.ADMIN)
    source.memberships.all().delete()
    source.invitations.update(organisation=target)
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated"])
    audit_record(actor=actor, action="organisation.merge_into", obj=source, changes={"merged_into": [None, target.pk]})
    audit_record(
        actor=actor,
        action="organisation.merge_from",
        obj=target,
        changes={"merged_from": [None, source.pk], **audit_changes(before, organisation_snapshot(target))},
    )
    profiles_changed_on_commit([target.pk, source.pk])
    return target


@transaction.atomic
def organisation_delete(*, actor: Any, organisation: Organisation) -> None:
    """Delete a profile with its memberships and invitations; the audit log keeps that it happened."""
    audit_record(actor=actor, action="organisation.delete", obj=organisation, changes={})
    logo = organisation.logo.name
    storage = organisation.logo.storage
    organisation.delete()
    if logo:
        transaction.on_commit(lambda: storage.delete(logo))
