"""The investigation file's staff pages (§28, §39-44): forms that re-show what was typed with
the errors, need-to-know (404), case material shown only to those in a disciplinary role."""

import pytest

from audit.models import AccessEvent
from cases.models import CaseRole, InvestigationMeeting, LetterKind, Statement
from cases.services.common import assign
from cases.services.investigation import (
    investigation_meeting_record,
    investigator_report_submit,
    statement_record,
)

from .pages import fails, submit, url
from .rules_support import at, d, letters, midshire, on, to_investigation

pytestmark = pytest.mark.django_db
__all__ = ["midshire"]

PAGES = ["investigation/", "investigation/meetings/new/", "investigation/statements/new/",
         "investigation/evidence-requests/new/", "investigation/report/",
         "investigation/allegation-notice/"]


@pytest.fixture
def case(kingsway, ks):
    with at("2026-11-03"):
        return to_investigation(kingsway, ks)


def test_case_page_links_to_the_investigation_file(client, case, ks):
    client.force_login(ks.investigator)
    with at("2026-11-06"):
        page = client.get(url(case)).text
    assert url(case, "investigation/") in page


def test_investigation_actions_are_offered_on_the_case_page_and_in_the_api(client, case, ks):
    """The investigator's actions are in "What you can do now" and in ``available_actions``,
    each with its page and its endpoint (§28, §39-43)."""
    from . import api_support as api

    client.force_login(ks.investigator)
    with at("2026-11-06"):
        page = client.get(url(case)).text
        body = api.get(ks.investigator, case.institution, case.pk)
    actions = page.split('id="actions-title"', 1)[1].split("</section>", 1)[0]
    assert url(case, "investigation/") in actions
    assert url(case, "investigation/report/") in actions
    assert url(case, "investigation/allegation-notice/") in actions
    offered = {a["key"]: a for a in body["available_actions"]}
    assert offered["investigation_record"]["allowed"]
    assert offered["investigation_record"]["api_url"].endswith(
        f"/cases/{case.pk}/investigation/meetings/")
    assert offered["investigation_report"]["allowed"]
    assert "Submit the investigator's report to the School Secretary" in \
        offered["investigation_report"]["label"]
    assert offered["allegation_notice"]["api_url"].endswith(f"/cases/{case.pk}/allegation-notice/")


def test_meeting_form_reshows_input_with_the_errors_s42(client, case, ks):
    client.force_login(ks.investigator)
    with at("2026-11-06"):
        response = fails(client, url(case, "investigation/meetings/new/"), {
            "interviewee": "respondent", "held_on": "2026-11-05", "status": "held",
            "attendees": "The student", "companion": "friend", "companion_name": "Jo Friend",
            "companion_role": "representative", "notes": "Typed notes"})
    text = response.text
    assert "right to be accompanied" in text
    assert "exceptional circumstance" in text
    assert 'value="Jo Friend"' in text
    assert "Typed notes" in text
    assert not InvestigationMeeting.objects.for_institution(case.institution_id).exists()


def test_investigator_records_the_file_through_the_pages(
        client, case, ks, django_capture_on_commit_callbacks):
    client.force_login(ks.investigator)
    with on("2026-11-06", django_capture_on_commit_callbacks):
        submit(client, url(case, "investigation/allegation-notice/"), {
            "particulars": "Repeated abusive messages.", "respond_by": "2026-11-20"})
        submit(client, url(case, "investigation/meetings/new/"), {
            "interviewee": "respondent", "held_on": "2026-11-05", "status": "held",
            "told_of_right_to_be_accompanied": "on", "companion": "students_union",
            "adjustments": "A quiet room", "notes": "Denied it."})
        meeting = InvestigationMeeting.objects.for_institution(case.institution_id).get()
        submit(client, url(case, "investigation/statements/new/"), {
            "meeting": meeting.pk, "taken_on": "2026-11-05", "text": "I deny it."})
        statement = Statement.objects.for_institution(case.institution_id).get()
        submit(client, url(case, f"investigation/statements/{statement.pk}/agreement/"), {
            "agreement": "agreed", "on": "2026-11-06", "how": "Signed"})
        submit(client, url(case, "investigation/evidence-requests/new/"), {
            "what": "CCTV", "from_whom": "Security", "requested_on": "2026-11-06"})
        submit(client, url(case, "investigation/report/"), {
            "summary": "Summary", "findings": "Findings", "statements": [statement.pk]})
        page = client.get(url(case, "investigation/")).text
    assert [x.kind for x in letters(case)] == [LetterKind.ALLEGATION_NOTICE]
    for shown in ("Denied it.", "I deny it.", "A quiet room", "CCTV", "Version 1", "Agreed"):
        assert shown in page, shown
    # A second report is a new version, and says why.
    with at("2026-11-07"):
        response = fails(client, url(case, "investigation/report/"), {
            "summary": "Revised", "findings": "Revised findings"})
    assert "cannot be changed" in response.text
    assert "Revised findings" in response.text


def test_caseworker_on_the_case_does_not_read_statements_or_notes(client, case, ks):
    with at("2026-11-06"):
        meeting = investigation_meeting_record(
            case=case, actor=ks.investigator, interviewee="respondent",
            held_on=d("2026-11-05"), told_of_right_to_be_accompanied=True,
            notes="Private meeting notes")
        statement_record(case=case, actor=ks.investigator, meeting=meeting,
                         taken_on=d("2026-11-05"), text="Private statement")
        investigator_report_submit(case=case, actor=ks.investigator, summary="Private summary",
                                   findings="Private findings")
        assign(case=case, user=ks.caseworker, role=CaseRole.CASEWORKER, by=ks.secretary)
    client.force_login(ks.caseworker)
    with at("2026-11-07"):
        page = client.get(url(case, "investigation/")).text
        form = client.get(url(case, "investigation/meetings/new/"))
    assert "Private" not in page
    assert "Version 1" in page
    assert form.status_code == 403


def test_decision_maker_reads_the_file(client, case, ks):
    with at("2026-11-06"):
        statement_record(case=case, actor=ks.investigator, given_by="respondent",
                         taken_on=d("2026-11-05"), text="An account")
    client.force_login(ks.secretary)
    with at("2026-11-06"):
        assert "An account" in client.get(url(case, "investigation/")).text
    # Every read of the file is in the access log.
    assert AccessEvent.objects.for_institution(case.institution).filter(
        actor=ks.secretary, object_type="cases.case", object_id=str(case.pk),
        what="investigation file").exists()


def test_another_institutions_staff_get_404(client, case, ms, midshire):
    client.force_login(ms.secretary)
    for page in PAGES:
        assert client.get(url(case, page)).status_code == 404, page
        assert client.post(url(case, page), {"particulars": "x"}).status_code == 404, page
    assert client.get(f"/midshire/staff/cases/{case.pk}/investigation/").status_code == 404


@pytest.mark.parametrize("who", ["bystander", "clerk", "reviewer", "untrained", "caseworker"])
def test_unassigned_staff_get_404(client, case, ks, who):
    client.force_login(getattr(ks, who))
    for page in PAGES:
        assert client.get(url(case, page)).status_code == 404, page
        assert client.post(url(case, page), {"particulars": "x"}).status_code == 404, page


def test_midshire_conduct_officer_records_a_meeting_with_the_caseworker_004(
        client, midshire, ms):
    with at("2026-11-03"):
        case = to_investigation(midshire, ms)
    client.force_login(ms.investigator)
    with at("2026-11-06"):
        form = client.get(url(case, "investigation/meetings/new/")).text
        party = case.parties.get()
        submit(client, url(case, "investigation/meetings/new/"), {
            "interviewee": "reporting_party", "party": party.pk, "held_on": "2026-11-05",
            "status": "held", "companion": "caseworker"})
    assert "Their " + midshire.role_label("support_caseworker") in form


def test_midshire_investigation_pages_cite_004_not_002_paragraphs(client, midshire, ms):
    """Issue 13 item 6: the investigation file's pages at Midshire carry none of 002's
    paragraph numbers."""
    with at("2026-11-03"):
        case = to_investigation(midshire, ms)
    client.force_login(ms.investigator)
    with at("2026-11-06"):
        for page in PAGES:
            response = client.get(url(case, page))
            assert response.status_code == 200, page
            assert "§" not in response.text, page
