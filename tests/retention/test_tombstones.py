"""What deletion leaves (issue 14 item 5): a term's insight figures are the same before and
after the schedule deletes its records, and a deleted record's stored files are shredded."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case, Outcome, Stage
from core.crypto import KeyShredded, decrypt_bytes
from insights.measures import period_for_term, report_figures, year_period
from reporting.models import Report, ReportEvidence
from reporting.services.casework import report_close
from reporting.services.submission import report_submit
from retention.run import retention_run

from ..insights.conftest import submission, term
from .conftest import at, closed_report, ended_case


def figures(inst, kind="termly"):
    period = (period_for_term(term(inst, "Autumn term 2026")) if kind == "termly"
              else year_period(inst, 2026))
    data = report_figures(institution=inst, period=period, kind=kind,
                          today=dt.date(2027, 1, 20))
    return {t.key: t.rows for t in data.tables}


def test_tombstone_keeps_insights_counts(kingsway, caseworker, secretary):
    closed_report(kingsway, caseworker, made=dt.date(2026, 10, 5), closed=dt.date(2026, 10, 20))
    closed_report(kingsway, caseworker, made=dt.date(2026, 11, 9), closed=dt.date(2026, 12, 1),
                  anonymous=False, location="online", reporter_role="staff",
                  categories=["harassment", "sexual_harassment"])
    case = ended_case(kingsway, secretary, raised=dt.date(2026, 10, 12),
                      ended=dt.date(2026, 12, 4))
    # A Completion of Procedures with a decision, counted by the annual report.
    Case.objects.for_institution(kingsway).filter(pk=case.pk).update(stage=Stage.CLOSED)
    Outcome.objects.create(institution=kingsway, case=case, kind=Outcome.Kind.FORMAL,
                           result=Outcome.Result.UPHELD, decided_on=dt.date(2026, 11, 20),
                           decided_by=secretary, on_student_record=True)
    termly, annual = figures(kingsway), figures(kingsway, "annual")
    assert dict(termly["reports_by_kind"])["Disclosures"][0] == 2

    with time_machine.travel(dt.datetime(2033, 1, 10, 12, tzinfo=dt.UTC), tick=False):
        summary = retention_run(institution=kingsway, today=dt.date(2033, 1, 10))
    assert len(summary.deleted) == 3
    assert not Report.objects.for_institution(kingsway).exists()
    assert not Case.objects.for_institution(kingsway).exists()
    assert figures(kingsway) == termly
    assert figures(kingsway, "annual") == annual


def test_decrypting_a_shredded_file_fails(kingsway, caseworker,
                                          django_capture_on_commit_callbacks):
    with at(dt.date(2026, 10, 5)):
        report = report_submit(institution=kingsway, data=submission(), files=[
            SimpleUploadedFile("statement.txt", b"what happened", content_type="text/plain")
        ]).report
    with at(dt.date(2026, 11, 16)):
        report_close(report=report, actor=caseworker, reason="Closed.")
    with at(dt.date(2027, 1, 4)):
        retention_run(institution=kingsway, today=dt.date(2027, 1, 4))  # sealed
    evidence = ReportEvidence.objects.for_institution(kingsway).get()
    with evidence.file.open("rb") as handle:
        backup = handle.read()  # the copy a backup of the files holds
    assert backup.startswith(b"rk1:")
    assert decrypt_bytes(backup) == b"what happened"
    with at(dt.date(2027, 11, 16)), django_capture_on_commit_callbacks(execute=True):
        retention_run(institution=kingsway, today=dt.date(2027, 11, 16))
    assert not ReportEvidence.objects.for_institution(kingsway).exists()
    assert not evidence.file.storage.exists(evidence.file.name)
    with pytest.raises(KeyShredded):
        decrypt_bytes(backup)
