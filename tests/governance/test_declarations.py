"""Personal relationship declarations (000 §8): declared by the member of staff, flagged
prohibited where they have academic, supervisory or welfare involvement with the student,
reviewed by an HR partner (the plan, the outcome, the action taken), ended by the declarer; each
change audited without what the declaration says, and its details read only by the declarer,
the HR partners and the institution admin."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AccessEvent
from governance.errors import GovernanceError
from governance.models import RelationshipDeclaration
from governance.services import declarations as services
from outbox.models import OutboxMessage
from tests.audit_support import actions, events

from .conftest import STUDENT, api_as, at, d, declare

pytestmark = pytest.mark.django_db

D = RelationshipDeclaration


def mails(inst, key_part: str) -> list[dict]:
    return [m.payload for m in OutboxMessage.objects.filter(institution=inst)
            if key_part in m.key]


# -- declaring ----------------------------------------------------------------------------------
def test_a_member_of_staff_declares_their_own_relationship_and_hr_is_told_nothing_of_it(kp):
    with at("2026-11-03"):
        declaration = declare(kp)
    assert (declaration.declarer, declaration.declared_on) == (kp.lecturer, d("2026-11-03"))
    assert declaration.status == D.Status.AWAITING_REVIEW
    assert not declaration.prohibited
    [event] = events(kp.inst)
    assert event.action == "governance.relationship_declared"
    assert event.changes["declarer"] == "lecturer@kingsway.test"
    for value in (*STUDENT.values(), "niece"):
        assert value not in str(event.changes)
    [mail] = mails(kp.inst, ":declared")
    assert mail["to"] == ["hr2@kingsway.test", "hr@kingsway.test"]
    assert "Alex" not in mail["body"]
    assert "niece" not in mail["body"]
    assert "prohibited" not in mail["body"]


@pytest.mark.parametrize("involvement", ["academic_involvement", "supervisory_involvement",
                                         "welfare_involvement"])
def test_a_relationship_with_a_student_with_any_involvement_is_flagged_prohibited(
        kp, involvement):
    declaration = declare(kp, nature="intimate", **{involvement: True})
    assert declaration.prohibited
    [mail] = mails(kp.inst, ":declared")
    assert "flagged as prohibited" in mail["body"]


def test_a_relationship_with_a_colleague_names_who_has_authority_and_is_never_prohibited(kp):
    with pytest.raises(ValidationError) as refused:
        declare(kp, kind="staff_staff", person_student_id="", person_email="colleague@x.test")
    assert "authority" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        declare(kp, kind="staff_staff", person_student_id="", person_email="",
                authority="declarer")
    assert "person_email" in refused.value.message_dict
    declaration = declare(kp, kind="staff_staff", person_name="Chris Colleague",
                          person_student_id="", person_email="colleague@kingsway.test",
                          authority="declarer", supervisory_involvement=True)
    assert (declaration.authority, declaration.prohibited) == ("declarer", False)
    assert not declaration.supervisory_involvement


@pytest.mark.parametrize(("values", "field"), [
    ({"person_student_id": "", "person_email": ""}, "person_student_id"),
    ({"nature": "rivalry"}, "nature"),
    ({"person_email": "not an address"}, "person_email"),
    ({"person_name": "  "}, "person_name"),
])
def test_a_bad_declaration_names_the_field_and_writes_nothing(kp, values, field):
    with pytest.raises(ValidationError) as refused:
        declare(kp, **values)
    assert field in refused.value.message_dict
    assert not D.objects.for_institution(kp.inst).exists()
    assert events(kp.inst) == []


def test_only_an_admin_declares_for_someone_else(kp, mp):
    with pytest.raises(PermissionDenied):
        services.relationship_declare(institution=kp.inst, actor=kp.hr, declarer=kp.lecturer,
                                      nature="personal", **STUDENT)
    with pytest.raises(PermissionDenied):
        declare(kp, who=mp.lecturer)
    declaration = services.relationship_declare(
        institution=kp.inst, actor=kp.admin, declarer=kp.lecturer, nature="personal",
        declared_on=d("2026-09-01"), **STUDENT)
    assert declaration.declarer == kp.lecturer


# -- the HR review ------------------------------------------------------------------------------
def test_hr_records_the_management_plan_and_the_declarer_is_told_nothing_of_it(kp):
    with at("2026-11-03"):
        declaration = declare(kp, kind="staff_staff", person_name="Chris Colleague",
                              person_student_id="", person_email="colleague@kingsway.test",
                              authority="declarer")
    with at("2026-11-05"):
        with pytest.raises(ValidationError) as refused:
            services.relationship_declaration_review(declaration=declaration, actor=kp.hr,
                                                     outcome="managed")
        assert "management_plan" in refused.value.message_dict
        reviewed = services.relationship_declaration_review(
            declaration=declaration, actor=kp.hr, outcome="managed",
            management_plan="Appraisal and pay decisions about Chris go to the Head of "
                            "Division.")
    assert (reviewed.status, reviewed.outcome, reviewed.reviewed_by, reviewed.reviewed_on) == (
        D.Status.REVIEWED, "managed", kp.hr, d("2026-11-05"))
    assert reviewed.management_plan.startswith("Appraisal")
    event = events(kp.inst)[-1]
    assert event.action == "governance.relationship_declaration_reviewed"
    assert event.changes["outcome"] == "managed"
    assert "Appraisal" not in str(event.changes)
    [mail] = mails(kp.inst, ":reviewed:")
    assert mail["to"] == ["lecturer@kingsway.test"]
    assert "Appraisal" not in mail["body"]


def test_a_prohibited_relationship_cannot_be_merely_noted_and_the_action_taken_is_recorded(kp):
    declaration = declare(kp, nature="intimate", supervisory_involvement=True)
    with pytest.raises(ValidationError) as refused:
        services.relationship_declaration_review(declaration=declaration, actor=kp.hr,
                                                 outcome="noted")
    assert {"outcome", "action_taken"} <= set(refused.value.message_dict)
    reviewed = services.relationship_declaration_review(
        declaration=declaration, actor=kp.hr, outcome="involvement_removed",
        action_taken="Supervision moved to Dr Other from 1 December.")
    assert reviewed.action_taken.startswith("Supervision moved")


def test_only_an_hr_partner_reviews_and_never_their_own_declaration(kp, mp):
    declaration = declare(kp)
    for who in (kp.officer, kp.lecturer, kp.bystander, kp.admin):
        with pytest.raises(PermissionDenied, match="HR partner"):
            services.relationship_declaration_review(declaration=declaration, actor=who,
                                                     outcome="noted")
    with pytest.raises(PermissionDenied):
        services.relationship_declaration_review(declaration=declaration, actor=mp.hr,
                                                 outcome="noted")
    own = declare(kp, who=kp.hr)
    with pytest.raises(PermissionDenied, match="your own"):
        services.relationship_declaration_review(declaration=own, actor=kp.hr, outcome="noted")
    services.relationship_declaration_review(declaration=own, actor=kp.hr2, outcome="noted")


def test_the_declarer_records_the_end_once_and_not_in_the_future(kp):
    with at("2026-10-01"):
        declaration = declare(kp)
    with at("2026-11-03"):
        with pytest.raises(ValidationError, match="future"):
            services.relationship_declaration_end(declaration=declaration, actor=kp.lecturer,
                                                  ended_on=d("2026-11-04"))
        with pytest.raises(PermissionDenied):
            services.relationship_declaration_end(declaration=declaration, actor=kp.colleague,
                                                  ended_on=d("2026-11-02"))
        ended = services.relationship_declaration_end(declaration=declaration,
                                                      actor=kp.lecturer,
                                                      ended_on=d("2026-11-02"))
        assert ended.ended_on == d("2026-11-02")
        with pytest.raises(GovernanceError, match="ended"):
            services.relationship_declaration_end(declaration=declaration, actor=kp.lecturer,
                                                  ended_on=d("2026-11-03"))
    assert actions(kp.inst)[-1] == "governance.relationship_declaration_ended"


# -- confidentiality ----------------------------------------------------------------------------
def test_the_details_are_read_only_by_the_declarer_hr_and_the_admin(client, kp, mp):
    declaration = declare(kp)
    url = f"/kingsway/staff/governance/declarations/{declaration.pk}/"
    api = f"/api/v1/kingsway/governance/declarations/{declaration.pk}/"
    for who in (kp.lecturer, kp.hr, kp.admin):
        client.force_login(who)
        page = client.get(url)
        assert page.status_code == 200
        assert "Alex is my niece." in page.text
        assert api_as(who).get(api).json()["details"] == "Alex is my niece."
    for who in (kp.officer, kp.colleague, kp.bystander):
        client.force_login(who)
        assert client.get(url).status_code == 404
        assert api_as(who).get(api).status_code == 404
        assert client.get(url + "review/").status_code == 404
        assert api_as(who).post(api + "review/", {"outcome": "noted"}).status_code == 404
    client.force_login(mp.hr)
    assert client.get(url).status_code == 404
    assert api_as(mp.hr).get(api).status_code == 404
    # HR's reads are logged; the declarer's own are not.
    reads = AccessEvent.objects.for_institution(kp.inst).filter(object_id=str(declaration.pk))
    assert set(reads.values_list("actor_id", flat=True)) == {kp.hr.pk, kp.admin.pk}


def test_the_list_of_every_declaration_is_for_hr_and_the_admin_only(client, kp):
    declare(kp)
    for who in (kp.hr, kp.admin):
        client.force_login(who)
        assert client.get("/kingsway/staff/governance/declarations/all/").status_code == 200
        assert api_as(who).get("/api/v1/kingsway/governance/declarations/all/").json()[
            "count"] == 1
    for who in (kp.officer, kp.lecturer):
        client.force_login(who)
        assert client.get("/kingsway/staff/governance/declarations/all/").status_code == 403
        assert api_as(who).get(
            "/api/v1/kingsway/governance/declarations/all/").status_code == 403
    # Each member of staff lists only their own.
    assert api_as(kp.colleague).get(
        "/api/v1/kingsway/governance/declarations/").json()["count"] == 0
    assert api_as(kp.lecturer).get(
        "/api/v1/kingsway/governance/declarations/").json()["count"] == 1


# -- pages and API ------------------------------------------------------------------------------
def test_declaring_on_the_page_shows_the_error_with_what_was_typed(client, kp):
    client.force_login(kp.lecturer)
    url = "/kingsway/staff/governance/declarations/new/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "staff_student", "person_name": "Alex Sample",
                                 "nature": "intimate", "involvement": ["supervisory"],
                                 "details": "I supervise Alex."})
    assert response.status_code == 200
    assert "student ID or email address" in response.text
    assert "I supervise Alex." in response.text
    response = client.post(url, {"kind": "staff_student", "person_name": "Alex Sample",
                                 "person_student_id": "20260001", "nature": "intimate",
                                 "involvement": ["supervisory"],
                                 "details": "I supervise Alex."})
    declaration = D.objects.for_institution(kp.inst).get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/declarations/{declaration.pk}/")
    assert declaration.prohibited
    assert declaration.supervisory_involvement
    page = client.get(response["Location"]).text
    assert "Prohibited relationship" in page


def test_hr_reviews_through_the_page_and_the_api(client, kp):
    first, second = declare(kp), declare(kp, who=kp.colleague, supervisory_involvement=True)
    client.force_login(kp.hr)
    url = f"/kingsway/staff/governance/declarations/{first.pk}/review/"
    response = client.post(url, {"outcome": "managed", "management_plan": ""})
    assert response.status_code == 200
    assert "Write the management plan." in response.text
    response = client.post(url, {"outcome": "managed", "management_plan": "Marked by others."})
    assert response.status_code == 302
    answer = api_as(kp.hr).post(
        f"/api/v1/kingsway/governance/declarations/{second.pk}/review/",
        {"outcome": "noted"}, format="json")
    assert answer.status_code == 400
    assert set(answer.json()["errors"]) == {"outcome", "action_taken"}
    answer = api_as(kp.hr).post(
        f"/api/v1/kingsway/governance/declarations/{second.pk}/review/",
        {"outcome": "involvement_removed", "action_taken": "Supervisor changed."},
        format="json")
    assert answer.status_code == 200
    assert answer.json()["outcome"] == "involvement_removed"
    # The declarer's own page: ending it is theirs, reviewing is not.
    detail = api_as(kp.colleague).get(
        f"/api/v1/kingsway/governance/declarations/{second.pk}/").json()
    assert [a["key"] for a in detail["available_actions"]] == ["declaration_end"]


def test_declaring_through_the_api(kp):
    client = api_as(kp.lecturer)
    answer = client.post("/api/v1/kingsway/governance/declarations/",
                         {"person_name": "Alex Sample", "nature": "personal"}, format="json")
    assert answer.status_code == 400
    assert "person_student_id" in answer.json()["errors"]
    answer = client.post("/api/v1/kingsway/governance/declarations/",
                         {**STUDENT, "nature": "personal", "welfare_involvement": True},
                         format="json")
    assert answer.status_code == 201
    assert answer.json()["prohibited"] is True
    assert answer.json()["declarer"]["email"] == "lecturer@kingsway.test"


def test_the_lists_read_a_fixed_number_of_queries(client, kp,
                                                  django_assert_max_num_queries):
    for n in range(30):
        declare(kp, person_student_id=f"2026{n:04d}", person_name=f"Student {n}")
    client.force_login(kp.lecturer)
    with django_assert_max_num_queries(12):
        assert client.get("/kingsway/staff/governance/declarations/").status_code == 200
    client.force_login(kp.hr)
    with django_assert_max_num_queries(12):
        page = client.get("/kingsway/staff/governance/declarations/all/?page=2")
        assert page.status_code == 200
    with django_assert_max_num_queries(12):
        assert api_as(kp.hr).get("/api/v1/kingsway/governance/declarations/all/").json()[
            "count"] == 30


# -- the Django admin goes through the services ---------------------------------------------------
def test_a_declaration_added_in_the_admin_is_recorded_once(client, kp):
    kp.admin.is_staff = True
    kp.admin.save()
    client.force_login(kp.admin)
    response = client.post("/admin/governance/relationshipdeclaration/add/", {
        "institution": str(kp.inst.pk), "declarer": str(kp.lecturer.pk),
        "kind": "staff_student", "nature": "personal", "declared_on": "2026-09-01",
        "academic_involvement": "on", **STUDENT})
    assert response.status_code == 302, response.text[:2000]
    assert actions(kp.inst) == ["governance.relationship_declared"]
    assert D.objects.for_institution(kp.inst).get().prohibited


def test_a_declaration_without_student_id_or_email_is_a_form_error_in_the_admin(client, kp):
    kp.admin.is_staff = True
    kp.admin.save()
    client.force_login(kp.admin)
    response = client.post("/admin/governance/relationshipdeclaration/add/", {
        "institution": str(kp.inst.pk), "declarer": str(kp.lecturer.pk),
        "kind": "staff_student", "nature": "personal", "declared_on": "2026-09-01",
        "person_name": "Alex Example"})
    assert response.status_code == 200
    assert "Give the person&#x27;s student ID or email address" in response.text
    assert not D.objects.for_institution(kp.inst).exists()


def test_an_admin_correction_records_which_fields_changed_without_their_values(kp):
    declaration = declare(kp)
    services.relationship_declaration_update(declaration=declaration, actor=kp.admin,
                                             person_name="Alex Other",
                                             welfare_involvement=True)
    event = events(kp.inst)[-1]
    assert event.action == "governance.relationship_declaration_changed"
    assert event.changes["changed"]["person_name"] == {"changed": True}
    assert event.changes["changed"]["prohibited"] == {"from": False, "to": True}
    assert "Alex" not in str(event.changes)
    with pytest.raises(PermissionDenied):
        services.relationship_declaration_withdraw(declaration=declaration, actor=kp.hr)
    services.relationship_declaration_withdraw(declaration=declaration, actor=kp.admin)
    assert actions(kp.inst)[-1] == "governance.relationship_declaration_withdrawn"
