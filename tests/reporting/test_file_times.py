"""No time of day is kept for an anonymous reporter, on disk either (issue 4 §3)."""

import datetime as dt
import os

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from reporting.models import ReportEvidence
from reporting.services.submission import report_submit

from .conftest import submission

pytestmark = pytest.mark.django_db


@override_settings(STORAGES={
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
})
def test_evidence_file_on_disk_keeps_only_the_date(kingsway, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    upload = SimpleUploadedFile("note.txt", b"what happened", content_type="text/plain")
    with time_machine.travel(dt.datetime(2026, 11, 20, 15, 42, tzinfo=dt.UTC), tick=False):
        report_submit(institution=kingsway, data=submission(), files=[upload])
    evidence = ReportEvidence.objects.for_institution(kingsway).get()
    modified = dt.datetime.fromtimestamp(os.stat(evidence.file.path).st_mtime,
                                         tz=timezone.get_current_timezone())
    assert (modified.date(), modified.time()) == (dt.date(2026, 11, 20), dt.time(0, 0))
