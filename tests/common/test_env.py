"""The typed readers of environment variables used by the settings."""

from __future__ import annotations

import os
import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from creativeports.common.env import env_bool, env_int, env_list, env_str

pytestmark = pytest.mark.unit

NAME = "CREATIVEPORTS_TEST_VARIABLE"
CHECKOUT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _unset(monkeypatch):
    monkeypatch.delenv(NAME, raising=False)


def test_env_str_missing_gives_the_default():
    assert env_str(NAME, "fallback") == "fallback"


def test_env_str_set_gives_the_value_unchanged(monkeypatch):
    monkeypatch.setenv(NAME, "  spaced  ")

    assert env_str(NAME, "fallback") == "  spaced  "


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_missing_gives_the_default(default):
    assert env_bool(NAME, default=default) is default


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "On", " true "])
def test_env_bool_true_words_are_true(monkeypatch, raw):
    monkeypatch.setenv(NAME, raw)

    assert env_bool(NAME, default=False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "OFF", "", "  "])
def test_env_bool_false_words_and_empty_are_false(monkeypatch, raw):
    monkeypatch.setenv(NAME, raw)

    assert env_bool(NAME, default=True) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "y", "enabled"])
def test_env_bool_other_words_are_a_configuration_error(monkeypatch, raw):
    monkeypatch.setenv(NAME, raw)

    with pytest.raises(ImproperlyConfigured, match=NAME):
        env_bool(NAME, default=True)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_env_int_missing_or_blank_gives_the_default(monkeypatch, raw):
    if raw is not None:
        monkeypatch.setenv(NAME, raw)

    assert env_int(NAME, 7) == 7


@pytest.mark.parametrize(("raw", "expected"), [("42", 42), ("-3", -3), (" 8 ", 8), ("0", 0)])
def test_env_int_whole_numbers_are_read(monkeypatch, raw, expected):
    monkeypatch.setenv(NAME, raw)

    assert env_int(NAME, 7) == expected


@pytest.mark.parametrize("raw", ["4.5", "ten", "1e3", "0x10"])
def test_env_int_other_text_is_a_configuration_error(monkeypatch, raw):
    monkeypatch.setenv(NAME, raw)

    with pytest.raises(ImproperlyConfigured, match=NAME):
        env_int(NAME, 7)


def test_env_list_missing_gives_a_copy_of_the_default():
    default = ["en", "de"]

    result = env_list(NAME, default)

    assert result == ["en", "de"]
    assert result is not default


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("en,de", ["en", "de"]), (" en , de ,, pl ", ["en", "de", "pl"]), ("", []), (",", []), ("solo", ["solo"])],
)
def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch, raw, expected):
    monkeypatch.setenv(NAME, raw)

    assert env_list(NAME, ["default"]) == expected


items = st.lists(
    st.text(alphabet=st.characters(codec="ascii", exclude_characters=",\x00"), min_size=1).map(str.strip).filter(bool),
    max_size=8,
)


@given(values=items)
def test_env_list_reads_back_what_was_joined(values):
    with mock.patch.dict(os.environ, {NAME: ",".join(values)}):
        assert env_list(NAME, ["default"]) == values


def _variables_the_settings_read() -> set[str]:
    settings_source = (CHECKOUT / "src" / "creativeports" / "config" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r"""env_(?:str|bool|int|list)\(\s*["']([A-Z0-9_]+)["']""", settings_source))


def test_every_variable_the_settings_read_is_in_env_example():
    # .env.example is where an operator learns what can be set: a new setting must appear there.
    read = _variables_the_settings_read()
    example = (CHECKOUT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))

    assert "CREATIVEPORTS_EMBEDDER_THREADS" in read
    assert read - listed == set()
