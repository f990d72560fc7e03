"""The commitments (001): a team meeting every term, group supervision each term, further
training; the EDI office records sessions and attendance and sees who is behind."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from institutions.models import AcademicTerm
from safecontacts.commitments import commitments_overview
from safecontacts.services.commitments import attendance_set, session_record

from .conftest import active, at, client_for, d, staff, train

pytestmark = pytest.mark.django_db


def test_behind_on_this_terms_meeting_supervision_and_further_training(kingsway, kp):
    keen = active(kingsway, kp, staff(kingsway, email="keen@kingsway.test"),
                  specialisms=["sc-lgbtqia"])
    quiet = active(kingsway, kp, staff(kingsway, email="quiet@kingsway.test"))
    term = AcademicTerm.objects.for_institution(kingsway).get(name="Autumn term 2026")
    with at("2026-11-20"):
        before = commitments_overview(institution=kingsway)
        assert before.term == term
        assert not before.meeting_held
        assert "No team meeting yet in Autumn term 2026" in before.rows[0].behind
        session_record(institution=kingsway, actor=kp.edi, kind="team_meeting", term=term,
                       held_on=d("2026-11-19"), attendee_ids=[keen.pk])
        session_record(institution=kingsway, actor=kp.edi, kind="supervision", term=term,
                       held_on=d("2026-11-19"), attendee_ids=[keen.pk])
        rows = {r.record.pk: r for r in commitments_overview(institution=kingsway).rows}
    assert rows[keen.pk].behind == []
    assert rows[keen.pk].last_further_training == d("2026-11-02")
    assert rows[quiet.pk].behind == ["Missed the team meeting of Autumn term 2026",
                                     "No group supervision in Autumn term 2026",
                                     "No further training in the last 12 months"]
    # A new term starts: everyone owes its meeting again; a year on, the training too.
    with at("2027-11-10"):
        AcademicTerm.objects.create(institution=kingsway, name="Autumn term 2027",
                                    start=d("2027-09-27"), end=d("2027-12-10"))
        later = {r.record.pk: r for r in commitments_overview(institution=kingsway).rows}
    assert "No further training in the last 12 months" in later[keen.pk].behind
    train(kingsway, keen.person, "sc-racial-harassment", d("2027-10-01"))
    with at("2027-11-10"):
        later = {r.record.pk: r for r in commitments_overview(institution=kingsway).rows}
    assert later[keen.pk].last_further_training == d("2027-10-01")


def test_sessions_are_recorded_by_the_edi_office_only(kingsway, midshire, kp, mp, client):
    sc = active(kingsway, kp, staff(kingsway, email="sc@kingsway.test"))
    term = AcademicTerm.objects.for_institution(kingsway).first()
    other_term = AcademicTerm.objects.for_institution(midshire).first()
    with at("2026-11-20"):
        with pytest.raises(PermissionDenied):
            session_record(institution=kingsway, actor=kp.applicant, kind="team_meeting",
                           term=term, held_on=d("2026-11-19"))
        with pytest.raises(ValidationError) as caught:
            session_record(institution=kingsway, actor=kp.edi, kind="team_meeting",
                           term=other_term, held_on=d("2026-11-21"))
        assert set(caught.value.message_dict) == {"term", "held_on"}
        session = session_record(institution=kingsway, actor=kp.edi, kind="supervision",
                                 term=term, held_on=d("2026-11-19"))
        attendance_set(session=session, actor=kp.edi, attendee_ids=[sc.pk])
        assert list(session.attendance.values_list("safe_contact_id", flat=True)) == [sc.pk]
        client.force_login(kp.edi)
        page = client.post(reverse("staff:safecontacts:session_new", args=["kingsway"]), {
            "kind": "team_meeting", "term": term.pk, "held_on": "2026-11-19",
            "attendees": [sc.pk]})
        assert page.status_code == 302
        bad = client.post(reverse("staff:safecontacts:session_new", args=["kingsway"]),
                          {"kind": "team_meeting", "term": "", "held_on": "soon"})
        assert "Choose the term." in bad.content.decode()
        assert "Enter a real date" in bad.content.decode()
        overview = client.get(reverse("staff:safecontacts:commitments", args=["kingsway"]))
        assert "Up to date" not in overview.content.decode()  # no further training yet
        api = client_for(kp.edi)
        made = api.post("/api/v1/kingsway/safe-contacts/sessions/", {
            "kind": "team_meeting", "term_id": term.pk, "held_on": "2026-11-18",
            "attendees": [sc.pk]}, format="json")
        assert made.status_code == 201
        assert made.json()["attendees"] == [sc.pk]
        assert api.post("/api/v1/kingsway/safe-contacts/sessions/", {
            "kind": "team_meeting", "term_id": other_term.pk, "held_on": "2026-11-18"},
            format="json").status_code == 400
        assert api.get("/api/v1/kingsway/safe-contacts/sessions/").json()["count"] == 3
        behind = api.get("/api/v1/kingsway/safe-contacts/commitments/").json()
        assert behind["safe_contacts"][0]["behind"] == [
            "No further training in the last 12 months"]
        assert client_for(mp.edi).post(
            f"/api/v1/midshire/safe-contacts/sessions/{session.pk}/attendance/",
            {"attendees": []}, format="json").status_code == 404
        assert client_for(kp.applicant).get(
            "/api/v1/kingsway/safe-contacts/commitments/").status_code == 403
