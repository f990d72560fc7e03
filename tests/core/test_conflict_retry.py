"""A deadlock or serialisation failure is retried at the transaction boundary and never shown
as a 500 (core/middleware.py, core/retry.py). The views in tests/core/conflict_urls.py fail the
way PostgreSQL fails the victim of a conflict; on PostgreSQL the error really comes from the
server."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, transaction
from django.test import Client, override_settings

from audit.models import AuditEvent
from audit.services import audit_verify
from core.middleware import BUSY, PARTLY_SAVED
from core.retry import retry_on_conflict

from . import conflict_urls
from .conflict_urls import CALLS, FAIL, SEEN

pytestmark = [pytest.mark.urls("tests.core.conflict_urls"),
              pytest.mark.usefixtures("reset")]


@pytest.fixture
def reset():
    CALLS.clear()
    SEEN.clear()
    FAIL.update(times=0, code="40P01", commit_first=False)
    with override_settings(CONFLICT_RETRY_BACKOFF=0, CONFLICT_RETRY_ATTEMPTS=4):
        yield


def actions(institution):
    return list(AuditEvent.objects.for_institution(institution).order_by("sequence")
                .values_list("action", flat=True))


@pytest.fixture
def web():
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["40P01", "40001"])
def test_a_page_that_loses_a_conflict_is_run_again_and_saved_once(web, kingsway, code):
    FAIL.update(times=1, code=code)
    response = web.post("/conflict/", {"note": "hello"})
    assert (response.status_code, response.content) == (200, b"done")
    assert CALLS["page"] == 2
    assert SEEN == ["hello", "hello"]
    assert actions(kingsway) == ["page.done"]  # the first attempt rolled back whole
    assert audit_verify(kingsway) is None


@pytest.mark.django_db
def test_an_api_call_is_run_again_with_its_json_body(kingsway):
    FAIL.update(times=3)  # the last of 4 attempts succeeds
    response = Client(raise_request_exception=False).post(
        "/api/v1/kingsway/conflict/", {"note": "json"}, content_type="application/json")
    assert response.status_code == 201
    assert SEEN == ["json"] * 4
    assert actions(kingsway) == ["api.done"]


@pytest.mark.django_db
def test_an_upload_is_read_again_from_the_start(web, kingsway):
    FAIL.update(times=1)
    upload = SimpleUploadedFile("statement.txt", b"what happened", content_type="text/plain")
    assert web.post("/conflict/", {"file": upload}).status_code == 200
    assert SEEN == [b"what happened", b"what happened"]


@pytest.mark.django_db
def test_a_persistent_conflict_on_a_page_is_a_503_page_not_a_500(web, kingsway):
    FAIL.update(times=99)
    response = web.post("/conflict/", {"note": "hello"})
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert "Please try again" in response.text
    assert BUSY in response.text
    assert CALLS["page"] == 4
    assert actions(kingsway) == []


@pytest.mark.django_db
def test_a_persistent_conflict_on_the_api_is_a_503_in_the_error_format(kingsway):
    FAIL.update(times=99, code="40001")
    response = Client(raise_request_exception=False).post(
        "/api/v1/kingsway/conflict/", {"note": "x"}, content_type="application/json")
    assert response.status_code == 503
    assert response.json() == {"status": 503, "code": "service_unavailable",
                               "detail": BUSY, "errors": {}}
    assert actions(kingsway) == []


@pytest.mark.django_db
def test_another_database_error_is_not_retried(web, kingsway):
    FAIL.update(times=1, code="42P01")  # undefined table: a bug, not a conflict
    response = web.post("/conflict/", {"note": "x"})
    assert response.status_code == 500
    assert CALLS["page"] == 1


@pytest.mark.django_db(transaction=True)
def test_a_request_that_already_committed_a_change_is_not_run_twice(web, kingsway):
    FAIL.update(times=1, commit_first=True)
    response = web.post("/conflict/", {"note": "x"})
    assert response.status_code == 503
    assert PARTLY_SAVED in response.text
    assert CALLS["page"] == 1
    assert actions(kingsway) == ["page.committed.first"]


@pytest.mark.django_db(transaction=True)
def test_retry_on_conflict_runs_a_transaction_again_at_the_outermost_boundary(kingsway):
    FAIL.update(times=2)
    retry_on_conflict(conflict_urls.work, "task")
    assert CALLS["task"] == 3
    assert actions(kingsway) == ["task.done"]


@pytest.mark.django_db(transaction=True)
def test_retry_on_conflict_does_not_retry_inside_an_open_transaction(kingsway):
    FAIL.update(times=1)
    with pytest.raises(OperationalError), transaction.atomic():
        retry_on_conflict(conflict_urls.work, "nested")
    assert CALLS["nested"] == 1
    assert actions(kingsway) == []
