"""004's appeals panel: the designated member, finding grounds for an appeal they do not
settle themselves, convenes a panel of three people with no previous involvement in the case,
which considers the appeal in full and decides it with reasons. Whether an institution has
this route is its configuration (``CaseSettings.appeal_route``), checked by the policies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import members_with_role
from core.errors import field_errors
from institutions.procedure import Rule

from ..conflicts import appointment_conflicts
from ..models import Appeal, AppealPanel, AppealPanelMember, Case, CaseRole, Outcome
from ..policies import enforce
from .appeals import PANEL_RESULTS, RESULT_WORDS, conclude_appeal
from .common import assign, case_role_label, complete, lock, record

#: 004: "The panel will be made up of three people who have had no previous involvement with
#: the case": a chair and two members.
PANEL_MEMBERS = 2


def _lock_appeal(case: Case, appeal: Appeal) -> Appeal:
    return Appeal.objects.for_institution(case.institution_id).select_for_update().get(
        pk=appeal.pk)


@transaction.atomic
def appeal_panel_convene(*, appeal: Appeal, actor, chair, members: list,
                         reasons: str) -> AppealPanel:
    """The designated member convenes an appeals panel (004): a chair and two members, each
    with current training and no previous involvement in the case or conflict of interest
    (checked as for the Student Discipline Panel). The designated member's review is then
    done; the panel decides the appeal."""
    case = lock(appeal.case)
    appeal = _lock_appeal(case, appeal)
    enforce("appeal_panel_convene", case=case, actor=actor, obj=appeal)
    problems: dict[str, str] = {}
    if not reasons.strip():
        problems["reasons"] = "Say what grounds you found for the panel to consider."
    if chair is None:
        problems["chair"] = "Choose the chair of the appeals panel."
    members = [m for m in members if m is not None]
    if len(members) != PANEL_MEMBERS or len({m.pk for m in members}) != PANEL_MEMBERS:
        problems["members"] = "Choose two different members: the panel is three people."
    elif chair is not None and chair.pk in {m.pk for m in members}:
        problems["members"] = "The chair is not also one of the two members."
    places = [(chair, CaseRole.APPEAL_PANEL_CHAIR, "chair")] if chair is not None else []
    places += [(m, CaseRole.APPEAL_PANEL_MEMBER, "members") for m in members]
    for user, role, field in places:
        if field in problems:
            continue
        reasons_not = appointment_conflicts(user=user, case=case, role=role)
        if user.pk == actor.pk:
            reasons_not = ["is the designated member who reviewed the appeal",
                           *reasons_not]
        if reasons_not:
            problems[field] = (f"{user} cannot be {case_role_label(case, role)}: "
                               + "; ".join(reasons_not) + ".")
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    today = timezone.localdate()
    panel = AppealPanel.objects.create(
        institution=case.institution, case=case, appeal=appeal, convened_on=today,
        convened_by=actor, referral_reasons=reasons.strip())
    for user, role, _field in places:
        assignment = assign(case=case, user=user, role=role, by=actor)
        AppealPanelMember.objects.create(
            institution=case.institution, panel=panel, user=user, assignment=assignment,
            place=(AppealPanelMember.Place.CHAIR if role == CaseRole.APPEAL_PANEL_CHAIR
                   else AppealPanelMember.Place.MEMBER))
    appeal.status = Appeal.Status.PANEL
    appeal.save(update_fields=["status"])
    complete(case, Rule.APPEAL_REVIEW, Rule.INFORMAL_APPEAL_REVIEW, on=today, actor=actor)
    record(case, actor, "appeal.panel_convened", appeal=appeal.pk, panel=panel.pk,
           members=[u.email for u, _r, _f in places])
    return panel


@transaction.atomic
def appeal_panel_decide(*, appeal: Appeal, actor, result: str, reasons: str,
                        penalties: list[dict] | None = None,
                        criminal_conviction: bool = False) -> Outcome:
    """The chair records the appeals panel's decision and its reasons (004): confirm the
    outcome, amend the penalty (within the power of the body whose decision it was),
    overturn it (each closes the case with a Completion of Procedures letter), or refer the
    case back (an appeal outcome letter)."""
    case = lock(appeal.case)
    appeal = _lock_appeal(case, appeal)
    enforce("appeal_panel_decision", case=case, actor=actor, obj=appeal)
    if result not in PANEL_RESULTS:
        raise field_errors(result="Choose " + ", ".join(RESULT_WORDS[r] for r in PANEL_RESULTS)
                           + ".")
    panel = AppealPanel.objects.for_institution(case.institution_id).select_for_update() \
        .get(appeal=appeal)
    outcome = conclude_appeal(case=case, appeal=appeal, actor=actor, result=result,
                              reasons=reasons, penalties=penalties,
                              criminal_conviction=criminal_conviction)
    panel.status = AppealPanel.Status.DECIDED
    panel.result, panel.reasons = result, reasons.strip()
    panel.decided_on, panel.decided_by, panel.outcome = outcome.decided_on, actor, outcome
    panel.save(update_fields=["status", "result", "reasons", "decided_on", "decided_by",
                              "outcome"])
    record(case, actor, "appeal.panel_decided", appeal=appeal.pk, panel=panel.pk,
           result=result)
    return outcome


def panel_candidates(case: Case) -> tuple[list, list]:
    """Who may be offered a place on the panel: the institution's panel members with nothing
    that stops them (training, involvement, a declared relationship); and those who may not,
    with the reasons. The service checks each again."""
    eligible, unavailable = [], []
    for membership in members_with_role(institution=case.institution, role=Role.BOARD_MEMBER):
        reasons = appointment_conflicts(user=membership.user, case=case,
                                        role=CaseRole.APPEAL_PANEL_MEMBER)
        (unavailable.append((membership.user, reasons)) if reasons
         else eligible.append(membership.user))
    return eligible, unavailable
