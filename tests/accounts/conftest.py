import pytest

from accounts.roles import Role
from institutions.models import RoleLabel


@pytest.fixture
def midshire_labels(midshire):
    """Midshire calls its decision maker the Academic Registrar (Leicester's name)."""
    RoleLabel.objects.for_institution(midshire).update_or_create(
        institution=midshire, role=Role.DECISION_MAKER,
        defaults={"label": "Academic Registrar"})
    return midshire
