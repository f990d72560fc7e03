"""Support casework on a report: assignment, status, tags, the initial appointment, support
actions, messages to the reporter, internal notes, and the routes out (HR, the Harassment
Management Group, closure). Escalation to a formal report is in escalation.py."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.permissions import grant_object_access
from accounts.selectors import membership_get
from core.errors import field_errors
from institutions.selectors import deadlines_for
from institutions.services.deadlines import deadline_cancel
from letters.silence import binds_to_silence, silence_refusal
from outbox.mail import outbox_mail
from precautionary.models import RiskAssessmentRequest
from precautionary.services.requests import risk_assessment_request

from ..models import (
    Appointment,
    InternalNote,
    Report,
    ReportMessage,
    ReportTag,
    SupportAction,
    SupportService,
)
from ..permissions import SUPPORT_REPORT
from ..policies import CASEWORK, enforce
from .common import lock, record, today
from .followup import first_contact_made


@transaction.atomic
def report_assign(*, report: Report, actor, assignee) -> Report:
    report = lock(report)
    enforce("assign", report=report, actor=actor)
    membership = membership_get(user=assignee, institution=report.institution)
    if membership is None or not membership.has_role(*CASEWORK):
        raise field_errors(assignee="Choose a support caseworker of this institution.")
    report.assignee = assignee
    if report.status == Report.Status.NEW:
        report.status = Report.Status.ASSIGNED
    report.save(update_fields=["assignee", "status"])
    grant_object_access(user=assignee, obj=report, perm=SUPPORT_REPORT)
    for deadline in deadlines_for(institution=report.institution, subject=report):
        if deadline.is_open and deadline.assignee_id != assignee.pk:
            deadline.assignee = assignee
            deadline.save(update_fields=["assignee"])
    record(report, "report.assigned", actor=actor, assignee=assignee.email)
    return report


@transaction.atomic
def report_set_status(*, report: Report, actor, status: str) -> Report:
    """Move a report between the working states (escalation and closure have their own
    services)."""
    report = lock(report)
    enforce("status", report=report, actor=actor)
    allowed = (Report.Status.ASSIGNED, Report.Status.AWAITING_REPORTER, Report.Status.IN_SUPPORT)
    if status not in allowed:
        raise field_errors(status="Choose assigned, awaiting the reporter, or in support.")
    previous = report.status
    report.status = status
    report.save(update_fields=["status"])
    record(report, "report.status", actor=actor, status_from=previous, status_to=status)
    return report


@transaction.atomic
def report_set_tags(*, report: Report, actor, labels: list[str]) -> Report:
    report = lock(report)
    enforce("tags", report=report, actor=actor)
    tags = []
    for label in {lbl.strip()[:60] for lbl in labels if lbl.strip()}:
        tag, _ = ReportTag.objects.for_institution(report.institution).get_or_create(
            institution=report.institution, label=label)
        tags.append(tag)
    report.tags.set(tags)
    record(report, "report.tags", actor=actor, tags=sorted(t.label for t in tags))
    return report


@transaction.atomic
def appointment_record(*, report: Report, actor, mode: str, date: dt.date, status: str,
                       notes: str = "") -> Appointment:
    """The initial appointment offered (in person or online, 004). Offering one is the first
    contact."""
    report = lock(report)
    enforce("appointment", report=report, actor=actor)
    if mode not in Appointment.Mode.values:
        raise field_errors(mode="Choose in person or online.")
    if status not in Appointment.Status.values:
        raise field_errors(status="Choose a status.")
    appointment = Appointment.objects.create(
        institution=report.institution, report=report, mode=mode, date=date, status=status,
        notes=notes.strip(), recorded_by=actor)
    if report.status in (Report.Status.NEW, Report.Status.ASSIGNED):
        report.status = Report.Status.IN_SUPPORT
        report.save(update_fields=["status"])
    first_contact_made(report, actor)
    record(report, "report.appointment", actor=actor, mode=mode, date=date, status=status)
    return appointment


@transaction.atomic
def support_action_record(*, report: Report, actor, kind: str, detail: str = "",
                          service_id: int | None = None,
                          done_on: dt.date | None = None) -> SupportAction:
    report = lock(report)
    enforce("support_action", report=report, actor=actor)
    if kind not in SupportAction.Kind.values:
        raise field_errors(kind="Choose the kind of support.")
    if done_on and done_on > today():
        raise field_errors(done_on="Record support that has happened: the date cannot be in the "
                              "future.")
    service = None
    if service_id:
        service = SupportService.objects.for_institution(report.institution).filter(
            pk=service_id).first()
        if service is None:
            raise field_errors(service="Choose a service from the directory.")
    action = SupportAction.objects.create(
        institution=report.institution, report=report, kind=kind, detail=detail.strip(),
        service=service, done_on=done_on or today(), recorded_by=actor)
    record(report, "report.support_action", actor=actor, kind=kind)
    return action


@transaction.atomic
def message_send(*, report: Report, actor, body: str, channel: str = "") -> ReportMessage:
    """A message to the reporter: on the follow-up page for an anonymous reporter; for a named
    one by the method they chose (recorded; email is sent). Like a letter to a reporting
    party, it never binds the reporter to silence (000 §9, ``letters.silence``)."""
    report = lock(report)
    enforce("message", report=report, actor=actor)
    if not body.strip():
        raise field_errors(body="Write the message.")
    phrase = binds_to_silence(body)
    if phrase:
        raise field_errors(body=silence_refusal(phrase, what="Messages to reporters"))
    if report.is_anonymous:
        channel = ReportMessage.Channel.RECEIPT_PAGE
    else:
        channels: dict[str, str] = {
            Report.ContactMethod.EMAIL: ReportMessage.Channel.EMAIL,
            Report.ContactMethod.PHONE: ReportMessage.Channel.PHONE,
            Report.ContactMethod.IN_PERSON: ReportMessage.Channel.IN_PERSON,
            Report.ContactMethod.ONLINE: ReportMessage.Channel.ONLINE,
        }
        channel = channel or channels.get(report.preferred_contact,
                                          ReportMessage.Channel.RECEIPT_PAGE)
        if channel not in ReportMessage.Channel.values:
            raise field_errors(channel="Choose how the message was or will be given.")
        if channel == ReportMessage.Channel.EMAIL and not report.contact_email:
            raise field_errors(channel="The reporter gave no email address.")
    message = ReportMessage.objects.create(
        institution=report.institution, report=report,
        direction=ReportMessage.Direction.TO_REPORTER, channel=channel, body=body.strip(),
        sent_on=today(), author=actor)
    report.awaiting_staff = False
    report.save(update_fields=["awaiting_staff"])
    first_contact_made(report, actor)
    if channel == ReportMessage.Channel.EMAIL:
        # Through the outbox (encrypted there, emptied once sent): a mail outage must not
        # turn a recorded message into an error page.
        outbox_mail(key=f"report-message:{message.pk}:email", institution=report.institution,
                    to=[report.contact_email], body=message.body,
                    subject=f"{report.institution.name}: a message about what you told us")
    record(report, "report.message_sent", actor=actor, channel=channel, message=message.pk)
    return message


@transaction.atomic
def note_add(*, report: Report, actor, body: str) -> InternalNote:
    report = lock(report)
    enforce("note", report=report, actor=actor)
    if not body.strip():
        raise field_errors(body="Write the note.")
    note = InternalNote.objects.create(institution=report.institution, report=report,
                                       author=actor, body=body.strip())
    record(report, "report.note_added", actor=actor, note=note.pk)
    return note


@transaction.atomic
def report_refer_hr(*, report: Report, actor, note: str) -> Report:
    """A report about a member of staff goes to HR, not to the student procedure (§5): the
    referral is recorded with its date and nothing more is done here."""
    report = lock(report)
    enforce("refer_hr", report=report, actor=actor)
    if not note.strip():
        raise field_errors(note="Record what was passed to HR and to whom.")
    report.hr_referred_on = today()
    _close(report, "Referred to HR (the report is about a member of staff)", actor)
    report.save(update_fields=["hr_referred_on", "status", "closed_on", "closure_reason"])
    record(report, "report.referred_to_hr", actor=actor, on=report.hr_referred_on, note=note)
    return report


@transaction.atomic
def report_refer_risk(*, report: Report, actor, reason: str) -> RiskAssessmentRequest:
    """A higher-risk disclosure goes to the Harassment Management Group for a risk assessment
    (001); the precautionary app picks the request up."""
    report = lock(report)
    enforce("refer_risk", report=report, actor=actor)
    if not reason.strip():
        raise field_errors(reason="Say why the risk is higher.")
    request = risk_assessment_request(institution=report.institution, actor=actor,
                                      report=report, reason=reason)
    record(report, "report.risk_assessment_requested", actor=actor, request=request.pk)
    return request


@transaction.atomic
def report_close(*, report: Report, actor, reason: str) -> Report:
    """Close with a reason. An escalated report can be closed too (its case goes on)."""
    report = lock(report)
    enforce("close", report=report, actor=actor)
    if not reason.strip():
        raise field_errors(reason="Give the reason for closing.")
    _close(report, reason.strip(), actor)
    report.save(update_fields=["status", "closed_on", "closure_reason"])
    record(report, "report.closed", actor=actor, reason=reason.strip())
    return report


def _close(report: Report, reason: str, actor) -> None:
    report.status = Report.Status.CLOSED
    report.closed_on = today()
    report.closure_reason = reason
    for deadline in deadlines_for(institution=report.institution, subject=report):
        if deadline.is_open:
            deadline_cancel(deadline=deadline, reason="Report closed", actor=actor)
