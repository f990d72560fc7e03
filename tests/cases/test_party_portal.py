"""The respondent's side, from the secure link of a letter they were emailed (no account): their
letters on the case, and the online Appeal Form (002 Appendix B; the institution's grounds),
within the appeal window (§66) or late with a reason. The appeal is lodged by the same service
staff use; nobody else's link, and no other case, reaches it."""

import re

import pytest
from django.core import mail

from audit.models import AuditEvent
from cases.models import Appeal, AppealGround, Party, Stage
from cases.services.appeals import case_close_no_appeal
from cases.services.contact import contact_preference_set

from . import rules_support
from .rules_support import at, d, on, reload, to_investigation, uphold

pytestmark = pytest.mark.django_db
midshire = rules_support.midshire  # conftest's fixture fails; see rules_support

LINK = re.compile(r"https?://\S+/letters/(?P<token>[\w-]+)/")


def decided(inst, st, capture, day="2026-12-18"):
    """A decision emailed to both parties as secure links; returns (case, respondent's token,
    reporting party's token)."""
    mail.outbox.clear()
    with on(day, capture):
        case = to_investigation(inst, st)
        party = Party.objects.for_institution(inst).get(case=case)
        contact_preference_set(case=case, actor=st.secretary, party=None, method="email")
        contact_preference_set(case=case, actor=st.secretary, party=party, method="email")
        uphold(case, st)
    tokens = {m.to[0]: LINK.search(m.body)["token"] for m in mail.outbox if LINK.search(m.body)}
    return reload(case), tokens[case.respondent.email], tokens[party.email]


def form(case, **overrides):
    ground = AppealGround.objects.for_institution(case.institution_id).first()
    data = {"contact": "a.sample@student.test", "telephone": "",
            "decision_received_on": "2026-12-18", "grounds": [ground.code],
            "summary": "The investigator did not speak to my witness.", "late_reason": "",
            "signed": "on"}
    data.update(overrides)
    return data


def test_respondent_sees_their_letters_and_the_appeal_form_from_the_link(
        kingsway, ks, django_capture_on_commit_callbacks, client):
    case, token, _ = decided(kingsway, ks, django_capture_on_commit_callbacks)
    with at("2026-12-21"):
        page = client.get(f"/kingsway/letters/{token}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert case.reference in text
    assert "Appeal against the decision online" in text


def test_respondent_lodges_appeal_online_within_window(kingsway, ks,
                                                       django_capture_on_commit_callbacks,
                                                       client):
    case, token, _ = decided(kingsway, ks, django_capture_on_commit_callbacks)
    url = f"/kingsway/letters/{token}/appeal/"
    with on("2026-12-30", django_capture_on_commit_callbacks):
        page = client.get(url)
        assert page.status_code == 200
        assert "Wednesday 6 January 2027" in page.content.decode()
        for ground in AppealGround.objects.for_institution(kingsway):
            assert ground.text in page.content.decode()
        done = client.post(url, form(case))
    assert done.status_code == 200
    assert "Your appeal was received" in done.content.decode()
    appeal = Appeal.objects.for_institution(kingsway).get(case=case)
    assert (appeal.status, appeal.is_late, appeal.received_on) == (
        Appeal.Status.UNDER_REVIEW, False, d("2026-12-30"))
    assert appeal.recorded_by is None
    assert appeal.student_id == case.respondent.student_id
    assert reload(case).stage == Stage.APPEAL
    assert AuditEvent.objects.for_institution(kingsway).filter(
        action="appeal.lodged_online").exists()


def test_late_appeal_needs_a_reason(kingsway, ks, django_capture_on_commit_callbacks, client):
    """§66: after the window (here, after the case closed for want of an appeal) the student
    must give good reasons why the appeal is late."""
    case, _, _ = decided(kingsway, ks, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with on("2027-01-07", django_capture_on_commit_callbacks):
        case_close_no_appeal(case=case, actor=ks.secretary)
    # The closure letter's own link (the decision's has expired by now) opens the form.
    [closure] = [m for m in mail.outbox if m.to == [case.respondent.email]]
    url = f"/kingsway/letters/{LINK.search(closure.body)['token']}/appeal/"
    with on("2027-01-08", django_capture_on_commit_callbacks):
        page = client.get(url)
        assert "You can still appeal, but you must explain why" in page.content.decode()
        refused = client.post(url, form(case))
        assert refused.status_code == 200
        text = refused.content.decode()
        assert "There is a problem" in text
        assert "reason for lateness" in text
        assert "The investigator did not speak to my witness." in text  # input kept
        assert not Appeal.objects.for_institution(kingsway).filter(case=case).exists()
        client.post(url, form(case, late_reason="I was in hospital."))
    appeal = Appeal.objects.for_institution(kingsway).get(case=case)
    assert (appeal.status, appeal.is_late, appeal.late_reason) == (
        Appeal.Status.LATE_PENDING, True, "I was in hospital.")


def test_appeal_form_needs_a_ground_and_the_students_confirmation(
        kingsway, ks, django_capture_on_commit_callbacks, client):
    case, token, _ = decided(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2026-12-21", django_capture_on_commit_callbacks):
        page = client.post(f"/kingsway/letters/{token}/appeal/",
                           form(case, grounds=[], signed=""))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Confirm that this is your appeal" in text
    assert not Appeal.objects.for_institution(kingsway).filter(case=case).exists()


def test_only_the_respondents_own_link_reaches_the_appeal_form(
        kingsway, midshire, ks, django_capture_on_commit_callbacks, client):
    """The reporting party cannot appeal (004; 002 §66 is the student's right); a link never
    works at another institution."""
    case, token, party_token = decided(kingsway, ks, django_capture_on_commit_callbacks)
    with at("2026-12-21"):
        assert client.get(f"/kingsway/letters/{party_token}/appeal/").status_code == 404
        party_page = client.get(f"/kingsway/letters/{party_token}/")
        assert "Appeal against the decision online" not in party_page.content.decode()
        assert client.get(f"/midshire/letters/{token}/appeal/").status_code == 404


def test_no_online_appeal_once_an_appeal_is_under_way(kingsway, ks,
                                                      django_capture_on_commit_callbacks,
                                                      client):
    case, token, _ = decided(kingsway, ks, django_capture_on_commit_callbacks)
    url = f"/kingsway/letters/{token}/appeal/"
    with on("2026-12-21", django_capture_on_commit_callbacks):
        client.post(url, form(case))
        again = client.get(url)
    assert "An appeal cannot be made online now" in again.content.decode()
    assert Appeal.objects.for_institution(kingsway).filter(case=case).count() == 1


def test_expired_decision_link_no_longer_opens_the_appeal_form(
        kingsway, ks, django_capture_on_commit_callbacks, client):
    """A link works for 14 days; after that the page says how to get a new one (staff send a
    fresh link, which opens the form again while the window is open)."""
    case, token, _ = decided(kingsway, ks, django_capture_on_commit_callbacks)
    with at("2027-01-04"):
        gone = client.get(f"/kingsway/letters/{token}/appeal/")
    assert gone.status_code == 410
    assert "ask for a new one" in gone.content.decode()


def test_midshire_student_appeals_online_on_midshires_own_grounds(
        midshire, ms, django_capture_on_commit_callbacks, client):
    """004: the grounds come from Midshire's catalogue, not Kingsway's §67."""
    mail.outbox.clear()
    with on("2026-12-18", django_capture_on_commit_callbacks):
        case = to_investigation(midshire, ms)
        contact_preference_set(case=case, actor=ms.secretary, party=None, method="email")
        uphold(case, ms)
    [message] = [m for m in mail.outbox if m.to == [case.respondent.email]]
    url = f"/midshire/letters/{LINK.search(message.body)['token']}/appeal/"
    grounds = list(AppealGround.objects.for_institution(midshire))
    with on("2026-12-22", django_capture_on_commit_callbacks):
        page = client.get(url).content.decode()
        assert all(g.text in page for g in grounds)
        assert client.post(url, form(case)).status_code == 200
    appeal = Appeal.objects.for_institution(midshire).get(case=case)
    assert [g.code for g in appeal.grounds.all()] == [grounds[0].code]
