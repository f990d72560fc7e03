"""Where precautionary measures meet cases and reports: Midshire's automatic referral, the
investigator told of the measures (§38), no Completion of Procedures with a measure in force,
and a report's request for a risk assessment taken up by the group."""

from __future__ import annotations

import pytest

from cases.models import Stage
from cases.policies import refusal_for, state_for
from cases.selectors import case_precautionary_measures
from cases.services.appeals import case_close_no_appeal, case_issue_completion_letter
from cases.services.common import TransitionError
from precautionary.models import Matter, RiskAssessmentRequest
from precautionary.services.followups import measures_end_with_case
from precautionary.services.matters import matter_open_from_request
from precautionary.services.requests import risk_assessment_request

from ..cases.rules_support import at, d, open_case, reload, to_investigation, uphold
from .conftest import convened, decided_urgently, student

pytestmark = pytest.mark.django_db


def test_midshire_refers_every_new_conduct_case(midshire, mg):
    with at("2026-11-16"):
        case = open_case(midshire, mg.secretary)
    (matter,) = Matter.objects.for_institution(midshire).filter(case=case)
    assert matter.student == case.respondent
    assert matter.stage == Matter.Stage.REFERRED
    assert matter.opened_by is None
    assert "Cause for Concern group" in matter.referral_reason


def test_kingsway_does_not_refer_automatically(kingsway, kg):
    with at("2026-11-16"):
        open_case(kingsway, kg.secretary)
    assert not Matter.objects.for_institution(kingsway).exists()


def _closed_case_with_measure(inst, g):
    with at("2026-11-16"):
        case = to_investigation(inst, g)
        matter = convened(inst, g, case=case, who=case.respondent)
        decided_urgently(inst, g, matter, on=d("2026-11-16"))
    with at("2026-11-23"):
        uphold(case, g)
    with at("2027-01-11"):
        case_close_no_appeal(case=reload(case), actor=g.secretary)
    return reload(case), matter


def test_case_cannot_complete_with_active_measure_without_reason(kingsway, kg):
    case, matter = _closed_case_with_measure(kingsway, kg)
    assert case.stage == Stage.CLOSED
    with at("2027-01-12"):
        refusal = refusal_for("completion_letter", state_for(case=case, actor=kg.secretary))
        assert refusal is not None
        assert "still in force" in refusal.message
        with pytest.raises(TransitionError, match="still in force"):
            case_issue_completion_letter(case=case, actor=kg.secretary)
        # The group records why the no-contact order continues after the case: allowed.
        measures_end_with_case(matter=matter, actor=kg.chair_pm, continue_after=True,
                               reason="The reporting student asked for no contact to continue")
        assert refusal_for("completion_letter", state_for(case=case, actor=kg.secretary)) \
            is None
        case_issue_completion_letter(case=case, actor=kg.secretary)


def test_case_completes_once_measures_are_replaced(midshire, mg):
    case, matter = _closed_case_with_measure(midshire, mg)
    with at("2027-01-12"):
        measures_end_with_case(matter=matter, actor=mg.chair_pm,
                               reason="Replaced by the final outcome")
        case_issue_completion_letter(case=case, actor=mg.secretary)
    assert set(matter.measures.values_list("status", flat=True)) == {"replaced"}


def test_investigator_sees_measures_on_the_case_not_the_assessment(kingsway, kg):
    with at("2026-11-16"):
        case = to_investigation(kingsway, kg)
        matter = convened(kingsway, kg, case=case, who=case.respondent)
        decided_urgently(kingsway, kg, matter, on=d("2026-11-16"))
    (shown,) = case_precautionary_measures(case)
    assert shown.type == "No contact with named people"
    assert shown.scope.startswith("No contact with Sam Reporter")
    assert shown.starts_on == d("2026-11-16")
    assert set(vars(shown)) == {"type", "scope", "starts_on", "ends_on", "status"}
    for secret in ("Alleged sexual assault", "Police investigating", "high",
                   "Risk to the reporting student"):
        assert secret not in repr(shown)




def test_case_request_becomes_a_matter_taken_up_by_the_group(kingsway, kg):
    with at("2026-11-16"):
        case = open_case(kingsway, kg.secretary)
        request = risk_assessment_request(institution=kingsway, actor=kg.secretary, case=case,
                                          reason="Threats reported by the reporting student")
        matter = matter_open_from_request(request=request, actor=kg.chair_pm,
                                          student=case.respondent, grounds=["protection"])
    request.refresh_from_db()
    assert request.status == RiskAssessmentRequest.Status.IN_PROGRESS
    assert matter.origin_request == request
    assert matter.case == case
    assert matter.members.get().user == kg.chair_pm  # who takes it up chairs it
    with at("2026-11-16"), pytest.raises(Exception, match="already been taken up"):
        matter_open_from_request(request=request, actor=kg.chair_pm,
                                 student=student(kingsway, "20260009"))
