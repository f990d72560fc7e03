"""What a service locks, seen from a second database connection while the lock is held
(PostgreSQL ``NOWAIT``: a row someone holds answers "lock not available" at once instead of
waiting). Only the case or report row itself is locked, and only against other changes of it;
the institution row and the audit chain head stay free; a read locks nothing."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection, connections, transaction

from audit.models import AuditChainHead
from audit.services import audit_read, audit_record
from cases.services.common import lock as lock_case
from reporting.services.common import lock as lock_report

from .test_concurrent_staff import tenant

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks and NOWAIT need PostgreSQL"),
]


@pytest.fixture
def other():
    """A second connection, as another request's would be."""
    conn = connections.create_connection("default")
    yield conn
    conn.close()


def free(conn, table: str, pk: int, mode: str = "FOR UPDATE") -> bool:
    try:
        with conn.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {table} WHERE id = %s {mode} NOWAIT",  # noqa: S608
                           [pk])
    except OperationalError:
        return False
    return True


@pytest.fixture
def kingsway():
    return tenant("kingsway", caseworkers=1, decision_makers=1)


def test_locking_a_case_locks_only_that_case_row(kingsway, other):
    case = kingsway.cases[0]
    with transaction.atomic():
        lock_case(case)
        assert free(other, "institutions_institution", kingsway.inst.pk)
        assert free(other, "cases_student", case.respondent_id)
        assert free(other, "cases_case", kingsway.cases[1].pk)
        assert not free(other, "cases_case", case.pk)  # a second change of it waits
        # ... but rows that point at it can still be inserted (they key-share it).
        assert free(other, "cases_case", case.pk, "FOR KEY SHARE")


def test_locking_a_report_locks_only_that_report_row(kingsway, other):
    report = kingsway.reports[0]
    with transaction.atomic():
        lock_report(report)
        assert free(other, "institutions_institution", kingsway.inst.pk)
        assert free(other, "reporting_report", kingsway.reports[1].pk)
        assert not free(other, "reporting_report", report.pk)
        assert free(other, "reporting_report", report.pk, "FOR KEY SHARE")


def test_a_read_takes_no_lock_on_the_audit_chain(kingsway, other):
    audit_record(institution=kingsway.inst, action="first")  # the chain head exists
    head = AuditChainHead.objects.for_institution(kingsway.inst).get()
    dm, _ = kingsway.decision_makers[0]
    with transaction.atomic():
        audit_read(institution=kingsway.inst, actor=dm, obj=kingsway.cases[0])
        assert free(other, "audit_auditchainhead", head.pk)
        assert free(other, "institutions_institution", kingsway.inst.pk)
