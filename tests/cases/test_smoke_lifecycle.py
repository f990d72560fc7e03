import datetime as dt

import pytest
import time_machine

from cases.models import CaseRole, Letter, Stage
from cases.services.appeals import appeal_decide, appeal_lodge
from cases.services.board import board_decide, board_record_hearing, board_send_notice
from cases.services.common import assign
from cases.services.intake import case_decide_intake, case_open
from cases.services.outcomes import formal_decide

from .conftest import case_data

pytestmark = pytest.mark.django_db


def test_board_lifecycle_kingsway(kingsway, ks, django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 11, 3, 10), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        case = case_open(institution=kingsway, actor=ks.secretary, **case_data())
        case = case_decide_intake(case=case, actor=ks.secretary, route="formal",
                                  reasons="Serious allegation")
        assign(case=case, user=ks.investigator, role=CaseRole.INVESTIGATOR, by=ks.secretary)
        formal_decide(case=case, actor=ks.secretary, result="refer_to_board",
                      reasons="Major misconduct")
        for user, role in ((ks.clerk, CaseRole.CLERK), (ks.chair, CaseRole.BOARD_CHAIR),
                           (ks.su, CaseRole.BOARD_SU_OFFICER),
                           (ks.academic, CaseRole.BOARD_ACADEMIC)):
            assign(case=case, user=user, role=role, by=ks.secretary)
        board_send_notice(case=case, actor=ks.clerk, hearing_date=dt.date(2026, 12, 1),
                          hearing_format="in_person", arrangements="Room 1",
                          evidence_summary="Messages", documents="Screenshots")
    with time_machine.travel(dt.datetime(2026, 12, 1, 16), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        board_record_hearing(case=case, actor=ks.clerk, result="held")
        votes = [{"member": u.pk, "offence_committed": True, "penalties": ["suspension"]}
                 for u in (ks.chair, ks.su, ks.academic)]
        board_decide(case=case, actor=ks.clerk, votes=votes, reasons="Proven")
    case.refresh_from_db()
    assert case.stage == Stage.BOARD_OUTCOME
    with time_machine.travel(dt.datetime(2026, 12, 4, 10), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        appeal = appeal_lodge(case=case, actor=ks.clerk, received_on=dt.date(2026, 12, 4),
                              grounds=["bias"], summary="Bias", contact="a@b.c",
                              decision_received_on=dt.date(2026, 12, 1))
        assign(case=case, user=ks.reviewer, role=CaseRole.APPEAL_REVIEWER, by=ks.secretary)
        appeal_decide(appeal=appeal, actor=ks.reviewer, result="confirm", reasons="No bias")
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED
    letters = Letter.objects.for_institution(kingsway).filter(case=case)
    assert all(letter.status == Letter.Status.ISSUED for letter in letters)
    assert {letter.kind for letter in letters} == {
        "board_notice", "board_decision", "completion_of_procedures"}
