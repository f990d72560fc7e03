"""Deciding a stage: the informal outcome (§30-33) and the formal decision (§45-51)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.errors import field_errors
from institutions.procedure import Rule

from ..models import (
    Allegation,
    Authority,
    Case,
    CaseSettings,
    ImposedPenalty,
    LetterKind,
    Outcome,
    Stage,
)
from ..policies import enforce
from .alumni import alumni_notify
from .common import (
    TransitionError,
    cancel,
    complete,
    ensure_decision_maker,
    lock,
    register,
    set_stage,
)
from .letters import letter_issue
from .penalties import PenaltyChoice, penalties_check


def save_outcome(*, case: Case, kind: str, result: str, reasons: str, actor, authority: str,
                 penalties: list[PenaltyChoice], on_student_record: bool, **extra) -> Outcome:
    outcome = Outcome.objects.create(
        institution=case.institution, case=case, kind=kind, result=result, reasons=reasons,
        decided_by=actor, authority=authority, on_student_record=on_student_record, **extra)
    for choice in penalties:
        ImposedPenalty.objects.create(
            institution=case.institution, outcome=outcome, penalty_type=choice.penalty_type,
            amount=choice.amount, details=choice.details)
    # §63: the alumni team is told of every penalty, at any stage, that ends privileges.
    alumni_notify(case=case, outcome=outcome, actor=actor,
                  penalty_types=[c.penalty_type for c in penalties])
    return outcome


def _set_findings(case: Case, finding: str) -> None:
    Allegation.objects.for_institution(case.institution_id).filter(case=case).update(
        finding=finding)


@transaction.atomic
def informal_refer_to_formal(*, case: Case, actor, reason: str) -> Case:
    """§27, §29, §32: the informal officer passes the case to the formal stage."""
    case = lock(case)
    enforce("refer_to_formal", case=case, actor=actor)
    if not reason.strip():
        raise field_errors(reason="Say why the case needs the formal stage.")
    set_stage(case, Stage.INVESTIGATION, actor, "case.referred_to_formal", reason=reason)
    cancel(case, Rule.INFORMAL_RESOLUTION, reason="Referred to the formal stage", actor=actor)
    register(case, Rule.INVESTIGATION_TARGET, timezone.localdate(), actor,
             responsible_role=Role.INVESTIGATOR)
    return case


@transaction.atomic
def informal_outcome(*, case: Case, actor, misconduct_found: bool, reasons: str,
                     actions_taken: str, penalties: list[dict] | None = None) -> Outcome:
    """The informal officer's report (§30): never recorded on the student's file (§31). If
    misconduct is found the student may appeal (§33).

    The 60-day target of §44 covers "the informal resolution stage (if applicable) and formal
    resolution stage": a case resolved informally has completed the procedure's resolution, so
    the target is met (or recorded late) here rather than left running to be "missed"."""
    case = lock(case)
    enforce("informal_outcome", case=case, actor=actor)
    if not reasons.strip():
        raise field_errors(reasons="Give the reasons for the outcome.")
    if not actions_taken.strip():
        raise field_errors(actions_taken="Record the actions taken to resolve the case (§30).")
    if not misconduct_found and penalties:
        raise TransitionError("No penalty can follow when no misconduct was found.")
    # Whose power: the informal officer's (002 §49), or where the institution's sanctions
    # table says so, the Head of School's or their nominee's (004).
    authority = CaseSettings.of(case.institution).informal_authority
    chosen = penalties_check(case=case, authority=authority, penalties=penalties or [])
    today = timezone.localdate()
    outcome = save_outcome(
        case=case, kind=Outcome.Kind.INFORMAL,
        result=Outcome.Result.MISCONDUCT if misconduct_found else Outcome.Result.NO_MISCONDUCT,
        reasons=f"{reasons.strip()}\n\nActions taken: {actions_taken.strip()}", actor=actor,
        authority=authority, penalties=chosen, on_student_record=False)
    _set_findings(case, Allegation.Finding.PROVEN if misconduct_found
                  else Allegation.Finding.NOT_PROVEN)
    complete(case, Rule.INFORMAL_RESOLUTION, Rule.FORMAL_TARGET, on=today, actor=actor)
    if misconduct_found:
        set_stage(case, Stage.INFORMAL_OUTCOME, actor, "case.informal_outcome",
                  result=outcome.result, penalties=[c.penalty_type.code for c in chosen])
        register(case, Rule.INFORMAL_APPEAL_WINDOW, today, actor)
    else:
        _close(case, today, "No misconduct found at informal resolution")
        set_stage(case, Stage.CLOSED, actor, "case.informal_outcome", result=outcome.result)
        cancel(case, reason="Case closed", actor=actor)
    letter_issue(case=case, kind=LetterKind.INFORMAL_OUTCOME, actor=actor, outcome=outcome,
                 to_reporting_parties=True)
    return outcome


class FormalResult:
    DISMISS = "dismiss"
    REFER = "refer"
    UPHOLD = "uphold"
    REFER_TO_BOARD = "refer_to_board"
    ALL = (DISMISS, REFER, UPHOLD, REFER_TO_BOARD)


@transaction.atomic
def formal_decide(*, case: Case, actor, result: str, reasons: str,
                  penalties: list[dict] | None = None, referred_to: str = "",
                  considered_previous_record: bool = False, admitted: bool = False,
                  mitigation: str = "", criminal_conviction: bool = False) -> Outcome:
    """The decision maker's decision at the end of the investigation (§45-51), on the balance
    of probabilities (§46), having considered the previous record (§47-48)."""
    case = lock(case)
    enforce("formal_decision", case=case, actor=actor)
    ensure_decision_maker(actor, case)
    if result not in FormalResult.ALL:
        raise field_errors(result="Choose dismiss, refer, uphold or refer to the Board.")
    if not reasons.strip():
        raise field_errors(reasons="Give the reasons for the decision (§50).")
    if result != FormalResult.UPHOLD and penalties:
        raise TransitionError("Penalties go with upholding the allegation only.")
    if result == FormalResult.REFER and not referred_to.strip():
        raise field_errors(referred_to="Say which procedure the case is referred to.")
    today = timezone.localdate()
    chosen: list[PenaltyChoice] = []
    if result == FormalResult.UPHOLD:
        if not considered_previous_record:
            raise field_errors(considered_previous_record=(
                "Confirm that you considered the student's previous disciplinary record, "
                "admission, conduct and mitigation (§47)."))
        chosen = penalties_check(case=case, authority=Authority.DECISION_MAKER,
                                 penalties=penalties or [],
                                 criminal_conviction=criminal_conviction)
    outcome_result = {
        FormalResult.DISMISS: Outcome.Result.DISMISSED,
        FormalResult.REFER: Outcome.Result.REFERRED,
        FormalResult.UPHOLD: Outcome.Result.UPHELD,
        FormalResult.REFER_TO_BOARD: Outcome.Result.REFERRED_TO_BOARD,
    }[result]
    on_record = result == FormalResult.UPHOLD and (
        not chosen or any(c.penalty_type.recorded_on_file for c in chosen))
    outcome = save_outcome(
        case=case, kind=Outcome.Kind.FORMAL, result=outcome_result, reasons=reasons.strip(),
        actor=actor, authority=Authority.DECISION_MAKER, penalties=chosen,
        on_student_record=on_record, considered_previous_record=considered_previous_record,
        admitted=admitted, mitigation=mitigation.strip())
    complete(case, Rule.FORMAL_TARGET, Rule.INVESTIGATION_TARGET, on=today, actor=actor)
    if result == FormalResult.DISMISS:
        _set_findings(case, Allegation.Finding.NOT_PROVEN)
        _close(case, today, "Allegation dismissed")
        set_stage(case, Stage.CLOSED, actor, "case.formal_decided", result=outcome_result)
        cancel(case, reason="Case closed", actor=actor)
    elif result == FormalResult.REFER:
        case.referred_to = referred_to.strip()
        _close(case, today, f"Referred to {case.referred_to}")
        set_stage(case, Stage.REFERRED, actor, "case.formal_decided", result=outcome_result,
                  referred_to=case.referred_to)
        cancel(case, reason="Case referred", actor=actor)
    elif result == FormalResult.UPHOLD:
        _set_findings(case, Allegation.Finding.PROVEN)
        set_stage(case, Stage.FORMAL_OUTCOME, actor, "case.formal_decided",
                  result=outcome_result, penalties=[c.penalty_type.code for c in chosen])
        register(case, Rule.APPEAL_WINDOW, today, actor)
    else:
        set_stage(case, Stage.BOARD_NOTICE, actor, "case.formal_decided", result=outcome_result)
        register(case, Rule.BOARD_CLERK_NOTICE, today, actor, responsible_role=Role.CLERK)
    if result != FormalResult.REFER_TO_BOARD:
        letter_issue(case=case, kind=LetterKind.FORMAL_DECISION, actor=actor, outcome=outcome,
                     to_reporting_parties=True)
    return outcome


def _close(case: Case, on, reason: str) -> None:
    case.closed_on = on
    case.closure_reason = reason
    case.save(update_fields=["closed_on", "closure_reason", "referred_to", "updated_at"])
