"""004's sanctions table: "Head of School or nominee" may impose a reprimand, a formal written
warning, a written apology, training and payment for damages; nothing more. Midshire's
informal route imposes under that power (``CaseSettings.informal_authority``)."""

import pytest

from cases.models import Authority, PenaltyAuthority, PenaltyType
from cases.services.common import TransitionError

from . import rules_support
from .rules_support import informal_misconduct, on, to_informal

pytestmark = pytest.mark.django_db

midshire = rules_support.midshire  # conftest's fixture fails; see rules_support


def powers(inst, authority):
    return set(PenaltyAuthority.objects.for_institution(inst).filter(authority=authority)
               .values_list("penalty_type__code", flat=True))


def test_head_of_school_may_impose_sanctions_table_penalties(midshire, kingsway):
    assert powers(midshire, Authority.HEAD_OF_SCHOOL) == {
        "reprimand", "written_warning", "apology", "training", "damages"}
    assert powers(midshire, Authority.INFORMAL_OFFICER) == set()
    assert powers(kingsway, Authority.HEAD_OF_SCHOOL) == set()


def test_midshire_informal_outcome_imposes_under_the_head_of_schools_power(
        midshire, ms, django_capture_on_commit_callbacks):
    with on("2026-12-01", django_capture_on_commit_callbacks):
        case = to_informal(midshire, ms)
        with pytest.raises(TransitionError, match="beyond the power of the Head of School"):
            informal_misconduct(case, ms, penalties=[{"code": "fine", "amount": "100"}])
        outcome = informal_misconduct(case, ms, penalties=[{"code": "reprimand"}])
    assert outcome.authority == Authority.HEAD_OF_SCHOOL


def test_data_migration_gives_existing_004_institutions_the_head_of_school(midshire):
    """0012_head_of_school_authority, run on a Midshire set up before it."""
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from cases.models import CaseSettings

    reprimand = PenaltyType.objects.for_institution(midshire).get(code="reprimand")
    PenaltyAuthority.objects.for_institution(midshire).filter(
        authority=Authority.HEAD_OF_SCHOOL).delete()
    PenaltyAuthority.objects.create(institution=midshire, penalty_type=reprimand,
                                    authority=Authority.INFORMAL_OFFICER)
    CaseSettings.objects.for_institution(midshire).update(
        appeal_route="committee", reporting_party_review=False,
        informal_authority=Authority.INFORMAL_OFFICER)
    migration = import_module("cases.migrations.0012_head_of_school_authority")
    state = MigrationExecutor(connection).loader.project_state(
        [("cases", "0012_head_of_school_authority")])
    migration.forwards(state.apps, None)
    CaseSettings.forget(midshire)
    assert "reprimand" in powers(midshire, Authority.HEAD_OF_SCHOOL)
    assert powers(midshire, Authority.INFORMAL_OFFICER) == set()
    settings = CaseSettings.of(midshire)
    assert (settings.appeal_route, settings.reporting_party_review,
            settings.informal_authority) == ("designated_member", True, "head_of_school")
