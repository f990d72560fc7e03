"""The hot lookups compiled once per process (core/rows.py, issue 9 §2) return what the ORM
returns, converted the same way, and refuse what the ORM refused: an inactive institution, a
deactivated account, an expired session, another institution's membership."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user
from django.contrib.sessions.models import Session
from django.http import Http404

from accounts.backends import AccountBackend
from accounts.models import Membership, User
from accounts.selectors import membership_get
from core.rows import RowRead
from institutions.models import Institution
from institutions.selectors import institution_get

pytestmark = pytest.mark.django_db


def fields_of(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_row_read_builds_the_same_instance_as_the_orm(kingsway, caseworker):
    membership = Membership.objects.for_institution(kingsway).get(user=caseworker)
    for model, read, key in (
            (Institution, RowRead(Institution, ["slug", ("is_active", True)]), kingsway.slug),
            (User, RowRead(User, ["id"]), caseworker.pk),
            (Membership, RowRead(Membership, ["institution_id", "user_id"]), None)):
        if model is Membership:
            row = read.get(kingsway.pk, caseworker.pk)
            orm = membership
        else:
            row = read.get(key)
            orm = model.objects.get(pk=row.pk)
        assert type(row) is model
        assert fields_of(row) == fields_of(orm)
        assert not row._state.adding
    # an aware datetime on every database, as the ORM gives it
    assert membership_get(user=caseworker, institution=kingsway).created_at.tzinfo is not None


def test_an_inactive_or_unknown_institution_is_404(kingsway):
    assert institution_get(slug="kingsway").pk == kingsway.pk
    Institution.objects.filter(pk=kingsway.pk).update(is_active=False)
    with pytest.raises(Http404):
        institution_get(slug="kingsway")
    with pytest.raises(Http404):
        institution_get(slug="nowhere")


def test_membership_get_reads_roles_and_stays_in_its_institution(kingsway, midshire,
                                                                 caseworker, outsider):
    found = membership_get(user=caseworker, institution=kingsway)
    assert found.role_set == {"support_caseworker"}
    assert [r.membership is found for r in found.roles.all()] == [True]
    assert membership_get(user=caseworker, institution=midshire) is None
    assert membership_get(user=outsider, institution=kingsway) is None
    Membership.objects.for_institution(kingsway).filter(user=caseworker).update(
        is_active=False)
    assert membership_get(user=caseworker, institution=kingsway) is None


def test_a_deactivated_account_is_signed_out_on_its_next_request(client, kingsway,
                                                                  caseworker):
    client.force_login(caseworker)
    assert client.get("/kingsway/staff/reports/").status_code == 200
    assert AccountBackend().get_user(caseworker.pk) == caseworker
    User.objects.filter(pk=caseworker.pk).update(is_active=False)
    assert AccountBackend().get_user(caseworker.pk) is None
    response = client.get("/kingsway/staff/reports/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_expired_session_is_not_loaded(client, rf, caseworker):
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        client.force_login(caseworker)
        key = client.session.session_key
        request = rf.get("/")
        request.session = client.session.__class__(key)
        assert get_user(request) == caseworker
    (row,) = Session.objects.filter(session_key=key)
    with time_machine.travel(row.expire_date + dt.timedelta(seconds=1), tick=False):
        request = rf.get("/")
        request.session = client.session.__class__(key)
        assert not get_user(request).is_authenticated
