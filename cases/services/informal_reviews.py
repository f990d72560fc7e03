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

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_record
from core.errors import field_errors
from outbox.mail import outbox_mail

from ..conflicts import appointment_conflicts
from ..models import CaseAssignment, CaseRole, InformalReview, LetterKind, Outcome, Party
from ..policies import MAY_RECORD_INFORMAL_REVIEW, REVIEWABLE_KINDS, enforce, refusal_for, state_for
from .common import TransitionError, assign, case_role_label, lock, record
from .letters import human_date, letter_issue

AUDIT_EVENTS = ("informal_review.requested", "informal_review.reviewer_appointed",
                "informal_review.completed")


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
    if via not in STAFF_VIA:
        problems["via"] = "Say how the request came."
    if not concerns.strip():
        problems["concerns"] = "Record what the student is dissatisfied with."
    reviewer_problem = _reviewer_problem(case, actor, reviewer, doing="recording the request")
    if reviewer_problem:
        problems["reviewer"] = reviewer_problem
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    outcome = reviewed_outcome(case)
    if outcome is None:  # the policy refuses first; this keeps the types honest
        raise TransitionError("There is no outcome yet to review.")
    if requested_on < outcome.decided_on:
        raise field_errors(requested_on="A review is of an outcome: the request cannot come "
                                        "before the decision.")
    _appoint(case, actor, reviewer)
    review = InformalReview.objects.create(
        institution=case.institution, case=case, party=party, outcome=outcome,
        requested_on=requested_on, via=via, concerns=concerns.strip(), reviewer=reviewer,
        recorded_by=actor)
    record(case, actor, "informal_review.requested", review=review.pk, party=party.pk,
           reviewer=reviewer.email, via=via)
    return review


#: How staff record that a request came; ``online`` is the student's own form.
STAFF_VIA = (InformalReview.Via.DIRECT, InformalReview.Via.CASEWORKER)

#: Who the audit says asked online (the reporting student has no account).
ONLINE_LABEL = "reporting student (online request, secure letter link)"


def reviewed_outcome(case) -> Outcome | None:
    """The outcome a review is of: the latest decision on the case."""
    return (Outcome.objects.for_institution(case.institution_id)
            .filter(case=case, kind__in=REVIEWABLE_KINDS)
            .order_by("-decided_on", "-pk").first())


def online_request_refusal(case, party: Party) -> str | None:
    """Why ``party`` cannot ask online now (None: they can). The institution's procedure must
    give the review and there must be an outcome (the ``informal_review_request`` policy); one
    open request per student per outcome (staff see it and answer it)."""
    refusal = refusal_for("informal_review_request", state_for(case=case, actor=None))
    if refusal is not None:
        return refusal.message
    outcome = reviewed_outcome(case)
    if InformalReview.objects.for_institution(case.institution_id).filter(
            case=case, party=party, outcome=outcome).exists():
        return ("You have already asked for an informal review of this outcome. You will be "
                "told in writing what the review found.")
    return None


@transaction.atomic
def informal_review_request_online(*, case, party: Party, concerns: str,
                                   link=None) -> InformalReview:
    """The reporting student asks online, from the secure link of a letter they were sent
    (004: "directly"). Nobody is appointed yet: the request waits for the Student Conduct team
    to ask someone independent (``informal_review_appoint``), who are told by email."""
    case = lock(case)
    if party is None or party.case_id != case.pk or party.kind != Party.Kind.REPORTING_PARTY:
        raise PermissionDenied("Only a reporting student on this case can ask.")
    refusal = online_request_refusal(case, party)
    if refusal is not None:
        raise TransitionError(refusal)
    if not concerns.strip():
        raise field_errors(concerns="Tell us what you are dissatisfied with: the decision, "
                                    "the process, or both.")
    review = InformalReview.objects.create(
        institution=case.institution, case=case, party=party, outcome=reviewed_outcome(case),
        requested_on=timezone.localdate(), via=InformalReview.Via.ONLINE,
        concerns=concerns.strip(), reviewer=None, recorded_by=None)
    audit_record(institution=case.institution, action="informal_review.requested",
                 actor_label=ONLINE_LABEL, obj=case,
                 changes={"review": review.pk, "party": party.pk,
                          "via": InformalReview.Via.ONLINE,
                          "link": link.pk if link is not None else None})
    _tell_staff_of_online_request(case, review)
    return review


def _tell_staff_of_online_request(case, review: InformalReview) -> None:
    """An email to those who may appoint the reviewer, through the outbox: the case's
    reference and a link to it, nothing of what the student wrote."""
    from accounts.selectors import members_with_role

    to = sorted({m.user.email for role in MAY_RECORD_INFORMAL_REVIEW
                 for m in members_with_role(institution=case.institution, role=role)
                 if m.user.email})
    url = reverse("staff:cases:detail", args=[case.institution.slug, case.pk])
    outbox_mail(
        key=f"informal-review:{review.pk}:requested", institution=case.institution, to=to,
        subject=f"{case.institution.name}: an informal review was asked for on "
                f"{case.reference}",
        body=(f"A reporting student on {case.reference} has asked online for an informal "
              f"review of the outcome. Ask someone independent to review it:\n\n"
              f"{settings.SITE_URL.rstrip('/')}{url}#informal-reviews\n"))


@transaction.atomic
def informal_review_appoint(*, review: InformalReview, actor, reviewer) -> InformalReview:
    """Ask someone independent to review a request the student made online (the same checks
    as when staff record a request: training, no previous involvement, no relationship)."""
    case = lock(review.case)
    review = InformalReview.objects.for_institution(case.institution_id) \
        .select_for_update().get(pk=review.pk)
    enforce("informal_review_appoint", case=case, actor=actor, obj=review)
    problem = _reviewer_problem(case, actor, reviewer, doing="appointing the reviewer")
    if problem:
        raise field_errors(reviewer=problem)
    _appoint(case, actor, reviewer)
    review.reviewer = reviewer
    review.save(update_fields=["reviewer"])
    record(case, actor, "informal_review.reviewer_appointed", review=review.pk,
           reviewer=reviewer.email)
    return review


def _reviewer_problem(case, actor, reviewer, *, doing: str) -> str | None:
    if reviewer is None:
        return "Choose the independent reviewer."
    role = CaseRole.INDEPENDENT_REVIEWER
    reasons = appointment_conflicts(user=reviewer, case=case, role=role)
    if reviewer.pk == actor.pk:
        reasons = [f"is {doing}", *reasons]
    if reasons:
        return (f"{reviewer} cannot be {case_role_label(case, role)}: "
                + "; ".join(reasons) + ".")
    return None


def _appoint(case, actor, reviewer) -> None:
    if not CaseAssignment.objects.for_institution(case.institution_id).filter(
            case=case, user=reviewer, role=CaseRole.INDEPENDENT_REVIEWER,
            ended_at__isnull=True).exists():
        assign(case=case, user=reviewer, role=CaseRole.INDEPENDENT_REVIEWER, by=actor)


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
