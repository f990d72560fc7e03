"""004: a reporting student "is not able to submit an appeal", but may "request an informal
review of the decision or the disciplinary process", directly or through their Standing
Together caseworker; someone independent reviews it for learning, and it "will not change the
outcome". 004 gives no time limit for asking. Kingsway's procedure (002) has no such review:
each institution's configuration (``CaseSettings.reporting_party_review``) decides."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from cases.models import CaseRole, InformalReview, LetterKind, Outcome, Party, Stage
from cases.services.appeals import case_close_no_appeal
from cases.services.common import TransitionError
from cases.services.informal_reviews import informal_review_complete, informal_review_request

from . import rules_support
from .conftest import qualified
from .rules_support import d, letters, on, reload, to_investigation, uphold

pytestmark = pytest.mark.django_db

midshire = rules_support.midshire  # conftest's fixture fails; see rules_support


def decided(inst, st, capture):
    with on("2026-12-18", capture):
        case = to_investigation(inst, st)
        uphold(case, st)
    return reload(case)


def reporting_party(case):
    return Party.objects.for_institution(case.institution_id).get(
        case=case, kind=Party.Kind.REPORTING_PARTY)


def request(case, st, reviewer=None, **overrides):
    kwargs = {"party": reporting_party(case), "requested_on": d("2027-01-12"),
              "via": InformalReview.Via.CASEWORKER,
              "concerns": "The penalty does not reflect what happened to me.",
              "reviewer": reviewer or st.reviewer}
    kwargs.update(overrides)
    return informal_review_request(case=case, actor=st.secretary, **kwargs)


def test_reporting_student_may_ask_for_an_informal_review_but_not_appeal(
        midshire, ms, django_capture_on_commit_callbacks):
    case = decided(midshire, ms, django_capture_on_commit_callbacks)
    # The reported student's appeal is the only one the case takes.
    assert {x.recipient["role"] for x in letters(case, LetterKind.FORMAL_DECISION)} == {
        "respondent", "reporting_party"}
    with on("2027-01-12", django_capture_on_commit_callbacks):
        case_close_no_appeal(case=case, actor=ms.secretary)
        review = request(case, ms)
    assert review.outcome.result == Outcome.Result.UPHELD
    assert review.status == InformalReview.Status.REQUESTED
    assert case.assignments.filter(user=ms.reviewer, role=CaseRole.INDEPENDENT_REVIEWER,
                                   ended_at__isnull=True).exists()
    with on("2027-01-20", django_capture_on_commit_callbacks):
        informal_review_complete(review=review, actor=ms.reviewer,
                                 findings="The process was followed; the penalty is within "
                                          "the table.",
                                 learning="Explain sanctions to reporting students sooner.")
    review.refresh_from_db()
    assert review.status == InformalReview.Status.COMPLETED
    case = reload(case)
    assert case.stage == Stage.CLOSED  # the outcome does not change
    [letter] = letters(case, LetterKind.INFORMAL_REVIEW_OUTCOME)
    assert letter.recipient["role"] == "reporting_party"
    assert letter.recipient_key == f"party-{reporting_party(case).pk}"
    assert letter.context["extra"]["findings"].startswith("The process was followed")


def test_kingsway_has_no_informal_review(kingsway, ks, django_capture_on_commit_callbacks):
    case = decided(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2027-01-12", django_capture_on_commit_callbacks), \
            pytest.raises(TransitionError, match="no informal review"):
        request(case, ks)


def test_informal_review_needs_an_outcome(midshire, ms, django_capture_on_commit_callbacks):
    with on("2026-12-18", django_capture_on_commit_callbacks):
        case = to_investigation(midshire, ms)
        with pytest.raises(TransitionError, match="no outcome yet"):
            request(case, ms, requested_on=d("2026-12-18"))


def test_informal_reviewer_is_independent_of_the_case(
        midshire, ms, django_capture_on_commit_callbacks):
    """004: "someone independent"; the investigator cannot review their own case, and the
    reviewer needs current training."""
    case = decided(midshire, ms, django_capture_on_commit_callbacks)
    involved = qualified(midshire, Role.APPEAL_REVIEWER, Role.INVESTIGATOR,
                         email="inv-rev@midshire.test")
    with on("2026-12-21", django_capture_on_commit_callbacks):
        rules_support.assign(case=case, user=involved, role=CaseRole.INVESTIGATOR,
                             by=ms.secretary)
        with pytest.raises(ValidationError) as refused:
            request(case, ms, reviewer=involved, requested_on=d("2026-12-21"))
        assert "involved in this case as investigator" in str(
            refused.value.message_dict["reviewer"])
        untrained = rules_support.staff_member(midshire, Role.APPEAL_REVIEWER)
        with pytest.raises(ValidationError) as lapsed:
            request(case, ms, reviewer=untrained, requested_on=d("2026-12-21"))
        assert "training" in str(lapsed.value.message_dict["reviewer"]).lower()
        with pytest.raises(ValidationError) as not_a_party:
            request(case, ms, party=None, requested_on=d("2026-12-21"))
        assert "party" in not_a_party.value.message_dict


def test_only_the_reviewer_asked_may_record_the_review(
        midshire, ms, django_capture_on_commit_callbacks):
    case = decided(midshire, ms, django_capture_on_commit_callbacks)
    with on("2026-12-21", django_capture_on_commit_callbacks):
        review = request(case, ms, requested_on=d("2026-12-21"))
        with pytest.raises(PermissionDenied):
            informal_review_complete(review=review, actor=ms.secretary, findings="Fine")
        with pytest.raises(ValidationError):
            informal_review_complete(review=review, actor=ms.reviewer, findings=" ")
