"""§63: "the Alumni team will also be informed of any disciplinary penalty(ies) that may be
applied which would trigger a termination or suspension of their alumni privileges and access
rights". Every outcome, at any stage (informal outcome, formal decision, Board decision, an
appeal that substitutes a penalty), whose penalties include one marked
``ends_alumni_privileges`` queues an email to the institution's alumni team address
(``CaseSettings.alumni_team_email``) in the decision's own transaction (the outbox): the relay
sends it after commit, with retries. With no address configured nothing is queued, the decision
still stands, and the case page says the team was not told."""

from __future__ import annotations

from django.utils import timezone

from outbox.mail import mail_send
from outbox.services import outbox_enqueue

from ..models import CaseSettings, ImposedPenalty, Outcome
from .common import record

ALUMNI_NOTICE = "cases.alumni_notice"
AUDIT_EVENTS = ("case.alumni_team_notified", "case.alumni_team_not_configured")


def alumni_notify(*, case, outcome: Outcome, actor, penalty_types) -> bool:
    """Queue the alumni team's email for ``outcome`` if a penalty ends alumni privileges.
    Returns whether one was queued."""
    names = [t.name for t in penalty_types if t.ends_alumni_privileges]
    if not names:
        return False
    address = CaseSettings.of(case.institution).alumni_team_email
    if not address:
        record(case, actor, "case.alumni_team_not_configured", outcome=outcome.pk,
               penalties=names)
        return False
    outbox_enqueue(kind=ALUMNI_NOTICE, key=f"case-outcome:{outcome.pk}:alumni",
                   institution=case.institution, payload={"outcome": outcome.pk})
    outcome.alumni_team_notified_on = timezone.localdate()
    outcome.save(update_fields=["alumni_team_notified_on"])
    record(case, actor, "case.alumni_team_notified", outcome=outcome.pk, penalties=names)
    return True


def alumni_not_told(outcomes) -> list[str]:
    """The penalties on the case (outcomes loaded with their penalties and types) that end
    alumni privileges and of which the alumni team was not told."""
    return [f"{p.penalty_type.name} ({o.get_kind_display().lower()}, "
            f"{o.decided_on.day} {o.decided_on:%b %Y})"
            for o in outcomes if o.alumni_team_notified_on is None
            for p in o.penalties.all() if p.penalty_type.ends_alumni_privileges]


def alumni_notice_send(message) -> None:
    """Send the email :func:`alumni_notify` queued, addressed when it is sent (to nobody if
    the address has been removed since). It says only what the alumni team needs: who, which
    penalties, from when, and the case reference."""
    from institutions.models import Institution

    institution = Institution.objects.get(pk=message.institution_id)
    address = CaseSettings.of(institution).alumni_team_email
    if not address:
        return
    outcome = (Outcome.objects.for_institution(institution)
               .select_related("case__respondent").get(pk=message.payload["outcome"]))
    case, student = outcome.case, outcome.case.respondent
    penalties = [p for p in ImposedPenalty.objects.for_institution(institution)
                 .filter(outcome=outcome).select_related("penalty_type")
                 if p.penalty_type.ends_alumni_privileges]
    lines = [f"- {p.penalty_type.name}{': ' + p.details if p.details else ''}"
             for p in penalties]
    body = "\n".join([
        "Dear Alumni team,",
        "",
        f"A disciplinary decision ({outcome.get_kind_display().lower()}, "
        f"{outcome.decided_on.day} {outcome.decided_on:%B %Y}) imposed a penalty that "
        "suspends or ends alumni privileges and access rights (Disciplinary Procedure §63).",
        "",
        f"Student: {student.full_name} ({student.student_id})",
        f"Case reference: {case.reference}",
        "Penalties:",
        *lines,
        "",
        "Please apply this to the student's alumni privileges. The case file holds the "
        "details; ask the Student Conduct office if you need more.",
    ])
    mail_send(key=message.key, to=[address],
              subject=f"[{institution.name}] Alumni privileges: disciplinary penalty "
                      f"({case.reference})", body=body)
