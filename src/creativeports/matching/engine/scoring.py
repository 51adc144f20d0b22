"""The blend: components of evidence for a candidate partner, their weights, and the reasons.

Every component is a number from 0 to 1 for one candidate:

- semantic (needs to offers both ways, profile to profile): how unusual the candidate's cosine
  similarity is for this reader, as a z-score over the whole index (E5 similarities sit in a
  narrow band, so the raw cosine says little on its own), clipped to 0..3 and scaled to 0..1;
- lexical: the trigram similarity of the texts, as a z-score over the candidate pool, likewise;
- structured: complementary organisation types, shared CCI domains, a shared working language,
  SDGs in common;
- the network's purpose: a partner in another country, and a bridge between an innovation leader
  or strong innovator and a moderate or emerging one.

The score is the weighted sum. Reasons are the components that contributed most, each with the
evidence behind it (a quote, the shared words, the domains), never a fixed sentence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from creativeports.matching.engine.embedding import Matrix

Z_CAP = 3.0


@dataclass(frozen=True)
class Weights:
    """How much each component counts. Documented in docs/matching.md; a deployment can change
    them with CREATIVEPORTS_MATCH_WEIGHTS (JSON), e.g. {"other_country": 0.1}."""

    need_offer: float = 0.30  # their offers answer my needs
    offer_need: float = 0.15  # my offers answer their needs
    profile: float = 0.10  # we describe ourselves alike (same field, same kind of work)
    lexical: float = 0.08  # names of formats, tools, places in common
    type_fit: float = 0.08  # complementary organisation types
    domain: float = 0.07  # shared CCI domains
    language: float = 0.05  # a shared working language
    sdg: float = 0.02  # SDGs in common
    other_country: float = 0.05  # the network connects across borders
    bridge: float = 0.03  # innovation leaders with catching-up countries
    dismissed_like: float = 0.15  # a penalty: like partners this reader dismissed

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Weights:
        """Defaults overridden by `values`; unknown names or non-numbers raise ValueError."""
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown matching weights: {', '.join(sorted(unknown))}")
        cleaned = {}
        for name, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"matching weight {name} must be a number of at least 0")
            cleaned[name] = float(value)
        return replace(cls(), **cleaned)

    def fingerprint(self) -> str:
        """A short digest of the values: stored results made with other weights no longer count."""
        text = ",".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


# Pairs of organisation types that complement each other (order does not matter), and how well.
COMPLEMENTARY: dict[frozenset[str], float] = {
    frozenset(pair): fit
    for pair, fit in [
        (("company", "company"), 0.6),  # co-production, subcontracting, distribution
        (("company", "freelancer"), 1.0),
        (("company", "incubator"), 1.0),
        (("company", "business_support"), 1.0),
        (("company", "cluster"), 0.8),
        (("company", "funder"), 0.8),
        (("company", "university"), 0.8),
        (("company", "cultural_institute"), 0.8),
        (("company", "network"), 0.6),
        (("freelancer", "incubator"), 0.8),
        (("freelancer", "cultural_institute"), 0.8),
        (("freelancer", "business_support"), 0.6),
        (("incubator", "incubator"), 0.8),  # soft landing for each other's start-ups
        (("incubator", "business_support"), 0.6),
        (("incubator", "cluster"), 0.8),
        (("incubator", "university"), 0.8),
        (("incubator", "funder"), 0.8),
        (("cluster", "cluster"), 0.8),
        (("cluster", "public_authority"), 0.8),
        (("cluster", "university"), 0.6),
        (("business_support", "public_authority"), 0.6),
        (("cultural_institute", "cultural_institute"), 0.6),
        (("cultural_institute", "ngo"), 0.8),
        (("cultural_institute", "university"), 0.6),
        (("ngo", "ngo"), 0.6),
        (("ngo", "public_authority"), 0.6),
        (("ngo", "funder"), 0.8),
        (("network", "network"), 0.6),
        (("network", "cluster"), 0.8),
        (("public_authority", "university"), 0.6),
    ]
}
LEADING_RANK = 2  # strong innovators and leaders
CATCHING_UP_RANK = 1  # moderate and emerging innovators


@dataclass(frozen=True)
class Profile:
    """What the blend needs to know about an organisation besides its texts."""

    id: int
    country: str
    type: str
    domains: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    sdgs: frozenset[int] = frozenset()
    innovation_rank: int | None = None  # 3 leader ... 0 emerging; None when unknown


@dataclass(frozen=True)
class Reason:
    """One reason for a recommendation: a code the web layer turns into a sentence in the
    reader's language, the evidence to put in it, and how much it added to the score."""

    code: str
    params: dict[str, Any]
    contribution: float


@dataclass
class Evidence:
    """The components for one candidate (0 to 1 each) and what backs them."""

    candidate: Profile
    need_offer: float = 0.0
    offer_need: float = 0.0
    profile: float = 0.0
    lexical: float = 0.0
    dismissed_like: float = 0.0
    shared_words: list[str] = field(default_factory=list)
    quotes: dict[str, str] = field(default_factory=dict)


# Rows of one language needed before that language's own statistics are trusted.
MIN_LANGUAGE_GROUP = 5


@dataclass(frozen=True)
class SemanticStats:
    """Mean and spread of one reader's similarities over the whole index, overall and per language."""

    mean: float
    std: float
    # One row per language code: mean and standard deviation, NaN where the group is too small.
    by_language: npt.NDArray[np.float64] | None = None


def semantic_stats(similarities: Matrix, languages: npt.NDArray[np.int16] | None = None) -> SemanticStats:
    """The statistics `semantic_scaled` needs: one pass over the similarities, whatever their number."""
    values = similarities.astype(np.float64, copy=False)
    if values.size < 2:
        return SemanticStats(mean=0.0, std=1.0)
    mean, std = float(values.mean()), float(values.std()) or 1.0
    if languages is None:
        return SemanticStats(mean=mean, std=std)
    codes = languages.astype(np.intp, copy=False)
    counts = np.bincount(codes)
    sums = np.bincount(codes, weights=values)
    squares = np.bincount(codes, weights=values * values)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / counts
        spreads = np.sqrt(np.maximum(squares / counts - means * means, 0.0))
    spreads[spreads == 0] = 1.0
    means[counts < MIN_LANGUAGE_GROUP] = np.nan
    return SemanticStats(mean=mean, std=std, by_language=np.stack([means, spreads], axis=1))


def semantic_scaled(similarities: Matrix, languages: npt.NDArray[np.int16] | None, stats: SemanticStats) -> Matrix:
    """Similarities of some candidates as z-scores against `stats`, clipped to 0..Z_CAP, scaled to 0..1.

    With languages, half of the score is the z-score among texts of the candidate's language:
    multilingual embedders rate any two texts in one language as somewhat alike, and this takes
    that head start away from same-language candidates (on bench/match_eval, cross-language
    recall@5 of the semantic component alone rose from 0.54 to 0.64).
    """
    values = similarities.astype(np.float64, copy=False)
    z = (values - stats.mean) / stats.std
    if stats.by_language is not None and languages is not None and values.size:
        own = stats.by_language[languages.astype(np.intp, copy=False)]
        known = ~np.isnan(own[:, 0])
        z[known] = 0.5 * z[known] + 0.5 * (values[known] - own[known, 0]) / own[known, 1]
    scaled: Matrix = (np.clip(z, 0.0, Z_CAP) / Z_CAP).astype(np.float32)
    return scaled


def semantic_z(similarities: Matrix, languages: npt.NDArray[np.int16] | None = None) -> Matrix:
    """Every similarity scaled against the statistics of all of them (see semantic_scaled)."""
    if similarities.size < 2:
        return np.zeros_like(similarities)
    return semantic_scaled(similarities, languages, semantic_stats(similarities, languages))


def pool_z(values: Mapping[int, float]) -> dict[int, float]:
    """Like semantic_z, over the candidate pool."""
    if len(values) < 2:
        return {key: min(1.0, value) for key, value in values.items()}
    array = np.fromiter(values.values(), dtype=np.float64)
    mean, std = float(array.mean()), float(array.std()) or 1.0
    return {key: float(np.clip((value - mean) / std, 0.0, Z_CAP) / Z_CAP) for key, value in values.items()}


def structured(me: Profile | None, them: Profile) -> dict[str, tuple[float, dict[str, Any]]]:
    """The structured and network components, each with its evidence (empty when it does not apply)."""
    if me is None:
        return {}
    parts: dict[str, tuple[float, dict[str, Any]]] = {}
    fit = COMPLEMENTARY.get(frozenset((me.type, them.type)), 0.0)
    if fit:
        parts["type_fit"] = (fit, {"mine": me.type, "theirs": them.type})
    shared_domains = me.domains & them.domains
    if shared_domains:
        parts["domain"] = (min(1.0, len(shared_domains) / 2), {"domains": sorted(shared_domains)})
    shared_languages = me.languages & them.languages
    if shared_languages:
        parts["language"] = (1.0, {"languages": sorted(shared_languages)})
    shared_sdgs = me.sdgs & them.sdgs
    if shared_sdgs:
        parts["sdg"] = (min(1.0, len(shared_sdgs) / 2), {"sdgs": sorted(shared_sdgs)})
    if them.country != me.country:
        parts["other_country"] = (1.0, {"country": them.country})
    ranks = (me.innovation_rank, them.innovation_rank)
    if None not in ranks and (
        (ranks[0] >= LEADING_RANK and ranks[1] <= CATCHING_UP_RANK)  # type: ignore[operator]  # None excluded above
        or (ranks[1] >= LEADING_RANK and ranks[0] <= CATCHING_UP_RANK)  # type: ignore[operator]
    ):
        parts["bridge"] = (1.0, {"country": them.country, "mine": me.country})
    return parts


# A component explains a recommendation when it adds at least this much to the score.
REASON_MIN_CONTRIBUTION = 0.02
# Reasons a semantic or lexical component gives only when its evidence is strong (z-score / Z_CAP).
TEXT_REASON_MIN = 1.0 / Z_CAP


def blend(
    evidence: Evidence, me: Profile | None, weights: Weights, *, max_reasons: int = 4
) -> tuple[float, list[Reason]]:
    """The candidate's score and its reasons, strongest first."""
    contributions: list[Reason] = []
    score = 0.0
    for name in ("need_offer", "offer_need", "profile", "lexical"):
        value = getattr(evidence, name)
        part = getattr(weights, name) * value
        score += part
        if value >= TEXT_REASON_MIN and (name != "lexical" or evidence.shared_words):
            params: dict[str, Any] = {"quote": evidence.quotes.get(name, "")}
            if name == "lexical":
                params = {"words": evidence.shared_words}
            contributions.append(Reason(name, params, part))
    for name, (value, params) in structured(me, evidence.candidate).items():
        part = getattr(weights, name) * value
        score += part
        contributions.append(Reason(name, params, part))
    score -= weights.dismissed_like * evidence.dismissed_like
    contributions.sort(key=lambda reason: -reason.contribution)
    reasons = [r for r in contributions if r.contribution >= REASON_MIN_CONTRIBUTION][:max_reasons]
    return score, reasons
