"""Appendix C of the 002 procedure: the penalties its table lists besides §49 and §62 -
no contact or restricted contact with specified persons, a final written warning, and
restrictions/conditions - are in Kingsway's catalogue, for the Secretary and the Board (major
misconduct is decided formally, §25), and migration 0010 adds them to existing 002 catalogues."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from cases.models import Authority, PenaltyAuthority, PenaltyType
from cases.services.common import TransitionError
from cases.services.penalties import penalties_check

from .rules_support import at, midshire, to_investigation, uphold

__all__ = ["midshire"]

pytestmark = pytest.mark.django_db

APPENDIX_C = {"no_contact", "final_written_warning", "restrictions"}


def authorities(inst, code):
    return set(PenaltyAuthority.objects.for_institution(inst)
               .filter(penalty_type__code=code).values_list("authority", flat=True))


def test_kingsway_catalogue_has_the_appendix_c_penalties(kingsway):
    rows = {p.code: p for p in PenaltyType.objects.for_institution(kingsway)
            .filter(code__in=APPENDIX_C)}
    assert set(rows) == APPENDIX_C
    assert rows["no_contact"].name == ("Require the student to have no contact, or restricted "
                                       "contact, with a specified person or persons")
    assert rows["final_written_warning"].name == "Final written warning"
    for code in APPENDIX_C:
        assert rows[code].reference == "Appendix C"
        assert authorities(kingsway, code) == {Authority.DECISION_MAKER, Authority.BOARD}


def test_the_secretary_may_impose_no_contact_and_restrictions_appendix_c(kingsway, ks):
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
        outcome = uphold(case, ks, penalties=[
            {"code": "no_contact", "details": "Sam Reporter"},
            {"code": "restrictions", "details": "No entry to Hall A"},
            {"code": "final_written_warning"}])
    assert {p.penalty_type.code for p in outcome.penalties.all()} == APPENDIX_C


def test_the_informal_officer_may_not_impose_a_final_written_warning_appendix_c(kingsway, ks):
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    with pytest.raises(TransitionError):
        penalties_check(case=case, authority=Authority.INFORMAL_OFFICER,
                        penalties=[{"code": "final_written_warning"}])


def test_midshire_catalogue_is_not_given_kingsways_appendix_c(midshire):
    codes = set(PenaltyType.objects.for_institution(midshire).values_list("code", flat=True))
    assert not codes & APPENDIX_C


def test_migration_adds_appendix_c_to_existing_002_catalogues_only(kingsway, midshire):
    PenaltyType.objects.for_institution(kingsway).filter(code__in=APPENDIX_C).delete()
    state = MigrationLoader(connection).project_state(("cases", "0010_appendix_c_penalties"))
    migration = importlib.import_module("cases.migrations.0010_appendix_c_penalties")
    migration.add_appendix_c(state.apps, None)
    migration.add_appendix_c(state.apps, None)  # a second run adds nothing
    added = PenaltyType.objects.for_institution(kingsway).filter(code__in=APPENDIX_C)
    assert set(added.values_list("code", flat=True)) == APPENDIX_C
    assert added.count() == 3
    for code in APPENDIX_C:
        assert authorities(kingsway, code) == {Authority.DECISION_MAKER, Authority.BOARD}
    assert not PenaltyType.objects.for_institution(midshire).filter(
        code__in=APPENDIX_C).exists()
