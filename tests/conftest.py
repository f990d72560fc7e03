import pytest
from rest_framework.test import APIClient

from accounts.roles import Role

from .factories import InstitutionFactory, staff


@pytest.fixture
def kingsway(db):
    return InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")


@pytest.fixture
def midshire(db):
    return InstitutionFactory(slug="midshire", name="University of Midshire")


@pytest.fixture
def caseworker(kingsway):
    return staff(kingsway, Role.SUPPORT_CASEWORKER, email="caseworker@kingsway.test")


@pytest.fixture
def decision_maker(kingsway):
    return staff(kingsway, Role.DECISION_MAKER, email="secretary@kingsway.test")


@pytest.fixture
def kingsway_admin(kingsway):
    user = staff(kingsway, Role.INSTITUTION_ADMIN, email="admin@kingsway.test")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def outsider(midshire):
    """A member of the *other* institution, who must see nothing of Kingsway."""
    return staff(midshire, Role.DECISION_MAKER, Role.INSTITUTION_ADMIN,
                 email="registrar@midshire.test")


@pytest.fixture
def api():
    return APIClient()


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client
