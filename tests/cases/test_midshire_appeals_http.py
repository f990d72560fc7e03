"""A Midshire case through the public pages, the staff pages and the API: from the reporting
student's report to the appeals panel's decision and their informal review (004)."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from cases.models import (
    Appeal,
    AppealPanel,
    Case,
    InformalReview,
    Letter,
    LetterKind,
    Party,
    Stage,
)
from reporting.models import Report
from reporting.services.setup import reporting_defaults_apply

from ..reporting import public_walk
from . import api_support, rules_support
from .pages import fails, open_case_data, submit, url

pytestmark = pytest.mark.django_db

midshire = rules_support.midshire  # conftest's fixture fails; see rules_support


def at(day: dt.datetime):
    return time_machine.travel(day, tick=False)


def test_midshire_case_from_report_to_appeals_panel_and_informal_review(
        client, midshire, ms, django_capture_on_commit_callbacks):
    # The reporting student reports through Midshire's public pages, named.
    reporting_defaults_apply(institution=midshire)
    with at(dt.datetime(2026, 11, 2, 19)), django_capture_on_commit_callbacks(execute=True):
        public = Client()
        public_walk.walk(public, slug="midshire", overrides={8: public_walk.NAMED})
        done = public_walk.send(public, "midshire")
        assert public_walk.RECEIPT_RE.search(done.content.decode())
    report = Report.objects.for_institution(midshire).get()
    # Their caseworker makes it a formal report (an INAM report) with their consent.
    with at(dt.datetime(2026, 11, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        client.force_login(ms.caseworker)
        escalate = f"/midshire/staff/reports/{report.pk}/escalate/"
        assert client.get(escalate).status_code == 200
        response = client.post(escalate, {
            "escalate-consent_given_on": "2026-11-03",
            "escalate-student_id": "20260001", "escalate-given_name": "Alex",
            "escalate-family_name": "Sample", "escalate-email": "a.sample@student.test",
            "escalate-cohort": "standard", "escalate-registration_status": "registered",
            "escalate-allegation_0_misconduct_type": "24.6",
            "escalate-allegation_0_category": "harassment",
            "escalate-allegation_0_severity": "major",
            "escalate-allegation_0_description": "Repeated abusive messages.",
            "escalate-summary": "Messages sent over three weeks in the hall of residence.",
            "escalate-impact": "Stopped going to the kitchen.",
            "escalate-outcome_sought": "That it stops."})
        assert response.status_code == 302, response.content.decode()[:3000]
        case = Case.objects.for_institution(midshire).get()
        assert case.source_report_id == report.pk
        client.force_login(ms.secretary)
        submit(client, url(case, "intake/"), {"route": "formal", "reasons": "Investigate."})
        submit(client, url(case, "assign/"), {"role": "investigator",
                                              "user": ms.investigator.pk})
        submit(client, url(case, "formal-decision/"), {
            "result": "uphold", "reasons": "Proven.", "considered_previous_record": "on",
            "penalty_written_warning": "on"})
        # The assign page does not offer the places filled by their own step.
        page = client.get(url(case, "assign/"))
        assert "appeal_panel_chair" not in page.text

    with at(dt.datetime(2026, 11, 10, 10)), django_capture_on_commit_callbacks(execute=True):
        client.force_login(ms.secretary)
        submit(client, url(case, "appeal/"), {
            "received_on": "2026-11-10", "decision_received_on": "2026-11-03",
            "contact": "a.sample@student.test", "grounds": ["bias"],
            "summary": "The Conduct Officer knew the reporting student."})
        appeal = Appeal.objects.for_institution(midshire).get(case=case)
        submit(client, url(case, "assign/"), {"role": "appeal_reviewer",
                                              "user": ms.reviewer.pk})

        client.force_login(ms.reviewer)
        page = client.get(url(case))
        panel_page = url(case, f"appeals/{appeal.pk}/panel/")
        assert f'href="{panel_page}"' in page.text
        decide = client.get(url(case, f"appeals/{appeal.pk}/decide/"))
        assert 'value="rehearing"' not in decide.text  # not the designated member's power
        assert 'value="overturn"' not in decide.text
        # The investigator cannot sit: not even offered.
        form = client.get(panel_page)
        assert "Convene the panel" in form.text
        assert f'value="{ms.investigator.pk}"' not in form.text
        response = fails(client, panel_page, {"reasons": "Bias alleged.",
                                              "chair": ms.chair.pk, "members": [ms.su.pk]})
        assert "three people" in response.text
        assert "Bias alleged." in response.text  # the input is shown again
        submit(client, panel_page, {"reasons": "Bias alleged: a full hearing is needed.",
                                    "chair": ms.chair.pk,
                                    "members": [ms.su.pk, ms.academic.pk]})
        assert Appeal.objects.for_institution(midshire).get(pk=appeal.pk).status == "panel"

    with at(dt.datetime(2026, 11, 24, 10)), django_capture_on_commit_callbacks(execute=True):
        api = api_support.client(ms.su)  # a member, not the chair
        decision = api_support.url(midshire, case.pk, f"appeals/{appeal.pk}/panel/decision")
        assert api.post(decision, {"result": "confirm", "reasons": "x"},
                        format="json").status_code == 403
        chair = api_support.client(ms.chair)
        detail = chair.get(api_support.url(midshire, case.pk)).json()
        assert any(a["key"] == "appeal_panel_decision" and a["allowed"]
                   for a in detail["available_actions"])
        assert chair.post(decision, {"result": "rehearing", "reasons": "x"},
                          format="json").status_code == 400
        answer = chair.post(decision, {"result": "confirm",
                                       "reasons": "The officer had never met either student."},
                            format="json")
        assert answer.status_code == 201, answer.content
        assert answer.json()["outcome"]["result"] == "confirmed"
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED
    panel = AppealPanel.objects.for_institution(midshire).get()
    assert panel.status == "decided"
    assert Letter.objects.for_institution(midshire).filter(
        case=case, kind=LetterKind.COMPLETION_OF_PROCEDURES).exists()

    reviewer = rules_support.qualified(midshire, "appeal_reviewer",
                                       email="reviewer2@midshire.test")
    party = Party.objects.for_institution(midshire).get(case=case, kind="reporting_party")
    with at(dt.datetime(2026, 12, 1, 10)), django_capture_on_commit_callbacks(execute=True):
        client.force_login(ms.secretary)
        review_page = url(case, "informal-reviews/")
        assert f'href="{review_page}"' in client.get(url(case)).text
        form = client.get(review_page)
        # The designated member is not independent of the case.
        assert f'value="{ms.reviewer.pk}"' not in form.text
        submit(client, review_page, {
            "party": party.pk, "requested_on": "2026-12-01", "via": "caseworker",
            "concerns": "I was not told why the appeal failed.", "reviewer": reviewer.pk})
        review = InformalReview.objects.for_institution(midshire).get()
        api = api_support.client(reviewer)
        completion = api_support.url(midshire, case.pk,
                                     f"informal-reviews/{review.pk}/completion")
        assert api.post(completion, {"findings": ""}, format="json").status_code == 400
        answer = api.post(completion, {"findings": "The process was followed.",
                                       "learning": "Tell reporting students more."},
                          format="json")
        assert answer.status_code == 200, answer.content
        assert answer.json()["review"]["status"] == "completed"
        detail = api.get(api_support.url(midshire, case.pk)).json()
        assert detail["informal_reviews"][0]["findings"] == "The process was followed."
        assert detail["appeal_panels"][0]["result"] == "confirm"
        client.force_login(ms.secretary)
        page = client.get(url(case))
    assert "Appeals panel: decided" in page.text
    assert "Informal reviews" in page.text
    [letter] = Letter.objects.for_institution(midshire).filter(
        case=case, kind=LetterKind.INFORMAL_REVIEW_OUTCOME)
    assert letter.recipient_key == f"party-{party.pk}"
    assert letter.status == Letter.Status.ISSUED


def test_kingsway_case_page_offers_no_informal_review_and_the_api_refuses_it(
        client, kingsway, ks, django_capture_on_commit_callbacks):
    with at(dt.datetime(2026, 11, 3, 10)), django_capture_on_commit_callbacks(execute=True):
        client.force_login(ks.secretary)
        submit(client, "/kingsway/staff/cases/new/", open_case_data())
        case = Case.objects.for_institution(kingsway).get()
        submit(client, url(case, "intake/"), {"route": "formal", "reasons": "Investigate."})
        submit(client, url(case, "formal-decision/"), {
            "result": "uphold", "reasons": "Proven.", "considered_previous_record": "on",
            "penalty_written_warning": "on"})
        assert "informal review" not in client.get(url(case)).text
        party = Party.objects.for_institution(kingsway).get(case=case)
        answer = api_support.client(ks.secretary).post(
            api_support.url(kingsway, case.pk, "informal-reviews"),
            {"party": party.pk, "requested_on": "2026-11-03", "via": "direct",
             "concerns": "x", "reviewer": ks.reviewer.pk}, format="json")
        assert answer.status_code == 409
        assert "no informal review" in answer.json()["detail"]
