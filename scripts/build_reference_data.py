"""Build the generated taxonomy files: countries.json and languages.json.

Why: the platform shows country and language names in the languages of the Baltic Sea Region.
Rather than typing (and maintaining) hundreds of labels by hand, we take them from the ISO code
lists and their community translations as packaged by pycountry (Debian iso-codes, LGPL-2.1).
The output is committed, so the running platform does not depend on pycountry at all.

What it writes (into src/creativeports/taxonomy/data/):

* countries.json - every ISO 3166-1 country, keyed by its alpha-2 code (upper case).
  English is pycountry's ``common_name`` where one exists ("Bolivia"), otherwise ``name``.
* languages.json - every ISO 639-1 language (those with an alpha-2 code, lower case),
  English from pycountry's ``name``.

Translations come from pycountry's bundled gettext catalogues (domains ``iso3166-1`` and
``iso639-3``). A language key is only written when the catalogue really holds a translation
for the name; nothing falls back to English. For a country with a ``common_name`` the
translation of the common name is preferred, then that of the formal ``name``.

How to rerun (a throwaway virtualenv is enough; pin the version the ``source`` line names):

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install pycountry==26.2.16
    /tmp/refvenv/bin/python scripts/build_reference_data.py

When upgrading pycountry, change PYCOUNTRY_VERSION below (the script refuses to run against a
different version so that the ``source`` line always tells the truth) and review the diff.
"""

from __future__ import annotations

import gettext
import json
import sys
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pycountry

PYCOUNTRY_VERSION = "26.2.16"
DATA_DIR = Path(__file__).resolve().parent.parent / "src" / "creativeports" / "taxonomy" / "data"

# Languages of the platform's labels besides English: output key -> gettext locale names to try.
TRANSLATION_LOCALES: dict[str, tuple[str, ...]] = {
    "de": ("de",),
    "pl": ("pl",),
    "da": ("da",),
    "et": ("et",),
    "fi": ("fi",),
    "lv": ("lv",),
    "lt": ("lt",),
    "sv": ("sv",),
    "nb": ("nb", "nb_NO"),
    "is": ("is",),
}

Lookup = Callable[[str], str | None]


class _Missing(gettext.NullTranslations):
    """Fallback catalogue that reports a missing message instead of echoing the English msgid."""

    def gettext(self, message: str) -> str:
        raise KeyError(message)


def _lookup(domain: str, locales: Iterable[str]) -> Lookup | None:
    """A function returning the translation of a msgid, or None when the catalogue lacks it."""
    for locale in locales:
        try:
            catalogue = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[locale])
        except FileNotFoundError:
            continue
        catalogue.add_fallback(_Missing())

        def translate(message: str, catalogue: gettext.NullTranslations = catalogue) -> str | None:
            try:
                translated = catalogue.gettext(message)
            except KeyError:
                return None
            return translated or None

        return translate
    return None


def _lookups(domain: str) -> dict[str, Lookup]:
    lookups: dict[str, Lookup] = {}
    for key, locales in TRANSLATION_LOCALES.items():
        lookup = _lookup(domain, locales)
        if lookup is None:
            print(f"warning: no {domain} catalogue for {key!r} (tried {', '.join(locales)})", file=sys.stderr)
        else:
            lookups[key] = lookup
    return lookups


def _names(msgids: list[str], lookups: dict[str, Lookup]) -> dict[str, str]:
    """English (the first msgid) plus every translation found, trying the msgids in order."""
    names = {"en": msgids[0]}
    for key, lookup in lookups.items():
        for msgid in msgids:
            translated = lookup(msgid)
            if translated:
                names[key] = translated
                break
    return names


def build_countries() -> dict[str, Any]:
    lookups = _lookups("iso3166-1")
    items = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        common_name: str | None = getattr(country, "common_name", None)
        msgids = [common_name, country.name] if common_name else [country.name]
        items.append({"code": country.alpha_2.upper(), "names": _names(msgids, lookups)})
    return {
        "source": f"ISO 3166-1 via pycountry {PYCOUNTRY_VERSION} (Debian iso-codes), LGPL-2.1",
        "items": items,
    }


def build_languages() -> dict[str, Any]:
    lookups = _lookups("iso639-3")
    with_alpha_2 = [lang for lang in pycountry.languages if getattr(lang, "alpha_2", None)]
    items = [
        {"code": lang.alpha_2.lower(), "names": _names([lang.name], lookups)}
        for lang in sorted(with_alpha_2, key=lambda lang: lang.alpha_2.lower())
    ]
    return {
        "source": f"ISO 639-1 via pycountry {PYCOUNTRY_VERSION} (Debian iso-codes), LGPL-2.1",
        "items": items,
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> int:
    installed = version("pycountry")
    if installed != PYCOUNTRY_VERSION:
        print(f"error: pycountry {PYCOUNTRY_VERSION} expected, {installed} installed", file=sys.stderr)
        return 1
    for name, builder in (("countries.json", build_countries), ("languages.json", build_languages)):
        data = builder()
        write_json(DATA_DIR / name, data)
        print(f"{name}: {len(data['items'])} items")
    return 0


if __name__ == "__main__":
    sys.exit(main())
