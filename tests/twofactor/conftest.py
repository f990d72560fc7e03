import pytest
from django.test import Client
from rest_framework.test import APIClient


def unverified(client, user):
    """Sign ``user`` in with a password-like local session that has *not* verified a second
    factor (the autouse fixture in tests/conftest.py verifies every other force_login)."""
    client.second_factor_unverified = True
    client.force_login(user)
    return client


@pytest.fixture
def fresh_client():
    return Client()


@pytest.fixture
def fresh_api():
    return APIClient()
