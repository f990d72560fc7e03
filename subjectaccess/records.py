"""What a subject access export says about each kind of record, with other people's data
redacted. Decided per record type (UK GDPR Art. 15(4): the copy must not adversely affect the
rights of others; DPA 2018 Sch. 2 para 16, third-party data):

* **Report, as its reporter** (named, or anonymous matched by the receipt the person gave): the
  report's own fields, the narrative they wrote and the messages to and from them, in full but
  with other people's identifiers replaced by role labels; appointments, support actions and
  staff's internal notes about them as redacted copies (staff names become "[staff member]");
  people they named appear only as "[involved person N]" with the role the reporter gave; the
  files they gave are listed, not copied (their content cannot be redacted reliably).
* **Report, as a person named in it**: what the report records about them (their entry, with
  the description redacted), the report's reference and date; the reporter's narrative and
  messages are the reporter's statements: only that they exist (including them would identify
  the reporter, who may be anonymous).
* **Case, as respondent**: the case's dates, stage, allegations, summary and outcomes as
  redacted copies; their own statements in full (redacted of others); other people's statements
  only as existing (who gave it as a role label, the date, whether agreed); evidence documents
  listed by date only (titles may name others); the letters addressed to them, as the PDFs
  that were sent (already theirs: nothing in them is disclosed anew).
* **Case, as reporting party or witness**: their party record, their own statements, that other
  statements exist, and the letters addressed to them; the allegations and the respondent only
  as "[respondent]".
* **Member of staff**: their memberships and roles, the actions they took (audit events: the
  action, when, on which kind of record; payloads are left out, they name other records), and
  their training records.
* **Training roster entry**: the modules completed, when, until when, and how recorded
  ("met by exemption" says no more).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import Membership
from audit.models import AuditEvent
from cases.models import Case, CaseAssignment, Party
from cases.models import Letter as CaseLetter
from core.crypto import decrypt_bytes
from reporting.models import InvolvedPerson, Report
from training.models import Completion, Learner

from .models import SubjectAccessMatch
from .redaction import Labeller

Kind = SubjectAccessMatch.Kind


@dataclass
class Record:
    """One JSON file of the export, and the PDFs (path -> bytes) that go with it."""

    path: str
    kind: str
    data: dict
    pdfs: dict[str, bytes] = field(default_factory=dict)


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _staff(labeller: Labeller, users) -> None:
    for user in {u for u in users if u is not None}:
        labeller.add("staff member", name=user.full_name, identifiers=[user.email],
                     numbered=False)


# -- reports ------------------------------------------------------------------------------------
def _report_labeller(report: Report, *, self_involved: InvolvedPerson | None
                     ) -> tuple[Labeller, dict]:
    labeller, labels = Labeller(), {}
    if self_involved is not None and not report.is_anonymous:
        labeller.add("reporter", name=report.contact_name, numbered=False, identifiers=[
            report.contact_email, report.contact_phone, report.contact_student_id])
    for person in report.involved.all():
        if self_involved is None or person.pk != self_involved.pk:
            labels[person.pk] = labeller.add("involved person", name=person.name,
                                             identifiers=[person.email, person.student_id])
    _staff(labeller, [report.assignee, *(m.author for m in report.messages.all()),
                      *(n.author for n in report.notes.all())])
    return labeller, labels


def report_as_reporter(report: Report) -> Record:
    labeller, labels = _report_labeller(report, self_involved=None)
    redact = labeller.redactor()
    involved = [{"label": labels[p.pk],
                 "role": p.get_role_display(), "description": redact(p.description)}
                for p in report.involved.all()]
    data = {
        "record": "report", "your_role": "reporter", "reference": report.reference,
        "submitted_on": _day(report.submitted_on), "status": report.get_status_display(),
        "anonymous": report.is_anonymous, "reporter_role": report.get_reporter_role_display(),
        "perspective": report.get_perspective_display(),
        "categories": [c.label for c in report.categories.all()],
        "when": report.get_when_display(), "incident_date": _day(report.incident_date),
        "location": report.get_location_display(),
        "location_detail": redact(report.location_detail),
        "your_narrative": redact(report.narrative),
        "wishes": {"support": report.wants_support, "information": report.wants_information,
                   "formal_report": report.wants_formal_report},
        "your_contact_details": {"name": report.contact_name, "email": report.contact_email,
                                 "phone": report.contact_phone,
                                 "student_id": report.contact_student_id},
        "people_you_named": involved,
        "messages": [{"direction": m.get_direction_display(), "sent_on": _day(m.sent_on),
                      "body": redact(m.body)} for m in report.messages.all()],
        "internal_notes": [{"written_on": _day(n.created_at.date()), "body": redact(n.body)}
                           for n in report.notes.all()],
        "appointments": [{"date": _day(a.date), "mode": a.get_mode_display(),
                          "status": a.get_status_display(), "notes": redact(a.notes)}
                         for a in report.appointments.all()],
        "support_actions": [{"done_on": _day(a.done_on), "kind": a.get_kind_display(),
                             "detail": redact(a.detail)} for a in report.actions.all()],
        "files_you_gave": [{"added_on": _day(e.added_on), "type": e.content_type,
                            "size": e.size} for e in report.evidence.all()],
    }
    return Record(f"records/report-{report.reference}-reporter.json", Kind.REPORTER, data)


def report_as_involved(person: InvolvedPerson) -> Record:
    report = person.report
    redact = _report_labeller(report, self_involved=person)[0].redactor()
    data = {
        "record": "report", "your_role": "named in the report", "reference": report.reference,
        "submitted_on": _day(report.submitted_on),
        "what_the_report_records_about_you": {
            "name": person.name, "student_id": person.student_id, "email": person.email,
            "role": person.get_role_display(), "description": redact(person.description)},
        "reporters_account": "The report holds the reporter's own account of what happened. "
        "It is their statement and is not copied here (it would identify them).",
    }
    return Record(f"records/report-{report.reference}-named-{person.pk}.json", Kind.INVOLVED,
                  data)


# -- cases --------------------------------------------------------------------------------------
def _case_labeller(case: Case, *, self_party: Party | None) -> tuple[Labeller, dict]:
    """The labeller and a label per party id (and "respondent")."""
    labeller = Labeller()
    labels: dict = {}
    if self_party is not None:
        student = case.respondent
        labels["respondent"] = labeller.add(
            "respondent", name=student.full_name, numbered=False,
            identifiers=[student.student_id, student.email, student.phone])
    for party in case.parties.all():
        if self_party is not None and party.pk == self_party.pk:
            continue
        labels[party.pk] = labeller.add(party.get_kind_display().lower(), name=party.name,
                                        identifiers=[party.email, party.phone,
                                                     party.student_id])
    for statement in case.statements.all():
        if statement.person_name and statement.party_id is None:
            labels[f"statement-{statement.pk}"] = labeller.add("witness",
                                                               name=statement.person_name)
    assignments = CaseAssignment.objects.for_institution(case.institution_id).filter(
        case=case).select_related("user")
    _staff(labeller, [case.opened_by, *(a.user for a in assignments)])
    return labeller, labels


def _statements(case: Case, redact, labels: dict, *, own) -> tuple[list, list]:
    mine, others = [], []
    for s in case.statements.all():
        if own(s):
            mine.append({"taken_on": _day(s.taken_on), "agreement": s.get_agreement_display(),
                         "text": redact(s.text)})
        else:
            who = labels.get(s.party_id) or labels.get(f"statement-{s.pk}") or (
                "[respondent]" if s.given_by == "respondent" else f"[{s.get_given_by_display()}]")
            others.append({"given_by": who, "taken_on": _day(s.taken_on),
                           "agreement": s.get_agreement_display(),
                           "text": "Withheld: another person's statement (it exists)."})
    return mine, others


def _letters(case: Case, recipient_key: str) -> dict[str, bytes]:
    found = {}
    for letter in CaseLetter.objects.for_institution(case.institution_id).filter(
            case=case, recipient_key=recipient_key, status=CaseLetter.Status.ISSUED
    ).exclude(pdf="").order_by("pk"):
        with letter.pdf.open("rb") as handle:
            found[f"letters/{case.reference}-{letter.kind}-v{letter.version}-{letter.pk}.pdf"] \
                = decrypt_bytes(handle.read())
    return found


def _case_common(case: Case, redact) -> dict:
    return {
        "record": "case", "reference": case.reference, "stage": case.get_stage_display(),
        "allegation_raised_on": _day(case.allegation_raised_on),
        "incident_date": _day(case.incident_date), "closed_on": _day(case.closed_on),
        "allegations": [{"misconduct_type": a.misconduct_type, "severity": a.severity,
                         "finding": a.get_finding_display(),
                         "description": redact(a.description)}
                        for a in case.allegations.all()],
    }


def case_as_respondent(case: Case) -> Record:
    labeller, labels = _case_labeller(case, self_party=None)
    redact = labeller.redactor()
    mine, others = _statements(case, redact, labels, own=lambda s: s.given_by == "respondent")
    data = {**_case_common(case, redact), "your_role": "respondent (reported student)",
            "summary": redact(case.summary),
            "outcomes": [{"kind": o.get_kind_display(), "result": o.get_result_display(),
                          "decided_on": _day(o.decided_on)} for o in case.outcomes.all()],
            "your_statements": mine, "other_statements": others,
            "evidence_documents": [{"added_on": _day(d.uploaded_at.date())}
                                   for d in case.documents.all()]}
    pdfs = _letters(case, "respondent")
    data["letters_to_you"] = sorted(pdfs)
    return Record(f"records/case-{case.reference}-respondent.json", Kind.RESPONDENT, data, pdfs)


def case_as_party(party: Party) -> Record:
    case = party.case
    labeller, labels = _case_labeller(case, self_party=party)
    redact = labeller.redactor()
    mine, others = _statements(case, redact, labels, own=lambda s: s.party_id == party.pk)
    data = {**_case_common(case, redact), "your_role": party.get_kind_display(),
            "your_record": {"name": party.name, "email": party.email, "phone": party.phone,
                            "student_id": party.student_id,
                            "identity_withheld_from_respondent": party.identity_withheld,
                            "notes": redact(party.notes)},
            "your_statements": mine, "other_statements": others}
    pdfs = _letters(case, f"party-{party.pk}")
    data["letters_to_you"] = sorted(pdfs)
    return Record(f"records/case-{case.reference}-{party.kind}-{party.pk}.json", Kind.PARTY,
                  data, pdfs)


# -- staff and training ------------------------------------------------------------------------
def staff_member(membership: Membership) -> Record:
    events = AuditEvent.objects.for_institution(membership.institution_id).filter(
        actor=membership.user).order_by("sequence").values_list(
        "occurred_on", "action", "object_type", "object_id")
    data = {
        "record": "membership", "your_role": "member of staff",
        "email": membership.user.email, "name": membership.user.full_name,
        "job_title": membership.job_title, "department": membership.department,
        "active": membership.is_active, "since": _day(membership.created_at.date()),
        "roles": sorted(membership.institution.role_label(r.role)
                        for r in membership.roles.all()),
        "actions_you_took": [{"on": _day(on), "action": action, "record_type": kind,
                              "record_id": pk} for on, action, kind, pk in events],
    }
    learner = Learner.objects.for_institution(membership.institution_id).filter(
        membership=membership).first()
    if learner is not None:
        data["training"] = _completions(learner)
    return Record(f"records/staff-membership-{membership.pk}.json", Kind.STAFF, data)


def _completions(learner: Learner) -> list[dict]:
    return [{"module": c.module.title,
             "completed_on": _day(c.completed_on), "expires_on": _day(c.expires_on),
             "recorded_as": c.get_source_display()}
            for c in Completion.objects.for_institution(learner.institution_id).filter(
                learner=learner).select_related("module")]


def learner(row: Learner) -> Record:
    data = {"record": "training roster", "email": row.email, "id": row.external_id,
            "name": row.full_name, "department": row.department, "cohort": row.cohort,
            "completions": _completions(row)}
    return Record(f"records/training-{row.pk}.json", Kind.LEARNER, data)


def record_for(match: SubjectAccessMatch) -> Record | None:
    inst = match.institution_id
    loaders = {
        Kind.REPORTER: (Report, report_as_reporter),
        Kind.INVOLVED: (InvolvedPerson, report_as_involved),
        Kind.RESPONDENT: (Case, case_as_respondent),
        Kind.PARTY: (Party, case_as_party),
        Kind.STAFF: (Membership, staff_member),
        Kind.LEARNER: (Learner, learner),
    }
    model, build = loaders[match.kind]
    row = model.objects.for_institution(inst).filter(pk=match.object_id).first()
    return build(row) if row is not None else None

