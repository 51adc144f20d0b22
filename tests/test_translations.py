"""Every catalogue is complete, and the compiled .mo files match the .po files."""

import re
from pathlib import Path

import polib
import pytest

import creativeports

LOCALE = Path(creativeports.__file__).resolve().parent / "locale"

pytestmark = pytest.mark.unit

LANGUAGES = ["da", "de", "et", "fi", "is", "lt", "lv", "nb", "pl", "sv"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_every_entry_translated(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))

    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]

    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_compiled_file_matches_the_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    mo = polib.mofile(str(folder / "django.mo"))

    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo if e.msgid}
    source = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()}

    assert compiled == source


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_placeholders_survive_translation(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))

    broken = []
    for entry in po.translated_entries():
        wanted = sorted(polib_placeholders(entry.msgid))
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text and sorted(polib_placeholders(text)) != wanted and not entry.msgid_plural:
                broken.append(entry.msgid)
    assert broken == []


def polib_placeholders(text):
    return re.findall(r"%\([a-z_]+\)[sd]|%[sd]", text)
