"""A service re-reads what it changes under its lock, so a change made by someone else
meanwhile is seen, not overwritten (a page or API call holds a copy read before the lock)."""

import pytest
import time_machine

from audit.models import AuditEvent
from cases.models import CaseAssignment, CaseRole
from cases.services.assignments import case_assign, case_unassign
from cases.services.common import TransitionError

from .test_concurrent_staff import NOW, tenant

pytestmark = pytest.mark.django_db


def test_an_appointment_ended_by_someone_else_meanwhile_is_not_ended_twice():
    with time_machine.travel(NOW, tick=False):
        kingsway = tenant("kingsway", caseworkers=1, decision_makers=2)
        (dm, investigator), (dm2, _) = kingsway.decision_makers
        case = kingsway.cases[0]
        assignment = case_assign(case=case, actor=dm, user=investigator,
                                 role=CaseRole.INVESTIGATOR)
        seen_by_second = CaseAssignment.objects.for_institution(kingsway.inst).get(
            pk=assignment.pk)  # the second decision maker's page, read before the first acts

        case_unassign(assignment=assignment, actor=dm, reason="Workload")
        with pytest.raises(TransitionError, match="already ended"):
            case_unassign(assignment=seen_by_second, actor=dm2, reason="Conflict found")

        ended = CaseAssignment.objects.for_institution(kingsway.inst).get(pk=assignment.pk)
        assert ended.end_reason == "Workload"
        assert AuditEvent.objects.for_institution(kingsway.inst).filter(
            action="case.unassigned").count() == 1
