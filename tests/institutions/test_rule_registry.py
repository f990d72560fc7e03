"""Time limits are registered by the app that tracks them (issue 8 §3): institutions holds the
procedure's own rules and the registry; precautionary measures register theirs (002 §22)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from institutions.models import TimeLimit
from institutions.procedure import (
    Rule,
    RuleSpec,
    default_time_limits,
    is_window,
    register_rules,
    rule_choices,
    rule_label,
)

pytestmark = pytest.mark.django_db


def test_precautionary_limits_come_from_the_precautionary_app_not_institutions():
    assert "precautionary_appeal" not in Rule.values
    assert ("precautionary_appeal", "Appeal against precautionary measures (§22)") \
        in rule_choices()
    assert is_window("precautionary_appeal")
    assert not is_window("precautionary_review")
    assert rule_label("appeal_window") == "Appeal against formal or Board decision (§66)"


def test_precautionary_review_defaults_to_every_six_weeks_para_22(kingsway):
    limit = default_time_limits()["precautionary_review"]["standard"]
    assert (limit.amount, limit.unit) == (42, "calendar_days")
    assert TimeLimit.objects.for_institution(kingsway).filter(
        rule="precautionary_review").exists()


def test_a_rule_cannot_be_claimed_by_two_apps():
    with pytest.raises(ImproperlyConfigured, match="appeal_window"):
        register_rules("reporting", [RuleSpec("appeal_window", "Another", {})])
