"""The precautionary API (/api/v1/<slug>/precautionary/) through HTTP against the database, in
both demo-shaped institutions: the lifecycle, the §22 windows, need-to-know (404 for a matter
one is not convened on or of another institution; security sees only the scope), the queue's
constant queries, and bad input answered 400 with nothing saved."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases.models import Student
from precautionary.models import (
    Appeal,
    Decision,
    Matter,
    MatterRole,
    Measure,
    ProtectedPerson,
)
from precautionary.roles import SECURITY
from precautionary.services.followups import measures_share
from precautionary.services.matters import matter_appoint, matter_open

from ..cases.rules_support import at, d
from ..factories import staff
from .conftest import convened, decided_urgently, propose, student

pytestmark = pytest.mark.django_db

SECRET = "Alleged sexual assault at a party"  # the risk assessment's nature (conftest)


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def base(inst) -> str:
    return f"/api/v1/{inst.slug}/precautionary/"


def url(inst, matter_id, action="") -> str:
    return f"{base(inst)}{matter_id}/{action}"


def ok(response, code=200):
    assert response.status_code == code, response.content[:2000]
    return response.json()


def no_contact_code(inst) -> str:
    return "no_contact" if inst.slug == "kingsway" else "non_contact_order"


def action_keys(body) -> dict[str, bool]:
    return {a["key"]: a["allowed"] for a in body["available_actions"]}


# -- the lifecycle ---------------------------------------------------------------------------
@pytest.mark.parametrize("inst_name", ["kingsway", "midshire"])
def test_full_lifecycle_through_the_api(inst_name, request):
    inst = request.getfixturevalue(inst_name)
    g = request.getfixturevalue("kg" if inst_name == "kingsway" else "mg")
    security = staff(inst, SECURITY, email=f"security@{inst.slug}.test")
    convener, chair, member = (client_for(g.secretary), client_for(g.chair_pm),
                               client_for(g.member_pm))
    with at("2026-11-16"):  # a Monday
        # Opened with no case yet (§19): the student is recorded through cases' service.
        summary = ok(convener.post(base(inst), {
            "student": {"student_id": "S123", "given_name": "Alex", "family_name": "Sample"},
            "reason": "Reported harassment in halls", "grounds": ["protection"]},
            format="json"), 201)
        mid = summary["id"]
        assert summary["stage"] == "referred"
        assert summary["reference"].startswith(f"{inst.slug.upper()}-PM-2026-")
        assert Student.objects.for_institution(inst).filter(student_id="S123").exists()
        ok(convener.post(url(inst, mid, "appoint/"),
                         {"user": g.chair_pm.pk, "role": "chair"}, format="json"), 201)
        ok(convener.post(url(inst, mid, "appoint/"),
                         {"user": g.member_pm.pk, "role": "member"}, format="json"), 201)
        person = ok(chair.post(url(inst, mid, "protected-people/"), {
            "name": "Sam Reporter", "relation": "reporting_student",
            "email": "s.reporter@student.test"}, format="json"), 201)["protected_person"]
        body = ok(member.post(url(inst, mid, "risk-assessments/"), {
            "grounds": ["protection", "sensitive"], "nature": SECRET,
            "circumstances": "Same hall", "level": "high"}, format="json"), 201)
        assert body["matter"]["stage"] == "assessed"
        detail = ok(chair.get(url(inst, mid)))
        assert action_keys(detail)["propose"] is True
        assert detail["not_a_finding"]
        ok(chair.post(url(inst, mid, "proposals/"), {
            "measures": [{"type": no_contact_code(inst), "scope": "No contact with Sam Reporter",
                          "protected": [person["id"]], "starts_on": "2026-11-16"}],
            "reasons": "Risk to the reporting student", "disruption_steps": "Lectures recorded",
            "support_offered": "Wellbeing service"}, format="json"), 201)
        decision = ok(chair.post(url(inst, mid, "representations/invite/"),
                                 {"due": "2026-11-20"}, format="json"))["decision"]
        assert decision["status"] == "representations"
    with at("2026-11-18"):
        ok(member.post(url(inst, mid, "representations/"), {
            "text": "I will keep away", "received_on": "2026-11-18"}, format="json"))
        decided = ok(chair.post(url(inst, mid, "decision/"), {}, format="json"))
        assert decided["matter"]["stage"] == "in_force"
        assert decided["decision"]["appeal_due"] == "2026-11-25"  # five working days
        detail = ok(chair.get(url(inst, mid)))
        assert {"appeal_lodge", "review", "share", "lift"} <= set(action_keys(detail))
        (measure,) = detail["measures"]
        assert measure["status"] == "active"
        ok(member.post(url(inst, mid, "shares/"), {
            "recipient_kind": "security", "recipient": "Campus security"}, format="json"), 201)
        listed = ok(client_for(security).get(base(inst) + "active-measures/"))
        assert [m["scope"] for m in listed] == ["No contact with Sam Reporter"]
        appeal = ok(convener.post(url(inst, mid, "appeals/"), {
            "received_on": "2026-11-18", "grounds": "Disproportionate",
            "reviewer": g.reviewer.pk}, format="json"), 201)["appeal"]
        assert appeal["is_late"] is False
    with at("2026-11-20"):
        reviewer = client_for(g.reviewer)
        detail = ok(reviewer.get(url(inst, mid)))
        assert action_keys(detail)["appeal_decide"] is True
        ok(reviewer.post(url(inst, mid, f"appeals/{appeal['id']}/decision/"), {
            "result": "upheld", "reasons": "Proportionate to the risk"}, format="json"))
        ok(member.post(url(inst, mid, "reviews/request/"), {
            "material_change": "Moved to another hall", "requested_on": "2026-11-20"},
            format="json"), 201)
        review = ok(chair.post(url(inst, mid, "reviews/"), {
            "result": "continue", "reasons": "Still needed",
            "assessment": {"nature": SECRET, "circumstances": "Different halls now",
                           "level": "medium"}}, format="json"), 201)["review"]
        assert review["kind"] == "material_change"
        assert review["risk_level"] == "medium"
        ok(member.post(url(inst, mid, "breaches/"), {
            "kind": "breach", "occurred_on": "2026-11-19", "measure": measure["id"],
            "description": "Sent a message"}, format="json"), 201)
        lifted = ok(chair.post(url(inst, mid, "lift/"), {"reason": "Risk has passed"},
                               format="json"))
        assert lifted["matter"]["stage"] == "no_measures"
        assert ok(client_for(security).get(base(inst) + "active-measures/")) == []
        closed = ok(chair.post(url(inst, mid, "close/"), {"reason": "No further risk"},
                               format="json"))
        assert closed["stage"] == "closed"
    # Refused now: a closed matter takes no more assessments (409, not 500).
    with at("2026-11-23"):
        refused = member.post(url(inst, mid, "risk-assessments/"), {
            "grounds": ["protection"], "nature": "x", "circumstances": "y", "level": "low"},
            format="json")
    assert refused.status_code in (403, 409), refused.content


def test_matter_opens_from_a_case_and_from_a_request(kingsway, kg):
    from cases.services.intake import case_open
    from precautionary.services.requests import risk_assessment_request

    from ..cases.conftest import case_data

    with at("2026-11-16"):
        case = case_open(institution=kingsway, actor=kg.secretary, **case_data())
        client = client_for(kg.secretary)
        body = ok(client.post(base(kingsway), {"case_id": case.pk, "reason": "Risk to others"},
                              format="json"), 201)
        assert body["case_reference"] == case.reference
        assert body["student"]["student_id"] == case.respondent.student_id
        req = risk_assessment_request(institution=kingsway, actor=kg.secretary,
                                      reason="Higher risk", case=case)
        body = ok(client.post(base(kingsway), {"request_id": req.pk}, format="json"), 201)
        assert Matter.objects.for_institution(kingsway).get(pk=body["id"]).origin_request_id \
            == req.pk


# -- the decision and the appeal (§22) -------------------------------------------------------
@pytest.mark.parametrize("inst_name", ["kingsway", "midshire"])
def test_urgent_decision_without_representations_records_the_reason(inst_name, request):
    inst = request.getfixturevalue(inst_name)
    g = request.getfixturevalue("kg" if inst_name == "kingsway" else "mg")
    chair = client_for(g.chair_pm)
    with at("2026-11-16"):
        matter = convened(inst, g)
        propose(inst, g, matter, starts=d("2026-11-16"))
        # Not heard and no reason recorded: refused (the policy's message), 409 not 500.
        refused = chair.post(url(inst, matter.pk, "decision/"), {}, format="json")
        assert refused.status_code == 409, refused.content
        assert "representations" in refused.json()["detail"]
        missing = chair.post(url(inst, matter.pk, "representations/skip/"),
                             {"because": "urgent", "reason": ""}, format="json")
        assert missing.status_code == 400
        assert "reason" in missing.json()["errors"]
        ok(chair.post(url(inst, matter.pk, "representations/skip/"), {
            "because": "high_risk", "reason": "Same corridor"}, format="json"))
        body = ok(chair.post(url(inst, matter.pk, "decision/"), {}, format="json"))
    assert body["matter"]["stage"] == "in_force"
    decision = Decision.objects.for_institution(inst).get(pk=body["decision"]["id"])
    assert decision.skipped_because == "high_risk"
    assert decision.representations_received_on is None


def test_appeal_inside_five_working_days_over_a_bank_holiday(kingsway, kg):
    with at("2027-03-24"):  # the Wednesday before Easter 2027
        matter = convened(kingsway, kg)
        decided_urgently(kingsway, kg, matter, on=d("2027-03-24"))
    with at("2027-04-02"):
        body = ok(client_for(kg.chair_pm).post(url(kingsway, matter.pk, "appeals/"), {
            "received_on": "2027-04-02", "grounds": "Disproportionate",
            "reviewer": kg.reviewer.pk}, format="json"), 201)
    assert body["appeal"]["is_late"] is False
    assert body["appeal"]["window_due"] == "2027-04-02"


def test_late_appeal_without_a_reason_is_400_and_nothing_is_saved(kingsway, kg):
    with at("2027-03-24"):
        matter = convened(kingsway, kg)
        decided_urgently(kingsway, kg, matter, on=d("2027-03-24"))
    chair = client_for(kg.chair_pm)
    appeal = {"received_on": "2027-04-05", "grounds": "Disproportionate",
              "reviewer": kg.reviewer.pk}
    with at("2027-04-05"):
        refused = chair.post(url(kingsway, matter.pk, "appeals/"), appeal, format="json")
        assert refused.status_code == 400, refused.content
        assert "late_reason" in refused.json()["errors"]
        assert not Appeal.objects.for_institution(kingsway).exists()
        assert not matter.members.filter(role=MatterRole.APPEAL_REVIEWER).exists()
        body = ok(chair.post(url(kingsway, matter.pk, "appeals/"),
                             {**appeal, "late_reason": "In hospital over Easter"},
                             format="json"), 201)
    assert body["appeal"]["is_late"] is True


# -- need-to-know ----------------------------------------------------------------------------
def test_a_member_of_another_matter_gets_404(kingsway, kg):
    with at("2026-11-16"):
        mine = convened(kingsway, kg)
        other = matter_open(institution=kingsway, actor=kg.secretary,
                            student=student(kingsway, "20269999"), reason="Another matter")
        matter_appoint(matter=other, actor=kg.secretary, user=kg.other_pm,
                       role=MatterRole.CHAIR)
        outsider = client_for(kg.other_pm)
        assert outsider.get(url(kingsway, mine.pk)).status_code == 404
        assert outsider.post(url(kingsway, mine.pk, "risk-assessments/"), {
            "grounds": ["protection"], "nature": "x", "circumstances": "y", "level": "low"},
            format="json").status_code == 404
        queue = ok(outsider.get(base(kingsway)))
        assert [m["id"] for m in queue["results"]] == [other.pk]
        assert ok(outsider.get(url(kingsway, other.pk)))["id"] == other.pk


def test_another_institutions_matter_is_404(kingsway, kg, midshire, mg):
    with at("2026-11-16"):
        theirs = convened(kingsway, kg)
        midshire_convener = client_for(mg.secretary)
        assert midshire_convener.get(url(midshire, theirs.pk)).status_code == 404
        assert midshire_convener.get(url(kingsway, theirs.pk)).status_code == 404
        assert midshire_convener.post(url(midshire, theirs.pk, "close/"),
                                      {"reason": "x"}, format="json").status_code == 404
        assert ok(midshire_convener.get(base(midshire)))["count"] == 0


def test_reasons_and_assessment_are_shown_to_the_group_only(kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        propose(kingsway, kg, matter, starts=d("2026-11-16"))
        group_view = ok(client_for(kg.member_pm).get(url(kingsway, matter.pk)))
        convener_view = ok(client_for(kg.secretary).get(url(kingsway, matter.pk)))
    assert group_view["assessments"][0]["nature"] == SECRET
    assert group_view["decisions"][0]["reasons"]
    assert convener_view["sees_reasons"] is False
    assert convener_view["assessments"] == []
    assert convener_view["decisions"][0]["reasons"] is None
    assert convener_view["referral_reason"] is None
    assert SECRET not in str(convener_view)


def test_security_sees_only_the_scope_of_measures_shared_with_security(kingsway, kg):
    security = staff(kingsway, SECURITY, email="security@kingsway.test")
    with at("2026-11-16"):
        shared = convened(kingsway, kg)
        decided_urgently(kingsway, kg, shared, on=d("2026-11-16"))
        measures_share(matter=shared, actor=kg.chair_pm, recipient_kind="security",
                       recipient="Campus security")
        not_shared = convened(kingsway, kg, who=student(kingsway, "20260002"))
        decided_urgently(kingsway, kg, not_shared, on=d("2026-11-16"))
        client = client_for(security)
        listed = ok(client.get(base(kingsway) + "active-measures/"))
        # Security is convened on no matter: the matter itself is not theirs to see.
        assert client.get(url(kingsway, shared.pk)).status_code == 404
        assert ok(client.get(base(kingsway)))["count"] == 0
        # Nobody else is given the enforcement list.
        assert client_for(kg.member_pm).get(
            base(kingsway) + "active-measures/").status_code == 403
    assert len(listed) == 1
    (row,) = listed
    assert set(row) == {"student_name", "student_id", "description", "measure_type", "scope",
                        "starts_on", "ends_on"}
    assert row["student_name"] == "Alex Sample"
    assert row["scope"] == "No contact with Sam Reporter, directly or through others"
    text = str(listed)
    assert SECRET not in text
    assert "Risk to the reporting student" not in text


# -- the queue --------------------------------------------------------------------------------
def test_queue_reads_a_constant_number_of_queries(kingsway, kg, django_assert_max_num_queries):
    client = client_for(kg.secretary)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            ok(client.get(base(kingsway)))
        return len(queries)

    with at("2026-11-16"):
        for n in range(2):
            decided_urgently(kingsway, kg, convened(kingsway, kg,
                                                   who=student(kingsway, f"A{n}")),
                             on=d("2026-11-16"))
        few = count()
        for n in range(6):
            convened(kingsway, kg, who=student(kingsway, f"B{n}"))
        assert count() == few
        with django_assert_max_num_queries(few):
            body = ok(client.get(base(kingsway), {"stage": "in_force",
                                                   "measure_type": "no_contact"}))
    assert body["count"] == 2
    assert all(row["active_measures"] == 1 for row in body["results"])


def test_queue_filters(kingsway, kg):
    client = client_for(kg.secretary)
    with at("2026-11-16"):
        in_force = convened(kingsway, kg, who=student(kingsway, "Q1"))
        decided_urgently(kingsway, kg, in_force, on=d("2026-11-16"))
        appealed = convened(kingsway, kg, who=student(kingsway, "Q2"))
        decided_urgently(kingsway, kg, appealed, on=d("2026-11-16"))
        ok(client_for(kg.chair_pm).post(url(kingsway, appealed.pk, "appeals/"), {
            "received_on": "2026-11-16", "grounds": "x", "reviewer": kg.reviewer.pk},
            format="json"), 201)
        referred = convened(kingsway, kg, who=student(kingsway, "Q3"))

        def ids(**params):
            return {r["id"] for r in ok(client.get(base(kingsway), params))["results"]}

        assert ids(appeal_pending="true") == {appealed.pk}
        assert ids(stage="assessed") == {referred.pk}
        assert ids(search=referred.reference) == {referred.pk}
        assert ids(search="q2") == {appealed.pk}
        assert ids(due_for_review="true") == set()
    with at("2026-12-24"):  # six weeks on, the reviews come due (42 days: 28 December)
        assert ids(due_for_review="true") == {in_force.pk, appealed.pk}
    bad = client.get(base(kingsway), {"stage": "zz"})
    assert bad.status_code == 400
    assert "stage" in bad.json()["errors"]


# -- bad input ---------------------------------------------------------------------------------
def test_bad_input_is_400_with_field_errors_and_nothing_saved(kingsway, kg):
    chair = client_for(kg.chair_pm)
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        response = chair.post(url(kingsway, matter.pk, "proposals/"), {
            "measures": [{"type": "no_contact", "scope": "", "starts_on": "not-a-date"}],
            "reasons": "", "disruption_steps": "x"}, format="json")
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert {"measures.0.starts_on", "support_offered"} <= set(errors)
        # Well formed, but the service's rules refuse it: still 400, by field.
        response = chair.post(url(kingsway, matter.pk, "proposals/"), {
            "measures": [{"type": "no_contact", "scope": "", "starts_on": "2026-11-16"}],
            "reasons": "r", "disruption_steps": "x", "support_offered": "y"}, format="json")
        assert response.status_code == 400
        assert {"measures.0.scope", "measures.0.protected"} <= set(response.json()["errors"])
        assert not Decision.objects.for_institution(kingsway).exists()
        assert not Measure.objects.for_institution(kingsway).exists()
        response = chair.post(url(kingsway, matter.pk, "protected-people/"),
                              {"name": "", "relation": "reporting_student"}, format="json")
        assert response.status_code == 400
        assert "name" in response.json()["errors"]
        assert ProtectedPerson.objects.for_institution(kingsway).count() == 1

        convener = client_for(kg.secretary)
        before = Matter.objects.for_institution(kingsway).count()
        response = convener.post(base(kingsway), {"reason": "x"}, format="json")
        assert response.status_code == 400
        assert "student" in response.json()["errors"]
        response = convener.post(base(kingsway), {"student": {"student_id": "NEW1"},
                                                  "reason": "x"}, format="json")
        assert response.status_code == 400
        assert {"student.given_name", "student.family_name"} <= set(response.json()["errors"])
        # A refused matter keeps no new student record either.
        response = convener.post(base(kingsway), {
            "student": {"student_id": "NEW2", "given_name": "A", "family_name": "B"},
            "reason": "", "grounds": ["protection"]}, format="json")
        assert response.status_code == 400
        assert "reason" in response.json()["errors"]
        assert not Student.objects.for_institution(kingsway).filter(
            student_id__in=["NEW1", "NEW2"]).exists()
        assert Matter.objects.for_institution(kingsway).count() == before
        response = convener.post(url(kingsway, matter.pk, "appoint/"),
                                 {"user": 10**30, "role": "boss"}, format="json")
        assert response.status_code == 400
        assert {"user", "role"} <= set(response.json()["errors"])


def test_schema_lists_every_precautionary_endpoint_with_its_errors(db):
    from precautionary.api.offers import TRANSITIONS

    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    matter = "/api/v1/{institution_slug}/precautionary/{matter_id}/"
    assert "get" in schema["paths"]["/api/v1/{institution_slug}/precautionary/"]
    assert "post" in schema["paths"]["/api/v1/{institution_slug}/precautionary/"]
    assert "get" in schema["paths"]["/api/v1/{institution_slug}/precautionary/active-measures/"]
    for t in TRANSITIONS.values():
        path = matter + t.api_path.replace("<int:appeal_id>", "{appeal_id}")
        operation = schema["paths"][path]["post"]
        assert {"400", "403", "404", "409"} <= set(operation["responses"]), path
        assert operation["description"], path
