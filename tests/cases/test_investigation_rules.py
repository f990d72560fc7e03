"""Rules of the investigation file (002 §28, §39-44, §11, §56-57; 004 "the investigation
process"): meetings, companions and adjustments, statements and the person's agreement,
requests for evidence, the investigator's report, and the notice of the allegation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Membership
from audit.models import AuditEvent
from cases.errors import TransitionError
from cases.models import (
    InvestigationMeeting,
    InvestigatorReport,
    LetterKind,
    Party,
    Statement,
)
from cases.services.investigation import (
    allegation_notice_issue,
    evidence_request_answer,
    evidence_request_create,
    investigation_meeting_record,
    investigator_report_submit,
    statement_agreement_record,
    statement_record,
)
from cases.services.pauses import case_pause
from governance.models import RelationshipDeclaration
from letters.services import letter_html
from training.models import Completion

from ..factories import SPECIALIST
from .rules_support import at, d, letters, midshire, on, to_informal, to_investigation

pytestmark = pytest.mark.django_db
__all__ = ["midshire"]  # the fixture, as rules_support builds it

Meeting = InvestigationMeeting


def reporter(case):
    return Party.objects.for_institution(case.institution_id).get(
        case=case, kind=Party.Kind.REPORTING_PARTY)


def meet_student(case, actor, **kw):
    data = {"interviewee": "respondent", "held_on": d("2026-11-05"),
            "told_of_right_to_be_accompanied": True, "attendees": "The student\nInvestigator"}
    return investigation_meeting_record(case=case, actor=actor, **{**data, **kw})


def errors(exc) -> dict:
    return exc.value.message_dict


@pytest.fixture
def case(kingsway, ks):
    with at("2026-11-03"):
        return to_investigation(kingsway, ks)


def test_respondent_may_bring_a_companion_or_silent_observer_to_a_meeting_s42(case, ks):
    with at("2026-11-06"):
        meeting = meet_student(case, ks.investigator, companion="students_union",
                               companion_name="R. Adviser",
                               adjustments="Extra breaks; a quiet room (§11).",
                               notes="The student denied sending the messages.")
    meeting.refresh_from_db()
    assert meeting.companion == Meeting.Companion.STUDENTS_UNION
    # A companion attends as a silent observer unless told otherwise.
    assert meeting.companion_role == Meeting.CompanionRole.SILENT_OBSERVER
    assert meeting.adjustments == "Extra breaks; a quiet room (§11)."
    assert meeting.notes == "The student denied sending the messages."
    event = AuditEvent.objects.for_institution(case.institution_id).get(
        action="investigation.meeting_recorded")
    assert event.changes["companion"] == "students_union"
    assert "denied" not in str(event.changes)  # the notes are not copied into the audit trail


def test_student_must_be_told_of_the_right_to_be_accompanied_s42(case, ks):
    with at("2026-11-06"), pytest.raises(ValidationError) as exc:
        meet_student(case, ks.investigator, told_of_right_to_be_accompanied=False)
    assert "told_of_right_to_be_accompanied" in errors(exc)
    assert not Meeting.objects.for_institution(case.institution_id).exists()


def test_companion_speaks_only_in_exceptional_circumstances_recorded_s28_s42(case, ks):
    with at("2026-11-06"), pytest.raises(ValidationError) as exc:
        meet_student(case, ks.investigator, companion="friend",
                     companion_role="representative")
    assert "representation_reason" in errors(exc)
    with at("2026-11-06"):
        meeting = meet_student(case, ks.investigator, companion="friend",
                               companion_role="representative",
                               representation_reason="Reasonable adjustment: the student has a "
                                                     "speech impairment.")
    assert meeting.companion_role == Meeting.CompanionRole.REPRESENTATIVE


def test_reporting_party_may_bring_a_friend_or_their_caseworker_to_a_meeting_004(
        midshire, ms):
    with at("2026-11-03"):
        case = to_investigation(midshire, ms)
    with at("2026-11-06"):
        meeting = investigation_meeting_record(
            case=case, actor=ms.investigator, interviewee="reporting_party",
            party=reporter(case), held_on=d("2026-11-04"), companion="caseworker",
            companion_name="T. Caseworker")
    assert meeting.person == "Sam Reporter"
    assert meeting.companion == Meeting.Companion.CASEWORKER


def test_witness_meeting_names_a_witness_or_a_party_on_the_case(case, ks, kingsway):
    with at("2026-11-06"), pytest.raises(ValidationError) as exc:
        investigation_meeting_record(case=case, actor=ks.investigator, interviewee="witness",
                                     held_on=d("2026-11-05"))
    assert "person_name" in errors(exc)
    with at("2026-11-06"), pytest.raises(ValidationError) as exc:
        # The reporting party is not a witness.
        investigation_meeting_record(case=case, actor=ks.investigator, interviewee="witness",
                                     party=reporter(case).pk, held_on=d("2026-11-05"))
    assert "party" in errors(exc)
    with at("2026-11-06"), pytest.raises(ValidationError) as exc:
        investigation_meeting_record(case=case, actor=ks.investigator, interviewee="witness",
                                     person_name="A flatmate", held_on=d("2026-11-09"))
    assert "held_on" in errors(exc)  # not in the future
    with at("2026-11-06"):
        meeting = investigation_meeting_record(
            case=case, actor=ks.investigator, interviewee="witness", person_name="A flatmate",
            held_on=d("2026-11-05"))
    assert meeting.person == "A flatmate"


def test_statement_is_not_used_without_the_persons_agreement(case, ks):
    with at("2026-11-06"):
        meeting = meet_student(case, ks.investigator)
        statement = statement_record(case=case, actor=ks.investigator, meeting=meeting,
                                     taken_on=d("2026-11-05"), text="I did not send them.")
        assert statement.given_by == "respondent"
        assert statement.agreement == Statement.Agreement.PENDING
        with pytest.raises(ValidationError) as exc:
            investigator_report_submit(case=case, actor=ks.investigator, summary="Summary",
                                       findings="Findings", statements=[statement.pk])
        assert "not agreed it yet" in errors(exc)["statements"][0]
        statement_agreement_record(statement=statement, actor=ks.investigator,
                                   agreement="agreed", on=d("2026-11-06"),
                                   how="Signed copy returned")
        report = investigator_report_submit(case=case, actor=ks.investigator,
                                            summary="Summary", findings="Findings",
                                            statements=[statement.pk])
    assert list(report.statements.all()) == [statement]
    statement.refresh_from_db()
    assert statement.text == "I did not send them."
    assert statement.agreement_recorded_by == ks.investigator


def test_declined_statement_stays_on_file_and_is_never_relied_on(case, ks):
    with at("2026-11-06"):
        statement = statement_record(case=case, actor=ks.investigator, given_by="witness",
                                     person_name="A flatmate", taken_on=d("2026-11-05"),
                                     text="I heard shouting.")
        statement_agreement_record(statement=statement, actor=ks.investigator,
                                   agreement="declined", on=d("2026-11-06"))
        with pytest.raises(ValidationError) as exc:
            statement_agreement_record(statement=statement, actor=ks.investigator,
                                       agreement="agreed", on=d("2026-11-06"))
        assert "agreement" in errors(exc)
        with pytest.raises(ValidationError) as exc:
            investigator_report_submit(case=case, actor=ks.investigator, summary="S",
                                       findings="F", statements=[statement])
    assert "declined" in errors(exc)["statements"][0]


def test_statement_text_is_stored_encrypted(case, ks):
    from django.db import connection
    with at("2026-11-06"):
        statement = statement_record(case=case, actor=ks.investigator, given_by="respondent",
                                     taken_on=d("2026-11-05"), text="A secret account.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM cases_statement WHERE id = %s", [statement.pk])
        raw = cursor.fetchone()[0]
    assert "secret" not in raw


def test_evidence_request_is_answered_once(case, ks):
    with at("2026-11-06"):
        request = evidence_request_create(case=case, actor=ks.investigator,
                                          what="CCTV of the hall entrance",
                                          from_whom="Residences security",
                                          requested_on=d("2026-11-06"), due_on=d("2026-11-13"))
    with at("2026-11-10"):
        with pytest.raises(ValidationError) as exc:
            evidence_request_answer(request=request, actor=ks.investigator, status="received",
                                    on=d("2026-11-05"))
        assert "on" in errors(exc)
        evidence_request_answer(request=request, actor=ks.investigator, status="refused",
                                on=d("2026-11-10"), note="Footage overwritten after 7 days.")
        with pytest.raises(ValidationError) as exc:
            evidence_request_answer(request=request, actor=ks.investigator,
                                    status="received", on=d("2026-11-10"))
    assert "status" in errors(exc)
    request.refresh_from_db()
    assert request.status == "refused"


def test_submitted_investigator_report_cannot_be_changed(case, ks):
    with at("2026-11-10"):
        first = investigator_report_submit(case=case, actor=ks.investigator,
                                           summary="First summary", findings="First findings")
        with pytest.raises(ValidationError) as exc:
            investigator_report_submit(case=case, actor=ks.investigator,
                                       summary="Second", findings="Second findings")
        assert "revision_reason" in errors(exc)
    with at("2026-11-12"):
        second = investigator_report_submit(case=case, actor=ks.investigator,
                                            summary="Second", findings="Second findings",
                                            revision_reason="A late witness statement.")
    first.refresh_from_db()
    assert (first.version, first.summary, first.findings) == (1, "First summary",
                                                              "First findings")
    assert (second.version, second.supersedes) == (2, first)
    assert second.submitted_on == d("2026-11-12")
    # Submitted to the case's decision maker (recorded on the case when they decided intake).
    assert first.submitted_to == ks.secretary
    assert InvestigatorReport.objects.for_institution(case.institution_id).count() == 2


def test_unassigned_investigator_may_not_record_the_investigation(case, ks, kingsway):
    from .conftest import qualified
    other = qualified(kingsway, "investigator", email="inv2@kingsway.test")
    with at("2026-11-06"), pytest.raises(PermissionDenied):
        meet_student(case, other)
    with at("2026-11-06"), pytest.raises(PermissionDenied):
        meet_student(case, ks.caseworker)
    assert not Meeting.objects.for_institution(case.institution_id).exists()


def test_investigator_needs_current_training_000_s1b(case, ks, kingsway):
    membership = Membership.objects.for_institution(kingsway).get(user=ks.investigator)
    Completion.objects.for_institution(kingsway).filter(
        learner__membership=membership, module__purpose=SPECIALIST).update(
        expires_on=d("2026-11-04"))
    with at("2026-11-06"), pytest.raises(PermissionDenied, match="without current specialist"):
        meet_student(case, ks.investigator)
    assert not Meeting.objects.for_institution(case.institution_id).exists()


def test_investigator_who_declares_a_relationship_with_a_party_may_not_act_s39(case, ks,
                                                                                kingsway):
    """A relationship declared after the appointment stops the investigator acting: the
    conflict check is made at every action."""
    RelationshipDeclaration.objects.create(
        institution=kingsway, declarer=ks.investigator, person_name="Sam Reporter",
        person_student_id="20269999", nature=RelationshipDeclaration.Nature.PERSONAL)
    with at("2026-11-06"), pytest.raises(PermissionDenied, match="declared a personal"):
        meet_student(case, ks.investigator)


def test_decision_maker_may_investigate_themselves_s39(case, ks):
    with at("2026-11-06"):
        meeting = meet_student(case, ks.secretary)
    assert meeting.recorded_by == ks.secretary


def test_paused_investigation_records_nothing(case, ks):
    with at("2026-11-05"):
        case_pause(case=case, actor=ks.secretary, reason="police", detail="Police inquiry")
    with at("2026-11-06"), pytest.raises(TransitionError):
        meet_student(case, ks.investigator)


def test_allegation_notice_invites_the_student_to_respond_s28_s41(
        case, ks, django_capture_on_commit_callbacks):
    with on("2026-11-06", django_capture_on_commit_callbacks):
        with pytest.raises(ValidationError) as exc:
            allegation_notice_issue(case=case, actor=ks.investigator, particulars="")
        assert {"particulars", "respond_by"} <= set(errors(exc))
        issued = allegation_notice_issue(
            case=case, actor=ks.investigator,
            particulars="Sending repeated abusive messages to another student, in breach of "
                        "§24.6 of the Code.",
            respond_by=d("2026-11-20"), meeting_on=d("2026-11-18"), meeting_place="Room 1.01")
    assert [letter.recipient_key for letter in issued] == ["respondent"]  # to the student only
    [letter] = letters(case, LetterKind.ALLEGATION_NOTICE)
    html = letter_html(letter)
    assert "Sending repeated abusive messages" in html
    assert "20 November 2026" in html
    assert "silent observer" in html
    assert "reasonable adjustment" in html
    assert AuditEvent.objects.for_institution(case.institution_id).filter(
        action="case.allegation_notice_issued").exists()


def test_informal_officer_sends_the_notice_at_the_informal_stage_s28(
        kingsway, ks, django_capture_on_commit_callbacks):
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_informal(kingsway, ks)
        allegation_notice_issue(case=case, actor=ks.officer, particulars="Unwanted remarks.",
                                respond_by=d("2026-11-10"))
    [letter] = letters(case, LetterKind.ALLEGATION_NOTICE)
    assert letter.context["extra"]["investigator"] == kingsway.role_label(
        "informal_resolution_officer")


def test_midshire_notice_names_the_standing_together_caseworker_004(
        midshire, ms, django_capture_on_commit_callbacks):
    from institutions.models import RoleLabel
    RoleLabel.objects.for_institution(midshire).update_or_create(
        institution=midshire, role="support_caseworker",
        defaults={"label": "Standing Together caseworker"})
    midshire._role_labels = None
    with on("2026-11-03", django_capture_on_commit_callbacks):
        case = to_investigation(midshire, ms)
        allegation_notice_issue(case=case, actor=ms.investigator, particulars="Alleged.",
                                respond_by=d("2026-11-10"))
    [letter] = letters(case, LetterKind.ALLEGATION_NOTICE)
    assert "your Standing Together caseworker" in letter_html(letter)
