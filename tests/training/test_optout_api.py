"""The opt-out through the REST API: issuing links (staff), and the student's page, confirmation
and support request (public, no account)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from outbox.models import OutboxMessage
from reporting.models import Report
from training.models import Completion

from .test_compliance import *  # noqa: F403 - the shared fixtures
from .test_compliance import check

pytestmark = pytest.mark.django_db

BASE = "/api/v1/midshire/training/"


@pytest.fixture
def api_admin(training_admin):
    client = APIClient()
    client.force_authenticate(training_admin)
    return client


def issue(api_admin, roster, delivery="links"):
    return api_admin.post(BASE + "opt-out-links/", {
        "module": roster["module"].pk, "campaign": roster["campaign"].pk,
        "delivery": delivery}, format="json")


def test_links_issued_through_the_api(midshire_roster, api_admin, openapi):
    response = issue(api_admin, midshire_roster)
    assert response.status_code == 201, response.content
    check(openapi, response)
    body = response.json()
    assert body["issued"] == 2
    assert sorted(link["email"] for link in body["links"]) == ["law3@midshire.test",
                                                               "nodept@midshire.test"]
    emailed = issue(api_admin, midshire_roster, delivery="email")
    assert (emailed.json()["issued"], emailed.json()["links"]) == (2, [])
    assert OutboxMessage.objects.filter(kind="mail").count() == 2


def test_issuing_for_a_module_without_opt_out_is_refused(midshire_roster, api_admin):
    from training.models import Module

    module = Module.objects.for_institution(midshire_roster["institution"]).get(
        key="prevent-awareness")
    response = api_admin.post(BASE + "opt-out-links/", {"module": module.pk,
                                                        "delivery": "email"}, format="json")
    assert response.status_code == 409
    assert "no opt-out" in response.json()["detail"]
    response = api_admin.post(BASE + "opt-out-links/", {"module": module.pk,
                                                        "delivery": "fax"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"delivery"}


def test_the_student_opts_out_and_asks_for_support_through_the_api(midshire_roster, api_admin,
                                                                   openapi):
    link = next(x for x in issue(api_admin, midshire_roster).json()["links"]
                if x["email"] == "law3@midshire.test")
    token = link["url"].rstrip("/").rsplit("/", 1)[1]
    public = APIClient()
    page = public.get(BASE + f"public/opt-out/{token}/")
    assert page.status_code == 200
    check(openapi, page)
    assert "victim or survivor" in page.json()["confirms"]
    refused = public.post(BASE + f"public/opt-out/{token}/confirm/", {"confirm": False},
                          format="json")
    assert refused.status_code == 400
    done = public.post(BASE + f"public/opt-out/{token}/confirm/", {"confirm": True},
                       format="json")
    assert done.status_code == 201
    check(openapi, done)
    assert Completion.objects.for_institution(midshire_roster["institution"]).get(
        learner=midshire_roster["law_out"]).source == Completion.Source.EXEMPTION
    again = public.post(BASE + f"public/opt-out/{token}/confirm/", {"confirm": True},
                        format="json")
    assert again.status_code == 410
    assert not Report.objects.for_institution(midshire_roster["institution"]).exists()
    ticket = done.json()["support_ticket"]
    missing = public.post(BASE + "public/opt-out/support/", {
        "ticket": ticket, "contact_name": "Cal Law", "preferred_contact": "email"},
        format="json")
    assert missing.status_code == 400
    assert "contact_email" in missing.json()["errors"]
    sent = public.post(BASE + "public/opt-out/support/", {
        "ticket": ticket, "contact_name": "Cal Law", "preferred_contact": "email",
        "contact_email": "cal@student.test"}, format="json")
    assert sent.status_code == 201, sent.content
    check(openapi, sent)
    assert sent.json()["receipt"]
    report = Report.objects.for_institution(midshire_roster["institution"]).get()
    assert (report.is_anonymous, report.contact_email) == (False, "cal@student.test")
    twice = public.post(BASE + "public/opt-out/support/", {
        "ticket": ticket, "contact_name": "Cal Law", "preferred_contact": "email",
        "contact_email": "cal@student.test"}, format="json")
    assert twice.status_code == 410
    assert Report.objects.for_institution(midshire_roster["institution"]).count() == 1


def test_an_unknown_link_or_forged_ticket_is_refused(midshire_roster):
    public = APIClient()
    assert public.get(BASE + "public/opt-out/nope/").status_code == 404
    response = public.post(BASE + "public/opt-out/support/", {
        "ticket": "forged:1:2", "contact_name": "X", "preferred_contact": "email",
        "contact_email": "x@student.test"}, format="json")
    assert response.status_code == 410
