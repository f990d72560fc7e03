"""Policy and procedure reviews (000 §7): the register of an institution's policies, each with
its owner, when it was last approved and when its next review is due; each approval is a
version with a note. The next review is a deadline of the shared mechanism assigned to the
owner (governance/procedure.py POLICY_REVIEW): reminded before and on the day, and, once
overdue, the owner and the governance officers are told."""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.changes import row_change, row_create
from core.errors import field_errors

from ..models import PolicyDocument, PolicyVersion
from ..policies import enforce
from ..procedure import POLICY_REVIEW
from .common import clean_text, date_set, lock, record_event, staff_member

P = PolicyDocument
FIELDS = ("title", "reference", "responsible", "owner", "summary", "url",
          "review_interval_months", "next_review_on")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (the 31st becoming the month's last day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


def _values(institution, values: dict) -> dict:
    out = {name: values[name] for name in FIELDS if name in values}
    for name in ("title", "reference", "responsible", "summary", "url"):
        if name in out:
            out[name] = clean_text(out[name])
    errors: dict[str, list[str]] = {}
    if "title" in out and not out["title"]:
        errors["title"] = ["Give the policy's title."]
    interval = out.get("review_interval_months")
    if "review_interval_months" in out and (interval is None or not 1 <= int(interval) <= 120):
        errors["review_interval_months"] = ["Review at least every 120 months (ten years)."]
    if errors:
        raise ValidationError(errors)
    if "owner" in out:
        out["owner"] = staff_member(institution, out["owner"], "owner", "owner")
    return out


def _deadline(document: PolicyDocument, actor, *, start: dt.date, met: bool = False) -> None:
    today = timezone.localdate()
    due = document.next_review_on if document.status == P.Status.IN_FORCE else None
    date_set(subject=document, rule=POLICY_REVIEW, due=due, start=start,
             assignee=document.owner, purpose=f"Review of {document.title}"[:200], actor=actor,
             today=today, met=met)


@transaction.atomic
def policy_document_create(*, institution, actor, title: str, owner, reference: str = "",
                           responsible: str = "", summary: str = "", url: str = "",
                           review_interval_months: int = 36,
                           next_review_on: dt.date | None = None) -> PolicyDocument:
    """Add a policy or procedure to the register, with its owner (a member of staff). Its
    versions are recorded as they are approved (:func:`policy_version_approve`)."""
    enforce("policy_create", actor=actor, institution=institution)
    values = _values(institution, {
        "title": title, "reference": reference, "responsible": responsible, "owner": owner,
        "summary": summary, "url": url, "review_interval_months": review_interval_months,
        "next_review_on": next_review_on})
    document = row_create(PolicyDocument, institution=institution, actor=actor,
                          action="governance.policy_created", values=values,
                          describe={"title": values["title"]})
    _deadline(document, actor, start=timezone.localdate())
    return document


@transaction.atomic
def policy_document_update(*, document: PolicyDocument, actor, **values) -> PolicyDocument:
    """Change the register's entry (``values`` among ``FIELDS``); a new review date or owner
    moves the review's deadline."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"not fields of a policy: {sorted(unknown)}")
    document = lock(document)
    enforce("policy_edit", actor=actor, institution=document.institution, obj=document)
    clean = _values(document.institution, values)
    document = row_change(document, actor=actor, action="governance.policy_changed",
                          values=clean, describe=lambda d: {"title": d.title})
    _deadline(document, actor, start=timezone.localdate())
    return document


@transaction.atomic
def policy_version_approve(*, document: PolicyDocument, actor, version: str,
                           approved_on: dt.date | None, approved_by: str = "", note: str = "",
                           next_review_on: dt.date | None = None) -> PolicyVersion:
    """Record an approval: a new version with its note. The policy was last approved then,
    and its next review falls after its review interval (or on ``next_review_on``); the
    review's deadline is met and the next one starts."""
    document = lock(document)
    enforce("policy_approve", actor=actor, institution=document.institution, obj=document)
    version = clean_text(version)
    errors: dict[str, list[str]] = {}
    if not version:
        errors["version"] = ["Give the version number."]
    if approved_on is None:
        errors["approved_on"] = ["Enter the date it was approved."]
    elif approved_on > timezone.localdate():
        errors["approved_on"] = ["The approval cannot be in the future."]
    elif document.last_approved_on and approved_on < document.last_approved_on:
        errors["approved_on"] = ["A new version is approved after the last one "
                                 f"({document.last_approved_on:%d %B %Y})."]
    if version and document.versions.filter(version=version).exists():
        errors["version"] = [f"Version {version} is already recorded."]
    if errors or approved_on is None:
        raise ValidationError(errors)
    due = next_review_on or add_months(approved_on, document.review_interval_months)
    if due <= approved_on:
        raise field_errors(next_review_on="The next review falls after the approval.")
    try:
        with transaction.atomic():
            row = PolicyVersion.objects.create(
                institution=document.institution, document=document, version=version,
                approved_on=approved_on, approved_by=clean_text(approved_by),
                note=clean_text(note), recorded_by=actor)
    except IntegrityError:
        raise field_errors(version=f"Version {version} is already recorded.") from None
    document.current_version = version
    document.last_approved_on = approved_on
    document.next_review_on = due
    document.save(update_fields=["current_version", "last_approved_on", "next_review_on",
                                 "updated_at"])
    record_event(document, actor, "governance.policy_version_approved", title=document.title,
                 version=version, approved_on=approved_on.isoformat(),
                 approved_by=row.approved_by, next_review_on=due.isoformat())
    _deadline(document, actor, start=approved_on, met=True)
    return row


@transaction.atomic
def policy_document_retire(*, document: PolicyDocument, actor, reason: str) -> PolicyDocument:
    """Take a policy out of force (replaced or withdrawn), with the reason; its review
    deadline is cancelled."""
    document = lock(document)
    enforce("policy_retire", actor=actor, institution=document.institution, obj=document)
    reason = clean_text(reason)
    if not reason:
        raise field_errors(reason="Give the reason.")
    document.status = P.Status.RETIRED
    document.retired_on = timezone.localdate()
    document.retired_reason = reason
    document.save(update_fields=["status", "retired_on", "retired_reason", "updated_at"])
    record_event(document, actor, "governance.policy_retired", title=document.title,
                 reason=reason)
    _deadline(document, actor, start=timezone.localdate())
    return document
