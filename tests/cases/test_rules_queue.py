"""Need-to-know (§13), the audit trail of every transition, and the caseworker queue with its
next deadline."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from accounts.selectors import membership_get
from audit.models import AccessEvent, AuditEvent
from audit.services import audit_verify
from cases.models import CaseRole, Stage
from cases.permissions import access_case, cases_visible_to
from cases.selectors import (
    DeadlineStatus,
    QueueFilters,
    case_history,
    case_queue,
    deadline_status_of,
)
from cases.services.appeals import appeal_decide
from cases.services.assignments import case_unassign
from cases.services.common import assign
from cases.services.outcomes import formal_decide
from institutions.calendar import WorkingCalendar
from institutions.models import Deadline
from institutions.procedure import Rule

from . import rules_support
from .rules_support import (
    actions,
    at,
    cohort,
    d,
    deadline,
    hold_and_decide,
    lodge,
    on,
    send_notice,
    to_board,
    to_informal,
    to_investigation,
    uphold,
)

pytestmark = pytest.mark.django_db

midshire = rules_support.midshire  # conftest's fixture fails; see rules_support


def student(n: int, **extra) -> dict:
    return {"respondent": {"student_id": f"2026{n:04d}", "given_name": "Student",
                           "family_name": f"Number {n}", **extra}}


def test_case_visible_only_to_assigned_and_decision_makers(kingsway, ks, midshire, ms):
    """Need-to-know: the people assigned to the case and the institution's decision makers;
    everyone else, of this institution or another, gets the same 404 as for a case that does
    not exist. Every read is audited."""
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    for user in (ks.investigator, ks.secretary, ks.secretary2):
        found, membership = access_case(user=user, institution=kingsway, case_id=case.pk)
        assert found == case
        assert membership.user == user
    for user, inst, case_id in ((ks.bystander, kingsway, case.pk),
                                (ks.clerk, kingsway, case.pk),
                                (ks.untrained, kingsway, case.pk),
                                (ms.secretary, kingsway, case.pk),
                                (ms.secretary, midshire, case.pk),
                                (ks.secretary, kingsway, case.pk + 999),
                                (ks.secretary, kingsway, "not-a-number")):
        with pytest.raises(Http404):
            access_case(user=user, institution=inst, case_id=case_id)

    reads = AccessEvent.objects.for_institution(kingsway).filter(
        object_type="cases.case", object_id=str(case.pk))
    assert {e.actor for e in reads} == {ks.investigator, ks.secretary, ks.secretary2}
    assert reads.first().what == "case file"
    assert "read" not in [e.action for e in case_history(case)]

    clerk = membership_get(user=ks.clerk, institution=kingsway)
    assert case not in cases_visible_to(membership=clerk)
    with at("2026-11-04"):
        case_unassign(assignment=case.assignments.get(user=ks.investigator),
                      actor=ks.secretary, reason="Moved to another team")
    with pytest.raises(Http404):
        access_case(user=ks.investigator, institution=kingsway, case_id=case.pk)


def test_every_transition_is_audited(kingsway, ks, django_capture_on_commit_callbacks):
    """Each transition writes its event, with the stage it left and the stage it reached, in
    an unbroken hash chain."""
    with on("2026-11-30", django_capture_on_commit_callbacks):
        case = to_board(to_investigation(kingsway, ks), ks)
        send_notice(case, ks, "2026-12-18")
    with on("2026-12-18", django_capture_on_commit_callbacks):
        hold_and_decide(case, ks)
    with on("2026-12-21", django_capture_on_commit_callbacks):
        appeal = lodge(case, ks, "2026-12-21")
        assign(case=case, user=ks.reviewer, role=CaseRole.APPEAL_REVIEWER, by=ks.secretary)
        appeal_decide(appeal=appeal, actor=ks.reviewer, result="confirm", reasons="Fair")

    seen = actions(case)
    for action in ("case.opened", "case.intake_decided", "case.assigned", "case.formal_decided",
                   "board.notice_sent", "board.hearing_held", "board.decided",
                   "appeal.lodged", "appeal.decided", "letter.issued"):
        assert action in seen, action
    # §63: the alumni team is emailed, or the case says that no address is configured.
    assert {"case.alumni_team_notified", "case.alumni_team_not_configured"} & set(seen)
    moves = [(e.changes["stage_from"], e.changes["stage_to"])
             for e in AuditEvent.objects.for_institution(kingsway).filter(
                 object_type="cases.case", object_id=str(case.pk)).order_by("sequence")
             if "stage_to" in e.changes]
    assert moves == [
        (Stage.INTAKE, Stage.INVESTIGATION), (Stage.INVESTIGATION, Stage.BOARD_NOTICE),
        (Stage.BOARD_NOTICE, Stage.BOARD_HEARING), (Stage.BOARD_HEARING, Stage.BOARD_OUTCOME),
        (Stage.BOARD_OUTCOME, Stage.APPEAL), (Stage.APPEAL, Stage.CLOSED)]
    decided = AuditEvent.objects.for_institution(kingsway).get(action="appeal.decided")
    assert decided.actor == ks.reviewer
    assert audit_verify(kingsway) is None


@pytest.fixture
def queue_cases(kingsway, ks, django_capture_on_commit_callbacks):
    """Four cases as they stand on Wednesday 9 December 2026."""
    with at("2026-10-02"):
        overdue = to_investigation(kingsway, ks, allegation_raised_on=d("2026-10-01"),
                                   incident_date=d("2026-09-30"), **student(4))
    with at("2026-11-02"):
        on_track = to_investigation(kingsway, ks, allegation_raised_on=d("2026-11-02"),
                                    **student(1))
    with at("2026-11-20"):
        informal = to_informal(kingsway, ks, allegation_raised_on=d("2026-11-20"),
                               **student(2))
    with on("2026-12-07", django_capture_on_commit_callbacks):
        summer = to_investigation(kingsway, ks, allegation_raised_on=d("2026-11-02"),
                                  **cohort("summer_school", "SUMMER-77"))
        uphold(summer, ks)
    return {"overdue": overdue, "on_track": on_track, "informal": informal, "summer": summer}


def queue(kingsway, user, **filters):
    membership = membership_get(user=user, institution=kingsway)
    return list(case_queue(membership=membership, filters=QueueFilters(**filters),
                           today=d("2026-12-09")))


def test_queue_filters_and_next_deadline(kingsway, ks, midshire, ms, queue_cases):
    c = queue_cases
    everything = queue(kingsway, ks.secretary)
    # Soonest deadline first: the overdue 60-day target, the summer student's 3-day appeal
    # window, the 15-working-day informal target, the 60-day target.
    assert everything == [c["overdue"], c["summer"], c["informal"], c["on_track"]]
    by_ref = {x.reference: x for x in everything}
    first = by_ref[c["on_track"].reference]
    assert (first.next_due, first.next_purpose) == (
        d("2027-01-01"), "Informal and formal stages complete (§44)")
    assert by_ref[c["informal"].reference].next_due == d("2026-12-11")
    assert by_ref[c["summer"].reference].next_due == d("2026-12-10")
    assert by_ref[c["overdue"].reference].is_overdue

    assert queue(kingsway, ks.secretary, deadline_status=DeadlineStatus.OVERDUE) == [
        c["overdue"]]
    assert queue(kingsway, ks.secretary, deadline_status=DeadlineStatus.DUE_SOON) == [
        c["summer"], c["informal"]]
    assert queue(kingsway, ks.secretary, deadline_status=DeadlineStatus.ON_TRACK) == [
        c["on_track"]]
    soon = WorkingCalendar(kingsway).add_working_days(d("2026-12-09"), 2).date
    assert [deadline_status_of(x, today=d("2026-12-09"), soon=soon) for x in everything] == [
        "overdue", "due_soon", "due_soon", "on_track"]

    assert queue(kingsway, ks.secretary, stage=Stage.INVESTIGATION) == [
        c["overdue"], c["on_track"]]
    assert queue(kingsway, ks.secretary, cohort="summer_school") == [c["summer"]]
    assert queue(kingsway, ks.secretary, assignee=ks.officer.pk) == [c["informal"]]
    assert queue(kingsway, ks.secretary, search=c["on_track"].reference.lower()) == [
        c["on_track"]]
    assert queue(kingsway, ks.secretary, search="SUMMER-77") == [c["summer"]]
    assert queue(kingsway, ks.secretary, search="KINGSWAY-2026-000") == everything

    # Need-to-know: the informal officer sees their case only; Midshire sees none of these.
    assert queue(kingsway, ks.officer) == [c["informal"]]
    assert queue(kingsway, ks.bystander) == []
    midshire_view = case_queue(membership=membership_get(user=ms.secretary, institution=midshire),
                               filters=QueueFilters())
    assert list(midshire_view) == []


def test_closed_case_is_never_overdue(kingsway, ks, queue_cases,
                                      django_capture_on_commit_callbacks):
    """A closed case has no work left: a deadline it missed on the way is history."""
    c = queue_cases
    with on("2026-12-09", django_capture_on_commit_callbacks):
        formal_decide(case=c["overdue"], actor=ks.secretary, result="dismiss",
                      reasons="No evidence")
    target = deadline(c["overdue"], Rule.FORMAL_TARGET)
    assert (target.status, target.completed_on) == (Deadline.Status.MISSED, d("2026-12-09"))
    Deadline.objects.for_institution(kingsway).filter(pk=target.pk).update(completed_on=None)
    assert queue(kingsway, ks.secretary, deadline_status=DeadlineStatus.OVERDUE) == []


def test_queue_constant_queries(kingsway, ks, django_assert_max_num_queries):
    """One query for the page, however many cases: 5 or 30."""
    membership = membership_get(user=ks.secretary, institution=kingsway)

    def read_queue():
        rows = case_queue(membership=membership,
                          filters=QueueFilters(deadline_status=DeadlineStatus.ON_TRACK),
                          today=d("2026-12-09"))
        return [(x.reference, x.respondent.student_id, x.next_due, x.next_purpose,
                 x.is_overdue) for x in rows]

    with at("2026-11-03"):
        for n in range(5):
            to_investigation(kingsway, ks, **student(n))
    with CaptureQueriesContext(connection) as five:
        assert len(read_queue()) == 5
    with at("2026-11-03"):
        for n in range(5, 30):
            to_investigation(kingsway, ks, **student(n))
    with django_assert_max_num_queries(len(five.captured_queries)):
        assert len(read_queue()) == 30
    assert len(five.captured_queries) <= 3


def test_queue_pages_read_keys_then_rows_and_cover_every_case_once(
        kingsway, ks, django_assert_max_num_queries):
    """Issue 9: a queue page is the page's keys (skipped inside the index), then its rows;
    the same rows in the same order as slicing the queryset. Cases opened at the same moment
    (the same ``created_at``) are ordered by their key, so paging through the queue shows
    each case exactly once."""
    from django.core.paginator import Paginator

    from cases.models import Case
    from core.pagination import QueuePaginator

    with at("2026-11-03"):
        for n in range(7):
            to_investigation(kingsway, ks, **student(n))
    Case.objects.for_institution(kingsway).update(created_at=d("2026-11-03").isoformat())
    membership = membership_get(user=ks.secretary, institution=kingsway)
    cases = case_queue(membership=membership, filters=QueueFilters(), today=d("2026-12-09"))
    plain, keyed = Paginator(cases, 3), QueuePaginator(cases, 3)
    assert keyed.num_pages == plain.num_pages == 3
    seen = []
    for number in keyed.page_range:
        with django_assert_max_num_queries(2):  # the keys, then the rows
            rows = list(keyed.page(number))
        assert [c.pk for c in rows] == [c.pk for c in plain.page(number)]
        seen += [c.pk for c in rows]
    assert sorted(seen) == sorted(Case.objects.for_institution(kingsway).values_list(
        "pk", flat=True))
    assert len(seen) == len(set(seen)) == 7
