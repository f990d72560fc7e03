"""The Board of Discipline (§52-65): membership, the clerk's notice (§58), objections,
hearings, adjournments and absence (§59-60), votes and the written decision (§61-64)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.errors import field_errors
from institutions.calendar import WorkingCalendar
from institutions.models import Deadline
from institutions.procedure import Rule

from ..models import (
    Allegation,
    Authority,
    BoardNotice,
    BoardObjection,
    BoardVote,
    Case,
    CaseRole,
    Hearing,
    LetterKind,
    Outcome,
    Stage,
)
from ..policies import enforce
from ..selectors import board_members, board_membership_problem
from .common import (
    TransitionError,
    cancel,
    case_role_label,
    complete,
    end_assignment,
    ensure_decision_maker,
    lock,
    open_deadlines,
    record,
    register,
    register_date,
    set_stage,
)
from .letters import human_date, letter_issue
from .outcomes import save_outcome
from .penalties import penalties_check


@transaction.atomic
def board_send_notice(*, case: Case, actor, hearing_date: dt.date, hearing_format: str,
                      arrangements: str, evidence_summary: str, documents: str,
                      witnesses: str = "", witness_questions: str = "through_chair",
                      witnesses_by_video: bool = False, alternative_attendance: bool = False,
                      proceeds_if_absent: bool = True, identities_disclosed: str = "",
                      sent_on: dt.date | None = None) -> BoardNotice:
    """The clerk's notice to the student with everything §58 lists. The hearing must fall
    after the student's 5 working days to object to a member, and the witness list is then due
    no less than 5 working days before it."""
    case = lock(case)
    enforce("board_notice", case=case, actor=actor)
    return _send_notice(
        case=case, actor=actor, hearing_date=hearing_date, hearing_format=hearing_format,
        arrangements=arrangements, evidence_summary=evidence_summary, documents=documents,
        witnesses=witnesses, witness_questions=witness_questions,
        witnesses_by_video=witnesses_by_video, alternative_attendance=alternative_attendance,
        proceeds_if_absent=proceeds_if_absent, identities_disclosed=identities_disclosed,
        sent_on=sent_on)


def _send_notice(*, case: Case, actor, hearing_date: dt.date, hearing_format: str,
                 arrangements: str, evidence_summary: str, documents: str, witnesses: str,
                 witness_questions: str, witnesses_by_video: bool, alternative_attendance: bool,
                 proceeds_if_absent: bool, identities_disclosed: str, sent_on: dt.date | None,
                 renotice: bool = False) -> BoardNotice:
    sent_on = sent_on or timezone.localdate()
    calendar = WorkingCalendar(case.institution)
    objection_limit = _limit(case, Rule.BOARD_MEMBER_OBJECTION, 5)
    objection_due = calendar.add_working_days(sent_on, objection_limit).date
    problems = {}
    if hearing_date <= objection_due:
        problems["hearing_date"] = (
            f"The hearing must be after {human_date(objection_due)}, when the student's "
            f"{objection_limit} working days to object to a member end (§58).")
    for name, value in (("arrangements", arrangements), ("evidence_summary", evidence_summary),
                        ("documents", documents)):
        if not value.strip():
            problems[name] = "§58 requires this in the notice."
    if hearing_format not in BoardNotice.Format.values:
        problems["hearing_format"] = "Choose in person or online."
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    members = board_members(case)
    membership = [{"place": case_role_label(case, m.role), "name": str(m.user),
                   "user_id": m.user_id, "role": m.role} for m in members]
    notice = BoardNotice.objects.create(
        institution=case.institution, case=case, sent_on=sent_on, hearing_date=hearing_date,
        hearing_format=hearing_format, alternative_attendance=alternative_attendance,
        arrangements=arrangements.strip(), evidence_summary=evidence_summary.strip(),
        proceeds_if_absent=proceeds_if_absent, witnesses=witnesses.strip(),
        witness_questions=witness_questions, witnesses_by_video=witnesses_by_video,
        documents=documents.strip(), identities_disclosed=identities_disclosed.strip(),
        membership=membership, sent_by=actor)
    Hearing.objects.create(institution=case.institution, case=case, scheduled_for=hearing_date)
    complete(case, Rule.BOARD_CLERK_NOTICE, on=sent_on, actor=actor)
    register(case, Rule.BOARD_MEMBER_OBJECTION, sent_on, actor,
             purpose="Student may object to a Board member")
    _witness_deadline(case, hearing_date, sent_on, actor)
    set_stage(case, Stage.BOARD_HEARING, actor, "board.notice_sent", notice=notice.pk,
              hearing_date=hearing_date, renotice=renotice)
    letter_issue(case=case, kind=LetterKind.BOARD_NOTICE, actor=actor, extra={
        "hearing_date": human_date(hearing_date),
        "hearing_format": notice.get_hearing_format_display(),
        "arrangements": notice.arrangements, "evidence_summary": notice.evidence_summary,
        "documents": [d for d in notice.documents.splitlines() if d.strip()],
        "witnesses": [w for w in notice.witnesses.splitlines() if w.strip()],
        "witness_questions": notice.get_witness_questions_display().lower(),
        "witnesses_by_video": witnesses_by_video,
        "alternative_attendance": alternative_attendance,
        "proceeds_if_absent": proceeds_if_absent,
        "identities_disclosed": notice.identities_disclosed,
        "membership": membership, "objection_due": objection_due.isoformat(),
        "objection_deadline": human_date(objection_due)})
    return notice


def _limit(case: Case, rule: str, default: int) -> int:
    from institutions.selectors import time_limit_for

    limit = time_limit_for(institution=case.institution, rule=rule, cohort=case.cohort)
    return limit.amount if limit else default


def _witness_deadline(case: Case, hearing_date: dt.date, start: dt.date, actor) -> None:
    """The last day for naming witnesses: "no less than five working days before the scheduled
    hearing" (§58), counted back over weekends, bank holidays and closures.

    Decision recorded: this is a cut-off (a window, like the objection window), not an action
    a member of staff completes: it closes when it passes and is never "missed", so a case
    whose hearing went ahead does not show as overdue for ever."""
    days = _limit(case, Rule.BOARD_WITNESS_LIST, 5)
    due = WorkingCalendar(case.institution).add_working_days(hearing_date, -days).date
    for deadline in open_deadlines(case, Rule.BOARD_WITNESS_LIST):
        from institutions.services.deadlines import deadline_cancel

        deadline_cancel(deadline=deadline, reason="Hearing moved", actor=actor)
    register_date(case, purpose="Witness names to the Board", start=start, due=due,
                  description=f"{days} working days before the hearing (§58)",
                  rule=Rule.BOARD_WITNESS_LIST, actor=actor, responsible_role=Role.CLERK,
                  kind=Deadline.Kind.WINDOW)


@transaction.atomic
def board_record_objection(*, case: Case, actor, member_user, reason: str,
                           received_on: dt.date) -> BoardObjection:
    """The student objects to a member; it must arrive within 5 working days of the notice
    (§58)."""
    case = lock(case)
    enforce("objection", case=case, actor=actor)
    if not reason.strip():
        raise field_errors(reason="Record the student's reasons for the objection (§58).")
    if member_user.pk not in {m.user_id for m in board_members(case)}:
        raise field_errors(member="That person is not a member of this Board.")
    notice = case.board_notices.latest("sent_on", "pk")  # the policy: at the hearing stage
    if received_on > timezone.localdate():
        raise field_errors(received_on="An objection cannot be received in the future.")
    if received_on < notice.sent_on:
        raise field_errors(received_on="An objection is to the membership in the clerk's notice; "
                                  "it cannot arrive before the notice was sent.")
    calendar = WorkingCalendar(case.institution)
    days = _limit(case, Rule.BOARD_MEMBER_OBJECTION, 5)
    due = calendar.add_working_days(notice.sent_on, days).date
    if received_on > due:
        raise TransitionError(
            f"An objection must reach the {case.institution.role_label(Role.DECISION_MAKER)} "
            f"by {human_date(due)} ({days} working days from the clerk's notice, §58); this "
            f"one arrived on {human_date(received_on)}.")
    objection = BoardObjection.objects.create(
        institution=case.institution, case=case, member=member_user, reason=reason.strip(),
        received_on=received_on)
    record(case, actor, "board.objection_received", member=member_user.email,
           objection=objection.pk)
    return objection


@transaction.atomic
def board_decide_objection(*, objection: BoardObjection, actor, uphold: bool,
                           reason: str) -> BoardObjection:
    """The decision maker decides an objection (§58). Upheld: the member leaves the Board; a
    new member is appointed and the clerk tells the student the new membership (§60)."""
    case = lock(objection.case)
    objection = BoardObjection.objects.for_institution(case.institution_id) \
        .select_for_update().get(pk=objection.pk)
    enforce("objection_decision", case=case, actor=actor, obj=objection)
    ensure_decision_maker(actor, case)
    if not reason.strip():
        raise field_errors(reason="Give the reason for the decision.")
    objection.decision = (BoardObjection.Decision.UPHELD if uphold
                          else BoardObjection.Decision.REJECTED)
    objection.decision_reason = reason.strip()
    objection.decided_by = actor
    objection.save(update_fields=["decision", "decision_reason", "decided_by"])
    record(case, actor, "board.objection_decided", objection=objection.pk,
           decision=objection.decision)
    if uphold:
        for assignment in board_members(case):
            if assignment.user_id == objection.member_id:
                end_assignment(assignment=assignment, by=actor,
                               reason="Objection upheld (§58)")
        _back_to_notice(case, actor, "Board membership changed after an objection")
    return objection


def _back_to_notice(case: Case, actor, why: str) -> None:
    for hearing in case.hearings.filter(status=Hearing.Status.SCHEDULED):
        hearing.status = Hearing.Status.ADJOURNED
        hearing.note = why
        hearing.save(update_fields=["status", "note"])
    from institutions.services.deadlines import deadline_cancel

    for deadline in open_deadlines(case, Rule.BOARD_WITNESS_LIST, Rule.BOARD_MEMBER_OBJECTION):
        deadline_cancel(deadline=deadline, reason=why, actor=actor)
    set_stage(case, Stage.BOARD_NOTICE, actor, "board.renotice_needed", reason=why)
    register(case, Rule.BOARD_CLERK_NOTICE, timezone.localdate(), actor,
             responsible_role=Role.CLERK)


def board_member_left(*, case: Case, actor, why: str) -> None:
    """A member of a Board whose membership the student has been told left it (their
    appointment ended): the student must be told the new membership and may object to the new
    member (§58, §60). Called under the case lock by the service that ended the appointment."""
    if case.stage == Stage.BOARD_HEARING:
        _back_to_notice(case, actor, why)


def board_renotice_if_ready(*, case: Case, actor) -> BoardNotice | None:
    """§60: "if ... there is a change in membership of the Board, then the Clerk will contact
    the Student to inform them of the new membership". When the place a member left is filled
    and the Board can sit again, the notice goes again at once with the new membership, the
    same hearing and arrangements, and a new 5 working days to object (§58). If the hearing
    would fall within those days, nothing is sent: the clerk's notice stays due (What you can
    do now) and the clerk sends it with a new date. Called under the case lock by the service
    that made the appointment."""
    if case.stage != Stage.BOARD_NOTICE or board_membership_problem(case) is not None:
        return None
    last = case.board_notices.order_by("-sent_on", "-pk").first()
    if last is None:  # the first notice is the clerk's to write
        return None
    today = timezone.localdate()
    days = _limit(case, Rule.BOARD_MEMBER_OBJECTION, 5)
    objection_due = WorkingCalendar(case.institution).add_working_days(today, days).date
    if last.hearing_date <= objection_due:
        record(case, actor, "board.renotice_needs_new_date", hearing_date=last.hearing_date)
        return None
    return _send_notice(
        case=case, actor=actor, hearing_date=last.hearing_date,
        hearing_format=last.hearing_format, arrangements=last.arrangements,
        evidence_summary=last.evidence_summary, documents=last.documents,
        witnesses=last.witnesses, witness_questions=last.witness_questions,
        witnesses_by_video=last.witnesses_by_video,
        alternative_attendance=last.alternative_attendance,
        proceeds_if_absent=last.proceeds_if_absent,
        identities_disclosed=last.identities_disclosed, sent_on=today, renotice=True)


class HearingResult:
    HELD = "held"
    ADJOURNED = "adjourned"
    STUDENT_ABSENT = "student_absent"
    ALL = (HELD, ADJOURNED, STUDENT_ABSENT)


@transaction.atomic
def board_record_hearing(*, case: Case, actor, result: str, note: str = "",
                         new_date: dt.date | None = None, good_reason: bool | None = None,
                         proceed_in_absence: bool = False) -> Hearing:
    """What became of the scheduled hearing. Adjourned or missed: a new date (§59-60). The
    Board may proceed without the student who fails to attend without good reason, or who
    cannot attend a second time (§59). Held: the written decision is due within 10 working
    days (5 for Summer School and Executive Education, §64).

    Decision recorded: the "two occasions" of §59 are sittings recorded as "student did not
    attend"; an adjournment the Chair agreed beforehand (§60) is not an occasion the student
    missed. Neither attendance nor absence can be recorded before the hearing's date."""
    case = lock(case)
    enforce("hearing", case=case, actor=actor)
    # The policy refused unless one is scheduled.
    hearing = case.hearings.filter(status=Hearing.Status.SCHEDULED).earliest("scheduled_for")
    if result not in HearingResult.ALL:
        raise field_errors(result="Choose held, adjourned or student did not attend.")
    today = timezone.localdate()
    if result == HearingResult.STUDENT_ABSENT and good_reason is None:
        raise field_errors(good_reason="Record whether the Chair accepted the student's reason "
                                  "as a good reason (§59).")
    if result in (HearingResult.HELD, HearingResult.STUDENT_ABSENT) \
            and hearing.scheduled_for > today:
        raise TransitionError(f"The hearing is scheduled for "
                              f"{human_date(hearing.scheduled_for)}; what happened at it cannot "
                              f"be recorded before then.")
    if result == HearingResult.STUDENT_ABSENT and proceed_in_absence:
        earlier = case.hearings.filter(status=Hearing.Status.STUDENT_ABSENT).count()
        if good_reason and earlier < 1:
            raise TransitionError(
                "The Board may proceed in the student's absence only if they fail to attend "
                "without good reason, or cannot attend on two occasions (§59). This is the "
                "first time and the reason was accepted: set a new date.")
        hearing.status = Hearing.Status.HELD
        hearing.absence_good_reason = good_reason
        hearing.note = (note.strip() + "\nProceeded in the student's absence (§59).").strip()
        hearing.recorded_by = actor
        hearing.save(update_fields=["status", "absence_good_reason", "note", "recorded_by"])
        record(case, actor, "board.hearing_held", hearing=hearing.pk, student_absent=True)
        register(case, Rule.BOARD_WRITTEN_DECISION, hearing.scheduled_for, actor,
                 responsible_role=Role.CLERK)
        return hearing
    if result == HearingResult.HELD:
        hearing.status = Hearing.Status.HELD
        hearing.note = note.strip()
        hearing.recorded_by = actor
        hearing.save(update_fields=["status", "note", "recorded_by"])
        record(case, actor, "board.hearing_held", hearing=hearing.pk)
        register(case, Rule.BOARD_WRITTEN_DECISION, hearing.scheduled_for, actor,
                 responsible_role=Role.CLERK)
        return hearing
    if new_date is None or new_date <= today:
        raise field_errors(new_date="Give the new hearing date (after today).")
    if result == HearingResult.ADJOURNED and not note.strip():
        raise field_errors(note="Record the grounds for the adjournment (§60).")
    hearing.status = (Hearing.Status.ADJOURNED if result == HearingResult.ADJOURNED
                      else Hearing.Status.STUDENT_ABSENT)
    hearing.absence_good_reason = good_reason
    hearing.note = note.strip()
    hearing.recorded_by = actor
    hearing.save(update_fields=["status", "absence_good_reason", "note", "recorded_by"])
    new = Hearing.objects.create(institution=case.institution, case=case,
                                 scheduled_for=new_date)
    _witness_deadline(case, new_date, today, actor)
    record(case, actor, f"board.hearing_{hearing.status}", hearing=hearing.pk,
           new_date=new_date, good_reason=good_reason)
    return new


@transaction.atomic
def board_decide(*, case: Case, actor, votes: list[dict], reasons: str,
                 criminal_conviction: bool = False) -> Outcome:
    """Record each member's vote (§61) and the decision by majority; on a Board of two the
    chair has the casting vote (§54). All members must take part (§54). The written decision
    goes to the student (§64) and opens the appeal window (§66)."""
    case = lock(case)
    enforce("board_decision", case=case, actor=actor)
    # The policy refused unless one was held.
    hearing = case.hearings.filter(status=Hearing.Status.HELD).latest("scheduled_for")
    if not reasons.strip():
        raise field_errors(reasons="Give the Board's reasons (§64).")
    members = {m.user_id: m for m in board_members(case)}
    by_member = {int(v["member"]): v for v in votes}
    if set(by_member) != set(members):
        missing = [str(members[u].user) for u in members if u not in by_member]
        strangers = [u for u in by_member if u not in members]
        if strangers:
            raise field_errors(votes="Only members of this Board can vote.")
        raise field_errors(votes="Every member must vote for the decision to be valid (§54); "
                            "missing: " + ", ".join(missing) + ".")
    chair = next(u for u, m in members.items() if m.role == CaseRole.BOARD_CHAIR)
    offence = _majority({u: bool(v["offence_committed"]) for u, v in by_member.items()}, chair)
    codes = sorted({c for v in by_member.values() for c in v.get("penalties", [])})
    agreed = []
    if offence:
        for code in codes:
            if _majority({u: code in v.get("penalties", []) for u, v in by_member.items()},
                         chair):
                agreed.append(code)
        if not agreed:
            raise field_errors(votes="A majority found an offence but agreed no penalty (§61): "
                                "record the penalty the majority agreed.")
    amounts = {}
    for v in by_member.values():
        amounts.update(v.get("amounts", {}))
    chosen = penalties_check(
        case=case, authority=Authority.BOARD, criminal_conviction=criminal_conviction,
        penalties=[{"code": c, "amount": amounts.get(c), "details": ""} for c in agreed])
    for user_id, vote in by_member.items():
        BoardVote.objects.create(
            institution=case.institution, case=case, hearing=hearing,
            member_id=user_id, place=members[user_id].role,
            offence_committed=bool(vote["offence_committed"]),
            penalty_codes=list(vote.get("penalties", [])))
    today = timezone.localdate()
    outcome = save_outcome(
        case=case, kind=Outcome.Kind.BOARD,
        result=Outcome.Result.UPHELD if offence else Outcome.Result.NO_MISCONDUCT,
        reasons=reasons.strip(), actor=actor, authority=Authority.BOARD, penalties=chosen,
        on_student_record=offence and any(c.penalty_type.recorded_on_file for c in chosen),
        considered_previous_record=True)
    Allegation.objects.for_institution(case.institution_id).filter(case=case).update(
        finding=Allegation.Finding.PROVEN if offence else Allegation.Finding.NOT_PROVEN)
    complete(case, Rule.BOARD_WRITTEN_DECISION, on=today, actor=actor)
    if offence:
        set_stage(case, Stage.BOARD_OUTCOME, actor, "board.decided", result=outcome.result,
                  penalties=agreed)
        register(case, Rule.APPEAL_WINDOW, today, actor)
    else:
        case.closed_on, case.closure_reason = today, "The Board found no offence"
        case.save(update_fields=["closed_on", "closure_reason", "updated_at"])
        set_stage(case, Stage.CLOSED, actor, "board.decided", result=outcome.result)
        cancel(case, reason="Case closed", actor=actor)
    letter_issue(case=case, kind=LetterKind.BOARD_DECISION, actor=actor, outcome=outcome,
                 to_reporting_parties=True)
    return outcome


def _majority(votes: dict[int, bool], chair: int) -> bool:
    yes = sum(votes.values())
    no = len(votes) - yes
    if yes != no:
        return yes > no
    return votes[chair]  # a tie can only happen on a Board of two: the chair's casting vote
