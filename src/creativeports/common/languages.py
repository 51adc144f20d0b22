"""Offline detection of the language a user wrote a text in.

User texts (descriptions, offers, needs) may be written in any of the network's languages; later
features (search stemming, cross-language matching) need to know which. Lingua ships its models
inside the wheel, so nothing is downloaded at run time. The detector is built once per process and
only for the configured content languages, which keeps it small and accurate.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

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


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "" when it cannot be told reliably."""
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return ""
    codes = tuple(sorted(set(settings.CREATIVEPORTS_CONTENT_LANGUAGES)))
    if len(codes) < 2:
        return codes[0] if codes else ""
    confidences = _detector(codes).compute_language_confidence_values(text)
    if not confidences or confidences[0].value < MIN_CONFIDENCE:
        return ""
    if len(confidences) > 1 and confidences[0].value < MIN_LEAD_RATIO * confidences[1].value:
        return ""
    return confidences[0].language.iso_code_639_1.name.lower()
