"""Pages and API for how a case's letters reach people: the agreed contact preferences (a form
that re-shows input with its errors; the API answers 400 with field errors), a fresh secure
link, the caseworker's "Letters to hand over" and recording a handover."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from cases.models import CaseRole, ContactPreference, LetterKind
from cases.services.common import assign
from cases.services.contact import contact_preference_set
from letters.models import Letter, LetterHandover

from ..cases.rules_support import at, on, reload, to_investigation, uphold

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def base(case) -> str:
    return f"/api/v1/{case.institution.slug}/cases/{case.pk}/"


def test_contact_preference_page_reshows_errors_and_records(kingsway, ks, client):
    with at("2026-12-18"):
        case = to_investigation(kingsway, ks)
        client.force_login(ks.secretary)
        url = f"/kingsway/staff/cases/{case.pk}/contact-preferences/"
        page = client.get(url)
        assert page.status_code == 200
        assert "Not agreed yet" in page.content.decode()
        bad = client.post(url, {"person": "respondent", "method": "email",
                                "email": "nope", "agreed_on": "2026-12-18"})
        assert bad.status_code == 200
        assert "Enter a valid email address." in bad.content.decode()
        assert 'value="nope"' in bad.content.decode()
        done = client.post(url, {"person": "respondent", "method": "through_caseworker",
                                 "email": "", "agreed_on": "2026-12-17"})
        assert done.status_code == 302
    pref = ContactPreference.objects.for_institution(kingsway).get(case=case)
    assert (pref.method, pref.agreed_by) == ("through_caseworker", ks.secretary)


def test_contact_preference_api(kingsway, midshire, ks, ms):
    with at("2026-12-18"):
        case = to_investigation(kingsway, ks)
        bad = api(ks.secretary).post(base(case) + "contact-preferences/",
                                     {"method": "pigeon"}, format="json")
        assert bad.status_code == 400
        assert "method" in str(bad.json())
        made = api(ks.secretary).post(base(case) + "contact-preferences/",
                                      {"method": "email", "email": "alex@example.org"},
                                      format="json")
        assert made.status_code == 201
        assert made.json()["person"] == "respondent"
        listed = api(ks.secretary).get(base(case) + "contact-preferences/")
        assert [p["email"] for p in listed.json()] == ["alex@example.org"]
        # Another institution's staff see nothing of it.
        assert api(ms.secretary).get(
            f"/api/v1/kingsway/cases/{case.pk}/contact-preferences/").status_code in (403, 404)


def test_resend_link_and_handover_through_the_api(kingsway, ks, capture):
    mail.outbox.clear()
    with on("2026-12-18", capture):
        case = to_investigation(kingsway, ks)
        assign(case=case, user=ks.caseworker, role=CaseRole.CASEWORKER, by=ks.secretary)
        contact_preference_set(case=case, actor=ks.secretary, party=None, method="email")
        party = case.parties.get()
        contact_preference_set(case=case, actor=ks.secretary, party=party,
                               method="through_caseworker")
        uphold(case, ks)
    case = reload(case)
    letter = Letter.objects.for_institution(kingsway).get(
        case=case, kind=LetterKind.FORMAL_DECISION, recipient_key="respondent")
    party_letter = Letter.objects.for_institution(kingsway).get(
        case=case, kind=LetterKind.FORMAL_DECISION, recipient_key=f"party-{party.pk}")
    with on("2026-12-21", capture):
        resent = api(ks.secretary).post(base(case) + f"letters/{letter.pk}/resend-link/", {},
                                        format="json")
        assert resent.status_code == 201
        assert resent.json()["delivery"]["channel"] == "email"
        letters = api(ks.secretary).get(base(case) + "letters/").json()
        assert {"first_opened_at", "open_count"} <= set(letters[0])
        no_handover = api(ks.caseworker).post(base(case) + f"letters/{letter.pk}/handover/",
                                              {"sent_on": "2026-12-21"}, format="json")
        assert no_handover.status_code == 404
        handed = api(ks.caseworker).post(base(case) + f"letters/{party_letter.pk}/handover/",
                                         {"sent_on": "2026-12-21"}, format="json")
        assert handed.status_code == 201
        assert handed.json()["delivery"]["channel"] == "by_hand"
    assert LetterHandover.objects.for_institution(kingsway).get(
        letter=party_letter).delivery_id is not None


def test_caseworker_sees_letters_to_hand_over(kingsway, ks, capture, client):
    with on("2026-12-18", capture):
        case = to_investigation(kingsway, ks)
        assign(case=case, user=ks.caseworker, role=CaseRole.CASEWORKER, by=ks.secretary)
        contact_preference_set(case=case, actor=ks.caseworker, party=None,
                               method="through_caseworker")
        uphold(case, ks)
    with at("2026-12-18"):
        client.force_login(ks.caseworker)
        page = client.get("/kingsway/staff/cases/letters-to-hand-over/")
        assert page.status_code == 200
        assert case.reference in page.content.decode()
        letter = Letter.objects.for_institution(kingsway).get(
            case=case, kind=LetterKind.FORMAL_DECISION, recipient_key="respondent")
        form = client.get(f"/kingsway/staff/cases/{case.pk}/letters/{letter.pk}/handover/")
        assert form.status_code == 200
        done = client.post(f"/kingsway/staff/cases/{case.pk}/letters/{letter.pk}/handover/",
                           {"sent_on": "2026-12-18", "note": ""})
        assert done.status_code == 302
        assert case.reference not in client.get(
            "/kingsway/staff/cases/letters-to-hand-over/").content.decode()
        detail = client.get(f"/kingsway/staff/cases/{case.pk}/")
        assert "Handed over in person" in detail.content.decode()
