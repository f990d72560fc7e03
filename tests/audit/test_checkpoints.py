"""Signed checkpoints of the chain head, kept outside the database, let ``verify_audit`` see a
removed tail, a deleted chain and a rewound, rewritten or forged head (issue 7 §4). The attacks
run as the table owner would: raw SQL with the append-only trigger disabled."""

import base64
import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from audit.checkpoints import checkpoint_take, checkpoints_load, new_key_pair, public_key
from audit.models import AuditEvent
from audit.services import audit_record, audit_verify, compute_hmac
from audit.tasks import audit_checkpoint_task
from outbox.services import outbox_relay

pytestmark = pytest.mark.django_db

MORNING = dt.datetime(2026, 3, 3, 0, 45, tzinfo=dt.UTC)


@pytest.fixture
def checkpointed(kingsway, midshire, caseworker):
    """Five kingsway events and one midshire event, checkpointed; then one more event each."""
    with time_machine.travel(MORNING, tick=False):
        events = [audit_record(institution=kingsway, actor=caseworker, action=f"k.{n}")
                  for n in range(1, 6)]
        audit_record(institution=midshire, action="m.1")
        assert audit_checkpoint_task() == 2
    with time_machine.travel(MORNING + dt.timedelta(hours=9), tick=False):
        events.append(audit_record(institution=kingsway, actor=caseworker, action="k.6"))
    return events


def verify_fails(*, naming):
    err = StringIO()
    with pytest.raises(CommandError, match="tampered"):
        call_command("verify_audit", stdout=StringIO(), stderr=err)
    assert naming in err.getvalue()
    return err.getvalue()


def delete_tail_and_rewind_head(tamper, institution, keep: int):
    last = AuditEvent.objects.for_institution(institution).get(sequence=keep) if keep else None
    tamper("DELETE FROM audit_auditevent WHERE institution_id = %s AND sequence > %s",
           [institution.pk, keep])
    tamper("UPDATE audit_auditchainhead SET last_sequence = %s, last_hmac = %s "
           "WHERE institution_id = %s", [keep, last.hmac if last else "", institution.pk])


def test_the_daily_checkpoint_is_signed_and_stored_per_institution(checkpointed, kingsway,
                                                                   checkpoint_dir):
    (checkpoint,) = checkpoints_load(kingsway.pk)
    assert (checkpoint.last_sequence, checkpoint.last_hmac) == (5, checkpointed[4].hmac)
    assert (checkpoint.institution_slug, checkpoint.taken_at) == (
        "kingsway", "2026-03-03T00:45:00+00:00")
    assert checkpoint.is_authentic()
    files = list((checkpoint_dir / str(kingsway.pk)).glob("*.json"))
    assert [f.name for f in files] == ["20260303T004500Z-000000000005.json"]
    assert json.loads(files[0].read_text())["signature"] == checkpoint.signature


def test_verify_audit_passes_and_names_the_latest_checkpoint(checkpointed):
    out = StringIO()
    call_command("verify_audit", stdout=out, stderr=StringIO())
    assert out.getvalue().splitlines() == [
        "kingsway: audit chain intact (6 events; latest checkpoint 2026-03-03 at event 5)",
        "midshire: audit chain intact (1 events; latest checkpoint 2026-03-03 at event 1)",
    ]


def test_a_removed_tail_with_a_rewound_head_is_detected(checkpointed, kingsway,
                                                        tamper_with_audit):
    delete_tail_and_rewind_head(tamper_with_audit, kingsway, keep=3)
    assert audit_verify(kingsway).reason == (
        "chain ends at 3 but the checkpoint of 2026-03-03 signed 5 events: "
        "events 4 to 5 were removed")
    verify_fails(naming="kingsway: first broken link at event 4: chain ends at 3")


def test_events_after_the_last_checkpoint_are_not_yet_protected(
        checkpointed, kingsway, tamper_with_audit):
    """Only what a checkpoint has signed is protected: removing event 6 (after the checkpoint)
    passes, which is why checkpoints are taken daily."""
    delete_tail_and_rewind_head(tamper_with_audit, kingsway, keep=5)
    assert audit_verify(kingsway) is None


def test_a_deleted_whole_chain_is_detected(checkpointed, kingsway, tamper_with_audit):
    tamper_with_audit("DELETE FROM audit_auditevent WHERE institution_id = %s", [kingsway.pk])
    tamper_with_audit("DELETE FROM audit_auditchainhead WHERE institution_id = %s",
                      [kingsway.pk])
    assert audit_verify(kingsway).reason == (
        "chain ends at 0 but the checkpoint of 2026-03-03 signed 5 events: "
        "the whole chain was deleted")
    verify_fails(naming="kingsway: first broken link at event 1")


def test_a_chain_rewritten_with_the_hmac_key_is_detected(checkpointed, kingsway,
                                                         tamper_with_audit):
    """Someone who also stole AUDIT_HMAC_KEY rewrites event 2 and re-links everything after it:
    every link holds, but event 5 is no longer the one the checkpoint signed."""
    prev = checkpointed[0].hmac
    for event in AuditEvent.objects.for_institution(kingsway).filter(sequence__gte=2).order_by(
            "sequence"):
        if event.sequence == 2:
            event.action = "k.innocent"
        event.prev_hmac = prev
        event.hmac = prev = compute_hmac(event)
        tamper_with_audit("UPDATE audit_auditevent SET action = %s, prev_hmac = %s, hmac = %s "
                          "WHERE id = %s", [event.action, event.prev_hmac, event.hmac, event.pk])
    tamper_with_audit("UPDATE audit_auditchainhead SET last_hmac = %s WHERE institution_id = %s",
                      [prev, kingsway.pk])
    assert audit_verify(kingsway).reason == (
        "event 5 is not the one the checkpoint of 2026-03-03 signed: "
        "the chain was rewritten up to here")


def test_a_forged_checkpoint_for_a_rewound_head_is_detected(checkpointed, kingsway,
                                                            tamper_with_audit, checkpoint_dir,
                                                            settings):
    """The attacker rewinds the head, removes the real checkpoint file and writes one of their
    own for the shorter chain, signed with a key of their own."""
    delete_tail_and_rewind_head(tamper_with_audit, kingsway, keep=3)
    for path in (checkpoint_dir / str(kingsway.pk)).glob("*.json"):
        path.unlink()
    real_public_key = base64.b64encode(public_key().public_bytes_raw()).decode()
    settings.AUDIT_CHECKPOINT_SIGNING_KEY = new_key_pair()[0]
    with time_machine.travel(MORNING, tick=False):
        forged = checkpoint_take(kingsway)
    assert forged.last_sequence == 3
    settings.AUDIT_CHECKPOINT_SIGNING_KEY = ""
    settings.AUDIT_CHECKPOINT_PUBLIC_KEY = real_public_key
    assert audit_verify(kingsway).reason.endswith("is not validly signed: it was forged or altered")
    verify_fails(naming="kingsway: first broken link at event 3: checkpoint 20260303T004500Z")


def test_an_altered_checkpoint_file_is_detected(checkpointed, kingsway, checkpoint_dir):
    (path,) = (checkpoint_dir / str(kingsway.pk)).glob("*.json")
    data = json.loads(path.read_text())
    data["last_sequence"] = 2
    path.write_text(json.dumps(data))
    assert audit_verify(kingsway).reason == (
        f"checkpoint {path.name} is not validly signed: it was forged or altered")


def test_another_institutions_checkpoint_does_not_count(checkpointed, kingsway, midshire,
                                                        checkpoint_dir):
    (path,) = (checkpoint_dir / str(midshire.pk)).glob("*.json")
    (checkpoint_dir / str(kingsway.pk) / "copied.json").write_text(path.read_text())
    assert "is not validly signed" in audit_verify(kingsway).reason


def test_checkpoint_is_mailed_to_the_institution_admins_when_the_chain_has_grown(
        kingsway, kingsway_admin, caseworker, settings):
    settings.AUDIT_CHECKPOINT_EMAIL = True
    audit_record(institution=kingsway, actor=caseworker, action="k.1")
    checkpoint_take(kingsway)
    checkpoint_take(kingsway)  # nothing new: not mailed again
    audit_record(institution=kingsway, actor=caseworker, action="k.2")
    checkpoint = checkpoint_take(kingsway)
    outbox_relay()  # the copies go through the outbox (a mail outage delays, never loses)
    outbox_relay()  # delivered once

    assert [m.to for m in mail.outbox] == [["admin@kingsway.test"]] * 2
    assert mail.outbox[1].subject == "Audit checkpoint for kingsway: event 2"
    assert checkpoint.signature in mail.outbox[1].body
    assert caseworker.email not in mail.outbox[1].body


def test_taking_a_checkpoint_without_a_signing_key_fails_clearly(kingsway, settings):
    settings.AUDIT_CHECKPOINT_SIGNING_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="AUDIT_CHECKPOINT_SIGNING_KEY is not set"):
        checkpoint_take(kingsway)


def test_audit_checkpoint_command_signs_now_and_makes_keys(checkpointed, kingsway, settings):
    out = StringIO()
    with time_machine.travel(MORNING + dt.timedelta(days=1), tick=False):
        call_command("audit_checkpoint", stdout=out)
    assert out.getvalue() == "Signed 2 audit checkpoint(s).\n"
    assert [c.last_sequence for c in checkpoints_load(kingsway.pk)] == [5, 6]

    out = StringIO()
    call_command("audit_checkpoint", "--new-key", stdout=out)
    signing, public = (line.split("=", 1)[1] for line in out.getvalue().splitlines())
    settings.AUDIT_CHECKPOINT_SIGNING_KEY, settings.AUDIT_CHECKPOINT_PUBLIC_KEY = signing, public
    assert checkpoint_take(kingsway).is_authentic()


def test_beat_seals_anonymous_events_before_it_signs_the_daily_checkpoints(settings):
    from celery import current_app

    schedule = settings.CELERY_BEAT_SCHEDULE
    seal, checkpoint = schedule["audit-seal-anonymous"], schedule["audit-checkpoint"]
    assert seal["task"] in current_app.tasks
    assert checkpoint["task"] in current_app.tasks
    assert (seal["schedule"].hour, checkpoint["schedule"].hour) == ({0}, {0})
    assert min(seal["schedule"].minute) < min(checkpoint["schedule"].minute)
