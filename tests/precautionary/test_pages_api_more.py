"""Withdrawing a proposal, taking up a request for a risk assessment, the matter's letters and
its history: each through the pages and through the API, in both demo-shaped institutions."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from audit.models import AuditEvent
from precautionary.models import Decision, Matter, Measure, RiskAssessmentRequest

from ..cases.pages import error_for, fails, submit
from ..cases.rules_support import at, d
from .conftest import convened, propose, reload

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["kingsway", "midshire"])
def world(request):
    inst = request.getfixturevalue(request.param)
    g = request.getfixturevalue("kg" if request.param == "kingsway" else "mg")
    return inst, g


def murl(matter: Matter, path: str = "") -> str:
    return f"/{matter.institution.slug}/staff/precautionary/{matter.pk}/{path}"


def aurl(matter: Matter, path: str = "") -> str:
    return f"/api/v1/{matter.institution.slug}/precautionary/{matter.pk}/{path}"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ok(response, code=200):
    assert response.status_code == code, response.content[:2000]
    return response.json()


def actions(body) -> dict[str, bool]:
    return {a["key"]: a["allowed"] for a in body["available_actions"]}


# -- 1. withdrawing a proposal ----------------------------------------------------------------
def test_chair_withdraws_a_proposal_by_form_with_a_reason(client, world):
    inst, g = world
    with at("2026-11-16"):
        matter = convened(inst, g)
        propose(inst, g, matter, starts=d("2026-11-23"))
        client.force_login(g.chair_pm)
        page = client.get(murl(matter)).text
        assert murl(matter, "withdraw/") in page
        assert "Withdraw the proposed measures" in page
        form = client.get(murl(matter, "withdraw/"))
        assert form.status_code == 200
        assert "No contact with Sam Reporter" in form.text  # the proposal being withdrawn
        response = fails(client, murl(matter, "withdraw/"), {"reason": "  "})
        assert error_for(response.text, "id_reason")
        assert reload(matter).stage == Matter.Stage.PROPOSED
        submit(client, murl(matter, "withdraw/"), {"reason": "The police asked us to wait"})
    matter = reload(matter)
    assert matter.stage == Matter.Stage.ASSESSED
    assert Decision.objects.for_institution(inst).get(matter=matter).status == \
        Decision.Status.WITHDRAWN
    assert not Measure.objects.for_institution(inst).filter(
        matter=matter, status=Measure.Status.PROPOSED).exists()


def test_a_member_may_not_withdraw_the_proposal_page_is_forbidden(client, kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        propose(kingsway, kg, matter, starts=d("2026-11-23"))
        client.force_login(kg.member_pm)
        assert murl(matter, "withdraw/") not in client.get(murl(matter)).text
        assert client.get(murl(matter, "withdraw/")).status_code == 403
        assert client.post(murl(matter, "withdraw/"), {"reason": "x"}).status_code == 403
    assert reload(matter).stage == Matter.Stage.PROPOSED


def test_withdraw_proposal_is_offered_and_done_through_the_api(world):
    inst, g = world
    with at("2026-11-16"):
        matter = convened(inst, g)
        assert "withdraw_proposal" not in actions(ok(api(g.chair_pm).get(aurl(matter))))
        propose(inst, g, matter, starts=d("2026-11-23"))
        body = ok(api(g.chair_pm).get(aurl(matter)))
        assert actions(body)["withdraw_proposal"] is True
        offer = next(a for a in body["available_actions"] if a["key"] == "withdraw_proposal")
        assert offer["api_url"] == aurl(matter, "proposals/withdraw/")
        refused = api(g.member_pm).post(aurl(matter, "proposals/withdraw/"), {"reason": "x"},
                                        format="json")
        assert refused.status_code == 403
        bad = api(g.chair_pm).post(aurl(matter, "proposals/withdraw/"), {"reason": ""},
                                   format="json")
        assert bad.status_code == 400
        assert "reason" in bad.json()["errors"]
        body = ok(api(g.chair_pm).post(aurl(matter, "proposals/withdraw/"),
                                       {"reason": "New information"}, format="json"))
        assert body["decision"]["status"] == "withdrawn"
        assert body["matter"]["stage"] == "assessed"
        again = api(g.chair_pm).post(aurl(matter, "proposals/withdraw/"),
                                     {"reason": "Again"}, format="json")
        assert again.status_code == 409
