"""The contact log (001): no personal data, a Safe Contact's own entries only, the rules of a
handover and of a break of confidentiality, the EDI office's counts, and the referral to the
Harassment Management Group, which asks precautionary's group for a risk assessment and
carries contact details only with consent."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import escape

from precautionary.models import RiskAssessmentRequest
from precautionary.services.requests import risk_assessment_request
from safecontacts.errors import SafeContactError
from safecontacts.log_selectors import log_summary
from safecontacts.models import ContactLogEntry
from safecontacts.services.contactlog import contact_log_record, contact_log_refer
from safecontacts.services.pipeline import safe_contact_pause

from .conftest import active, at, client_for, d, staff

pytestmark = pytest.mark.django_db

ENTRY = {"contacted_on": d("2026-11-09"), "concern": "sexual_violence",
         "person_kind": "student", "signposted_to": ["isva", "report_support"]}


@pytest.fixture
def scs(kingsway, kp):
    me = active(kingsway, kp, staff(kingsway, email="me@kingsway.test"))
    colleague = active(kingsway, kp, staff(kingsway, email="colleague-sc@kingsway.test"))
    return me, colleague


def log(inst, record, **overrides):
    return contact_log_record(institution=inst, actor=record.person, **{**ENTRY, **overrides})


def test_contact_log_has_no_personal_data_fields():
    fields = {f.name: f for f in ContactLogEntry._meta.get_fields() if f.concrete}
    assert not [n for n in fields if any(w in n for w in ("name", "email", "phone", "note",
                                                          "detail", "description", "text"))]
    free_text = [n for n, f in fields.items() if isinstance(f, models.TextField)
                 or (isinstance(f, models.CharField) and not f.choices)]
    assert free_text == []
    # Relations only to the institution and to Safe Contacts (the one who logged, and the
    # one it was handed to), never to a person contacted.
    assert {f.related_model._meta.label for f in fields.values() if f.is_relation} == {
        "institutions.Institution", "safecontacts.SafeContact"}


def test_confidentiality_break_needs_who_advised_and_when(kingsway, scs):
    me, _ = scs
    with at("2026-11-10"):
        with pytest.raises(ValidationError) as caught:
            log(kingsway, me, confidentiality_broken=True)
        assert set(caught.value.message_dict) == {"confidentiality_advisors",
                                                  "confidentiality_advised_on"}
        with pytest.raises(ValidationError) as caught:
            log(kingsway, me, confidentiality_broken=True, confidentiality_advisors=["hr"])
        assert set(caught.value.message_dict) == {"confidentiality_advised_on"}
        with pytest.raises(ValidationError, match="only when confidentiality was broken"):
            log(kingsway, me, confidentiality_advisors=["legal"])
        entry = log(kingsway, me, confidentiality_broken=True,
                    confidentiality_advisors=["legal", "security"],
                    confidentiality_advised_on=d("2026-11-10"))
    assert entry.confidentiality_advisors == ["legal", "security"]


def test_handover_only_to_another_active_safe_contact(kingsway, midshire, kp, mp, scs):
    me, colleague = scs
    elsewhere = active(midshire, mp, staff(midshire, email="far@midshire.test"))
    with at("2026-11-10"):
        for to in (None, me.pk, elsewhere.pk):
            with pytest.raises(ValidationError):
                log(kingsway, me, handed_over=True, handed_to_id=to)
        with pytest.raises(ValidationError):
            log(kingsway, me, handed_to_id=colleague.pk)  # named but not handed over
        entry = log(kingsway, me, handed_over=True, handed_to_id=colleague.pk)
    assert entry.handed_to == colleague


def test_only_an_active_safe_contact_logs_and_sees_only_their_own(kingsway, kp, scs, client):
    me, colleague = scs
    with at("2026-11-10"):
        with pytest.raises(PermissionDenied):
            contact_log_record(institution=kingsway, actor=kp.edi, **ENTRY)
        mine = log(kingsway, me)
        theirs = log(kingsway, colleague)
        client.force_login(me.person)
        assert client.get(reverse("staff:safecontacts:log_entry",
                                  args=["kingsway", mine.pk])).status_code == 200
        assert client.get(reverse("staff:safecontacts:log_entry",
                                  args=["kingsway", theirs.pk])).status_code == 404
        listed = client_for(me.person).get("/api/v1/kingsway/safe-contacts/contact-log/")
        assert [e["id"] for e in listed.json()["results"]] == [mine.pk]
        assert client_for(me.person).get(
            f"/api/v1/kingsway/safe-contacts/contact-log/{theirs.pk}/").status_code == 404
        safe_contact_pause(record=me, actor=kp.edi, reason="Leave")
        with pytest.raises(SafeContactError, match="paused"):
            log(kingsway, me)
        assert client_for(me.person).post("/api/v1/kingsway/safe-contacts/contact-log/", {
            "contacted_on": "2026-11-10", "concern": "bullying", "person_kind": "staff"},
            format="json").status_code == 409


def test_contact_log_by_page_and_api_names_nobody(kingsway, scs, client):
    me, colleague = scs
    client.force_login(me.person)
    url = reverse("staff:safecontacts:log_new", args=["kingsway"])
    with at("2026-11-10"):
        bad = client.post(url, {"contacted_on": "2026-11-10", "concern": "bullying",
                                "person_kind": "staff", "handed_over": "no",
                                "confidentiality_broken": "yes", "refer": "yes"})
        body = bad.content.decode()
        assert "record who advised" in body
        assert "Say why the risk is higher" in body
        ok = client.post(url, {"contacted_on": "2026-11-10", "concern": "bullying",
                               "person_kind": "staff", "signposted_to": ["hr"],
                               "handed_over": "yes", "handed_to": colleague.pk,
                               "confidentiality_broken": "no", "refer": "no"})
        assert ok.status_code == 302
        api = client_for(me.person).post("/api/v1/kingsway/safe-contacts/contact-log/", {
            "contacted_on": "2026-11-10", "concern": "hate", "person_kind": "student",
            "signposted_to": ["nowhere"]}, format="json")
        assert api.status_code == 400
        assert "signposted_to.0" in api.json()["errors"]
    assert ContactLogEntry.objects.for_institution(kingsway).count() == 1


def test_edi_sees_counts_of_every_log_never_an_entry(kingsway, kp, scs, client):
    me, colleague = scs
    with at("2026-11-20"):
        log(kingsway, me)
        log(kingsway, me, contacted_on=d("2026-10-05"), concern="bullying",
            person_kind="staff", signposted_to=["hr"])
        log(kingsway, colleague, handed_over=True, handed_to_id=me.pk)
        summary = log_summary(institution=kingsway)
        assert summary.total == 3
        assert summary.by_month == [(d("2026-10-01"), 1), (d("2026-11-01"), 2)]
        assert dict(summary.by_concern) == {"Bullying": 1, "Sexual violence": 2}
        assert dict(summary.by_signpost)["Independent Sexual Violence Adviser (ISVA) "
                                         "service"] == 2
        assert summary.handed_over == 1
        client.force_login(kp.edi)
        page = client.get(reverse("staff:safecontacts:log_summary", args=["kingsway"]))
        assert "October 2026" in page.content.decode()
        assert escape(me.full_name) not in page.content.decode()
        assert client.get(reverse("staff:safecontacts:log", args=["kingsway"])).status_code \
            == 403
        api = client_for(kp.edi).get("/api/v1/kingsway/safe-contacts/contact-log/summary/",
                                     {"since": "2026-11-01"}).json()
        assert api["total"] == 2
        assert api["by_month"] == [{"month": "2026-11", "count": 2}]
        assert client_for(me.person).get(
            "/api/v1/kingsway/safe-contacts/contact-log/summary/").status_code == 403


def test_hmg_referral_asks_for_a_risk_assessment_with_details_only_with_consent(
        kingsway, kp, scs):
    me, _ = scs
    with at("2026-11-10"):
        entry = log(kingsway, me)
        with pytest.raises(ValidationError, match="only with the person's consent"):
            contact_log_refer(entry=entry, actor=me.person, reason="Threats continue",
                              contact_details="07700 900123")
        entry.refresh_from_db()
        assert not entry.hmg_referred
        assert not RiskAssessmentRequest.objects.for_institution(kingsway).exists()
        with pytest.raises(ValidationError, match="as they agreed"):
            contact_log_refer(entry=entry, actor=me.person, reason="Threats continue",
                              contact_consent=True)
        request = contact_log_refer(entry=entry, actor=me.person, reason="Threats continue",
                                    contact_consent=True, contact_details="07700 900123")
        with pytest.raises(SafeContactError, match="already been referred"):
            contact_log_refer(entry=entry, actor=me.person, reason="Again")
        anonymous = log(kingsway, me, referral={"reason": "A second disclosure, same hall"})
    assert request.contact_log_entry == entry
    assert request.source == "safe_contact"
    assert request.report_id is None
    assert request.case_id is None
    assert request.contact_details == "07700 900123"
    assert request.contact_consent
    other = anonymous.risk_requests.get()
    assert other.contact_details == ""
    assert not other.contact_consent
    entry.refresh_from_db()
    assert entry.hmg_referred
    assert anonymous.hmg_referred


def test_precautionary_service_refuses_contact_details_without_consent(kingsway, kp, scs):
    me, _ = scs
    with at("2026-11-10"):
        entry = log(kingsway, me)
        with pytest.raises(ValidationError):
            risk_assessment_request(institution=kingsway, actor=me.person, reason="Risk",
                                    contact_log_entry=entry, contact_details="x@y.test")


def test_only_the_safe_contact_who_logged_it_refers(kingsway, scs, client):
    me, colleague = scs
    with at("2026-11-10"):
        entry = log(kingsway, me)
        with pytest.raises(PermissionDenied):
            contact_log_refer(entry=entry, actor=colleague.person, reason="Risk")
        client.force_login(colleague.person)
        assert client.post(reverse("staff:safecontacts:log_refer",
                                   args=["kingsway", entry.pk]),
                           {"reason": "Risk"}).status_code == 404
        client.force_login(me.person)
        page = client.post(reverse("staff:safecontacts:log_refer", args=["kingsway", entry.pk]),
                           {"reason": "Risk", "contact_consent": "no",
                            "contact_details": "flat 3"})
        assert "only with the person&#x27;s consent" in page.content.decode()
        done = client_for(me.person).post(
            f"/api/v1/kingsway/safe-contacts/contact-log/{entry.pk}/refer/",
            {"reason": "Risk", "contact_consent": False}, format="json")
        assert done.status_code == 201
        assert done.json()["hmg_referred"] is True


def test_precautionary_pages_and_api_show_a_safe_contacts_request(kingsway, kp, scs, client):
    me, _ = scs
    with at("2026-11-10"):
        entry = log(kingsway, me, referral={"reason": "Higher risk: same hall",
                                            "contact_consent": True,
                                            "contact_details": "via the Safe Contact"})
        request = entry.risk_requests.get()
        client.force_login(kp.convener)
        queue = client.get(reverse("staff:precautionary:queue", args=["kingsway"]))
        assert queue.status_code == 200
        assert "A Safe Contact&#x27;s referral" in queue.content.decode()
        opening = client.get(reverse("staff:precautionary:open", args=["kingsway"]),
                             {"request": request.pk})
        assert opening.status_code == 200
        assert "via the Safe Contact" in opening.content.decode()
        rows = client_for(kp.convener).get(
            "/api/v1/kingsway/precautionary/risk-requests/").json()["results"]
    assert rows[0]["source"] == "safe_contact"
    assert rows[0]["report_reference"] is None
    assert rows[0]["case_reference"] is None
    assert rows[0]["contact_details"] == "via the Safe Contact"


def test_log_and_session_lists_queries_do_not_grow(kingsway, kp, scs, client,
                                                   django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from institutions.models import AcademicTerm
    from safecontacts.services.commitments import session_record

    me, colleague = scs
    term = AcademicTerm.objects.for_institution(kingsway).first()
    pages = [(me.person, reverse("staff:safecontacts:log", args=["kingsway"])),
             (me.person, "/api/v1/kingsway/safe-contacts/contact-log/"),
             (kp.edi, reverse("staff:safecontacts:sessions", args=["kingsway"])),
             (kp.edi, "/api/v1/kingsway/safe-contacts/sessions/")]

    def add(n):
        for _ in range(n):
            log(kingsway, me, handed_over=True, handed_to_id=colleague.pk)
            session_record(institution=kingsway, actor=kp.edi, kind="supervision", term=term,
                           held_on=d("2026-11-09"), attendee_ids=[me.pk, colleague.pk])

    with at("2026-11-10"):
        add(1)
        budgets = []
        for user, url in pages:
            client.force_login(user)
            client.get(url)
            with CaptureQueriesContext(connection) as one:
                assert client.get(url).status_code == 200
            budgets.append(len(one))
        add(5)
        for (user, url), budget in zip(pages, budgets, strict=True):
            client.force_login(user)
            with django_assert_max_num_queries(budget):
                assert client.get(url).status_code == 200
