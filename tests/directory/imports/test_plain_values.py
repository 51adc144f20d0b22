"""The import's shortcut for plain web and email addresses accepts nothing the model field refuses."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creativeports.directory.imports.rows import PLAIN_MAX_LENGTH, PLAIN_VALUES
from creativeports.directory.models import Organisation

pytestmark = pytest.mark.unit


def _plain(name: str) -> st.SearchStrategy[str]:
    return st.from_regex(PLAIN_VALUES[name], fullmatch=True).filter(lambda value: len(value) <= PLAIN_MAX_LENGTH)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(value=_plain("website"))
def test_every_plain_web_address_is_one_the_model_field_accepts(value):
    assert Organisation._meta.get_field("website").clean(value, None) == value


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(value=_plain("email"))
def test_every_plain_email_address_is_one_the_model_field_accepts(value):
    assert Organisation._meta.get_field("email").clean(value, None) == value


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("website", "https://studio.example.pl"),
        ("website", "HTTP://www.kalbu-tiltas.lt/en/about_us/index.html"),
        ("email", "anna.kowalska+cp@studio.example.pl"),
    ],
)
def test_the_commonest_addresses_take_the_shortcut(name, value):
    assert PLAIN_VALUES[name].fullmatch(value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("website", "https://łódź.example.pl"),  # valid, but non-ASCII: the field's own check
        ("website", "https://example.com/a b"),
        ("website", "https://-bad.example.com"),
        ("website", "ftp://files.example.com"),
        ("website", "https://example.c0m"),
        ("email", "anna..kowalska@example.pl"),
        ("email", "anna@localhost"),
        ("email", "anna@@example.pl"),
    ],
)
def test_anything_else_goes_through_the_field(name, value):
    assert not PLAIN_VALUES[name].fullmatch(value)
