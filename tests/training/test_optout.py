"""The survivor opt-out (004): personal one-time links, the exemption, and the support referral
only when the student asks."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import Membership
from accounts.roles import Role
from outbox.models import OutboxMessage
from outbox.services import outbox_relay
from reporting.models import Report
from tests.factories import staff
from training.compliance import Scope, scope_progress
from training.models import Completion, OptOutLink
from training.services.optout import (
    LinkExpired,
    LinkNotFound,
    LinkUsed,
    OptOutRefused,
    optout_confirm,
    optout_links_issue,
    optout_support_request,
    token_hmac,
)

from .test_compliance import *  # noqa: F403 - the shared fixtures
from .test_compliance import NOW, TODAY, module_of

pytestmark = pytest.mark.django_db


def membership_of(user, institution):
    return Membership.objects.for_institution(institution).get(user=user)


def issue(roster, admin, *, delivery="links", campaign=None):
    institution = roster["institution"]
    return optout_links_issue(module=roster["module"], campaign=campaign, actor=admin,
                              membership=membership_of(admin, institution), delivery=delivery,
                              base_url="https://st.example")


def token_of(issued, email):
    url = next(url for learner, url in issued.links if learner.email == email)
    return url.rstrip("/").rsplit("/", 1)[1]


@pytest.fixture
def issued(midshire_roster, training_admin):
    return issue(midshire_roster, training_admin, campaign=midshire_roster["campaign"])


@pytest.fixture
def token(issued):
    return token_of(issued, "law3@midshire.test")


def page_url(institution, token):
    return reverse("public:training_optout:page",
                   kwargs={"institution_slug": institution.slug, "token": token})


def support_url(institution):
    return reverse("public:training_optout:support",
                   kwargs={"institution_slug": institution.slug})


# -- links ------------------------------------------------------------------------------------
def test_links_go_to_the_students_who_have_not_met_it(issued):
    # Law 3 and the student with no department: the others completed or opted out, the
    # second-year student is not in the first-year audience, the one who left is not counted.
    assert sorted(learner.email for learner, _ in issued.links) == [
        "law3@midshire.test", "nodept@midshire.test"]
    assert issued.expires_on == dt.date(2026, 11, 3)  # the deadline + 14 days


def test_only_a_hash_of_the_token_is_stored(midshire_roster, issued, token):
    link = OptOutLink.objects.for_institution(midshire_roster["institution"]).get(
        learner=midshire_roster["law_out"])
    assert link.token_hmac == token_hmac(token)
    assert token not in str(list(OptOutLink.objects.for_institution(
        midshire_roster["institution"]).values()))


def test_links_are_emailed_to_the_roster_address_through_the_outbox(midshire_roster,
                                                                     training_admin):
    result = issue(midshire_roster, training_admin, delivery="email")
    assert (result.count, result.links) == (2, [])
    assert OutboxMessage.objects.filter(kind="mail").count() == 2
    outbox_relay()
    assert sorted(m.to[0] for m in mail.outbox) == ["law3@midshire.test",
                                                    "nodept@midshire.test"]
    link = re.search(r"https://st\.example/midshire/training/opt-out/[\w-]+/",
                     mail.outbox[0].body).group(0)
    assert "victim" not in mail.outbox[0].body.lower()
    # Delivered: the outbox keeps nothing of the email, the link included.
    assert all(m.payload == {} for m in OutboxMessage.objects.all())
    client_response = _client().get(link.removeprefix("https://st.example"))
    assert client_response.status_code == 200


def _client():
    from django.test import Client

    return Client()


def test_a_new_link_replaces_the_earlier_one(midshire_roster, training_admin, token, client):
    issue(midshire_roster, training_admin)
    response = client.get(page_url(midshire_roster["institution"], token))
    assert response.status_code == 404
    assert OptOutLink.objects.for_institution(midshire_roster["institution"]).filter(
        learner=midshire_roster["law_out"]).count() == 1


def test_links_only_for_a_module_that_allows_opting_out(midshire_roster, training_admin):
    module = module_of(midshire_roster["institution"], "staff-harassment-sexual-misconduct")
    with pytest.raises(OptOutRefused, match="has no opt-out"):
        optout_links_issue(module=module, actor=training_admin,
                           membership=membership_of(training_admin,
                                                    midshire_roster["institution"]))


def test_links_are_issued_by_training_administrators_only(midshire_roster):
    from django.core.exceptions import PermissionDenied

    caseworker = staff(midshire_roster["institution"], Role.SUPPORT_CASEWORKER,
                       email="cw@midshire.test")
    with pytest.raises(PermissionDenied):
        issue(midshire_roster, caseworker)


# -- the page ---------------------------------------------------------------------------------
def test_the_page_works_without_login_and_shows_the_004_wording(midshire_roster, token,
                                                                client):
    response = client.get(page_url(midshire_roster["institution"], token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bystander and Consent training" in html
    assert "victim or survivor of sexual violence of any nature" in html
    assert "Need help now?" in html  # urgent help, as on every public page
    assert 'name="viewport"' in html
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_opt_out_counts_as_meeting_the_requirement(midshire_roster, token, client):
    r = midshire_roster
    before = scope_progress(Scope.of_campaign(r["campaign"]))
    response = client.post(page_url(r["institution"], token), {"confirm": "on"})
    assert response.status_code == 302
    completion = Completion.objects.for_institution(r["institution"]).get(
        learner=r["law_out"])
    assert (completion.source, completion.completed_on) == (Completion.Source.EXEMPTION, TODAY)
    after = scope_progress(Scope.of_campaign(r["campaign"]))
    assert (after.exempt, after.outstanding) == (before.exempt + 1, before.outstanding - 1)


def test_opting_out_needs_the_confirmation(midshire_roster, token, client):
    response = client.post(page_url(midshire_roster["institution"], token), {})
    assert response.status_code == 200
    assert "Tick the box to confirm" in response.content.decode()
    assert not Completion.objects.for_institution(midshire_roster["institution"]).filter(
        learner=midshire_roster["law_out"]).exists()


def test_opt_out_link_works_once(midshire_roster, token, client):
    institution = midshire_roster["institution"]
    client.post(page_url(institution, token), {"confirm": "on"})
    again = _client().get(page_url(institution, token))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    with pytest.raises(LinkUsed):
        optout_confirm(institution=institution, token=token, confirmed=True)
    assert Completion.objects.for_institution(institution).filter(
        learner=midshire_roster["law_out"]).count() == 1


def test_expired_link_is_refused(midshire_roster, token, client):
    institution = midshire_roster["institution"]
    with time_machine.travel(dt.datetime(2026, 11, 3, 23, 0, tzinfo=NOW.tzinfo), tick=False):
        assert client.get(page_url(institution, token)).status_code == 200  # the last day
    with time_machine.travel(dt.datetime(2026, 11, 4, 9, 0, tzinfo=NOW.tzinfo), tick=False):
        response = client.get(page_url(institution, token))
        assert response.status_code == 410
        assert "expired" in response.content.decode()
        with pytest.raises(LinkExpired):
            optout_confirm(institution=institution, token=token, confirmed=True)
    assert not Completion.objects.for_institution(institution).filter(
        learner=midshire_roster["law_out"]).exists()


def test_a_link_without_a_campaign_works_for_60_days(midshire_roster, training_admin):
    result = issue(midshire_roster, training_admin)
    assert result.expires_on == TODAY + dt.timedelta(days=60)


def test_a_link_of_one_institution_is_a_404_at_another(midshire_roster, kingsway, token,
                                                       client):
    assert client.get(page_url(kingsway, token)).status_code == 404
    with pytest.raises(LinkNotFound):
        optout_confirm(institution=kingsway, token=token, confirmed=True)
    assert client.get(page_url(midshire_roster["institution"], "not-a-token")).status_code \
        == 404


# -- the support referral ---------------------------------------------------------------------
def _disclosures(institution):
    return Report.objects.for_institution(institution)


def test_support_referral_only_when_the_student_asks(midshire_roster, issued, client):
    institution = midshire_roster["institution"]
    caseworker = staff(institution, Role.SUPPORT_CASEWORKER, email="cw@midshire.test")
    # One student opts out and declines support.
    first = token_of(issued, "nodept@midshire.test")
    client.post(page_url(institution, first), {"confirm": "on"})
    page = client.get(support_url(institution))
    assert "Would you like support?" in page.content.decode()
    client.post(support_url(institution), {"decline": "1"})
    assert not _disclosures(institution).exists()
    # Another opts out and asks.
    other = _client()
    second = token_of(issued, "law3@midshire.test")
    other.post(page_url(institution, second), {"confirm": "on"})
    response = other.post(support_url(institution), {
        "contact_name": "Cal Law", "preferred_contact": "email",
        "contact_email": "cal@student.test", "message": "Please email me after 5pm."})
    assert response.status_code == 200
    assert "Your request has been sent" in response.content.decode()
    report = _disclosures(institution).get()
    assert (report.is_anonymous, report.wants_support) == (False, True)
    assert report.contact_name == "Cal Law"
    assert "Please email me after 5pm." in report.narrative
    assert report.narrative.startswith("Asked to be contacted about support options from the "
                                       "training page of \u201cBystander and Consent training")
    for word in ("opt-out", "opt out", "opted", "survivor", "victim", "violence"):
        assert word not in report.narrative.lower()  # neither the opt-out nor why
    # The caseworkers' queue shows it, named.
    staff_client = _client()
    staff_client.force_login(caseworker)
    queue = staff_client.get(reverse("staff:reporting:queue",
                                     kwargs={"institution_slug": institution.slug}))
    html = queue.content.decode()
    for shown in (report.reference, "Cal Law", "Named"):
        assert shown in html


def test_support_request_is_sent_once(midshire_roster, issued):
    institution = midshire_roster["institution"]
    done = optout_confirm(institution=institution, token=token_of(issued, "law3@midshire.test"),
                          confirmed=True)
    details = {"contact_name": "Cal Law", "preferred_contact": "phone",
               "contact_phone": "07700 900123"}
    optout_support_request(institution=institution, ticket=done.ticket, **details)
    with pytest.raises(OptOutRefused):
        optout_support_request(institution=institution, ticket=done.ticket, **details)
    assert _disclosures(institution).count() == 1


def test_a_support_request_missing_its_contact_can_be_corrected(midshire_roster, token,
                                                                client):
    institution = midshire_roster["institution"]
    client.post(page_url(institution, token), {"confirm": "on"})
    response = client.post(support_url(institution), {
        "contact_name": "Cal Law", "preferred_contact": "phone", "contact_email": ""})
    assert response.status_code == 200
    assert "Give a phone number" in response.content.decode()
    assert not _disclosures(institution).exists()
    response = client.post(support_url(institution), {
        "contact_name": "Cal Law", "preferred_contact": "phone",
        "contact_phone": "07700 900123"})
    assert "Your request has been sent" in response.content.decode()
    assert _disclosures(institution).count() == 1


def test_the_support_offer_closes_after_two_hours(midshire_roster, token, client):
    institution = midshire_roster["institution"]
    client.post(page_url(institution, token), {"confirm": "on"})
    with time_machine.travel(NOW + dt.timedelta(hours=2, minutes=1), tick=False):
        response = client.post(support_url(institution), {
            "contact_name": "Cal Law", "preferred_contact": "email",
            "contact_email": "cal@student.test"})
    assert "has passed" in response.content.decode()
    assert not _disclosures(institution).exists()


def test_the_support_page_without_opting_out_offers_nothing(midshire_roster, client):
    response = client.get(support_url(midshire_roster["institution"]))
    assert response.status_code == 200
    assert "Would you like support?" not in response.content.decode()


def test_staff_see_only_met_by_exemption_in_the_csv_of_links(midshire_roster, training_admin,
                                                             client):
    client.force_login(training_admin)
    url = reverse("staff:training_compliance:opt_out_links",
                  kwargs={"institution_slug": "midshire",
                          "module_id": midshire_roster["module"].pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"delivery": "links",
                                 "campaign": midshire_roster["campaign"].pk})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["email", "external_id", "opt_out_link", "expires_on"]
    assert sorted(row[0] for row in rows[1:]) == ["law3@midshire.test", "nodept@midshire.test"]
    assert all(row[2].startswith("http://testserver/midshire/training/opt-out/")
               for row in rows[1:])


# -- the demo ---------------------------------------------------------------------------------
def test_the_demo_opt_out_in_both_institutions(kingsway, midshire):
    from training.catalogue import training_catalogue_apply
    from training.demo import seed_demo_optout
    from training.services.optout import open_links_count

    for institution, shape in ((kingsway, "002"), (midshire, "004")):
        training_catalogue_apply(institution=institution, shape=shape)
        from reporting.services.setup import reporting_defaults_apply

        reporting_defaults_apply(institution=institution)
        staff(institution, Role.TRAINING_ADMIN,
              email=f"training-admin@{institution.slug}.example")
    seed_demo_optout()
    seed_demo_optout()  # once only
    for institution in (kingsway, midshire):
        exemptions = Completion.objects.for_institution(institution).filter(
            source=Completion.Source.EXEMPTION)
        assert exemptions.count() == 2
        assert open_links_count(module=exemptions.first().module) == 4
        report = Report.objects.for_institution(institution).get()
        assert not report.is_anonymous
        client = _client()
        client.force_login(staff(institution, Role.TRAINING_ADMIN,
                                 email=f"ta2@{institution.slug}.example"))
        page = client.get(reverse("staff:training_compliance:overview",
                                  kwargs={"institution_slug": institution.slug}))
        assert "2 met by exemption" in page.content.decode()
        assert "survivor" not in page.content.decode()


def test_a_support_request_the_team_cannot_take_is_explained(midshire_roster, token, client):
    from reporting.models import ReportCategory

    institution = midshire_roster["institution"]
    ReportCategory.objects.for_institution(institution).filter(code="other").update(
        is_active=False)
    client.post(page_url(institution, token), {"confirm": "on"})
    response = client.post(support_url(institution), {
        "contact_name": "Cal Law", "preferred_contact": "email",
        "contact_email": "cal@student.test"})
    assert response.status_code == 200
    assert "cannot take requests from this page" in response.content.decode()
    assert not _disclosures(institution).exists()
    assert Completion.objects.for_institution(institution).filter(
        learner=midshire_roster["law_out"], source=Completion.Source.EXEMPTION).exists()
