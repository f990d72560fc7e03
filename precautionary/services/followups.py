"""After the decision (002 §22-23): the student's appeal, reviews, need-to-know sharing,
breaches and victimisation, and the end of measures (lifted, expired, or ended with the case)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.errors import field_errors

from ..errors import PrecautionaryError
from ..models import (
    Appeal,
    Breach,
    Decision,
    Matter,
    MatterRole,
    Measure,
    Review,
    RiskLevel,
    Share,
)
from ..policies import enforce
from ..procedure import APPEAL, APPEAL_RESPONSE, REVIEW
from .common import cancel, complete, lock, record, register, set_stage
from .decisions import assessment_create, notify_protected, schedule_review
from .letters import LetterKind, issue
from .matters import _appoint


def _active(matter: Matter) -> list[Measure]:
    return list(Measure.objects.for_institution(matter.institution_id)
                .select_for_update(of=("self",)).filter(matter=matter,
                                                        status=Measure.Status.ACTIVE))


def _end(measures: list[Measure], status: str, reason: str, on: dt.date) -> None:
    for measure in measures:
        measure.status = status
        measure.ended_on = on
        measure.end_reason = reason[:300]
        measure.save(update_fields=["status", "ended_on", "end_reason"])


def _after_ending(matter: Matter, actor, on: dt.date) -> None:
    """No measure left in force: no more reviews; the matter shows no measures in force."""
    if not Measure.objects.for_institution(matter.institution_id).filter(
            matter=matter, status=Measure.Status.ACTIVE).exists():
        cancel(matter, REVIEW, reason="No measures in force", actor=actor)
        set_stage(matter, Matter.Stage.NO_MEASURES, actor, "precautionary.stage_changed")


def _vary(matter: Matter, decision: Decision, variations: list[dict], actor,
          on: dt.date) -> list[Measure]:
    """Each variation: ``measure`` (id of one in force) and any of scope, conditions,
    ends_on. The measure is ended as varied and a new version comes into force."""
    if not variations:
        raise field_errors(variations="Say how the measures are varied.")
    active = {m.pk: m for m in _active(matter)}
    new = []
    for i, item in enumerate(variations):
        old = active.get(int(item.get("measure") or 0))
        if old is None:
            raise field_errors(**{f"variations.{i}.measure": "Choose a measure in force."})
        varied = Measure.objects.create(
            institution=matter.institution, matter=matter, decision=decision,
            measure_type=old.measure_type, scope=(item.get("scope") or old.scope).strip(),
            conditions=(item.get("conditions") if "conditions" in item
                        else old.conditions) or "",
            starts_on=on, ends_on=item.get("ends_on", old.ends_on),
            status=Measure.Status.ACTIVE, varies=old)
        varied.protected.set(old.protected.all())
        _end([old], Measure.Status.VARIED, "Varied", on)
        new.append(varied)
    return new


# -- appeal (§22) ---------------------------------------------------------------------------
@transaction.atomic
def appeal_lodge(*, matter: Matter, actor, received_on: dt.date, grounds: str, reviewer,
                 late_reason: str = "") -> Appeal:
    """The student's written appeal, within five working days of the decision (§22); a late
    one needs the student's reason. ``reviewer``: the nominated member of the Management
    Committee (or the institution's equivalent), with no prior involvement in the matter."""
    matter = lock(matter)
    state = enforce("appeal_lodge", matter=matter, actor=actor)
    decision = state.last_decided
    assert decision is not None  # noqa: S101 - the policy requires it
    problems = {}
    if not grounds.strip():
        problems["grounds"] = "Record what the student appeals against and why."
    if received_on > state.today:
        problems["received_on"] = "An appeal cannot be received in the future."
    due = decision.appeal_due or decision.decided_on or state.today
    late = received_on > due
    if late and not late_reason.strip():
        problems["late_reason"] = (
            f"This appeal arrived after the window closed on {due:%A %d %B %Y}. Record the "
            "student's reason for lateness.")
    if problems:
        raise field_errors(**problems)
    _appoint(matter, user=reviewer, role=MatterRole.APPEAL_REVIEWER, by=actor)
    appeal = Appeal.objects.create(
        institution=matter.institution, matter=matter, decision=decision,
        received_on=received_on, grounds=grounds.strip(), window_due=due, is_late=late,
        late_reason=late_reason.strip(), reviewer=reviewer, recorded_by=actor)
    complete(matter, APPEAL, on=received_on, actor=actor)
    register(matter, APPEAL_RESPONSE, received_on, actor, assignee=reviewer,
             responsible_role=Role.APPEAL_REVIEWER)
    record(matter, actor, "precautionary.appeal_lodged", appeal=appeal.pk, late=late,
           reviewer=reviewer.email)
    return appeal


@transaction.atomic
def appeal_decide(*, appeal: Appeal, actor, result: str, reasons: str,
                  variations: list[dict] | None = None) -> Appeal:
    """The reviewer answers within five working days (§22): upheld, varied or lifted, with
    reasons; a late appeal without a good reason is not considered. The student is told by
    letter."""
    matter = lock(appeal.matter)
    appeal = Appeal.objects.for_institution(matter.institution_id).select_for_update().get(
        pk=appeal.pk, matter=matter)
    state = enforce("appeal_decide", matter=matter, actor=actor, obj=appeal)
    if result not in Appeal.Result.values:
        raise field_errors(result="Choose upheld, varied or lifted.")
    if result == Appeal.Result.LATE_REFUSED and not appeal.is_late:
        raise field_errors(result="This appeal was on time: decide it on its merits.")
    if not reasons.strip():
        raise field_errors(reasons="Give the reasons for the decision.")
    today = state.today
    varied: list[Measure] = []
    if result == Appeal.Result.VARIED:
        varied = _vary(matter, appeal.decision, variations or [], actor, today)
    elif result == Appeal.Result.LIFTED:
        _end(_active(matter), Measure.Status.LIFTED, "Lifted on appeal", today)
    appeal.status = Appeal.Status.DECIDED
    appeal.result = result
    appeal.reasons = reasons.strip()
    appeal.decided_on = today
    appeal.save(update_fields=["status", "result", "reasons", "decided_on"])
    complete(matter, APPEAL_RESPONSE, on=today, actor=actor)
    record(matter, actor, "precautionary.appeal_decided", appeal=appeal.pk, result=result,
           varied=[m.pk for m in varied])
    if result == Appeal.Result.LIFTED:
        _after_ending(matter, actor, today)
    issue(matter, LetterKind.APPEAL_OUTCOME, actor, appeal=appeal)
    if varied:
        notify_protected(matter, actor, varied)
    return appeal


# -- reviews (§22) --------------------------------------------------------------------------
@transaction.atomic
def review_request(*, matter: Matter, actor, material_change: str,
                   requested_on: dt.date) -> Review:
    """The student asks for a review after a material change in the circumstances (§22)."""
    matter = lock(matter)
    state = enforce("review_request", matter=matter, actor=actor)
    if not material_change.strip():
        raise field_errors(material_change="Describe the material change.")
    if requested_on > state.today:
        raise field_errors(requested_on="A request cannot be made in the future.")
    review = Review.objects.create(institution=matter.institution, matter=matter,
                                   kind=Review.Kind.MATERIAL_CHANGE, requested_on=requested_on,
                                   material_change=material_change.strip())
    record(matter, actor, "precautionary.review_requested", review=review.pk)
    return review


@transaction.atomic
def measures_review(*, matter: Matter, actor, result: str, reasons: str, assessment: dict,
                    variations: list[dict] | None = None) -> Review:
    """A review (scheduled, or the one asked for): the risk reassessed (``assessment``: grounds,
    nature, circumstances, level, police_views, witness_input), and the measures continued,
    varied or lifted with reasons. The next review is due the institution's review interval
    (its ``precautionary_review`` time limit) later."""
    matter = lock(matter)
    state = enforce("review", matter=matter, actor=actor)
    if result not in Review.Result.values:
        raise field_errors(result="Choose continue, vary or lift.")
    if not reasons.strip():
        raise field_errors(reasons="Give the reasons for the review's outcome.")
    if assessment.get("level") not in RiskLevel.values:
        raise field_errors(level="Give the new risk level.")
    today = state.today
    review = state.requested_review or Review(institution=matter.institution, matter=matter,
                                              kind=Review.Kind.SCHEDULED)
    review.held_on = today
    review.result = result
    review.reasons = reasons.strip()
    review.risk_level = assessment["level"]
    review.reviewed_by = actor
    review.save()
    assessment_create(matter, actor, grounds=assessment.get("grounds") or matter.grounds,
                      nature=assessment.get("nature", ""),
                      circumstances=assessment.get("circumstances", ""),
                      police_views=assessment.get("police_views", ""),
                      witness_input=assessment.get("witness_input", ""),
                      level=assessment["level"], review=review)
    varied: list[Measure] = []
    if result == Review.Result.VARY:
        decision = state.last_decided
        assert decision is not None  # noqa: S101 - measures in force came from a decision
        varied = _vary(matter, decision, variations or [], actor, today)
    elif result == Review.Result.LIFT:
        _end(_active(matter), Measure.Status.LIFTED, "Lifted on review", today)
    complete(matter, REVIEW, on=today, actor=actor)
    record(matter, actor, "precautionary.reviewed", review=review.pk, result=result,
           level=review.risk_level, kind=review.kind)
    if result == Review.Result.LIFT:
        _after_ending(matter, actor, today)
    else:
        schedule_review(matter, today, actor)
    if result != Review.Result.CONTINUE:
        issue(matter, LetterKind.REVIEW_OUTCOME, actor, review=review)
    if varied:
        notify_protected(matter, actor, varied)
    return review


# -- need-to-know sharing (§22, §38) --------------------------------------------------------
@transaction.atomic
def measures_share(*, matter: Matter, actor, recipient_kind: str, recipient: str,
                   shared_on: dt.date | None = None, measure_ids: list[int] | None = None
                   ) -> Share:
    """Record who was told of the measures, and when. They are given only the measures and
    their scope (kept as ``content``), never the reasons, the assessment or the allegation."""
    matter = lock(matter)
    state = enforce("share", matter=matter, actor=actor)
    if recipient_kind not in Share.Recipient.values:
        raise field_errors(recipient_kind="Choose who is told.")
    if not recipient.strip():
        raise field_errors(recipient="Name the person or team told.")
    shared_on = shared_on or state.today
    if shared_on > state.today:
        raise field_errors(shared_on="Sharing cannot be recorded in the future.")
    measures = [m for m in state.active_measures
                if measure_ids is None or m.pk in measure_ids]
    if not measures:
        raise field_errors(measure_ids="Choose measures in force.")
    share = Share.objects.create(
        institution=matter.institution, matter=matter, recipient_kind=recipient_kind,
        recipient=recipient.strip(), shared_on=shared_on, shared_by=actor,
        content=[{"type": m.measure_type.name, "scope": m.scope,
                  "starts_on": m.starts_on.isoformat(),
                  "ends_on": m.ends_on.isoformat() if m.ends_on else None}
                 for m in measures])
    share.measures.set(measures)
    record(matter, actor, "precautionary.shared", share=share.pk, recipient_kind=recipient_kind,
           measures=[m.pk for m in measures])
    return share


# -- breaches and victimisation (§23) -------------------------------------------------------
@transaction.atomic
def breach_record(*, matter: Matter, actor, kind: str, occurred_on: dt.date, description: str,
                  measure: Measure | None = None, person_affected: str = "",
                  action: str = Breach.Action.NONE) -> Breach:
    """A breach of a measure, or victimisation of anyone involved (§23). It may lead to new
    measures (the chair proposes them with ``measures_propose(breach=...)``) or a new
    allegation on the case."""
    matter = lock(matter)
    state = enforce("breach", matter=matter, actor=actor)
    problems = {}
    if kind not in Breach.Kind.values:
        problems["kind"] = "Choose a breach of a measure or victimisation."
    if not description.strip():
        problems["description"] = "Describe what happened."
    if occurred_on > state.today:
        problems["occurred_on"] = "It cannot have happened in the future."
    if action not in Breach.Action.values:
        problems["action"] = "Choose what follows."
    if kind == Breach.Kind.BREACH and measure is None:
        problems["measure"] = "Say which measure was breached."
    if measure is not None and measure.matter_id != matter.pk:
        problems["measure"] = "Choose a measure of this matter."
    if problems:
        raise field_errors(**problems)
    breach = Breach.objects.create(
        institution=matter.institution, matter=matter, kind=kind, measure=measure,
        person_affected=person_affected.strip(), occurred_on=occurred_on,
        description=description.strip(), action=action, recorded_by=actor)
    record(matter, actor, "precautionary.breach_recorded", breach=breach.pk, kind=kind,
           follow_up=action, measure=getattr(measure, "pk", None))
    return breach


def breach_refer_as_allegation(*, breach: Breach, actor, case_reference: str,
                               allegation_id: int) -> Breach:
    """The breach or victimisation became a new allegation on the linked case (§23). Called by
    ``cases.services.allegations.case_allegation_from_breach`` in its transaction, after it has
    checked the case's policy; here the matter's (``breach``: recording one, while open)."""
    matter = lock(breach.matter)
    enforce("breach", matter=matter, actor=actor)
    breach = Breach.objects.for_institution(matter.institution_id).select_for_update().get(
        pk=breach.pk, matter=matter)
    if breach.action == Breach.Action.NEW_ALLEGATION:
        raise PrecautionaryError("This breach has already been referred as an allegation.")
    breach.action = Breach.Action.NEW_ALLEGATION
    breach.save(update_fields=["action"])
    record(matter, actor, "precautionary.breach_referred", breach=breach.pk,
           case=case_reference, allegation=allegation_id)
    return breach


# -- the end of measures --------------------------------------------------------------------
@transaction.atomic
def measure_lift(*, matter: Matter, actor, reason: str, measure: Measure | None = None
                 ) -> list[Measure]:
    """The chair lifts one measure, or all in force."""
    matter = lock(matter)
    state = enforce("lift", matter=matter, actor=actor, obj=measure)
    if not reason.strip():
        raise field_errors(reason="Give the reason for lifting.")
    lifted = [m for m in _active(matter) if measure is None or m.pk == measure.pk]
    _end(lifted, Measure.Status.LIFTED, reason.strip(), state.today)
    record(matter, actor, "precautionary.lifted", measures=[m.pk for m in lifted],
           reason=reason.strip())
    _after_ending(matter, actor, state.today)
    return lifted


@transaction.atomic
def measures_end_with_case(*, matter: Matter, actor, reason: str, replaced: bool = True,
                           continue_after: bool = False) -> Matter:
    """When the case ends: the measures are replaced by the final outcome (``replaced``) or
    lifted; or, with ``continue_after``, the group records why they stay in force after the
    case (then the case may be completed with them in force)."""
    matter = lock(matter)
    state = enforce("case_ended", matter=matter, actor=actor)
    if not reason.strip():
        raise field_errors(reason="Give the reason.")
    if continue_after:
        matter.continues_after_case_reason = reason.strip()
        matter.save(update_fields=["continues_after_case_reason", "updated_at"])
        record(matter, actor, "precautionary.continue_after_case", reason=reason.strip())
        return matter
    status = Measure.Status.REPLACED if replaced else Measure.Status.LIFTED
    ended = _active(matter)
    _end(ended, status, reason.strip(), state.today)
    record(matter, actor, "precautionary.ended_with_case", measures=[m.pk for m in ended],
           status=status, reason=reason.strip())
    _after_ending(matter, actor, state.today)
    return matter


def measures_expire(*, institution, today: dt.date | None = None) -> int:
    """The daily task: measures past their end date expire (each matter in its own
    transaction, locked as every service locks it)."""
    today = today or timezone.localdate()
    matter_ids = sorted(set(
        Measure.objects.for_institution(institution)
        .filter(status=Measure.Status.ACTIVE, ends_on__lt=today)
        .values_list("matter_id", flat=True)))
    count = 0
    for matter_id in matter_ids:
        with transaction.atomic():
            matter = lock(Matter(pk=matter_id, institution_id=institution.pk))
            due = [m for m in _active(matter) if m.ends_on is not None and m.ends_on < today]
            for m in due:
                m.status = Measure.Status.EXPIRED
                m.ended_on = m.ends_on
                m.end_reason = "Reached its end date"
                m.save(update_fields=["status", "ended_on", "end_reason"])
            record(matter, None, "precautionary.expired", measures=[m.pk for m in due])
            _after_ending(matter, None, today)
            count += len(due)
    return count


__all__ = ["PrecautionaryError", "appeal_decide", "appeal_lodge", "breach_record",
           "breach_refer_as_allegation",
           "measure_lift", "measures_end_with_case", "measures_expire", "measures_review",
           "measures_share", "review_request"]
