"""The risk assessments register (000 §6): created by the governance officer (or the
institution admin) with an owner; the owner (or the officer) records the controls and the
review date, makes it active, records each review and sets the next, and closes it. An active
assessment's review date is a deadline of the shared mechanism assigned to the owner
(governance/procedure.py RISK_REVIEW): reminded before and on the day, escalated once past."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.changes import row_change, row_create
from core.errors import field_errors

from ..models import RiskAssessment
from ..policies import enforce
from ..procedure import RISK_REVIEW
from .common import clean_text, date_set, lock, record_event, staff_member

RA = RiskAssessment
#: What the register's form edits.
FIELDS = ("title", "context", "activity", "owner", "controls", "residual_risk", "review_on")


def _values(institution, values: dict) -> dict:
    out = {name: values[name] for name in FIELDS if name in values}
    errors: dict[str, list[str]] = {}
    for name in ("title", "activity", "controls"):
        if name in out:
            out[name] = clean_text(out[name])
    if "title" in out and not out["title"]:
        errors["title"] = ["Give the risk assessment a title."]
    if "context" in out and out["context"] not in RA.Context.values:
        errors["context"] = ["Choose the context."]
    if "residual_risk" in out and out["residual_risk"] not in ("", *RA.Level.values):
        errors["residual_risk"] = ["Choose low, medium or high."]
    if errors:
        raise ValidationError(errors)
    if "owner" in out:
        out["owner"] = staff_member(institution, out["owner"], "owner", "owner")
    return out


def _review_date(review_on: dt.date | None, *, required: bool,
                 field: str = "review_on") -> dt.date | None:
    if review_on is None:
        if required:
            raise field_errors(**{field: "Enter the date of the next review."})
        return None
    if review_on <= timezone.localdate():
        raise field_errors(**{field: "The next review must be after today."})
    return review_on


def _purpose(risk: RiskAssessment) -> str:
    return f"Review of risk assessment: {risk.title}"[:200]


def _deadline(risk: RiskAssessment, actor, *, met: bool = False) -> None:
    today = timezone.localdate()
    due = risk.review_on if risk.status == RA.Status.ACTIVE else None
    date_set(subject=risk, rule=RISK_REVIEW, due=due, start=today, assignee=risk.owner,
             purpose=_purpose(risk), actor=actor, today=today, met=met)


@transaction.atomic
def risk_assessment_create(*, institution, actor, title: str, context: str, owner,
                           activity: str = "", controls: str = "", residual_risk: str = "",
                           review_on: dt.date | None = None) -> RiskAssessment:
    """A new risk assessment, as a draft, with its owner (a member of staff)."""
    enforce("risk_create", actor=actor, institution=institution)
    values = _values(institution, {
        "title": title, "context": context, "activity": activity, "owner": owner,
        "controls": controls, "residual_risk": residual_risk, "review_on": review_on})
    if review_on is not None:
        _review_date(review_on, required=False)
    values["created_by"] = actor
    return row_create(RiskAssessment, institution=institution, actor=actor,
                      action="governance.risk_assessment_created", values=values,
                      describe={"title": values["title"], "context": context})


@transaction.atomic
def risk_assessment_update(*, risk: RiskAssessment, actor, **values) -> RiskAssessment:
    """Change what the assessment says (``values`` among ``FIELDS``); a new review date or
    owner moves the review's deadline."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"not fields of a risk assessment: {sorted(unknown)}")
    risk = lock(risk)
    enforce("risk_edit", actor=actor, institution=risk.institution, obj=risk)
    clean = _values(risk.institution, values)
    if "review_on" in clean and clean["review_on"] != risk.review_on:
        _review_date(clean["review_on"], required=risk.status == RA.Status.ACTIVE)
    if risk.status == RA.Status.ACTIVE and "controls" in clean and not clean["controls"]:
        raise field_errors(controls="An active risk assessment records its controls.")
    risk = row_change(risk, actor=actor, action="governance.risk_assessment_changed",
                      values=clean, describe=lambda r: {"title": r.title})
    _deadline(risk, actor)
    return risk


@transaction.atomic
def risk_assessment_activate(*, risk: RiskAssessment, actor) -> RiskAssessment:
    """Make a draft active: its controls apply and its review date runs."""
    risk = lock(risk)
    enforce("risk_activate", actor=actor, institution=risk.institution, obj=risk)
    risk.status = RA.Status.ACTIVE
    risk.activated_on = timezone.localdate()
    risk.save(update_fields=["status", "activated_on", "updated_at"])
    record_event(risk, actor, "governance.risk_assessment_activated", title=risk.title,
                 review_on=risk.review_on.isoformat() if risk.review_on else None)
    _deadline(risk, actor)
    return risk


@transaction.atomic
def risk_assessment_review(*, risk: RiskAssessment, actor, next_review_on: dt.date | None,
                           controls: str | None = None, residual_risk: str | None = None,
                           note: str = "") -> RiskAssessment:
    """Record a review of an active assessment: the controls as they now stand (if changed)
    and the next review date. The review's deadline is met and the next one starts."""
    risk = lock(risk)
    enforce("risk_review", actor=actor, institution=risk.institution, obj=risk)
    next_review_on = _review_date(next_review_on, required=True, field="next_review_on")
    assert next_review_on is not None  # noqa: S101 - required=True refused None
    fields = ["last_reviewed_on", "review_on", "updated_at"]
    if controls is not None:
        if not clean_text(controls):
            raise field_errors(controls="An active risk assessment records its controls.")
        risk.controls = clean_text(controls)
        fields.append("controls")
    if residual_risk is not None:
        if residual_risk not in ("", *RA.Level.values):
            raise field_errors(residual_risk="Choose low, medium or high.")
        risk.residual_risk = residual_risk
        fields.append("residual_risk")
    previous = risk.review_on
    risk.last_reviewed_on = timezone.localdate()
    risk.review_on = next_review_on
    risk.save(update_fields=fields)
    record_event(risk, actor, "governance.risk_assessment_reviewed", title=risk.title,
                 was_due=previous.isoformat() if previous else None,
                 next_review_on=next_review_on.isoformat(), note=clean_text(note),
                 controls_changed=controls is not None)
    _deadline(risk, actor, met=True)
    return risk


@transaction.atomic
def risk_assessment_close(*, risk: RiskAssessment, actor, reason: str) -> RiskAssessment:
    """Close the assessment (the activity is over or no longer runs), with the reason; its
    review deadline is cancelled."""
    risk = lock(risk)
    enforce("risk_close", actor=actor, institution=risk.institution, obj=risk)
    reason = clean_text(reason)
    if not reason:
        raise field_errors(reason="Give the reason.")
    risk.status = RA.Status.CLOSED
    risk.closed_on = timezone.localdate()
    risk.closed_reason = reason
    risk.save(update_fields=["status", "closed_on", "closed_reason", "updated_at"])
    record_event(risk, actor, "governance.risk_assessment_closed", title=risk.title,
                 reason=reason)
    _deadline(risk, actor)
    return risk
