"""The disciplinary personas (tests/cases) for the delivery tests of letters."""

import pytest

from ..cases.conftest import kingsway, ks, ms  # noqa: F401 - fixtures
from ..cases.rules_support import midshire  # noqa: F401 - fixture


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks
