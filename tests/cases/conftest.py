"""Personas for disciplinary cases, in both demo-shaped institutions: qualified staff for every
case role, plus an unqualified one and an outsider."""

import datetime as dt

import pytest

from accounts.roles import Role
from cases.models import Authority, PenaltyAuthority, PenaltyType
from cases.services.setup import disciplinary_catalogue_apply
from institutions.demo import MIDSHIRE_LIMITS, MIDSHIRE_REMOVED
from institutions.models import RoleLabel, TimeLimit

from ..factories import InstitutionFactory, staff, train


def qualify(user, institution, on=dt.date(2026, 1, 1), expires=None):
    return train(user, institution, on=on, expires=expires)


def qualified(institution, *roles, email):
    return qualify(staff(institution, *roles, email=email), institution)


@pytest.fixture
def kingsway(db):
    inst = InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")
    disciplinary_catalogue_apply(institution=inst, shape="002")
    return inst


@pytest.fixture
def midshire(db):
    inst = InstitutionFactory(slug="midshire", name="University of Midshire")
    RoleLabel.objects.for_institution(inst).update_or_create(
        institution=inst, role=Role.DECISION_MAKER, defaults={"label": "Academic Registrar"})
    TimeLimit.objects.for_institution(inst).filter(rule__in=MIDSHIRE_REMOVED).delete()
    for rule, cohort, amount, unit, ref in MIDSHIRE_LIMITS:
        TimeLimit.objects.for_institution(inst).update_or_create(
            institution=inst, rule=rule, cohort=cohort,
            defaults={"amount": amount, "unit": unit, "reference": ref})
    disciplinary_catalogue_apply(institution=inst, shape="004")
    return inst


class Staff:
    """Every case role at one institution, all qualified."""

    def __init__(self, inst):
        s = inst.slug
        self.inst = inst
        self.secretary = qualified(inst, Role.DECISION_MAKER, email=f"dm@{s}.test")
        self.secretary2 = qualified(inst, Role.DECISION_MAKER, email=f"dm2@{s}.test")
        self.officer = qualified(inst, Role.INFORMAL_RESOLUTION_OFFICER, email=f"iro@{s}.test")
        self.investigator = qualified(inst, Role.INVESTIGATOR, email=f"inv@{s}.test")
        self.clerk = qualified(inst, Role.CLERK, email=f"clerk@{s}.test")
        self.chair = qualified(inst, Role.BOARD_MEMBER, email=f"chair@{s}.test")
        self.su = qualified(inst, Role.BOARD_MEMBER, email=f"su@{s}.test")
        self.academic = qualified(inst, Role.BOARD_MEMBER, email=f"academic@{s}.test")
        self.spare = qualified(inst, Role.BOARD_MEMBER, email=f"spare@{s}.test")
        self.reviewer = qualified(inst, Role.APPEAL_REVIEWER, email=f"reviewer@{s}.test")
        self.caseworker = staff(inst, Role.SUPPORT_CASEWORKER, email=f"cw@{s}.test")
        self.untrained = staff(inst, Role.INVESTIGATOR, email=f"untrained@{s}.test")
        self.bystander = staff(inst, Role.SAFE_CONTACT, email=f"bystander@{s}.test")


@pytest.fixture
def ks(kingsway):
    return Staff(kingsway)


@pytest.fixture
def ms(midshire):
    return Staff(midshire)


def case_data(**overrides):
    data = {
        "respondent": {"student_id": "20260001", "given_name": "Alex", "family_name": "Sample",
                       "email": "a.sample@student.test", "cohort": "standard",
                       "registration_status": "registered", "programme": "BSc Economics"},
        "allegations": [{"misconduct_type": "24.6", "category": "harassment",
                         "severity": "major", "description": "Repeated abusive messages."}],
        "parties": [{"kind": "reporting_party", "name": "Sam Reporter",
                     "email": "s.reporter@student.test", "student_id": "20269999"}],
        "allegation_raised_on": dt.date(2026, 11, 2),
        "incident_date": dt.date(2026, 10, 30),
        "incident_place": "Hall of residence",
        "summary": "Messages sent over three weeks.",
    }
    data.update(overrides)
    return data


def minor(**overrides):
    return case_data(allegations=[{"misconduct_type": "24.6", "category": "harassment",
                                   "severity": "minor", "description": "Unwanted remarks."}],
                     **overrides)


def fine_authority(inst):
    return PenaltyAuthority.objects.for_institution(inst).get(
        penalty_type=PenaltyType.objects.for_institution(inst).get(code="fine"),
        authority=Authority.DECISION_MAKER)
