"""Declarations feed the conflict-of-interest checks of the other apps without revealing what
they say: a member of staff who declares a relationship with a student is refused any place on
that student's case (cases: the service, the case page, the API's ``available_actions``, the
appointment page), and may not hold the informal chat of a Safe Contact applicant they declared
a relationship with (safecontacts)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.errors import TransitionError
from cases.models import CaseRole
from cases.services.common import assign
from cases.services.evidence import evidence_add
from cases.services.intake import case_decide_intake
from cases.services.setup import disciplinary_catalogue_apply
from governance.services.declarations import relationship_declare
from safecontacts.services.pipeline import chat_record

from ..cases.conftest import Staff
from ..cases.rules_support import open_case, to_investigation
from ..safecontacts.conftest import People as SafeContactPeople
from ..safecontacts.conftest import apply
from .conftest import api_as, at, d

pytestmark = pytest.mark.django_db

REFUSAL = "declared a personal relationship with a party to this case"


@pytest.mark.parametrize(("slug", "shape"), [("kingsway", "002"), ("midshire", "004")])
def test_declare_a_relationship_and_be_refused_as_investigator_on_the_students_case(
        request, client, slug, shape):
    inst = request.getfixturevalue(slug)
    disciplinary_catalogue_apply(institution=inst, shape=shape)
    ks = Staff(inst)
    with at("2026-11-03"):
        case = to_investigation(inst, ks)
        case_url = f"/api/v1/{slug}/cases/{case.pk}/"
        offered = {a["key"]: a for a in api_as(ks.investigator).get(case_url).json()[
            "available_actions"]}
        assert offered["evidence"]["refusal"] == ""

        # The investigator declares, on their own page, a relationship with the respondent
        # (the student ID as they typed it).
        client.force_login(ks.investigator)
        response = client.post(f"/{slug}/staff/governance/declarations/new/", {
            "kind": "staff_student", "person_name": "Alex Sample",
            "person_student_id": " 20260001 ", "nature": "intimate",
            "details": "We met at a conference last year."})
        assert response.status_code == 302

        # The cases service refuses them...
        with pytest.raises(PermissionDenied, match=REFUSAL):
            evidence_add(case=case, actor=ks.investigator, title="Statement",
                         uploaded_file=SimpleUploadedFile("s.pdf", b"%PDF-1.4 statement"))
        # ... the API lists the action as theirs but blocked, with the reason ...
        offered = {a["key"]: a for a in api_as(ks.investigator).get(case_url).json()[
            "available_actions"]}
        refusal = offered["evidence"]["refusal"]
        assert REFUSAL in refusal
        # ... which says neither who nor what (000 §8: the details are the declarer's and HR's).
        assert "Alex" not in refusal
        assert "intimate" not in refusal.lower()
        page = client.get(f"/{slug}/staff/cases/{case.pk}/").text
        assert REFUSAL in page
        assert f"/{slug}/staff/cases/{case.pk}/evidence/" not in page

        # On a new case about the same student, the decision maker cannot appoint them, and
        # the appointment page says why without the declaration's details.
        other = open_case(inst, ks.secretary)
        other = case_decide_intake(case=other, actor=ks.secretary, route="formal",
                                   reasons="Needs investigation")
        with pytest.raises(TransitionError, match=REFUSAL):
            assign(case=other, user=ks.investigator, role=CaseRole.INVESTIGATOR,
                   by=ks.secretary)
        client.force_login(ks.secretary)
        page = client.get(f"/{slug}/staff/cases/{other.pk}/assign/?role=investigator").text
        assert REFUSAL in page
        assert "conference" not in page
        assert "Alex Sample" not in page.split(REFUSAL)[0][-300:]


def test_a_declaration_about_another_student_or_by_someone_else_is_no_conflict(kingsway):
    disciplinary_catalogue_apply(institution=kingsway, shape="002")
    ks = Staff(kingsway)
    relationship_declare(institution=kingsway, actor=ks.investigator, person_name="Other",
                         person_student_id="20260077", nature="personal")
    relationship_declare(institution=kingsway, actor=ks.clerk, person_name="Alex Sample",
                         person_student_id="20260001", nature="personal")
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    assert case.assignments.filter(user=ks.investigator).exists()


def test_the_staff_holding_an_applicants_informal_chat_have_no_declared_relationship_with_them(
        kingsway):
    people = SafeContactPeople(kingsway)
    with at("2026-11-02"):
        record = apply(kingsway, people.applicant)
    # The colleague declared a relationship with the applicant (a colleague they manage).
    relationship_declare(institution=kingsway, actor=people.colleague, kind="staff_staff",
                         person_name=str(people.applicant),
                         person_email=people.applicant.email.upper(), nature="intimate",
                         authority="declarer")
    with at("2026-11-05"), pytest.raises(ValidationError) as refused:
        chat_record(record=record, actor=people.edi, held_on=d("2026-11-04"),
                    staff=[people.edi, people.colleague])
    message = refused.value.message_dict["staff"][0]
    assert str(people.colleague) in message
    assert "declared" in message
    # The other way round: the applicant declared one with the other member of staff.
    relationship_declare(institution=kingsway, actor=people.applicant, kind="staff_staff",
                         person_name=str(people.other), person_email=people.other.email,
                         nature="personal", authority="person")
    with at("2026-11-05"), pytest.raises(ValidationError, match="declared"):
        chat_record(record=record, actor=people.edi, held_on=d("2026-11-04"),
                    staff=[people.edi, people.other])
    with at("2026-11-05"):
        chat_record(record=record, actor=people.edi, held_on=d("2026-11-04"),
                    staff=[people.edi, people.edi2])
