"""A case at the investigation with a respondent, a reporting party and a witness, their
statements and the letter to the respondent; a named report and an anonymous one; and the
data protection officers of both institutions."""

import datetime as dt

import pytest

from accounts.roles import Role
from cases.services.investigation import allegation_notice_issue, statement_record
from cases.services.setup import disciplinary_catalogue_apply
from reporting.services.setup import reporting_defaults_apply
from reporting.services.submission import report_submit

from ..cases.conftest import Staff, case_data
from ..cases.rules_support import at, d, on, to_investigation
from ..factories import InstitutionFactory, staff

RESPONDENT = {"name": "Alex Sample", "email": "a.sample@student.test", "student_id": "20260001"}
#: Everything that identifies someone other than the respondent.
OTHERS = ["Sam Reporter", "s.reporter@student.test", "20269999", "Jamie Witness",
          "j.witness@student.test", "20268888", "Jo Bloggs", "20230042"]


@pytest.fixture
def kingsway(db):
    inst = InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")
    disciplinary_catalogue_apply(institution=inst, shape="002")
    reporting_defaults_apply(institution=inst)
    return inst


@pytest.fixture
def midshire(db):
    inst = InstitutionFactory(slug="midshire", name="University of Midshire")
    reporting_defaults_apply(institution=inst)
    return inst


@pytest.fixture
def ks(kingsway):
    return Staff(kingsway)


@pytest.fixture
def dpo(kingsway):
    return staff(kingsway, Role.DATA_PROTECTION, email="dpo@kingsway.test")


@pytest.fixture
def dpo2(kingsway):
    return staff(kingsway, Role.DATA_PROTECTION, email="dpo2@kingsway.test")


@pytest.fixture
def outsider(midshire):
    return staff(midshire, Role.DATA_PROTECTION, Role.DECISION_MAKER, Role.INSTITUTION_ADMIN,
                 email="dpo@midshire.test")


def party(case, kind):
    return case.parties.get(kind=kind)


@pytest.fixture
def case(kingsway, ks, django_capture_on_commit_callbacks):
    parties = [{"kind": "reporting_party", "name": "Sam Reporter",
                "email": "s.reporter@student.test", "student_id": "20269999",
                "identity_withheld": True},
               {"kind": "witness", "name": "Jamie Witness", "email": "j.witness@student.test",
                "student_id": "20268888"}]
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks, parties=parties,
                                summary="Sam Reporter says Alex Sample sent messages.")
    with on("2026-11-05", django_capture_on_commit_callbacks):
        allegation_notice_issue(case=case, actor=ks.investigator,
                                particulars="Messages sent over three weeks in hall.",
                                respond_by=d("2026-11-16"))
        statement_record(case=case, actor=ks.investigator, given_by="respondent",
                         taken_on=d("2026-11-05"),
                         text="I did not send them. Sam Reporter knows I was away.")
        statement_record(case=case, actor=ks.investigator, given_by="witness",
                         party=party(case, "witness").pk, taken_on=d("2026-11-05"),
                         text="I, Jamie Witness, saw Alex Sample message Sam Reporter.")
        statement_record(case=case, actor=ks.investigator, given_by="reporting_party",
                         party=party(case, "reporting_party").pk, taken_on=d("2026-11-05"),
                         text="Alex Sample (20260001) messaged me, Sam Reporter, every night.")
    return case


@pytest.fixture
def anonymous_report(kingsway):
    """An anonymous report by the respondent naming Jo Bloggs, and its receipt."""
    with at("2026-11-02"):
        submitted = report_submit(institution=kingsway, data={
            "reporter_role": "student", "perspective": "self", "categories": ["harassment"],
            "when": "last_week", "location": "hall", "location_detail": "Block C kitchen",
            "involved": [{"name": "Jo Bloggs", "student_id": "20230042", "role": "student"}],
            "narrative": "Jo Bloggs kept sending me messages.", "wants": ["support"],
            "anonymous": True})
    return submitted.report, submitted.receipt


__all__ = ["OTHERS", "RESPONDENT", "case_data", "dt"]
