"""Facet counts: per value, under the other active filters, only over what the reader may see."""

from __future__ import annotations

import pytest

from creativeports.directory import selectors
from tests.directory.search.conftest import make
from tests.factories import UserFactory

pytestmark = pytest.mark.unit


@pytest.fixture
def facetted(db):
    """Five organisations spread over countries, types, sizes, domains, languages, SDGs and verification."""
    a = make("A", country="PL", type="company", size="micro", region="Pomorskie", is_verified=True)
    b = make("B", country="PL", type="ngo", size="small", region="Pomorskie")
    c = make("C", country="DE", type="company", size="micro", region="Hamburg", description="puppetry")
    d = make("D", country="LT", type="university", size="", region="", description="puppetry")
    hidden = make("Hidden", country="LT", type="company", size="micro", region="Secret", profile_visibility="private")
    a.domains.set(["games", "design"])
    b.domains.set(["design"])
    c.domains.set(["music"])
    hidden.domains.set(["games"])
    a.languages.set(["pl", "en"])
    c.languages.set(["de", "en"])
    hidden.languages.set(["lt"])
    a.sdgs.set([4, 8])
    d.sdgs.set([4])
    return {"a": a, "b": b, "c": c, "d": d, "hidden": hidden}


def _counts(user, **filters):
    _listing, counts = selectors.organisation_listing(
        user=user, filters=selectors.directory_filters(**filters), with_counts=True
    )
    return counts


def _names(user=None, **filters):
    listing, _counts = selectors.organisation_listing(user=user, filters=selectors.directory_filters(**filters))
    return [o.name for o in selectors.organisations_by_ids(user=user, ids=listing.ids)]


def test_facet_counts_without_filters_count_every_visible_organisation(facetted):
    counts = _counts(None)

    assert counts["country"] == {"PL": 2, "DE": 1, "LT": 1}
    assert counts["type"] == {"company": 2, "ngo": 1, "university": 1}
    assert counts["size"] == {"micro": 2, "small": 1, "": 1}
    assert counts["region"] == {"Pomorskie": 2, "Hamburg": 1}
    assert counts["domain"] == {"games": 1, "design": 2, "music": 1}
    assert counts["language"] == {"pl": 1, "en": 2, "de": 1}
    assert counts["sdg"] == {4: 2, 8: 1}
    assert counts["verified"] == {True: 1, False: 3}


def test_facet_counts_of_a_facet_ignore_its_own_selection(facetted):
    counts = _counts(None, country=["PL"])

    assert counts["country"] == {"PL": 2, "DE": 1, "LT": 1}
    assert counts["type"] == {"company": 1, "ngo": 1}
    assert counts["domain"] == {"games": 1, "design": 2}


def test_facet_counts_follow_other_filters_and_search(facetted):
    counts = _counts(None, q="puppetry", type=["company"])

    assert counts["country"] == {"DE": 1}
    assert counts["type"] == {"company": 1, "university": 1}
    assert counts["language"] == {"de": 1, "en": 1}


def test_facet_counts_never_include_hidden_profiles(facetted):
    counts = _counts(UserFactory())  # a signed-in member of no organisation: private profiles stay hidden

    assert counts["country"] == {"PL": 2, "DE": 1, "LT": 1}
    assert "Secret" not in counts["region"]
    assert counts["domain"]["games"] == 1
    assert "lt" not in counts["language"]


def test_facet_counts_for_the_secretariat_include_private_profiles(facetted, secretariat):
    counts = _counts(secretariat)

    assert counts["country"] == {"PL": 2, "DE": 1, "LT": 2}
    assert counts["domain"]["games"] == 2


def test_facet_counts_exclude_merged_profiles(facetted):
    facetted["b"].merged_into = facetted["a"]
    facetted["b"].save()

    assert _counts(None)["country"] == {"PL": 1, "DE": 1, "LT": 1}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"domain": ["games", "music"]}, {"A", "C"}),  # OR within a facet
        ({"domain": ["design"], "country": ["PL"], "type": ["ngo"]}, {"B"}),  # AND across facets
        ({"country": ["pl", "de"]}, {"A", "B", "C"}),
        ({"country": "LT"}, {"D"}),  # one value as a string still works (the API passes those)
        ({"language": ["EN"]}, {"A", "C"}),
        ({"sdg": [4, "8"]}, {"A", "D"}),
        ({"sdg": 8}, {"A"}),
        ({"sdg": ["x", "99999999999"]}, {"A", "B", "C", "D"}),  # no valid number: no SDG filter
        ({"size": ["micro"], "region": ["Hamburg"]}, {"C"}),
        ({"verified": True}, {"A"}),
        ({"verified": False}, {"B", "C", "D"}),
        ({"type": ["\x00company\x00"]}, {"A", "C"}),
        ({"domain": ["no-such-domain"]}, set()),
    ],
)
def test_listing_filters_combine_facets(facetted, filters, expected):
    assert set(_names(**filters)) == expected


def test_listing_many_to_many_filters_return_each_organisation_once(facetted):
    assert _names(domain=["games", "design"], language=["pl", "en"]) == ["A"]
