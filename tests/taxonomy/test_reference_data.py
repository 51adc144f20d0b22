"""Reference data: loading is idempotent, relations are consistent, labels fall back to English."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.translation import override

from creativeports.taxonomy.models import (
    CciDomain,
    Country,
    Language,
    NaceCode,
    Network,
    NetworkMembership,
    OrganisationType,
    Sdg,
)
from creativeports.taxonomy.selectors import network_countries, network_countries_and
from creativeports.taxonomy.services import DATA_DIR, reference_data_load

pytestmark = pytest.mark.unit

# The EU Strategy for the Baltic Sea Region: eight EU member states, Norway and Iceland as neighbours.
BSR_MEMBERS = {"DK", "EE", "FI", "DE", "LV", "LT", "PL", "SE"}
BSR_NEIGHBOURS = {"NO", "IS"}

FILES = {
    "countries": ("countries.json", Country),
    "languages": ("languages.json", Language),
    "networks": ("networks.json", Network),
    "cci_domains": ("cci_domains.json", CciDomain),
    "nace_codes": ("nace_codes.json", NaceCode),
    "sdgs": ("sdgs.json", Sdg),
    "organisation_types": ("organisation_types.json", OrganisationType),
}


def _items(filename: str) -> list[dict]:
    return json.loads((Path(DATA_DIR) / filename).read_text(encoding="utf-8"))["items"]


def _table_sizes() -> dict[str, int]:
    """Rows of every taxonomy table, including the relation tables."""
    sizes = {name: model.objects.count() for name, (_, model) in FILES.items()}
    sizes["network_memberships"] = NetworkMembership.objects.count()
    sizes["cci_related"] = CciDomain.related.through.objects.count()
    sizes["nace_domains"] = NaceCode.domains.through.objects.count()
    return sizes


# --- Loading -----------------------------------------------------------------------------------------------------


def test_reference_data_load_twice_gives_same_counts(db):
    first = reference_data_load()
    tables_after_first = _table_sizes()

    second = reference_data_load()

    assert second == first
    assert _table_sizes() == tables_after_first


def test_reference_data_load_counts_match_the_data_files(db):
    counts = reference_data_load()

    assert counts == {name: len(_items(filename)) for name, (filename, _) in FILES.items()}


def test_reference_data_load_repairs_changed_and_stray_rows(db):
    original = Country.objects.get(code="PL").names
    Country.objects.filter(code="PL").update(names={"en": "Changed"})
    NetworkMembership.objects.filter(network_id="bsr", country_id="SE").delete()
    NetworkMembership.objects.create(network_id="bsr", country_id="FR", role="member")
    CciDomain.objects.get(code="games").related.clear()

    reference_data_load()

    assert Country.objects.get(code="PL").names == original
    assert set(NetworkMembership.objects.filter(network_id="bsr").values_list("country_id", flat=True)) == (
        BSR_MEMBERS | BSR_NEIGHBOURS
    )
    assert list(CciDomain.objects.get(code="games").related.values_list("code", flat=True)) == ["audiovisual"]


def test_load_reference_data_command_prints_counts_and_is_repeatable(db):
    out = io.StringIO()

    call_command("load_reference_data", stdout=out)
    call_command("load_reference_data", stdout=out)

    lines = out.getvalue().splitlines()
    expected = [f"{name}: {len(_items(filename))}" for name, (filename, _) in FILES.items()]
    assert lines == expected + expected


# --- CCI domains -------------------------------------------------------------------------------------------------


def test_cci_domain_relations_are_symmetric(db):
    for domain in CciDomain.objects.prefetch_related("related"):
        for other in domain.related.all():
            assert domain in other.related.all(), f"{domain.code} → {other.code} has no way back"


def test_cci_domain_relations_hold_every_declared_pair(db):
    declared = {
        frozenset((item["code"], other)) for item in _items("cci_domains.json") for other in item.get("related", [])
    }

    stored = {
        frozenset((d.code, o.code)) for d in CciDomain.objects.prefetch_related("related") for o in d.related.all()
    }

    assert stored == declared


def test_cci_domain_no_domain_related_to_itself(db):
    for domain in CciDomain.objects.prefetch_related("related"):
        assert domain not in domain.related.all()


def test_cci_domains_keep_file_order(db):
    assert list(CciDomain.objects.values_list("code", flat=True)) == [i["code"] for i in _items("cci_domains.json")]


def test_nace_codes_link_to_existing_domains(db):
    for item in _items("nace_codes.json"):
        stored = set(NaceCode.objects.get(code=item["code"]).domains.values_list("code", flat=True))
        assert stored == set(item.get("essnet_domains", []))


# --- The network -------------------------------------------------------------------------------------------------


def test_network_bsr_has_eight_members_and_two_neighbours(db):
    memberships = NetworkMembership.objects.filter(network_id="bsr")

    assert set(memberships.filter(role="member").values_list("country_id", flat=True)) == BSR_MEMBERS
    assert set(memberships.filter(role="neighbour").values_list("country_id", flat=True)) == BSR_NEIGHBOURS


def test_network_countries_members_first_then_neighbours(db):
    codes = list(network_countries(network="bsr").values_list("code", flat=True))

    assert codes == sorted(BSR_MEMBERS) + sorted(BSR_NEIGHBOURS)


def test_network_countries_without_neighbours(db):
    codes = list(network_countries(network="bsr", include_neighbours=False).values_list("code", flat=True))

    assert codes == sorted(BSR_MEMBERS)


def test_network_countries_default_is_the_configured_network(db, settings):
    settings.CREATIVEPORTS_NETWORK = "bsr"

    assert list(network_countries()) == list(network_countries(network="bsr"))


def test_network_countries_unknown_network_is_empty(db):
    assert list(network_countries(network="atlantis")) == []


# --- Labels ------------------------------------------------------------------------------------------------------


def test_label_in_active_language(db):
    company = OrganisationType.objects.get(code="company")

    with override("de"):
        assert company.label == company.names["de"]
    with override("pl"):
        assert company.label == company.names["pl"]


def test_label_falls_back_to_english_without_translation(db):
    company = OrganisationType.objects.get(code="company")
    assert "fr" not in company.names

    with override("fr"):
        assert company.label == company.names["en"]
        assert str(company) == company.names["en"]


def test_label_regional_variant_uses_base_language(db):
    company = OrganisationType.objects.get(code="company")

    with override("de-at"):
        assert company.label == company.names["de"]


def test_label_without_any_name_is_the_code():
    with override("de"):
        assert Country(code="XX", names={}).label == "XX"
        assert Sdg(number=99, names={}).label == "99"


@pytest.mark.parametrize(("filename", "model"), list(FILES.values()))
def test_every_item_falls_back_to_english_in_a_language_it_lacks(db, filename, model):
    # Whatever the language, a label is never empty: missing translations show the English name.
    with override("fr"):
        for obj in model.objects.all():
            assert obj.label == obj.names["en"]


def test_country_missing_translation_falls_back_to_english(db):
    lacking = [i for i in _items("countries.json") if "da" not in i["names"]]
    assert lacking  # the data documents some (e.g. Türkiye in Danish)

    with override("da"):
        for item in lacking:
            assert Country.objects.get(code=item["code"]).label == item["names"]["en"]


def test_sdg_and_nace_str_show_number_or_code_with_label(db):
    with override("en"):
        assert str(Sdg.objects.get(number=4)) == f"4. {Sdg.objects.get(number=4).names['en']}"
        nace = NaceCode.objects.first()
        assert str(nace) == f"{nace.code} {nace.names['en']}"


def test_network_countries_and_adds_only_the_named_countries_outside_the_network(db):
    codes = [country.code for country in network_countries_and(["FR", "PL", "", "NL"])]

    network = list(network_countries().values_list("code", flat=True))
    assert codes == [*network, "FR", "NL"]
    assert [country.code for country in network_countries_and([])] == network
