"""Submitting a disclosure or report, anonymously or named, from the step-by-step form (via a
draft) or the public API (all at once)."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.roles import Role
from accounts.selectors import members_with_role
from core.crypto import decrypt_bytes
from core.references import next_number
from core.uploads import CheckedUpload
from institutions.procedure import Rule
from institutions.services.deadlines import deadline_plan, deadline_register_planned
from outbox.mail import mail_send
from outbox.services import outbox_enqueue_many

from ..models import (
    InvolvedPerson,
    Report,
    ReportCategory,
    ReportCounter,
    ReportDraft,
    ReportDraftFile,
    ReportEvidence,
    ReportingSettings,
)
from ..secrets import draft_hmac, draft_token_new, match_key, receipt_hmac, receipt_new
from .common import record, reporter_uploads, store_encrypted, today

FIELDS = (
    "reporter_role", "perspective", "categories", "when", "incident_date", "location",
    "location_detail", "involved", "narrative", "wants", "anonymous", "contact_name",
    "contact_email", "contact_phone", "contact_student_id", "preferred_contact",
)
WANTS = ("support", "information", "formal_report")


@dataclass(frozen=True)
class Submitted:
    report: Report
    receipt: str | None  # shown once to an anonymous reporter, never stored
    first_contact_due: dt.date | None = None  # when the team aims to reply or make contact


def validate(institution, data: dict) -> dict:
    """Check a whole submission; returns it cleaned, or raises ValidationError by field."""
    problems: dict[str, str] = {}
    clean: dict = {}

    def choice(name, choices, message):
        value = data.get(name) or ""
        if value not in choices.values:
            problems[name] = message
        clean[name] = value

    choice("reporter_role", Report.ReporterRole, "Tell us who you are, or choose 'I'd rather "
           "not say'.")
    clean["perspective"] = data.get("perspective") or Report.Perspective.SELF
    if clean["perspective"] not in Report.Perspective.values:
        problems["perspective"] = "Choose one of the options."
    codes = list(data.get("categories") or [])
    known = {c.code: c for c in ReportCategory.objects.for_institution(institution)
             .filter(is_active=True)}
    if not codes:
        problems["categories"] = "Choose at least one thing that describes what happened."
    elif any(c not in known for c in codes):
        problems["categories"] = "Choose from the list."
    clean["categories"] = [known[c] for c in codes if c in known]
    choice("when", Report.When, "Tell us roughly when it happened, or choose 'I'm not sure'.")
    clean["incident_date"] = _date(data.get("incident_date"), problems, "incident_date")
    if clean["incident_date"] and clean["incident_date"] > today():
        problems["incident_date"] = "The date cannot be in the future."
    choice("location", Report.Location, "Tell us where it happened, or choose 'Somewhere "
           "else'.")
    clean["location_detail"] = (data.get("location_detail") or "").strip()[:500]
    clean["narrative"] = (data.get("narrative") or "").strip()[:20000]
    clean["involved"] = []
    for index, person in enumerate(data.get("involved") or []):
        if not any((person.get(k) or "").strip() for k in ("name", "student_id", "email",
                                                            "description")):
            continue
        role = person.get("role") or InvolvedPerson.Role.UNKNOWN
        if role not in InvolvedPerson.Role.values:
            problems[f"involved.{index}.role"] = "Choose one of the options."
        email = (person.get("email") or "").strip()
        if email and "@" not in email:
            problems[f"involved.{index}.email"] = "Enter an email address like name@example.org."
        clean["involved"].append({k: (person.get(k) or "").strip()[:300] for k in
                                  ("name", "student_id", "email", "description")} |
                                 {"role": role})
    wants = list(data.get("wants") or [])
    if not wants:
        problems["wants"] = "Tell us what you would like: support, information, or to make a " \
                            "formal report."
    elif any(w not in WANTS for w in wants):
        problems["wants"] = "Choose from the list."
    clean["wants"] = wants
    anonymous = data.get("anonymous")
    if anonymous in ("true", "1", "yes", True):
        clean["anonymous"] = True
    elif anonymous in ("false", "0", "no", False):
        clean["anonymous"] = False
    else:
        problems["anonymous"] = "Choose whether to stay anonymous or leave your contact details."
        clean["anonymous"] = None
    for key in ("contact_name", "contact_email", "contact_phone", "contact_student_id"):
        clean[key] = (data.get(key) or "").strip()[:200]
    clean["preferred_contact"] = data.get("preferred_contact") or ""
    if clean["anonymous"] is False:
        if not clean["contact_name"]:
            problems["contact_name"] = "Tell us your name, so we can contact you."
        method = clean["preferred_contact"]
        if method not in Report.ContactMethod.values:
            problems["preferred_contact"] = "Choose how you would like us to contact you."
        if clean["contact_email"] and "@" not in clean["contact_email"]:
            problems["contact_email"] = "Enter an email address like name@example.org."
        if method == Report.ContactMethod.PHONE and not clean["contact_phone"]:
            problems["contact_phone"] = "Give a phone number, or choose another way to contact " \
                                        "you."
        elif method != Report.ContactMethod.PHONE and not clean["contact_email"] \
                and not clean["contact_phone"]:
            problems["contact_email"] = "Give an email address or a phone number so we can " \
                                        "arrange this."
    elif clean["anonymous"] is True:
        for key in ("contact_name", "contact_email", "contact_phone", "contact_student_id"):
            clean[key] = ""  # an anonymous report keeps no contact details
        clean["preferred_contact"] = ""
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    return clean


def _date(value, problems, name):
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems[name] = "Enter a real date, for example 2026-11-20, or leave it empty."
        return None


def report_submit(*, institution, data: dict, files=(), draft: ReportDraft | None = None
                  ) -> Submitted:
    """Keep a submission, its follow-ups (the first-contact deadline, the team's email through
    the outbox) and its audit events in one transaction.

    The reference ("R-2026-0042") comes from the institution's counter row, locked until this
    transaction commits so that numbers have no gaps: every other submission to the institution
    waits for it from then on. So everything that does not need the reference is done first
    (the reads, the calendar, the report's rows under a provisional reference that nobody else
    can see), and the number is taken last: only the reference itself, the events and the mail
    that state it, and the commit are done under the lock.

    The files are checked (core.uploads) before the transaction opens: a refused file leaves
    nothing behind, and the audit event of an infected one is not rolled back with it."""
    uploads = reporter_uploads(files, institution=institution)
    return _report_submit(institution=institution, data=data, uploads=uploads, draft=draft)


@transaction.atomic
def _report_submit(*, institution, data: dict, uploads: list[CheckedUpload],
                   draft: ReportDraft | None) -> Submitted:
    clean = validate(institution, data)
    draft_files = list(draft.files.all()) if draft is not None else []
    if len(uploads) + len(draft_files) > settings.REPORT_MAX_FILES:
        raise ValidationError({"files": [f"You can add up to {settings.REPORT_MAX_FILES} "
                                         "files."]})
    submitted_on = today()
    first_contact_plan = deadline_plan(institution=institution,
                                       rule=Rule.SUPPORT_FIRST_CONTACT, cohort="standard",
                                       start=submitted_on)
    report = Report(
        institution=institution, reference=_provisional_reference(),
        reporter_role=clean["reporter_role"], perspective=clean["perspective"],
        when=clean["when"], incident_date=clean["incident_date"], location=clean["location"],
        location_detail=clean["location_detail"], narrative=clean["narrative"],
        wants_support="support" in clean["wants"],
        wants_information="information" in clean["wants"],
        wants_formal_report="formal_report" in clean["wants"],
        is_anonymous=clean["anonymous"], contact_name=clean["contact_name"],
        contact_email=clean["contact_email"], contact_phone=clean["contact_phone"],
        contact_student_id=clean["contact_student_id"],
        preferred_contact=clean["preferred_contact"], submitted_on=submitted_on)
    # Every reporter gets a receipt: an anonymous one can come back with nothing else, and a
    # named one can use it too if they prefer not to wait for contact.
    receipt = receipt_new()
    report.receipt_hmac = receipt_hmac(institution.pk, receipt.replace("-", ""))
    report.save()
    Report.categories.through.objects.bulk_create(
        [Report.categories.through(report=report, reportcategory=category)
         for category in clean["categories"]])
    InvolvedPerson.objects.bulk_create([
        InvolvedPerson(
            institution=institution, report=report, name=person["name"],
            student_id=person["student_id"], email=person["email"], role=person["role"],
            description=person["description"],
            student_id_key=match_key(institution.pk, "sid", person["student_id"]),
            email_key=match_key(institution.pk, "email", person["email"]))
        for person in clean["involved"]])
    for upload in uploads:
        _evidence(report, upload.data, upload.content_type, upload.name)
    for draft_file in draft_files:
        with draft_file.file.open("rb") as handle:
            data_bytes = decrypt_bytes(handle.read())
        _evidence(report, data_bytes, draft_file.content_type, draft_file.original_name)
    if draft is not None:
        draft_discard(draft=draft)

    # From here the institution's counter is locked until commit.
    report.reference = _next_reference(institution, submitted_on.year)
    report.save(update_fields=["reference"])
    record(report, "report.submitted", reporter=True, reference=report.reference,
           anonymous=report.is_anonymous, categories=[c.code for c in clean["categories"]],
           files=len(uploads) + len(draft_files))
    first_contact = None
    if first_contact_plan is not None:
        first_contact = deadline_register_planned(
            institution=institution, subject=report, plan=first_contact_plan,
            purpose="First contact with the reporter" if not report.is_anonymous
            else "First reply on the follow-up page",
            responsible_role=Role.SUPPORT_CASEWORKER, anonymous=report.is_anonymous)
    _notify_team(report)
    return Submitted(report, receipt, first_contact.due_date if first_contact else None)


def _evidence(report: Report, data: bytes, mime: str, name: str) -> ReportEvidence:
    evidence = ReportEvidence(institution=report.institution, report=report,
                              original_name=name[-255:], content_type=mime, size=len(data),
                              added_on=today(), from_reporter=True)
    evidence.sha256 = store_encrypted(evidence.file, name, data)
    evidence.save()
    return evidence


def _provisional_reference() -> str:
    """Unique until the real reference replaces it in the same transaction; never committed."""
    return f"pending-{secrets.token_hex(10)}"


def _next_reference(institution, year: int) -> str:
    return f"R-{year}-{next_number(ReportCounter, institution, year):04d}"


#: The outbox kind of the team's "new disclosure" email (reporting/outbox_handlers.py).
NEW_DISCLOSURE = "reporting.new_disclosure"


def _team_recipients(institution) -> list[str]:
    """Who is told of a new disclosure: the team's address, else every support caseworker."""
    team_address = ReportingSettings.of(institution).first_contact_email
    return [team_address] if team_address else list(
        members_with_role(institution=institution, role=Role.SUPPORT_CASEWORKER)
        .values_list("user__email", flat=True))


def _notify_team(report: Report) -> None:
    """Tell the caseworkers a disclosure arrived: no details, only that there is one. Through
    the outbox, so that a mail server that is down cannot cost the reporter their receipt; the
    relay addresses it when it sends it (:func:`new_disclosure_send`), so the reporter's request
    does not look the team up. Written without reading the message back (nothing here uses
    it): one statement."""
    outbox_enqueue_many(kind=NEW_DISCLOSURE, institution=report.institution, messages=[
        (f"report:{report.pk}:new-disclosure",
         {"reference": report.reference, "anonymous": report.is_anonymous})])


def new_disclosure_send(message) -> None:
    """Send the email :func:`_notify_team` queued (to nobody when the team has no address and
    no support caseworker)."""
    from institutions.models import Institution

    institution = Institution.objects.get(pk=message.institution_id)
    recipients = [address for address in _team_recipients(institution) if address]
    if not recipients:
        return
    payload = message.payload
    body = (f"A new {'anonymous ' if payload['anonymous'] else ''}disclosure "
            f"({payload['reference']}) has been received. Sign in to read it.")
    mail_send(key=message.key, to=recipients,
              subject=f"[{institution.name}] New disclosure received", body=body)


# -- drafts: the step-by-step form ----------------------------------------------------------
def draft_start(*, institution) -> tuple[ReportDraft, str]:
    token = draft_token_new()
    draft = ReportDraft.objects.create(institution=institution, token_hmac=draft_hmac(token))
    return draft, token


def draft_get(*, institution, token: str | None) -> ReportDraft | None:
    if not token:
        return None
    return ReportDraft.objects.for_institution(institution).filter(
        token_hmac=draft_hmac(token)).first()


def draft_data(draft: ReportDraft) -> dict:
    return json.loads(draft.data or "{}")


def draft_update(*, draft: ReportDraft, values: dict) -> dict:
    data = draft_data(draft)
    data.update(values)
    draft.data = json.dumps(data, default=str)
    draft.save(update_fields=["data", "updated_at"])
    return data


def draft_add_file(*, draft: ReportDraft, uploaded_file) -> ReportDraftFile:
    if draft.files.count() >= settings.REPORT_MAX_FILES:
        raise ValidationError({"files": [f"You can add up to {settings.REPORT_MAX_FILES} "
                                         "files."]})
    (upload,) = reporter_uploads([uploaded_file], institution=draft.institution)
    draft_file = ReportDraftFile(institution=draft.institution, draft=draft,
                                 original_name=upload.name, content_type=upload.content_type,
                                 size=upload.size)
    draft_file.sha256 = store_encrypted(draft_file.file, upload.name, upload.data)
    draft_file.save()
    return draft_file


def draft_remove_file(*, draft: ReportDraft, file_id: int) -> None:
    for draft_file in draft.files.filter(pk=file_id):
        draft_file.file.delete(save=False)
        draft_file.delete()


def draft_discard(*, draft: ReportDraft) -> None:
    for draft_file in draft.files.all():
        draft_file.file.delete(save=False)
    draft.delete()

