import pytest
from django.db import connection

from reporting.models import Report
from reporting.services.casework import message_send, report_assign
from reporting.services.followup import report_for_receipt, reporter_reply, reporter_thread
from reporting.services.submission import report_submit

from .conftest import submission

pytestmark = pytest.mark.django_db


def test_anonymous_report_round_trip_by_receipt(kingsway, caseworker):
    result = report_submit(institution=kingsway, data=submission())
    assert result.receipt
    assert len(result.receipt.replace("-", "")) == 16
    report = result.report
    report_assign(report=report, actor=caseworker, assignee=caseworker)
    message_send(report=report, actor=caseworker, body="We are here to help.")
    found = report_for_receipt(institution=kingsway, receipt=result.receipt.lower(),
                               session_key="s1")
    assert found.pk == report.pk
    reporter_reply(report=found, body="Thank you")
    assert [m.body for m in reporter_thread(report=found)] == ["We are here to help.",
                                                              "Thank you"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT narrative FROM reporting_report WHERE id = %s", [report.pk])
        assert "messages" not in cursor.fetchone()[0]
    assert Report.objects.for_institution(kingsway).get().narrative.startswith("He kept")
