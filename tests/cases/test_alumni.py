"""§63 done, not just logged: "the Alumni team will also be informed of any disciplinary
penalty(ies) ... which would trigger a termination or suspension of their alumni privileges".
Every penalty that ends alumni privileges, at any stage, emails the institution's alumni team
address through the outbox after commit; with no address the decision stands and the case page
and the API say the team was not told."""

import pytest
from django.core import mail

from cases.models import CaseRole, Outcome
from cases.services.appeals import appeal_decide
from cases.services.common import assign
from cases.services.settings import case_settings_set
from outbox.models import OutboxMessage

from . import api_support as api
from .pages import url
from .rules_support import (
    actions,
    at,
    hold_and_decide,
    lodge,
    on,
    send_notice,
    to_board,
    to_investigation,
    uphold,
)

pytestmark = pytest.mark.django_db

ALUMNI = "alumni@kingsway.test"


def configure(inst, admin_user):
    case_settings_set(institution=inst, actor=admin_user, alumni_team_email=ALUMNI)


def alumni_mail():
    return [m for m in mail.outbox if ALUMNI in m.to]


def test_alumni_team_is_emailed_for_expulsion_s63(kingsway, ks, kingsway_admin,
                                                   django_capture_on_commit_callbacks):
    configure(kingsway, kingsway_admin)
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_board(to_investigation(kingsway, ks), ks)
        send_notice(case, ks, "2026-11-20")
    with on("2026-11-20", django_capture_on_commit_callbacks):
        outcome = hold_and_decide(case, ks, penalties=(("expulsion",),) * 3)
    sent = alumni_mail()
    assert len(sent) == 1
    assert "Expulsion from the School" in sent[0].body
    assert case.reference in sent[0].subject
    assert "20260001" in sent[0].body
    assert Outcome.objects.for_institution(kingsway).get(pk=outcome.pk) \
        .alumni_team_notified_on is not None
    assert "case.alumni_team_notified" in actions(case)


def test_alumni_team_is_emailed_for_a_suspension_by_the_secretary_s63(
        kingsway, ks, kingsway_admin, django_capture_on_commit_callbacks):
    configure(kingsway, kingsway_admin)
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_investigation(kingsway, ks)
        uphold(case, ks, penalties=[{"code": "suspension", "details": "One term"}])
    assert len(alumni_mail()) == 1
    assert "One term" in alumni_mail()[0].body


def test_alumni_team_is_not_emailed_for_a_warning_s63(kingsway, ks, kingsway_admin,
                                                       django_capture_on_commit_callbacks):
    configure(kingsway, kingsway_admin)
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_investigation(kingsway, ks)
        uphold(case, ks)
    assert alumni_mail() == []
    assert not OutboxMessage.objects.filter(kind="cases.alumni_notice").exists()
    assert "case.alumni_team_notified" not in actions(case)


def test_an_appeal_that_substitutes_a_suspension_tells_the_alumni_team_s63(
        kingsway, ks, kingsway_admin, django_capture_on_commit_callbacks):
    configure(kingsway, kingsway_admin)
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_investigation(kingsway, ks)
        uphold(case, ks)
    with on("2026-11-05", django_capture_on_commit_callbacks):
        appeal = lodge(case, ks, "2026-11-05", grounds=("unreasonable",))
        assign(case=case, user=ks.reviewer, role=CaseRole.APPEAL_REVIEWER, by=ks.secretary)
        appeal_decide(appeal=appeal, actor=ks.reviewer, result="amend",
                      reasons="A warning is too lenient for this conduct.",
                      penalties=[{"code": "suspension", "details": "Two weeks"}])
    assert len(alumni_mail()) == 1


def test_without_an_alumni_address_nothing_fails_and_the_case_page_says_so_s63(
        client, kingsway, ks, django_capture_on_commit_callbacks):
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_investigation(kingsway, ks)
        uphold(case, ks, penalties=[{"code": "suspension", "details": "One term"}])
    assert alumni_mail() == []
    assert "case.alumni_team_not_configured" in actions(case)
    with at("2026-11-04"):
        client.force_login(ks.secretary)
        page = client.get(url(case)).text
        body = api.get(ks.secretary, kingsway, case.pk)
    assert 'id="alumni-warning"' in page
    assert "no alumni team address is configured" in page
    assert len(body["alumni_team_not_told"]) == 1
    assert "Suspension" in body["alumni_team_not_told"][0]
