"""Organisations in the API. Input is validated by the same form the pages use."""

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from creativeports.api.auth import optional_auth, required_auth
from creativeports.api.errors import ErrorOut, errors_from_form
from creativeports.api.pagination import PageNumberPagination
from creativeports.common.page_cache import cache_public_page
from creativeports.directory import selectors
from creativeports.directory.forms import OrganisationForm
from creativeports.directory.listing.changes import directory_version
from creativeports.directory.models import Organisation
from creativeports.directory.models.organisation import M2M_FIELDS
from creativeports.directory.serializers import organisation_as_dict
from creativeports.directory.services.organisation import (
    organisation_create,
    organisation_delete,
    organisation_update,
)

router = Router(tags=["organisations"])

# SDG numbers are looked up in the database: bound them so that a huge integer is a 422, not an overflow.
SdgNumber = Annotated[int, Field(ge=1, le=32767)]


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str
    url: str
    type: str
    type_label: str
    country: str
    country_name: str
    region: str
    city: str
    latitude: float | None
    longitude: float | None
    domains: list[str]
    nace_codes: list[str]
    size: str
    founded: int | None
    languages: list[str]
    website: str
    social_links: list[str]
    logo_url: str | None
    description: str
    description_lang: str
    offers: str
    offers_lang: str
    needs: str
    needs_lang: str
    target_markets: list[str]
    international_experience: str
    sdgs: list[int]
    is_verified: bool
    is_demo: bool
    contact: dict[str, str] = Field(
        description="The contact details this reader may see (contact_name, email, phone); hidden ones are absent."
    )
    updated: str


class OrganisationIn(Schema):
    """Codes as in /api/v1/taxonomies/*. On PATCH every field is optional."""

    name: str | None = None
    type: str | None = None
    country: str | None = None
    region: str | None = None
    city: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    domains: list[str] | None = None
    nace_codes: list[str] | None = None
    size: str | None = None
    founded: int | None = None
    languages: list[str] | None = None
    website: str | None = None
    social_links: list[str] | None = None
    description: str | None = None
    description_lang: str | None = None
    offers: str | None = None
    offers_lang: str | None = None
    needs: str | None = None
    needs_lang: str | None = None
    target_markets: list[str] | None = None
    international_experience: str | None = None
    sdgs: list[SdgNumber] | None = None
    contact_name: str | None = None
    contact_name_visibility: str | None = None
    email: str | None = None
    email_visibility: str | None = None
    phone: str | None = None
    phone_visibility: str | None = None
    profile_visibility: str | None = None


class OrganisationCreateIn(OrganisationIn):
    consent: bool = Field(False, description="The organisation agrees to be listed (required).")


class OrganisationFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Text in name, city, description, offers or needs.")
    country: str | None = Field(None, max_length=2)
    type: str | None = Field(None, max_length=32)
    domain: str | None = Field(None, max_length=32)
    language: str | None = Field(None, max_length=2)
    sdg: int | None = Field(None, ge=1, le=17)


def _user(request: HttpRequest) -> Any:
    return request.user


FORM_FIELDS = frozenset(OrganisationForm.Meta.fields)


def _form_data(payload: OrganisationIn, *, instance: Organisation | None = None) -> dict[str, Any]:
    """Form data: the current values (for PATCH) overlaid with what the request sent."""
    # A new profile starts from the model's defaults (visibilities), like the page form does.
    data: dict[str, Any] = {
        f.name: f.get_default() for f in Organisation._meta.concrete_fields if f.name in FORM_FIELDS and f.has_default()
    }
    if instance is not None:
        data = model_to_dict(instance, fields=OrganisationForm.Meta.fields)
        for name in M2M_FIELDS:
            data[name] = [obj.pk for obj in data.get(name, [])]
        data["social_links"] = list(instance.social_links.values_list("url", flat=True))
    sent = payload.dict(exclude_unset=True)
    data.update({k: v for k, v in sent.items() if k != "consent"})
    if isinstance(data.get("social_links"), list):
        # The form takes the links as text, one per line; a line break inside an item must not split it.
        data["social_links"] = "\n".join(" ".join(str(url).split()) for url in data["social_links"])
    return {k: ("" if v is None and k not in M2M_FIELDS else v) for k, v in data.items()}


def _validated(payload: OrganisationIn, *, instance: Organisation | None = None) -> OrganisationForm:
    form = OrganisationForm(data=_form_data(payload, instance=instance), instance=instance)
    if not form.is_valid():
        raise ValidationError({e["field"] or "__all__": [e["message"]] for e in errors_from_form(form)})
    return form


@router.get("/organisations", response=list[OrganisationOut], auth=optional_auth)
@decorate_view(cache_public_page("api.organisations", directory_version))
@paginate(PageNumberPagination)
def organisation_list(request: HttpRequest, filters: Query[OrganisationFilters]) -> Any:
    user = _user(request)
    given = filters.dict(exclude_none=True)
    sort = "relevance" if given.get("q") else "name"
    result, _counts = selectors.organisation_listing(user=user, filters=selectors.directory_filters(**given), sort=sort)
    return _Serialized(result.ids, user)


class _Serialized:
    """The matching ids, serialised lazily: the paginator slices before any row is read."""

    def __init__(self, ids: Any, user: Any) -> None:
        self.ids, self.user = ids, user

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        rows = selectors.organisations_by_ids(
            user=self.user, ids=self.ids[item], queryset=selectors.organisation_detail_queryset()
        )
        return [organisation_as_dict(o, user=self.user) for o in rows]


@router.get("/organisations/{int:organisation_id}", response={200: OrganisationOut, 404: ErrorOut}, auth=optional_auth)
def organisation_detail(request: HttpRequest, organisation_id: int) -> Any:
    user = _user(request)
    return organisation_as_dict(selectors.organisation_get_visible(user=user, pk=organisation_id), user=user)


@router.post("/organisations", response={201: OrganisationOut, 401: ErrorOut, 422: ErrorOut}, auth=required_auth)
def organisation_create_endpoint(request: HttpRequest, payload: OrganisationCreateIn) -> Any:
    user = _user(request)
    form = _validated(payload)
    organisation = organisation_create(actor=user, fields=form.service_fields(), consent=payload.consent)
    created = selectors.organisation_get_visible(user=user, pk=organisation.pk)
    return Status(201, organisation_as_dict(created, user=user))


@router.patch(
    "/organisations/{int:organisation_id}",
    response={200: OrganisationOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=required_auth,
)
def organisation_update_endpoint(request: HttpRequest, organisation_id: int, payload: OrganisationIn) -> Any:
    user = _user(request)
    organisation = selectors.organisation_get_editable(user=user, pk=organisation_id)
    form = _validated(payload, instance=organisation)
    organisation_update(actor=user, organisation=organisation, fields=form.service_fields())
    return organisation_as_dict(selectors.organisation_get_visible(user=user, pk=organisation.pk), user=user)


@router.delete(
    "/organisations/{int:organisation_id}", response={204: None, 401: ErrorOut, 404: ErrorOut}, auth=required_auth
)
def organisation_delete_endpoint(request: HttpRequest, organisation_id: int) -> Any:
    user = _user(request)
    organisation = selectors.organisation_get_editable(user=user, pk=organisation_id)
    organisation_delete(actor=user, organisation=organisation)
    return Status(204, None)
