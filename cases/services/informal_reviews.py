"""004: a reporting student dissatisfied with the outcome cannot appeal ("the panel is set up
between the University and the reported student"), but may ask for an informal review of the
decision or the disciplinary process, directly or through their Standing Together
caseworker. The Student Conduct team asks someone independent to review it for learning for
the future; the review does not change the outcome. The student is told in writing.

Whether an institution offers it is its configuration (``CaseSettings.reporting_party_review``,
checked by the ``informal_review_request`` policy); 002 has no such review. 004 sets no time
limit for asking, nor for the review, so no deadline is registered."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.errors import field_errors

from ..conflicts import appointment_conflicts
from ..models import CaseAssignment, CaseRole, InformalReview, LetterKind, Outcome, Party
from ..policies import REVIEWABLE_KINDS, enforce
from .common import assign, case_role_label, lock, record
from .letters import human_date, letter_issue

AUDIT_EVENTS = ("informal_review.requested", "informal_review.completed")


@transaction.atomic
def informal_review_request(*, case, actor, party: Party, requested_on: dt.date,
                            via: str, concerns: str, reviewer) -> InformalReview:
    """Record a reporting student's request for an informal review of the latest outcome and
    ask ``reviewer``, someone independent (current training, no previous involvement in the
    case, no declared relationship with a party), to review it."""
    case = lock(case)
    enforce("informal_review_request", case=case, actor=actor)
    problems: dict[str, str] = {}
    if party is None or party.case_id != case.pk or party.kind != Party.Kind.REPORTING_PARTY:
        problems["party"] = "Choose a reporting student on this case."
    if requested_on > timezone.localdate():
        problems["requested_on"] = "A request cannot be received in the future."
    if via not in InformalReview.Via.values:
        problems["via"] = "Say how the request came."
    if not concerns.strip():
        problems["concerns"] = "Record what the student is dissatisfied with."
    if reviewer is None:
        problems["reviewer"] = "Choose the independent reviewer."
    else:
        role = CaseRole.INDEPENDENT_REVIEWER
        reasons = appointment_conflicts(user=reviewer, case=case, role=role)
        if reviewer.pk == actor.pk:
            reasons = ["is recording the request", *reasons]
        if reasons:
            problems["reviewer"] = (f"{reviewer} cannot be {case_role_label(case, role)}: "
                                    + "; ".join(reasons) + ".")
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    outcome = (Outcome.objects.for_institution(case.institution_id)
               .filter(case=case, kind__in=REVIEWABLE_KINDS)
               .order_by("-decided_on", "-pk").first())
    if requested_on < outcome.decided_on:
        raise field_errors(requested_on="A review is of an outcome: the request cannot come "
                                        "before the decision.")
    if not CaseAssignment.objects.for_institution(case.institution_id).filter(
            case=case, user=reviewer, role=CaseRole.INDEPENDENT_REVIEWER,
            ended_at__isnull=True).exists():
        assign(case=case, user=reviewer, role=CaseRole.INDEPENDENT_REVIEWER, by=actor)
    review = InformalReview.objects.create(
        institution=case.institution, case=case, party=party, outcome=outcome,
        requested_on=requested_on, via=via, concerns=concerns.strip(), reviewer=reviewer,
        recorded_by=actor)
    record(case, actor, "informal_review.requested", review=review.pk, party=party.pk,
           reviewer=reviewer.email, via=via)
    return review


@transaction.atomic
def informal_review_complete(*, review: InformalReview, actor, findings: str,
                             learning: str = "") -> InformalReview:
    """The independent reviewer records what they found and any learning for the future; the
    reporting student gets a letter. The outcome of the case does not change."""
    case = lock(review.case)
    review = InformalReview.objects.for_institution(case.institution_id) \
        .select_for_update().get(pk=review.pk)
    enforce("informal_review_decision", case=case, actor=actor, obj=review)
    if not findings.strip():
        raise field_errors(findings="Record what the review found.")
    review.findings, review.learning = findings.strip(), learning.strip()
    review.status = InformalReview.Status.COMPLETED
    review.completed_on = timezone.localdate()
    review.save(update_fields=["findings", "learning", "status", "completed_on"])
    record(case, actor, "informal_review.completed", review=review.pk)
    letter_issue(case=case, kind=LetterKind.INFORMAL_REVIEW_OUTCOME, actor=actor,
                 outcome=review.outcome, to_reporting_parties=True,
                 recipient_keys={f"party-{review.party_id}"},
                 extra={"review_requested_on": review.requested_on.isoformat(),
                        "review_requested_on_label": human_date(review.requested_on),
                        "findings": review.findings, "learning": review.learning})
    return review


def reviewer_candidates(case) -> list:
    """Who may be asked to review: the institution's appeal reviewers with no previous
    involvement in the case and no declared relationship with a party."""
    from accounts.roles import Role
    from accounts.selectors import members_with_role

    role = CaseRole.INDEPENDENT_REVIEWER
    return [m.user for m in members_with_role(institution=case.institution,
                                              role=Role.APPEAL_REVIEWER)
            if not appointment_conflicts(user=m.user, case=case, role=role)]
