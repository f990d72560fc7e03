"""The pipeline run by the EDI administrators (001): each transition in order, through the
services, the pages and the API; who may not (another role, the applicant's own EDI
administrator role, another institution: 404); the role given and taken; the step time limits
and the reminder of a stalled step through the outbox; the list's constant queries."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership
from accounts.roles import Role
from audit.models import AuditEvent
from institutions.models import Deadline
from institutions.selectors import deadlines_for
from institutions.services.reminders import deadlines_sweep
from outbox.models import OutboxMessage
from safecontacts.errors import SafeContactError
from safecontacts.models import SafeContact
from safecontacts.procedure import BIOGRAPHY, CHAT, INDUCTION
from safecontacts.services.pipeline import (
    application_decline,
    biography_write,
    chat_record,
    induction_confirm,
    safe_contact_pause,
    safe_contact_publish,
    safe_contact_resume,
    safe_contact_retire,
)

from .conftest import BIOGRAPHY as BIO
from .conftest import active, apply, at, client_for, d, staff, train

pytestmark = pytest.mark.django_db
S = SafeContact.Stage


def roles_of(inst, user) -> set[str]:
    return Membership.objects.for_institution(inst).get(user=user).role_set


def open_rules(record) -> set[str]:
    return {x.rule for x in deadlines_for(institution=record.institution, subject=record)
            if x.is_open}


@pytest.mark.parametrize("slug", ["kingsway", "midshire"])
def test_each_transition_in_order_and_the_role_given_and_taken(slug, request):
    inst = request.getfixturevalue(slug)
    people = request.getfixturevalue("kp" if slug == "kingsway" else "mp")
    user = people.applicant
    with at("2026-11-02"):
        record = apply(inst, user)
        assert open_rules(record) == {CHAT}
    with at("2026-11-05"):
        record = chat_record(record=record, actor=people.edi, held_on=d("2026-11-04"),
                             staff=[people.edi, people.other], notes="Kind and calm.")
        assert record.stage == S.INDUCTION
        assert open_rules(record) == {INDUCTION}
        assert {u.pk for u in record.chat_staff.all()} == {people.edi.pk, people.other.pk}
    with at("2026-11-20"):
        with pytest.raises(SafeContactError, match="do not show a current Safe Contact "
                                                   "induction"):
            induction_confirm(record=record, actor=people.edi)
        train(inst, user, "safe-contact-induction", d("2026-11-19"))
        record = induction_confirm(record=record, actor=people.edi)
        assert record.stage == S.BIOGRAPHY
        assert open_rules(record) == {BIOGRAPHY}
        with pytest.raises(SafeContactError, match="must be written"):
            safe_contact_publish(record=record, actor=people.edi)
        with pytest.raises(ValidationError):
            biography_write(record=record, actor=user, biography="Too short.",
                            contact_email=user.email)
        biography_write(record=record, actor=user, biography=BIO, contact_email=user.email)
        assert Role.SAFE_CONTACT not in roles_of(inst, user)
        record = safe_contact_publish(record=record, actor=people.edi)
    assert record.stage == S.ACTIVE
    assert open_rules(record) == set()
    assert Role.SAFE_CONTACT in roles_of(inst, user)
    granted = AuditEvent.objects.for_institution(inst).get(action="accounts.role_granted")
    assert granted.changes["because"] == "published as a Safe Contact"
    assert [x.status for x in deadlines_for(institution=inst, subject=record)] == \
        [Deadline.Status.MET] * 3
    with at("2026-12-01"):
        record = safe_contact_pause(record=record, actor=people.edi, reason="Parental leave")
        assert record.stage == S.PAUSED
        record = safe_contact_resume(record=record, actor=people.edi)
        assert record.stage == S.ACTIVE
        with pytest.raises(SafeContactError):
            application_decline(record=record, actor=people.edi, reason="Too late")
        record = safe_contact_retire(record=record, actor=people.edi, reason="Moved on")
    assert record.stage == S.RETIRED
    assert Role.SAFE_CONTACT not in roles_of(inst, user)
    # Retired: the person may apply again.
    with at("2027-01-05"):
        assert apply(inst, user).stage == S.SUBMITTED


def test_decline_at_any_step_with_a_reason_cancels_the_time_limit(kingsway, kp):
    with at("2026-11-02"):
        record = apply(kingsway, kp.applicant)
        with pytest.raises(ValidationError):
            application_decline(record=record, actor=kp.edi, reason=" ")
        record = application_decline(record=record, actor=kp.edi, reason="Not this year")
    assert record.stage == S.DECLINED
    assert record.status_reason == "Not this year"
    assert [x.status for x in deadlines_for(institution=kingsway, subject=record)] == \
        [Deadline.Status.CANCELLED]


def test_the_chat_needs_two_staff_of_the_institution_not_the_applicant(kingsway, kp, mp):
    with at("2026-11-02"):
        record = apply(kingsway, kp.applicant)
        for people, message in (([kp.edi], "two members"),
                                ([kp.edi, mp.edi], "staff of this institution"),
                                ([kp.edi, kp.applicant], "their own informal chat")):
            with pytest.raises(ValidationError, match=message):
                chat_record(record=record, actor=kp.edi, held_on=d("2026-11-02"),
                            staff=people)
        with pytest.raises(ValidationError, match="future"):
            chat_record(record=record, actor=kp.edi, held_on=d("2026-11-03"),
                        staff=[kp.edi, kp.other])


def test_only_an_edi_admin_moves_the_pipeline_and_never_on_their_own(kingsway, kp):
    with at("2026-11-02"):
        record = apply(kingsway, kp.applicant)
        for actor in (kp.applicant, kp.other, kp.convener):
            with pytest.raises(PermissionDenied):
                chat_record(record=record, actor=actor, held_on=d("2026-11-02"),
                            staff=[kp.edi, kp.other])
        own = apply(kingsway, kp.edi2)
        with pytest.raises(PermissionDenied, match="your own"):
            application_decline(record=own, actor=kp.edi2, reason="x")
        application_decline(record=own, actor=kp.edi, reason="Asked to withdraw")


def test_pages_walk_the_pipeline_and_refuse_others(kingsway, kp, client):
    with at("2026-11-02"):
        record = apply(kingsway, kp.applicant)
    detail = reverse("staff:safecontacts:detail", args=["kingsway", record.pk])
    chat = reverse("staff:safecontacts:chat_record", args=["kingsway", record.pk])
    client.force_login(kp.edi)
    with at("2026-11-05"):
        assert "Record the informal chat" in client.get(detail).content.decode()
        bad = client.post(chat, {"held_on": "2026-11-04", "first": kp.edi.email,
                                 "second": "nobody@kingsway.test"})
        assert bad.status_code == 200
        assert "No member of staff here has this address" in bad.content.decode()
        same = client.post(chat, {"held_on": "2026-11-04", "first": kp.edi.email,
                                  "second": kp.edi.email.upper()})
        assert "Name the two members of staff" in same.content.decode()
        ok = client.post(chat, {"held_on": "2026-11-04", "first": kp.edi.email,
                                "second": kp.other.email, "notes": "Good"})
        assert ok.status_code == 302
        page = client.get(reverse("staff:safecontacts:induction_confirm",
                                  args=["kingsway", record.pk]))
        assert "This cannot be done now" in page.content.decode()
    # The applicant sees their own record, not the EDI administrators' notes or actions.
    client.force_login(kp.applicant)
    with at("2026-11-05"):
        own = client.get(detail).content.decode()
        assert "Good" not in own
        assert "Record the informal chat" not in own
        assert client.get(chat).status_code == 403
    # Another member of staff: 404, as for a record that does not exist.
    client.force_login(kp.colleague)
    assert client.get(detail).status_code == 404


def test_other_institution_record_is_404_in_pages_and_api(kingsway, midshire, kp, mp, client):
    with at("2026-11-02"):
        record = apply(kingsway, kp.applicant)
    client.force_login(mp.edi)
    assert client.get(f"/midshire/staff/safe-contacts/records/{record.pk}/").status_code == 404
    assert client.get(f"/kingsway/staff/safe-contacts/records/{record.pk}/").status_code == 404
    api = client_for(mp.edi)
    assert api.get(f"/api/v1/midshire/safe-contacts/records/{record.pk}/").status_code == 404
    assert api.post(f"/api/v1/midshire/safe-contacts/records/{record.pk}/decline/",
                    {"reason": "x"}, format="json").status_code == 404


def test_api_walks_the_pipeline_with_available_actions(kingsway, kp):
    api = client_for(kp.edi)
    base = "/api/v1/kingsway/safe-contacts/records/"
    with at("2026-11-02"):
        record = apply(kingsway, kp.applicant)
        body = api.get(f"{base}{record.pk}/").json()
        assert {a["key"] for a in body["available_actions"]} == {"chat_record", "decline"}
        bad = api.post(f"{base}{record.pk}/chat/", {"held_on": "2026-11-02", "staff": [1]},
                       format="json")
        assert bad.status_code == 400
        assert "staff" in bad.json()["errors"]
        ok = api.post(f"{base}{record.pk}/chat/", {"held_on": "2026-11-02",
                                                    "staff": [kp.edi.pk, kp.other.pk]},
                      format="json")
        assert ok.status_code == 200
        assert ok.json()["stage"] == "induction"
        offered = {a["key"]: a for a in ok.json()["available_actions"]}
        assert not offered["induction_confirm"]["allowed"]
        assert "training records" in offered["induction_confirm"]["refusal"]
        refused = api.post(f"{base}{record.pk}/induction/", format="json")
        assert refused.status_code == 409
        train(kingsway, kp.applicant, "safe-contact-induction", d("2026-11-02"))
        assert api.post(f"{base}{record.pk}/induction/").json()["stage"] == "biography"
        own = client_for(kp.applicant)
        assert own.post(f"{base}{record.pk}/biography/", {
            "biography": BIO, "contact_email": "me@kingsway.test"}, format="json"
        ).status_code == 200
        assert own.post(f"{base}{record.pk}/publish/").status_code == 403
        published = api.post(f"{base}{record.pk}/publish/").json()
        assert published["stage"] == "active"
        assert published["contact_email"] == "me@kingsway.test"
        assert api.post(f"{base}{record.pk}/pause/", {}, format="json").status_code == 400
        assert api.post(f"{base}{record.pk}/pause/", {"reason": "Leave"},
                        format="json").json()["stage"] == "paused"
    listed = api.get(base).json()
    assert [r["id"] for r in listed["results"]] == [record.pk]
    assert client_for(kp.applicant).get(base).status_code == 403


def test_stalled_step_reminds_the_edi_admins_through_the_outbox(kingsway, kp):
    with at("2026-11-02"):
        record = apply(kingsway, kp.applicant)
    chat = next(x for x in deadlines_for(institution=kingsway, subject=record)
                if x.rule == CHAT)
    assert chat.due_date == d("2026-11-30")  # 20 working days
    assert chat.responsible_role == Role.EDI_ADMIN
    deadlines_sweep(institution=kingsway, today=d("2026-11-26"))  # two working days before
    deadlines_sweep(institution=kingsway, today=d("2026-12-01"))  # missed: escalated
    mails = [m.payload for m in OutboxMessage.objects.filter(institution=kingsway)
             if m.key.startswith("deadline:")]
    to_edi = [m for m in mails if "edi@kingsway.test" in m["to"]]
    assert {m["subject"].split("] ")[1] for m in to_edi} >= {
        "Deadline in two working days", "Overdue: Informal chat with a Safe Contact "
        "applicant (001)"}
    assert all("edi2@kingsway.test" in m["to"] for m in to_edi)
    assert not any(kp.applicant.email in m["to"] for m in mails)
    record.refresh_from_db()
    assert record.deadline_missed
    # The chat, held late: the record is no longer overdue, the next step's limit runs.
    with at("2026-12-02"):
        record = chat_record(record=record, actor=kp.edi, held_on=d("2026-12-02"),
                             staff=[kp.edi, kp.other])
    record.refresh_from_db()
    assert not record.deadline_missed
    assert record.next_due is not None
    assert open_rules(record) == {INDUCTION}


def test_record_list_queries_do_not_grow_with_the_rows(kingsway, kp, client,
                                                       django_assert_max_num_queries):
    client.force_login(kp.edi)
    api = client_for(kp.edi)
    page = reverse("staff:safecontacts:list", args=["kingsway"])
    endpoint = "/api/v1/kingsway/safe-contacts/records/"
    with at("2026-11-02"):
        apply(kingsway, kp.applicant)
        client.get(page), api.get(endpoint)  # warm the caches (content types, settings)
        with CaptureQueriesContext(connection) as page_one:
            client.get(page)
        with CaptureQueriesContext(connection) as api_one:
            api.get(endpoint)
        for n in range(6):
            apply(kingsway, staff(kingsway, email=f"more{n}@kingsway.test"),
                  line_manager_permission=n % 2 == 0)
        with django_assert_max_num_queries(len(page_one)):
            assert "7 records" in client.get(page).content.decode()
        with django_assert_max_num_queries(len(api_one)):
            assert api.get(endpoint).json()["count"] == 7


def test_active_helper_reaches_the_directory(kingsway, kp):
    record = active(kingsway, kp, kp.applicant)
    assert record.stage == S.ACTIVE
