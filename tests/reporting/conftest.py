import pytest

from accounts.roles import Role
from reporting.services.setup import reporting_defaults_apply

from ..factories import InstitutionFactory, staff


@pytest.fixture
def kingsway(db):
    inst = InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")
    reporting_defaults_apply(institution=inst)
    return inst


@pytest.fixture
def midshire(db):
    inst = InstitutionFactory(slug="midshire", name="University of Midshire")
    reporting_defaults_apply(institution=inst)
    return inst


@pytest.fixture
def caseworker(kingsway):
    return staff(kingsway, Role.SUPPORT_CASEWORKER, email="cw@kingsway.test")


@pytest.fixture
def caseworker2(kingsway):
    return staff(kingsway, Role.SUPPORT_CASEWORKER, email="cw2@kingsway.test")


@pytest.fixture
def bystander(kingsway):
    """Same institution, no need-to-know."""
    return staff(kingsway, Role.SAFE_CONTACT, email="bystander@kingsway.test")


@pytest.fixture
def outsider(midshire):
    return staff(midshire, Role.SUPPORT_CASEWORKER, email="cw@midshire.test")


def submission(**overrides):
    data = {
        "reporter_role": "student", "perspective": "self", "categories": ["harassment"],
        "when": "last_week", "location": "hall", "location_detail": "Block C kitchen",
        "involved": [{"name": "Jo Bloggs", "student_id": "20230042", "role": "student"}],
        "narrative": "He kept sending me messages after I asked him to stop.",
        "wants": ["support"], "anonymous": True,
    }
    data.update(overrides)
    return data


def named(**overrides):
    return submission(anonymous=False, contact_name="Sam Reporter",
                      contact_email="sam@student.test", preferred_contact="email", **overrides)
