"""Time limits, closure days, role labels and academic terms change only through
institutions/services/settings.py, each change audited with its old and new values
(issue 8 §4)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from institutions.models import AcademicTerm, ClosureDay, RoleLabel, TimeLimit
from institutions.procedure import Cohort, Rule, Unit
from institutions.selectors import time_limit_for
from institutions.services import settings
from tests.audit_support import actions, events
from tests.core.test_admin import errors_of, institution_form, management

pytestmark = pytest.mark.django_db


def limit(institution, cohort=Cohort.STANDARD):
    return TimeLimit.objects.for_institution(institution).get(rule=Rule.INFORMAL_RESOLUTION,
                                                             cohort=cohort)


def test_changing_a_time_limit_records_old_and_new(kingsway, kingsway_admin):
    settings.time_limit_set(institution=kingsway, actor=kingsway_admin,
                            rule=Rule.INFORMAL_RESOLUTION, cohort=Cohort.STANDARD, amount=20,
                            unit=Unit.WORKING_DAYS, reference="§25")

    assert limit(kingsway).amount == 20
    [event] = events(kingsway)
    assert event.action == "institutions.time_limit_changed"
    assert (event.changes["rule"], event.changes["cohort"]) == (Rule.INFORMAL_RESOLUTION,
                                                                Cohort.STANDARD)
    assert event.changes["changed"] == {"amount": {"from": 15, "to": 20}}


def test_a_cohorts_own_limit_is_added_and_removed(kingsway, kingsway_admin):
    settings.time_limit_set(institution=kingsway, actor=kingsway_admin,
                            rule=Rule.INFORMAL_RESOLUTION, cohort=Cohort.SUMMER_SCHOOL,
                            amount=5, unit=Unit.WORKING_DAYS)
    assert time_limit_for(institution=kingsway, rule=Rule.INFORMAL_RESOLUTION,
                          cohort=Cohort.SUMMER_SCHOOL).amount == 5

    settings.time_limit_remove(time_limit=limit(kingsway, Cohort.SUMMER_SCHOOL),
                               actor=kingsway_admin)
    assert time_limit_for(institution=kingsway, rule=Rule.INFORMAL_RESOLUTION,
                          cohort=Cohort.SUMMER_SCHOOL).amount == 15  # the standard one again
    added, removed = events(kingsway)
    assert (added.action, added.changes["old"], added.changes["new"]["amount"]) == (
        "institutions.time_limit_changed", None, 5)
    assert (removed.action, removed.changes["old"]["amount"]) == (
        "institutions.time_limit_removed", 5)


@pytest.mark.parametrize(("values", "field"), [
    ({"amount": 0, "unit": Unit.WORKING_DAYS}, "amount"),
    ({"amount": 10, "unit": "fortnights"}, "unit"),
])
def test_a_bad_time_limit_names_the_field_and_writes_nothing(kingsway, kingsway_admin, values,
                                                             field):
    with pytest.raises(ValidationError) as refused:
        settings.time_limit_set(institution=kingsway, actor=kingsway_admin,
                                rule=Rule.INFORMAL_RESOLUTION, cohort=Cohort.STANDARD, **values)
    assert field in refused.value.message_dict
    assert limit(kingsway).amount == 15
    assert events(kingsway) == []


@pytest.mark.parametrize("who", ["outsider", "decision_maker"])
def test_only_this_institutions_admin_may_change_its_settings(request, kingsway, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        settings.time_limit_set(institution=kingsway, actor=actor, rule=Rule.INFORMAL_RESOLUTION,
                                cohort=Cohort.STANDARD, amount=99, unit=Unit.WORKING_DAYS)
    with pytest.raises(PermissionDenied):
        settings.closure_day_add(institution=kingsway, actor=actor, date=dt.date(2026, 12, 24))
    with pytest.raises(PermissionDenied):
        settings.role_label_set(institution=kingsway, actor=actor, role=Role.DECISION_MAKER,
                                label="Overlord")
    assert limit(kingsway).amount == 15
    assert not ClosureDay.objects.for_institution(kingsway).exists()
    assert events(kingsway) == []


def test_closure_days_are_added_changed_and_removed_with_their_values(kingsway, kingsway_admin):
    day = settings.closure_day_add(institution=kingsway, actor=kingsway_admin,
                                   date=dt.date(2026, 12, 24), reason="Christmas Eve")
    settings.closure_day_change(closure_day=day, actor=kingsway_admin,
                                date=dt.date(2026, 12, 23), reason="Christmas Eve")
    settings.closure_day_remove(closure_day=day, actor=kingsway_admin)

    added, changed, removed = events(kingsway)
    assert added.changes["new"] == {"date": "2026-12-24", "reason": "Christmas Eve"}
    assert changed.changes["changed"] == {"date": {"from": "2026-12-24", "to": "2026-12-23"}}
    assert removed.changes["old"] == {"date": "2026-12-23", "reason": "Christmas Eve"}
    assert not ClosureDay.objects.for_institution(kingsway).exists()


def test_a_second_closure_day_on_the_same_date_is_refused(kingsway, kingsway_admin):
    settings.closure_day_add(institution=kingsway, actor=kingsway_admin,
                             date=dt.date(2026, 12, 24))
    with pytest.raises(ValidationError):
        settings.closure_day_add(institution=kingsway, actor=kingsway_admin,
                                 date=dt.date(2026, 12, 24))
    assert ClosureDay.objects.for_institution(kingsway).count() == 1
    assert actions(kingsway) == ["institutions.closure_day_added"]


def test_a_role_label_is_set_and_reset_to_the_default(kingsway, kingsway_admin):
    settings.role_label_set(institution=kingsway, actor=kingsway_admin,
                            role=Role.DECISION_MAKER, label="Academic Registrar")
    assert kingsway.role_label(Role.DECISION_MAKER) == "Academic Registrar"
    settings.role_label_remove(
        role_label=RoleLabel.objects.for_institution(kingsway).get(role=Role.DECISION_MAKER),
        actor=kingsway_admin)
    changed, removed = events(kingsway)
    assert changed.action == "institutions.role_label_changed"
    assert changed.changes["role"] == Role.DECISION_MAKER
    assert changed.changes["changed"]["label"]["to"] == "Academic Registrar"
    assert removed.action == "institutions.role_label_removed"

    with pytest.raises(ValidationError) as refused:
        settings.role_label_set(institution=kingsway, actor=kingsway_admin,
                                role=Role.CLERK, label="  ")
    assert "label" in refused.value.message_dict


def test_academic_terms_and_a_term_that_ends_before_it_starts(kingsway, kingsway_admin):
    term = settings.academic_term_add(institution=kingsway, actor=kingsway_admin,
                                      name="Michaelmas 2026", start=dt.date(2026, 9, 28),
                                      end=dt.date(2026, 12, 11))
    with pytest.raises(ValidationError) as refused:
        settings.academic_term_update(term=term, actor=kingsway_admin, name=term.name,
                                      start=dt.date(2026, 9, 28), end=dt.date(2026, 9, 1))
    assert refused.value.message_dict == {"end": ["A term cannot end before it starts."]}
    term.refresh_from_db()
    assert term.end == dt.date(2026, 12, 11)
    settings.academic_term_remove(term=term, actor=kingsway_admin)
    assert actions(kingsway) == ["institutions.academic_term_added",
                                 "institutions.academic_term_removed"]
    assert not AcademicTerm.objects.for_institution(kingsway).exists()


# -- through the admin -------------------------------------------------------------------------
def time_limit_rows(institution, **override):
    """Every time limit row of the institution's change form, as stored, ``override``
    applied to the standard informal-resolution one."""
    rows = TimeLimit.objects.for_institution(institution).order_by("pk")
    data = management("timelimit", total=len(rows), initial=len(rows))
    for i, row in enumerate(rows):
        values = {"id": row.pk, "rule": row.rule, "cohort": row.cohort, "amount": row.amount,
                  "unit": row.unit, "reference": row.reference}
        if (row.rule, row.cohort) == (Rule.INFORMAL_RESOLUTION, Cohort.STANDARD):
            values.update(override)
        data.update({f"timelimit-{i}-{k}": str(v) for k, v in values.items()})
    return data


def test_a_time_limit_changed_in_the_admin_is_recorded_with_old_and_new(client, kingsway,
                                                                       kingsway_admin):
    client.force_login(kingsway_admin)
    data = institution_form(kingsway, **management("closureday"))
    data.update(time_limit_rows(kingsway, amount=12))
    response = client.post(f"/admin/institutions/institution/{kingsway.pk}/change/", data)
    assert response.status_code == 302, errors_of(response)

    assert limit(kingsway).amount == 12
    [event] = events(kingsway)
    assert event.action == "institutions.time_limit_changed"
    assert event.changes["changed"] == {"amount": {"from": 15, "to": 12}}
    assert event.actor == kingsway_admin


def test_a_time_limit_of_zero_is_a_form_error_in_the_admin(client, kingsway, kingsway_admin):
    client.force_login(kingsway_admin)
    data = institution_form(kingsway, **management("closureday"))
    data.update(time_limit_rows(kingsway, amount=0))
    response = client.post(f"/admin/institutions/institution/{kingsway.pk}/change/", data)
    assert response.status_code == 200
    assert "A time limit is at least 1." in response.text
    assert limit(kingsway).amount == 15
    assert events(kingsway) == []
