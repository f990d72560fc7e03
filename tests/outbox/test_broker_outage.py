"""Redis (the Celery broker) down: a letter correction still answers with success, the new
letter waits in the outbox instead of being lost after commit, and the relay issues it."""

import datetime as dt
import logging

import pytest
import time_machine
from django.core.management import call_command

from cases.models import Letter
from outbox.models import OutboxMessage

from ..cases.api_support import case_at_investigation, get, post
from ..cases.conftest import case_data
from .conftest import broker_down

pytestmark = pytest.mark.django_db


def test_letter_correction_with_the_broker_down_answers_201_and_the_relay_issues_it(
        kingsway, ks, django_capture_on_commit_callbacks, caplog, capsys):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            case_id = case_at_investigation(kingsway, ks, case_data())
            post(ks.secretary, kingsway, case_id, "formal-decision", {
                "result": "uphold", "reasons": "Proven", "considered_previous_record": True,
                "penalties": [{"code": "written_warning"}]}, expect=201)
        original = next(x for x in get(ks.secretary, kingsway, case_id, "letters")
                        if x["recipient_key"] == "respondent")
        assert original["status"] == "issued"

        caplog.set_level(logging.WARNING, logger="outbox.services")
        with broker_down(), django_capture_on_commit_callbacks(execute=True) as committed:
            corrected = post(ks.secretary, kingsway, case_id,
                             f"letters/{original['id']}/correct",
                             {"reason": "The date of the decision was wrong"}, expect=201)
        # The commit's one follow-up was the nudge (the others only note, for the conflict
        # retry, that the request's writes committed); it reached no broker and raised nothing.
        nudges = [c for c in committed if getattr(c, "__name__", "") == "nudge_relay"]
        assert len(nudges) == 1
        assert all(c in nudges or getattr(c, "__qualname__", "") == "_CommitTracker.mark"
                   for c in committed)
        assert "Could not ask a worker to deliver the outbox now" in caplog.text

        [new] = corrected["letters"]
        assert (new["version"], new["status"]) == (2, "pending")
        letter = Letter.objects.for_institution(kingsway).get(pk=new["id"])
        waiting = OutboxMessage.objects.get(key=f"letter:{letter.pk}:render")
        assert (waiting.kind, waiting.institution, waiting.status, waiting.attempts) == (
            "letters.render", kingsway, "pending", 0)

        # Redis is back (or nobody waits for it): the beat's relay, or this command.
        call_command("outbox_relay")
        assert "1 delivered, 0 to retry, 0 failed permanently" in capsys.readouterr().out
        letter.refresh_from_db()
        assert letter.status == Letter.Status.ISSUED
        assert letter.pdf
        assert letter.sha256
        waiting.refresh_from_db()
        assert waiting.status == "sent"
        versions = [(x["version"], x["status"])
                    for x in get(ks.secretary, kingsway, case_id, "letters")
                    if x["kind"] == "formal_decision" and x["recipient_key"] == "respondent"]
        assert versions == [(1, "issued"), (2, "issued")]
