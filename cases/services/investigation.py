"""The investigation file (002 §28, §39-44, §11, §56-57; 004 "the investigation process").

* Meetings with the reporting party, witnesses and the respondent: who attended, the
  companion (a friend, a Students' Union adviser, the support caseworker) who observes
  silently, representation only in exceptional circumstances such as a reasonable adjustment
  (§28, §42), and the adjustments made (§11, §56-57). The respondent is told beforehand of the
  right to be accompanied (§42).
* Statements, encrypted, used only once the person has agreed them (004: witnesses are
  recorded "if they agree to be involved"); a declined statement stays on file, unused.
* Requests for evidence (§43) and their answers.
* The investigator's report, submitted to the decision maker (§39); a submitted report never
  changes, a revision is a new version.
* The respondent's notice of the allegation and invitation to respond (§28, §41), a letter.

Who may act is each action's policy (cases/policies.py: ``investigation_record``,
``investigation_report``, ``allegation_notice``); every change is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.roles import Role
from letters.rendering import human_date

from ..models import (
    Case,
    CaseAssignment,
    CaseRole,
    EvidenceDocument,
    EvidenceRequest,
    Interviewee,
    InvestigationMeeting,
    InvestigatorReport,
    Letter,
    LetterKind,
    Party,
    Statement,
)
from ..policies import CaseState, enforce, may_read_investigation
from .common import ensure_decision_maker, lock, record
from .letters import letter_issue

__all__ = [
    "InvestigationFile", "allegation_notice_issue", "companion_words",
    "evidence_request_answer", "evidence_request_create", "investigation_file",
    "investigation_meeting_record", "investigator_report_submit",
    "statement_agreement_record", "statement_record",
]

Meeting = InvestigationMeeting


# -- shared checks ------------------------------------------------------------------------------
def _act(key: str, case: Case, actor) -> CaseState:
    """Enforce the action's policy; a decision maker investigating is recorded on the case as
    its decision maker (the conflict checks of later stages see it)."""
    state = enforce(key, case=case, actor=actor)
    if not state.holds(CaseRole.INVESTIGATOR, CaseRole.INFORMAL_OFFICER) \
            and state.has(Role.DECISION_MAKER):
        ensure_decision_maker(actor, case)
    return state


def _not_future(errors: dict, field: str, value: dt.date | None, what: str) -> None:
    if value is not None and value > timezone.localdate():
        errors[field] = [f"{what} cannot be in the future."]


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _party(case: Case, party, errors: dict, field: str = "party") -> Party | None:
    if party in (None, ""):
        return None
    pk = party.pk if isinstance(party, Party) else party
    try:
        return Party.objects.for_institution(case.institution_id).get(case=case, pk=int(pk))
    except (Party.DoesNotExist, ValueError, TypeError):
        errors[field] = ["Choose a party to this case."]
        return None


def _who(case: Case, kind: str, party, person_name: str, errors: dict,
         field: str = "interviewee") -> Party | None:
    """The person a meeting or statement is with: the respondent, a reporting party on the
    case, or a witness on the case or named."""
    if kind not in Interviewee.values:
        errors[field] = ["Choose the reporting party, a witness or the reported student."]
        return None
    found = _party(case, party, errors)
    if kind == Interviewee.RESPONDENT:
        if found is not None or person_name.strip():
            errors["party"] = ["A meeting with the reported student names no other person."]
        return None
    if found is not None and found.kind != kind:
        errors["party"] = [f"{found.name} is not a {Interviewee(kind).label.lower()} on this "
                           "case."]
    if kind == Interviewee.REPORTING_PARTY and found is None and "party" not in errors:
        errors["party"] = ["Choose the reporting party."]
    if kind == Interviewee.WITNESS and found is None and not person_name.strip() \
            and "party" not in errors:
        errors["person_name"] = ["Choose a witness on the case, or give the witness's name."]
    return found


def companion_words(institution) -> str:
    """Whom the student may bring, in the institution's words (§42; 004: "a friend or your
    Standing Together caseworker")."""
    caseworker = institution.role_label(Role.SUPPORT_CASEWORKER)
    return f"a friend, a Students' Union adviser or your {caseworker}"


# -- meetings -----------------------------------------------------------------------------------
@transaction.atomic
def investigation_meeting_record(
    *, case: Case, actor, interviewee: str, held_on: dt.date, party=None,
    person_name: str = "", status: str = Meeting.Status.HELD, attendees: str = "",
    told_of_right_to_be_accompanied: bool = False, companion: str = Meeting.Companion.NONE,
    companion_name: str = "", companion_role: str = "", representation_reason: str = "",
    adjustments: str = "", notes: str = "",
) -> InvestigationMeeting:
    """Record a meeting of the investigation (§41-43). The reported student must have been
    told of their right to be accompanied (§42). Anyone met may bring a companion, who attends
    as a silent observer; speaking for them is permitted only in exceptional circumstances,
    such as a reasonable adjustment, with the reason recorded (§28, §42). Reasonable
    adjustments are recorded with the meeting (§11, §56-57)."""
    case = lock(case)
    _act("investigation_record", case, actor)
    errors: dict = {}
    found = _who(case, interviewee, party, person_name, errors)
    if status not in Meeting.Status.values:
        errors["status"] = ["Choose whether the meeting was held."]
    _not_future(errors, "held_on", held_on, "The date of the meeting")
    if interviewee == Interviewee.RESPONDENT and not told_of_right_to_be_accompanied:
        errors["told_of_right_to_be_accompanied"] = [
            "The student must be told of their right to be accompanied to any meeting of the "
            "investigation (§42). Tell them, and record the meeting once they have been."]
    companion = companion or Meeting.Companion.NONE
    if companion not in Meeting.Companion.values:
        errors["companion"] = ["Choose who came with them, or nobody."]
    elif companion == Meeting.Companion.NONE:
        companion_name, companion_role, representation_reason = "", "", ""
    else:
        companion_role = companion_role or Meeting.CompanionRole.SILENT_OBSERVER
        if companion_role not in Meeting.CompanionRole.values:
            errors["companion_role"] = ["Choose whether the companion observed silently."]
        elif companion_role == Meeting.CompanionRole.REPRESENTATIVE \
                and not representation_reason.strip():
            errors["representation_reason"] = [
                "A companion observes silently. Say what exceptional circumstance (such as a "
                "reasonable adjustment) led you to permit them to speak (§28, §42)."]
        if companion_role == Meeting.CompanionRole.SILENT_OBSERVER:
            representation_reason = ""
    _raise(errors)
    meeting = Meeting.objects.create(
        institution=case.institution, case=case, interviewee=interviewee, party=found,
        person_name=person_name.strip() if interviewee == Interviewee.WITNESS and found is None
        else "", held_on=held_on, status=status, attendees=attendees.strip(),
        told_of_right_to_be_accompanied=bool(told_of_right_to_be_accompanied),
        companion=companion, companion_name=companion_name.strip(),
        companion_role=companion_role, representation_reason=representation_reason.strip(),
        adjustments=adjustments.strip(), notes=notes.strip(), recorded_by=actor)
    record(case, actor, "investigation.meeting_recorded", meeting=meeting.pk,
           interviewee=interviewee, held_on=held_on.isoformat(), status=status,
           companion=companion, companion_role=companion_role,
           adjustments=bool(meeting.adjustments))
    return meeting


# -- statements ---------------------------------------------------------------------------------
@transaction.atomic
def statement_record(*, case: Case, actor, given_by: str = "", taken_on: dt.date, text: str,
                     meeting=None, party=None, person_name: str = "") -> Statement:
    """Record a statement, encrypted. It waits for the person's agreement before it may be
    relied on (004: "if they agree to be involved")."""
    case = lock(case)
    _act("investigation_record", case, actor)
    errors: dict = {}
    found_meeting = None
    if meeting not in (None, ""):
        pk = meeting.pk if isinstance(meeting, Meeting) else meeting
        found_meeting = Meeting.objects.for_institution(case.institution_id).filter(
            case=case, pk=pk if str(pk).isdigit() else 0).first()
        if found_meeting is None:
            errors["meeting"] = ["Choose a meeting of this investigation."]
        else:
            given_by = given_by or found_meeting.interviewee
            party = party if party not in (None, "") else found_meeting.party_id
            person_name = person_name or found_meeting.person_name
    if not given_by:
        errors["given_by"] = ["Choose whose statement it is."]
        found = None
    else:
        found = _who(case, given_by, party, person_name, errors, field="given_by")
    if found_meeting is not None and given_by != found_meeting.interviewee:
        errors["meeting"] = ["That meeting was with someone else."]
    if not (text or "").strip():
        errors["text"] = ["Enter the statement."]
    _not_future(errors, "taken_on", taken_on, "The date the statement was taken")
    _raise(errors)
    statement = Statement.objects.create(
        institution=case.institution, case=case, meeting=found_meeting, given_by=given_by,
        party=found, person_name=person_name.strip() if given_by == Interviewee.WITNESS
        and found is None else "", taken_on=taken_on, text=text.strip(), recorded_by=actor)
    record(case, actor, "investigation.statement_recorded", statement=statement.pk,
           given_by=given_by, taken_on=taken_on.isoformat())
    return statement


@transaction.atomic
def statement_agreement_record(*, statement: Statement, actor, agreement: str, on: dt.date,
                               how: str = "") -> Statement:
    """Record that the person agreed their statement (it may now be relied on) or declined
    (it stays on file, never used). Recorded once."""
    case = lock(statement.case)
    enforce("investigation_record", case=case, actor=actor)
    statement = Statement.objects.for_institution(case.institution_id).select_for_update(
        of=("self",)).get(pk=statement.pk, case=case)
    errors: dict = {}
    if statement.agreement != Statement.Agreement.PENDING:
        errors["agreement"] = [f"The person's answer is already recorded: "
                               f"{statement.get_agreement_display().lower()}."]
    elif agreement not in (Statement.Agreement.AGREED, Statement.Agreement.DECLINED):
        errors["agreement"] = ["Choose whether the person agreed the statement."]
    _not_future(errors, "on", on, "The date of their answer")
    if on is not None and on < statement.taken_on and "on" not in errors:
        errors["on"] = ["The answer cannot come before the statement was taken."]
    _raise(errors)
    statement.agreement = agreement
    statement.agreement_on = on
    statement.agreement_how = how.strip()
    statement.agreement_recorded_by = actor
    statement.save(update_fields=["agreement", "agreement_on", "agreement_how",
                                  "agreement_recorded_by"])
    record(case, actor, "investigation.statement_agreement", statement=statement.pk,
           agreement=agreement, on=on.isoformat())
    return statement


# -- evidence requests --------------------------------------------------------------------------
@transaction.atomic
def evidence_request_create(*, case: Case, actor, what: str, from_whom: str,
                            requested_on: dt.date, due_on: dt.date | None = None
                            ) -> EvidenceRequest:
    """Ask someone for documents or other evidence (§43)."""
    case = lock(case)
    _act("investigation_record", case, actor)
    errors: dict = {}
    if not what.strip():
        errors["what"] = ["Say what evidence is asked for."]
    if not from_whom.strip():
        errors["from_whom"] = ["Say whom it is asked from."]
    _not_future(errors, "requested_on", requested_on, "The date of the request")
    if due_on is not None and requested_on is not None and due_on < requested_on:
        errors["due_on"] = ["The reply cannot be due before the request was made."]
    _raise(errors)
    request = EvidenceRequest.objects.create(
        institution=case.institution, case=case, what=what.strip(),
        from_whom=from_whom.strip(), requested_on=requested_on, due_on=due_on,
        requested_by=actor)
    record(case, actor, "investigation.evidence_requested", request=request.pk,
           what=request.what, from_whom=request.from_whom)
    return request


@transaction.atomic
def evidence_request_answer(*, request: EvidenceRequest, actor, status: str, on: dt.date,
                            note: str = "", document=None) -> EvidenceRequest:
    """Record the reply to a request: the evidence received (optionally the document added to
    the case file) or the request refused. Recorded once."""
    case = lock(request.case)
    enforce("investigation_record", case=case, actor=actor)
    request = EvidenceRequest.objects.for_institution(case.institution_id).select_for_update(
        of=("self",)).get(pk=request.pk, case=case)
    errors: dict = {}
    if request.status != EvidenceRequest.Status.OPEN:
        errors["status"] = [f"The reply is already recorded: "
                            f"{request.get_status_display().lower()}."]
    elif status not in (EvidenceRequest.Status.RECEIVED, EvidenceRequest.Status.REFUSED):
        errors["status"] = ["Choose whether the evidence was received or refused."]
    _not_future(errors, "on", on, "The date of the reply")
    if on is not None and on < request.requested_on and "on" not in errors:
        errors["on"] = ["The reply cannot come before the request."]
    found = None
    if document not in (None, ""):
        pk = document.pk if isinstance(document, EvidenceDocument) else document
        found = EvidenceDocument.objects.for_institution(case.institution_id).filter(
            case=case, pk=pk if str(pk).isdigit() else 0).first()
        if found is None:
            errors["document"] = ["Choose a document on this case file."]
    _raise(errors)
    request.status = status
    request.answered_on = on
    request.answer_note = note.strip()
    request.document = found if status == EvidenceRequest.Status.RECEIVED else None
    request.answer_recorded_by = actor
    request.save(update_fields=["status", "answered_on", "answer_note", "document",
                                "answer_recorded_by"])
    record(case, actor, "investigation.evidence_request_answered", request=request.pk,
           status=status, on=on.isoformat())
    return request


# -- the investigator's report ------------------------------------------------------------------
@transaction.atomic
def investigator_report_submit(*, case: Case, actor, summary: str, findings: str,
                               statements: Iterable = (), revision_reason: str = ""
                               ) -> InvestigatorReport:
    """Submit the investigator's report to the decision maker (§39), who decides the case on
    their consideration of its findings. It may rely only on statements the person agreed.
    A submitted report never changes: submitting again makes a new version, which says why
    it revises the last."""
    case = lock(case)
    _act("investigation_report", case, actor)
    errors: dict = {}
    if not summary.strip():
        errors["summary"] = ["Summarise the investigation."]
    if not findings.strip():
        errors["findings"] = ["Set out the findings."]
    wanted = {int(s.pk if isinstance(s, Statement) else s) for s in statements
              if str(getattr(s, "pk", s)).isdigit()}
    found = list(Statement.objects.for_institution(case.institution_id).filter(
        case=case, pk__in=wanted).select_related("case__respondent", "party"))
    if len(found) != len(wanted) or len(wanted) != len(list(statements)):
        errors["statements"] = ["Choose statements taken in this investigation."]
    unusable = [s for s in found if not s.usable]
    if unusable and "statements" not in errors:
        errors["statements"] = [
            f"The statement of {s.person} ({s.taken_on:%d %b %Y}) cannot be relied on: "
            + ("they declined it." if s.agreement == Statement.Agreement.DECLINED
               else "they have not agreed it yet.") for s in unusable]
    latest = InvestigatorReport.objects.for_institution(case.institution_id).filter(
        case=case).select_for_update(of=("self",)).order_by("-version").first()
    if latest is not None and not revision_reason.strip():
        errors["revision_reason"] = [
            f"Version {latest.version} was submitted on {latest.submitted_on:%d %b %Y} and "
            "cannot be changed. Say why this version revises it."]
    _raise(errors)
    version = (InvestigatorReport.objects.for_institution(case.institution_id)
               .filter(case=case).aggregate(v=Max("version"))["v"] or 0) + 1
    decision_maker = (CaseAssignment.objects.for_institution(case.institution_id)
                      .filter(case=case, role=CaseRole.DECISION_MAKER, ended_at__isnull=True)
                      .select_related("user").first())
    report = InvestigatorReport.objects.create(
        institution=case.institution, case=case, version=version, summary=summary.strip(),
        findings=findings.strip(), submitted_on=timezone.localdate(), submitted_by=actor,
        submitted_to=decision_maker.user if decision_maker else None, supersedes=latest,
        revision_reason=revision_reason.strip() if latest else "")
    report.statements.set(found)
    record(case, actor, "investigation.report_submitted", report=report.pk, version=version,
           statements=sorted(wanted))
    return report


# -- the notice of the allegation ---------------------------------------------------------------
@transaction.atomic
def allegation_notice_issue(*, case: Case, actor, particulars: str,
                            respond_by: dt.date | None = None,
                            meeting_on: dt.date | None = None, meeting_place: str = "",
                            contact: str = "") -> list[Letter]:
    """Tell the reported student of the allegation against them and how their behaviour is
    said to breach the expected standards, and invite them to respond (§28, §41), with their
    right to be accompanied by a silent observer (§42) and to ask for reasonable adjustments
    (§11). A letter to the student."""
    case = lock(case)
    state = _act("allegation_notice", case, actor)
    errors: dict = {}
    today = timezone.localdate()
    if not particulars.strip():
        errors["particulars"] = ["Say what is alleged and how the behaviour is said to breach "
                                 "the expected standards (§28)."]
    if respond_by is None and meeting_on is None:
        errors["respond_by"] = ["Give a date to respond by, or a meeting date: the student "
                                "must have a reasonable opportunity to respond (§28, §41)."]
    if respond_by is not None and respond_by <= today:
        errors["respond_by"] = ["The date to respond by must be after today."]
    if meeting_on is not None and meeting_on <= today:
        errors["meeting_on"] = ["The meeting must be after today."]
    _raise(errors)
    role = (Role.INVESTIGATOR if state.holds(CaseRole.INVESTIGATOR)
            else Role.INFORMAL_RESOLUTION_OFFICER if state.holds(CaseRole.INFORMAL_OFFICER)
            else Role.DECISION_MAKER)
    letters = letter_issue(case=case, kind=LetterKind.ALLEGATION_NOTICE, actor=actor, extra={
        "particulars": particulars.strip(),
        "respond_by": human_date(respond_by) if respond_by else "",
        "meeting_on": human_date(meeting_on) if meeting_on else "",
        "meeting_place": meeting_place.strip(), "contact": contact.strip(),
        "investigator": case.institution.role_label(role),
        "companion_words": companion_words(case.institution)})
    record(case, actor, "case.allegation_notice_issued",
           respond_by=respond_by.isoformat() if respond_by else "",
           meeting_on=meeting_on.isoformat() if meeting_on else "")
    return letters


# -- reading the file ---------------------------------------------------------------------------
@dataclass
class InvestigationFile:
    meetings: list[InvestigationMeeting]
    statements: list[Statement]
    requests: list[EvidenceRequest]
    reports: list[InvestigatorReport]
    notices: list[Letter]
    #: Whether this person may read statements, notes and the report (policies).
    may_read: bool


def investigation_file(case: Case, state: CaseState) -> InvestigationFile:
    """The investigation file of a case the caller may see (the caller checked need-to-know
    with ``access_case``, which recorded the read)."""
    inst = case.institution_id
    meetings = list(Meeting.objects.for_institution(inst).filter(case=case)
                    .select_related("party", "case__respondent"))
    statements = list(Statement.objects.for_institution(inst).filter(case=case)
                      .select_related("party", "case__respondent", "agreement_recorded_by"))
    requests = list(EvidenceRequest.objects.for_institution(inst).filter(case=case)
                    .select_related("document"))
    reports = list(InvestigatorReport.objects.for_institution(inst).filter(case=case)
                   .select_related("submitted_by", "submitted_to")
                   .prefetch_related("statements__party", "statements__case__respondent")
                   .order_by("-version"))
    notices = list(Letter.objects.for_institution(inst).filter(
        case=case, kind=LetterKind.ALLEGATION_NOTICE).order_by("-issued_on", "-pk"))
    return InvestigationFile(meetings, statements, requests, reports, notices,
                             may_read_investigation(state))
