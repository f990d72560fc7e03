"""Withdrawing a proposal, taking up a request for a risk assessment, the matter's letters and
its history: each through the pages and through the API, in both demo-shaped institutions."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from audit.models import AccessEvent
from cases.models import Student
from letters.models import Letter
from precautionary.models import Decision, Matter, MatterRole, Measure, RiskAssessmentRequest
from precautionary.services.requests import risk_assessment_request

from ..cases.conftest import case_data
from ..cases.pages import error_for, fails, submit
from ..cases.rules_support import at, d
from .conftest import convened, decided_urgently, propose, reload

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["kingsway", "midshire"])
def world(request):
    inst = request.getfixturevalue(request.param)
    g = request.getfixturevalue("kg" if request.param == "kingsway" else "mg")
    return inst, g


def murl(matter: Matter, path: str = "") -> str:
    return f"/{matter.institution.slug}/staff/precautionary/{matter.pk}/{path}"


def aurl(matter: Matter, path: str = "") -> str:
    return f"/api/v1/{matter.institution.slug}/precautionary/{matter.pk}/{path}"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ok(response, code=200):
    assert response.status_code == code, response.content[:2000]
    return response.json()


def actions(body) -> dict[str, bool]:
    return {a["key"]: a["allowed"] for a in body["available_actions"]}


# -- 1. withdrawing a proposal ----------------------------------------------------------------
def test_chair_withdraws_a_proposal_by_form_with_a_reason(client, world):
    inst, g = world
    with at("2026-11-16"):
        matter = convened(inst, g)
        propose(inst, g, matter, starts=d("2026-11-23"))
        client.force_login(g.chair_pm)
        page = client.get(murl(matter)).text
        assert murl(matter, "withdraw/") in page
        assert "Withdraw the proposed measures" in page
        form = client.get(murl(matter, "withdraw/"))
        assert form.status_code == 200
        assert "No contact with Sam Reporter" in form.text  # the proposal being withdrawn
        response = fails(client, murl(matter, "withdraw/"), {"reason": "  "})
        assert error_for(response.text, "id_reason")
        assert reload(matter).stage == Matter.Stage.PROPOSED
        submit(client, murl(matter, "withdraw/"), {"reason": "The police asked us to wait"})
    matter = reload(matter)
    assert matter.stage == Matter.Stage.ASSESSED
    assert Decision.objects.for_institution(inst).get(matter=matter).status == \
        Decision.Status.WITHDRAWN
    assert not Measure.objects.for_institution(inst).filter(
        matter=matter, status=Measure.Status.PROPOSED).exists()


def test_a_member_may_not_withdraw_the_proposal_page_is_forbidden(client, kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        propose(kingsway, kg, matter, starts=d("2026-11-23"))
        client.force_login(kg.member_pm)
        assert murl(matter, "withdraw/") not in client.get(murl(matter)).text
        assert client.get(murl(matter, "withdraw/")).status_code == 403
        assert client.post(murl(matter, "withdraw/"), {"reason": "x"}).status_code == 403
    assert reload(matter).stage == Matter.Stage.PROPOSED


def test_withdraw_proposal_is_offered_and_done_through_the_api(world):
    inst, g = world
    with at("2026-11-16"):
        matter = convened(inst, g)
        assert "withdraw_proposal" not in actions(ok(api(g.chair_pm).get(aurl(matter))))
        propose(inst, g, matter, starts=d("2026-11-23"))
        body = ok(api(g.chair_pm).get(aurl(matter)))
        assert actions(body)["withdraw_proposal"] is True
        offer = next(a for a in body["available_actions"] if a["key"] == "withdraw_proposal")
        assert offer["api_url"] == aurl(matter, "proposals/withdraw/")
        refused = api(g.member_pm).post(aurl(matter, "proposals/withdraw/"), {"reason": "x"},
                                        format="json")
        assert refused.status_code == 403
        bad = api(g.chair_pm).post(aurl(matter, "proposals/withdraw/"), {"reason": ""},
                                   format="json")
        assert bad.status_code == 400
        assert "reason" in bad.json()["errors"]
        body = ok(api(g.chair_pm).post(aurl(matter, "proposals/withdraw/"),
                                       {"reason": "New information"}, format="json"))
        assert body["decision"]["status"] == "withdrawn"
        assert body["matter"]["stage"] == "assessed"
        again = api(g.chair_pm).post(aurl(matter, "proposals/withdraw/"),
                                     {"reason": "Again"}, format="json")
        assert again.status_code == 409


# -- 2. taking up a request for a risk assessment ---------------------------------------------
def _report(inst, g):
    """A report referred for a risk assessment (reporting's own services)."""
    from accounts.roles import Role
    from reporting.models import Report
    from reporting.services.casework import report_assign, report_refer_risk
    from reporting.services.setup import reporting_defaults_apply
    from reporting.services.submission import report_submit

    from ..factories import staff

    reporting_defaults_apply(institution=inst)
    caseworker = staff(inst, Role.SUPPORT_CASEWORKER, email=f"cw-req@{inst.slug}.test")
    report = report_submit(institution=inst, data={
        "reporter_role": "student", "perspective": "self", "categories": ["stalking"],
        "when": "last_week", "location": "hall", "narrative": "He waits outside my room.",
        "involved": [{"name": "Alex Sample", "student_id": "20260001", "role": "student"}],
        "wants": ["support"], "anonymous": True}).report
    report_assign(report=report, actor=caseworker, assignee=caseworker)
    report = Report.objects.for_institution(inst).get(pk=report.pk)
    return report_refer_risk(report=report, actor=caseworker,
                             reason="Following the reporter: risk of escalation.")


def test_convener_sees_waiting_requests_and_opens_a_matter_from_one_by_form(client, world):
    inst, g = world
    with at("2026-11-16"):
        request = _report(inst, g)
        client.force_login(g.secretary)
        queue = client.get(f"/{inst.slug}/staff/precautionary/").text
        link = f"/{inst.slug}/staff/precautionary/new/?request={request.pk}"
        assert link.replace("&", "&amp;") in queue
        assert "waiting for the" in queue
        page = client.get(link)
        assert page.status_code == 200
        assert "Following the reporter: risk of escalation." in page.text
        assert 'name="reason"' not in page.text  # the request says why
        opened = f"/{inst.slug}/staff/precautionary/new/"
        response = fails(client, opened, {"request": request.pk, "student_id": ""})
        assert error_for(response.text, "id_student_id")
        assert not Matter.objects.for_institution(inst).exists()
        submit(client, opened, {"request": request.pk, "student_id": "20260001",
                                "given_name": "Alex", "family_name": "Sample",
                                "grounds": ["protection"]})
    matter = Matter.objects.for_institution(inst).get()
    assert matter.origin_request_id == request.pk
    assert matter.referral_reason == "Following the reporter: risk of escalation."
    assert matter.student.student_id == "20260001"
    request.refresh_from_db()
    assert request.status == RiskAssessmentRequest.Status.IN_PROGRESS
    with at("2026-11-16"):
        client.force_login(g.secretary)
        assert f"?request={request.pk}" not in client.get(
            f"/{inst.slug}/staff/precautionary/").text
        # Taken up: the request is no longer offered.
        assert client.get(f"/{inst.slug}/staff/precautionary/new/?request={request.pk}"
                          ).status_code == 404


def test_a_request_from_a_case_opens_for_the_cases_student(client, kingsway, kg):
    from cases.services.intake import case_open

    with at("2026-11-16"):
        case = case_open(institution=kingsway, actor=kg.secretary, **case_data())
        request = risk_assessment_request(institution=kingsway, actor=kg.secretary,
                                          reason="Threats in halls", case=case)
        client.force_login(kg.chair_pm)  # a member of the group may take it up too
        page = client.get(f"/kingsway/staff/precautionary/new/?request={request.pk}").text
        assert 'name="student_id"' not in page
        submit(client, "/kingsway/staff/precautionary/new/", {"request": request.pk})
    matter = Matter.objects.for_institution(kingsway).get()
    assert matter.student_id == case.respondent_id
    assert matter.case_id == case.pk
    assert matter.members.get().role == MatterRole.CHAIR


def test_requests_are_not_shown_to_other_staff_or_institutions(client, kingsway, kg, midshire,
                                                              mg):
    with at("2026-11-16"):
        request = _report(kingsway, kg)
        client.force_login(kg.investigator)
        assert client.get(f"/kingsway/staff/precautionary/new/?request={request.pk}"
                          ).status_code == 403
        client.force_login(mg.secretary)
        assert client.get(f"/midshire/staff/precautionary/new/?request={request.pk}"
                          ).status_code == 404
        assert api(kg.investigator).get("/api/v1/kingsway/precautionary/risk-requests/"
                                        ).status_code == 403
        body = ok(api(mg.secretary).get("/api/v1/midshire/precautionary/risk-requests/"))
        assert body["count"] == 0
        bad = api(mg.secretary).post("/api/v1/midshire/precautionary/",
                                     {"request_id": request.pk, "student": {
                                         "student_id": "1", "given_name": "A",
                                         "family_name": "B"}}, format="json")
        assert bad.status_code == 400
        assert "request_id" in bad.json()["errors"]
    request.refresh_from_db()
    assert request.status == RiskAssessmentRequest.Status.OPEN


def test_api_lists_requests_and_opens_from_one_naming_the_student(world):
    inst, g = world
    with at("2026-11-16"):
        request = _report(inst, g)
        client = api(g.secretary)
        body = ok(client.get(f"/api/v1/{inst.slug}/precautionary/risk-requests/"))
        assert [r["id"] for r in body["results"]] == [request.pk]
        assert body["results"][0]["student"] is None
        assert body["results"][0]["report_reference"]
        # A request from a report does not name the student: the caller must.
        missing = client.post(f"/api/v1/{inst.slug}/precautionary/",
                              {"request_id": request.pk}, format="json")
        assert missing.status_code == 400
        assert "student" in missing.json()["errors"]
        body = ok(client.post(f"/api/v1/{inst.slug}/precautionary/", {
            "request_id": request.pk, "grounds": ["protection"],
            "student": {"student_id": "20260001", "given_name": "Alex",
                        "family_name": "Sample"}}, format="json"), 201)
        assert body["student"]["student_id"] == "20260001"
        again = client.post(f"/api/v1/{inst.slug}/precautionary/", {
            "request_id": request.pk, "student": {"student_id": "20260001"}}, format="json")
        assert again.status_code == 409
        assert ok(client.get(f"/api/v1/{inst.slug}/precautionary/risk-requests/")
                  )["count"] == 0
    assert Matter.objects.for_institution(inst).count() == 1
    assert Student.objects.for_institution(inst).filter(student_id="20260001").count() == 1


# -- 3. the matter's letters ------------------------------------------------------------------
def _decided_with_letters(inst, g, capture):
    with capture(execute=True):
        matter = convened(inst, g)
        decided_urgently(inst, g, matter, on=d("2026-11-16"))
    letters = list(Letter.objects.for_institution(inst).filter(about_id=matter.pk,
                                                               kind__startswith="precaution"))
    assert letters
    assert all(x.status == Letter.Status.ISSUED for x in letters)
    return reload(matter), letters


def _reads(inst, letter) -> int:
    return AccessEvent.objects.for_institution(inst).filter(
        object_type="letters.letter", object_id=str(letter.pk)).count()


def test_group_members_download_the_matters_letters_and_each_download_is_audited(
        client, world, django_capture_on_commit_callbacks):
    inst, g = world
    with at("2026-11-16"):
        matter, letters = _decided_with_letters(inst, g, django_capture_on_commit_callbacks)
        decision = next(x for x in letters if x.kind == "precautionary_decision")
        link = murl(matter, f"letters/{decision.pk}/pdf/")
        client.force_login(g.member_pm)
        page = client.get(murl(matter)).text
        assert f'href="{link}"' in page
        assert "<th scope=\"col\">Version</th>" in page
        response = client.get(link)
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
        assert _reads(inst, decision) == 1
        body = ok(api(g.chair_pm).get(aurl(matter)))
        row = next(x for x in body["letters"] if x["id"] == decision.pk)
        assert row["kind"] == "precautionary_decision"
        assert row["recipient"] == "Alex Sample"
        assert row["version"] == 1
        assert row["issued_on"] == "2026-11-16"
        assert row["download"] == aurl(matter, f"letters/{decision.pk}/pdf/")
        response = api(g.chair_pm).get(row["download"])
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert _reads(inst, decision) == 2


def test_only_the_group_and_appeal_reviewer_download_letters_others_get_404(
        client, kingsway, kg, midshire, mg, django_capture_on_commit_callbacks):
    with at("2026-11-16"):
        matter, letters = _decided_with_letters(kingsway, kg,
                                                django_capture_on_commit_callbacks)
        letter = letters[0]
        # The convener sees the matter and the list, not the letters: a letter they may not
        # read is, to them, a letter that does not exist (404, not 403).
        client.force_login(kg.secretary)
        assert client.get(murl(matter, f"letters/{letter.pk}/pdf/")).status_code == 404
        body = ok(api(kg.secretary).get(aurl(matter)))
        assert body["letters"]
        assert all(x["download"] is None for x in body["letters"])
        assert api(kg.secretary).get(aurl(matter, f"letters/{letter.pk}/pdf/")
                                     ).status_code == 404
        # Not convened on the matter, or of another institution: 404.
        assert api(kg.other_pm).get(aurl(matter, f"letters/{letter.pk}/pdf/")
                                    ).status_code == 404
        assert api(mg.secretary).get(f"/api/v1/midshire/precautionary/{matter.pk}/letters/"
                                     f"{letter.pk}/pdf/").status_code == 404
        # A letter of another matter through this one: 404.
        other = convened(kingsway, kg, who=_student2(kingsway))
        assert api(kg.chair_pm).get(aurl(other, f"letters/{letter.pk}/pdf/")
                                    ).status_code == 404
        client.force_login(kg.chair_pm)
        assert client.get(murl(other, f"letters/{letter.pk}/pdf/")).status_code == 404
    assert _reads(kingsway, letter) == 0


def _student2(inst):
    from .conftest import student

    return student(inst, "20260002")


# -- 4. the matter's history -------------------------------------------------------------------
def test_history_shows_the_matters_events_in_time_order_to_the_group(client, world):
    inst, g = world
    with at("2026-11-16"):
        matter = convened(inst, g)
        propose(inst, g, matter, starts=d("2026-11-23"))
        from precautionary.services.decisions import proposal_withdraw

        proposal_withdraw(matter=reload(matter), actor=g.chair_pm, reason="Police asked")
        client.force_login(g.member_pm)
        page = client.get(murl(matter)).text
        page = page[page.index('<section id="history"'):]
        order = [page.index(x) for x in ("Matter opened", "Appointed to the group",
                                         "Risk assessed", "Measures proposed",
                                         "Proposal withdrawn")]
        assert order == sorted(order)
        assert "Police asked" in page
        body = ok(api(g.chair_pm).get(aurl(matter, "history/")))
        actions = [e["action"] for e in body]
        assert actions[0] == "precautionary.matter_opened"
        assert actions[-1] == "precautionary.proposal_withdrawn"
        assert [e["sequence"] for e in body] == sorted(e["sequence"] for e in body)
        assert body[-1]["label"] == "Proposal withdrawn"
        assert body[-1]["changes"]["reason"] == "Police asked"


def test_history_is_for_the_group_only(client, kingsway, kg, midshire, mg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        client.force_login(kg.secretary)
        assert 'id="history"' not in client.get(murl(matter)).text
        assert api(kg.secretary).get(aurl(matter, "history/")).status_code == 403
        assert api(kg.other_pm).get(aurl(matter, "history/")).status_code == 404
        assert api(mg.secretary).get(f"/api/v1/midshire/precautionary/{matter.pk}/history/"
                                     ).status_code == 404
