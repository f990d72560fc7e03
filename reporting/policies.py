"""Who may do what on a report, and when: one policy per casework action (issue 8 §1), the
shape of cases/policies.py. Services call :func:`enforce` after locking the report; the report
page's forms and the API's ``available_actions`` come from :func:`report_verdicts`.

Casework is the support caseworkers' (004): nobody else acts on a report. What each action
needs of the report:

* assign, status, appointment, HR referral, escalation: an open report (new, assigned,
  awaiting the reporter, in support);
* an appointment and an escalation: a named reporter (an anonymous one must first give their
  name, 004);
* HR referral: someone named in the report is a member of staff (§5);
* a message: the report is not closed (the reporter could not answer);
* closing: not already closed (an escalated report may be closed; its case goes on);
* tags, support actions, notes and a risk-assessment request: any time.

Decision recorded: the page once offered "close" only while the report was open, while the
service let an escalated report be closed; the page now offers what the service allows.
"""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.roles import Role
from accounts.selectors import membership_get
from core.policies import (
    Offer,
    PolicySet,
    Refusal,
    Verdict,
    first_refusal,
    role_refusal,
    stage_refusal,
)

from .models import InvolvedPerson, Report
from .services.common import ReportError

OPEN = (Report.Status.NEW, Report.Status.ASSIGNED, Report.Status.AWAITING_REPORTER,
        Report.Status.IN_SUPPORT)
CASEWORK = (Role.SUPPORT_CASEWORKER,)

report_policies = PolicySet(not_now=ReportError)


class ReportState:
    def __init__(self, report: Report, membership, user):
        self.report = report
        self.membership = membership
        self.user = user
        self.institution = report.institution

    @cached_property
    def staff_involved(self) -> bool:
        return any(p.role == InvolvedPerson.Role.STAFF for p in self.report.involved.all())


def enforce(key: str, *, report: Report, actor) -> ReportState:
    membership = membership_get(user=actor, institution=report.institution)
    if membership is None:
        raise PermissionDenied("You are not a member of this institution.")
    state = ReportState(report, membership, actor)
    report_policies.enforce(key, state)
    return state


def _caseworker(s: ReportState) -> Refusal | None:
    if s.membership.has_role(*CASEWORK):
        return None
    return role_refusal(f"Only a {s.institution.role_label(Role.SUPPORT_CASEWORKER)} can do "
                        "this.")


def _open(s: ReportState, doing: str) -> Refusal | None:
    if s.report.status in OPEN:
        return None
    return stage_refusal(f"You cannot {doing}: {s.report.reference} is "
                         f"{s.report.get_status_display().lower()}.")


def _named(s: ReportState, message: str) -> Refusal | None:
    return stage_refusal(message) if s.report.is_anonymous else None


def _casework(key: str, *checks):
    """Declare a policy: a caseworker, then ``checks`` (each ``state -> Refusal | None``)."""
    @report_policies(key)
    def policy(s: ReportState, obj=None) -> Refusal | None:
        return first_refusal(lambda: _caseworker(s), *(lambda c=c: c(s) for c in checks))
    policy.__name__ = f"may_{key}"
    return policy


_casework("assign", lambda s: _open(s, "assign this report"))
_casework("status", lambda s: _open(s, "change the status"))
_casework("tags")
_casework("appointment", lambda s: _open(s, "record an appointment"), lambda s: _named(
    s, "An anonymous reporter cannot be offered an appointment until they give contact "
       "details; send a message on the follow-up page."))
_casework("support_action")
_casework("message", lambda s: stage_refusal(
    f"{s.report.reference} is closed: the reporter could not answer. Reopen it by asking "
    "them to make a new report, or record a note.")
    if s.report.status == Report.Status.CLOSED else None)
_casework("note")
_casework("refer_hr", lambda s: _open(s, "refer to HR"), lambda s: None if s.staff_involved
          else stage_refusal("Only a report about a member of staff is referred to HR; nobody "
                             "named in this report is recorded as staff."))
_casework("refer_risk")
_casework("escalate", lambda s: _open(s, "escalate to a formal report"), lambda s: _named(
    s, "An anonymous report cannot start the formal process: the reporter must first give "
       "their name (004). Ask on the follow-up page whether they would like to."))
_casework("close", lambda s: stage_refusal(f"{s.report.reference} is already closed.")
          if s.report.status == Report.Status.CLOSED else None)

#: Each action: its label, the staff page's URL name and the API's, in the page's order.
REPORT_ACTIONS = {
    "assign": ("Assign the report", "assign", "api-report-assign"),
    "status": ("Change the status", "status", "api-report-status"),
    "tags": ("Edit the tags", "tags", "api-report-tags"),
    "message": ("Send a message to the reporter", "message", "api-report-messages"),
    "appointment": ("Record an appointment", "appointment", "api-report-appointments"),
    "support_action": ("Record a support action", "support_action",
                       "api-report-support-actions"),
    "note": ("Add an internal note", "note", "api-report-notes"),
    "refer_hr": ("Refer to HR", "refer_hr", "api-report-refer-hr"),
    "refer_risk": ("Refer to the Harassment Management Group", "refer_risk",
                   "api-report-refer-risk"),
    "escalate": ("Make a formal report", "escalate", "api-report-escalate"),
    "close": ("Close the report", "close", "api-report-close"),
}


def report_verdicts(s: ReportState) -> list[Verdict]:
    return report_policies.verdicts(s, [(key, None) for key in REPORT_ACTIONS])


def report_offers(s: ReportState) -> list[Offer]:
    """The API's ``available_actions`` (and the page's forms): what this person can do now."""
    kwargs = {"institution_slug": s.institution.slug, "report_id": s.report.pk}
    out = []
    for verdict in report_verdicts(s):
        label, page, api = REPORT_ACTIONS[verdict.key]
        out.append(Offer(key=verdict.key, label=label, hint="",
                         url=reverse(f"staff:reporting:{page}", kwargs=kwargs),
                         api_url=reverse(api, kwargs=kwargs),
                         refusal=verdict.refusal.message if verdict.refusal else ""))
    return out
