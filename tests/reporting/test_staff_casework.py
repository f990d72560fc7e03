"""Support casework through the staff report page: assignment, the initial appointment and the
first-contact deadline, messages (anonymous and by email), internal notes, tags, status,
support actions, the routes out (HR, Harassment Management Group, closure)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils.html import escape

from accounts.permissions import grant_object_access
from audit.models import AccessEvent, AuditEvent
from institutions.models import Deadline
from institutions.selectors import deadlines_for
from precautionary.models import RiskAssessmentRequest
from reporting.models import InternalNote, ReportMessage, SupportAction, SupportService
from reporting.services.casework import report_assign
from reporting.services.followup import reporter_reply, reporter_thread

from .test_staff_support import anonymous_report, at, named_report, reload, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw_client(client, caseworker):
    client.force_login(caseworker)
    return client


def test_caseworker_assigns_a_new_report(cw_client, kingsway, caseworker, caseworker2):
    report = anonymous_report(kingsway)
    page = cw_client.get(url(report))
    assert 'action="' + url(report, "assign") + '"' in page.text
    assert escape(caseworker2.full_name) in page.text  # offered as an assignee

    response = cw_client.post(url(report, "assign"), {"assign-assignee": caseworker2.pk})

    assert response.status_code == 302
    assert response["Location"] == url(report)
    report = reload(report)
    assert report.assignee == caseworker2
    assert report.status == "assigned"
    page = cw_client.get(url(report))
    assert f"{report.reference} is assigned to {escape(caseworker2.full_name)}." in page.text


def test_assigning_someone_who_is_not_a_caseworker_is_refused_on_the_field(
        cw_client, kingsway, bystander):
    report = anonymous_report(kingsway)

    response = cw_client.post(url(report, "assign"), {"assign-assignee": bystander.pk})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Choose a support caseworker of this institution." in response.text
    assert reload(report).assignee is None


def test_appointment_meets_the_first_contact_deadline(cw_client, kingsway, caseworker):
    with at("2026-11-02"):  # Monday: first contact due in 2 working days
        report = named_report(kingsway)
        report_assign(report=report, actor=caseworker, assignee=caseworker)
    (deadline,) = deadlines_for(institution=kingsway, subject=report)
    assert deadline.due_date == dt.date(2026, 11, 4)

    with at("2026-11-03"):
        page = cw_client.get(url(report))
        assert "Record an appointment" in page.text
        assert 'class="tag soon"' in page.text  # due tomorrow
        response = cw_client.post(url(report, "appointments"), {
            "appointment-mode": "online", "appointment-date": "2026-11-05",
            "appointment-status": "offered", "appointment-notes": "Teams link sent."})
        assert response.status_code == 302
        page = cw_client.get(url(report))

    report = reload(report)
    assert report.status == "in_support"
    assert report.first_contact_on == dt.date(2026, 11, 3)
    (deadline,) = deadlines_for(institution=kingsway, subject=report)
    assert deadline.status == Deadline.Status.MET
    assert deadline.completed_on == dt.date(2026, 11, 3)
    assert "Appointment recorded: online (e.g. microsoft teams), 5 November 2026" in page.text
    assert "Teams link sent." in page.text
    assert "Met on 3 Nov 2026" in page.text


def test_appointment_without_a_date_keeps_what_was_typed(cw_client, kingsway):
    report = named_report(kingsway)

    response = cw_client.post(url(report, "appointments"), {
        "appointment-mode": "in_person", "appointment-date": "",
        "appointment-status": "offered", "appointment-notes": "Room 4.02, bring a friend."})

    assert response.status_code == 200
    assert "Date of the appointment: Enter the date of the appointment." in response.text
    assert "Room 4.02, bring a friend." in response.text
    assert 'value="in_person" required id="id_appointment-mode_0" checked' in response.text
    assert not reload(report).appointments.exists()


def test_anonymous_reporter_is_not_offered_an_appointment(cw_client, kingsway):
    report = anonymous_report(kingsway)
    page = cw_client.get(url(report))
    assert url(report, "appointments") not in page.text
    assert "once they give contact details" in page.text

    response = cw_client.post(url(report, "appointments"), {
        "appointment-mode": "online", "appointment-date": "2026-11-05",
        "appointment-status": "offered"})

    assert "cannot be offered an appointment" in response.text
    assert not reload(report).appointments.exists()


def test_message_to_an_anonymous_reporter_reaches_the_follow_up_page(cw_client, kingsway):
    report = anonymous_report(kingsway)
    reporter_reply(report=report, body="Is anyone there?")
    assert reload(report).awaiting_staff
    page = cw_client.get(url(report))
    assert "The reporter wrote and nobody has answered" in page.text
    assert "Is anyone there?" in page.text
    assert 'name="message-channel"' not in page.text  # the follow-up page is the only way

    response = cw_client.post(url(report, "messages"), {
        "message-body": "Yes. We are here to help; reply here whenever you like."})

    assert response.status_code == 302
    report = reload(report)
    assert not report.awaiting_staff
    thread = reporter_thread(report=report)
    assert [(m.direction, m.channel, m.body) for m in thread] == [
        ("from_reporter", "receipt_page", "Is anyone there?"),
        ("to_reporter", "receipt_page", "Yes. We are here to help; reply here whenever you like."),
    ]
    page = cw_client.get(url(report))
    assert "Message posted: the reporter reads it on their follow-up page." in page.text


def test_message_to_a_named_reporter_goes_by_email(
        cw_client, kingsway, django_capture_on_commit_callbacks):
    report = named_report(kingsway)
    page = cw_client.get(url(report))
    assert '<option value="email" selected>Email</option>' in page.text
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = cw_client.post(url(report, "messages"), {
            "message-body": "Could we meet on Thursday?", "message-channel": "email"})

    assert response.status_code == 302
    # The relay also delivers what was still waiting in the outbox (the caseworkers' notice
    # of the new disclosure, written when the report was saved): only one goes to the reporter.
    to_reporter = [m for m in mail.outbox if m.to == ["sam@student.test"]]
    assert len(to_reporter) == 1
    assert to_reporter[0].body == "Could we meet on Thursday?"
    (message,) = ReportMessage.objects.for_institution(kingsway).filter(report=report)
    assert message.channel == "email"


def test_empty_message_is_refused_on_the_field(cw_client, kingsway):
    report = anonymous_report(kingsway)

    response = cw_client.post(url(report, "messages"), {"message-body": "   "})

    assert response.status_code == 200
    assert "Message to the reporter: Write the message." in response.text
    assert not ReportMessage.objects.for_institution(kingsway).exists()


def test_internal_note_is_never_in_the_reporters_thread(cw_client, kingsway):
    report = anonymous_report(kingsway)

    response = cw_client.post(url(report, "notes"), {
        "note-body": "Reporter sounded frightened; check in on Friday."})

    assert response.status_code == 302
    assert InternalNote.objects.for_institution(kingsway).get().body.startswith("Reporter")
    assert reporter_thread(report=reload(report)) == []
    page = cw_client.get(url(report))
    assert "Staff only: never shown to the reporter." in page.text
    assert "Reporter sounded frightened; check in on Friday." in page.text


def test_tags_status_and_support_action(cw_client, kingsway, caseworker):
    report = named_report(kingsway)
    report_assign(report=report, actor=caseworker, assignee=caseworker)
    service = SupportService.objects.for_institution(kingsway).first()

    cw_client.post(url(report, "tags"), {"tags-labels": "halls, needs interpreter , ,halls"})
    cw_client.post(url(report, "status"), {"status-status": "awaiting_reporter"})
    cw_client.post(url(report, "support-actions"), {
        "support_action-kind": "internal_referral", "support_action-detail": "Counselling.",
        "support_action-service": service.pk, "support_action-done_on": ""})

    report = reload(report)
    assert sorted(t.label for t in report.tags.all()) == ["halls", "needs interpreter"]
    assert report.status == "awaiting_reporter"
    action = SupportAction.objects.for_institution(kingsway).get()
    assert (action.kind, action.service, action.detail) == ("internal_referral", service,
                                                            "Counselling.")
    page = cw_client.get(url(report))
    assert "Referral to an internal service</strong>: " + service.name in page.text
    assert 'value="halls, needs interpreter"' in page.text


def test_status_outside_the_working_states_is_refused(cw_client, kingsway):
    report = anonymous_report(kingsway)
    response = cw_client.post(url(report, "status"), {"status-status": "closed"})
    assert "Select a valid choice" in response.text or "not one of" in response.text
    assert reload(report).status == "new"


def test_hr_referral_refused_when_nobody_involved_is_staff(cw_client, kingsway):
    report = named_report(kingsway)
    page = cw_client.get(url(report))
    assert url(report, "refer-to-hr") not in page.text  # not offered
    assert "nobody involved here is recorded as staff" in page.text

    response = cw_client.post(url(report, "refer-to-hr"), {
        "refer_hr-note": "Passed to HR business partner."})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Only a report about a member of staff is referred to HR" in response.text
    assert "Passed to HR business partner." in response.text
    report = reload(report)
    assert report.hr_referred_on is None
    assert report.status == "new"


def test_hr_referral_of_a_report_about_staff_closes_it(cw_client, kingsway):
    report = named_report(kingsway, involved=[{"name": "Dr Lee", "role": "staff"}])
    page = cw_client.get(url(report))
    assert url(report, "refer-to-hr") in page.text

    response = cw_client.post(url(report, "refer-to-hr"), {
        "refer_hr-note": "Passed to the HR business partner, J. Smith."})

    assert response.status_code == 302
    report = reload(report)
    assert report.hr_referred_on is not None
    assert report.status == "closed"
    page = cw_client.get(url(report))
    assert "Referred to HR on" in page.text
    assert url(report, "close") not in page.text  # nothing left to close


def test_referral_to_the_harassment_management_group(cw_client, kingsway, caseworker):
    report = anonymous_report(kingsway)

    response = cw_client.post(url(report, "refer-for-risk-assessment"), {
        "refer_risk-reason": "Threats to follow the reporter home."})

    assert response.status_code == 302
    request = RiskAssessmentRequest.objects.for_institution(kingsway).get()
    assert (request.report_id, request.requested_by) == (report.pk, caseworker)
    # The precautionary app's own service wrote it, with its own audit event (issue 8 §4).
    event = AuditEvent.objects.for_institution(kingsway).get(
        action="precautionary.risk_requested")
    assert (event.object_id, event.actor, event.changes["report"]) == (
        str(request.pk), caseworker, report.pk)
    page = cw_client.get(url(report))
    assert "Threats to follow the reporter home." in page.text
    assert "Awaiting the group" in page.text


def test_close_needs_a_reason_then_closes(cw_client, kingsway):
    report = anonymous_report(kingsway)

    response = cw_client.post(url(report, "close"), {"close-reason": ""})
    assert "Reason for closing: Give the reason for closing." in response.text
    assert reload(report).status == "new"

    response = cw_client.post(url(report, "close"), {"close-reason": "Information given."})
    assert response.status_code == 302
    report = reload(report)
    assert (report.status, report.closure_reason) == ("closed", "Information given.")
    (deadline,) = deadlines_for(institution=kingsway, subject=report)
    assert deadline.status == Deadline.Status.CANCELLED

    response = cw_client.post(url(report, "close"), {"close-reason": "Again."})
    assert "is already closed" in response.text  # ReportError in the summary


def test_someone_granted_access_reads_but_cannot_act(client, kingsway, decision_maker):
    report = anonymous_report(kingsway)
    grant_object_access(user=decision_maker, obj=report, perm="reporting.support_report")
    client.force_login(decision_maker)

    page = client.get(url(report))
    assert page.status_code == 200
    assert url(report, "notes") not in page.text
    assert client.get(url(report, "notes")).status_code == 403
    response = client.post(url(report, "notes"), {"note-body": "I should not be able to."})
    assert response.status_code == 403
    assert not InternalNote.objects.for_institution(kingsway).exists()


def test_every_action_is_audited_with_its_actor(cw_client, kingsway, caseworker):
    report = anonymous_report(kingsway)
    cw_client.post(url(report, "notes"), {"note-body": "A note."})
    actions = list(AuditEvent.objects.for_institution(kingsway)
                   .filter(object_id=str(report.pk), actor=caseworker)
                   .values_list("action", flat=True))
    assert "report.note_added" in actions
    assert AccessEvent.objects.for_institution(kingsway).filter(
        object_id=str(report.pk), actor=caseworker).exists()  # reads: the access log
