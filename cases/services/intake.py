"""Opening a case from the Alleged Misconduct Form (Appendix A) or an INAM report, and the
decision whether to proceed (§37; Leicester: within 5 working days).

Decision recorded: the decision whether to investigate (Leicester: "within five working days")
runs from the day the allegation reached the institution (``allegation_raised_on``), not from
the day someone typed the case in, so a report recorded late does not get a fresh five days.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.errors import field_errors
from core.references import next_number
from institutions.procedure import Cohort, Rule
from precautionary.services.matters import matter_refer_new_case

from ..models import (
    OUTSIDE_PROCEDURE,
    Allegation,
    Case,
    CaseCounter,
    CaseRole,
    MisconductCategory,
    MisconductType,
    Party,
    RegistrationStatus,
    Severity,
    Stage,
    Student,
)
from ..policies import enforce
from .common import (
    TransitionError,
    assign,
    cancel,
    complete,
    ensure_decision_maker,
    lock,
    record,
    register,
    require_institution_role,
    set_stage,
)

#: Who may open a case: the decision maker (§37), the informal resolution officer (§25), and
#: a support caseworker escalating a report with the reporter's consent.
MAY_OPEN = (Role.DECISION_MAKER, Role.INFORMAL_RESOLUTION_OFFICER, Role.SUPPORT_CASEWORKER)



@transaction.atomic
def case_open(
    *,
    institution,
    actor,
    respondent: dict,
    allegations: list[dict],
    allegation_raised_on: dt.date,
    summary: str,
    parties: list[dict] | None = None,
    incident_date: dt.date | None = None,
    incident_place: str = "",
    outcome_sought: str = "",
    impact: str = "",
    police_involved: bool = False,
    police_reference: str = "",
    registration_override_reason: str = "",
    related_group: str = "",
    source_report_id: int | None = None,
) -> Case:
    """Open a case against one respondent. Raises ValidationError (field -> message) for bad
    input and PermissionDenied for someone who may not open cases."""
    probe = Case(institution=institution)
    membership = require_institution_role(actor, probe, *MAY_OPEN)
    today = timezone.localdate()
    problems = {}
    if not allegations:
        problems["allegations"] = "Add at least one allegation: the type of misconduct (§24)."
    for index, item in enumerate(allegations):
        for key, choices in (("misconduct_type", MisconductType), ("category",
                             MisconductCategory), ("severity", Severity)):
            if item.get(key) not in choices.values:
                problems[f"allegations.{index}.{key}"] = f"Choose a valid {key.replace('_', ' ')}."
        if not (item.get("description") or "").strip():
            problems[f"allegations.{index}.description"] = "Describe the alleged misconduct."
    if allegation_raised_on > today:
        problems["allegation_raised_on"] = "The allegation cannot be raised in the future."
    if incident_date and incident_date > today:
        problems["incident_date"] = "The incident cannot be in the future."
    if not summary.strip():
        problems["summary"] = "Summarise what happened, where, who was involved and the " \
                              "outcome sought."
    student_id = (respondent.get("student_id") or "").strip()
    if not student_id:
        problems["respondent.student_id"] = "Enter the reported student's ID."
    for key in ("given_name", "family_name"):
        if not (respondent.get(key) or "").strip():
            problems[f"respondent.{key}"] = "Enter the reported student's name."
    status = respondent.get("registration_status") or RegistrationStatus.REGISTERED
    cohort = respondent.get("cohort") or Cohort.STANDARD
    if status not in RegistrationStatus.values:
        problems["respondent.registration_status"] = "Choose a registration status."
    if cohort not in Cohort.values:
        problems["respondent.cohort"] = "Choose a cohort."
    elif status in OUTSIDE_PROCEDURE:
        label = RegistrationStatus(status).label.lower()
        if not registration_override_reason.strip():
            problems["registration_override_reason"] = (
                f"The procedure does not normally apply to a student who is {label} (§4.3). "
                "A decision maker must record why it should apply here (§9)."
            )
        elif not membership.has_role(Role.DECISION_MAKER):
            problems["registration_override_reason"] = (
                f"Only the {institution.role_label(Role.DECISION_MAKER)} can apply the "
                f"procedure to a student who is {label}."
            )
    for index, party in enumerate(parties or []):
        if party.get("kind") not in Party.Kind.values:
            problems[f"parties.{index}.kind"] = "Choose reporting party or witness."
        if not (party.get("name") or "").strip():
            problems[f"parties.{index}.name"] = "Enter the person's name."
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})

    student = _student_upsert(institution, student_id, respondent, status, cohort)
    severity = Severity.MAJOR if any(a["severity"] == Severity.MAJOR for a in allegations) \
        else Severity.MINOR
    case = Case.objects.create(
        institution=institution,
        reference=_next_reference(institution, today.year),
        respondent=student,
        cohort=cohort,
        severity=severity,
        allegation_raised_on=allegation_raised_on,
        incident_date=incident_date,
        incident_place=incident_place.strip(),
        summary=summary.strip(),
        outcome_sought=outcome_sought.strip(),
        impact=impact.strip(),
        police_involved=police_involved,
        police_reference=police_reference.strip(),
        registration_override_reason=registration_override_reason.strip(),
        related_group=related_group,
        source_report_id=source_report_id,
        opened_by=actor,
    )
    for item in allegations:
        Allegation.objects.create(
            institution=institution, case=case, misconduct_type=item["misconduct_type"],
            category=item["category"], severity=item["severity"],
            description=item["description"].strip())
    for party in parties or []:
        Party.objects.create(
            institution=institution, case=case, kind=party["kind"], name=party["name"].strip(),
            email=(party.get("email") or "").strip().lower(),
            phone=(party.get("phone") or "").strip(),
            student_id=(party.get("student_id") or "").strip(),
            is_staff_member=bool(party.get("is_staff_member")),
            identity_withheld=bool(party.get("identity_withheld")),
            notes=(party.get("notes") or "").strip())
    record(case, actor, "case.opened", reference=case.reference, stage=case.stage,
           cohort=cohort, severity=severity, allegations=len(allegations),
           parties=len(parties or []), registration_override=bool(
               registration_override_reason.strip()))
    if membership.has_role(Role.SUPPORT_CASEWORKER) and not membership.has_role(
            Role.DECISION_MAKER):
        assign(case=case, user=actor, role=CaseRole.CASEWORKER, by=actor)
    elif membership.has_role(Role.INFORMAL_RESOLUTION_OFFICER) and not membership.has_role(
            Role.DECISION_MAKER):
        assign(case=case, user=actor, role=CaseRole.INFORMAL_OFFICER, by=actor)
    register(case, Rule.DECISION_TO_INVESTIGATE, allegation_raised_on, actor,
             responsible_role=Role.DECISION_MAKER)
    register(case, Rule.FORMAL_TARGET, allegation_raised_on, actor,
             responsible_role=Role.DECISION_MAKER)
    # Where every conduct case goes to the group (Midshire, 004), in this transaction.
    matter_refer_new_case(case=case, actor=actor)
    return case


def _student_upsert(institution, student_id, data, status, cohort) -> Student:
    values = {
        "given_name": data["given_name"].strip(),
        "family_name": data["family_name"].strip(),
        "email": (data.get("email") or "").strip().lower(),
        "phone": (data.get("phone") or "").strip(),
        "address": (data.get("address") or "").strip(),
        "programme": (data.get("programme") or "").strip(),
        "cohort": cohort,
        "registration_status": status,
    }
    student, _ = Student.objects.for_institution(institution).update_or_create(
        institution=institution, student_id=student_id, defaults=values)
    return student


def _next_reference(institution, year: int) -> str:
    return f"{institution.slug.upper()}-{year}-{next_number(CaseCounter, institution, year):04d}"


class Route:
    INFORMAL = "informal"
    FORMAL = "formal"
    REFER = "refer"
    NO_ACTION = "no_action"
    ALL = (INFORMAL, FORMAL, REFER, NO_ACTION)


@transaction.atomic
def case_decide_intake(*, case: Case, actor, route: str, reasons: str,
                       police_alerted: bool = False, referred_to: str = "") -> Case:
    """The decision whether and how to proceed (§27, §37). Informal resolution is only for
    minor misconduct (§25)."""
    case = lock(case)
    state = enforce("intake", case=case, actor=actor)
    if route not in Route.ALL:
        raise field_errors(route="Choose informal resolution, formal investigation, referral or "
                            "no action.")
    if not reasons.strip():
        raise field_errors(reasons="Give the reasons for the decision.")
    if route == Route.REFER and not referred_to.strip():
        raise field_errors(referred_to="Say where the case is referred (e.g. HR, the Residences "
                                  "procedure, the police).")
    today = timezone.localdate()
    if route == Route.INFORMAL:
        if case.severity == Severity.MAJOR:
            raise TransitionError(
                "Informal resolution is for minor misconduct (§25); this case has a major "
                "allegation. Choose formal investigation.")
        if state.has(Role.DECISION_MAKER):
            ensure_decision_maker(actor, case)
        set_stage(case, Stage.INFORMAL_RESOLUTION, actor, "case.intake_decided", route=route,
                  reasons=reasons)
        register(case, Rule.INFORMAL_RESOLUTION, case.allegation_raised_on, actor,
                 responsible_role=Role.INFORMAL_RESOLUTION_OFFICER)
    else:
        ensure_decision_maker(actor, case)
        # The decision is made: its deadline is met (or recorded late) before a closing route
        # cancels what is left.
        complete(case, Rule.DECISION_TO_INVESTIGATE, on=today, actor=actor)
        if route == Route.FORMAL:
            set_stage(case, Stage.INVESTIGATION, actor, "case.intake_decided", route=route,
                      reasons=reasons, police_alerted=police_alerted)
            register(case, Rule.INVESTIGATION_TARGET, today, actor,
                     responsible_role=Role.INVESTIGATOR)
        elif route == Route.REFER:
            case.referred_to = referred_to.strip()
            _close(case, today, f"Referred to {case.referred_to}")
            set_stage(case, Stage.REFERRED, actor, "case.intake_decided", route=route,
                      reasons=reasons, referred_to=case.referred_to)
            cancel(case, reason="Case referred elsewhere", actor=actor)
        else:
            _close(case, today, "No action")
            set_stage(case, Stage.NO_ACTION, actor, "case.intake_decided", route=route,
                      reasons=reasons)
            cancel(case, reason="No action taken", actor=actor)
    if police_alerted and not case.police_alerted:
        case.police_alerted = True
        case.police_involved = True
        case.save(update_fields=["police_alerted", "police_involved", "updated_at"])
    complete(case, Rule.DECISION_TO_INVESTIGATE, on=today, actor=actor)
    return case


def _close(case: Case, on: dt.date, reason: str) -> None:
    case.closed_on = on
    case.closure_reason = reason
    case.save(update_fields=["closed_on", "closure_reason", "referred_to", "updated_at"])
