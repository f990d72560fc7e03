"""The public step-by-step form, walked as a browser with JavaScript off does: plain GETs and
POSTs through django.test.Client, a real database, no mocks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from audit.anonymous import audit_seal_anonymous
from audit.models import AuditEvent
from audit.tasks import audit_seal_anonymous_task
from institutions.procedure import Rule
from institutions.selectors import deadlines_for
from reporting.models import Report, ReportDraft, ReportDraftFile
from reporting.services.followup import report_for_receipt
from reporting.services.submission import draft_data

from .public_walk import (
    NAMED,
    NARRATIVE,
    RECEIPT_SHAPE,
    STEP_DATA,
    exe_renamed_pdf,
    is_checked,
    pdf_upload,
    post_step,
    receipt_on,
    send,
    step_url,
    url,
    walk,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) TestPhone"


def at(day: str, hour: int = 10):
    date = dt.date.fromisoformat(day)
    return time_machine.travel(dt.datetime(date.year, date.month, date.day, hour,
                                           tzinfo=LONDON), tick=False)


@pytest.fixture
def march():
    with at("2026-03-10"):
        yield


def only_report(institution) -> Report:
    return Report.objects.for_institution(institution).get()


def test_anonymous_walk_saves_the_report_and_shows_the_receipt_once(client, kingsway, march):
    client.defaults["HTTP_USER_AGENT"] = PHONE_UA
    assert client.get(url("start")).status_code == 200
    walk(client)
    check = client.get(url("check"))
    assert check.status_code == 200
    page = check.content.decode()
    for text in ("Check your answers", "A student", "Harassment or bullying", "Stalking",
                 "In the last month", "3 February 2026", "Block C kitchen", "Jo Bloggs",
                 "Support", "Information about my options", "Stay anonymous"):
        assert text in page, text
    done = send(client)  # the receipt is in the answer to the send itself, never stored
    assert done.status_code == 200
    assert done["Cache-Control"] == "no-store"

    report = only_report(kingsway)
    assert report.is_anonymous is True
    assert (report.reporter_role, report.perspective) == ("student", "self")
    assert sorted(c.code for c in report.categories.all()) == ["harassment", "stalking"]
    assert (report.when, report.incident_date) == ("last_month", dt.date(2026, 2, 3))
    assert (report.location, report.location_detail) == ("hall", "Block C kitchen")
    assert report.narrative == NARRATIVE
    assert (report.wants_support, report.wants_information, report.wants_formal_report) == (
        True, True, False)
    assert report.contact_name == report.contact_email == report.preferred_contact == ""
    person = report.involved.get()
    assert (person.name, person.student_id, person.email, person.role) == (
        "Jo Bloggs", "20230042", "jo@student.test", "student")
    assert report.submitted_on == dt.date(2026, 3, 10)
    assert not ReportDraft.objects.for_institution(kingsway).exists()

    with connection.cursor() as cursor:  # encrypted at rest
        cursor.execute("SELECT narrative, location_detail FROM reporting_report WHERE id = %s",
                       [report.pk])
        narrative, detail = cursor.fetchone()
    assert "messages" not in narrative
    assert "Block C" not in detail

    receipt = receipt_on(done)
    assert receipt, done.content.decode()
    page = done.content.decode()
    assert "We show it only once" in page
    assert "follow-up page" in page
    assert "cannot contact you" in page
    found = report_for_receipt(institution=kingsway, receipt=receipt, session_key="t")
    assert found.pk == report.pk

    again = client.get(url("done"))
    assert again.status_code == 200
    assert receipt not in again.content.decode()
    assert not RECEIPT_SHAPE.search(again.content.decode())
    assert "cannot be shown again" in again.content.decode()
    session = client.session
    assert not any(key.startswith("report-receipt") for key, _ in session.items())


def test_nothing_identifying_is_kept_for_an_anonymous_report(client, kingsway, march):
    client.defaults["HTTP_USER_AGENT"] = PHONE_UA
    walk(client)
    send(client)
    report = only_report(kingsway)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM reporting_report")
        report_rows = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM audit_auditevent")
        audit_rows = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM audit_pendinganonymousevent")
        pending_rows = repr(cursor.fetchall())
    for rows in (report_rows, audit_rows, pending_rows):
        assert "127.0.0.1" not in rows
        assert "TestPhone" not in rows
    assert "127.0.0.1" not in repr(list(Report.objects.for_institution(kingsway).values()))
    audit_seal_anonymous(institution=kingsway, today=dt.date(2026, 3, 11))  # the day is over
    events = AuditEvent.objects.for_institution(kingsway).filter(
        object_type="reporting.report", object_id=str(report.pk))
    assert [e.action for e in events] == ["report.submitted"]
    for event in events:
        assert event.occurred_at is None
        assert event.actor is None
        assert "127.0.0.1" not in repr(event.changes)


def test_no_time_of_day_is_kept_anywhere_for_an_anonymous_submission(client, kingsway):
    with at("2026-03-10", hour=15):
        walk(client)
        send(client)
    with at("2026-03-11", hour=0):
        audit_seal_anonymous_task()
    assert AuditEvent.objects.for_institution(kingsway).filter(action="report.submitted")
    timed = AuditEvent.objects.for_institution(kingsway).filter(occurred_at__isnull=False)
    assert not timed.exists(), [e.action for e in timed]
    report = only_report(kingsway)
    for deadline in deadlines_for(institution=kingsway, subject=report):
        local = timezone.localtime(deadline.created_at)
        assert (local.hour, local.minute, local.second) == (0, 0, 0)


def test_named_walk_saves_contact_details_and_registers_first_contact(client, kingsway):
    # Thursday 24 December 2026: 25 and 28 December are bank holidays in England, so two
    # working days end on Wednesday 30 December.
    with at("2026-12-24"):
        walk(client, overrides={8: NAMED})
        assert "Sam Reporter" in client.get(url("check")).content.decode()
        done = send(client)
    report = only_report(kingsway)
    assert report.is_anonymous is False
    assert (report.contact_name, report.contact_email, report.contact_phone,
            report.contact_student_id, report.preferred_contact) == (
        "Sam Reporter", "sam@student.test", "07700 900123", "S1234567", "email")
    deadline = next(d for d in deadlines_for(institution=kingsway, subject=report)
                    if d.rule == Rule.SUPPORT_FIRST_CONTACT)
    assert deadline.due_date == dt.date(2026, 12, 30)
    page = done.content.decode()
    assert receipt_on(done)
    assert "will contact you by email within 2 working days" in page
    assert "Wednesday 30 December 2026" in page
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_email, contact_name FROM reporting_report")
        assert "sam@student.test" not in repr(cursor.fetchall())


def test_a_bad_email_on_the_last_step_keeps_what_was_typed(client, kingsway, march):
    for number in range(1, 8):
        post_step(client, number, STEP_DATA[number])
    response = post_step(client, 8, {**NAMED, "contact_email": "sam-at-student.test"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert page.index("There is a problem") < page.index("<h1>")
    assert "Enter an email address like name@example.org." in page
    assert 'value="sam-at-student.test"' in page
    assert 'value="Sam Reporter"' in page
    assert 'aria-invalid="true"' in page
    assert "<title>Error: " in page
    assert not Report.objects.for_institution(kingsway).exists()
    # Fixed, it goes on to the summary.
    response = post_step(client, 8, NAMED)
    assert response["Location"] == url("check")


def test_named_without_a_way_to_contact_is_refused_with_the_services_words(client, kingsway,
                                                                          march):
    response = post_step(client, 8, {"anonymous": "false", "preferred_contact": "phone"})
    page = response.content.decode()
    assert "Tell us your name, so we can contact you." in page
    assert "Give a phone number, or choose another way to contact you." in page
    # Only this step's problems: the earlier, unanswered steps are not listed here.
    assert "Tell us who you are" not in page


def test_each_step_names_its_problem_and_keeps_input(client, kingsway, march):
    response = post_step(client, 1, {"perspective": "witness"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tell us who you are" in page
    assert is_checked(page, "perspective", "witness")
    response = post_step(client, 3, {"when": "last_week", "incident_date_day": "31",
                                     "incident_date_month": "2", "incident_date_year": "2026"})
    page = response.content.decode()
    assert "Enter a real date" in page
    assert 'value="31"' in page
    assert 'href="#id_incident_date_0"' in page
    response = post_step(client, 3, {"when": "last_week", "incident_date_day": "1",
                                     "incident_date_month": "4", "incident_date_year": "2026"})
    assert "The date cannot be in the future." in response.content.decode()
    response = post_step(client, 2, {})
    assert "Choose at least one thing" in response.content.decode()


def test_back_navigation_keeps_answers(client, kingsway, march):
    for number in range(1, 4):
        post_step(client, number, STEP_DATA[number])
    step3 = client.get(step_url(3)).content.decode()
    assert f'href="{step_url(2)}"' in step3  # the Back link
    assert is_checked(step3, "when", "last_month")
    assert 'value="2026"' in step3
    step2 = client.get(step_url(2)).content.decode()
    assert is_checked(step2, "categories", "harassment")
    assert is_checked(step2, "categories", "stalking")
    assert not is_checked(step2, "categories", "hate")
    step1 = client.get(step_url(1)).content.decode()
    assert is_checked(step1, "reporter_role", "student")
    # Changing an answer from the summary comes back to the summary.
    walk(client)
    response = client.post(step_url(4) + "?change=1", {"location": "online"})
    assert response["Location"] == url("check")
    assert "Online or on social media" in client.get(url("check")).content.decode()


def test_progress_is_shown_on_every_step(client, kingsway, march):
    page = client.get(step_url(3)).content.decode()
    assert "Step 3 of 8" in page
    assert '<progress max="8" value="3"' in page
    assert 'aria-current="step"' in page
    assert "Leave and delete what I wrote" in page


def test_leave_deletes_the_draft_and_its_files(client, kingsway, march):
    for number in range(1, 7):
        post_step(client, number, STEP_DATA[number])
    client.post(step_url(7), {"action": "add", "file": pdf_upload()})
    assert ReportDraft.objects.for_institution(kingsway).count() == 1
    assert ReportDraftFile.objects.for_institution(kingsway).count() == 1
    response = client.post(url("leave"))
    assert response.status_code == 302
    assert not ReportDraft.objects.for_institution(kingsway).exists()
    assert not ReportDraftFile.objects.for_institution(kingsway).exists()
    assert not any(key.startswith("report-draft") for key, _ in client.session.items())
    home = client.get(response["Location"]).content.decode()
    assert "What you wrote has been deleted. Nothing was sent." in home
    # The answers are gone: step 1 is empty again.
    assert not is_checked(client.get(step_url(1)).content.decode(), "reporter_role", "student")
    assert client.get(url("leave")).status_code == 405


def test_a_real_pdf_is_accepted_and_an_exe_named_pdf_is_refused(client, kingsway, march):
    for number in range(1, 7):
        post_step(client, number, STEP_DATA[number])
    response = client.post(step_url(7), {"action": "add", "file": pdf_upload("messages.pdf")})
    assert response["Location"] == step_url(7)
    page = client.get(step_url(7)).content.decode()
    assert "messages.pdf" in page
    assert "Remove" in page
    assert "20 MB" in page
    assert "PDF" in page

    response = client.post(step_url(7), {"action": "add", "file": exe_renamed_pdf()})
    assert response.status_code == 200
    page = response.content.decode()
    assert "statement.pdf cannot be accepted. Use PDF, an image" in page
    assert 'class="error-summary"' in page
    draft = ReportDraft.objects.for_institution(kingsway).get()
    assert [f.original_name for f in draft.files.all()] == ["messages.pdf"]

    # Remove, add again, then send: the file becomes evidence on the report.
    file_id = draft.files.get().pk
    client.post(step_url(7), {"remove": str(file_id)})
    assert not draft.files.exists()
    client.post(step_url(7), {"action": "continue", "file": pdf_upload("again.pdf")})
    post_step(client, 8, STEP_DATA[8])
    assert "again.pdf" in client.get(url("check")).content.decode()
    send(client)
    evidence = only_report(kingsway).evidence.get()
    assert (evidence.original_name, evidence.content_type) == ("again.pdf", "application/pdf")


def test_check_lists_missing_answers_with_links_and_no_send_button(client, kingsway, march):
    post_step(client, 1, STEP_DATA[1])
    page = client.get(url("check")).content.decode()
    assert "There is a problem" in page
    assert f'href="{step_url(2)}?change=1"' in page
    assert "Choose at least one thing" in page
    assert ">Send</button>" not in page
    response = send(client)  # sending anyway is refused, nothing saved
    assert response.status_code == 200
    assert not Report.objects.for_institution(kingsway).exists()


def test_check_without_a_draft_goes_back_to_the_start(client, kingsway):
    response = client.get(url("check"))
    assert response["Location"] == url("start")


def test_sending_twice_makes_one_report(client, kingsway, march):
    walk(client)
    send(client)
    send(client)
    assert Report.objects.for_institution(kingsway).count() == 1


def test_submissions_are_rate_limited_per_session(client, kingsway, march, settings):
    settings.REPORT_SUBMISSIONS_PER_SESSION = 1
    walk(client)
    assert receipt_on(send(client))
    walk(client)
    response = send(client)
    assert response.status_code == 429
    assert "Please wait a little" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert Report.objects.for_institution(kingsway).count() == 1
    assert ReportDraft.objects.for_institution(kingsway).count() == 1  # nothing lost


def test_the_draft_is_held_by_a_token_in_the_session_not_its_id(client, kingsway, march):
    post_step(client, 1, STEP_DATA[1])
    draft = ReportDraft.objects.for_institution(kingsway).get()
    values = [v for k, v in client.session.items() if k.startswith("report-draft")]
    assert len(values) == 1
    assert values[0] != draft.pk
    assert len(values[0]) > 30
    assert str(draft.pk) != values[0]


def test_another_institutions_draft_is_not_shared(client, kingsway, midshire, march):
    post_step(client, 1, STEP_DATA[1], slug="kingsway")
    page = client.get(step_url(1, "midshire")).content.decode()
    assert not is_checked(page, "reporter_role", "student")


def test_details_typed_before_choosing_anonymous_are_not_kept(client, kingsway, march):
    post_step(client, 8, {**NAMED, "anonymous": "true"})
    data = draft_data(ReportDraft.objects.for_institution(kingsway).get())
    assert data["anonymous"] == "true"
    assert data["contact_name"] == data["contact_email"] == data["contact_phone"] == ""


def test_wanting_a_formal_report_explains_it_cannot_be_anonymous(client, kingsway, march):
    post_step(client, 6, {"wants": ["formal_report"]})
    page = client.get(step_url(8)).content.decode()
    assert "A formal report cannot be anonymous." in page


def _redis_value(redis, key):
    """A key's value whatever its type: the cache shares Redis with Celery's broker, whose
    bindings are sets and whose queues are lists."""
    kind = redis.type(key)
    kind = kind.decode() if isinstance(kind, bytes) else kind
    read = {"string": redis.get, "list": lambda k: redis.lrange(k, 0, -1),
            "set": redis.smembers, "hash": redis.hgetall,
            "zset": lambda k: redis.zrange(k, 0, -1)}.get(kind)
    return read(key) if read else kind


def _cache_values() -> str:
    """Every key and value in the cache, as text (Redis when REDIS_URL is set)."""
    from django.core.cache import cache

    backend = cache._cache if hasattr(cache, "_cache") else None
    if hasattr(backend, "get_client"):
        redis = backend.get_client(None)
        return repr([(key, _redis_value(redis, key)) for key in redis.scan_iter()])
    return repr(dict(backend)) if backend is not None else ""


def test_the_receipt_is_never_at_rest_in_session_cache_or_log(client, kingsway, march,
                                                               caplog):
    import logging

    from django.contrib.sessions.models import Session

    caplog.set_level(logging.DEBUG)
    walk(client)
    receipt = receipt_on(send(client))
    assert receipt
    compact = receipt.replace("-", "")
    for row in Session.objects.all():
        stored = row.session_data + repr(row.get_decoded())
        assert [r for r in (receipt, compact) if r in stored] == []
    cached = _cache_values()
    assert [r for r in (receipt, compact) if r in cached] == []
    logged = "\n".join(r.getMessage() + repr(r.args) for r in caplog.records)
    assert [r for r in (receipt, compact) if r in logged] == []
