"""Action plans (003): a plan with versions and items (guidance paragraph, risk references,
action, timing, lead, notes, status, due and review dates); an overdue item reminds its lead
through the outbox, once per due date, by the shared deadline sweep; the lead records progress;
the export for the annual accountability return (CSV and XLSX)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from governance.errors import GovernanceError
from governance.models import ActionItem, ActionPlan
from governance.procedure import ITEM_DUE, ITEM_REVIEW
from governance.services import plans
from institutions.models import Deadline
from institutions.selectors import deadlines_for
from institutions.services.reminders import deadlines_sweep
from outbox.models import OutboxMessage

from .conftest import api_as, at, d, plan_with_item

pytestmark = pytest.mark.django_db

S = ActionItem.Status


def overdue_mails(inst, email: str) -> list[OutboxMessage]:
    return [m for m in OutboxMessage.objects.filter(institution=inst).order_by("pk")
            if email in m.payload.get("to", []) and "Overdue" in m.payload["subject"]]


@pytest.mark.parametrize("people", ["kp", "mp"])
def test_an_overdue_action_plan_item_reminds_its_lead_once(request, people):
    p = request.getfixturevalue(people)
    with at("2026-11-02"):
        plan, item = plan_with_item(p, due=d("2026-11-20"))
    [deadline] = deadlines_for(institution=p.inst, subject=item)
    assert (deadline.rule, deadline.assignee, deadline.due_date) == (
        ITEM_DUE, p.lead, d("2026-11-20"))
    with at("2026-11-20"):
        deadlines_sweep(institution=p.inst, today=d("2026-11-20"))
    assert overdue_mails(p.inst, p.lead.email) == []
    for day in ("2026-11-23", "2026-11-23", "2026-11-24", "2026-12-01"):
        with at(day):
            deadlines_sweep(institution=p.inst, today=d(day))
    [mail] = overdue_mails(p.inst, p.lead.email)
    assert mail.payload["subject"] == (f"[{p.inst.name}] Overdue: Item 1 of Prevent duty "
                                       "action plan: due")
    assert p.officer.email in mail.payload["to"]
    assert "Provide initial" not in mail.payload["body"]  # the date only; details stay inside
    # A new due date is a new deadline: reminded again once that one passes.
    with at("2026-12-01"):
        plans.action_item_update(item=item, actor=p.officer, due_on=d("2026-12-10"))
    with at("2026-12-11"):
        deadlines_sweep(institution=p.inst, today=d("2026-12-11"))
        deadlines_sweep(institution=p.inst, today=d("2026-12-11"))
    assert len(overdue_mails(p.inst, p.lead.email)) == 2


def test_an_item_done_meets_its_deadline_and_is_no_longer_overdue(client, kp):
    with at("2026-11-02"):
        plan, item = plan_with_item(kp, due=d("2026-11-20"))
    with at("2026-11-23"):
        deadlines_sweep(institution=kp.inst, today=d("2026-11-23"))
        client.force_login(kp.lead)
        page = client.get(f"/kingsway/staff/governance/action-plans/{plan.pk}/").text
        assert "1 item overdue" in page
        response = client.post(
            f"/kingsway/staff/governance/action-plans/{plan.pk}/items/{item.pk}/progress/",
            {"status": "done", "notes": "Wardens trained on 21 November."})
        assert response.status_code == 302
    item = ActionItem.objects.for_institution(kp.inst).get(pk=item.pk)
    assert (item.status, item.completed_on) == (S.DONE, d("2026-11-23"))
    assert not item.overdue(d("2026-11-24"))
    [deadline] = deadlines_for(institution=kp.inst, subject=item)
    assert (deadline.status, deadline.completed_on) == (Deadline.Status.MISSED, d("2026-11-23"))


def test_an_ongoing_items_review_is_recorded_by_its_lead_and_the_next_one_starts(kp):
    with at("2026-11-02"):
        plan, item = plan_with_item(kp, review=d("2026-12-01"))
    with at("2026-12-01"):
        with pytest.raises(ValidationError) as refused:
            plans.action_item_progress(item=item, actor=kp.lead, status=S.ONGOING,
                                       reviewed=True)
        assert "review_on" in refused.value.message_dict
        plans.action_item_progress(item=item, actor=kp.lead, status=S.ONGOING, reviewed=True,
                                   review_on=d("2027-06-01"), notes="Links maintained.")
    found = sorted(deadlines_for(institution=kp.inst, subject=item), key=lambda x: x.pk)
    assert [(x.rule, x.status, x.due_date) for x in found] == [
        (ITEM_REVIEW, Deadline.Status.MET, d("2026-12-01")),
        (ITEM_REVIEW, Deadline.Status.RUNNING, d("2027-06-01"))]


def test_who_works_on_a_plan_and_its_items(client, kp, mp):
    with at("2026-11-02"):
        plan, item = plan_with_item(kp, due=d("2026-12-20"))
        other_plan, _ = plan_with_item(kp, lead=kp.colleague)
    with pytest.raises(PermissionDenied):
        plans.action_plan_create(institution=kp.inst, actor=kp.lead, title="Mine",
                                 owner=kp.lead)
    with pytest.raises(PermissionDenied, match="lead"):
        plans.action_item_progress(item=item, actor=kp.colleague, status=S.DONE)
    with pytest.raises(PermissionDenied):
        plans.action_item_update(item=item, actor=kp.lead, action="Something else")
    # The lead sees the plan of their item, not the other plan; nobody else sees either.
    base = "/kingsway/staff/governance/action-plans/"
    client.force_login(kp.lead)
    assert client.get(f"{base}{plan.pk}/").status_code == 200
    assert client.get(f"{base}{other_plan.pk}/").status_code == 404
    assert client.get(f"{base}{plan.pk}/items/{item.pk}/edit/").status_code == 403
    assert client.get(f"{base}{other_plan.pk}/items/{item.pk}/progress/").status_code == 404
    for who in (kp.hr, mp.officer):
        client.force_login(who)
        assert client.get(f"{base}{plan.pk}/").status_code == 404
        assert client.get(f"{base}{plan.pk}/export.csv").status_code == 404
        assert api_as(who).get(
            f"/api/v1/kingsway/governance/action-plans/{plan.pk}/").status_code == 404
    client.force_login(kp.colleague)
    assert client.get(f"{base}new/").status_code == 403
    assert api_as(kp.lead).get("/api/v1/kingsway/governance/action-plans/").json()[
        "count"] == 1
    assert api_as(kp.officer).get("/api/v1/kingsway/governance/action-plans/").json()[
        "count"] == 2


def test_a_version_keeps_the_items_as_they_stood(kp):
    with at("2026-11-02"):
        plan, item = plan_with_item(kp, due=d("2026-12-20"))
        version = plans.action_plan_version_record(plan=plan, actor=kp.officer, version="14",
                                                   dated=d("2018-11-01"),
                                                   note="Imported from 003.")
        with pytest.raises(ValidationError) as refused:
            plans.action_plan_version_record(plan=plan, actor=kp.officer, version="14",
                                             dated=d("2018-10-01"))
        assert set(refused.value.message_dict) == {"version", "dated"}
        plans.action_item_progress(item=item, actor=kp.lead, status=S.DONE)
        plans.action_plan_version_record(plan=plan, actor=kp.officer, version="15",
                                         dated=d("2026-11-02"), next_review_on=d("2027-11-01"))
    [snapshot] = version.items
    assert (snapshot["number"], snapshot["status"], snapshot["lead"], snapshot["lead_email"]) \
        == (1, "in_progress", "H-RACU", "lead@kingsway.test")
    plan = ActionPlan.objects.for_institution(kp.inst).get(pk=plan.pk)
    assert (plan.current_version, plan.version_date, plan.next_review_on) == (
        "15", d("2026-11-02"), d("2027-11-01"))
    assert plan.versions.get(version="15").items[0]["status"] == "done"


def test_an_archived_or_other_plans_number_is_refused(kp):
    with at("2026-11-02"):
        plan, _ = plan_with_item(kp)
        with pytest.raises(ValidationError, match="already has an item 1"):
            plans.action_item_add(plan=plan, actor=kp.officer, number=1, action="Again")
        second = plans.action_item_add(plan=plan, actor=kp.officer, action="Next one")
    assert second.number == 2
    ActionPlan.objects.for_institution(kp.inst).filter(pk=plan.pk).update(status="archived")
    plan = ActionPlan.objects.for_institution(kp.inst).get(pk=plan.pk)
    with pytest.raises(GovernanceError, match="archived"):
        plans.action_item_add(plan=plan, actor=kp.officer, action="Late")


def test_the_export_for_the_annual_return_has_every_item(client, kp):
    with at("2026-11-02"):
        plan, item = plan_with_item(kp, due=d("2026-11-20"))
        plans.action_item_add(plan=plan, actor=kp.officer, guidance_paragraphs="all",
                              risk_refs="1", action="=Secure agreement from OfS",
                              timing="Return due by 3 Dec 2018", lead_description="H-RACU",
                              notes="First return.", status="done")
        plans.action_plan_version_record(plan=plan, actor=kp.officer, version="14",
                                         dated=d("2018-11-01"))
    with at("2026-11-23"):
        client.force_login(kp.officer)
        url = f"/kingsway/staff/governance/action-plans/{plan.pk}/export"
        response = client.get(url + ".csv")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][:6] == ["Item", "Guidance para", "Risk", "Action", "Timing/detail",
                               "Lead"]
        assert rows[1][:4] == ["1", "22, 24", "3, 4",
                               "Provide initial or refresher staff training as necessary."]
        assert rows[1][rows[0].index("Due")] == "2026-11-20"
        assert rows[1][rows[0].index("Overdue")] == "yes"
        assert rows[1][rows[0].index("Lead email")] == "lead@kingsway.test"
        assert rows[2][3] == "'=Secure agreement from OfS"  # never read as a formula
        assert rows[2][rows[0].index("Status")] == "Done"

        response = api_as(kp.officer).get(
            f"/api/v1/kingsway/governance/action-plans/{plan.pk}/export.xlsx")
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Plan", "Items", "Versions"]
        items = list(book["Items"].values)
        assert len(items) == 3
        assert items[1][0] == 1
        assert list(book["Versions"].values)[1][:2] == ("14", "2018-11-01")
        plan_sheet = dict(book["Plan"].values)
        assert plan_sheet["Plan"] == "Prevent duty action plan"
        assert client.get(url + ".pdf").status_code == 404


def test_plans_through_the_pages_and_the_api(client, kp):
    client.force_login(kp.officer)
    with at("2026-11-02"):
        response = client.post("/kingsway/staff/governance/action-plans/new/", {
            "title": "", "owner": "officer@kingsway.test"})
        assert response.status_code == 200
        assert "Enter the title." in response.text
        response = client.post("/kingsway/staff/governance/action-plans/new/", {
            "title": "Prevent duty action plan", "owner": "officer@kingsway.test",
            "next_review_on": "2027-11-01"})
        assert response.status_code == 302
        plan = ActionPlan.objects.for_institution(kp.inst).get()
        response = client.post(
            f"/kingsway/staff/governance/action-plans/{plan.pk}/items/new/", {
                "action": "Review and update this action plan.", "status": "in_progress",
                "lead": "lead@kingsway.test", "due_on": "2026-12-01"})
        assert response.status_code == 302, response.text
        api = api_as(kp.officer)
        answer = api.post(f"/api/v1/kingsway/governance/action-plans/{plan.pk}/items/",
                          {"action": "", "lead": 999999}, format="json")
        assert answer.status_code == 400
        assert set(answer.json()["errors"]) == {"action", "lead"}
        answer = api.post(f"/api/v1/kingsway/governance/action-plans/{plan.pk}/items/",
                          {"action": "Keep the risk assessment under review.",
                           "lead": kp.lead.pk, "review_on": "2027-02-01",
                           "status": "ongoing"}, format="json")
        assert answer.status_code == 200
        detail = answer.json()
        assert [i["number"] for i in detail["items"]] == [1, 2]
        assert {a["key"] for a in detail["items"][1]["available_actions"]} == {
            "item_progress", "item_edit"}
        item_id = detail["items"][1]["id"]
        answer = api_as(kp.lead).post(
            f"/api/v1/kingsway/governance/action-plans/{plan.pk}/items/{item_id}/progress/",
            {"status": "ongoing", "reviewed": True, "review_on": "2027-08-01"}, format="json")
        assert answer.status_code == 200
        assert answer.json()["items"][1]["review_on"] == "2027-08-01"
        assert [a["key"] for a in answer.json()["items"][1]["available_actions"]] == [
            "item_progress"]


def test_a_plans_page_reads_a_fixed_number_of_queries(client, kp,
                                                      django_assert_max_num_queries):
    with at("2026-11-02"):
        plan, _ = plan_with_item(kp, due=d("2026-12-01"))
        for n in range(25):
            plans.action_item_add(plan=plan, actor=kp.officer, action=f"Action {n}",
                                  lead=kp.lead if n % 2 else kp.colleague,
                                  review_on=d("2027-01-01"))
        client.force_login(kp.officer)
        with django_assert_max_num_queries(14):
            assert client.get(
                f"/kingsway/staff/governance/action-plans/{plan.pk}/").status_code == 200
        with django_assert_max_num_queries(12):
            assert api_as(kp.officer).get(
                f"/api/v1/kingsway/governance/action-plans/{plan.pk}/").status_code == 200
        with django_assert_max_num_queries(10):
            assert client.get("/kingsway/staff/governance/action-plans/").status_code == 200
