"""Every write endpoint of the API, found from the URL resolver (so a new one is covered the
day it is added), answers empty and junk bodies with a 4xx in the one error format: never a
5xx, never HTML. The caller may act on the case and the report in the URL, so each request is
refused for what it sends, not for who sends it."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from reporting.serializers import AppointmentInputSerializer

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch", "delete")
ERROR_KEYS = {"status", "code", "detail", "errors"}


def api_routes(patterns=None, prefix: str = ""):
    """(route, view class) for every DRF view under /api/v1/."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from api_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith("api/v1/"):
            view_class = getattr(entry.callback, "cls", None)
            if view_class is not None:
                yield route, view_class


WRITE_ROUTES = sorted(
    (route, method)
    for route, view_class in api_routes()
    for method in WRITE_METHODS if hasattr(view_class, method)
)


def test_the_write_routes_are_found():
    routes = {route for route, _ in WRITE_ROUTES}
    assert "api/v1/<slug:institution_slug>/reports/<int:report_id>/appointments/" in routes
    assert "api/v1/<slug:institution_slug>/cases/" in routes
    assert len(WRITE_ROUTES) >= 30


def field_names(route: str, method: str) -> set[str]:
    """Every property name any request body of the schema has (nested ones included), so the
    junk reaches real fields and not only unknown keys."""
    from drf_spectacular.generators import SchemaGenerator

    schema = _schema(SchemaGenerator)
    names: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                walk(schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]])
            names.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    walk(schema["paths"].get(path, {}).get(method, {}).get("requestBody", {}))
    return names


_SCHEMA: dict = {}


def _schema(generator_class) -> dict:
    if not _SCHEMA:
        _SCHEMA.update(generator_class().get_schema(request=None, public=True))
    return _SCHEMA


# Values of the wrong type, out of range, or unknown, given to every field at once.
JUNK_VALUES = [
    None,
    "",
    "zz-not-a-choice",
    "not-a-date",
    "9999-12-31",
    "0001-01-01",
    10**30,
    -(10**30),
    -1,
    1.5,
    True,
    "1e400",
    [],
    [None, {"x": 1}],
    {"nested": {"deeper": [1, 2]}},
    "x" * 20000,
]


def junk_bodies(fields: set[str]):
    yield "empty object", json.dumps({}), "application/json"
    yield "a list", json.dumps([1, 2]), "application/json"
    yield "a string", json.dumps("hello"), "application/json"
    yield "null", "null", "application/json"
    yield "broken json", '{"mode": ', "application/json"
    yield "unknown media type", "<x/>", "application/xml"
    yield "empty form", "", "application/x-www-form-urlencoded"
    for value in JUNK_VALUES:
        yield f"every field = {value!r:.40}", json.dumps(dict.fromkeys(fields, value)), \
            "application/json"
    # one field at a time with a wrong type, the others left out
    for f in sorted(fields):
        yield f"only {f} = object", json.dumps({f: {"a": 1}}), "application/json"


def concrete(route: str, ids: dict) -> str:
    def fill(match):
        return str(ids.get(match.group(1), 1))

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", fill, route)


def assert_error_format(response, label: str) -> None:
    assert response.status_code < 500, (label, response.status_code, response.content[:500])
    if response.status_code < 400:
        return
    assert response["Content-Type"].startswith("application/json"), (label, response)
    body = response.json()
    assert set(body) == ERROR_KEYS, (label, body)
    assert body["status"] == response.status_code, (label, body)
    assert isinstance(body["code"], str), (label, body)
    assert isinstance(body["detail"], str), (label, body)
    assert isinstance(body["errors"], dict), (label, body)
    for name, messages in body["errors"].items():
        assert isinstance(name, str), (label, body)
        assert isinstance(messages, list), (label, body)
        assert all(isinstance(m, str) for m in messages), (label, body)


@pytest.mark.parametrize(("route", "method"), WRITE_ROUTES)
def test_junk_bodies_are_refused_in_the_error_format(route, method, kingsway, actor, case,
                                                     report, matter):
    ids = {"institution_slug": kingsway.slug, "case_id": case.pk, "report_id": report.pk,
           "matter_id": matter.pk}
    path = concrete(route, ids)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(actor)
    fields = field_names(route, method)
    for label, body, content_type in junk_bodies(fields):
        response = getattr(client, method)(path, body, content_type=content_type)
        assert_error_format(response, f"{method.upper()} {path} with {label}")
    if method == "post":  # multipart: text where a file goes, a file where text goes
        form = dict.fromkeys(fields, "not a file")
        response = client.post(path, form, format="multipart")
        assert_error_format(response, f"POST {path} multipart text")
        upload = SimpleUploadedFile("x.exe", b"MZ" + b"\x00" * 64)
        response = client.post(path, dict.fromkeys(list(fields)[:1], upload) or {"file": upload},
                               format="multipart")
        assert_error_format(response, f"POST {path} multipart file")


READ_ROUTES = sorted(route for route, view_class in api_routes() if hasattr(view_class, "get"))
JUNK_QUERIES = [{"page": "abc"}, {"page": "999999"}, {"page": str(10**30)},
                {"assignee": str(10**30)}, {"assignee": "me"}, {"deadline_status": "zz"},
                {"stage": "zz"}, {"status": "zz"}, {"search": "x" * 5000},
                {"from": "9999-12-31", "add": str(10**30)}, {"from": "0001-01-01", "add": "-5"},
                {"awaiting_staff": "perhaps"}]


@pytest.mark.parametrize("route", READ_ROUTES)
def test_junk_query_parameters_are_refused_in_the_error_format(route, kingsway, actor, case,
                                                               report, matter):
    ids = {"institution_slug": kingsway.slug, "case_id": case.pk, "report_id": report.pk,
           "matter_id": matter.pk}
    path = concrete(route, ids)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(actor)
    for query in JUNK_QUERIES:
        assert_error_format(client.get(path, query), f"GET {path} ? {query}")


def test_an_appointment_without_mode_is_a_field_error(kingsway, actor, report):
    """The reported 500: no ``mode`` at all."""
    client = APIClient()
    client.force_authenticate(actor)
    response = client.post(f"/api/v1/kingsway/reports/{report.pk}/appointments/",
                           {"date": "2026-11-10"}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"mode": ["Choose in person or online."]}
    assert not report.appointments.exists()


def test_absent_plain_choices_reach_the_service_as_empty():
    body = AppointmentInputSerializer(data={"date": "2026-11-10"})
    assert body.is_valid(), body.errors
    assert body.validated_data["mode"] == ""
    assert body.validated_data["status"] == "offered"
