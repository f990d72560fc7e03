"""The staff pages of precautionary measures through the browser client, in both demo-shaped
institutions: the queue, opening a matter, a whole lifecycle by form posts, bad input shown
back, need-to-know (another matter, another institution), the security list, and the
statement that a measure is not a finding of guilt."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.services.intake import case_open
from precautionary.models import Appeal, Breach, Decision, Matter, Measure, Review, Share
from precautionary.roles import SECURITY
from precautionary.services.followups import measures_share

from ..cases.conftest import case_data
from ..cases.pages import error_for, fails, submit, textarea_of, value_of
from ..cases.rules_support import at, d
from ..factories import staff
from .conftest import convened, decided_urgently, reload, student

pytestmark = pytest.mark.django_db

NOT_GUILT = "not a finding of guilt"


@pytest.fixture(params=["kingsway", "midshire"])
def world(request):
    inst = request.getfixturevalue(request.param)
    g = request.getfixturevalue("kg" if request.param == "kingsway" else "mg")
    return inst, g


def base(inst) -> str:
    return f"/{inst.slug}/staff/precautionary/"


def murl(matter: Matter, path: str = "") -> str:
    return f"/{matter.institution.slug}/staff/precautionary/{matter.pk}/{path}"


def measure_code(inst) -> str:
    return "no_contact" if inst.slug == "kingsway" else "non_contact_order"


def post(client, address: str, data: dict):
    """GET the form page (it must show, with the statement), then POST it successfully."""
    page = client.get(address)
    assert page.status_code == 200, address
    assert NOT_GUILT in page.text
    assert "<form" in page.text
    return submit(client, address, data)


def login(client, user):
    client.force_login(user)
    return client


# -- the queue ------------------------------------------------------------------------------
def test_queue_shows_matters_and_filters_by_stage_measure_appeal_and_review(client, world):
    inst, g = world
    with at("2026-11-16"):
        quiet = convened(inst, g, who=student(inst, "20260002"))
        active = convened(inst, g)
        decided_urgently(inst, g, active, on=d("2026-11-16"))
    login(client, g.secretary)
    with at("2026-11-17"):
        html = client.get(base(inst)).text
        assert quiet.reference in html
        assert active.reference in html
        assert NOT_GUILT in html
        only = client.get(base(inst) + "?stage=in_force").text
        assert active.reference in only
        assert quiet.reference not in only
        by_type = client.get(base(inst) + f"?measure_type={measure_code(inst)}").text
        assert active.reference in by_type
        assert quiet.reference not in by_type
        assert quiet.reference not in client.get(base(inst) + "?appeal=pending").text
        assert active.reference not in client.get(base(inst) + "?review=due").text
        searched = client.get(base(inst) + f"?q={quiet.reference[-4:]}").text
        assert quiet.reference in searched
        bad = client.get(base(inst) + "?stage=nonsense")
        assert bad.status_code == 200
        assert "showing matters without this filter" in bad.text
    # Six weeks on, the review is due within 14 days.
    with at("2026-12-20"):
        login(client, g.secretary)  # a new session: the old one expired in the time jump
        due = client.get(base(inst) + "?review=due").text
        assert active.reference in due
        assert quiet.reference not in due


def test_queue_query_count_stays_the_same_with_thirty_matters(
        client, kingsway, kg, django_assert_max_num_queries):
    with at("2026-11-16"):
        for i in range(3):
            decided_urgently(kingsway, kg, convened(kingsway, kg, who=student(
                kingsway, f"2026{i:04d}")), on=d("2026-11-16"))
        login(client, kg.secretary)
        client.get(base(kingsway))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(base(kingsway)).status_code == 200
        count = len(queries.captured_queries)
        for i in range(3, 30):
            decided_urgently(kingsway, kg, convened(kingsway, kg, who=student(
                kingsway, f"2026{i:04d}")), on=d("2026-11-16"))
        with django_assert_max_num_queries(count):
            response = client.get(base(kingsway))
    assert "30 matters" in response.text
    assert len(re.findall(r">KINGSWAY-PM-2026-\d{4}</a>", response.text)) == 25


def test_members_see_only_the_matters_they_are_convened_for(client, kingsway, kg):
    with at("2026-11-16"):
        mine = convened(kingsway, kg)
        login(client, kg.other_pm)
        assert mine.reference not in client.get(base(kingsway)).text
        assert client.get(murl(mine)).status_code == 404
        assert client.get(murl(mine, "assess/")).status_code == 404


# -- opening a matter -----------------------------------------------------------------------
def test_open_a_matter_with_no_case_needs_the_student(client, world):
    inst, g = world
    login(client, g.secretary)
    with at("2026-11-16"):
        response = fails(client, base(inst) + "new/", {
            "student_id": "", "reason": "Threats in halls", "grounds": ["protection"]})
        assert error_for(response.text, "id_student_id")
        assert textarea_of(response.text, "reason") == "Threats in halls"
        response = fails(client, base(inst) + "new/", {
            "student_id": "20261234", "reason": "Threats in halls", "grounds": ["protection"]})
        assert "No student with ID 20261234 is on record" in response.text
        assert not Matter.objects.for_institution(inst).exists()
        submit(client, base(inst) + "new/", {
            "student_id": "20261234", "given_name": "Robin", "family_name": "Doe",
            "reason": "Threats in halls", "grounds": ["protection"]})
    matter = Matter.objects.for_institution(inst).get()
    assert matter.student.full_name == "Robin Doe"
    assert matter.case is None
    assert matter.reference.startswith(f"{inst.slug.upper()}-PM-2026-")


def test_open_a_matter_from_a_case_for_its_student(client, kingsway, kg):
    with at("2026-11-16"):
        case = case_open(institution=kingsway, actor=kg.secretary, **case_data())
        login(client, kg.secretary)
        page = client.get(f"/kingsway/staff/cases/{case.pk}/").text
        assert f"/kingsway/staff/precautionary/new/?case={case.pk}" in page
        form = client.get(base(kingsway) + f"new/?case={case.pk}").text
        assert "Alex Sample" in form
        assert "student_id" not in form
        submit(client, base(kingsway) + "new/", {"case": case.pk, "reason": "Same hall"})
    matter = Matter.objects.for_institution(kingsway).get()
    assert matter.case == case
    assert matter.student == case.respondent


def test_another_institutions_case_or_matter_is_not_found(client, kingsway, kg, midshire, mg):
    with at("2026-11-16"):
        theirs = convened(midshire, mg)
        case = case_open(institution=midshire, actor=mg.secretary, **case_data())
        login(client, kg.secretary)
        assert client.get(f"/kingsway/staff/precautionary/{theirs.pk}/").status_code == 404
        assert client.get(f"/midshire/staff/precautionary/{theirs.pk}/").status_code == 404
        assert client.get("/midshire/staff/precautionary/").status_code == 404
        assert client.get(base(kingsway) + f"new/?case={case.pk}").status_code == 404


# -- a whole lifecycle by forms -------------------------------------------------------------
def test_full_lifecycle_by_forms_with_urgent_decision_and_late_appeal(client, world):
    inst, g = world
    code = measure_code(inst)
    with at("2026-11-16"):
        login(client, g.secretary)
        submit(client, base(inst) + "new/", {
            "student_id": "20260001", "given_name": "Alex", "family_name": "Sample",
            "reason": "Reported sexual harassment in halls", "grounds": ["protection"]})
        matter = Matter.objects.for_institution(inst).get()
        page = client.get(murl(matter)).text
        assert "What you can do now" in page
        assert NOT_GUILT in page
        assert murl(matter, "members/appoint/") in page
        post(client, murl(matter, "members/appoint/"), {"role": "chair",
                                                          "user": g.chair_pm.pk})
        post(client, murl(matter, "members/appoint/"), {"role": "member",
                                                          "user": g.member_pm.pk})
        # One chair at a time: the refusal is the form's error, nothing saved.
        response = fails(client, murl(matter, "members/appoint/"),
                         {"role": "chair", "user": g.other_pm.pk})
        assert "already has a chair" in response.text

        login(client, g.chair_pm)
        post(client, murl(matter, "protected/add/"), {
            "name": "Sam Reporter", "relation": "reporting_student",
            "email": "s.reporter@student.test"})
        # Proposing before an assessment is refused, with the reason on the page.
        page = client.get(murl(matter)).text
        # In the institution's own words: 002's paragraph at Kingsway, 004's section at Midshire.
        cited = ("§21" if inst.slug == "kingsway"
                 else "004, How your report will be considered")
        assert (f"Record the group&#x27;s risk assessment ({cited}) before proposing "
                "measures.") in page
        login(client, g.member_pm)
        post(client, murl(matter, "assess/"), {
            "grounds": ["protection", "sensitive"], "nature": "Alleged assault at a party",
            "circumstances": "Same hall, same course", "police_views": "",
            "witness_input": "", "level": "high"})
        login(client, g.chair_pm)
        person = matter.protected.get()
        response = fails(client, murl(matter, "propose/"), {
            "measures_0_type": code, "measures_0_scope": "", "measures_0_starts_on": "2026-11-16",
            "reasons": "Risk to the reporting student", "disruption_steps": "Lectures recorded",
            "support_offered": "Wellbeing service"})
        assert error_for(response.text, "id_measures_0_scope")
        assert textarea_of(response.text, "reasons") == "Risk to the reporting student"
        assert not Decision.objects.for_institution(inst).exists()
        post(client, murl(matter, "propose/"), {
            "measures_0_type": code, "measures_0_scope": "No contact with Sam Reporter",
            "measures_0_protected": [person.pk], "measures_0_starts_on": "2026-11-16",
            "reasons": "Risk to the reporting student", "disruption_steps": "Lectures recorded",
            "support_offered": "Wellbeing service"})
        # Deciding before the student is heard or a reason recorded is refused.
        response = fails(client, murl(matter, "decide/"), {})
        assert "Invite the student" in response.text
        response = fails(client, murl(matter, "representations/skip/"),
                         {"because": "convenient", "reason": "Quicker"})
        assert error_for(response.text, "id_because")
        post(client, murl(matter, "representations/skip/"),
               {"because": "urgent", "reason": "Threats made yesterday"})
        post(client, murl(matter, "decide/"), {})
        decision = Decision.objects.for_institution(inst).get()
        assert decision.status == Decision.Status.DECIDED
        assert decision.skipped_because == "urgent"
        assert decision.appeal_due == d("2026-11-23")
        assert reload(matter).stage == Matter.Stage.IN_FORCE

    # Outside five working days: a reason is needed.
    with at("2026-11-25"):
        login(client, g.chair_pm)
        appeal = {"received_on": "2026-11-24", "grounds": "Disproportionate",
                  "reviewer": g.reviewer.pk, "late_reason": ""}
        response = fails(client, murl(matter, "appeal/"), appeal)
        assert "after the window closed on Monday 23 November 2026" in \
            error_for(response.text, "id_late_reason")
        assert textarea_of(response.text, "grounds") == "Disproportionate"
        assert not Appeal.objects.for_institution(inst).exists()
        post(client, murl(matter, "appeal/"), {**appeal, "late_reason": "In hospital"})
        lodged = Appeal.objects.for_institution(inst).get()
        assert lodged.is_late
        assert lodged.late_reason == "In hospital"
        login(client, g.reviewer)
        post(client, murl(matter, f"appeals/{lodged.pk}/decide/"),
               {"result": "upheld", "reasons": "The risk remains"})
        assert Appeal.objects.for_institution(inst).get().result == Appeal.Result.UPHELD

    with at("2026-12-01"):
        login(client, g.chair_pm)
        post(client, murl(matter, "review/request/"), {
            "material_change": "The reporting student moved out", "requested_on": "2026-12-01"})
        post(client, murl(matter, "review/"), {
            "result": "continue", "reasons": "Still needed", "grounds": ["protection"],
            "nature": "Alleged assault", "circumstances": "Different halls now",
            "level": "medium"})
        review = Review.objects.for_institution(inst).get()
        assert review.held_on == d("2026-12-01")
        assert review.risk_level == "medium"
        active = Measure.objects.for_institution(inst).get(status=Measure.Status.ACTIVE)
        post(client, murl(matter, "share/"), {
            "recipient_kind": "security", "recipient": "Campus Security",
            "shared_on": "2026-12-01", "measure_ids": [active.pk]})
        share = Share.objects.for_institution(inst).get()
        assert share.content == [{"type": active.measure_type.name,
                                  "scope": "No contact with Sam Reporter",
                                  "starts_on": "2026-11-16", "ends_on": None}]
        post(client, murl(matter, "breach/"), {
            "kind": "victimisation", "person_affected": "A witness",
            "occurred_on": "2026-11-30", "description": "Threatening messages",
            "action": "none"})
        assert Breach.objects.for_institution(inst).get().kind == "victimisation"
        post(client, murl(matter, f"measures/{active.pk}/lift/"), {"reason": "Moved out"})
        assert reload(matter).stage == Matter.Stage.NO_MEASURES
        post(client, murl(matter, "close/"), {"reason": "No further risk"})
        assert reload(matter).stage == Matter.Stage.CLOSED
        page = client.get(murl(matter)).text
        assert "Threats made yesterday" in page
        assert NOT_GUILT in page


def test_representations_invited_then_recorded_by_form(client, kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        from .conftest import propose

        propose(kingsway, kg, matter, starts=d("2026-11-23"))
        login(client, kg.chair_pm)
        response = fails(client, murl(matter, "representations/invite/"), {"due": "2026-11-16"})
        assert error_for(response.text, "id_due")
        assert value_of(response.text, "due") == "2026-11-16"
        submit(client, murl(matter, "representations/invite/"), {"due": "2026-11-20"})
        response = fails(client, murl(matter, "decide/"), {})
        assert "until Friday 20 November 2026" in response.text
    with at("2026-11-19"):
        login(client, kg.chair_pm)
        submit(client, murl(matter, "representations/record/"),
               {"text": "I will keep away.", "received_on": "2026-11-19"})
        submit(client, murl(matter, "decide/"), {})
    assert reload(matter).stage == Matter.Stage.IN_FORCE


def test_reasons_and_assessment_are_for_the_group_only(client, kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        decided_urgently(kingsway, kg, matter, on=d("2026-11-16"))
        login(client, kg.secretary)  # the convener: not convened on the matter
        page = client.get(murl(matter)).text
        assert "No contact with Sam Reporter" in page
        assert "Alleged sexual assault at a party" not in page
        assert "Risk to the reporting student while the investigation runs" not in page
        login(client, kg.member_pm)
        page = client.get(murl(matter)).text
        assert "Alleged sexual assault at a party" in page
        assert "Risk to the reporting student while the investigation runs" in page
        # A member cannot decide: the page for it is forbidden.
        assert client.get(murl(matter, "close/")).status_code == 403


# -- security and the case page -------------------------------------------------------------
def test_security_sees_only_who_the_measure_and_its_scope(client, world):
    inst, g = world
    guard = staff(inst, SECURITY, email=f"security@{inst.slug}.test")
    with at("2026-11-16"):
        matter = convened(inst, g)
        decided_urgently(inst, g, matter, on=d("2026-11-16"))
        login(client, guard)
        home = client.get(f"/{inst.slug}/staff/").text
        assert f"/{inst.slug}/staff/precautionary/security/" in home
        # §22 need-to-know: a measure not yet shared with security is not on its list
        assert "Alex Sample" not in client.get(base(inst) + "security/").text
        measures_share(matter=matter, actor=g.chair_pm, recipient_kind="security",
                       recipient="Security control room")
        page = client.get(base(inst) + "security/")
        assert page.status_code == 200
        html = page.text
        assert "Alex Sample" in html
        assert "No contact with Sam Reporter, directly or through others" in html
        assert "Until further notice" in html
        assert NOT_GUILT in html
        for secret in ("Alleged sexual assault", "Risk to the reporting student",
                       "Not to enter Hall B", "Lectures recorded", "Same hall",
                       "Police investigating"):
            assert secret not in html
        assert client.get(murl(matter)).status_code == 404
        login(client, g.investigator)
        assert client.get(base(inst) + "security/").status_code == 403


def test_investigator_sees_the_measures_on_the_case(client, kingsway, kg):
    from cases.models import CaseRole
    from cases.services.common import assign

    with at("2026-11-16"):
        case = case_open(institution=kingsway, actor=kg.secretary, **case_data())
        assign(case=case, user=kg.investigator, role=CaseRole.INVESTIGATOR, by=kg.secretary)
        matter = convened(kingsway, kg, case=case, who=case.respondent)
        decided_urgently(kingsway, kg, matter, on=d("2026-11-16"))
        login(client, kg.investigator)
        html = client.get(f"/kingsway/staff/cases/{case.pk}/").text
    assert "Precautionary measures (§19-23, §38)" in html
    assert "No contact with Sam Reporter, directly or through others" in html
    assert NOT_GUILT in html
    assert "Risk to the reporting student" not in html
    assert "precautionary/new/?case=" not in html  # only the decision maker opens one


@pytest.mark.parametrize("kind", ["precautionary_proposal", "precautionary_decision",
                                  "precautionary_protected_notice",
                                  "precautionary_appeal_outcome",
                                  "precautionary_review_outcome"])
def test_every_letter_preview_says_a_measure_is_not_a_finding_of_guilt(kind, world):
    from letters.services.templates import letter_template_preview
    from precautionary.services.letter_defaults import DEFAULTS

    inst, _g = world
    subject, body = DEFAULTS[kind]
    _subject, html = letter_template_preview(institution=inst, kind=kind, subject=subject,
                                             body=body)
    assert NOT_GUILT in " ".join(html.split())
