"""Offline detection of the language a user wrote a text in.

User texts (descriptions, offers, needs) may be written in any of the network's languages; later
features (search stemming, cross-language matching) need to know which. Lingua ships its models
inside the wheel, so nothing is downloaded at run time. The detector is built once per process and
only for the configured content languages, which keeps it small and accurate.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from lingua import ConfidenceValue, IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

# Lingua's confidences are shares that add up to 1 over the candidate languages. A guess is kept
# only when the best language has at least this share and leads the runner-up clearly; short or
# ambiguous texts (Danish and Bokmål are close) get "unknown" rather than a wrong code.
MIN_CONFIDENCE = 0.3
MIN_LEAD_RATIO = 1.5
MIN_LETTERS = 12

# Lingua names Norwegian Bokmål "nb"; some people write "no".
_ALIASES = {"no": "nb"}


def _lingua_language(code: str) -> Language | None:
    code = _ALIASES.get(code, code)
    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(code))
    except ValueError:
        return None


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]) -> LanguageDetector:
    languages = [lang for lang in (_lingua_language(c) for c in codes) if lang is not None]
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def _codes() -> tuple[str, ...]:
    return tuple(sorted(set(settings.CREATIVEPORTS_CONTENT_LANGUAGES)))


def _decide(confidences: list[ConfidenceValue]) -> str:
    """A code from lingua's confidences, best first, or "" when the guess is not clear enough."""
    if not confidences or confidences[0].value < MIN_CONFIDENCE:
        return ""
    if len(confidences) > 1 and confidences[0].value < MIN_LEAD_RATIO * confidences[1].value:
        return ""
    return str(confidences[0].language.iso_code_639_1.name.lower())


def _enough_letters(text: str) -> bool:
    return sum(ch.isalpha() for ch in text) >= MIN_LETTERS


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "" when it cannot be told reliably."""
    return detect_languages([text])[0]


def detect_languages(texts: list[str]) -> list[str]:
    """`detect_language` for many texts at once, spread over the CPU cores by lingua (imports)."""
    codes = _codes()
    results = [""] * len(texts)
    wanted = [i for i, text in enumerate(texts) if _enough_letters(text)]
    if len(codes) < 2:
        for i in wanted:
            results[i] = codes[0] if codes else ""
        return results
    detector = _detector(codes)
    if len(wanted) == 1:
        all_confidences = [detector.compute_language_confidence_values(texts[wanted[0]])]
    else:
        all_confidences = detector.compute_language_confidence_values_in_parallel([texts[i] for i in wanted])
    for i, confidences in zip(wanted, all_confidences, strict=True):
        results[i] = _decide(confidences)
    return results
