"""Delays told (002 §44; 004 "we aim to complete investigations within 90 days"): the case
page and the API warn ahead of the aim and once it has passed; the delay letter with the
reason and the new expected date goes to the student and the reporting parties; a pause records
who was told of it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from cases.delay_status import APPROACHING, ON_TRACK, PASSED, PAUSED
from cases.models import CaseDelay, CasePause, CaseSettings, LetterKind, PauseNotice
from cases.services.delays import case_delay_notify, case_pause_told
from cases.services.pauses import case_pause
from institutions.models import Deadline
from institutions.procedure import Rule

from . import api_support as api
from .pages import fails, submit, url
from .rules_support import at, d, deadline, letters, midshire, reload, to_investigation

__all__ = ["midshire"]  # the working fixture, overriding conftest's

pytestmark = pytest.mark.django_db


def detail(user, case):
    return api.get(user, case.institution, case.pk)


def test_delay_letter_is_due_when_the_60_day_aim_will_be_missed_kingsway(kingsway, ks):
    # The allegation was raised on 2 November 2026: 60 days (§44) end on 1 January 2027.
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    aim = deadline(case, Rule.FORMAL_TARGET)
    assert aim.due_date == d("2027-01-01")
    assert CaseSettings.of(kingsway).delay_aim_rule == Rule.FORMAL_TARGET
    with at("2026-12-01"):
        body = detail(ks.secretary, case)
        assert body["delay"]["status"] == ON_TRACK
        assert body["delay"]["letter_due"] is False
    with at("2026-12-24"):  # within 5 working days of the aim (Christmas bank holidays)
        body = detail(ks.secretary, case)
        assert body["delay"]["status"] == APPROACHING
        assert body["delay"]["letter_due"] is True
        assert body["delay"]["aim_due"] == "2027-01-01"
    with at("2027-01-05"):
        body = detail(ks.secretary, case)
        assert body["delay"]["status"] == PASSED
        assert "delay letter" in body["delay"]["message"]


def test_90_day_aim_at_midshire(midshire, ms):
    # 004: "We aim to complete investigations within 90 days", from the decision to investigate.
    with at("2026-11-03"):
        case = to_investigation(midshire, ms)
    assert CaseSettings.of(midshire).delay_aim_rule == Rule.INVESTIGATION_TARGET
    aim = deadline(case, Rule.INVESTIGATION_TARGET)
    assert aim.due_date == d("2027-02-01")
    with at("2027-01-04"):
        assert detail(ms.secretary, case)["delay"]["status"] == ON_TRACK
    with at("2027-01-28"):
        body = detail(ms.secretary, case)
        assert body["delay"]["status"] == APPROACHING
        assert body["delay"]["aim_rule"] == Rule.INVESTIGATION_TARGET
    with at("2027-02-03"):
        case_delay_notify(case=case, actor=ms.secretary, new_date=d("2027-03-15"),
                          reason="The police asked us to wait for their interview.")
        body = detail(ms.secretary, case)
    assert body["delay"]["status"] == ON_TRACK
    assert body["delay"]["expected_by"] == "2027-03-15"
    sent = letters(case, LetterKind.DELAY_NOTICE)
    assert {letter.recipient_key for letter in sent} >= {"respondent"}


def test_delay_letter_goes_to_the_student_and_reporting_parties_with_the_new_date_s44(
        kingsway, ks, django_capture_on_commit_callbacks):
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    with at("2026-12-28"), django_capture_on_commit_callbacks(execute=True):
        delay = case_delay_notify(case=case, actor=ks.secretary, new_date=d("2027-02-12"),
                                  reason="A key witness is abroad until late January.")
    assert delay.aim_due == d("2027-01-01")
    assert delay.told_on == d("2026-12-28")
    sent = letters(case, LetterKind.DELAY_NOTICE)
    keys = {letter.recipient_key for letter in sent}
    assert "respondent" in keys
    assert any(k.startswith("party-") for k in keys)
    for letter in sent:
        extra = letter.context["extra"]
        assert extra["new_date"] == "Friday 12 February 2027"
        assert "witness is abroad" in extra["reason"]
    # The aim's deadline moves to the new date, with the reason.
    aim = deadline(reload(case), Rule.FORMAL_TARGET)
    assert aim.due_date == d("2027-02-12")
    assert aim.status == Deadline.Status.RUNNING


def test_a_delay_letter_needs_a_reason_and_a_later_date_s44(kingsway, ks):
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    with at("2026-12-28"):
        with pytest.raises(ValidationError) as problem:
            case_delay_notify(case=case, actor=ks.secretary, new_date=d("2026-12-20"),
                              reason=" ")
        assert set(problem.value.message_dict) == {"reason", "new_date"}
        with pytest.raises(ValidationError) as problem:
            case_delay_notify(case=case, actor=ks.secretary, new_date=d("2026-12-30"),
                              reason="Witness away")
        assert "new_date" in problem.value.message_dict
        with pytest.raises(PermissionDenied):
            case_delay_notify(case=case, actor=ks.investigator, new_date=d("2027-02-01"),
                              reason="Witness away")
    assert not CaseDelay.objects.for_institution(kingsway).exists()


def test_a_second_delay_letter_is_due_when_the_new_date_will_be_missed_s44(kingsway, ks):
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    with at("2027-01-04"):  # the aim passed undone: the sweep may have marked it missed
        Deadline.objects.for_institution(kingsway).filter(
            rule=Rule.FORMAL_TARGET).update(status=Deadline.Status.MISSED)
        first = case_delay_notify(case=case, actor=ks.secretary, new_date=d("2027-02-01"),
                                  reason="Witness away")
        assert first.aim_due == d("2027-01-01")
        assert detail(ks.secretary, case)["delay"]["status"] == ON_TRACK
    with at("2027-01-28"):
        body = detail(ks.secretary, case)
        assert body["delay"]["status"] == APPROACHING
        assert body["delay"]["last_told_on"] == "2027-01-04"
        second = case_delay_notify(case=case, actor=ks.secretary, new_date=d("2027-03-01"),
                                   reason="The witness's return was postponed.")
    assert second.aim_due == d("2027-02-01")
    assert len([x for x in letters(case, LetterKind.DELAY_NOTICE)
                if x.recipient_key == "respondent"]) == 2


def test_case_page_warns_and_sends_the_delay_letter_s44(client, kingsway, ks):
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    with at("2026-12-29"):
        client.force_login(ks.secretary)
        page = client.get(url(case)).text
        assert 'id="delay-warning"' in page
        assert "delay-letter/" in page
        fails(client, url(case, "delay-letter/"), {"new_date": "2027-02-01", "reason": ""})
        submit(client, url(case, "delay-letter/"),
               {"new_date": "2027-02-01", "reason": "The investigator is unwell."})
        page = client.get(url(case)).text
    assert 'id="delay-warning"' not in page
    assert "now expected by 1 Feb 2027" in page


def test_delay_letter_through_the_api_s44(kingsway, ks):
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    with at("2026-12-29"):
        body = detail(ks.secretary, case)
        assert "delay_notify" in {a["key"] for a in body["available_actions"]}
        bad = api.post(ks.secretary, kingsway, case.pk, "delay-letter",
                       {"new_date": "2027-02-01", "reason": ""}, expect=400)
        assert "reason" in bad["errors"]
        made = api.post(ks.secretary, kingsway, case.pk, "delay-letter",
                        {"new_date": "2027-02-01", "reason": "Investigator unwell"},
                        expect=201)
    assert made["delay"]["new_date"] == "2027-02-01"
    with at("2026-12-29"):
        api.post(ks.bystander, kingsway, case.pk, "delay-letter",
                 {"new_date": "2027-02-01", "reason": "x"}, expect=404)


def test_a_pause_records_who_was_told_and_the_page_shows_who_was_not_s44(client, kingsway, ks):
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    with at("2026-11-10"):
        pause = case_pause(case=case, actor=ks.secretary, reason="police",
                           detail="Police investigating", student_told_on=d("2026-11-10"))
        body = detail(ks.secretary, case)
        assert body["delay"]["status"] == PAUSED
        assert body["delay"]["pause_not_told"] == ["Sam Reporter"]
        client.force_login(ks.secretary)
        page = client.get(url(case)).text
        assert "Sam Reporter has not been told." in page
        submit(client, url(case, f"pauses/{pause.pk}/told/"),
               {"reporting_parties_told_on": "2026-11-10"})
        body = detail(ks.secretary, case)
    assert body["delay"]["pause_not_told"] == []
    stored = CasePause.objects.for_institution(kingsway).get(pk=pause.pk)
    assert stored.reporting_parties_told_on == d("2026-11-10")
    assert stored.student_told_on == d("2026-11-10")


def test_who_was_told_of_a_pause_cannot_be_in_the_future_or_before_it(kingsway, ks):
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    with at("2026-11-10"):
        pause = case_pause(case=case, actor=ks.secretary, reason="police", detail="Police")
        with pytest.raises(ValidationError):
            case_pause_told(case=case, actor=ks.secretary, pause=pause,
                            student_told_on=d("2026-11-11"))
        with pytest.raises(ValidationError):
            case_pause_told(case=case, actor=ks.secretary, pause=pause,
                            reporting_parties_told_on=d("2026-11-01"))
        api.post(ks.secretary, kingsway, case.pk, f"pauses/{pause.pk}/told",
                 {"student_told_on": "2026-11-10"}, expect=200)
        api.post(ks.secretary, kingsway, case.pk, "pauses/999999/told",
                 {"student_told_on": "2026-11-10"}, expect=404)


def test_a_pause_records_when_each_party_was_told_s44(client, kingsway, ks):
    """§44: the Student(s) involved are told of a delay. With two reporting parties, each has
    their own day; the pause's summary waits for the last of them."""
    second = {"kind": "reporting_party", "name": "Robin Second", "email": "r.second@uni.test"}
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks, parties=[
            {"kind": "reporting_party", "name": "Sam Reporter", "email": "s.r@uni.test"},
            second])
    parties = {p.name: p for p in case.parties.all()}
    sam, robin = parties["Sam Reporter"], parties["Robin Second"]
    with at("2026-11-10"):
        pause = case_pause(case=case, actor=ks.secretary, reason="police", detail="Police")
        client.force_login(ks.secretary)
        form = client.get(url(case, f"pauses/{pause.pk}/told/")).text
        assert "Date Sam Reporter (reporting party) was told" in form
        assert "Date Robin Second (reporting party) was told" in form
        # A day that has not come is refused, the other days typed stay on the form.
        again = fails(client, url(case, f"pauses/{pause.pk}/told/"),
                      {"student_told_on": "2026-11-10", f"party_{sam.pk}": "2026-11-12"})
        assert "Give a day that has come" in again.text
        assert 'value="2026-11-10"' in again.text
        assert not PauseNotice.objects.for_institution(kingsway).filter(pause=pause).exists()
        submit(client, url(case, f"pauses/{pause.pk}/told/"),
               {"student_told_on": "2026-11-10", f"party_{sam.pk}": "2026-11-10"})
        body = detail(ks.secretary, case)
        assert body["delay"]["pause_not_told"] == ["Robin Second"]
        assert CasePause.objects.for_institution(kingsway).get(
            pk=pause.pk).reporting_parties_told_on is None
    with at("2026-11-12"):
        made = api.post(ks.secretary, kingsway, case.pk, f"pauses/{pause.pk}/told",
                        {"parties": [{"party": robin.pk, "told_on": "2026-11-12"}]}, expect=200)
        assert {(n["party"], n["told_on"]) for n in made["pause"]["notices"]} == {
            (None, "2026-11-10"), (sam.pk, "2026-11-10"), (robin.pk, "2026-11-12")}
        assert made["pause"]["reporting_parties_told_on"] == "2026-11-12"
        assert detail(ks.secretary, case)["delay"]["pause_not_told"] == []
        bad = api.post(ks.secretary, kingsway, case.pk, f"pauses/{pause.pk}/told",
                       {"parties": [{"party": 999999, "told_on": "2026-11-12"}]}, expect=400)
        assert "parties" in bad["errors"]
        client.force_login(ks.secretary)
        page = client.get(url(case)).text
        assert "Robin Second told 12 Nov 2026." in page
    event = AuditEvent.objects.for_institution(kingsway).filter(
        action="case.pause_told").latest("pk")
    assert "Robin" not in str(event.changes)
    assert event.changes["parties_told_on"] == {str(robin.pk): "2026-11-12"}
