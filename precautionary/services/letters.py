"""Precautionary letters: who receives each kind and the facts it states. The letters app does
the rest (templates per institution, PDF through the outbox relay, versions, the silence check
of 000 §9); the kinds are declared in ``precautionary/letter_kinds.py``.

A letter to a protected person states what the order covers and until when: never the reasons,
the risk assessment or the allegation."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from django.db import models
from django.utils import timezone

from letters import services as letters
from letters.registry import Recipient
from letters.rendering import human_date

from ..models import (
    Appeal,
    Decision,
    Matter,
    Measure,
    PrecautionarySettings,
    ProtectedPerson,
    Review,
)


class LetterKind(models.TextChoices):
    PROPOSAL = "precautionary_proposal", "Proposed precautionary measures (§22)"
    DECISION = "precautionary_decision", "Decision on precautionary measures (§22)"
    PROTECTED_NOTICE = "precautionary_protected_notice", \
        "Notice to a protected person of what a precautionary measure covers"
    APPEAL_OUTCOME = "precautionary_appeal_outcome", \
        "Outcome of an appeal against precautionary measures (§22)"
    REVIEW_OUTCOME = "precautionary_review_outcome", "Review of precautionary measures (§22)"


NOT_A_FINDING = ("These measures are precautionary. They are not a finding of guilt and do not "
                 "mean that you are considered to have committed misconduct (§19).")


def issue(matter: Matter, kind: str, actor, **options) -> list:
    return letters.letter_issue(about=matter, kind=kind, actor=actor, options={
        k: (v.pk if isinstance(v, models.Model) else v) for k, v in options.items()})


def matter_letter_recipients(matter: Matter, options: Mapping) -> list[Recipient]:
    if options.get("protected"):
        return [Recipient(key=f"protected-{p.pk}", name=p.name, role="protected_person",
                          email=p.email, address=p.address)
                for p in ProtectedPerson.objects.for_institution(matter.institution_id)
                .filter(matter=matter, pk__in=options["protected"])]
    student = matter.student
    return [Recipient(key="student", name=student.full_name, role="student",
                      email=student.email, address=student.address)]


def _measure(m: Measure) -> dict:
    return {"type": m.measure_type.name, "scope": m.scope, "conditions": m.conditions,
            "starts_on": human_date(m.starts_on),
            "ends_on": human_date(m.ends_on) if m.ends_on else ""}


def matter_letter_context(matter: Matter, kind: str, recipient: Recipient,
                          options: Mapping) -> dict:
    inst = matter.institution
    settings = PrecautionarySettings.of(inst)
    context: dict = {
        "date": human_date(timezone.localdate()),
        "reference": matter.reference,
        "recipient": recipient.as_sent(),
        "is_student": recipient.role == "student",
        "is_protected_person": recipient.role == "protected_person",
        "student": {"name": matter.student.full_name},
        "institution": {"name": inst.display_letter_name, "address": inst.address_block},
        "group": settings.group_label,
        "appeal_body": settings.appeal_body_label,
        "not_a_finding": NOT_A_FINDING,
    }
    measures = Measure.objects.for_institution(matter.institution_id).select_related(
        "measure_type")
    if recipient.role == "protected_person":
        # Only what the order covers, and only the measures that protect this person.
        person_id = int(recipient.key.split("-", 1)[1])
        chosen = measures.filter(pk__in=options.get("measures") or [], protected=person_id)
        context["measures"] = [_measure(m) for m in chosen]
        return context
    context["student"]["student_id"] = matter.student.student_id
    decision_id = options.get("decision")
    if decision_id:
        decision = Decision.objects.for_institution(matter.institution_id).get(pk=decision_id)
        context["decision"] = {
            "reasons": decision.reasons, "disruption_steps": decision.disruption_steps,
            "support_offered": decision.support_offered,
            "decided_on": human_date(decision.decided_on) if decision.decided_on else "",
            "representations_due": human_date(decision.representations_due)
            if decision.representations_due else "",
        }
        context["measures"] = [_measure(m) for m in measures.filter(decision=decision)]
        if decision.appeal_due:
            context["appeal_deadline"] = human_date(decision.appeal_due)
    context["appeal_window"] = "five (5) working days of the date of the decision (§22)"
    if options.get("appeal"):
        appeal = Appeal.objects.for_institution(matter.institution_id).get(pk=options["appeal"])
        context["appeal"] = {"result": appeal.result, "result_label": appeal.get_result_display(),
                             "reasons": appeal.reasons,
                             "decided_on": human_date(appeal.decided_on)}
    if options.get("review"):
        review = Review.objects.for_institution(matter.institution_id).get(pk=options["review"])
        context["review"] = {"result": review.result, "result_label": review.get_result_display(),
                             "reasons": review.reasons, "held_on": human_date(review.held_on)}
    if "decision" not in options and kind != LetterKind.PROPOSAL:
        context["measures"] = [_measure(m) for m in measures.filter(
            matter=matter, status=Measure.Status.ACTIVE)]
    return context


def matter_letter_samples(institution, kind: str, role: str) -> Iterator[dict]:
    today = human_date(timezone.localdate())
    settings = PrecautionarySettings.of(institution)
    base = {
        "date": today, "reference": f"{institution.slug.upper()}-PM-2026-0001",
        "recipient": {"name": "Sam Example", "role": role, "email": "sam@example.org",
                      "address": ""},
        "is_student": role == "student", "is_protected_person": role == "protected_person",
        "student": {"name": "Alex Sample", "student_id": "20260001"},
        "institution": {"name": institution.display_letter_name,
                        "address": institution.address_block},
        "group": settings.group_label, "appeal_body": settings.appeal_body_label,
        "not_a_finding": NOT_A_FINDING,
        "measures": [{"type": "No contact", "scope": "No contact with Sam Example",
                      "conditions": "", "starts_on": today, "ends_on": ""}],
    }
    if role == "protected_person":
        yield base
        return
    yield {**base, "decision": {"reasons": "...", "disruption_steps": "...",
                                "support_offered": "...", "decided_on": today,
                                "representations_due": today},
           "appeal_deadline": today,
           "appeal_window": "five (5) working days of the date of the decision (§22)",
           "appeal": {"result": "upheld", "result_label": "Measures upheld", "reasons": "...",
                      "decided_on": today},
           "review": {"result": "continue", "result_label": "Measures continue",
                      "reasons": "...", "held_on": today}}


def require_letter_sender(actor, matter: Matter) -> None:
    from ..policies import enforce

    enforce("protected_add", matter=matter, actor=actor)
