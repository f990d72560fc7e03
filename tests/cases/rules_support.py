"""Helpers for the rule tests (tests/cases/test_rules_*.py): "today" with time-machine, and
short ways to walk a case through the services to the stage a rule is about."""

from __future__ import annotations

import contextlib
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.roles import Role
from audit.models import AuditEvent
from cases.models import Case, CaseRole, Letter
from cases.services.appeals import appeal_lodge
from cases.services.board import board_decide, board_record_hearing, board_send_notice
from cases.services.common import assign
from cases.services.intake import case_decide_intake, case_open
from cases.services.outcomes import formal_decide, informal_outcome
from cases.services.setup import disciplinary_catalogue_apply
from institutions.demo import MIDSHIRE_LIMITS, MIDSHIRE_REMOVED
from institutions.models import Deadline, RoleLabel, TimeLimit
from institutions.selectors import deadlines_for

from ..factories import InstitutionFactory
from .conftest import case_data, minor


@pytest.fixture
def midshire(db):
    """Midshire as tests/cases/conftest.py builds it. conftest's fixture *creates* the
    Academic Registrar label, which the institution's defaults already have (IntegrityError);
    test modules import this one to override it until conftest is fixed."""
    return midshire_institution()


def midshire_institution():
    """Midshire with the 004 procedure: the Academic Registrar, 004's time limits, its
    catalogue (for fixtures and for browser journeys, which make their own data)."""
    inst = InstitutionFactory(slug="midshire", name="University of Midshire")
    RoleLabel.objects.for_institution(inst).update_or_create(
        institution=inst, role=Role.DECISION_MAKER, defaults={"label": "Academic Registrar"})
    TimeLimit.objects.for_institution(inst).filter(rule__in=MIDSHIRE_REMOVED).delete()
    for rule, cohort, amount, unit, ref in MIDSHIRE_LIMITS:
        TimeLimit.objects.for_institution(inst).update_or_create(
            institution=inst, rule=rule, cohort=cohort,
            defaults={"amount": amount, "unit": unit, "reference": ref})
    disciplinary_catalogue_apply(institution=inst, shape="004")
    return inst

LONDON = ZoneInfo("Europe/London")


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def at(day: str | dt.date, hour: int = 11):
    """Freeze "today" at ``day`` (late morning, London)."""
    day = d(day) if isinstance(day, str) else day
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON),
                               tick=False)


@contextlib.contextmanager
def on(day, capture):
    """``day`` is today, and letters queued on commit are rendered as they would be."""
    with at(day), capture(execute=True):
        yield


def reload(case: Case) -> Case:
    return Case.objects.for_institution(case.institution_id).get(pk=case.pk)


def deadlines(case: Case, rule: str) -> list[Deadline]:
    return [x for x in deadlines_for(institution=case.institution, subject=case)
            if x.rule == rule]


def deadline(case: Case, rule: str) -> Deadline:
    """The latest deadline of ``rule`` on the case."""
    found = deadlines(case, rule)
    assert found, f"no {rule} deadline on {case}"
    return found[-1]


def actions(case: Case) -> list[str]:
    return list(AuditEvent.objects.for_institution(case.institution_id)
                .filter(object_type="cases.case", object_id=str(case.pk))
                .order_by("sequence").values_list("action", flat=True))


def letters(case: Case, kind: str | None = None) -> list[Letter]:
    qs = Letter.objects.for_institution(case.institution_id).filter(case=case)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("pk"))


def open_case(inst, actor, *, severity: str = "major", **overrides) -> Case:
    data = case_data(**overrides) if severity == "major" else minor(**overrides)
    return case_open(institution=inst, actor=actor, **data)


def cohort(name: str, student_id: str = "20260001") -> dict:
    return {"respondent": {"student_id": student_id, "given_name": "Alex",
                           "family_name": "Sample", "email": "a.sample@student.test",
                           "cohort": name, "registration_status": "registered"}}


def to_investigation(inst, st, **overrides) -> Case:
    case = open_case(inst, st.secretary, **overrides)
    case = case_decide_intake(case=case, actor=st.secretary, route="formal",
                              reasons="Needs investigation")
    assign(case=case, user=st.investigator, role=CaseRole.INVESTIGATOR, by=st.secretary)
    return case


def to_informal(inst, st, **overrides) -> Case:
    case = open_case(inst, st.secretary, severity="minor", **overrides)
    case = case_decide_intake(case=case, actor=st.secretary, route="informal",
                              reasons="Minor matter")
    assign(case=case, user=st.officer, role=CaseRole.INFORMAL_OFFICER, by=st.secretary)
    return case


def informal_misconduct(case: Case, st, penalties=None):
    return informal_outcome(case=case, actor=st.officer, misconduct_found=True,
                            reasons="The remarks were made.", actions_taken="Met both parties",
                            penalties=penalties if penalties is not None
                            else [{"code": "apology"}])


def uphold(case: Case, st, penalties=None, **kwargs):
    return formal_decide(case=case, actor=st.secretary, result="uphold", reasons="Proven",
                         considered_previous_record=True,
                         penalties=penalties if penalties is not None
                         else [{"code": "written_warning"}], **kwargs)


BOARD = ((CaseRole.BOARD_CHAIR, "chair"), (CaseRole.BOARD_SU_OFFICER, "su"),
         (CaseRole.BOARD_ACADEMIC, "academic"))


def to_board(case: Case, st, places=BOARD) -> Case:
    formal_decide(case=case, actor=st.secretary, result="refer_to_board",
                  reasons="Major misconduct")
    assign(case=case, user=st.clerk, role=CaseRole.CLERK, by=st.secretary)
    for role, name in places:
        assign(case=case, user=getattr(st, name), role=role, by=st.secretary)
    return reload(case)


def send_notice(case: Case, st, hearing: str, **kwargs):
    return board_send_notice(case=case, actor=st.clerk, hearing_date=d(hearing),
                             hearing_format="in_person", arrangements="Room 1.01, 10am",
                             evidence_summary="Messages and two statements",
                             documents="Screenshots\nStatements", **kwargs)


def votes(st, offence=(True, True, True), penalties=(("suspension",),) * 3,
          members=("chair", "su", "academic"), amounts=None):
    out = []
    for name, found, codes in zip(members, offence, penalties, strict=True):
        vote = {"member": getattr(st, name).pk, "offence_committed": found,
                "penalties": list(codes)}
        if amounts:
            vote["amounts"] = amounts
        out.append(vote)
    return out


def hold_and_decide(case: Case, st, **vote_kwargs):
    board_record_hearing(case=case, actor=st.clerk, result="held")
    return board_decide(case=case, actor=st.clerk, votes=votes(st, **vote_kwargs),
                        reasons="The Board found the messages were sent.")


def lodge(case: Case, st, received: str, late_reason: str = "", grounds=("bias",)):
    return appeal_lodge(case=case, actor=st.clerk, received_on=d(received),
                        grounds=list(grounds), summary="The decision was biased.",
                        decision_received_on=d(received), contact="a.sample@student.test",
                        late_reason=late_reason)


def staff_member(inst, *roles):
    """A member of staff with ``roles`` and no training."""
    from ..factories import staff

    return staff(inst, *roles, email=f"untrained-{'-'.join(roles)}@{inst.slug}.test")


from .conftest import Staff, qualified  # noqa: E402,F401  # re-exported for rule tests
