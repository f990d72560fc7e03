"""The people of the governance registers at both institutions (an HR partner, a governance
officer, the institution admin, staff who declare, own or lead, a bystander with no part) and
short ways to make rows through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from governance.roles import GOVERNANCE_OFFICER, HR_PARTNER
from governance.services import declarations, plans

from ..cases.rules_support import at, d
from ..factories import InstitutionFactory, staff

__all__ = ["at", "d"]


@pytest.fixture
def kingsway(db):
    return InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")


@pytest.fixture
def midshire(db):
    return InstitutionFactory(slug="midshire", name="University of Midshire")


class People:
    def __init__(self, inst):
        s = inst.slug
        self.inst = inst
        self.hr = staff(inst, HR_PARTNER, email=f"hr@{s}.test")
        self.hr2 = staff(inst, HR_PARTNER, email=f"hr2@{s}.test")
        self.officer = staff(inst, GOVERNANCE_OFFICER, email=f"officer@{s}.test")
        self.admin = staff(inst, Role.INSTITUTION_ADMIN, email=f"admin@{s}.test")
        self.lecturer = staff(inst, email=f"lecturer@{s}.test")
        self.colleague = staff(inst, email=f"colleague@{s}.test")
        self.lead = staff(inst, email=f"lead@{s}.test")
        self.bystander = staff(inst, Role.SUPPORT_CASEWORKER, email=f"bystander@{s}.test")


@pytest.fixture
def kp(kingsway):
    return People(kingsway)


@pytest.fixture
def mp(midshire):
    return People(midshire)


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


STUDENT = {"person_name": "Alex Sample", "person_student_id": "20260001",
           "person_email": "a.sample@student.test"}


def declare(people: People, who=None, **values):
    """A declaration by ``who`` (the lecturer) about a student, no involvement."""
    who = who or people.lecturer
    return declarations.relationship_declare(
        institution=people.inst, actor=who,
        **{"nature": "personal", "details": "Alex is my niece.", **STUDENT, **values})


def plan_with_item(people: People, *, due: dt.date | None = None,
                   review: dt.date | None = None, lead=None):
    plan = plans.action_plan_create(institution=people.inst, actor=people.officer,
                                    title="Prevent duty action plan", owner=people.officer)
    item = plans.action_item_add(
        plan=plan, actor=people.officer, guidance_paragraphs="22, 24", risk_refs="3, 4",
        action="Provide initial or refresher staff training as necessary.",
        timing="Focus training on residence wardens.", lead=lead or people.lead,
        lead_description="H-RACU", status="in_progress", due_on=due, review_on=review)
    return plan, item
