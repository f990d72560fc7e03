"""004's appeals: a designated member reviews the appeal and may dismiss it, change the
penalty or fix the procedural issue, or convene an appeals panel of three people with no
previous involvement, which decides the appeal with reasons. The route is each institution's
configuration (``CaseSettings.appeal_route``), not a branch on its name."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from audit.models import AuditEvent
from cases.models import (
    Appeal,
    AppealPanel,
    AppealRoute,
    CaseRole,
    CaseSettings,
    LetterKind,
    Outcome,
    Stage,
)
from cases.services.appeal_panels import appeal_panel_convene, appeal_panel_decide
from cases.services.appeals import appeal_decide
from cases.services.common import TransitionError, assign
from cases.services.setup import disciplinary_catalogue_apply

from ..factories import InstitutionFactory
from . import rules_support
from .conftest import qualified
from .rules_support import letters, lodge, on, reload, to_investigation, uphold

pytestmark = pytest.mark.django_db

midshire = rules_support.midshire  # conftest's fixture fails; see rules_support


def appealed(inst, st, capture):
    with on("2026-12-18", capture):
        case = to_investigation(inst, st)
        uphold(case, st)
    with on("2026-12-21", capture):
        appeal = lodge(case, st, "2026-12-21", grounds=("excessive",) if
                       inst.slug == "midshire" else ("bias",))
        assign(case=case, user=st.reviewer, role=CaseRole.APPEAL_REVIEWER, by=st.secretary)
    return reload(case), appeal


def convene(appeal, st, **overrides):
    kwargs = {"chair": st.chair, "members": [st.su, st.academic],
              "reasons": "The grounds of bias need a full hearing."}
    kwargs.update(overrides)
    return appeal_panel_convene(appeal=appeal, actor=st.reviewer, **kwargs)


def test_appeal_route_is_configured_by_the_institutions_shape(kingsway, midshire):
    assert CaseSettings.of(kingsway).appeal_route == AppealRoute.COMMITTEE
    assert CaseSettings.of(midshire).appeal_route == AppealRoute.DESIGNATED_MEMBER
    assert CaseSettings.of(midshire).reporting_party_review
    assert not CaseSettings.of(kingsway).reporting_party_review


def test_midshire_designated_member_may_convene_an_appeals_panel(
        midshire, ms, django_capture_on_commit_callbacks):
    case, appeal = appealed(midshire, ms, django_capture_on_commit_callbacks)
    with on("2026-12-22", django_capture_on_commit_callbacks):
        panel = convene(appeal, ms)
    assert reload(case).stage == Stage.APPEAL
    assert Appeal.objects.for_institution(midshire).get(pk=appeal.pk).status == \
        Appeal.Status.PANEL
    assert [(m.user, m.place) for m in panel.members.order_by("place", "pk")] == [
        (ms.chair, "chair"), (ms.su, "member"), (ms.academic, "member")]
    roles = set(case.assignments.filter(ended_at__isnull=True).values_list("role", flat=True))
    assert {CaseRole.APPEAL_PANEL_CHAIR, CaseRole.APPEAL_PANEL_MEMBER} <= roles
    assert AuditEvent.objects.for_institution(midshire).filter(
        action="appeal.panel_convened").exists()


def test_appeals_panel_is_three_people_with_no_previous_involvement(
        midshire, ms, django_capture_on_commit_callbacks):
    """004: "three people who have had no previous involvement with the case"."""
    case, appeal = appealed(midshire, ms, django_capture_on_commit_callbacks)
    investigator_on_panel = qualified(midshire, Role.BOARD_MEMBER, Role.INVESTIGATOR,
                                      email="both@midshire.test")
    with on("2026-12-22", django_capture_on_commit_callbacks):
        with pytest.raises(ValidationError) as too_few:
            convene(appeal, ms, members=[ms.su])
        assert "three people" in str(too_few.value.message_dict["members"])
        assign(case=case, user=investigator_on_panel, role=CaseRole.INVESTIGATOR,
               by=ms.secretary)
        with pytest.raises(ValidationError) as involved:
            convene(appeal, ms, chair=investigator_on_panel)
        assert "involved in this case as investigator" in str(
            involved.value.message_dict["chair"])
        untrained = rules_support.staff_member(midshire, Role.BOARD_MEMBER)
        with pytest.raises(ValidationError) as lapsed:
            convene(appeal, ms, members=[ms.su, untrained])
        assert "training" in str(lapsed.value.message_dict["members"]).lower()
    assert not AppealPanel.objects.for_institution(midshire).exists()


def test_appeals_panel_decides_with_reasons_and_the_case_closes(
        midshire, ms, django_capture_on_commit_callbacks):
    case, appeal = appealed(midshire, ms, django_capture_on_commit_callbacks)
    with on("2026-12-22", django_capture_on_commit_callbacks):
        convene(appeal, ms)
    with on("2027-01-12", django_capture_on_commit_callbacks):
        with pytest.raises(PermissionDenied):  # a member, not the chair, records it
            appeal_panel_decide(appeal=appeal, actor=ms.su, result="overturn",
                                reasons="Bias shown")
        outcome = appeal_panel_decide(appeal=appeal, actor=ms.chair, result="overturn",
                                      reasons="The investigation was one-sided.")
    case = reload(case)
    assert outcome.result == Outcome.Result.OVERTURNED
    assert case.stage == Stage.CLOSED
    panel = AppealPanel.objects.for_institution(midshire).get()
    assert (panel.status, panel.result, panel.outcome) == ("decided", "overturn", outcome)
    [cop] = [x for x in letters(case, LetterKind.COMPLETION_OF_PROCEDURES)
             if x.recipient_key == "respondent"]
    assert cop.context["outcome"]["result"] == Outcome.Result.OVERTURNED


def test_appeals_panel_referral_back_sends_an_appeal_outcome_letter(
        midshire, ms, django_capture_on_commit_callbacks):
    case, appeal = appealed(midshire, ms, django_capture_on_commit_callbacks)
    with on("2026-12-22", django_capture_on_commit_callbacks):
        convene(appeal, ms)
        appeal_panel_decide(appeal=appeal, actor=ms.chair, result="refer_back",
                            reasons="Witness not interviewed.")
    assert reload(case).stage == Stage.INVESTIGATION
    assert letters(case, LetterKind.APPEAL_OUTCOME)


def test_midshire_designated_member_may_fix_the_penalty_without_a_panel(
        midshire, ms, django_capture_on_commit_callbacks):
    """004: where the penalty was excessive, the designated member changes it."""
    case, appeal = appealed(midshire, ms, django_capture_on_commit_callbacks)
    with on("2026-12-22", django_capture_on_commit_callbacks):
        outcome = appeal_decide(appeal=appeal, actor=ms.reviewer, result="amend",
                                reasons="A reprimand is enough.",
                                penalties=[{"code": "reprimand"}])
    assert outcome.result == Outcome.Result.AMENDED
    assert reload(case).stage == Stage.CLOSED


def test_midshire_designated_member_cannot_overturn_or_order_a_rehearing(
        midshire, ms, django_capture_on_commit_callbacks):
    """004 gives the designated member no power to overturn: that is the panel's."""
    _case, appeal = appealed(midshire, ms, django_capture_on_commit_callbacks)
    with on("2026-12-22", django_capture_on_commit_callbacks):
        for result in ("overturn", "rehearing"):
            with pytest.raises(ValidationError) as refused:
                appeal_decide(appeal=appeal, actor=ms.reviewer, result=result,
                              reasons="No")
            assert "result" in refused.value.message_dict


def test_kingsway_appeal_committee_convenes_no_panel(
        kingsway, ks, django_capture_on_commit_callbacks):
    """002 §69: the paper review decides; there is no appeals panel to convene."""
    _case, appeal = appealed(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2026-12-22", django_capture_on_commit_callbacks), \
            pytest.raises(TransitionError, match="no appeals panel"):
        convene(appeal, ks)


def test_appeal_route_follows_configuration_not_the_institution(
        db, django_capture_on_commit_callbacks):
    """A third institution on the 002 catalogue, configured for a designated member."""
    inst = InstitutionFactory(slug="third", name="Third University")
    disciplinary_catalogue_apply(institution=inst, shape="002")
    CaseSettings.objects.for_institution(inst).update(
        appeal_route=AppealRoute.DESIGNATED_MEMBER)
    CaseSettings.forget(inst)
    st = rules_support.Staff(inst)
    _case, appeal = appealed(inst, st, django_capture_on_commit_callbacks)
    with on("2026-12-22", django_capture_on_commit_callbacks):
        panel = convene(appeal, st)
    assert panel.members.count() == 3
