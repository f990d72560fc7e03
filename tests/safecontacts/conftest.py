"""Both demo-shaped institutions with the training catalogue and terms, the people of the
scheme (EDI administrators, applicants, Safe Contacts, someone of the other institution) and
short ways to walk an application through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership
from accounts.roles import Role
from institutions.models import AcademicTerm
from safecontacts.models import SafeContact
from safecontacts.services.application import safe_contact_apply
from safecontacts.services.pipeline import (
    biography_write,
    chat_record,
    induction_confirm,
    safe_contact_publish,
)
from training.catalogue import training_catalogue_apply
from training.models import Completion, Module
from training.services.completions import completion_record
from training.services.roster import learner_for_membership

from ..cases.rules_support import at, d
from ..factories import InstitutionFactory, staff

__all__ = ["at", "d"]

#: 170 words.
MOTIVATION = " ".join(["listening"] * 170)
BIOGRAPHY = " ".join(["I", "listen", "in", "confidence", "and", "explain", "the", "options"] * 5)


def words(n: int) -> str:
    return " ".join(["word"] * n)


@pytest.fixture
def kingsway(db):
    inst = InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")
    training_catalogue_apply(institution=inst, shape="002")
    AcademicTerm.objects.create(institution=inst, name="Autumn term 2026",
                                start=d("2026-09-28"), end=d("2026-12-11"))
    AcademicTerm.objects.create(institution=inst, name="Winter term 2027",
                                start=d("2027-01-18"), end=d("2027-03-26"))
    return inst


@pytest.fixture
def midshire(db):
    inst = InstitutionFactory(slug="midshire", name="University of Midshire")
    training_catalogue_apply(institution=inst, shape="004")
    AcademicTerm.objects.create(institution=inst, name="Semester 1 2026/27",
                                start=d("2026-09-21"), end=d("2027-01-22"))
    return inst


class People:
    def __init__(self, inst):
        s = inst.slug
        self.inst = inst
        self.edi = staff(inst, Role.EDI_ADMIN, email=f"edi@{s}.test")
        self.edi2 = staff(inst, Role.EDI_ADMIN, email=f"edi2@{s}.test")
        self.applicant = staff(inst, email=f"applicant@{s}.test")
        self.colleague = staff(inst, email=f"colleague@{s}.test")
        self.other = staff(inst, Role.SUPPORT_CASEWORKER, email=f"caseworker@{s}.test")
        self.convener = staff(inst, Role.DECISION_MAKER, email=f"secretary@{s}.test")


@pytest.fixture
def kp(kingsway):
    return People(kingsway)


@pytest.fixture
def mp(midshire):
    return People(midshire)


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def apply(inst, user, **overrides) -> SafeContact:
    values = {"full_name": str(user), "email": user.email, "job_title": "Lecturer",
              "department": "Department of Economics", "staff_type": "academic",
              "motivation": MOTIVATION, "line_manager_permission": True,
              "sexual_violence_interest": False, "equality": {}}
    values.update(overrides)
    return safe_contact_apply(institution=inst, actor=user, **values)


def train(inst, user, key: str, on: dt.date) -> None:
    membership = Membership.objects.for_institution(inst).get(user=user)
    completion_record(learner=learner_for_membership(membership=membership),
                      module=Module.objects.for_institution(inst).get(key=key),
                      completed_on=on, source=Completion.Source.MANUAL, audit=False)


def active(inst, people: People, user, *, department="Department of Economics",
           specialisms=(), day="2026-11-02") -> SafeContact:
    """``user`` through the whole pipeline to active, on ``day``."""
    with at(day):
        record = apply(inst, user, department=department)
        chat_record(record=record, actor=people.edi, held_on=d(day),
                    staff=[people.edi, people.other])
        train(inst, user, "safe-contact-induction", d(day))
        for key in specialisms:
            train(inst, user, key, d(day))
        induction_confirm(record=record, actor=people.edi)
        biography_write(record=record, actor=user, biography=BIOGRAPHY,
                        contact_email=user.email)
        return safe_contact_publish(record=record, actor=people.edi)
