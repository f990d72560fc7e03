"""Every /api/ response is JSON in the one error format (web/api.py, core/api_errors.py),
including the errors Django answers before or after an API view: an unknown URL, a method a
view does not take, a CSRF refusal, an oversized body, a crash. Unauthenticated calls are
401 with a challenge, not 403."""

import json

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import api_token

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"status", "code", "detail", "errors"}


def error(response, status: int, code: str) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json", response["Content-Type"]
    body = json.loads(response.content)
    assert set(body) == ERROR_KEYS, body
    assert (body["status"], body["code"], body["errors"]) == (status, code, {}), body
    assert body["detail"]
    assert "<" not in body["detail"]
    return body


@pytest.mark.parametrize("path", ["/api/nowhere/", "/api/v1/kingsway/no-such-thing/",
                                  "/api/v1/kingsway/cases/1/no-such-action/", "/api/"])
def test_an_unknown_api_url_is_a_json_404(kingsway, actor, path):
    client = APIClient()
    client.force_authenticate(actor)
    error(client.get(path), 404, "not_found")
    error(client.post(path, {}, format="json"), 404, "not_found")


def test_a_page_outside_the_api_still_answers_html_404(db):
    response = Client().get("/kingsway-does-not-exist/staff/nowhere/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(("method", "path"), [
    ("delete", "/api/v1/kingsway/me/"),
    ("put", "/api/v1/kingsway/cases/"),
    ("post", "/api/schema/"),
])
def test_a_method_not_allowed_is_a_json_405_with_allow(kingsway, actor, method, path):
    client = APIClient()
    client.force_authenticate(actor)
    response = getattr(client, method)(path)
    error(response, 405, "method_not_allowed")
    assert response["Allow"]


@pytest.mark.urls("tests.api.urls")
def test_a_crash_in_an_api_view_is_a_json_500():
    response = APIClient(raise_request_exception=False).get("/api/test-crash/")
    body = error(response, 500, "server_error")
    assert "a bug" not in body["detail"]  # nothing of the exception leaks


@pytest.mark.urls("tests.api.urls")
def test_a_crash_outside_drf_under_api_is_a_json_500():
    error(Client(raise_request_exception=False).get("/api/test-plain-crash/"), 500,
          "server_error")


@pytest.mark.urls("tests.api.urls")
def test_a_csrf_refusal_under_api_is_json():
    client = Client(enforce_csrf_checks=True)
    body = error(client.post("/api/test-plain-post/", {}), 403, "csrf_failed")
    assert "CSRF" in body["detail"]


def test_a_session_call_without_the_csrf_token_is_refused_in_json(kingsway, actor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(actor)
    response = client.post("/api/v1/kingsway/cases/", "{}", content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "CSRF" in response.json()["detail"]


@pytest.mark.urls("tests.api.urls")
def test_an_oversized_form_body_is_refused_in_json(db):
    too_big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = APIClient(raise_request_exception=False).post(
        "/api/test-echo/", f"field={too_big}", content_type="application/x-www-form-urlencoded")
    assert response.status_code in (400, 413), response.status_code
    error(response, response.status_code,
          "request_too_large" if response.status_code == 413 else "bad_request")


@pytest.mark.urls("tests.api.urls")
def test_a_413_from_anywhere_under_api_is_json(db):
    """A server or middleware that refuses a body early answers 413 in HTML; it becomes the
    error format (and keeps the status)."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from core.api_errors import APIJSONErrorsMiddleware

    middleware = APIJSONErrorsMiddleware(
        lambda request: HttpResponse("<h1>Too large</h1>", status=413))
    error(middleware(RequestFactory().post("/api/v1/kingsway/public/reports/")), 413,
          "request_too_large")
    page = middleware(RequestFactory().post("/kingsway/report/"))
    assert page["Content-Type"].startswith("text/html")


# -- 401 for unauthenticated calls -----------------------------------------------------------
@pytest.mark.parametrize("path", ["/api/v1/kingsway/me/", "/api/v1/kingsway/cases/",
                                  "/api/v1/kingsway/reports/"])
def test_an_unauthenticated_call_is_401_with_a_challenge(kingsway, path):
    response = APIClient().get(path)
    body = error(response, 401, "not_authenticated")
    assert body["detail"] == "Authentication credentials were not provided."
    assert response["WWW-Authenticate"] == "Token"


def test_an_unknown_token_is_401_with_a_challenge(kingsway):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = client.get("/api/v1/kingsway/me/")
    error(response, 401, "authentication_failed")
    assert response["WWW-Authenticate"] == "Token"


def test_a_session_and_a_token_both_still_authenticate(kingsway, actor):
    session = Client()
    session.force_login(actor)
    assert session.get("/api/v1/kingsway/me/").status_code == 200
    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION=f"Token {api_token(actor, kingsway)}")
    assert token.get("/api/v1/kingsway/me/").status_code == 200
