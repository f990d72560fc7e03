"""Escalation to a formal report from the staff pages: the Alleged Misconduct Form / INAM
report, prefilled from the report, opens a disciplinary case only with the reporter's consent."""

import pytest

from cases.models import Allegation, Case, Party
from reporting.services.casework import report_assign

from .test_staff_support import anonymous_report, at, named_report, reload, url

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "escalate-consent_given_on": "2026-11-04",
        "escalate-student_id": "20230042", "escalate-given_name": "Jo",
        "escalate-family_name": "Bloggs", "escalate-email": "jo.bloggs@student.test",
        "escalate-cohort": "standard", "escalate-registration_status": "registered",
        "escalate-allegation_0_misconduct_type": "24.6",
        "escalate-allegation_0_category": "harassment",
        "escalate-allegation_0_severity": "minor",
        "escalate-allegation_0_description": "Repeated unwanted messages.",
        "escalate-summary": "Messages over three weeks in halls after being asked to stop.",
        "escalate-impact": "Stopped going to the kitchen.",
        "escalate-outcome_sought": "That it stops.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def report(kingsway, caseworker):
    with at("2026-11-02"):
        report = named_report(kingsway, categories=["harassment", "sexual_harassment"])
        report_assign(report=report, actor=caseworker, assignee=caseworker)
    return report


def test_form_is_prefilled_from_the_report(client, caseworker, report):
    client.force_login(caseworker)
    with at("2026-11-04"):
        page = client.get(url(report, "escalate")).text

    assert 'name="escalate-student_id" value="20230042"' in page
    assert 'name="escalate-given_name" value="Jo"' in page
    assert 'name="escalate-family_name" value="Bloggs"' in page
    # Two categories: 24.6 / harassment and 24.6 / sexual misconduct.
    assert '<option value="harassment" selected>' in page
    assert '<option value="sexual" selected>' in page
    assert "He kept sending me messages after I asked him to stop.</textarea>" in page


def test_escalation_opens_a_case(client, kingsway, caseworker, report):
    client.force_login(caseworker)
    with at("2026-11-04"):
        response = client.post(url(report, "escalate"), form_data())

    assert response.status_code == 302
    case = Case.objects.for_institution(kingsway).get()
    assert case.source_report_id == report.pk
    assert case.respondent.student_id == "20230042"
    assert str(case.allegation_raised_on) == "2026-11-04"
    allegation = Allegation.objects.for_institution(kingsway).get(case=case)
    assert (allegation.misconduct_type, allegation.category, allegation.severity) == (
        "24.6", "harassment", "minor")
    party = Party.objects.for_institution(kingsway).get(case=case)
    assert (party.kind, party.name) == ("reporting_party", "Sam Reporter")
    report = reload(report)
    assert report.case_id == case.pk
    assert report.status == "escalated"
    assert str(report.formal_consent_on) == "2026-11-04"
    with at("2026-11-04"):
        page = client.get(url(report)).text
    assert f"Formal report made: disciplinary case {case.reference} is open" in page
    assert f'<a href="/kingsway/staff/cases/{case.pk}/">{case.reference}</a>' in page


def test_escalation_without_consent_date_is_refused_keeping_input(
        client, kingsway, caseworker, report):
    client.force_login(caseworker)
    with at("2026-11-04"):
        response = client.post(url(report, "escalate"), form_data(**{
            "escalate-consent_given_on": "",
            "escalate-summary": "My carefully typed summary.",
            "escalate-given_name": "Joanna"}))

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Record the date the reporter agreed to make a formal report" in response.text
    assert 'href="#id_escalate-consent_given_on"' in response.text
    assert "My carefully typed summary.</textarea>" in response.text
    assert 'name="escalate-given_name" value="Joanna"' in response.text
    assert not Case.objects.for_institution(kingsway).exists()
    assert reload(report).status == "assigned"


def test_case_open_errors_land_on_the_allegation_row_used(client, kingsway, caseworker, report):
    client.force_login(caseworker)
    with at("2026-11-04"):
        response = client.post(url(report, "escalate"), form_data(**{
            "escalate-allegation_0_misconduct_type": "",
            "escalate-allegation_0_category": "", "escalate-allegation_0_severity": "",
            "escalate-allegation_0_description": "",
            "escalate-allegation_1_misconduct_type": "24.6",
            "escalate-allegation_1_category": "sexual",
            "escalate-allegation_1_severity": "major",
            "escalate-allegation_1_description": "",
            "escalate-student_id": ""}))

    assert 'id="id_escalate-allegation_1_description_error"' in response.text
    assert "Describe the alleged misconduct." in response.text
    assert "Student ID: Enter the reported student&#x27;s ID." in response.text
    assert not Case.objects.for_institution(kingsway).exists()


def test_future_consent_date_is_refused(client, kingsway, caseworker, report):
    client.force_login(caseworker)
    with at("2026-11-04"):
        response = client.post(url(report, "escalate"),
                               form_data(**{"escalate-consent_given_on": "2026-11-05"}))
    assert "The date cannot be in the future." in response.text
    assert not Case.objects.for_institution(kingsway).exists()


def test_anonymous_report_cannot_be_escalated(client, kingsway, caseworker):
    report = anonymous_report(kingsway)
    client.force_login(caseworker)

    page = client.get(url(report)).text
    assert url(report, "escalate") not in page
    page = client.get(url(report, "escalate")).text
    assert "This report cannot be escalated now" in page
    assert "<form method=\"post\"" not in page.split("<main")[1]

    response = client.post(url(report, "escalate"), form_data())
    assert "An anonymous report cannot start the formal process" in response.text
    assert not Case.objects.for_institution(kingsway).exists()


def test_closed_report_cannot_be_escalated(client, kingsway, caseworker, report):
    client.force_login(caseworker)
    with at("2026-11-04"):
        client.post(url(report, "close"), {"close-reason": "No further contact wanted."})
        response = client.post(url(report, "escalate"), form_data())
    assert "You cannot escalate to a formal report" in response.text
    assert not Case.objects.for_institution(kingsway).exists()


def test_several_students_named_offers_a_choice(client, kingsway, caseworker):
    report = named_report(kingsway, involved=[
        {"name": "Jo Bloggs", "student_id": "20230042", "role": "student"},
        {"name": "Max Power", "student_id": "20230077", "role": "student"}])
    (max_power,) = [p for p in report.involved.all() if p.name == "Max Power"]
    client.force_login(caseworker)

    page = client.get(url(report, "escalate") + f"?person={max_power.pk}").text

    assert "The reporter named more than one student" in page
    assert 'name="escalate-student_id" value="20230077"' in page
    assert 'name="escalate-family_name" value="Power"' in page
