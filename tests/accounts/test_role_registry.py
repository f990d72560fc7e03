"""Roles are registered by the app whose work they are (issue 8 §3): the precautionary group's
role is the precautionary app's, and accounts does not list it."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts import services
from accounts.models import MembershipRole
from accounts.roles import (
    Role,
    RoleSpec,
    register_roles,
    role_choices,
    role_description,
    role_generic_label,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_precautionary_groups_role_comes_from_the_precautionary_app():
    assert "precautionary_group" not in Role.values
    assert ("precautionary_group", "Precautionary group member") in role_choices()
    assert role_description("precautionary_group").startswith("Assess risk")
    assert role_generic_label("decision_maker") == "Decision maker"


def test_a_registered_role_can_be_granted_and_is_named_in_the_institutions_words(
        kingsway, kingsway_admin):
    member = services.membership_add(institution=kingsway, user=UserFactory(),
                                      actor=kingsway_admin)
    services.role_grant(membership=member, role="precautionary_group", actor=kingsway_admin)
    assert MembershipRole.objects.for_institution(kingsway).filter(
        membership=member, role="precautionary_group").exists()
    assert kingsway.role_label("precautionary_group") == "Precautionary group member"


def test_a_role_cannot_be_claimed_by_two_apps():
    with pytest.raises(ImproperlyConfigured, match="decision_maker"):
        register_roles("precautionary", [RoleSpec("decision_maker", "Another")])
