"""Both demo-shaped institutions with their precautionary settings and catalogues, qualified
staff for every place (tests/cases/conftest.py's Staff, plus members of the group), and short
ways to walk a matter through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import Role
from cases.models import Student
from cases.services.setup import disciplinary_catalogue_apply
from institutions.demo import MIDSHIRE_LIMITS, MIDSHIRE_REMOVED
from institutions.models import RoleLabel, TimeLimit
from precautionary.models import Matter, MatterRole, ProtectedPerson
from precautionary.roles import PRECAUTIONARY_GROUP
from precautionary.services.decisions import (
    measures_decide,
    measures_propose,
    representations_skip,
    risk_assess,
)
from precautionary.services.matters import matter_appoint, matter_open, protected_person_add
from precautionary.services.setup import precautionary_catalogue_apply

from ..cases.conftest import Staff, qualified
from ..factories import InstitutionFactory


@pytest.fixture
def kingsway(db):
    inst = InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")
    disciplinary_catalogue_apply(institution=inst, shape="002")
    precautionary_catalogue_apply(institution=inst, shape="002")
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
    precautionary_catalogue_apply(institution=inst, shape="004")
    return inst


class Group(Staff):
    """Every case role, plus three members of the group (qualified) and one untrained."""

    def __init__(self, inst):
        super().__init__(inst)
        s = inst.slug
        self.chair_pm = qualified(inst, PRECAUTIONARY_GROUP, email=f"pm-chair@{s}.test")
        self.member_pm = qualified(inst, PRECAUTIONARY_GROUP, email=f"pm-member@{s}.test")
        self.other_pm = qualified(inst, PRECAUTIONARY_GROUP, email=f"pm-other@{s}.test")
        self.reviewer2 = qualified(inst, Role.APPEAL_REVIEWER, email=f"reviewer2@{s}.test")


@pytest.fixture
def kg(kingsway):
    return Group(kingsway)


@pytest.fixture
def mg(midshire):
    return Group(midshire)


def student(inst, student_id="20260001") -> Student:
    return Student.objects.create(institution=inst, student_id=student_id, given_name="Alex",
                                  family_name="Sample", email="a.sample@student.test",
                                  address="1 Hall Road")


def convened(inst, g, *, case=None, who=None) -> Matter:
    """A matter opened by the convener with its chair and one member, a protected person and
    a risk assessment."""
    matter = matter_open(institution=inst, actor=g.secretary, student=who or student(inst),
                         reason="Reported sexual harassment in halls", grounds=["protection"],
                         case=case)
    matter_appoint(matter=matter, actor=g.secretary, user=g.chair_pm, role=MatterRole.CHAIR)
    matter_appoint(matter=matter, actor=g.secretary, user=g.member_pm, role=MatterRole.MEMBER)
    protected_person_add(matter=matter, actor=g.chair_pm, name="Sam Reporter",
                         relation=ProtectedPerson.Relation.REPORTING_STUDENT,
                         email="s.reporter@student.test")
    risk_assess(matter=matter, actor=g.member_pm, grounds=["protection", "sensitive"],
                nature="Alleged sexual assault at a party", circumstances="Same hall, same course",
                police_views="Police investigating; ask for no contact",
                witness_input="One witness saw messages", level="high")
    return reload(matter)


def no_contact(inst, matter, *, starts: dt.date, ends: dt.date | None = None) -> dict:
    code = "no_contact" if inst.slug == "kingsway" else "non_contact_order"
    person = ProtectedPerson.objects.for_institution(inst).filter(matter=matter).first()
    return {"type": code, "scope": "No contact with Sam Reporter, directly or through others",
            "conditions": "Not to enter Hall B", "protected": [person.pk], "starts_on": starts,
            "ends_on": ends}


def propose(inst, g, matter, *, starts: dt.date, ends=None, **kwargs):
    return measures_propose(
        matter=matter, actor=g.chair_pm, measures=[no_contact(inst, matter, starts=starts,
                                                              ends=ends)],
        reasons="Risk to the reporting student while the investigation runs",
        disruption_steps="Lectures recorded; tutorials moved online",
        support_offered="Student Wellbeing Service and an adviser from the Students' Union",
        **kwargs)


def decided_urgently(inst, g, matter, *, on: dt.date):
    propose(inst, g, matter, starts=on)
    representations_skip(matter=matter, actor=g.chair_pm, because="high_risk",
                         reason="The reporting student lives on the same corridor")
    return measures_decide(matter=matter, actor=g.chair_pm)


def reload(matter: Matter) -> Matter:
    return Matter.objects.for_institution(matter.institution_id).get(pk=matter.pk)
