"""`creativeports export_organisations`: the whole register, as a visitor sees it unless --include-private."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.directory.exports.parsing import email_of, records_of
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.integration

FORMATS = ["csv", "xlsx", "json", "jsonld"]


@pytest.fixture
def register(db):
    """A public profile with a private email and a members-only phone, a members-only and a private profile."""
    public = OrganisationFactory(name="Public Studio", email="secret@public.example")
    OrganisationFactory(name="Members Studio", profile_visibility="members")
    OrganisationFactory(name="Private Studio", profile_visibility="private")
    return public


def _export_to_file(tmp_path, fmt, *args):
    output = tmp_path / f"register.{fmt}"
    call_command("export_organisations", "--format", fmt, "--output", str(output), *args)
    return records_of(fmt, output.read_bytes())


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_command_shows_only_what_a_visitor_sees(tmp_path, register, fmt):
    records = _export_to_file(tmp_path, fmt)

    assert [record["name"] for record in records] == ["Public Studio"]
    assert email_of(fmt, records[0]) == ""
    assert "secret@public.example" not in str(records)
    assert "58 000 0000" not in str(records)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_command_include_private_exports_everything(tmp_path, register, fmt):
    records = _export_to_file(tmp_path, fmt, "--include-private")

    assert [record["name"] for record in records] == ["Members Studio", "Private Studio", "Public Studio"]
    assert email_of(fmt, records[2]) == "secret@public.example"


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonld"])
def test_export_command_writes_text_formats_to_stdout(register, fmt):
    stdout = io.StringIO()

    call_command("export_organisations", "--format", fmt, stdout=stdout)

    records = records_of(fmt, stdout.getvalue().encode("utf-8"))
    assert [record["name"] for record in records] == ["Public Studio"]


def test_export_command_refuses_xlsx_to_a_text_stream(register):
    with pytest.raises(CommandError, match="XLSX is binary"):
        call_command("export_organisations", "--format", "xlsx", stdout=io.StringIO())


def test_export_command_rejects_an_unknown_format(register):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("export_organisations", "--format", "pdf")
