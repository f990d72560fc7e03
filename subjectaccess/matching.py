"""Finding the records that may be about the person of a subject access request.

Identifiers stored in clear (a case's respondent and parties, staff accounts, the training
roster) are matched in the database; those encrypted at rest (a named report's contact details,
a person named in a report) cannot be filtered there, so the reports' are decrypted and compared
here (a subject access request is rare; :func:`candidates` reads only the columns it needs),
and a person named in a report is found first by the keyed hashes kept for that purpose. An
anonymous report is found only by its receipt, if the person gives it. Every candidate is
reviewed by the handler before anything is exported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q

from accounts.models import Membership
from cases.models import Case, Party
from reporting.models import InvolvedPerson, Report
from reporting.secrets import match_key
from training.models import Learner

from .models import SubjectAccessMatch, SubjectAccessRequest

Kind = SubjectAccessMatch.Kind


@dataclass(frozen=True)
class Candidate:
    kind: str
    object_id: int
    label: str
    matched_on: str


def _norm(value: str | None) -> str:
    return " ".join((value or "").lower().split())


class _Person:
    def __init__(self, request: SubjectAccessRequest) -> None:
        self.name = _norm(request.name)
        self.email = _norm(request.email)
        self.student_id = _norm(request.student_id)

    def matched(self, *, name: str = "", email: str = "", student_id: str = "") -> str:
        """Which identifiers agree ("" if none)."""
        found = [what for what, mine, theirs in (("name", self.name, name),
                                                  ("email", self.email, email),
                                                  ("student ID", self.student_id, student_id))
                 if mine and _norm(theirs) == mine]
        return ", ".join(found)


def candidates(request: SubjectAccessRequest) -> Iterator[Candidate]:
    inst = request.institution_id
    person = _Person(request)
    reports = Report.objects.for_institution(inst)
    for report in reports.filter(is_anonymous=False).only(
            "pk", "reference", "contact_name", "contact_email", "contact_student_id").iterator():
        how = person.matched(name=report.contact_name, email=report.contact_email,
                             student_id=report.contact_student_id)
        if how:
            yield Candidate(Kind.REPORTER, report.pk, f"Report {report.reference}", how)
    if request.receipt_hmac:
        for report in reports.filter(receipt_hmac=request.receipt_hmac).only("pk", "reference"):
            yield Candidate(Kind.REPORTER, report.pk, f"Report {report.reference} (anonymous)",
                            "receipt")
    yield from _involved(request, person)
    yield from _cases(request, person)
    yield from _staff(request, person)


def _involved(request, person: _Person) -> Iterator[Candidate]:
    inst = request.institution_id
    keys = Q(pk__in=[])
    if person.student_id:
        keys |= Q(student_id_key=match_key(inst, "student_id", person.student_id))
    if person.email:
        keys |= Q(email_key=match_key(inst, "email", person.email))
    rows = InvolvedPerson.objects.for_institution(inst).select_related("report").only(
        "pk", "name", "email", "student_id", "report__reference")
    seen = set()
    for row in rows.filter(keys):
        seen.add(row.pk)
        how = person.matched(name=row.name, email=row.email, student_id=row.student_id)
        yield Candidate(Kind.INVOLVED, row.pk, f"Named in report {row.report.reference}",
                        how or "keyed hash")
    if person.name:  # named without an ID or email: compare the decrypted names
        for row in rows.exclude(pk__in=seen).iterator():
            if person.matched(name=row.name):
                yield Candidate(Kind.INVOLVED, row.pk,
                                f"Named in report {row.report.reference}", "name")


def _name_q(person: _Person, given: str, family: str) -> Q:
    parts = person.name.split(" ")
    if len(parts) < 2:
        return Q(pk__in=[])
    return Q(**{f"{given}__iexact": parts[0], f"{family}__iexact": " ".join(parts[1:])})


def _cases(request, person: _Person) -> Iterator[Candidate]:
    inst = request.institution_id
    wanted = _name_q(person, "respondent__given_name", "respondent__family_name")
    if person.email:
        wanted |= Q(respondent__email__iexact=person.email)
    if person.student_id:
        wanted |= Q(respondent__student_id__iexact=person.student_id)
    for case in Case.objects.for_institution(inst).filter(wanted).select_related("respondent"):
        student = case.respondent
        how = person.matched(name=student.full_name, email=student.email,
                             student_id=student.student_id)
        yield Candidate(Kind.RESPONDENT, case.pk, f"Case {case.reference} (respondent)", how)
    wanted = Q(name__iexact=person.name) if person.name else Q(pk__in=[])
    if person.email:
        wanted |= Q(email__iexact=person.email)
    if person.student_id:
        wanted |= Q(student_id__iexact=person.student_id)
    for party in Party.objects.for_institution(inst).filter(wanted).select_related("case"):
        how = person.matched(name=party.name, email=party.email, student_id=party.student_id)
        yield Candidate(Kind.PARTY, party.pk,
                        f"Case {party.case.reference} ({party.get_kind_display().lower()})", how)


def _staff(request, person: _Person) -> Iterator[Candidate]:
    inst = request.institution_id
    wanted = Q(user__full_name__iexact=person.name) if person.name else Q(pk__in=[])
    if person.email:
        wanted |= Q(user__email__iexact=person.email)
    for membership in Membership.objects.for_institution(inst).filter(wanted).select_related(
            "user"):
        how = person.matched(name=membership.user.full_name, email=membership.user.email)
        yield Candidate(Kind.STAFF, membership.pk, "Membership of staff", how)
    wanted = Q(full_name__iexact=person.name) if person.name else Q(pk__in=[])
    if person.email:
        wanted |= Q(email__iexact=person.email)
    if person.student_id:
        wanted |= Q(external_id__iexact=person.student_id)
    for learner in Learner.objects.for_institution(inst).filter(wanted):
        how = person.matched(name=learner.full_name, email=learner.email,
                             student_id=learner.external_id)
        yield Candidate(Kind.LEARNER, learner.pk, "Training roster entry", how)
