"""What the staff pages read of precautionary matters: the queue with its filters, the matter's
file in a fixed number of queries, and the security list of measures in force (§22). Reads
only; every change is a service."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from institutions.models import Deadline
from letters.models import Letter

from .models import (
    Appeal,
    Breach,
    Decision,
    Matter,
    MatterMember,
    Measure,
    ProtectedPerson,
    Review,
    RiskAssessment,
    Share,
)
from .procedure import APPEAL
from .selectors import matter_letters


@dataclass
class MatterFile:
    members: list[MatterMember]
    protected: list[ProtectedPerson]
    assessments: list[RiskAssessment]
    decisions: list[Decision]
    measures: list[Measure]
    appeals: list[Appeal]
    reviews: list[Review]
    shares: list[Share]
    breaches: list[Breach]
    deadlines: list[Deadline]
    letters: list[Letter]


def matter_file(matter: Matter) -> MatterFile:
    """Everything the matter page shows, one query per kind of row."""
    inst = matter.institution_id
    measures = list(Measure.objects.for_institution(inst).filter(matter=matter)
                    .select_related("measure_type").prefetch_related("protected"))
    decisions = list(Decision.objects.for_institution(inst).filter(matter=matter)
                     .select_related("proposed_by", "decided_by"))
    for decision in decisions:
        decision.measure_list = [m for m in measures if m.decision_id == decision.pk]
    return MatterFile(
        members=list(MatterMember.objects.for_institution(inst).filter(matter=matter)
                     .select_related("user")),
        protected=list(ProtectedPerson.objects.for_institution(inst).filter(matter=matter)),
        assessments=list(RiskAssessment.objects.for_institution(inst).filter(matter=matter)
                         .select_related("assessed_by")),
        decisions=decisions,
        measures=measures,
        appeals=list(Appeal.objects.for_institution(inst).filter(matter=matter)
                     .select_related("reviewer")),
        reviews=list(Review.objects.for_institution(inst).filter(matter=matter)
                     .select_related("reviewed_by")),
        shares=list(Share.objects.for_institution(inst).filter(matter=matter)
                    .select_related("shared_by")),
        breaches=list(Breach.objects.for_institution(inst).filter(matter=matter)
                      .select_related("measure__measure_type", "recorded_by")),
        deadlines=sorted(Deadline.objects.for_institution(inst).filter(
            content_type=ContentType.objects.get_for_model(Matter), object_id=matter.pk),
            key=lambda d: (not d.is_open, d.due_date)),
        letters=list(matter_letters(matter)),
    )


def appeal_window(matter: Matter) -> Deadline | None:
    return (Deadline.objects.for_institution(matter.institution_id)
            .filter(content_type=ContentType.objects.get_for_model(Matter),
                    object_id=matter.pk, rule=APPEAL).order_by("-pk").first())


