"""Every route of the URL resolver has its isolation decided in tests/isolation/policy.py, so
the matrix (test_matrix) requests it; a route added without a decision fails here (issue 15
item 2). Fast: no demo, no requests."""

from __future__ import annotations

from django.test import override_settings

from . import policy
from .resolver import classification_problems

UNLISTED = "tests.isolation.urls_with_unlisted_route"


def test_every_route_has_an_isolation_class_and_every_staff_argument_a_model():
    problems = classification_problems()
    assert not problems, "\n".join(problems)


@override_settings(ROOT_URLCONF=UNLISTED)
def test_a_route_added_without_an_isolation_decision_fails_the_classification(monkeypatch):
    problems = classification_problems()
    assert any(p.startswith("reports_dashboard <slug:institution_slug>/reports-dashboard/: "
                            "no isolation class") for p in problems), problems
    assert any(p.startswith("api-widget-detail ") and "argument widget_id names no model" in p
               for p in problems), problems
    # Mapped to a model, an object argument must still look like one to the role gate.
    monkeypatch.setitem(policy.KWARG_MODELS, "case", "cases.Case")
    assert any(p.startswith("api-case-by-number ") and "argument case names an object but the "
               "role gate does not see it as one" in p for p in classification_problems())
    # Nothing else: the real routes are all decided.
    assert len(problems) == 3, problems
