"""The rules of precautionary measures (002 §19-23), through the services against the database,
in both demo-shaped institutions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from governance.models import RelationshipDeclaration
from institutions.models import Deadline
from institutions.selectors import deadlines_for
from institutions.services.reminders import deadlines_sweep
from letters.models import Letter
from letters.services import letter_html
from precautionary.errors import PrecautionaryError
from precautionary.models import (
    Appeal,
    Breach,
    Decision,
    Matter,
    MatterRole,
    Measure,
    Review,
    RiskAssessment,
)
from precautionary.policies import matter_verdicts, state_for
from precautionary.procedure import APPEAL, APPEAL_RESPONSE, REVIEW
from precautionary.selectors import access_matter
from precautionary.services.decisions import (
    measures_decide,
    representations_invite,
    representations_record,
)
from precautionary.services.followups import (
    appeal_decide,
    appeal_lodge,
    breach_record,
    measure_lift,
    measures_expire,
    measures_review,
    measures_share,
    review_request,
)
from precautionary.services.matters import matter_appoint

from ..cases.rules_support import at, d
from .conftest import convened, decided_urgently, propose, reload, student

pytestmark = pytest.mark.django_db


def deadline(matter: Matter, rule: str) -> Deadline:
    found = [x for x in deadlines_for(institution=matter.institution, subject=matter)
             if x.rule == rule]
    assert found, f"no {rule} deadline"
    return found[-1]


def letters_of(matter: Matter, kind: str) -> list[Letter]:
    return list(Letter.objects.for_institution(matter.institution_id).filter(
        about_id=matter.pk, kind=kind).order_by("pk"))


def text(letter: Letter) -> str:
    return " ".join(letter_html(letter).split())


# -- the decision (§22) ---------------------------------------------------------------------
@pytest.mark.parametrize("inst_name", ["kingsway", "midshire"])
def test_urgent_decision_skips_representations_with_reason(inst_name, request):
    inst = request.getfixturevalue(inst_name)
    g = request.getfixturevalue("kg" if inst_name == "kingsway" else "mg")
    with at("2026-11-16"):
        matter = convened(inst, g)
        decision = propose(inst, g, matter, starts=d("2026-11-16"))
        # Not heard and no reason recorded: the chair cannot decide yet.
        with pytest.raises(PrecautionaryError, match="Invite the student's representations"):
            measures_decide(matter=matter, actor=g.chair_pm)
        from precautionary.services.decisions import representations_skip

        with pytest.raises(ValidationError):
            representations_skip(matter=matter, actor=g.chair_pm, because="convenient",
                                 reason="Quicker")
        with pytest.raises(ValidationError):
            representations_skip(matter=matter, actor=g.chair_pm, because="urgent", reason=" ")
        representations_skip(matter=matter, actor=g.chair_pm, because="urgent",
                             reason="Threats made yesterday")
        measures_decide(matter=matter, actor=g.chair_pm)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DECIDED
    assert decision.skipped_because == "urgent"
    assert decision.skip_reason == "Threats made yesterday"
    assert decision.decided_by == g.chair_pm
    assert reload(matter).stage == Matter.Stage.IN_FORCE
    assert set(Measure.objects.for_institution(inst).filter(matter=matter)
               .values_list("status", flat=True)) == {Measure.Status.ACTIVE}


def test_representations_invited_then_decided_after_they_arrive(kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        propose(kingsway, kg, matter, starts=d("2026-11-23"))
        representations_invite(matter=matter, actor=kg.chair_pm, due=d("2026-11-20"))
        assert letters_of(matter, "precautionary_proposal")
        with pytest.raises(PrecautionaryError, match="until Friday 20 November 2026"):
            measures_decide(matter=matter, actor=kg.chair_pm)
    with at("2026-11-19"):
        representations_record(matter=matter, actor=kg.member_pm, text="I will keep away.",
                               received_on=d("2026-11-19"))
        decision = measures_decide(matter=matter, actor=kg.chair_pm)
    assert decision.representations == "I will keep away."
    assert decision.decided_on == d("2026-11-19")


def test_only_the_chair_decides(kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        propose(kingsway, kg, matter, starts=d("2026-11-16"))
        from precautionary.services.decisions import representations_skip

        representations_skip(matter=matter, actor=kg.chair_pm, because="high_risk",
                             reason="Same corridor")
        with pytest.raises(PermissionDenied):
            measures_decide(matter=matter, actor=kg.member_pm)


def test_decision_letter_says_not_a_finding_of_guilt(kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        decided_urgently(kingsway, kg, matter, on=d("2026-11-16"))
    (letter,) = letters_of(matter, "precautionary_decision")
    body = text(letter)
    assert letter.recipient["name"] == "Alex Sample"
    assert "not a finding of guilt" in body
    assert "Precautionary Measures Group" in body
    assert "a nominated member of the Management Committee within five (5) working days" in body
    assert "Monday 23 November 2026" in body  # the last day of the appeal window
    assert "material change in the circumstances" in body
    assert "Lectures recorded; tutorials moved online" in body
    assert "Student Wellbeing Service" in body
    assert "Risk to the reporting student" in body  # the student is given the reasons


def test_midshire_letters_use_its_own_words(midshire, mg):
    with at("2026-11-16"):
        matter = convened(midshire, mg)
        decided_urgently(midshire, mg, matter, on=d("2026-11-16"))
    body = text(letters_of(matter, "precautionary_decision")[0])
    assert "Cause for Concern group" in body
    assert "Non-Contact Order" in body


def test_protected_person_notice_states_scope_not_reasons(kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        decided_urgently(kingsway, kg, matter, on=d("2026-11-16"))
    (notice,) = letters_of(matter, "precautionary_protected_notice")
    body = text(notice)
    assert notice.recipient["name"] == "Sam Reporter"
    assert "No contact with Sam Reporter, directly or through others" in body
    assert "Not to enter Hall B" in body
    for secret in ("Risk to the reporting student", "sexual", "Police investigating",
                   "Lectures recorded", "Wellbeing"):
        assert secret not in body
        assert secret not in str(notice.context)
    assert "decision" not in notice.context


# -- the appeal (§22) -----------------------------------------------------------------------
def test_precautionary_appeal_window_is_5_working_days_over_a_bank_holiday(kingsway, kg):
    # Decided on the Wednesday before Easter 2027: Good Friday (26 March) and Easter Monday
    # (29 March) are not working days.
    with at("2027-03-24"):
        matter = convened(kingsway, kg)
        decision = decided_urgently(kingsway, kg, matter, on=d("2027-03-24"))
    window = deadline(matter, APPEAL)
    assert window.due_date == d("2027-04-02")
    assert decision.appeal_due == d("2027-04-02")
    with at("2027-04-02"):
        appeal = appeal_lodge(matter=matter, actor=kg.chair_pm, received_on=d("2027-04-02"),
                              grounds="Disproportionate", reviewer=kg.reviewer)
    assert not appeal.is_late
    # Answered within five working days of lodging: Friday 9 April.
    assert deadline(matter, APPEAL_RESPONSE).due_date == d("2027-04-09")
    assert deadline(matter, APPEAL).status == Deadline.Status.MET


def test_late_appeal_needs_a_reason(kingsway, kg):
    with at("2027-03-24"):
        matter = convened(kingsway, kg)
        decided_urgently(kingsway, kg, matter, on=d("2027-03-24"))
    with at("2027-04-05"):
        with pytest.raises(ValidationError) as refused:
            appeal_lodge(matter=matter, actor=kg.chair_pm, received_on=d("2027-04-05"),
                         grounds="Disproportionate", reviewer=kg.reviewer)
        assert "late_reason" in refused.value.message_dict
        assert not Appeal.objects.for_institution(kingsway).exists()
        appeal = appeal_lodge(matter=matter, actor=kg.chair_pm, received_on=d("2027-04-05"),
                              grounds="Disproportionate", reviewer=kg.reviewer,
                              late_reason="In hospital over Easter")
    assert appeal.is_late
    assert appeal.window_due == d("2027-04-02")


def test_appeal_reviewer_must_have_no_prior_involvement(kingsway, kg):
    from accounts.models import Membership, MembershipRole

    # The group's member also holds the appeal reviewer's role: still not eligible.
    membership = Membership.objects.for_institution(kingsway).get(user=kg.member_pm)
    MembershipRole.objects.create(institution=kingsway, membership=membership,
                                  role="appeal_reviewer")
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        decided_urgently(kingsway, kg, matter, on=d("2026-11-16"))
    with at("2026-11-18"):
        with pytest.raises(PrecautionaryError, match="was involved in this matter"):
            appeal_lodge(matter=matter, actor=kg.chair_pm, received_on=d("2026-11-18"),
                         grounds="Unfair", reviewer=kg.member_pm)
        # A declared relationship with the student is a conflict too.
        RelationshipDeclaration.objects.create(
            institution=kingsway, declarer=kg.reviewer, person_name="Alex Sample",
            person_student_id="20260001", nature="supervision")
        with pytest.raises(PrecautionaryError, match="declared"):
            appeal_lodge(matter=matter, actor=kg.chair_pm, received_on=d("2026-11-18"),
                         grounds="Unfair", reviewer=kg.reviewer)
        appeal = appeal_lodge(matter=matter, actor=kg.chair_pm, received_on=d("2026-11-18"),
                              grounds="Unfair", reviewer=kg.reviewer2)
    assert appeal.reviewer == kg.reviewer2
    # Once nominated, the reviewer cannot join the group (even holding the group's role).
    MembershipRole.objects.create(
        institution=kingsway, role="precautionary_group",
        membership=Membership.objects.for_institution(kingsway).get(user=kg.reviewer2))
    with at("2026-11-19"), pytest.raises(PrecautionaryError, match="appeal reviewer"):
        matter_appoint(matter=matter, actor=kg.secretary, user=kg.reviewer2,
                       role=MatterRole.MEMBER)


def test_appeal_varied_with_letter_and_new_notice(kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        decided_urgently(kingsway, kg, matter, on=d("2026-11-16"))
        appeal = appeal_lodge(matter=matter, actor=kg.chair_pm, received_on=d("2026-11-16"),
                              grounds="Hall B is where my lab is", reviewer=kg.reviewer)
    old = Measure.objects.for_institution(kingsway).get(matter=matter)
    with at("2026-11-20"):
        with pytest.raises(PermissionDenied):
            appeal_decide(appeal=appeal, actor=kg.chair_pm, result="upheld", reasons="x")
        appeal_decide(appeal=appeal, actor=kg.reviewer, result="varied",
                      reasons="The lab is needed for the degree",
                      variations=[{"measure": old.pk, "conditions": "Hall B lab only "
                                                                    "on Tuesdays, escorted"}])
    old.refresh_from_db()
    assert old.status == Measure.Status.VARIED
    new = Measure.objects.for_institution(kingsway).get(matter=matter, status="active")
    assert new.varies == old
    assert "escorted" in new.conditions
    (outcome,) = letters_of(matter, "precautionary_appeal_outcome")
    assert "Measures varied" in text(outcome)
    assert "not a finding of guilt" in text(outcome)
    assert len(letters_of(matter, "precautionary_protected_notice")) == 2
    assert deadline(matter, APPEAL_RESPONSE).status == Deadline.Status.MET


# -- reviews (§22) --------------------------------------------------------------------------
def test_review_due_six_weeks_after_decision_in_calendar_days(kingsway, kg, mailoutbox):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        decided_urgently(kingsway, kg, matter, on=d("2026-11-16"))
    review = deadline(matter, REVIEW)
    # 42 calendar days, over Christmas: Monday 28 December, a bank holiday, all the same.
    assert review.due_date == d("2026-12-28")
    assert review.assignee == kg.chair_pm
    assert review.responsible_role == "precautionary_group"
    # The deadline sweep reminds the chair two working days before (no second sweep).
    deadlines_sweep(institution=kingsway, today=d("2026-12-23"))
    from outbox.models import OutboxMessage

    assert any("pm-chair@kingsway.test" in str(m.payload) for m in
               OutboxMessage.objects.filter(institution=kingsway))
    # The review, with a new risk level, sets the next one 42 days on.
    with at("2026-12-28"):
        measures_review(matter=matter, actor=kg.chair_pm, result="continue",
                        reasons="Investigation still under way",
                        assessment={"nature": "As before", "circumstances": "Unchanged",
                                    "level": "medium"})
    held = Review.objects.for_institution(kingsway).get(matter=matter)
    assert held.risk_level == "medium"
    assert held.kind == Review.Kind.SCHEDULED
    assert RiskAssessment.objects.for_institution(kingsway).get(review=held).level == "medium"
    assert deadline(matter, REVIEW).due_date == d("2027-02-08")


def test_review_on_material_change_can_lift(midshire, mg):
    with at("2026-11-16"):
        matter = convened(midshire, mg)
        decided_urgently(midshire, mg, matter, on=d("2026-11-16"))
    with at("2026-11-30"):
        review_request(matter=matter, actor=mg.chair_pm, requested_on=d("2026-11-30"),
                       material_change="The reporting student has left the hall")
        measures_review(matter=matter, actor=mg.chair_pm, result="lift",
                        reasons="No longer needed",
                        assessment={"nature": "As before", "circumstances": "Moved out",
                                    "level": "low"})
    review = Review.objects.for_institution(midshire).get(matter=matter)
    assert review.kind == Review.Kind.MATERIAL_CHANGE
    assert review.result == "lift"
    assert reload(matter).stage == Matter.Stage.NO_MEASURES
    # The review was held (its deadline met) and no further one is due.
    reviews = [x for x in deadlines_for(institution=midshire, subject=matter) if x.rule == REVIEW]
    assert [x.status for x in reviews] == [Deadline.Status.MET]
    assert letters_of(matter, "precautionary_review_outcome")


# -- need-to-know access --------------------------------------------------------------------
def test_member_of_another_matter_sees_nothing(kingsway, kg):
    with at("2026-11-16"):
        mine = convened(kingsway, kg)
        other = convened(kingsway, kg, who=student(kingsway, "20260002"))
        from precautionary.models import MatterMember

        MatterMember.objects.for_institution(kingsway).filter(matter=other).delete()
        matter_appoint(matter=other, actor=kg.secretary, user=kg.other_pm,
                       role=MatterRole.CHAIR)
    seen, _ = access_matter(user=kg.other_pm, institution=kingsway, matter_id=other.pk)
    assert seen == other
    with pytest.raises(Http404):
        access_matter(user=kg.other_pm, institution=kingsway, matter_id=mine.pk)
    # A colleague with the group's role but on no matter sees none; the convener sees all.
    with pytest.raises(Http404):
        access_matter(user=kg.investigator, institution=kingsway, matter_id=mine.pk)
    assert access_matter(user=kg.secretary, institution=kingsway, matter_id=mine.pk)[0] == mine
    # And they cannot act on it either.
    with at("2026-11-17"), pytest.raises(PermissionDenied):
        breach_record(matter=mine, actor=kg.other_pm, kind="victimisation",
                      occurred_on=d("2026-11-17"), description="Seen near the hall")


def test_other_institution_matter_is_404(kingsway, kg, midshire, mg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
    for user in (mg.secretary, mg.chair_pm):
        with pytest.raises(Http404):
            access_matter(user=user, institution=midshire, matter_id=matter.pk)
        with pytest.raises(Http404):
            access_matter(user=user, institution=kingsway, matter_id=matter.pk)


def test_untrained_member_cannot_be_convened(kingsway, kg):
    from tests.factories import staff

    untrained = staff(kingsway, "precautionary_group", email="pm-untrained@kingsway.test")
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        with pytest.raises(PrecautionaryError, match="has no current"):
            matter_appoint(matter=matter, actor=kg.secretary, user=untrained,
                           role=MatterRole.MEMBER)


def test_what_the_chair_can_do_now(kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        keys = {v.key for v in matter_verdicts(state_for(matter=matter, actor=kg.chair_pm))
                if v.allowed}
        assert "propose" in keys
        assert "decide" not in keys
        propose(kingsway, kg, matter, starts=d("2026-11-16"))
        verdicts = {v.key: v for v in matter_verdicts(
            state_for(matter=reload(matter), actor=kg.chair_pm))}
        assert verdicts["decide"].refusal is not None  # shown, with what must happen first
        assert verdicts["skip_representations"].allowed


# -- sharing, breaches, ending --------------------------------------------------------------
def test_share_records_only_the_measure_and_its_scope(kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        decided_urgently(kingsway, kg, matter, on=d("2026-11-16"))
        share = measures_share(matter=matter, actor=kg.chair_pm, recipient_kind="security",
                               recipient="Campus Security control room")
    (item,) = share.content
    assert set(item) == {"type", "scope", "starts_on", "ends_on"}
    assert "Risk to the reporting student" not in str(share.content)


def test_breach_recorded_and_new_measure(kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        decided_urgently(kingsway, kg, matter, on=d("2026-11-16"))
    measure = Measure.objects.for_institution(kingsway).get(matter=matter)
    with at("2026-11-25"):
        breach = breach_record(matter=matter, actor=kg.member_pm, kind="breach",
                               measure=measure, occurred_on=d("2026-11-24"),
                               description="Sent a message through a friend",
                               action=Breach.Action.NEW_MEASURE)
        victimisation = breach_record(matter=matter, actor=kg.member_pm, kind="victimisation",
                                      occurred_on=d("2026-11-24"), person_affected="A witness",
                                      description="Posts naming the witness")
        decision = propose(kingsway, kg, matter, starts=d("2026-11-25"), breach=breach)
        from precautionary.services.decisions import representations_skip

        representations_skip(matter=matter, actor=kg.chair_pm, because="urgent",
                             reason="Breach of the order")
        measures_decide(matter=matter, actor=kg.chair_pm)
    breach.refresh_from_db()
    assert breach.new_decision == decision
    assert breach.action == Breach.Action.NEW_MEASURE
    assert victimisation.kind == Breach.Kind.VICTIMISATION
    assert Measure.objects.for_institution(kingsway).filter(
        matter=matter, status="active").count() == 2


def test_lift_and_expire(kingsway, kg):
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        propose(kingsway, kg, matter, starts=d("2026-11-16"), ends=d("2026-12-01"))
        from precautionary.services.decisions import representations_skip

        representations_skip(matter=matter, actor=kg.chair_pm, because="urgent", reason="x")
        measures_decide(matter=matter, actor=kg.chair_pm)
    assert measures_expire(institution=kingsway, today=d("2026-12-01")) == 0
    assert measures_expire(institution=kingsway, today=d("2026-12-02")) == 1
    measure = Measure.objects.for_institution(kingsway).get(matter=matter)
    assert measure.status == Measure.Status.EXPIRED
    assert reload(matter).stage == Matter.Stage.NO_MEASURES
    other = convened(kingsway, kg, who=student(kingsway, "20260003"))
    with at("2026-11-16"):
        decided_urgently(kingsway, kg, other, on=d("2026-11-16"))
        with pytest.raises(ValidationError):
            measure_lift(matter=other, actor=kg.chair_pm, reason="")
        lifted = measure_lift(matter=other, actor=kg.chair_pm, reason="Investigation over")
    assert [m.status for m in lifted] == [Measure.Status.LIFTED]


def test_review_interval_is_the_institutions_time_limit(kingsway, kg, kingsway_admin):
    """§22 says measures "may be reviewed every six weeks": the interval is the institution's
    ``precautionary_review`` time limit, changed like any other limit (audited), not a second
    setting."""
    from institutions.procedure import Unit
    from institutions.services.settings import time_limit_set

    time_limit_set(institution=kingsway, actor=kingsway_admin, rule=REVIEW, cohort="standard",
                   amount=28, unit=Unit.CALENDAR_DAYS, reference="§22 (four weeks here)")
    with at("2026-11-16"):
        matter = convened(kingsway, kg)
        decided_urgently(kingsway, kg, matter, on=d("2026-11-16"))
    review = deadline(matter, REVIEW)
    assert review.due_date == d("2026-12-14")
    assert review.rule_description.startswith("28 calendar days")
