"""A new allegation on an open case from a breach of a precautionary measure or a report of
victimisation of someone involved (002 §23: victimisation is itself acted on). The breach is
recorded on the matter by the group (precautionary.services.followups.breach_record); the
decision maker, who decides what is alleged on the case (§37), adds the allegation here, and
the breach records that it was referred.

Lock order: the case (this app's first lock), then the matter and the breach (precautionary's),
then the audit chain head."""

from __future__ import annotations

from django.db import transaction

from core.errors import field_errors
from precautionary.models import Breach
from precautionary.services.followups import breach_refer_as_allegation

from ..errors import TransitionError
from ..models import Allegation, Case, MisconductCategory, MisconductType, Severity
from ..policies import enforce
from .common import lock, record


@transaction.atomic
def case_allegation_from_breach(*, breach: Breach, actor, misconduct_type: str, category: str,
                                severity: str, description: str = "") -> Allegation:
    """Add the allegation the breach or victimisation amounts to on the matter's case.
    ``description`` defaults to the breach's own."""
    case_id = breach.matter.case_id
    if case_id is None:
        raise TransitionError(f"{breach.matter.reference} is not linked to a case: open a case "
                              "for the new allegation instead.")
    case = lock(Case(pk=case_id, institution_id=breach.institution_id))
    enforce("allegation_add", case=case, actor=actor)
    problems = {}
    for key, value, choices in (("misconduct_type", misconduct_type, MisconductType),
                                ("category", category, MisconductCategory),
                                ("severity", severity, Severity)):
        if value not in choices.values:
            problems[key] = f"Choose a valid {key.replace('_', ' ')}."
    text = (description or breach.description).strip()
    if not text:
        problems["description"] = "Describe the alleged misconduct."
    if problems:
        raise field_errors(**problems)
    allegation = Allegation.objects.create(
        institution=case.institution, case=case, misconduct_type=misconduct_type,
        category=category, severity=severity, description=text)
    if severity == Severity.MAJOR and case.severity != Severity.MAJOR:
        case.severity = Severity.MAJOR
        case.save(update_fields=["severity", "updated_at"])
    record(case, actor, "case.allegation_added", allegation=allegation.pk,
           misconduct_type=misconduct_type, severity=severity,
           source=f"precautionary {breach.get_kind_display().lower()} ({breach.matter.reference})")
    breach_refer_as_allegation(breach=breach, actor=actor, case_reference=case.reference,
                               allegation_id=allegation.pk)
    return allegation
