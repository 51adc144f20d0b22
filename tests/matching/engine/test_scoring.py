"""The blend: weights, structured fit, the network's purpose, and reasons from evidence."""

from __future__ import annotations

import numpy as np
import pytest

from creativeports.matching.engine.scoring import (
    Evidence,
    Profile,
    Weights,
    blend,
    pool_z,
    semantic_z,
    structured,
)

pytestmark = pytest.mark.unit

STUDIO_PL = Profile(
    id=1,
    country="PL",
    type="company",
    domains=frozenset({"games"}),
    languages=frozenset({"pl", "en"}),
    innovation_rank=0,
)
PUBLISHER_DK = Profile(
    id=2,
    country="DK",
    type="company",
    domains=frozenset({"games", "book_press"}),
    languages=frozenset({"da", "en"}),
    sdgs=frozenset({4}),
    innovation_rank=3,
)


def test_weights_from_mapping_overrides_defaults():
    weights = Weights.from_mapping({"other_country": 0.2})

    assert (weights.other_country, weights.need_offer) == (0.2, Weights().need_offer)


@pytest.mark.parametrize("values", [{"nonsense": 1}, {"lexical": -1}, {"lexical": "a lot"}, {"domain": True}])
def test_weights_from_mapping_refuses_bad_values(values):
    with pytest.raises(ValueError, match="weight"):
        Weights.from_mapping(values)


def test_structured_fit_of_a_polish_studio_and_a_danish_publisher():
    parts = structured(STUDIO_PL, PUBLISHER_DK)

    assert parts == {
        "type_fit": (0.6, {"mine": "company", "theirs": "company"}),
        "domain": (0.5, {"domains": ["games"]}),
        "language": (1.0, {"languages": ["en"]}),
        "other_country": (1.0, {"country": "DK"}),
        "bridge": (1.0, {"country": "DK", "mine": "PL"}),
    }


def test_no_bridge_between_two_leaders_and_none_for_the_same_country():
    swedish = Profile(id=3, country="SE", type="funder", innovation_rank=3)
    danish = Profile(id=4, country="DK", type="ngo", innovation_rank=3)
    other_danish = Profile(id=5, country="DK", type="cluster", innovation_rank=3)

    assert "bridge" not in structured(swedish, danish)
    assert "other_country" not in structured(danish, other_danish)


def test_blend_gives_reasons_only_for_components_with_evidence():
    evidence = Evidence(
        candidate=PUBLISHER_DK,
        need_offer=0.9,
        lexical=0.8,  # high, but no distinctive word in common: not a reason
        quotes={"need_offer": "We publish narrative games from Copenhagen."},
    )

    score, reasons = blend(evidence, STUDIO_PL, Weights(), max_reasons=10)

    assert [r.code for r in reasons] == ["need_offer", "language", "other_country", "type_fit", "domain", "bridge"]
    assert reasons[0].params == {"quote": "We publish narrative games from Copenhagen."}
    weights = Weights()
    expected = (
        weights.need_offer * 0.9
        + weights.lexical * 0.8
        + weights.type_fit * 0.6
        + weights.domain * 0.5
        + weights.language
        + weights.other_country
        + weights.bridge
    )
    assert score == pytest.approx(expected)


def test_blend_penalises_candidates_like_dismissed_ones():
    plain = Evidence(candidate=PUBLISHER_DK, need_offer=0.5)
    like_dismissed = Evidence(candidate=PUBLISHER_DK, need_offer=0.5, dismissed_like=1.0)

    assert blend(like_dismissed, None, Weights())[0] == pytest.approx(
        blend(plain, None, Weights())[0] - Weights().dismissed_like
    )


def test_semantic_z_scales_unusual_similarities_to_one_and_ordinary_ones_to_zero():
    similarities = np.array([0.80] * 99 + [0.95], dtype=np.float32)

    scaled = semantic_z(similarities)

    assert (float(scaled[-1]), float(scaled[0])) == (1.0, 0.0)


def test_pool_z_of_a_single_value_is_the_value_capped():
    assert pool_z({7: 0.4}) == {7: 0.4}
    assert pool_z({7: 3.0}) == {7: 1.0}
