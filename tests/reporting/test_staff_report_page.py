"""The staff report page: need-to-know (404s), the identity custodian rule, evidence downloads
(decrypted, audited), the repeat-respondent signal, and the link to the disciplinary case."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.permissions import grant_object_access
from accounts.roles import Role
from accounts.selectors import membership_get
from audit.models import AccessEvent
from reporting.models import ReportEvidence, ReportingSettings
from reporting.selectors import repeat_respondent_flags
from reporting.services.casework import report_assign
from reporting.services.escalation import report_escalate

from ..factories import staff
from .test_staff_support import anonymous_report, named_report, reload, url

pytestmark = pytest.mark.django_db

EVIDENCE = b"Screenshot transcript: 'you can't hide from me'\n"


def test_caseworker_sees_everything_the_reporter_said(client, kingsway, caseworker):
    report = named_report(kingsway, when="ongoing", location_detail="Block C kitchen",
                          wants=["support", "formal_report"])
    client.force_login(caseworker)

    page = client.get(url(report)).text

    for text in ("A student", "It happened to me", "Harassment or bullying",
                 "It is still happening", "Hall of residence or student accommodation: "
                 "Block C kitchen", "To make a formal report",
                 "He kept sending me messages after I asked him to stop.",
                 # custodian: the reporter and the people involved by name
                 "Sam Reporter", "sam@student.test", "Jo Bloggs", "20230042",
                 "First contact with the reporter"):
        assert text in page, text


def test_non_custodian_with_access_sees_the_pseudonym_only(client, kingsway, decision_maker):
    report = named_report(kingsway)
    grant_object_access(user=decision_maker, obj=report, perm="reporting.support_report")
    client.force_login(decision_maker)

    page = client.get(url(report))

    assert page.status_code == 200
    assert report.pseudonym in page.text
    for secret in ("Sam Reporter", "sam@student.test", "Jo Bloggs", "20230042"):
        assert secret not in page.text, secret
    assert "Only staff with the role Anti-Harassment Support Advisor can see who" in page.text
    assert "He kept sending me messages" in page.text  # what happened is shared

    queue = client.get("/kingsway/staff/reports/")
    assert report.pseudonym in queue.text
    assert "Sam Reporter" not in queue.text


def test_institution_can_make_another_role_the_custodian(client, kingsway, caseworker,
                                                         decision_maker):
    ReportingSettings.objects.for_institution(kingsway).update_or_create(
        institution=kingsway, defaults={"identity_custodian_roles": [Role.DECISION_MAKER]})
    report = named_report(kingsway)
    client.force_login(caseworker)
    assert "Sam Reporter" not in client.get(url(report)).text
    grant_object_access(user=decision_maker, obj=report, perm="reporting.support_report")
    client.force_login(decision_maker)
    assert "Sam Reporter" in client.get(url(report)).text


@pytest.mark.parametrize("who", ["outsider", "bystander"])
def test_no_need_to_know_gets_the_same_404_as_a_missing_report(request, client, kingsway, who):
    report = named_report(kingsway, files=[SimpleUploadedFile("notes.txt", EVIDENCE)])
    evidence = ReportEvidence.objects.for_institution(kingsway).get()
    client.force_login(request.getfixturevalue(who))

    for path in (url(report), url(report, f"evidence/{evidence.pk}"), url(report, "notes"),
                 url(report, "escalate"), f"/kingsway/staff/reports/{report.pk + 999}/"):
        assert client.get(path).status_code == 404, path
    assert client.post(url(report, "notes"), {"note-body": "x"}).status_code == 404


def test_other_institutions_report_is_404_even_for_its_own_path(client, midshire, caseworker):
    theirs = anonymous_report(midshire)
    client.force_login(caseworker)  # a Kingsway caseworker
    assert client.get(f"/kingsway/staff/reports/{theirs.pk}/").status_code == 404
    assert client.get(url(theirs)).status_code == 404  # not a member of Midshire


def test_signed_out_visitor_is_sent_to_sign_in(client, kingsway):
    report = anonymous_report(kingsway)
    response = client.get(url(report))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_evidence_download_is_decrypted_and_audited(client, kingsway, caseworker):
    report = named_report(kingsway, files=[SimpleUploadedFile("threat.txt", EVIDENCE)])
    evidence = ReportEvidence.objects.for_institution(kingsway).get()
    with evidence.file.open("rb") as handle:
        assert EVIDENCE not in handle.read()  # encrypted at rest
    client.force_login(caseworker)
    page = client.get(url(report)).text
    assert f'href="{url(report, f"evidence/{evidence.pk}")}"' in page
    assert "threat.txt" in page

    response = client.get(url(report, f"evidence/{evidence.pk}"))

    assert response.status_code == 200
    assert response.content == EVIDENCE
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"] == 'attachment; filename="threat.txt"'
    event = AccessEvent.objects.for_institution(kingsway).filter(
        object_type="reporting.reportevidence", object_id=str(evidence.pk)).get()
    assert event.actor == caseworker
    assert event.what == "report evidence download"


def test_non_custodian_gets_evidence_under_a_neutral_name(client, kingsway, decision_maker):
    report = named_report(kingsway, files=[SimpleUploadedFile("Sam Reporter.txt", EVIDENCE)])
    evidence = ReportEvidence.objects.for_institution(kingsway).get()
    grant_object_access(user=decision_maker, obj=report, perm="reporting.support_report")
    client.force_login(decision_maker)

    assert "Sam Reporter" not in client.get(url(report)).text
    response = client.get(url(report, f"evidence/{evidence.pk}"))
    assert response.content == EVIDENCE
    assert "Sam Reporter" not in response["Content-Disposition"]
    assert f"{report.reference}-file-{evidence.pk}.txt" in response["Content-Disposition"]


def test_evidence_of_another_report_is_404(client, kingsway, caseworker):
    report = named_report(kingsway)
    other = named_report(kingsway, files=[SimpleUploadedFile("a.txt", EVIDENCE)])
    evidence = ReportEvidence.objects.for_institution(kingsway).get(report=other)
    client.force_login(caseworker)
    assert client.get(url(report, f"evidence/{evidence.pk}")).status_code == 404


def test_repeat_respondent_flag_on_both_reports_naming_the_same_student(
        client, kingsway, caseworker):
    first = anonymous_report(kingsway)  # names student 20230042
    second = named_report(kingsway, involved=[
        {"name": "J. Bloggs", "student_id": "20230042", "role": "student"}])
    unrelated = anonymous_report(kingsway, involved=[
        {"name": "Someone Else", "student_id": "20990000", "role": "student"}])
    client.force_login(caseworker)

    first_page = client.get(url(first)).text
    second_page = client.get(url(second)).text
    unrelated_page = client.get(url(unrelated)).text

    assert "Someone involved is named elsewhere" in first_page
    assert f'href="{url(second)}">Report {second.reference}' in first_page
    assert f'href="{url(first)}">Report {first.reference}' in second_page
    assert "Someone involved is named elsewhere" not in unrelated_page


def test_repeat_flag_shows_only_what_the_viewer_may_see(client, kingsway, decision_maker):
    first = anonymous_report(kingsway)
    second = anonymous_report(kingsway)  # the same student ID
    grant_object_access(user=decision_maker, obj=first, perm="reporting.support_report")
    client.force_login(decision_maker)

    page = client.get(url(first)).text

    assert second.reference not in page
    assert "Someone involved is named elsewhere" not in page


def test_escalated_report_links_to_its_case_and_flags_it_on_the_other_report(
        client, kingsway, caseworker):
    escalated = named_report(kingsway)
    earlier = anonymous_report(kingsway)  # names the same student
    report_assign(report=escalated, actor=caseworker, assignee=caseworker)
    case = report_escalate(
        report=escalated, actor=caseworker, consent_given_on=escalated.submitted_on,
        respondent={"student_id": "20230042", "given_name": "Jo", "family_name": "Bloggs"},
        allegations=[{"misconduct_type": "24.6", "category": "harassment", "severity": "minor",
                      "description": "Unwanted messages."}],
        summary="Unwanted messages after being asked to stop.")
    client.force_login(caseworker)

    page = client.get(url(escalated)).text
    assert f'<a href="/kingsway/staff/cases/{case.pk}/">{case.reference}</a>' in page
    assert "Escalated to a formal report" in page
    assert url(escalated, "escalate") not in page
    # On the escalated report its own case is not a "repeat"; the earlier report is.
    flags = repeat_respondent_flags(report=reload(escalated), membership=membership_get(
        user=caseworker, institution=kingsway))
    assert [(f.kind, f.reference) for f in flags] == [("report", earlier.reference)]

    earlier_page = client.get(url(earlier)).text
    assert f'href="/kingsway/staff/cases/{case.pk}/">Disciplinary case {case.reference}' in \
        earlier_page


def test_page_for_a_safe_contact_who_was_granted_access(client, kingsway):
    safe_contact = staff(kingsway, Role.SAFE_CONTACT, email="sc@kingsway.test")
    report = anonymous_report(kingsway)
    grant_object_access(user=safe_contact, obj=report, perm="reporting.support_report")
    client.force_login(safe_contact)
    assert client.get(url(report)).status_code == 200
