"""``manage.py verify_audit``: says the chain is intact, or fails naming the first broken link."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.services import audit_record

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("verify_audit", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def chains(kingsway, midshire):
    kingsway_events = [audit_record(institution=kingsway, action=f"k.{n}") for n in (1, 2, 3)]
    audit_record(institution=midshire, action="m.1")
    return kingsway_events


@pytest.mark.usefixtures("chains")
def test_verify_audit_prints_audit_chain_intact_for_every_institution():
    out, err = run()
    assert out.splitlines() == ["kingsway: audit chain intact", "midshire: audit chain intact"]
    assert err == ""


def test_verify_audit_fails_naming_the_first_broken_link(chains, tamper_with_audit):
    tamper_with_audit("UPDATE audit_auditevent SET action = %s WHERE id IN (%s, %s)",
                      ["rewritten", chains[1].pk, chains[2].pk])
    err = StringIO()
    out = StringIO()
    with pytest.raises(CommandError, match="tampered"):
        call_command("verify_audit", stdout=out, stderr=err)
    assert "kingsway: first broken link at event 2: contents were changed" in err.getvalue()
    assert "midshire: audit chain intact" in out.getvalue()
    assert "kingsway: audit chain intact" not in out.getvalue()


def test_verify_audit_fails_when_an_event_is_missing(chains, tamper_with_audit):
    tamper_with_audit("DELETE FROM audit_auditevent WHERE id = %s", [chains[0].pk])
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=StringIO(), stderr=err)
    assert "kingsway: first broken link at event 1: event 1 is missing (next is 2)" in (
        err.getvalue())


@pytest.mark.usefixtures("chains")
def test_verify_audit_can_check_one_institution():
    out, _ = run("--institution", "midshire")
    assert out.splitlines() == ["midshire: audit chain intact"]


@pytest.mark.usefixtures("chains")
def test_verify_audit_refuses_an_unknown_institution():
    with pytest.raises(CommandError, match="No institution 'nowhere'"):
        run("--institution", "nowhere")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for SQLite")
def test_create_app_role_needs_postgresql():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("create_app_role", "--name", "st_app", "--password", "x")
