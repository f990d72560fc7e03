"""Institution admins see their own institution's outbox, read-only and without payloads, so a
failed email or letter is noticed; nobody edits or deletes it there."""

import pytest
from django.db import transaction

from outbox.mail import outbox_mail
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db
LIST = "/admin/outbox/outboxmessage/"


def failed(institution, key, to):
    with transaction.atomic():
        message = outbox_mail(key=key, institution=institution, to=[to], subject="Deadline",
                              body="Secret body text")
    OutboxMessage.objects.filter(pk=message.pk).update(
        status="failed", attempts=48, last_error="smtplib.SMTPServerDisconnected")
    return message


def test_institution_admin_sees_their_failed_messages_read_only(client, kingsway_admin,
                                                                 kingsway, midshire):
    ours = failed(kingsway, "test:ours", "dm@kingsway.test")
    theirs = failed(midshire, "test:theirs", "dm@midshire.test")
    client.force_login(kingsway_admin)

    page = client.get(LIST)
    assert page.status_code == 200
    assert "smtplib.SMTPServerDisconnected" in page.text
    assert f"{LIST}{ours.pk}/change/" in page.text
    assert f"{LIST}{theirs.pk}/change/" not in page.text
    detail = client.get(f"{LIST}{ours.pk}/change/")
    assert detail.status_code == 200
    assert "Failed permanently" in detail.text
    assert "Secret body text" not in detail.text
    assert "dm@kingsway.test" not in detail.text
    assert 'name="_save"' not in detail.text

    assert client.get(f"{LIST}{theirs.pk}/change/").status_code in (302, 404)
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}{ours.pk}/delete/", {"post": "yes"}).status_code == 403
    assert OutboxMessage.objects.filter(pk=ours.pk).exists()
