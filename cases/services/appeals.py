"""Appeals (§33-35, §66-70), closure when no appeal is lodged (§66) and the Completion of
Procedures letter (§36, §70-71)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.errors import field_errors
from institutions.procedure import Rule

from ..models import (
    Allegation,
    Appeal,
    AppealGround,
    AppealRoute,
    Authority,
    Case,
    CaseSettings,
    LetterKind,
    Outcome,
    Stage,
)
from ..policies import NO_APPEAL, enforce, measures_in_force
from ..selectors import appeal_window
from .common import (
    TransitionError,
    cancel,
    complete,
    lock,
    record,
    register,
    set_stage,
)
from .letters import human_date, letter_issue
from .outcomes import save_outcome
from .penalties import penalties_check


@transaction.atomic
def appeal_lodge(*, case: Case, actor, received_on: dt.date, grounds: list[str], summary: str,
                 decision_received_on: dt.date, contact: str, telephone: str = "",
                 late_reason: str = "") -> Appeal:
    """Record an appeal on the Appendix B form. Inside the window it goes to review; a late
    appeal needs the student's reason and waits for the reviewer's decision on it (§35, §66)."""
    case = lock(case)
    against = enforce("appeal_lodge", case=case, actor=actor).appealable_outcome
    today = timezone.localdate()
    problems = {}
    known = {g.code: g for g in AppealGround.objects.for_institution(case.institution_id)}
    if not grounds:
        problems["grounds"] = "Choose at least one ground of appeal; an appeal on no ground " \
                              "may be dismissed (§68)."
    elif any(g not in known for g in grounds):
        problems["grounds"] = "Choose grounds from the list."
    if not summary.strip():
        problems["summary"] = "Summarise what is challenged and why (Appendix B)."
    if received_on > today:
        problems["received_on"] = "An appeal cannot be received in the future."
    if not contact.strip():
        problems["contact"] = "Give the student's address or email."
    window = appeal_window(case, against)
    due = window.due_date if window else against.decided_on
    late = received_on > due
    if late and not late_reason.strip():
        problems["late_reason"] = (
            f"This appeal arrived after the window closed on {human_date(due)}. Record the "
            f"student's reason for lateness; the reviewer decides whether it is good (§66).")
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    student = case.respondent
    appeal = Appeal.objects.create(
        institution=case.institution, case=case, against=against,
        student_id=student.student_id, family_name=student.family_name,
        given_name=student.given_name, contact=contact.strip(), telephone=telephone.strip(),
        incident_date=case.incident_date, decision_received_on=decision_received_on,
        summary=summary.strip(), received_on=received_on, window_due=due, is_late=late,
        late_reason=late_reason.strip(),
        status=Appeal.Status.LATE_PENDING if late else Appeal.Status.UNDER_REVIEW,
        recorded_by=actor)
    appeal.grounds.set([known[g] for g in grounds])
    if window and window.is_open:
        from institutions.services.deadlines import deadline_complete

        deadline_complete(deadline=window, on=received_on, actor=actor)
    if case.stage == Stage.CLOSED:
        case.closed_on, case.closure_reason = None, ""
        case.save(update_fields=["closed_on", "closure_reason", "updated_at"])
    set_stage(case, Stage.APPEAL, actor, "appeal.lodged", appeal=appeal.pk, late=late,
              grounds=grounds)
    if not late:
        _register_review(case, appeal, actor)
    return appeal


def _register_review(case: Case, appeal: Appeal, actor) -> None:
    rule = (Rule.INFORMAL_APPEAL_REVIEW if appeal.against.kind == Outcome.Kind.INFORMAL
            else Rule.APPEAL_REVIEW)
    register(case, rule, appeal.received_on, actor, responsible_role=Role.APPEAL_REVIEWER)


@transaction.atomic
def appeal_decide_late(*, appeal: Appeal, actor, accept: bool, reason: str) -> Appeal:
    """The reviewer decides whether the reason for lateness is good (§35, §66). If not, the
    appeal is not considered and the student gets a Completion of Procedures letter."""
    case = lock(appeal.case)
    appeal = Appeal.objects.for_institution(case.institution_id).select_for_update().get(
        pk=appeal.pk)
    enforce("late_appeal", case=case, actor=actor, obj=appeal)
    if not reason.strip():
        raise field_errors(reason="Give the reason for the decision on lateness.")
    appeal.late_decision_reason = reason.strip()
    if accept:
        appeal.status = Appeal.Status.UNDER_REVIEW
        appeal.save(update_fields=["status", "late_decision_reason"])
        record(case, actor, "appeal.late_accepted", appeal=appeal.pk)
        _register_review(case, appeal, actor)
        return appeal
    outcome = save_outcome(case=case, kind=Outcome.Kind.APPEAL,
                           result=Outcome.Result.APPEAL_REFUSED, reasons=reason.strip(),
                           actor=actor, authority="", penalties=[], on_student_record=False)
    appeal.status = Appeal.Status.REFUSED_LATE
    appeal.outcome = outcome
    appeal.save(update_fields=["status", "late_decision_reason", "outcome"])
    _close(case, "Late appeal not accepted")
    set_stage(case, Stage.CLOSED, actor, "appeal.late_refused", appeal=appeal.pk)
    cancel(case, reason="Case closed", actor=actor)
    _completion_letter(case, actor, appeal.against)
    return appeal


class AppealResult:
    CONFIRM = "confirm"
    AMEND = "amend"
    OVERTURN = "overturn"
    REFER_BACK = "refer_back"
    REHEARING = "rehearing"
    ALL = (CONFIRM, AMEND, OVERTURN, REFER_BACK, REHEARING)


#: What the one who reviews an appeal may decide, by the institution's appeal route
#: (``CaseSettings.appeal_route``). 004's designated member dismisses an appeal without
#: grounds (confirm: the student gets a Completion of Procedures letter), changes an
#: excessive penalty (amend) or fixes a procedural irregularity (refer back); any other
#: appeal with grounds goes to an appeals panel (``appeal_panels.appeal_panel_convene``).
ROUTE_RESULTS: dict[str, tuple[str, ...]] = {
    AppealRoute.COMMITTEE: AppealResult.ALL,
    AppealRoute.DESIGNATED_MEMBER: (AppealResult.CONFIRM, AppealResult.AMEND,
                                    AppealResult.REFER_BACK),
}
#: What an appeals panel may decide, having considered the appeal in full (004).
PANEL_RESULTS = (AppealResult.CONFIRM, AppealResult.AMEND, AppealResult.OVERTURN,
                 AppealResult.REFER_BACK)

RESULT_WORDS = {AppealResult.CONFIRM: "confirm", AppealResult.AMEND: "amend",
                AppealResult.OVERTURN: "overturn", AppealResult.REFER_BACK: "refer back",
                AppealResult.REHEARING: "re-hearing"}


def appeal_results(institution) -> tuple[str, ...]:
    """The decisions open to whoever reviews an appeal at ``institution``."""
    return ROUTE_RESULTS[CaseSettings.of(institution).appeal_route]


@transaction.atomic
def appeal_decide(*, appeal: Appeal, actor, result: str, reasons: str,
                  penalties: list[dict] | None = None,
                  criminal_conviction: bool = False) -> Outcome:
    """The paper review (§35, §68-69): confirm, amend or overturn the outcome (then a
    Completion of Procedures letter), refer the case back, or order a re-hearing of a Board
    case. An amended penalty stays within the power of the body whose decision it was.
    Where the institution's appeals go to a designated member (004), they may confirm,
    amend or refer back; otherwise they convene an appeals panel."""
    case = lock(appeal.case)
    appeal = Appeal.objects.for_institution(case.institution_id).select_for_update().get(
        pk=appeal.pk)
    enforce("appeal_decision", case=case, actor=actor, obj=appeal)
    allowed = appeal_results(case.institution)
    if result not in allowed:
        raise field_errors(result="Choose " + ", ".join(RESULT_WORDS[r] for r in allowed)
                           + ".")
    return conclude_appeal(case=case, appeal=appeal, actor=actor, result=result,
                           reasons=reasons, penalties=penalties,
                           criminal_conviction=criminal_conviction)


def conclude_appeal(*, case: Case, appeal: Appeal, actor, result: str, reasons: str,
                    penalties: list[dict] | None, criminal_conviction: bool) -> Outcome:
    """The decision on an appeal, by its reviewer or its appeals panel: the outcome, the
    case's next stage, and the letters. The case and the appeal are locked by the caller."""
    if not reasons.strip():
        raise field_errors(reasons="Give the reasons for the decision.")
    against = appeal.against
    if result == AppealResult.REHEARING and against.kind != Outcome.Kind.BOARD:
        raise TransitionError("A re-hearing can be ordered only when the Board decided the "
                              "case (§69).")
    if result != AppealResult.AMEND and penalties:
        raise TransitionError("Penalties change only when the outcome is amended.")
    chosen = []
    if result == AppealResult.AMEND:
        if not penalties:
            raise field_errors(penalties="Give the amended penalties.")
        chosen = penalties_check(case=case, authority=against.authority or
                                 Authority.DECISION_MAKER, penalties=penalties,
                                 criminal_conviction=criminal_conviction)
    outcome_result = {
        AppealResult.CONFIRM: Outcome.Result.CONFIRMED,
        AppealResult.AMEND: Outcome.Result.AMENDED,
        AppealResult.OVERTURN: Outcome.Result.OVERTURNED,
        AppealResult.REFER_BACK: Outcome.Result.REFERRED_BACK,
        AppealResult.REHEARING: Outcome.Result.REHEARING,
    }[result]
    on_record = result == AppealResult.AMEND and against.kind != Outcome.Kind.INFORMAL and any(
        c.penalty_type.recorded_on_file for c in chosen)
    outcome = save_outcome(case=case, kind=Outcome.Kind.APPEAL, result=outcome_result,
                           reasons=reasons.strip(), actor=actor, authority=against.authority,
                           penalties=chosen, on_student_record=on_record)
    appeal.status = Appeal.Status.DECIDED
    appeal.outcome = outcome
    appeal.save(update_fields=["status", "outcome"])
    today = timezone.localdate()
    complete(case, Rule.APPEAL_REVIEW, Rule.INFORMAL_APPEAL_REVIEW, on=today, actor=actor)
    if result in (AppealResult.AMEND, AppealResult.OVERTURN, AppealResult.REFER_BACK,
                  AppealResult.REHEARING):
        against.is_current = False
        against.save(update_fields=["is_current"])
    if result == AppealResult.OVERTURN:
        Allegation.objects.for_institution(case.institution_id).filter(case=case).update(
            finding=Allegation.Finding.NOT_PROVEN)
    if result in (AppealResult.CONFIRM, AppealResult.AMEND, AppealResult.OVERTURN):
        _close(case, f"Appeal decided: {outcome.get_result_display().lower()}")
        set_stage(case, Stage.CLOSED, actor, "appeal.decided", result=outcome_result)
        cancel(case, reason="Case closed", actor=actor)
        final = outcome if result != AppealResult.CONFIRM else against
        _completion_letter(case, actor, final)
        return outcome
    if result == AppealResult.REFER_BACK:
        stage = (Stage.INFORMAL_RESOLUTION if against.kind == Outcome.Kind.INFORMAL
                 else Stage.INVESTIGATION)
        set_stage(case, stage, actor, "appeal.decided", result=outcome_result)
        rule = Rule.INFORMAL_RESOLUTION if stage == Stage.INFORMAL_RESOLUTION \
            else Rule.INVESTIGATION_TARGET
        register(case, rule, today, actor)
    else:
        set_stage(case, Stage.BOARD_NOTICE, actor, "appeal.decided", result=outcome_result)
        register(case, Rule.BOARD_CLERK_NOTICE, today, actor, responsible_role=Role.CLERK)
    letter_issue(case=case, kind=LetterKind.APPEAL_OUTCOME, actor=actor, outcome=outcome)
    return outcome


@transaction.atomic
def case_close_no_appeal(*, case: Case, actor=None, today: dt.date | None = None) -> Case:
    """The appeal window has passed with no appeal: the matter is closed and the student told
    in writing (§66). Run by the daily task, or by staff."""
    case = lock(case)
    today = today or timezone.localdate()
    against = enforce("close_no_appeal", case=case, actor=actor,
                      today=today).appealable_outcome
    window = appeal_window(case, against) if against else None
    if window is not None and window.is_open:
        from institutions.services.deadlines import deadline_complete

        deadline_complete(deadline=window, on=window.due_date, actor=actor)
    _close(case, NO_APPEAL, on=today)
    set_stage(case, Stage.CLOSED, actor, "case.closed_no_appeal")
    cancel(case, reason="Case closed", actor=actor)
    letter_issue(case=case, kind=LetterKind.NO_APPEAL_CLOSURE, actor=actor,
                 outcome=against)
    return case


@transaction.atomic
def case_issue_completion_letter(*, case: Case, actor) -> None:
    """A Completion of Procedures letter on the student's request after a no-appeal closure
    (§66)."""
    case = lock(case)
    enforce("completion_letter", case=case, actor=actor)
    final = (Outcome.objects.for_institution(case.institution_id)
             .filter(case=case, is_current=True).order_by("-decided_on", "-pk").first())
    _completion_letter(case, actor, final)


def _completion_letter(case: Case, actor, outcome: Outcome | None) -> None:
    refusal = measures_in_force(case)
    if refusal is not None:
        raise TransitionError(refusal.message)
    letters = letter_issue(case=case, kind=LetterKind.COMPLETION_OF_PROCEDURES, actor=actor,
                           outcome=outcome)
    issued_on = letters[0].issued_on
    register(case, Rule.OIA_COMPLAINT, issued_on, actor,
             purpose="Student may complain to the OIA")


def _close(case: Case, reason: str, on: dt.date | None = None) -> None:
    case.closed_on = on or timezone.localdate()
    case.closure_reason = reason
    case.save(update_fields=["closed_on", "closure_reason", "updated_at"])
