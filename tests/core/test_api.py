"""The REST API: one error format (web/api.py), token auth, the OpenAPI schema and docs."""

import pytest

from tests.conftest import api_as
from tests.factories import api_token

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"status", "code", "detail", "errors"}


def test_not_found_answers_in_the_error_format(caseworker, midshire):
    response = api_as(caseworker).get("/api/v1/midshire/me/")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "code": "not_found", "detail": "Not found.",
                               "errors": {}}


def test_unknown_institution_answers_404_in_the_error_format(api, db):
    response = api.get("/api/v1/nowhere/me/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": 404, "code": "not_found", "detail": "Not found.",
                               "errors": {}}


def test_validation_error_answers_400_with_errors_keyed_by_field(caseworker):
    response = api_as(caseworker).get("/api/v1/kingsway/calendar/working-days/",
                                      {"from": "not-a-date", "add": "ten"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert (body["status"], body["code"]) == (400, "invalid")
    assert body["detail"] == "Some of what was sent is not valid; see errors."
    assert set(body["errors"]) == {"from", "add"}
    assert all(isinstance(m, str) for messages in body["errors"].values() for m in messages)


def test_missing_parameters_are_reported_by_field(caseworker):
    body = api_as(caseworker).get("/api/v1/kingsway/calendar/working-days/").json()
    assert body["status"] == 400
    assert set(body["errors"]) == {"from", "add"}


@pytest.mark.urls("tests.core.urls")
def test_nested_validation_errors_are_flattened_to_dotted_field_names(caseworker):
    response = api_as(caseworker).post(
        "/api/v1/kingsway/test-nested/",
        {"title": "far too long a title",
         "parties": [{"email": "ok@example.org"}, {"email": "not-an-email"}]},
        format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"title", "parties.1.email"}
    assert errors["parties.1.email"] == ["Enter a valid email address."]


@pytest.mark.urls("tests.core.urls")
def test_django_validation_error_from_a_service_answers_400_by_field(caseworker):
    response = api_as(caseworker).post("/api/v1/kingsway/test-service-rule/", {"field": "1"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"date": ["The date is not a working day."]}


@pytest.mark.urls("tests.core.urls")
def test_django_validation_error_without_a_field_answers_400_as_non_field_errors(caseworker):
    response = api_as(caseworker).post("/api/v1/kingsway/test-service-rule/", {})
    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": ["This case is already closed."]}


@pytest.mark.parametrize("path", ["me/", "procedure/", "calendar/working-days/"])
def test_unauthenticated_request_is_refused_in_the_error_format(api, kingsway, path):
    response = api.get(f"/api/v1/kingsway/{path}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "status": response.status_code, "code": "not_authenticated", "errors": {},
        "detail": "Authentication credentials were not provided."}


def test_unknown_token_is_refused_in_the_error_format(api, kingsway):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = api.get("/api/v1/kingsway/me/")
    assert response.status_code == 401
    assert response.json() == {"status": response.status_code, "code": "authentication_failed",
                               "detail": "Invalid token.", "errors": {}}


def test_method_not_allowed_answers_in_the_error_format(caseworker):
    response = api_as(caseworker).delete("/api/v1/kingsway/me/")
    assert response.status_code == 405
    body = response.json()
    assert (body["status"], body["code"], body["errors"]) == (405, "method_not_allowed", {})


def test_token_authentication_works_on_me(api, caseworker, kingsway):
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(caseworker, kingsway)}")
    response = api.get("/api/v1/kingsway/me/")
    assert response.status_code == 200
    assert response.json() == {
        "email": "caseworker@kingsway.test",
        "full_name": caseworker.full_name,
        "institution": "kingsway",
        "roles": [{"role": "support_caseworker", "label": "Anti-Harassment Support Advisor"}],
    }


def test_token_of_a_member_of_another_institution_gets_404(api, outsider, kingsway, midshire):
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(outsider, midshire)}")
    assert api.get("/api/v1/kingsway/me/").status_code == 404
    assert api.get("/api/v1/midshire/me/").status_code == 200


def test_me_lists_roles_by_the_institutions_own_labels(outsider, midshire):
    from accounts.roles import Role
    from institutions.models import RoleLabel

    RoleLabel.objects.for_institution(midshire).filter(role=Role.DECISION_MAKER).update(
        label="Academic Registrar")
    roles = api_as(outsider).get("/api/v1/midshire/me/").json()["roles"]
    assert roles == [{"role": "decision_maker", "label": "Academic Registrar"},
                     {"role": "institution_admin", "label": "Institution admin"}]


def test_schema_is_an_openapi_document_with_the_institution_paths(api, db):
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/{institution_slug}/calendar/working-days/" in schema["paths"]
    assert "/api/v1/{institution_slug}/me/" in schema["paths"]
    assert "/api/v1/{institution_slug}/procedure/" in schema["paths"]
    me = schema["paths"]["/api/v1/{institution_slug}/me/"]["get"]
    assert {"200", "404"} <= set(me["responses"])


def test_docs_page_is_html_that_loads_nothing_from_a_cdn(api, db):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "swagger" in html.lower()
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html


@pytest.mark.parametrize("refusal", [
    "cases.services.common.TransitionError",
    "reporting.services.common.ReportError",
    "institutions.services.deadlines.DeadlineError",
])
def test_a_refusal_no_view_caught_is_409_in_the_error_format_not_500(refusal):
    """One DomainRefusal (core/errors.py) for every app's "cannot do this now"."""
    from django.utils.module_loading import import_string

    from web.api import exception_handler

    response = exception_handler(import_string(refusal)("The window closed on 6 January."), {})
    assert response.status_code == 409
    assert response.data == {"status": 409, "code": "transition_refused",
                             "detail": "The window closed on 6 January.", "errors": {}}


def test_no_two_serializers_share_a_schema_component_name(db):
    """drf-spectacular names a component after its serializer: two serializers with one name
    (in two apps) would make one of them describe the other's answers."""
    import warnings as _warnings

    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        SchemaGenerator().get_schema(request=None, public=True)
    collisions = [w for w in GENERATOR_STATS._warn_cache if "identical names" in str(w)]
    assert collisions == []
