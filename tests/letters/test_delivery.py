"""Letters that reach people (004 "how decisions are communicated": the way each person
agreed at the start of the investigation): by email as a secure, expiring link to the letter,
never an attachment, or through the support caseworker, who records the handover. Every
sending is recorded, and so is each opening."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseRole, ContactPreference, LetterKind, Party
from cases.services.common import assign
from cases.services.contact import contact_preference_set
from letters.models import Letter, LetterDelivery, LetterHandover, LetterLink
from letters.services import letter_handover_record, letter_link_resend
from letters.services.links import token_hmac

from ..cases.rules_support import at, d, on, reload, to_investigation, uphold

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/letters/(?P<token>[\w-]+)/")


def reporting_party(case) -> Party:
    return Party.objects.for_institution(case.institution_id).get(
        case=case, kind=Party.Kind.REPORTING_PARTY)


def decided_with(inst, st, capture, respondent="email", party="email", day="2026-12-18"):
    with on(day, capture):
        case = to_investigation(inst, st)
        contact_preference_set(case=case, actor=st.secretary, party=None, method=respondent,
                               email="alex.private@example.org", agreed_on=d(day))
        contact_preference_set(case=case, actor=st.secretary, party=reporting_party(case),
                               method=party, agreed_on=d(day))
        uphold(case, st)
    return reload(case)


def decision_letter(case, key="respondent") -> Letter:
    return Letter.objects.for_institution(case.institution_id).get(
        case=case, kind=LetterKind.FORMAL_DECISION, recipient_key=key)


def token_in(message) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found["token"]


def test_decision_letter_is_emailed_as_an_expiring_link_not_an_attachment(kingsway, ks,
                                                                          capture):
    mail.outbox.clear()
    case = decided_with(kingsway, ks, capture)
    letter = decision_letter(case)
    to_respondent = [m for m in mail.outbox if m.to == ["alex.private@example.org"]]
    assert len(to_respondent) == 1
    message = to_respondent[0]
    assert message.attachments == []
    assert case.reference in message.body
    assert "works until" in message.body
    assert case.reference not in message.subject  # the subject names no case
    token = token_in(message)
    link = LetterLink.objects.for_institution(kingsway).get(letter=letter)
    assert link.token_hash == token_hmac(token)
    assert token not in link.token_hash
    assert link.expires_at - link.created_at == dt.timedelta(days=14)
    [delivery] = letter.deliveries.all()
    assert (delivery.channel, delivery.to, delivery.link_id) == (
        LetterDelivery.Channel.EMAIL, "alex.private@example.org", link.pk)
    assert delivery.recorded_by is None  # sent by the system when issued


def test_reporting_party_gets_the_decision_at_their_agreed_address_s50(kingsway, ks, capture):
    mail.outbox.clear()
    case = decided_with(kingsway, ks, capture)
    party = reporting_party(case)
    letter = decision_letter(case, key=f"party-{party.pk}")
    assert [m.to for m in mail.outbox if m.to == [party.email]] == [[party.email]]
    assert letter.deliveries.get().channel == LetterDelivery.Channel.EMAIL


def test_opening_is_recorded(kingsway, ks, capture, client):
    mail.outbox.clear()
    case = decided_with(kingsway, ks, capture)
    letter = decision_letter(case)
    token = token_in(next(m for m in mail.outbox if m.to == ["alex.private@example.org"]))
    with at("2026-12-19"):
        page = client.get(f"/kingsway/letters/{token}/")
        assert page.status_code == 200
        assert page["Cache-Control"].startswith("no-store")
        assert letter.subject in page.content.decode()
        pdf = client.get(f"/kingsway/letters/{token}/letters/{letter.pk}/pdf/")
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        client.get(f"/kingsway/letters/{token}/letters/{letter.pk}/pdf/")
    letter.refresh_from_db()
    assert letter.open_count == 2
    assert letter.first_opened_at is not None


def test_expired_link_shows_how_to_get_a_new_one(kingsway, ks, capture, client):
    mail.outbox.clear()
    case = decided_with(kingsway, ks, capture)
    letter = decision_letter(case)
    token = token_in(next(m for m in mail.outbox if m.to == ["alex.private@example.org"]))
    with at("2027-01-02"):  # 14 days after 18 December have passed
        page = client.get(f"/kingsway/letters/{token}/")
        pdf = client.get(f"/kingsway/letters/{token}/letters/{letter.pk}/pdf/")
    assert page.status_code == 410
    assert pdf.status_code == 410
    text = page.content.decode()
    assert "Link expired" in text
    assert "ask for a new one" in text
    assert case.reference in text
    letter.refresh_from_db()
    assert letter.open_count == 0


def test_staff_send_a_fresh_link_and_the_old_one_stops_working(kingsway, ks, capture, client):
    mail.outbox.clear()
    case = decided_with(kingsway, ks, capture)
    letter = decision_letter(case)
    old = token_in(next(m for m in mail.outbox if m.to == ["alex.private@example.org"]))
    mail.outbox.clear()
    with on("2027-01-04", capture):
        delivery = letter_link_resend(letter=letter, actor=ks.secretary)
    assert delivery.recorded_by == ks.secretary
    assert delivery.channel == "email"
    [message] = mail.outbox
    new = token_in(message)
    with at("2027-01-05"):
        assert client.get(f"/kingsway/letters/{new}/").status_code == 200
        assert client.get(f"/kingsway/letters/{old}/").status_code == 410
    with pytest.raises(PermissionDenied), at("2027-01-05"):
        letter_link_resend(letter=letter, actor=ks.bystander)


def test_links_do_not_work_at_another_institution_or_for_another_case(kingsway, midshire, ks,
                                                                     capture, client):
    mail.outbox.clear()
    case = decided_with(kingsway, ks, capture)
    letter = decision_letter(case)
    token = token_in(next(m for m in mail.outbox if m.to == ["alex.private@example.org"]))
    with at("2026-12-19"):
        assert client.get(f"/midshire/letters/{token}/").status_code == 404
        assert client.get(f"/midshire/letters/{token}/letters/{letter.pk}/pdf/"
                          ).status_code == 404
        # The reporting party's letter is not the respondent's to open with their link.
        party_letter = decision_letter(case, key=f"party-{reporting_party(case).pk}")
        assert client.get(f"/kingsway/letters/{token}/letters/{party_letter.pk}/pdf/"
                          ).status_code == 404
        assert client.get("/kingsway/letters/not-a-token/").status_code == 404


def test_through_caseworker_letter_waits_for_handover(kingsway, ks, capture):
    mail.outbox.clear()
    with on("2026-12-18", capture):
        case = to_investigation(kingsway, ks)
        assign(case=case, user=ks.caseworker, role=CaseRole.CASEWORKER, by=ks.secretary)
        contact_preference_set(case=case, actor=ks.caseworker, party=None,
                               method=ContactPreference.Method.THROUGH_CASEWORKER)
        uphold(case, ks)
    letter = decision_letter(case)
    assert not [m for m in mail.outbox if m.to == [case.respondent.email]]
    handover = LetterHandover.objects.for_institution(kingsway).get(letter=letter)
    assert handover.handler == ks.caseworker
    assert handover.delivery is None
    assert not letter.deliveries.exists()
    with at("2026-12-21"):
        with pytest.raises(ValidationError):
            letter_handover_record(handover=handover, actor=ks.caseworker,
                                   sent_on=d("2026-12-22"))
        delivery = letter_handover_record(handover=handover, actor=ks.caseworker,
                                          sent_on=d("2026-12-21"))
    handover.refresh_from_db()
    assert handover.delivery == delivery
    assert delivery.channel == LetterDelivery.Channel.BY_HAND
    assert delivery.recorded_by == ks.caseworker


def test_without_an_agreed_preference_nothing_is_sent_automatically(kingsway, ks, capture):
    mail.outbox.clear()
    with on("2026-12-18", capture):
        case = to_investigation(kingsway, ks)
        uphold(case, ks)
    letter = decision_letter(case)
    assert letter.status == Letter.Status.ISSUED
    assert not letter.deliveries.exists()
    assert not letter.links.exists()
    assert not LetterHandover.objects.for_institution(kingsway).filter(letter=letter).exists()


def test_preference_records_who_agreed_it_and_when(kingsway, ks):
    with at("2026-12-18"):
        case = to_investigation(kingsway, ks)
        pref = contact_preference_set(case=case, actor=ks.investigator, party=None,
                                      method="email", agreed_on=d("2026-12-17"))
        assert (pref.agreed_by, pref.agreed_on, pref.email) == (
            ks.investigator, d("2026-12-17"), case.respondent.email)
        with pytest.raises(ValidationError) as bad:
            contact_preference_set(case=case, actor=ks.secretary, party=None, method="email",
                                   email="not an email")
        assert "email" in bad.value.message_dict
        with pytest.raises(PermissionDenied):
            contact_preference_set(case=case, actor=ks.bystander, party=None, method="email")
