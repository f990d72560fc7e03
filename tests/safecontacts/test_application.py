"""Applying (001's form): the 150-200 word rule counted on the server, the line manager's
"no" accepted and flagged, one current application per person, and equality monitoring kept
apart from the application and shown only in aggregate with small counts suppressed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from safecontacts.equality import EQUALITY_MIN_COUNT, equality_summary, suppress
from safecontacts.errors import SafeContactError
from safecontacts.models import EqualityTally, SafeContact
from safecontacts.words import word_count

from .conftest import MOTIVATION, apply, at, client_for, staff, words

pytestmark = pytest.mark.django_db


def test_word_count_counts_words_not_punctuation():
    assert word_count("I'm a line-manager's colleague - really, truly!") == 6
    assert word_count("") == 0


@pytest.mark.parametrize(("n", "ok"), [(149, False), (150, True), (200, True), (201, False)])
def test_motivation_must_be_150_to_200_words(kingsway, kp, n, ok):
    with at("2026-11-02"):
        if ok:
            assert apply(kingsway, kp.applicant, motivation=words(n)).motivation_words == n
        else:
            with pytest.raises(ValidationError) as caught:
                apply(kingsway, kp.applicant, motivation=words(n))
            assert f"has {n} words" in caught.value.message_dict["motivation"][0]


def test_motivation_out_of_range_keeps_the_typed_text_on_the_page(kingsway, kp, client):
    client.force_login(kp.applicant)
    typed = "I would like to help colleagues " + words(20)
    with at("2026-11-02"):
        response = client.post(reverse("staff:safecontacts:apply", args=["kingsway"]), {
            "full_name": "Alex Applicant", "email": "applicant@kingsway.test",
            "job_title": "Lecturer", "department": "Law", "staff_type": "academic",
            "motivation": typed, "line_manager_permission": "yes",
            "sexual_violence_interest": "no"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your answer has 26 words: it must have 150 to 200 words" in body
    assert typed in body  # what was typed is still there
    assert not SafeContact.objects.for_institution(kingsway).exists()


def test_line_manager_no_is_accepted_and_flagged_for_edi(kingsway, kp, client):
    with at("2026-11-02"):
        record = apply(kingsway, kp.applicant, line_manager_permission=False)
    assert record.stage == SafeContact.Stage.SUBMITTED
    assert record.flagged
    client.force_login(kp.edi)
    page = client.get(reverse("staff:safecontacts:list", args=["kingsway"]) + "?flagged=yes")
    assert "No line manager's permission" in page.content.decode()
    assert escape(record.full_name) in page.content.decode()  # a made-up name may be O'Connor


def test_application_by_page_then_one_current_application_per_person(kingsway, kp, client):
    client.force_login(kp.applicant)
    with at("2026-11-02"):
        response = client.post(reverse("staff:safecontacts:apply", args=["kingsway"]), {
            "full_name": "Alex Applicant", "email": "applicant@kingsway.test",
            "job_title": "Lecturer", "department": "Law", "staff_type": "academic",
            "motivation": MOTIVATION, "line_manager_permission": "no",
            "sexual_violence_interest": "yes", "equality_gender": "woman"})
        assert response.status_code == 302
        with pytest.raises(SafeContactError):
            apply(kingsway, kp.applicant)
    record = SafeContact.objects.for_institution(kingsway).get()
    assert record.sexual_violence_interest
    assert record.flagged


def test_api_apply_answers_400_with_field_errors(kingsway, kp):
    api = client_for(kp.applicant)
    with at("2026-11-02"):
        bad = api.post("/api/v1/kingsway/safe-contacts/records/", {
            "full_name": "A", "email": "a@kingsway.test", "job_title": "T", "department": "D",
            "staff_type": "academic", "motivation": words(10),
            "line_manager_permission": False, "sexual_violence_interest": False,
            "equality": {"gender": "nonsense"}}, format="json")
        assert bad.status_code == 400
        assert "equality.gender" in bad.json()["errors"]
        bad = api.post("/api/v1/kingsway/safe-contacts/records/", {
            "full_name": "A", "email": "a@kingsway.test", "job_title": "T", "department": "D",
            "staff_type": "academic", "motivation": words(10),
            "line_manager_permission": False, "sexual_violence_interest": False},
            format="json")
        assert bad.status_code == 400
        assert "motivation" in bad.json()["errors"]
        good = api.post("/api/v1/kingsway/safe-contacts/records/", {
            "full_name": "A", "email": "a@kingsway.test", "job_title": "T", "department": "D",
            "staff_type": "academic", "motivation": MOTIVATION,
            "line_manager_permission": False, "sexual_violence_interest": False,
            "equality": {"gender": "woman", "religion": "prefer_not_to_say"}}, format="json")
    assert good.status_code == 201, good.content
    assert good.json()["flagged"] is True


def test_equality_answers_are_kept_apart_from_the_application(kingsway, kp):
    fields = {f.name: f for f in EqualityTally._meta.get_fields()}
    links = [f.name for f in fields.values() if f.is_relation]
    assert links == ["institution"]  # no link to the application or the person
    assert "created_at" not in fields
    assert "person" not in fields
    with at("2026-11-02"):
        record = apply(kingsway, kp.applicant, equality={"gender": "woman",
                                                         "disability": "prefer_not_to_say"})
    assert not any("equality" in f.name or f.name in ("gender", "disability")
                   for f in SafeContact._meta.get_fields())
    tallies = {(t.question, t.answer): t.count for t in
               EqualityTally.objects.for_institution(kingsway)}
    assert tallies[("gender", "woman")] == 1
    assert tallies[("disability", "prefer_not_to_say")] == 1
    assert tallies[("religion", "not_answered")] == 1
    from audit.models import AuditEvent
    event = AuditEvent.objects.for_institution(kingsway).get(action="safecontacts.applied",
                                                             object_id=str(record.pk))
    assert "woman" not in str(event.changes)


def test_suppression_hides_small_counts_and_one_more_when_alone():
    assert EQUALITY_MIN_COUNT == 5
    assert suppress([0, 7, 9]) == [0, 7, 9]
    assert suppress([3, 7, 9]) == [None, -1, 9]  # 7 hidden too, or 3 = total - 16
    assert suppress([2, 4, 9]) == [None, None, 9]


def test_equality_shown_only_in_aggregate_for_closed_years_with_small_counts_suppressed(
        kingsway, kp, client):
    with at("2026-11-02"):
        for n in range(12):  # 6 women, 1 man, 5 who did not answer
            user = staff(kingsway, email=f"person{n}@kingsway.test")
            apply(kingsway, user, equality={"gender": "woman" if n < 6 else
                                            "man" if n == 6 else ""})
    with at("2026-12-31"):  # the year is still running: nothing shows yet
        running = {q.key: q for q in equality_summary(institution=kingsway)}
        assert running["gender"].total == 0
    with at("2027-01-04"):
        summary = {q.key: q for q in equality_summary(institution=kingsway)}
    gender = {c.label: c.shown for c in summary["gender"].cells}
    assert gender["Woman"] == "6"
    assert gender["Man"] == "fewer than 5"
    # The 5 who did not answer are hidden too: with the total, they would give the 1 man.
    assert gender["Not answered"] == "not shown"
    assert summary["gender"].total == 12
    with at("2027-01-04"):
        client.force_login(kp.edi)
        page = client.get(reverse("staff:safecontacts:equality",
                                  args=["kingsway"])).content.decode()
        api = client_for(kp.edi).get("/api/v1/kingsway/safe-contacts/equality/").json()
    assert "fewer than 5" in page
    gender = next(q for q in api["questions"] if q["key"] == "gender")
    assert {"answer": "Man", "count": None, "shown": "fewer than 5"} in gender["answers"]
    # Only the EDI administrators see even the aggregate.
    client.force_login(kp.applicant)
    assert client.get(reverse("staff:safecontacts:equality",
                              args=["kingsway"])).status_code == 403
