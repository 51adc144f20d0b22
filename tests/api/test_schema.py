"""The OpenAPI description and the interactive docs page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders

from tests.api.helpers import API

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def resolve(document, ref):
    assert ref.startswith("#/"), ref
    node = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def refs_in(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs_in(value)


def test_openapi_is_openapi_3_json(client):
    response = client.get(f"{API}/openapi.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(response.content)
    assert re.fullmatch(r"3\.\d+\.\d+", document["openapi"])
    assert document["info"]["title"] == "Creative Ports API"
    assert document["info"]["version"] == "1"
    for path, item in document["paths"].items():
        assert path.startswith("/api/v1/")
        operations = {method: op for method, op in item.items() if method in HTTP_METHODS}
        assert operations, path
        for op in operations.values():
            assert op["responses"], (path, op)
    for ref in refs_in(document):
        assert isinstance(resolve(document, ref), dict), ref


def test_openapi_lists_organisation_and_taxonomy_paths(client):
    document = client.get(f"{API}/openapi.json").json()

    methods = {path: {m for m in item if m in HTTP_METHODS} for path, item in document["paths"].items()}
    assert methods[f"{API}/organisations"] == {"get", "post"}
    assert methods[f"{API}/organisations/{{organisation_id}}"] == {"get", "patch", "delete"}
    assert methods[f"{API}/me"] == {"get"}
    for name in ["countries", "languages", "cci-domains", "nace-codes", "sdgs", "organisation-types"]:
        assert methods[f"{API}/taxonomies/{name}"] == {"get"}


def test_openapi_documents_bearer_auth_and_pagination(client):
    document = client.get(f"{API}/openapi.json").json()

    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["ApiTokenAuth"].items()
    list_params = {p["name"] for p in document["paths"][f"{API}/organisations"]["get"]["parameters"]}
    assert {"page", "page_size", "q", "country", "type", "domain", "language", "sdg"} <= list_params


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: dict[int, str] = {}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self.tags and self.tags[-1][0] == "script" and data.strip():
            self.script_text[len(self.tags) - 1] = data


def test_docs_page_has_no_inline_script_or_style(client):
    response = client.get(f"{API}/docs")

    assert response.status_code == 200
    parser = _Elements()
    parser.feed(response.content.decode())
    scripts = [(i, attrs) for i, (tag, attrs) in enumerate(parser.tags) if tag == "script"]
    executable = [(i, attrs) for i, attrs in scripts if attrs.get("type", "text/javascript") != "application/json"]
    assert executable
    for index, attrs in executable:
        assert attrs.get("src"), attrs
        assert index not in parser.script_text
    assert all(not name.startswith("on") for _tag, attrs in parser.tags for name in attrs)
    assert all("style" not in attrs for _tag, attrs in parser.tags)
    assert [tag for tag, _attrs in parser.tags if tag == "style"] == []


def test_docs_page_loads_its_files_from_our_static_files(client):
    response = client.get(f"{API}/docs")

    parser = _Elements()
    parser.feed(response.content.decode())
    sources = [attrs["src"] for tag, attrs in parser.tags if tag == "script" and attrs.get("src")]
    sources += [attrs["href"] for tag, attrs in parser.tags if tag == "link" and attrs.get("rel") == "stylesheet"]
    assert sources
    for source in sources:
        assert source.startswith("/static/"), source
        assert finders.find(source.removeprefix("/static/")) is not None, source


def test_docs_page_is_served_under_the_strict_csp(client):
    response = client.get(f"{API}/docs")

    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy
