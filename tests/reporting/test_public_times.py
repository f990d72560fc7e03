"""Nothing stored places an anonymous action more precisely than its day (issue 7 §3): the
session rows, the follow-up session, and the evidence files and folders on disk."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from reporting.models import ReportEvidence
from reporting.services.submission import report_submit
from reporting.tasks import public_housekeeping_task

from .conftest import submission
from .public_walk import send, url, walk

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
AFTERNOON = dt.datetime(2026, 11, 20, 15, 42, 17, tzinfo=LONDON)


def session_rows() -> list[Session]:
    return list(Session.objects.all())


def test_a_public_session_row_keeps_only_the_day(client, kingsway):
    with time_machine.travel(AFTERNOON, tick=False):
        walk(client)
        send(client)
        result = report_submit(institution=kingsway, data=submission())
        client.post(url("follow_up"), {"receipt": result.receipt})
        assert client.get(url("follow_up_messages")).status_code == 200
    rows = session_rows()
    assert rows
    for row in rows:
        local = timezone.localtime(row.expire_date)
        assert (local.date(), local.time()) == (dt.date(2026, 11, 21), dt.time(0, 0))
        data = row.get_decoded()
        held = {k: v for k, v in data.items() if k.startswith("follow-up")}
        assert held == {f"follow-up:{kingsway.pk}": {"report": result.report.pk}}
        assert str(int(AFTERNOON.timestamp()))[:6] not in row.session_data + repr(data)


def test_a_staff_session_keeps_djangos_exact_expiry(client, caseworker):
    with time_machine.travel(AFTERNOON, tick=False):
        client.force_login(caseworker)
        client.get("/kingsway/staff/")
    (row,) = session_rows()
    assert row.expire_date == AFTERNOON + dt.timedelta(hours=2)


def test_clearsessions_runs_daily_and_removes_expired_public_sessions(client, kingsway,
                                                                       settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["public-housekeeping-daily"]
    assert schedule["task"] == "reporting.tasks.public_housekeeping_task"
    with time_machine.travel(AFTERNOON, tick=False):
        walk(client)
    assert len(session_rows()) == 1
    with time_machine.travel(AFTERNOON + dt.timedelta(days=1), tick=False):
        public_housekeeping_task.delay()
    assert session_rows() == []


@override_settings(STORAGES={
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
})
def test_the_upload_folder_keeps_only_the_date(kingsway, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    upload = SimpleUploadedFile("note.txt", b"what happened", content_type="text/plain")
    with time_machine.travel(AFTERNOON, tick=False):
        report_submit(institution=kingsway, data=submission(), files=[upload])
    path = ReportEvidence.objects.for_institution(kingsway).get().file.path
    for place in (os.path.dirname(path), os.path.dirname(os.path.dirname(path))):
        modified = dt.datetime.fromtimestamp(os.stat(place).st_mtime, tz=LONDON)
        assert (modified.date(), modified.time()) == (dt.date(2026, 11, 20), dt.time(0, 0)), \
            place


@override_settings(STORAGES={
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
})
def test_the_daily_sweep_puts_folders_back_to_midnight(kingsway, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    drafts = tmp_path / "report-drafts"
    drafts.mkdir()
    (drafts / "left.bin").write_bytes(b"x")
    with time_machine.travel(AFTERNOON, tick=False):
        os.utime(drafts, (AFTERNOON.timestamp(), AFTERNOON.timestamp()))
        public_housekeeping_task.delay()
    modified = dt.datetime.fromtimestamp(os.stat(drafts).st_mtime, tz=LONDON)
    assert (modified.date(), modified.time()) == (dt.date(2026, 11, 20), dt.time(0, 0))
