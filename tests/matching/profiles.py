"""Small, hand-written profiles in several languages for matching tests (fictional)."""

from __future__ import annotations

from typing import Any

from creativeports.directory.models import Organisation
from tests.factories import OrganisationFactory

PROFILES: dict[str, dict[str, Any]] = {
    # A Danish publisher of games that offers exactly what the Polish studio needs.
    "publisher_dk": {
        "name": "Havnelys Games",
        "country_id": "DK",
        "description": "Vi er et forlag for computerspil i København.",
        "offers": "Vi udgiver og markedsfører indie-spil på Steam og konsoller i hele Europa, med finansiering og PR.",
        "needs": "Vi søger små spilstudier med færdige prototyper.",
        "domains": ["games"],
    },
    # A German localisation agency: translation of games and apps into German.
    "localisation_de": {
        "name": "Wortwerk Lokalisierung",
        "country_id": "DE",
        "description": "Übersetzungsbüro in Leipzig für Spiele und Software.",
        "offers": "Übersetzung und Lokalisierung von Videospielen und Apps ins Deutsche, mit Sprachtests.",
        "needs": "Wir suchen Aufträge von Spielestudios aus dem Baltikum.",
        "domains": ["games"],
    },
    # A Swedish sound studio: music and sound design for games.
    "sound_se": {
        "name": "Klangvarvet",
        "country_id": "SE",
        "description": "Ljudstudio i Göteborg.",
        "offers": "Vi komponerar musik och gör ljuddesign och röstinspelning för datorspel.",
        "needs": "Vi söker spelutvecklare som behöver musik.",
        "domains": ["music", "games"],
    },
    # A distractor: a Finnish fashion upcycler.
    "fashion_fi": {
        "name": "Kiertokangas",
        "country_id": "FI",
        "description": "Tampereella toimiva vaatesuunnittelun yritys.",
        "offers": "Suunnittelemme uusia vaatteita kierrätetyistä tekstiileistä ja myymme niitä verkossa.",
        "needs": "Etsimme tekstiilijätettä toimittavia kumppaneita.",
        "domains": ["fashion"],
    },
    # A Polish games studio that needs a publisher.
    "studio_pl": {
        "name": "Bursztyn Interactive",
        "country_id": "PL",
        "description": "Małe studio gier z Gdańska.",
        "offers": "Tworzymy gry przygodowe na PC.",
        "needs": "Szukamy wydawcy, który wyda i wypromuje naszą grę na Steamie i konsolach.",
        "domains": ["games"],
    },
}


def make(key: str, **overrides: Any) -> Organisation:
    fields = {**PROFILES[key], **overrides}
    domains = fields.pop("domains")
    organisation = OrganisationFactory(**fields)
    organisation.domains.set(domains)
    return organisation


def make_all(**overrides: Any) -> dict[str, Organisation]:
    return {key: make(key, **overrides) for key in PROFILES}
