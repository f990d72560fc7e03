"""Reading Safe Contact records: who sees which (the EDI administrators every record of their
institution; a member of staff their own), and the EDI office's queue of applications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Membership
from accounts.permissions import access_institution
from accounts.roles import Role
from audit.services import audit_read

from .models import SafeContact

EDI = Role.EDI_ADMIN


def records_visible_to(membership: Membership) -> QuerySet[SafeContact]:
    records = SafeContact.objects.for_institution(membership.institution_id)
    if membership.has_role(EDI):
        return records
    return records.filter(person_id=membership.user_id)


def access_safe_contact(*, user, institution, record_id,
                        membership: Membership | None = None
                        ) -> tuple[SafeContact, Membership]:
    """The record and the caller's membership, or 404 for a record that is missing, of another
    institution, or not the caller's to see; records the read."""
    if membership is None or membership.user_id != user.pk \
            or membership.institution_id != getattr(institution, "pk", institution):
        membership = access_institution(user=user, institution=institution)
    try:
        record = (records_visible_to(membership).select_related("institution", "person")
                  .get(pk=int(record_id)))
    except (SafeContact.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Not found.") from None
    audit_read(institution=record.institution, actor=user, obj=record,
               what="Safe Contact record")
    return record, membership


def own_records(membership: Membership) -> list[SafeContact]:
    """The person's applications and records in the scheme, newest first."""
    return list(SafeContact.objects.for_institution(membership.institution_id)
                .filter(person_id=membership.user_id).order_by("-submitted_on", "-pk"))


def current_record(membership: Membership) -> SafeContact | None:
    return (SafeContact.objects.for_institution(membership.institution_id)
            .filter(person_id=membership.user_id, stage__in=SafeContact.CURRENT).first())


@dataclass(frozen=True)
class RecordFilters:
    stage: str = ""
    flagged: bool = False
    overdue: bool = False
    search: str = ""

    @property
    def any(self) -> bool:
        return bool(self.stage or self.flagged or self.overdue or self.search)


def record_queue(*, institution, filters: RecordFilters,
                 today: dt.date | None = None) -> QuerySet[SafeContact]:
    """The EDI office's list: every application and Safe Contact of the institution, filtered;
    those whose step is overdue first, then the one whose step falls due first (then by name
    and key: a total order for paging). Sorted and filtered on the record's own columns (its
    deadline summary), so the same queries whatever the page."""
    today = today or timezone.localdate()
    records = SafeContact.objects.for_institution(institution)
    if filters.stage:
        records = records.filter(stage=filters.stage)
    if filters.flagged:
        records = records.filter(line_manager_permission=False)
    if filters.overdue:
        records = records.filter(stage__in=SafeContact.PIPELINE).filter(
            SafeContact.overdue_on(today))
    if filters.search:
        term = filters.search.strip()
        records = records.filter(Q(full_name__icontains=term) | Q(department__icontains=term)
                                 | Q(email__iexact=term))
    return records.order_by(F("deadline_missed").desc(), F("next_due").asc(nulls_last=True),
                            "full_name", "pk")


def chat_staff_of(record: SafeContact) -> list:
    return list(record.chat_staff.all().order_by("full_name", "email"))
