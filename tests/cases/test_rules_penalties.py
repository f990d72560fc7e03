"""Authority limits: who may impose which penalty, and fine bounds (§49, §62, Appendix C;
Leicester's sanctions table: a fine of £50-£1,000, the Academic Registrar up to £250;
congregation exclusion and suspension by the panel; expulsion by the panel or by the
Registrar on a criminal conviction; revocation of an award only by Senate)."""

from decimal import Decimal

import pytest

from cases.models import Stage
from cases.services.common import TransitionError
from cases.services.penalties import penalties_check

from . import rules_support
from .rules_support import (
    at,
    hold_and_decide,
    on,
    reload,
    send_notice,
    to_board,
    to_investigation,
    uphold,
)

pytestmark = pytest.mark.django_db

midshire = rules_support.midshire  # conftest's fixture fails; see rules_support


def fine(amount):
    return [{"code": "fine", "amount": amount}]


def test_academic_registrar_fine_capped_at_250(midshire, ms, django_capture_on_commit_callbacks):
    with on("2026-11-03", django_capture_on_commit_callbacks):
        refused = to_investigation(midshire, ms)
        with pytest.raises(TransitionError) as beyond:
            uphold(refused, ms, penalties=fine("250.01"))
        assert "Academic Registrar" in str(beyond.value)
        assert "up to £250.00" in str(beyond.value)
        assert reload(refused).stage == Stage.INVESTIGATION

        case = to_investigation(midshire, ms, respondent={
            "student_id": "20260002", "given_name": "Bo", "family_name": "Other"})
        outcome = uphold(case, ms, penalties=fine("250"))
    assert outcome.penalties.get().amount == Decimal("250.00")


def test_fine_minimum_is_50(midshire, ms):
    with at("2026-11-03"):
        case = to_investigation(midshire, ms)
    with pytest.raises(TransitionError, match="at least £50.00"):
        penalties_check(case=case, authority="decision_maker", penalties=fine("49.99"))
    with pytest.raises(TransitionError, match="at least £50.00"):
        penalties_check(case=case, authority="board", penalties=fine("10"))
    assert penalties_check(case=case, authority="decision_maker", penalties=fine("50"))


def test_panel_fine_up_to_1000(midshire, ms, django_capture_on_commit_callbacks):
    """The Student Discipline Panel may fine up to £1,000 and no more."""
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_board(to_investigation(midshire, ms), ms)
        send_notice(case, ms, "2026-11-20")
    with on("2026-11-20", django_capture_on_commit_callbacks):
        from cases.services.board import board_decide, board_record_hearing

        board_record_hearing(case=case, actor=ms.clerk, result="held")
        votes = [{"member": getattr(ms, n).pk, "offence_committed": True,
                  "penalties": ["fine"], "amounts": {"fine": "1000.01"}}
                 for n in ("chair", "su", "academic")]
        with pytest.raises(TransitionError, match="up to £1,000.00"):
            board_decide(case=case, actor=ms.clerk, votes=votes, reasons="Proven")
        for vote in votes:
            vote["amounts"] = {"fine": "1000"}
        outcome = board_decide(case=case, actor=ms.clerk, votes=votes, reasons="Proven")
    assert outcome.penalties.get().amount == Decimal("1000.00")


def test_a_fine_needs_an_amount(kingsway, ks):
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    for amount in (None, "", "0"):
        with pytest.raises(TransitionError, match="Give the amount"):
            penalties_check(case=case, authority="decision_maker", penalties=fine(amount))
    with pytest.raises(TransitionError, match="does not take an amount"):
        penalties_check(case=case, authority="decision_maker",
                        penalties=[{"code": "apology", "amount": "10"}])


def test_expulsion_only_by_board(kingsway, ks, django_capture_on_commit_callbacks):
    """§49 gives the Secretary no expulsion; §62.10 gives it to the Board."""
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_investigation(kingsway, ks)
        with pytest.raises(TransitionError) as beyond:
            uphold(case, ks, penalties=[{"code": "expulsion"}], criminal_conviction=True)
        assert "only Board of Discipline may impose it" in str(beyond.value)
        case = to_board(case, ks)
        send_notice(case, ks, "2026-11-20")
    with on("2026-11-20", django_capture_on_commit_callbacks):
        outcome = hold_and_decide(case, ks, penalties=(("expulsion",),) * 3)
    assert [p.penalty_type.code for p in outcome.penalties.all()] == ["expulsion"]


def test_midshire_registrar_may_expel_only_on_criminal_conviction(
        midshire, ms, django_capture_on_commit_callbacks):
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_investigation(midshire, ms)
        with pytest.raises(TransitionError, match="criminal conviction"):
            uphold(case, ms, penalties=[{"code": "expulsion"}])
        outcome = uphold(case, ms, penalties=[{"code": "expulsion"}], criminal_conviction=True)
    assert outcome.authority == "decision_maker"
    assert reload(case).stage == Stage.FORMAL_OUTCOME


@pytest.mark.parametrize("code", ["suspension", "congregation_exclusion", "building_exclusion",
                                  "no_reapply"])
def test_midshire_panel_only_sanctions_are_beyond_the_registrar(midshire, ms, code):
    with at("2026-11-03"):
        case = to_investigation(midshire, ms)
    with pytest.raises(TransitionError, match="only Student Discipline Panel may impose it"):
        penalties_check(case=case, authority="decision_maker", penalties=[{"code": code}])
    assert penalties_check(case=case, authority="board", penalties=[{"code": code}])


def test_revocation_of_award_only_by_senate(midshire, ms):
    with at("2026-11-03"):
        case = to_investigation(midshire, ms)
    for authority in ("decision_maker", "board", "informal_officer"):
        with pytest.raises(TransitionError, match="only Senate may impose it"):
            penalties_check(case=case, authority=authority,
                            penalties=[{"code": "award_revocation"}])
    assert penalties_check(case=case, authority="senate",
                           penalties=[{"code": "award_revocation"}])


def test_penalty_outside_the_institutions_catalogue_is_refused(kingsway, ks):
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    with pytest.raises(TransitionError, match="not a penalty in"):
        penalties_check(case=case, authority="decision_maker",
                        penalties=[{"code": "award_revocation"}])


def test_conviction_conditions_need_a_criminal_conviction(kingsway, ks):
    """§49.11 / §62.9: conditions on access only where the student has been convicted."""
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    with pytest.raises(TransitionError, match="criminal conviction"):
        penalties_check(case=case, authority="board",
                        penalties=[{"code": "conviction_conditions"}])
    assert penalties_check(case=case, authority="board", criminal_conviction=True,
                           penalties=[{"code": "conviction_conditions"}])


def test_making_good_damage_states_the_sum(kingsway, ks):
    """§49.7 / §62.5: a requirement to make good the cost of damage is a sum of money."""
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    with pytest.raises(TransitionError, match="Give the amount"):
        penalties_check(case=case, authority="decision_maker",
                        penalties=[{"code": "restitution"}])
    (choice,) = penalties_check(case=case, authority="decision_maker",
                                penalties=[{"code": "restitution", "amount": "80"}])
    assert choice.amount == Decimal("80.00")
    with pytest.raises(TransitionError, match="does not take an amount"):
        penalties_check(case=case, authority="decision_maker",
                        penalties=[{"code": "apology", "amount": "5"}])
