"""§60: "If as a result, there is a change in membership of the Board, then the Clerk will
contact the Student to inform them of the new membership of the Board." When a member whose
membership the student was told of leaves, the case goes back for a new notice; when the place
is filled, the notice goes again at once with the new membership and a new 5 working days to
object (§58), unless the hearing is too near, when the clerk's notice stays due."""

import pytest

from cases.models import BoardObjection, CaseAssignment, CaseRole, LetterKind, Stage
from cases.services.assignments import case_assign, case_unassign
from cases.services.board import board_decide_objection, board_record_objection
from institutions.procedure import Rule

from . import api_support as api
from .pages import submit, url
from .rules_support import (
    actions,
    at,
    d,
    deadline,
    letters,
    on,
    reload,
    send_notice,
    to_board,
    to_investigation,
)

pytestmark = pytest.mark.django_db


def su_assignment(case):
    return CaseAssignment.objects.for_institution(case.institution_id).get(
        case=case, role=CaseRole.BOARD_SU_OFFICER, ended_at__isnull=True)


def notices_to_student(case):
    return [x for x in letters(case, LetterKind.BOARD_NOTICE) if x.recipient_key == "respondent"]


def test_replacing_a_board_member_sends_a_new_notice_s60(kingsway, ks,
                                                         django_capture_on_commit_callbacks):
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_board(to_investigation(kingsway, ks), ks)
        send_notice(case, ks, "2026-12-10")
    assert len(notices_to_student(case)) == 1
    with on("2026-11-10", django_capture_on_commit_callbacks):
        case_unassign(assignment=su_assignment(case), actor=ks.secretary,
                      reason="Illness: cannot sit")
        assert reload(case).stage == Stage.BOARD_NOTICE
        case_assign(case=case, actor=ks.secretary, user=ks.spare,
                    role=CaseRole.BOARD_SU_OFFICER)
    case = reload(case)
    assert case.stage == Stage.BOARD_HEARING
    sent = notices_to_student(case)
    assert len(sent) == 2
    names = [m["name"] for m in sent[-1].context["extra"]["membership"]]
    assert str(ks.spare) in names
    assert str(ks.su) not in names
    assert sent[-1].context["extra"]["hearing_date"] == "Thursday 10 December 2026"
    # A new 5 working days to object to the new member (§58).
    assert deadline(case, Rule.BOARD_MEMBER_OBJECTION).start_date == d("2026-11-10")
    assert "board.renotice_needed" in actions(case)


def test_an_upheld_objection_and_a_replacement_send_a_new_notice_s58_s60(
        kingsway, ks, django_capture_on_commit_callbacks):
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_board(to_investigation(kingsway, ks), ks)
        send_notice(case, ks, "2026-12-10")
    with on("2026-11-05", django_capture_on_commit_callbacks):
        objection = board_record_objection(case=case, actor=ks.clerk, member_user=ks.su,
                                           reason="They taught me last year",
                                           received_on=d("2026-11-05"))
        board_decide_objection(objection=objection, actor=ks.secretary, uphold=True,
                               reason="A fair-minded observer would see a risk of bias")
        case_assign(case=case, actor=ks.secretary, user=ks.spare,
                    role=CaseRole.BOARD_SU_OFFICER)
    assert BoardObjection.objects.for_institution(kingsway).get().decision == "upheld"
    assert reload(case).stage == Stage.BOARD_HEARING
    assert len(notices_to_student(case)) == 2


def test_when_the_hearing_is_too_near_the_clerk_sends_the_new_notice_with_a_new_date_s60(
        kingsway, ks, django_capture_on_commit_callbacks):
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_board(to_investigation(kingsway, ks), ks)
        send_notice(case, ks, "2026-11-16")
    with on("2026-11-10", django_capture_on_commit_callbacks):
        case_unassign(assignment=su_assignment(case), actor=ks.secretary, reason="Unwell")
        case_assign(case=case, actor=ks.secretary, user=ks.spare,
                    role=CaseRole.BOARD_SU_OFFICER)
    case = reload(case)
    assert case.stage == Stage.BOARD_NOTICE
    assert len(notices_to_student(case)) == 1
    assert "board.renotice_needs_new_date" in actions(case)
    assert deadline(case, Rule.BOARD_CLERK_NOTICE).status == "running"
    with at("2026-11-10"):
        body = api.get(ks.clerk, kingsway, case.pk)
    assert "board_notice" in {a["key"] for a in body["available_actions"]
                              if not a.get("refusal")}


def test_replacing_a_member_through_the_pages_sends_a_new_notice_s60(
        client, kingsway, ks, django_capture_on_commit_callbacks):
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_board(to_investigation(kingsway, ks), ks)
        send_notice(case, ks, "2026-12-10")
    with on("2026-11-10", django_capture_on_commit_callbacks):
        client.force_login(ks.secretary)
        submit(client, url(case, f"assignments/{su_assignment(case).pk}/end/"),
               {"reason": "Unwell"})
        submit(client, url(case, "assign/"),
               {"role": CaseRole.BOARD_SU_OFFICER, "user": ks.spare.pk})
    assert reload(case).stage == Stage.BOARD_HEARING
    assert len(notices_to_student(case)) == 2
