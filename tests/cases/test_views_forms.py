"""The forms: the service's words against the right field, what was typed kept, the
institution's own labels, and 403 for people whose role the service refuses."""

import datetime as dt
import re

import pytest
import time_machine

from cases.models import Case, CaseRole, Outcome, Stage
from cases.services.common import assign
from cases.services.intake import case_decide_intake, case_open
from cases.services.outcomes import formal_decide

from .conftest import case_data
from .pages import (
    error_for,
    fails,
    open_case_data,
    submit,
    textarea_of,
    url,
    value_of,
)

pytestmark = pytest.mark.django_db
NEW = "/kingsway/staff/cases/new/"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2026, 11, 3, 10), tick=False):
        yield


def at_investigation(inst, staff, **overrides):
    case = case_open(institution=inst, actor=staff.secretary, **case_data(**overrides))
    return case_decide_intake(case=case, actor=staff.secretary, route="formal",
                              reasons="Investigate")


# -- the Alleged Misconduct Form ----------------------------------------------------------------
def test_open_form_has_the_appendix_a_fields(client, kingsway, ks):
    client.force_login(ks.caseworker)
    html = client.get(NEW).text
    for label in ("Student ID", "Family name", "Given name", "Email", "Telephone",
                  "Date of incident", "Allegation 1: type of misconduct (§24)",
                  "Allegation 1: category (Appendix C)", "Allegation 1: major or minor",
                  "Summary of alleged misconduct", "Reporting party: name", "Witness 1: name",
                  "Date the allegation was raised", "Registration status",
                  "The police are involved"):
        assert label in html, label
    assert "<legend>Allegation 1: major or minor</legend>" in html  # radios in a fieldset


def test_a_caseworker_opens_a_case_and_is_appointed_to_it(client, kingsway, ks):
    client.force_login(ks.caseworker)
    submit(client, NEW, open_case_data(
        party_1_name="Wendy Witness", party_1_email="w@student.test",
        allegation_1_misconduct_type="24.7", allegation_1_category="property_damage",
        allegation_1_severity="minor", allegation_1_description="Broke a door."))
    case = Case.objects.for_institution(kingsway).get()
    assert case.respondent.family_name == "Sample"
    assert [a.misconduct_type for a in case.allegations.all()] == ["24.6", "24.7"]
    assert sorted((p.kind, p.name) for p in case.parties.all()) == [
        ("reporting_party", "Sam Reporter"), ("witness", "Wendy Witness")]
    page = client.get(url(case))
    assert page.status_code == 200
    assert "Support caseworker" in page.text or "Anti-Harassment Support Advisor" in page.text


def test_service_errors_go_against_the_field_and_keep_what_was_typed(client, kingsway, ks):
    client.force_login(ks.secretary)
    data = open_case_data(
        student_id="", given_name="",
        allegation_raised_on="2026-12-25",  # in the future
        # row 2 left blank, row 3 half filled: the service calls it allegations.1
        allegation_2_misconduct_type="24.1", allegation_2_category="obstruction",
        allegation_2_severity="minor", allegation_2_description="",
        party_1_email="w@student.test")  # a witness with no name: parties.1.name
    response = fails(client, NEW, data)
    html = response.text
    assert error_for(html, "id_student_id") == "Enter the reported student&#x27;s ID."
    assert error_for(html, "id_given_name") == "Enter the reported student&#x27;s name."
    assert error_for(html, "id_allegation_raised_on") == \
        "The allegation cannot be raised in the future."
    assert error_for(html, "id_allegation_2_description") == "Describe the alleged misconduct."
    assert error_for(html, "id_party_1_name") == "Enter the person&#x27;s name."
    # the summary links to each field
    assert 'href="#id_allegation_2_description"' in html
    # everything typed is still there
    assert value_of(html, "family_name") == "Sample"
    assert value_of(html, "allegation_raised_on") == "2026-12-25"
    assert value_of(html, "party_1_email") == "w@student.test"
    assert textarea_of(html, "summary") == \
        "Messages sent over three weeks in the hall of residence."
    assert re.search(r'<option value="24.1" selected>', html)
    assert Case.objects.for_institution(kingsway).count() == 0


def test_a_student_outside_the_procedure_needs_a_recorded_reason(client, kingsway, ks):
    client.force_login(ks.secretary)
    html = fails(client, NEW, open_case_data(registration_status="withdrawn")).text
    assert "does not normally apply to a student who is withdrawn" in error_for(
        html, "id_registration_override_reason")
    assert '<option value="withdrawn" selected>' in html
    submit(client, NEW, open_case_data(registration_status="withdrawn",
                                       registration_override_reason="Incident while registered"))


def test_a_date_that_is_not_a_date_is_kept_and_explained(client, kingsway, ks):
    client.force_login(ks.secretary)
    html = fails(client, NEW, open_case_data(incident_date="31/02/2026")).text
    assert error_for(html, "id_incident_date") == "Enter a real date, for example 2026-11-02."
    assert value_of(html, "incident_date") == "31/02/2026"


@pytest.mark.parametrize("who", ["clerk", "investigator", "bystander", "reviewer"])
def test_open_form_is_403_for_roles_that_cannot_open_cases(client, kingsway, ks, who):
    client.force_login(getattr(ks, who))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, open_case_data()).status_code == 403
    assert Case.objects.for_institution(kingsway).count() == 0


# -- transitions ------------------------------------------------------------------------------
def test_transition_error_is_shown_in_the_summary_with_the_input_kept(client, kingsway, ks):
    case = case_open(institution=kingsway, actor=ks.secretary, **case_data())  # major
    client.force_login(ks.secretary)
    html = fails(client, url(case, "intake/"), {"route": "informal",
                                                 "reasons": "Try mediation first"}).text
    assert "Informal resolution is for minor misconduct (§25)" in html
    assert textarea_of(html, "reasons") == "Try mediation first"
    assert 'value="informal" id="id_route_3" checked' not in html  # sanity: right id below
    assert re.search(r'value="informal"[^>]*checked', html)
    case.refresh_from_db()
    assert case.stage == Stage.INTAKE


def test_someone_the_service_refuses_gets_403(client, kingsway, ks):
    case = at_investigation(kingsway, ks)
    assign(case=case, user=ks.investigator, role=CaseRole.INVESTIGATOR, by=ks.secretary)
    client.force_login(ks.investigator)
    assert client.get(url(case, "formal-decision/")).status_code == 403
    response = client.post(url(case, "formal-decision/"),
                           {"result": "dismiss", "reasons": "No case to answer"})
    assert response.status_code == 403
    assert "Only the School Secretary can do this." in response.text
    assert not Outcome.objects.for_institution(kingsway).exists()


def test_a_transition_not_open_at_this_stage_says_why_instead_of_a_form(client, kingsway, ks):
    case = case_open(institution=kingsway, actor=ks.secretary, **case_data())
    client.force_login(ks.secretary)
    html = client.get(url(case, "formal-decision/")).text
    assert "This cannot be done now" in html
    assert "is at &#x27;Decision whether to proceed&#x27;" in html
    assert '<form method="post" novalidate' not in html


def test_board_notice_errors_against_fields_keep_input(client, kingsway, ks):
    case = at_investigation(kingsway, ks)
    formal_decide(case=case, actor=ks.secretary, result="refer_to_board", reasons="Major")
    for user, role in ((ks.clerk, CaseRole.CLERK), (ks.chair, CaseRole.BOARD_CHAIR),
                       (ks.su, CaseRole.BOARD_SU_OFFICER),
                       (ks.academic, CaseRole.BOARD_ACADEMIC)):
        assign(case=case, user=user, role=role, by=ks.secretary)
    client.force_login(ks.clerk)
    page = client.get(url(case, "board/notice/")).text
    assert "Chair of the Board of Discipline: " in page
    html = fails(client, url(case, "board/notice/"), {
        "sent_on": "2026-11-03", "hearing_date": "2026-11-05", "hearing_format": "online",
        "arrangements": "Teams link to follow", "evidence_summary": "",
        "documents": "Statement", "witness_questions": "direct",
        "proceeds_if_absent": "no"}).text
    assert "The hearing must be after" in error_for(html, "id_hearing_date")
    assert error_for(html, "id_evidence_summary") == "§58 requires this in the notice."
    assert textarea_of(html, "arrangements") == "Teams link to follow"
    assert value_of(html, "hearing_date") == "2026-11-05"
    case.refresh_from_db()
    assert case.stage == Stage.BOARD_NOTICE


def test_assign_lists_only_people_who_may_take_the_role(client, kingsway, ks):
    case = at_investigation(kingsway, ks)
    client.force_login(ks.secretary)
    step_one = client.get(url(case, "assign/")).text
    assert 'name="role"' in step_one
    assert 'method="get"' in step_one
    html = client.get(url(case, "assign/?role=investigator")).text
    assert f'<option value="{ks.investigator.pk}">' in html
    assert f'<option value="{ks.untrained.pk}">' not in html
    assert "has no current specialist training" in html  # why the untrained one is missing
    # a stale or forged choice is refused by the form, the page still works
    html = fails(client, url(case, "assign/"), {"role": "investigator",
                                                  "user": ks.untrained.pk}).text
    assert "Choose one of the people listed." in html


# -- Midshire: its own words, its own limits --------------------------------------------------
def test_midshire_formal_decision_uses_its_labels_and_refuses_a_fine_over_250(
        client, midshire, ms):
    case = at_investigation(midshire, ms)
    client.force_login(ms.secretary)
    page = client.get(url(case, "formal-decision/")).text
    assert "<h1>Decision of the Academic Registrar</h1>" in page
    assert "School Secretary" not in page
    assert "Previous proven misconduct" in page
    assert "At least £50.00; the Academic Registrar may set up to £250.00." in page
    assert "Exclusion from Degree Congregation: only the Student Discipline Panel" in page
    assert "Refer to the Student Discipline Panel" in page

    data = {"result": "uphold", "reasons": "Proven on the balance of probabilities.",
            "considered_previous_record": "on", "penalty_fine": "on",
            "penalty_fine_amount": "300", "penalty_fine_details": "Within 28 days"}
    html = fails(client, url(case, "formal-decision/"), data).text
    assert "A fine of £300.00 is beyond the power of the Academic Registrar (up to £250.00)." \
        in html
    assert value_of(html, "penalty_fine_amount") == "300"
    assert value_of(html, "penalty_fine_details") == "Within 28 days"
    assert textarea_of(html, "reasons") == "Proven on the balance of probabilities."
    assert not Outcome.objects.for_institution(midshire).exists()
    case.refresh_from_db()
    assert case.stage == Stage.INVESTIGATION

    submit(client, url(case, "formal-decision/"), {**data, "penalty_fine_amount": "250"})
    outcome = Outcome.objects.for_institution(midshire).get()
    assert [(p.penalty_type.code, p.amount, p.details) for p in outcome.penalties.all()] == [
        ("fine", 250, "Within 28 days")]
    assert "Decision recorded: Allegation upheld." in client.get(url(case)).text


def test_upholding_needs_the_previous_record_considered(client, kingsway, ks):
    earlier = at_investigation(kingsway, ks)
    formal_decide(case=earlier, actor=ks.secretary, result="uphold", reasons="Proven",
                  considered_previous_record=True, penalties=[{"code": "written_warning"}])
    case = at_investigation(kingsway, ks)  # the same student again
    client.force_login(ks.secretary)
    page = client.get(url(case, "formal-decision/")).text
    assert earlier.reference in page  # the previous record is on the page (§47)
    html = fails(client, url(case, "formal-decision/"),
                 {"result": "uphold", "reasons": "Proven", "penalty_apology": "on"}).text
    assert "Confirm that you considered the student&#x27;s previous disciplinary record" in \
        error_for(html, "id_considered_previous_record")
    assert re.search(r'name="penalty_apology"[^>]*checked', html)


def test_an_amount_for_a_fine_not_ticked_is_questioned(client, kingsway, ks):
    case = at_investigation(kingsway, ks)
    client.force_login(ks.secretary)
    html = fails(client, url(case, "formal-decision/"), {
        "result": "uphold", "reasons": "Proven", "considered_previous_record": "on",
        "penalty_fine_amount": "100"}).text
    assert "Tick a fine to impose it, or clear the amount." in error_for(html, "id_penalty_fine")
    html = fails(client, url(case, "formal-decision/"), {
        "result": "uphold", "reasons": "Proven", "considered_previous_record": "on",
        "penalty_fine": "on", "penalty_fine_amount": "a hundred"}).text
    assert error_for(html, "id_penalty_fine_amount") == \
        "Enter an amount in pounds, for example 150 or 150.00."
    assert value_of(html, "penalty_fine_amount") == "a hundred"


def test_midshire_pages_name_its_panel_not_the_board(client, midshire, ms):
    case = at_investigation(midshire, ms)
    formal_decide(case=case, actor=ms.secretary, result="refer_to_board", reasons="Serious")
    client.force_login(ms.secretary)
    page = client.get(url(case)).text
    assert "Referred to the Student Discipline Panel (notice due)" in page
    assert "Formal decision: Referred to the Student Discipline Panel" in page
    queue = client.get("/midshire/staff/cases/").text
    assert "Referred to the Student Discipline Panel (notice due)</td>" in queue
    assert '<option value="board_hearing">Student Discipline Panel hearing arranged' in queue
    assert "Referred to the Board" not in page + queue
