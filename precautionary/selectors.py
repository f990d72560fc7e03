"""Reading precautionary matters: who sees which (need-to-know, §21), and what other parts of
the application may be told (§38: the investigator sees the measures, never the assessment)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Membership
from accounts.permissions import access_institution
from accounts.roles import Role
from audit.services import audit_read

from .models import Matter, MatterMember, Measure

#: Who convenes the group and so sees every matter of the institution (the Secretary / the
#: Academic Registrar, who decides how cases proceed, §37).
CONVENER = Role.DECISION_MAKER


def matters_visible_to(membership: Membership) -> QuerySet[Matter]:
    """The matters ``membership`` may see: all of them for the convener; otherwise only those
    the person is convened for (membership of one matter gives access to that matter only)."""
    matters = Matter.objects.for_institution(membership.institution_id)
    if membership.has_role(CONVENER):
        return matters
    mine = MatterMember.objects.for_institution(membership.institution_id).filter(
        user_id=membership.user_id, ended_at__isnull=True).values("matter_id")
    return matters.filter(pk__in=mine)


def access_matter(*, user, institution, matter_id, membership: Membership | None = None
                  ) -> tuple[Matter, Membership]:
    """The matter and the caller's membership, or 404 for a matter that is missing, of another
    institution, or not the caller's to see; records the read."""
    if membership is None or membership.user_id != user.pk \
            or membership.institution_id != getattr(institution, "pk", institution):
        membership = access_institution(user=user, institution=institution)
    try:
        matter = matters_visible_to(membership).select_related("student", "institution").get(
            pk=int(matter_id))
    except (Matter.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None
    audit_read(institution=matter.institution, actor=user, obj=matter, what="precautionary matter")
    return matter, membership


@dataclass(frozen=True)
class MeasureOnCase:
    """What the investigator of a case is told of a measure (§38): its kind, scope and dates,
    never the risk assessment, the reasons or the allegation."""

    type: str
    scope: str
    starts_on: dt.date
    ends_on: dt.date | None
    status: str


def measures_on_case(case) -> list[MeasureOnCase]:
    """The measures decided on the matters linked to ``case`` (in force first)."""
    rows = (Measure.objects.for_institution(case.institution_id)
            .filter(matter__case_id=case.pk)
            .exclude(status__in=(Measure.Status.PROPOSED, Measure.Status.WITHDRAWN))
            .select_related("measure_type").order_by("starts_on", "pk"))
    out = [MeasureOnCase(type=m.measure_type.name, scope=m.scope, starts_on=m.starts_on,
                         ends_on=m.ends_on, status=m.get_status_display()) for m in rows
           if m.status == Measure.Status.ACTIVE]
    out += [MeasureOnCase(type=m.measure_type.name, scope=m.scope, starts_on=m.starts_on,
                          ends_on=m.ended_on or m.ends_on, status=m.get_status_display())
            for m in rows if m.status != Measure.Status.ACTIVE]
    return out


def measures_blocking_completion(case) -> list[Measure]:
    """Measures still in force on the case's matters whose matter does not record why they
    continue after the case (002 §19: measures are pending the outcome)."""
    return list(Measure.objects.for_institution(case.institution_id)
                .filter(matter__case_id=case.pk, status=Measure.Status.ACTIVE,
                        matter__continues_after_case_reason="")
                .select_related("measure_type", "matter"))


def active_measures(matter: Matter) -> list[Measure]:
    return list(Measure.objects.for_institution(matter.institution_id)
                .filter(matter=matter, status=Measure.Status.ACTIVE)
                .select_related("measure_type"))
