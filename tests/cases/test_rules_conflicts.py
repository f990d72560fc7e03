"""Who may take a role on a case: current training (000 §1b; unconscious bias, 002 closing
table), no prior involvement (§39, §53, §55, §69), no declared relationship with a party."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Membership
from accounts.roles import Role
from cases.models import CaseRole
from cases.services.assignments import case_assign, case_unassign
from cases.services.common import TransitionError, assign
from cases.services.outcomes import formal_decide
from governance.models import RelationshipDeclaration
from training.models import Completion

from ..factories import SPECIALIST, UNCONSCIOUS_BIAS, staff, train
from . import rules_support
from .conftest import qualify
from .rules_support import (
    at,
    d,
    on,
    open_case,
    to_board,
    to_investigation,
    uphold,
)

pytestmark = pytest.mark.django_db

midshire = rules_support.midshire  # conftest's fixture fails; see rules_support


KINDS = {"specialist": SPECIALIST, "unconscious_bias": UNCONSCIOUS_BIAS}


def investigator_with(kingsway, email, **qualification):
    user = staff(kingsway, Role.INVESTIGATOR, email=email)
    for kind, (completed, expires) in qualification.items():
        train(user, kingsway, on=completed, expires=expires, purposes=[KINDS[kind]])
    return user


def test_investigator_without_training_refused(kingsway, ks):
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
        with pytest.raises(TransitionError) as refused:
            case_assign(case=case, actor=ks.secretary, user=ks.untrained,
                        role=CaseRole.INVESTIGATOR)
    message = str(refused.value)
    assert "specialist training in Investigations, Adjudications and Decision Making" in message
    assert "unconscious bias training" in message
    assert not case.assignments.filter(user=ks.untrained).exists()


def test_investigator_with_expired_training_refused(kingsway, ks):
    lapsed = investigator_with(
        kingsway, "lapsed@kingsway.test",
        specialist=(dt.date(2024, 9, 1), dt.date(2026, 8, 31)),
        unconscious_bias=(dt.date(2024, 9, 1), None))
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
        with pytest.raises(TransitionError, match="no current specialist training"):
            assign(case=case, user=lapsed, role=CaseRole.INVESTIGATOR, by=ks.secretary)


def test_unconscious_bias_training_is_also_required(kingsway, ks):
    partial = investigator_with(kingsway, "partial@kingsway.test",
                                specialist=(dt.date(2026, 1, 1), None))
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
        with pytest.raises(TransitionError, match="no current unconscious bias training"):
            assign(case=case, user=partial, role=CaseRole.INVESTIGATOR, by=ks.secretary)


def test_training_completed_after_today_does_not_count(kingsway, ks):
    future = qualify(staff(kingsway, Role.INVESTIGATOR, email="future@kingsway.test"),
                     kingsway, on=dt.date(2026, 12, 1))
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
        with pytest.raises(TransitionError, match="no current"):
            assign(case=case, user=future, role=CaseRole.INVESTIGATOR, by=ks.secretary)


def test_untrained_decision_maker_cannot_decide(kingsway, ks):
    """The decision maker who acts is recorded on the case, through the same checks."""
    untrained_dm = staff(kingsway, Role.DECISION_MAKER, email="newdm@kingsway.test")
    with at("2026-11-03"):
        case = open_case(kingsway, ks.secretary)
        from cases.services.intake import case_decide_intake

        # Training lapsed is a refusal of the person (403), as at every other action.
        with pytest.raises(PermissionDenied, match="without current"):
            case_decide_intake(case=case, actor=untrained_dm, route="formal",
                               reasons="Serious")


def versatile(inst, email):
    """A trained member of staff who holds every disciplinary role."""
    return qualify(staff(inst, Role.DECISION_MAKER, Role.INVESTIGATOR, Role.CLERK,
                         Role.BOARD_MEMBER, Role.APPEAL_REVIEWER, email=email), inst)


def test_prior_involvement_refused(kingsway, ks, django_capture_on_commit_callbacks):
    """§39, §53, §55, §69: the investigator cannot sit on the Board, clerk it or review the
    appeal; the decision maker cannot review the appeal; a Board member cannot clerk."""
    investigator, chair = versatile(kingsway, "v1@kingsway.test"), versatile(
        kingsway, "v2@kingsway.test")
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = open_case(kingsway, ks.secretary)
        from cases.services.intake import case_decide_intake

        case_decide_intake(case=case, actor=ks.secretary, route="formal", reasons="Serious")
        assign(case=case, user=investigator, role=CaseRole.INVESTIGATOR, by=ks.secretary)
        formal_decide(case=case, actor=ks.secretary, result="refer_to_board",
                      reasons="Major misconduct")
        for role in (CaseRole.BOARD_ACADEMIC, CaseRole.CLERK, CaseRole.APPEAL_REVIEWER,
                     CaseRole.DECISION_MAKER):
            with pytest.raises(TransitionError, match="was involved in this case as "
                                                      "investigator"):
                assign(case=case, user=investigator, role=role, by=ks.secretary)
        assign(case=case, user=chair, role=CaseRole.BOARD_CHAIR, by=ks.secretary)
        with pytest.raises(TransitionError, match="as chair of the board"):
            assign(case=case, user=chair, role=CaseRole.CLERK, by=ks.secretary)
        with pytest.raises(TransitionError, match="as chair of the board"):
            assign(case=case, user=chair, role=CaseRole.APPEAL_REVIEWER, by=ks.secretary)


def test_decision_maker_cannot_review_appeal_against_own_decision(
        kingsway, ks, django_capture_on_commit_callbacks):
    """A member of staff who is both a decision maker and an appeal reviewer may not review
    the appeal against a decision they took (§69 needs an independent review)."""
    both = qualify(staff(kingsway, Role.DECISION_MAKER, Role.APPEAL_REVIEWER,
                         email="both@kingsway.test"), kingsway)
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = open_case(kingsway, both)
        from cases.services.intake import case_decide_intake

        case_decide_intake(case=case, actor=both, route="formal", reasons="Serious")
        formal_decide(case=case, actor=both, result="dismiss", reasons="No evidence")
    # The same person on another case of the same student is no conflict.
    with on("2026-11-05", django_capture_on_commit_callbacks):
        fresh = open_case(kingsway, ks.secretary, respondent={
            "student_id": "20260002", "given_name": "Bo", "family_name": "Other"})
        assign(case=fresh, user=both, role=CaseRole.APPEAL_REVIEWER, by=ks.secretary)
    with at("2026-11-05"), pytest.raises(TransitionError, match="as decision maker"):
        assign(case=case, user=both, role=CaseRole.APPEAL_REVIEWER, by=ks.secretary)


def test_ended_appointment_is_still_prior_involvement(kingsway, ks):
    former = versatile(kingsway, "former@kingsway.test")
    with at("2026-11-03"):
        case = open_case(kingsway, ks.secretary)
        appointment = case_assign(case=case, actor=ks.secretary, user=former,
                                  role=CaseRole.INVESTIGATOR)
        case_unassign(assignment=appointment, actor=ks.secretary, reason="Workload")
        with pytest.raises(TransitionError, match="as investigator"):
            assign(case=case, user=former, role=CaseRole.BOARD_SU_OFFICER, by=ks.secretary)


@pytest.mark.parametrize(("field", "value"), [
    ("person_student_id", "20260001"),              # the respondent
    ("person_email", "A.Sample@Student.TEST"),      # the respondent, as typed
    ("person_student_id", " 20269999 "),            # the reporting party
    ("person_email", "s.reporter@student.test"),    # the reporting party
])
def test_declared_relationship_refused(kingsway, ks, field, value):
    """A declaration by the member of staff (governance register) about the respondent or a
    party, by student ID or email, bars them from any role on the case."""
    RelationshipDeclaration.objects.create(
        institution=kingsway, declarer=ks.academic, person_name="Someone",
        nature=RelationshipDeclaration.Nature.PERSONAL, supervisory_involvement=True,
        prohibited=True, **{field: value})
    with at("2026-11-03"):
        case = to_board(to_investigation(kingsway, ks), ks,
                        places=((CaseRole.BOARD_CHAIR, "chair"),))
        with pytest.raises(TransitionError, match="declared a personal relationship with a "
                                                  "party to this case") as refused:
            assign(case=case, user=ks.academic, role=CaseRole.BOARD_ACADEMIC, by=ks.secretary)
    # The reason names neither the party nor the relationship (000 §8: the details are the
    # declarer's and HR's).
    assert "Someone" not in str(refused.value)
    assert "supervis" not in str(refused.value)


def test_ended_relationship_still_refused(kingsway, ks):
    """§53: "no prior knowledge or interaction"; a past relationship is still a reasonable
    perception of bias (§67.4)."""
    RelationshipDeclaration.objects.create(
        institution=kingsway, declarer=ks.investigator, person_name="Alex Sample",
        person_student_id="20260001", nature=RelationshipDeclaration.Nature.PERSONAL,
        ended_on=d("2025-06-30"))
    with at("2026-11-03"):
        case = open_case(kingsway, ks.secretary)
        with pytest.raises(TransitionError, match="declared a personal"):
            assign(case=case, user=ks.investigator, role=CaseRole.INVESTIGATOR,
                   by=ks.secretary)


def test_someone_elses_declaration_or_another_student_is_no_conflict(kingsway, ks):
    RelationshipDeclaration.objects.create(
        institution=kingsway, declarer=ks.su, person_name="Alex Sample",
        person_student_id="20260001", nature=RelationshipDeclaration.Nature.PERSONAL)
    RelationshipDeclaration.objects.create(
        institution=kingsway, declarer=ks.investigator, person_name="Other",
        person_student_id="20260077", person_email="other@student.test",
        nature=RelationshipDeclaration.Nature.PERSONAL)
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    assert case.assignments.filter(user=ks.investigator).exists()


def test_staff_without_the_institution_role_refused(kingsway, ks):
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
        with pytest.raises(TransitionError, match="do not hold the role of Board of "
                                                  "Discipline member"):
            assign(case=case, user=ks.reviewer, role=CaseRole.BOARD_CHAIR, by=ks.secretary)


def test_supporting_caseworker_cannot_take_a_disciplinary_role(kingsway, ks):
    """The caseworker supports a party; they may not also judge the case."""
    both = qualify(staff(kingsway, Role.SUPPORT_CASEWORKER, Role.INVESTIGATOR,
                         email="cw-inv@kingsway.test"), kingsway)
    with at("2026-11-03"):
        case = open_case(kingsway, ks.secretary)
        assign(case=case, user=both, role=CaseRole.CASEWORKER, by=ks.secretary)
        with pytest.raises(TransitionError, match="supports a party"):
            assign(case=case, user=both, role=CaseRole.INVESTIGATOR, by=ks.secretary)


def test_each_board_place_is_filled_once(kingsway, ks):
    with at("2026-11-03"):
        case = to_board(to_investigation(kingsway, ks), ks)
        with pytest.raises(TransitionError, match="already filled"):
            case_assign(case=case, actor=ks.secretary, user=ks.spare,
                        role=CaseRole.BOARD_ACADEMIC)


def test_member_of_another_institution_cannot_be_appointed(kingsway, ks, midshire):
    outsider = qualify(staff(midshire, Role.INVESTIGATOR, email="inv@elsewhere.test"),
                       midshire)
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
        # The refusal names nobody: the person may belong to another institution.
        with pytest.raises(TransitionError, match="not a member of staff here"):
            assign(case=case, user=outsider, role=CaseRole.INVESTIGATOR, by=ks.secretary)


def test_same_decision_maker_may_take_the_formal_decision(kingsway, ks,
                                                         django_capture_on_commit_callbacks):
    """The decision maker who decided to investigate also decides the outcome (§37-45)."""
    with on("2026-11-03", django_capture_on_commit_callbacks):
        outcome = uphold(to_investigation(kingsway, ks), ks)
    assert outcome.decided_by == ks.secretary


def test_training_that_expires_after_appointment_stops_the_person_acting(kingsway, ks):
    """000 §1b: only staff who hold *current* specialist training take part; the check runs at
    every action, not only at appointment."""
    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    membership = Membership.objects.for_institution(kingsway).get(user=ks.secretary)
    Completion.objects.for_institution(kingsway).filter(
        learner__membership=membership, module__purpose=SPECIALIST).update(
        expires_on=dt.date(2026, 11, 30))
    with at("2026-12-01"), pytest.raises(PermissionDenied, match="without current specialist"):
        formal_decide(case=case, actor=ks.secretary, result="dismiss", reasons="No evidence")


def test_decision_maker_with_lapsed_training_cannot_pause_or_extend(kingsway, ks):
    """000 §1b: training is checked at every action by a disciplinary role. Pausing and
    extending were once checked on the institution role alone (issue 8 §1)."""
    lapsed = qualify(staff(kingsway, Role.DECISION_MAKER, email="lapsed@kingsway.test"),
                     kingsway, on=dt.date(2024, 1, 1), expires=dt.date(2026, 6, 30))
    with at("2026-11-03"):
        case = open_case(kingsway, ks.secretary)
        from cases.policies import CaseState, refusal_for
        from cases.services.pauses import case_pause

        with pytest.raises(PermissionDenied, match="without current"):
            case_pause(case=case, actor=lapsed, reason="police", detail="Police enquiry")
        membership = Membership.objects.for_institution(kingsway).get(user=lapsed)
        refusal = refusal_for("pause", CaseState(case, membership, lapsed))
        assert refusal.forbidden
        assert refusal.shown  # offered with the reason, not as a link


def test_investigator_whose_specialist_training_expired_yesterday_is_refused_and_not_offered(
        kingsway, ks, django_capture_on_commit_callbacks):
    """Issue 11 §11, "how we will check": the investigator's specialist training was recorded
    through the training app (three years' validity, so in force up to the day before the third
    anniversary) and expired yesterday. The cases service refuses them; the case page shows no
    link to the action and the API lists it only as blocked, with the reason."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from rest_framework.test import APIClient

    from cases.services.evidence import evidence_add
    from training.models import Module
    from training.services.completions import completion_record
    from training.services.roster import learner_for_membership

    with at("2026-11-03"):
        case = to_investigation(kingsway, ks)
    membership = Membership.objects.for_institution(kingsway).get(user=ks.investigator)
    Completion.objects.for_institution(kingsway).filter(
        learner__membership=membership, module__purpose=SPECIALIST).delete()
    module = Module.objects.for_institution(kingsway).get(purpose=SPECIALIST)
    completion, _ = completion_record(learner=learner_for_membership(membership=membership),
                                      module=module, completed_on=dt.date(2023, 12, 4),
                                      source=Completion.Source.MANUAL)
    assert completion.expires_on == dt.date(2026, 12, 3)

    with at("2026-12-03"):  # the last day in force: offered
        detail = _as(APIClient(), ks.investigator).get(
            f"/api/v1/kingsway/cases/{case.pk}/").json()
        offered = {a["key"]: a for a in detail["available_actions"]}
        assert offered["evidence"]["refusal"] == ""
        client = Client()
        client.force_login(ks.investigator)
        page = client.get(f"/kingsway/staff/cases/{case.pk}/").text
        assert f"/kingsway/staff/cases/{case.pk}/evidence/" in page
    with at("2026-12-04"):
        with pytest.raises(PermissionDenied, match="without current specialist"):
            evidence_add(case=case, actor=ks.investigator, title="Statement",
                         uploaded_file=SimpleUploadedFile("s.pdf", b"%PDF-1.4 statement"))
        detail = _as(APIClient(), ks.investigator).get(
            f"/api/v1/kingsway/cases/{case.pk}/").json()
        # Shown as theirs but blocked, with the reason; never as something they can do.
        offered = {a["key"]: a for a in detail["available_actions"]}
        assert "specialist training" in offered["evidence"]["refusal"]
        page = client.get(f"/kingsway/staff/cases/{case.pk}/").text
        assert f"/kingsway/staff/cases/{case.pk}/evidence/" not in page


def _as(client, user):
    client.force_authenticate(user)
    return client
