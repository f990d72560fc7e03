"""The risk assessments register (000 §6) and the policy and procedure reviews (000 §7): kept by
the governance officer and the institution admin, worked on by their owners; review dates are
deadlines of the shared sweep, reminding the owner before and on the day and telling them and the
governance officers once overdue; the Disciplinary Procedure for Students, due for review on
1 May 2023 (002's review schedule), is overdue; other roles and institutions are refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance.errors import GovernanceError
from governance.models import PolicyDocument, RiskAssessment
from governance.procedure import POLICY_REVIEW, RISK_REVIEW
from governance.services import documents, risks
from institutions.models import Deadline
from institutions.selectors import deadlines_for
from institutions.services.reminders import deadlines_sweep
from outbox.models import OutboxMessage
from tests.audit_support import actions

from .conftest import api_as, at, d

pytestmark = pytest.mark.django_db

RA = RiskAssessment


def mails_to(inst, email: str) -> list[dict]:
    return [m.payload for m in OutboxMessage.objects.filter(institution=inst).order_by("pk")
            if email in m.payload.get("to", [])]


def trip(people, **values):
    return risks.risk_assessment_create(
        institution=people.inst, actor=people.officer,
        **{"title": "Overnight field trip", "context": RA.Context.OVERNIGHT_TRIP,
           "owner": people.lead, **values})


# -- risk assessments ---------------------------------------------------------------------------
def test_a_risk_assessment_is_made_active_with_controls_and_a_review_date(kp):
    with at("2026-11-02"):
        risk = trip(kp)
        assert risk.status == RA.Status.DRAFT
        with pytest.raises(GovernanceError, match="controls and the review date"):
            risks.risk_assessment_activate(risk=risk, actor=kp.lead)
        risks.risk_assessment_update(risk=risk, actor=kp.lead, controls="Two staff on call.",
                                     review_on=d("2026-12-01"))
        risk = risks.risk_assessment_activate(risk=risk, actor=kp.lead)
    assert (risk.status, risk.activated_on) == (RA.Status.ACTIVE, d("2026-11-02"))
    [deadline] = deadlines_for(institution=kp.inst, subject=risk)
    assert (deadline.rule, deadline.due_date, deadline.assignee) == (
        RISK_REVIEW, d("2026-12-01"), kp.lead)
    assert [a for a in actions(kp.inst) if a.startswith("governance.")] == [
        "governance.risk_assessment_created", "governance.risk_assessment_changed",
        "governance.risk_assessment_activated"]


def test_the_owner_is_reminded_before_and_on_the_review_date_and_told_once_overdue(kp):
    with at("2026-11-02"):
        risk = trip(kp, controls="Two staff on call.", review_on=d("2026-12-01"))
        risks.risk_assessment_activate(risk=risk, actor=kp.officer)
    for day in ("2026-11-27", "2026-12-01", "2026-12-02", "2026-12-02", "2026-12-03"):
        with at(day):
            deadlines_sweep(institution=kp.inst, today=d(day))
    subjects = [m["subject"] for m in mails_to(kp.inst, "lead@kingsway.test")]
    assert subjects == ["[Kingsway School of Economics] Deadline in two working days",
                        "[Kingsway School of Economics] Deadline today",
                        "[Kingsway School of Economics] Overdue: Review of risk assessment: "
                        "Overnight field trip"]
    assert [m["subject"] for m in mails_to(kp.inst, "officer@kingsway.test")] == [
        subjects[-1]]
    # Recording the review meets it (late) and starts the next.
    with at("2026-12-03"):
        risks.risk_assessment_review(risk=risk, actor=kp.lead, next_review_on=d("2027-06-01"),
                                     note="Same controls for the spring trip.")
    found = sorted(deadlines_for(institution=kp.inst, subject=risk), key=lambda x: x.pk)
    assert [(x.status, x.due_date) for x in found] == [
        (Deadline.Status.MISSED, d("2026-12-01")), (Deadline.Status.RUNNING, d("2027-06-01"))]
    assert found[0].completed_on == d("2026-12-03")


def test_closing_an_assessment_stops_its_reminders(kp):
    with at("2026-11-02"):
        risk = trip(kp, controls="Stewards.", review_on=d("2026-12-01"))
        risks.risk_assessment_activate(risk=risk, actor=kp.officer)
        with pytest.raises(ValidationError, match="reason"):
            risks.risk_assessment_close(risk=risk, actor=kp.lead, reason=" ")
        risks.risk_assessment_close(risk=risk, actor=kp.lead, reason="The trip is cancelled.")
        with pytest.raises(GovernanceError, match="closed"):
            risks.risk_assessment_update(risk=risk, actor=kp.officer, title="New")
    [deadline] = deadlines_for(institution=kp.inst, subject=risk)
    assert deadline.status == Deadline.Status.CANCELLED


def test_who_keeps_the_risk_register(client, kp, mp):
    with pytest.raises(PermissionDenied):
        risks.risk_assessment_create(institution=kp.inst, actor=kp.lead, title="Mine",
                                     context="other", owner=kp.lead)
    with pytest.raises(ValidationError, match="this institution's staff"):
        trip(kp, owner=mp.lead)
    with at("2026-11-02"):
        risk = trip(kp)
    with pytest.raises(PermissionDenied, match="its owner"):
        risks.risk_assessment_update(risk=risk, actor=kp.colleague, title="Theirs")
    url = f"/kingsway/staff/governance/risk-assessments/{risk.pk}/"
    api = f"/api/v1/kingsway/governance/risk-assessments/{risk.pk}/"
    for who, status in ((kp.officer, 200), (kp.admin, 200), (kp.lead, 200),
                        (kp.colleague, 404), (kp.hr, 404), (mp.officer, 404)):
        client.force_login(who)
        assert client.get(url).status_code == status, who
        assert api_as(who).get(api).status_code == status, who
    client.force_login(kp.colleague)
    assert client.get("/kingsway/staff/governance/risk-assessments/new/").status_code == 403
    assert api_as(kp.colleague).post("/api/v1/kingsway/governance/risk-assessments/", {
        "title": "x", "context": "other", "owner": kp.colleague.pk},
        format="json").status_code == 403
    assert api_as(mp.officer).post(api + "close/", {"reason": "x"}).status_code == 404


def test_risk_assessments_through_the_pages_and_the_api(client, kp):
    client.force_login(kp.officer)
    response = client.post("/kingsway/staff/governance/risk-assessments/new/", {
        "title": "Welcome party", "context": "alcohol", "owner": "nobody@kingsway.test",
        "controls": "Welfare point."})
    assert response.status_code == 200
    assert "No member of staff here has this address." in response.text
    assert "Welfare point." in response.text
    with at("2026-11-02"):
        response = client.post("/kingsway/staff/governance/risk-assessments/new/", {
            "title": "Welcome party", "context": "alcohol", "owner": "LEAD@kingsway.test",
            "controls": "Welfare point.", "review_on": "2026-11-01"})
        assert response.status_code == 200
        assert "The next review must be after today." in response.text
    risk = trip(kp)
    api = api_as(kp.lead)
    base = f"/api/v1/kingsway/governance/risk-assessments/{risk.pk}/"
    with at("2026-11-02"):
        answer = api.post(base + "edit/", {"controls": "Two staff on call.",
                                           "review_on": "2027-01-10"}, format="json")
        assert answer.status_code == 200, answer.json()
        assert answer.json()["controls"] == "Two staff on call."
        keys = [a["key"] for a in answer.json()["available_actions"]]
        assert keys == ["risk_edit", "risk_activate", "risk_close"]
        assert api.post(base + "review/", {"next_review_on": "2027-05-01"},
                        format="json").status_code == 409
        assert api.post(base + "activate/").json()["status"] == "active"
        answer = api.post(base + "review/", {"next_review_on": "2026-10-01"}, format="json")
        assert answer.status_code == 400
        assert "next_review_on" in answer.json()["errors"]


# -- policies and procedures --------------------------------------------------------------------
def disciplinary_procedure(people):
    """002 as its review schedule has it: version 3 approved by SMC on 17 March 2020, reviewed
    every three years, the next review due by 1 May 2023."""
    with at("2026-11-02"):
        document = documents.policy_document_create(
            institution=people.inst, actor=people.officer,
            title="Disciplinary Procedure for Students", reference="002",
            responsible="Secretary's Division", owner=people.lead, review_interval_months=36)
        documents.policy_version_approve(document=document, actor=people.officer, version="3",
                                         approved_on=d("2020-03-17"), approved_by="SMC",
                                         next_review_on=d("2023-05-01"))
    return PolicyDocument.objects.for_institution(people.inst).get(pk=document.pk)


def test_the_disciplinary_procedure_is_overdue_for_review_since_1_may_2023(client, kp):
    document = disciplinary_procedure(kp)
    assert (document.current_version, document.last_approved_on) == ("3", d("2020-03-17"))
    assert document.overdue(d("2026-11-02"))
    with at("2026-11-03"):
        deadlines_sweep(institution=kp.inst, today=d("2026-11-03"))
        deadlines_sweep(institution=kp.inst, today=d("2026-11-03"))
        client.force_login(kp.officer)
        page = client.get("/kingsway/staff/governance/policies/").text
        assert "Disciplinary Procedure for Students" in page
        assert "Overdue" in page
        page = client.get("/kingsway/staff/governance/policies/?overdue=yes").text
        assert "1 policy matching the filters" in page
        answer = api_as(kp.officer).get("/api/v1/kingsway/governance/policies/?overdue=true")
        [row] = answer.json()["results"]
        assert (row["title"], row["overdue"], row["next_review_on"]) == (
            "Disciplinary Procedure for Students", True, "2023-05-01")
    # The owner and the governance officers are told once.
    for email in ("lead@kingsway.test", "officer@kingsway.test"):
        [mail] = mails_to(kp.inst, email)
        assert mail["subject"].endswith("Overdue: Review of Disciplinary Procedure for Students")


def test_approving_a_version_meets_the_review_and_sets_the_next_after_the_interval(kp):
    document = disciplinary_procedure(kp)
    with at("2026-11-03"):
        deadlines_sweep(institution=kp.inst, today=d("2026-11-03"))
        with pytest.raises(ValidationError) as refused:
            documents.policy_version_approve(document=document, actor=kp.lead, version="3",
                                             approved_on=d("2026-11-04"))
        assert set(refused.value.message_dict) == {"version", "approved_on"}
        documents.policy_version_approve(document=document, actor=kp.lead, version="4",
                                         approved_on=d("2026-10-29"), approved_by="Council",
                                         note="Reviewed; relationships section added.")
    document = PolicyDocument.objects.for_institution(kp.inst).get(pk=document.pk)
    assert (document.current_version, document.next_review_on) == ("4", d("2029-10-29"))
    assert not document.overdue(d("2026-11-03"))
    found = sorted(deadlines_for(institution=kp.inst, subject=document), key=lambda x: x.pk)
    assert [(x.rule, x.status, x.due_date) for x in found] == [
        (POLICY_REVIEW, Deadline.Status.MISSED, d("2023-05-01")),
        (POLICY_REVIEW, Deadline.Status.RUNNING, d("2029-10-29"))]
    assert [v.version for v in document.versions.all()] == ["4", "3"]


def test_who_keeps_the_policy_register(client, kp, mp):
    document = disciplinary_procedure(kp)
    with pytest.raises(PermissionDenied):
        documents.policy_document_create(institution=kp.inst, actor=kp.hr, title="x",
                                         owner=kp.hr)
    with pytest.raises(PermissionDenied):
        documents.policy_document_retire(document=document, actor=kp.lead, reason="Replaced")
    with pytest.raises(PermissionDenied):
        documents.policy_version_approve(document=document, actor=kp.colleague, version="4",
                                         approved_on=d("2026-10-01"))
    url = f"/kingsway/staff/governance/policies/{document.pk}/approve/"
    client.force_login(kp.colleague)
    assert client.get(url).status_code == 404
    client.force_login(mp.admin)
    assert client.get(url).status_code == 404
    client.force_login(kp.lead)
    response = client.post(url, {"version": "", "approved_on": "2026-10-01"})
    assert response.status_code == 200
    assert "Enter the version." in response.text
    # The owner sees their own policies only; the officer every one.
    assert api_as(kp.lead).get("/api/v1/kingsway/governance/policies/").json()["count"] == 1
    assert api_as(kp.colleague).get("/api/v1/kingsway/governance/policies/").json()[
        "count"] == 0


def test_the_registers_read_a_fixed_number_of_queries(client, kp,
                                                      django_assert_max_num_queries):
    with at("2026-11-02"):
        for n in range(30):
            trip(kp, title=f"Trip {n}", owner=kp.lead if n % 2 else kp.colleague)
            documents.policy_document_create(institution=kp.inst, actor=kp.officer,
                                             title=f"Policy {n}", owner=kp.lead,
                                             next_review_on=d("2027-01-01"))
        client.force_login(kp.officer)
        for url in ("/kingsway/staff/governance/risk-assessments/?page=2",
                    "/kingsway/staff/governance/policies/",
                    "/kingsway/staff/governance/"):
            with django_assert_max_num_queries(14):
                assert client.get(url).status_code == 200
        for url in ("/api/v1/kingsway/governance/risk-assessments/",
                    "/api/v1/kingsway/governance/policies/?page=2"):
            with django_assert_max_num_queries(10):
                assert api_as(kp.officer).get(url).status_code == 200
