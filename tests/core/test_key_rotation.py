"""Narratives and files are encrypted at rest with a rotatable key (issue 4 §4)."""

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from core.crypto import decrypt_bytes, encrypt_bytes
from reporting.models import Report, ReportEvidence

from ..reporting.conftest import submission

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_rotation_re_encrypts_fields_and_files_with_the_new_key(kingsway):
    from reporting.services.setup import reporting_defaults_apply
    from reporting.services.submission import report_submit

    reporting_defaults_apply(institution=kingsway)

    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        report = report_submit(institution=kingsway, data=submission()).report
        evidence = ReportEvidence(institution=kingsway, report=report, original_name="a.txt",
                                  content_type="text/plain", size=5, sha256="x",
                                  added_on=report.submitted_on)
        evidence.file.save("a.bin", ContentFile(encrypt_bytes(b"hello")), save=False)
        evidence.save()
        old_token = raw("reporting_report", "narrative", report.pk)

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        call_command("rotate_encryption")

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):  # the old key is gone
        assert raw("reporting_report", "narrative", report.pk) != old_token
        assert Report.objects.for_institution(kingsway).get().narrative.startswith("He kept")
        stored = ReportEvidence.objects.for_institution(kingsway).get()
        with stored.file.open("rb") as handle:
            assert decrypt_bytes(handle.read()) == b"hello"
