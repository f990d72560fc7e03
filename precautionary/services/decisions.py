"""The group's risk assessment (§21) and its decision on measures (§22): proposed ->
representations invited (or skipped, with the reason: urgent, sensitive, high risk) ->
decided by the chair with reasons, the steps taken to minimise disruption to the student's
studies and the support offered -> in force. The student is told by letter (not a finding of
guilt, the right to appeal within five working days, the right to ask for a review); each
protected person is told what the order covers, never the reasons."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core.errors import field_errors
from institutions.models import Deadline

from ..errors import PrecautionaryError
from ..models import (
    Breach,
    Decision,
    Ground,
    Matter,
    MatterRole,
    Measure,
    MeasureType,
    ProtectedPerson,
    RiskAssessment,
    RiskAssessmentRequest,
    RiskLevel,
)
from ..policies import enforce
from ..procedure import APPEAL, REVIEW
from ..roles import PRECAUTIONARY_GROUP
from .common import complete, lock, record, register, register_date, set_stage
from .letters import LetterKind, issue

REPRESENTATIONS = "Representations on proposed precautionary measures (§22)"


def assessment_create(matter: Matter, actor, *, grounds, nature: str, circumstances: str,
                      police_views: str, witness_input: str, level: str,
                      review=None) -> RiskAssessment:
    """Validate and write an assessment (the caller has locked the matter and checked)."""
    problems = {}
    grounds = list(grounds or [])
    if not grounds:
        problems["grounds"] = "Choose at least one ground for precautionary measures (§20)."
    elif any(g not in Ground.values for g in grounds):
        problems["grounds"] = "Choose grounds from the list (§20)."
    if not nature.strip():
        problems["nature"] = "Describe the nature of the alleged misconduct (§21)."
    if not circumstances.strip():
        problems["circumstances"] = "Describe the circumstances of those involved (§21)."
    if level not in RiskLevel.values:
        problems["level"] = "Choose a risk level."
    if problems:
        raise field_errors(**problems)
    assessment = RiskAssessment.objects.create(
        institution=matter.institution, matter=matter, grounds=grounds, nature=nature.strip(),
        circumstances=circumstances.strip(), police_views=police_views.strip(),
        witness_input=witness_input.strip(), level=level, assessed_by=actor, review=review)
    record(matter, actor, "precautionary.risk_assessed", assessment=assessment.pk, level=level,
           grounds=grounds, review=getattr(review, "pk", None))
    return assessment


@transaction.atomic
def risk_assess(*, matter: Matter, actor, grounds, nature: str, circumstances: str,
                level: str, police_views: str = "", witness_input: str = "") -> RiskAssessment:
    matter = lock(matter)
    enforce("assess", matter=matter, actor=actor)
    assessment = assessment_create(matter, actor, grounds=grounds, nature=nature,
                                   circumstances=circumstances, police_views=police_views,
                                   witness_input=witness_input, level=level)
    matter.grounds = sorted(set(matter.grounds) | set(assessment.grounds))
    matter.save(update_fields=["grounds", "updated_at"])
    if matter.stage == Matter.Stage.REFERRED:
        set_stage(matter, Matter.Stage.ASSESSED, actor, "precautionary.stage_changed")
    return assessment


def measures_build(matter: Matter, decision: Decision, items: list[dict], *,
                   status: str = Measure.Status.PROPOSED, varies: Measure | None = None
                   ) -> list[Measure]:
    """Validate and write measures from the catalogue. Each item: ``type`` (a MeasureType
    code), ``scope``, ``conditions``, ``protected`` (ProtectedPerson ids), ``starts_on``,
    ``ends_on`` (optional)."""
    if not items:
        raise field_errors(measures="Propose at least one measure.")
    types = {t.code: t for t in MeasureType.objects.for_institution(matter.institution_id)
             .filter(is_active=True)}
    people = {p.pk: p for p in ProtectedPerson.objects.for_institution(matter.institution_id)
              .filter(matter=matter)}
    problems: dict[str, str] = {}
    for i, item in enumerate(items):
        kind = types.get(item.get("type", ""))
        if kind is None:
            problems[f"measures.{i}.type"] = "Choose a measure from the catalogue."
        if not (item.get("scope") or "").strip():
            problems[f"measures.{i}.scope"] = "Say what the measure covers (places, events, " \
                                              "people)."
        protected = list(item.get("protected") or [])
        if any(p not in people for p in protected):
            problems[f"measures.{i}.protected"] = "Choose protected people of this matter."
        elif kind is not None and kind.names_protected_people and not protected:
            problems[f"measures.{i}.protected"] = "Name the people the student must not " \
                                                  "contact."
        starts, ends = item.get("starts_on"), item.get("ends_on")
        if not isinstance(starts, dt.date):
            problems[f"measures.{i}.starts_on"] = "Give the date the measure starts."
        elif ends is not None and ends < starts:
            problems[f"measures.{i}.ends_on"] = "A measure cannot end before it starts."
    if problems:
        raise field_errors(**problems)
    out = []
    for item in items:
        measure = Measure.objects.create(
            institution=matter.institution, matter=matter, decision=decision,
            measure_type=types[item["type"]], scope=item["scope"].strip(),
            conditions=(item.get("conditions") or "").strip(), starts_on=item["starts_on"],
            ends_on=item.get("ends_on"), status=status, varies=varies)
        measure.protected.set([people[p] for p in item.get("protected") or []])
        out.append(measure)
    return out


@transaction.atomic
def measures_propose(*, matter: Matter, actor, measures: list[dict], reasons: str,
                     disruption_steps: str, support_offered: str,
                     reporting_student_support: str = "", breach: Breach | None = None
                     ) -> Decision:
    """The chair's proposed decision (§22) on the latest risk assessment. ``breach``: the
    breach or victimisation (§23) that led to it."""
    matter = lock(matter)
    enforce("propose", matter=matter, actor=actor)
    problems = {}
    if not reasons.strip():
        problems["reasons"] = "Give the reasons for the proposed measures (§22)."
    if not disruption_steps.strip():
        problems["disruption_steps"] = "Say what has been done to minimise disruption to the " \
                                       "student's studies (§22)."
    if not support_offered.strip():
        problems["support_offered"] = "Say what support is available to the student (§22)."
    if problems:
        raise field_errors(**problems)
    assessment = RiskAssessment.objects.for_institution(matter.institution_id).filter(
        matter=matter).order_by("-assessed_on", "-pk").first()
    decision = Decision.objects.create(
        institution=matter.institution, matter=matter, assessment=assessment,
        reasons=reasons.strip(), disruption_steps=disruption_steps.strip(),
        support_offered=support_offered.strip(),
        reporting_student_support=reporting_student_support.strip(), proposed_by=actor)
    built = measures_build(matter, decision, measures)
    if breach is not None:
        if breach.matter_id != matter.pk:
            raise PrecautionaryError("That breach belongs to another matter.")
        Breach.objects.for_institution(matter.institution_id).filter(pk=breach.pk).update(
            new_decision=decision, action=Breach.Action.NEW_MEASURE)
    set_stage(matter, Matter.Stage.PROPOSED, actor, "precautionary.measures_proposed",
              decision=decision.pk, measures=[m.pk for m in built],
              breach=getattr(breach, "pk", None))
    return decision


def _pending(matter: Matter) -> Decision:
    return (Decision.objects.for_institution(matter.institution_id).select_for_update()
            .get(matter=matter, status__in=(Decision.Status.PROPOSED,
                                            Decision.Status.REPRESENTATIONS)))


@transaction.atomic
def representations_invite(*, matter: Matter, actor, due: dt.date) -> Decision:
    """The student is told the proposed decision and its reasons, and may make
    representations before it is taken (§22), until ``due``."""
    matter = lock(matter)
    state = enforce("invite_representations", matter=matter, actor=actor)
    decision = _pending(matter)
    if due <= state.today:
        raise field_errors(due="Give the student until a later day to make representations.")
    decision.status = Decision.Status.REPRESENTATIONS
    decision.representations_due = due
    decision.save(update_fields=["status", "representations_due"])
    register_date(matter, purpose=REPRESENTATIONS, start=state.today, due=due,
                  description=f"until {due:%d %B %Y} (§22)", actor=actor,
                  kind=Deadline.Kind.WINDOW)
    record(matter, actor, "precautionary.representations_invited", decision=decision.pk,
           due=due)
    issue(matter, LetterKind.PROPOSAL, actor, decision=decision)
    return decision


@transaction.atomic
def representations_skip(*, matter: Matter, actor, because: str, reason: str) -> Decision:
    """No representations before the decision: only where the matter is urgent, sensitive or
    of high risk to a reporting student or others (§22); the reason is recorded."""
    matter = lock(matter)
    enforce("skip_representations", matter=matter, actor=actor)
    decision = _pending(matter)
    if because not in Decision.Skip.values:
        raise field_errors(because="Representations may be skipped only when the matter is "
                                   "urgent, sensitive or of high risk (§22).")
    if not reason.strip():
        raise field_errors(reason="Record why the student cannot make representations first.")
    decision.skipped_because = because
    decision.skip_reason = reason.strip()
    decision.save(update_fields=["skipped_because", "skip_reason"])
    record(matter, actor, "precautionary.representations_skipped", decision=decision.pk,
           because=because)
    return decision


@transaction.atomic
def representations_record(*, matter: Matter, actor, text: str,
                           received_on: dt.date) -> Decision:
    matter = lock(matter)
    state = enforce("record_representations", matter=matter, actor=actor)
    decision = _pending(matter)
    if not text.strip():
        raise field_errors(text="Record what the student said.")
    if received_on > state.today:
        raise field_errors(received_on="Representations cannot be received in the future.")
    decision.representations = text.strip()
    decision.representations_received_on = received_on
    decision.save(update_fields=["representations", "representations_received_on"])
    complete(matter, purpose=REPRESENTATIONS, on=received_on, actor=actor)
    record(matter, actor, "precautionary.representations_received", decision=decision.pk)
    return decision


@transaction.atomic
def measures_decide(*, matter: Matter, actor, reasons: str = "", disruption_steps: str = "",
                    support_offered: str = "") -> Decision:
    """The chair decides (§22): the measures come into force, the student's appeal window
    (five working days) and the next review open, and the letters go out. Reasons, steps and
    support may be restated in the light of the representations."""
    matter = lock(matter)
    state = enforce("decide", matter=matter, actor=actor)
    decision = _pending(matter)
    today = state.today
    for field, value in (("reasons", reasons), ("disruption_steps", disruption_steps),
                         ("support_offered", support_offered)):
        if value.strip():
            setattr(decision, field, value.strip())
    decision.status = Decision.Status.DECIDED
    decision.decided_by = actor
    decision.decided_on = today
    window = register(matter, APPEAL, today, actor)
    decision.appeal_due = window.due_date if window else None
    decision.save()
    complete(matter, purpose=REPRESENTATIONS, on=today, actor=actor)
    measures = list(Measure.objects.for_institution(matter.institution_id)
                    .filter(decision=decision, status=Measure.Status.PROPOSED))
    Measure.objects.for_institution(matter.institution_id).filter(
        pk__in=[m.pk for m in measures]).update(status=Measure.Status.ACTIVE)
    set_stage(matter, Matter.Stage.IN_FORCE, actor, "precautionary.measures_decided",
              decision=decision.pk, measures=[m.pk for m in measures],
              representations=("skipped: " + decision.skipped_because)
              if decision.skipped_because else "invited")
    schedule_review(matter, today, actor)
    if matter.origin_request_id:
        RiskAssessmentRequest.objects.for_institution(matter.institution_id).filter(
            pk=matter.origin_request_id).update(status=RiskAssessmentRequest.Status.DONE)
    issue(matter, LetterKind.DECISION, actor, decision=decision)
    notify_protected(matter, actor, measures)
    return decision


@transaction.atomic
def proposal_withdraw(*, matter: Matter, actor, reason: str) -> Decision:
    """The chair withdraws the pending proposal (before it is decided), with the reason: its
    measures never come into force, the student's time for representations ends, and the
    matter returns to where it was (measures already in force stay so)."""
    from .common import open_deadlines

    matter = lock(matter)
    enforce("withdraw_proposal", matter=matter, actor=actor)
    decision = _pending(matter)
    if not reason.strip():
        raise field_errors(reason="Give the reason for withdrawing the proposal.")
    decision.status = Decision.Status.WITHDRAWN
    decision.save(update_fields=["status"])
    withdrawn = list(Measure.objects.for_institution(matter.institution_id)
                     .filter(decision=decision, status=Measure.Status.PROPOSED)
                     .values_list("pk", flat=True))
    Measure.objects.for_institution(matter.institution_id).filter(pk__in=withdrawn).update(
        status=Measure.Status.WITHDRAWN, ended_on=timezone.localdate(),
        end_reason=reason.strip()[:300])
    from institutions.services.deadlines import deadline_cancel

    for deadline in open_deadlines(matter, purpose=REPRESENTATIONS):
        deadline_cancel(deadline=deadline, reason="Proposal withdrawn", actor=actor)
    in_force = Measure.objects.for_institution(matter.institution_id).filter(
        matter=matter, status=Measure.Status.ACTIVE).exists()
    decided_before = Decision.objects.for_institution(matter.institution_id).filter(
        matter=matter, status=Decision.Status.DECIDED).exists()
    stage = (Matter.Stage.IN_FORCE if in_force
             else Matter.Stage.NO_MEASURES if decided_before else Matter.Stage.ASSESSED)
    set_stage(matter, stage, actor, "precautionary.proposal_withdrawn", decision=decision.pk,
              measures=withdrawn, reason=reason.strip())
    return decision


def schedule_review(matter: Matter, start: dt.date, actor) -> Deadline | None:
    """The next review, the institution's limit for ``precautionary_review`` from ``start``
    (§22: every six weeks, calendar days, by default; each institution may change it with its
    other time limits), for the chair; the daily deadline sweep reminds them before and on the
    day, marks it missed when it passes and tells the decision maker. None when the
    institution's procedure sets no such limit."""
    from .common import cancel

    cancel(matter, REVIEW, reason="Replaced by the next review", actor=actor)
    chair = next((m.user for m in matter.members.filter(role=MatterRole.CHAIR,
                                                        ended_at__isnull=True)), None)
    return register(matter, REVIEW, start, actor, assignee=chair,
                    responsible_role=PRECAUTIONARY_GROUP)


def notify_protected(matter: Matter, actor, measures: list[Measure]) -> None:
    """Each person a measure protects is told what it covers (never the reasons)."""
    people = sorted({p.pk for m in measures for p in m.protected.all()})
    if people:
        issue(matter, LetterKind.PROTECTED_NOTICE, actor, protected=people,
              measures=[m.pk for m in measures])
