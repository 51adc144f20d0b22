"""Reference data in the API: every taxonomy as a list of codes with labels."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from creativeports.api.auth import optional_auth
from creativeports.taxonomy.models import CciDomain, Country, Language, NaceCode, OrganisationType, Sdg
from creativeports.taxonomy.selectors import network_countries

router = Router(tags=["taxonomies"])


class TermOut(Schema):
    code: str
    label: str
    names: dict[str, str]


class DomainOut(TermOut):
    kind: str
    related: list[str]


class CountryOut(TermOut):
    in_network: bool


def _terms(objects: Any) -> list[dict[str, Any]]:
    return [{"code": str(o.pk), "label": o.label, "names": o.names} for o in objects]


@router.get("/taxonomies/countries", response=list[CountryOut], auth=optional_auth)
def countries(request: HttpRequest) -> Any:
    members = set(network_countries().values_list("code", flat=True))
    return [{**t, "in_network": t["code"] in members} for t in _terms(Country.objects.all())]


@router.get("/taxonomies/languages", response=list[TermOut], auth=optional_auth)
def languages(request: HttpRequest) -> Any:
    return _terms(Language.objects.all())


@router.get("/taxonomies/cci-domains", response=list[DomainOut], auth=optional_auth)
def cci_domains(request: HttpRequest) -> Any:
    domains = CciDomain.objects.prefetch_related("related")
    return [
        {
            "code": d.code,
            "label": d.label,
            "names": d.names,
            "kind": d.kind,
            "related": [r.code for r in d.related.all()],
        }
        for d in domains
    ]


@router.get("/taxonomies/nace-codes", response=list[TermOut], auth=optional_auth)
def nace_codes(request: HttpRequest) -> Any:
    return _terms(NaceCode.objects.all())


@router.get("/taxonomies/sdgs", response=list[TermOut], auth=optional_auth)
def sdgs(request: HttpRequest) -> Any:
    return _terms(Sdg.objects.all())


@router.get("/taxonomies/organisation-types", response=list[TermOut], auth=optional_auth)
def organisation_types(request: HttpRequest) -> Any:
    return _terms(OrganisationType.objects.all())
