"""What a deleted record leaves behind (issue 14 item 5): the :class:`Tombstone` and the facts
the insight reports count about it (``insights.measures``), so that a term's numbers are the
same before and after the schedule deletes its records.

A report leaves what ``insights.measures.reports`` and ``casework`` count: its kind, identity,
reporter, location, categories (by the day it was made), its support actions (by the day each
was done) and its referral to HR or escalation (by their days). A case leaves what
``insights.measures.outcomes`` counts: each stage's decision and its penalties (by the day
decided), each appeal (by the day received) and the days from the allegation to the
Completion of Procedures. Never a name, a narrative, a reason or any other free text.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .keys import subject_of
from .models import Kind, Tombstone, TombstoneFact

# The measures (``TombstoneFact.measure``) and what ``value`` holds.
REPORT = "report"  # one per report: value "formal|anonymous|reporter_role|location"
CATEGORY = "report.category"  # value: the category's label, position: its position
SUPPORT = "report.support_action"  # value: the kind
HR = "report.hr_referral"
ESCALATION = "report.escalation"
OUTCOME = "case.outcome"  # value: "kind|result"
PENALTY = "case.penalty"  # value: the penalty type's name, position: its position
APPEAL = "case.appeal"  # value: "status|result"
COMPLETION = "case.completion"  # value: "raised_on" ISO; on: closed_on


def _month(day: dt.date | None) -> dt.date:
    day = day or timezone.localdate()
    return day.replace(day=1)


def report_value(report) -> str:
    return "|".join([str(report.wants_formal_report), str(report.is_anonymous),
                     report.reporter_role, report.location])


def _report_facts(report) -> list[tuple[str, str, int, dt.date]]:
    facts = [(REPORT, report_value(report), 0, report.submitted_on)]
    facts += [(CATEGORY, c.label, c.position, report.submitted_on)
              for c in report.categories.all()]
    facts += [(SUPPORT, a.kind, 0, a.done_on)
              for a in report.actions.all().only("kind", "done_on", "institution_id")]
    if report.hr_referred_on:
        facts.append((HR, "", 0, report.hr_referred_on))
    if report.case_id and report.formal_consent_on:
        facts.append((ESCALATION, "", 0, report.formal_consent_on))
    return facts


def _case_facts(case) -> list[tuple[str, str, int, dt.date]]:
    from cases.models import Appeal, ImposedPenalty, Outcome, Stage

    facts = []
    for outcome in Outcome.objects.for_institution(case.institution_id).filter(case=case):
        facts.append((OUTCOME, f"{outcome.kind}|{outcome.result}", 0, outcome.decided_on))
    for penalty in (ImposedPenalty.objects.for_institution(case.institution_id)
                    .filter(outcome__case=case).select_related("penalty_type", "outcome")):
        facts.append((PENALTY, penalty.penalty_type.name, penalty.penalty_type.position,
                      penalty.outcome.decided_on))
    for appeal in (Appeal.objects.for_institution(case.institution_id).filter(case=case)
                   .select_related("outcome")):
        result = appeal.outcome.result if appeal.outcome_id else ""
        facts.append((APPEAL, f"{appeal.status}|{result}", 0, appeal.received_on))
    if case.stage == Stage.CLOSED and case.closed_on and case.allegation_raised_on:
        facts.append((COMPLETION, case.allegation_raised_on.isoformat(), 0, case.closed_on))
    return facts


def tombstone_make(*, obj, kind: str, today: dt.date, reports=()) -> Tombstone:
    """The tombstone of ``obj`` (a report, or a case with ``reports`` escalated into it, which
    are deleted with it and counted as its facts)."""
    subject_type, subject_id = subject_of(obj)
    if kind == Kind.CASE:
        opened, ended = obj.allegation_raised_on, obj.closed_on
        facts = _case_facts(obj)
        for report in reports:
            facts += _report_facts(report)
    else:
        opened, ended = obj.submitted_on, obj.closed_on
        facts = _report_facts(obj)
    tombstone = Tombstone.objects.create(
        institution_id=obj.institution_id, kind=kind, subject_type=subject_type,
        subject_id=subject_id, reference=obj.reference, opened_month=_month(opened),
        ended_month=_month(ended), deleted_on=today)
    TombstoneFact.objects.bulk_create([
        TombstoneFact(institution_id=obj.institution_id, tombstone=tombstone, measure=measure,
                      value=value, position=position, on=on)
        for measure, value, position, on in facts])
    return tombstone
